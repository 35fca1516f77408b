// Scan Workspace at the service level (server/src/service/scan.ts): 1,000 generated Dockerfiles and a few daemon.json
// found by the CLI's walk, linted with progress; a cancellation stops early; unreadable, binary and too-large files and
// a failing linter are skipped with a reason; the scan yields to the event loop while it runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as scan from '../../server/src/service/scan';
import * as walk from '../../server/src/service/walk';
import { lintDaemon } from '../../server/src/daemon/service/lint';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';
import { MAX_LINT_BYTES } from '../../server/src/service/input';
import type { EffectiveConfig } from '../../server/src/rules/context';

/** Temp folders, removed when the file's tests end. */
const temps = [];
const made = (dir) => (temps.push(dir), dir);
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const BASES = [
  'node:20-alpine',
  'python:3.12-slim',
  'debian:bookworm',
  'ubuntu',
  'golang:1.23 AS build',
  'alpine:3.20',
  'nginx:latest',
  'redhat/ubi9-minimal:9.4',
];
const STEPS = [
  'RUN apt-get update && apt-get install -y curl',
  'RUN curl -fsSL https://get.example.com/install.sh | sh',
  'ADD . /app',
  'COPY . /app',
  'ENV API_TOKEN=abc123',
  'ARG NPM_TOKEN',
  'RUN chmod 777 /app',
  'EXPOSE 22',
  'RUN wget -q https://example.com/tool.tgz && tar -xzf tool.tgz',
  'HEALTHCHECK CMD ["/app/health"]',
  'USER 10001',
  'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci',
];

/** A varied Dockerfile: base, some steps and an end picked from the index. */
function dockerfile(i) {
  const lines = [`FROM ${BASES[i % BASES.length]}`];
  for (let k = 0; k < 1 + (i % 5); k++) lines.push(STEPS[(i * 7 + k * 3) % STEPS.length]);
  if (i % 3 === 0) lines.push('USER root');
  lines.push(i % 2 ? 'CMD ["/app/run"]' : 'CMD /app/run --flag');
  return lines.join('\n') + '\n';
}

function workspace() {
  const root = made(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-scan-')));
  for (let i = 0; i < 1000; i++) {
    const dir = path.join(root, `team-${i % 10}`, `svc-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, i % 4 === 0 ? `Dockerfile.${['prod', 'dev', 'ci'][i % 3]}` : 'Dockerfile'),
      dockerfile(i),
    );
    if (i % 5 === 0) fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n.env\n');
  }
  const daemons = [
    '{ "icc": true, "log-driver": "json-file" }',
    '{ "hosts": ["tcp://0.0.0.0:2375"] }',
    '{ "icc": false, "no-new-privileges": true, "userland-proxy": false }',
    '{ "seccomp-profile": "unconfined", }',
  ];
  daemons.forEach((text, i) => {
    const dir = path.join(root, 'hosts', `host-${i}`, 'etc', 'docker');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'daemon.json'), text);
  });
  // never scanned: dependency and VCS folders
  for (const skipped of ['node_modules/pkg', '.git/x', 'vendor/lib']) {
    fs.mkdirSync(path.join(root, skipped), { recursive: true });
    fs.writeFileSync(path.join(root, skipped, 'Dockerfile'), 'FROM ubuntu\n');
  }
  return root;
}

function files(root): scan.ScanFile[] {
  const { targets, problems } = walk.collectTargets([root], root);
  assert.deepEqual(problems, []);
  return targets.map((t) => ({
    path: t.file,
    kind: path.basename(t.file) === 'daemon.json' ? 'daemon' : 'dockerfile',
  }));
}

const CONFIG: EffectiveConfig = { rules: {}, trustedRegistries: [] };
const deps = (extra: Partial<scan.ScanDeps> = {}): scan.ScanDeps => ({
  read: (p) => fs.readFileSync(p, 'utf8'),
  lint: (kind, text, p) => {
    const uri = `file://${p}`;
    const result =
      kind === 'daemon'
        ? lintDaemon(text, uri, CONFIG, {})
        : lintDockerfile(text, uri, CONFIG, { dockerignore: null, today: new Date('2026-01-01') });
    assert.deepEqual(result.failures, []);
    return result.diagnostics;
  },
  ...extra,
});

test('1,000 Dockerfiles and 4 daemon.json: every file linted, progress monotonic up to the total', async (t) => {
  const root = workspace();
  const list = files(root);
  assert.equal(list.length, 1004);
  assert.ok(!list.some((f) => /node_modules|\.git|vendor/.test(f.path)), 'dependency and VCS folders are skipped');
  const progress = [];
  const started = performance.now();
  const result = await scan.scanFiles(
    list,
    deps({ onProgress: (done, total, file) => progress.push({ done, total, file }) }),
  );
  const ms = performance.now() - started;
  t.diagnostic(`scanFiles: ${result.total} files (1,000 Dockerfiles + 4 daemon.json) in ${ms.toFixed(0)} ms`);

  assert.equal(result.cancelled, false);
  assert.equal(result.done, 1004);
  assert.equal(result.total, 1004);
  assert.deepEqual(result.skipped, []);
  assert.equal(result.results.length, 1004);
  assert.equal(progress.length, 1004);
  progress.forEach((p, i) => {
    assert.equal(p.done, i + 1);
    assert.equal(p.total, 1004);
  });
  assert.equal(progress.at(-1).done, 1004);

  // the findings are the real ones, in every kind of file
  const counts = scan.countBySeverity(result.results.flatMap((r) => r.diagnostics));
  assert.ok(counts.error > 0 && counts.warning > 0 && counts.info > 0, JSON.stringify(counts));
  const ids = new Set(result.results.flatMap((r) => r.diagnostics.map((d) => d.code)));
  for (const id of [
    'root-user',
    'remote-script-piped-to-shell',
    'add-instead-of-copy',
    'image-latest-tag',
    'icc-enabled',
    'tcp-socket-without-tls',
    'seccomp-unconfined',
  ])
    assert.ok(ids.has(id), id);
  const daemonResults = result.results.filter((r) => r.kind === 'daemon');
  assert.equal(daemonResults.length, 4);
  assert.ok(daemonResults.some((r) => r.diagnostics.some((d) => d.code === 'icc-enabled')));
});

test('a cancellation after ~100 files stops the scan early', async () => {
  const list = files(workspace());
  let seen = 0;
  const result = await scan.scanFiles(
    list,
    deps({ onProgress: (done) => (seen = done), isCancelled: () => seen >= 100 }),
  );
  assert.equal(result.cancelled, true);
  assert.equal(result.done, 100);
  assert.ok(result.done < result.total);
  assert.equal(result.results.length, 100);
});

test('the scan yields to the event loop: a cancellation from a timer callback gets through', async () => {
  const list = files(workspace());
  let cancel = false;
  let doneWhenCancelled = -1;
  let done = 0;
  setImmediate(() => {
    cancel = true;
    doneWhenCancelled = done;
  });
  const result = await scan.scanFiles(list, deps({ onProgress: (d) => (done = d), isCancelled: () => cancel }));
  assert.equal(result.cancelled, true);
  assert.ok(doneWhenCancelled >= 0 && doneWhenCancelled <= scan.YIELD_EVERY, `cancelled after ${doneWhenCancelled}`);
  assert.equal(result.done, doneWhenCancelled);
});

test('unreadable, binary and too-large files and a failing linter are skipped with a reason; the scan never throws', async () => {
  const dir = made(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-scan-bad-')));
  const good = path.join(dir, 'Dockerfile');
  const binary = path.join(dir, 'Dockerfile.bin');
  const big = path.join(dir, 'Dockerfile.big');
  const boom = path.join(dir, 'Dockerfile.boom');
  fs.writeFileSync(good, 'FROM alpine:3.20\nUSER 10001\n');
  fs.writeFileSync(binary, Buffer.from([0x46, 0x52, 0x00, 0x01, 0x02]));
  fs.writeFileSync(big, 'FROM alpine:3.20\n' + '# x\n'.repeat(MAX_LINT_BYTES / 4 + 10));
  fs.writeFileSync(boom, 'FROM alpine:3.20\n');
  const list = [good, binary, big, boom, path.join(dir, 'missing', 'Dockerfile')].map((p): scan.ScanFile => ({
    path: p,
    kind: 'dockerfile',
  }));
  const base = deps();
  const result = await scan.scanFiles(list, {
    ...base,
    lint: (kind, text, p) => {
      if (p === boom) throw new TypeError('secret text from the file');
      return base.lint(kind, text, p);
    },
  });
  assert.equal(result.done, 5);
  assert.deepEqual(
    result.results.map((r) => r.path),
    [good],
  );
  const reasons = Object.fromEntries(
    result.skipped.map((s) => [
      path.basename(path.dirname(s.path)) === 'missing' ? 'missing' : path.basename(s.path),
      s.reason,
    ]),
  );
  assert.match(reasons['Dockerfile.bin'], /NUL bytes/);
  assert.match(reasons['Dockerfile.big'], /larger than 2 MB/);
  assert.equal(reasons['Dockerfile.boom'], 'Bulkhead failed on this file: TypeError');
  assert.match(reasons.missing, /^cannot read: ENOENT/);

  // read may skip a file itself (the server checks the size on disk before reading)
  const own = await scan.scanFiles([{ path: good, kind: 'dockerfile' }], {
    ...base,
    read: () => ({ skipped: 'too large to read' }),
  });
  assert.deepEqual(own.skipped, [{ path: good, reason: 'too large to read' }]);
  // an empty list is a finished scan
  assert.deepEqual(await scan.scanFiles([], base), { results: [], done: 0, total: 0, cancelled: false, skipped: [] });
});

// scripts/corpus-report.mjs on a small corpus laid out like the shared one: counts every file, samples only files
// outside test-fixture paths, spreads the sample across repositories, and exits 0 with a message when there is no
// corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers';

const SCRIPT = path.join(ROOT, 'scripts/corpus-report.mjs');

function run(args) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

function corpus() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-corpus-'));
  const files = [
    // [repo, original path, text]
    [
      'acme/one',
      'Dockerfile',
      'FROM debian:bookworm-slim\nRUN curl -fsSL https://x.example/a | tar -x\nRUN find / -name x | xargs rm\n',
    ],
    [
      'acme/one',
      'tests/fixtures/Dockerfile',
      'FROM debian:bookworm-slim\nRUN wget -qO- https://x.example/b | tar -x\n',
    ],
    ['beta/two', 'build/Dockerfile', 'FROM alpine:3.20\nRUN --network=host wget -qO- https://x.example/c | tar -x\n'],
    ['gamma/three', 'Dockerfile', 'FROM alpine:3.20\nRUN echo ok\n'],
  ];
  const rows = ['kind\tlocal_path\trepo\tcommit\toriginal_path\tlicense'];
  for (const [repo, original, text] of files) {
    const local = `dockerfiles/${repo.replace('/', '__')}/${original.replace(/\//g, '__')}`;
    fs.mkdirSync(path.dirname(path.join(dir, local)), { recursive: true });
    fs.writeFileSync(path.join(dir, local), text);
    rows.push(['dockerfile', local, repo, '0'.repeat(40), original, 'MIT'].join('\t'));
  }
  fs.writeFileSync(path.join(dir, 'MANIFEST.tsv'), `${rows.join('\n')}\n`);
  return dir;
}

test('counts every file per rule, samples outside test fixtures, spread across repositories', () => {
  const dir = corpus();
  const out = path.join(dir, 'report');
  const r = run([`--corpus=${dir}`, `--out=${out}`, '--per-rule=5', '--today=2026-01-15']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Corpus: 4 files \(1 under test-fixture paths/);
  assert.match(r.stdout, /date 2026-01-15/);
  // three files pipe without pipefail (the fixture counted too); the first one in two RUNs
  assert.match(r.stdout, /\npipe-without-pipefail\s+4\s+3\s+info\n/);
  assert.match(r.stdout, /\ninsecure-build-flags\s+1\s+1\s+warning\n/);
  assert.match(r.stdout, /\nwhole-stage-copied\s+0\s+0\s+info\n/);
  assert.match(r.stdout, /Exceptions: 0\nRule failures: 0/);
  const sample = fs.readFileSync(path.join(out, 'pipe-without-pipefail.md'), 'utf8');
  assert.match(sample, /4 findings in 3 of 4 files \(3 outside test fixtures\)\. Showing 3/);
  assert.doesNotMatch(sample, /tests\/fixtures/);
  const headings = [...sample.matchAll(/^## \d+\. (\S+) — (\S+):(\d+)$/gm)].map((m) => `${m[1]} ${m[2]}:${m[3]}`);
  assert.deepEqual(headings.sort(), ['acme/one Dockerfile:2', 'acme/one Dockerfile:3', 'beta/two build/Dockerfile:2']);
  assert.match(sample, /- message: `curl \| tar` runs without pipefail: /);
  assert.match(sample, /▶ RUN curl -fsSL https:\/\/x\.example\/a \| tar -x/);
  // the same input gives the same report
  const again = run([`--corpus=${dir}`, `--out=${out}`, '--per-rule=5', '--today=2026-01-15']);
  assert.equal(again.status, 0);
  assert.equal(fs.readFileSync(path.join(out, 'pipe-without-pipefail.md'), 'utf8'), sample);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--per-rule caps the sample, one repository at a time', () => {
  const dir = corpus();
  const out = path.join(dir, 'report');
  assert.equal(run([`--corpus=${dir}`, `--out=${out}`, '--per-rule=2']).status, 0);
  const sample = fs.readFileSync(path.join(out, 'pipe-without-pipefail.md'), 'utf8');
  const repos = [...sample.matchAll(/^## \d+\. (\S+) — /gm)].map((m) => m[1]);
  assert.deepEqual(repos.sort(), ['acme/one', 'beta/two']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no corpus: a message and exit 0; a bad date: exit 2', () => {
  const missing = path.join(os.tmpdir(), 'bulkhead-no-corpus-here');
  const r = run([`--corpus=${missing}`]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /No corpus at .*nothing to report/);
  const bad = run([`--corpus=${missing}`, '--today=15/01/2026']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--today must be a date written YYYY-MM-DD/);
});

// The editor's view of a baseline: the CLI writes .bulkhead-baseline.json, the server (same fingerprints) shows the
// findings it records at hint with "(baselined)", new ones at their own severity, even after lines moved; the
// bulkhead.baseline.file setting names another file or none; a hostile baseline is logged and ignored.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPair, type PulledReport } from './helpers';
import { runCli, tempDir } from '../unit/cli-helpers';

const { dir, cleanup } = tempDir('bulkhead-lsp-baseline-');
after(cleanup);

const CURL = 'RUN curl -fsSL http://get.example/install.sh | sh';
const BEFORE = ['FROM ubuntu:22.04', CURL, ''].join('\n');
// a line added above (every line moves) and a second, new copy of the RUN
const AFTER = ['# build', 'FROM ubuntu:22.04', CURL, CURL, ''].join('\n');
const HINT = 4;

const file = path.join(dir, 'app', 'Dockerfile');
fs.mkdirSync(path.dirname(file));
fs.writeFileSync(file, BEFORE);
const uri = pathToFileURL(file).toString();

const written = runCli(['check', '--baseline-write', '.bulkhead-baseline.json'], { cwd: dir });
assert.equal(written.code, 0, written.stderr);

async function pulled(settings: Record<string, unknown>) {
  const lsp = startPair({
    pull: true,
    settings: () => settings,
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }],
  });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: AFTER },
    });
    const report = await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });
    const logs = lsp.events.filter((e) => e.type === 'log').map((e) => JSON.stringify(e.payload));
    return { items: report.items, logs };
  } finally {
    lsp.dispose();
  }
}

test('findings the baseline records are hints marked "(baselined)"; the new copy keeps its severity', async () => {
  const { items } = await pulled({});
  const old = items.filter((d) => d.range.start.line !== 3);
  const fresh = items.filter((d) => d.range.start.line === 3);
  assert.ok(old.length > 2 && fresh.length > 0, JSON.stringify(items));
  for (const d of old) {
    assert.equal(d.severity, HINT, `${d.code} at line ${d.range.start.line}`);
    assert.match(d.message, / \(baselined\)$/);
  }
  for (const d of fresh) {
    assert.notEqual(d.severity, HINT, String(d.code));
    assert.ok(!d.message.endsWith('(baselined)'));
  }
  // the CLI agrees: exactly the new copy's findings are reported (standard input standing for app/Dockerfile)
  const cli = runCli(
    ['check', '--format', 'json', '--baseline', '.bulkhead-baseline.json', '--stdin-filename', 'app/Dockerfile', '-'],
    { cwd: dir, input: AFTER },
  );
  assert.deepEqual(
    JSON.parse(cli.stdout)
      .map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`)
      .sort(),
    fresh.map((d) => `${d.code}:${d.range.start.line + 1}`).sort(),
  );
});

test('bulkhead.baseline.file: "" ignores the baseline; another name is read relative to the workspace folder', async () => {
  const off = await pulled({ baseline: { file: '' } });
  assert.ok(off.items.every((d) => !d.message.endsWith('(baselined)')));
  fs.mkdirSync(path.join(dir, 'ci'), { recursive: true });
  // a baseline written elsewhere names the files relative to itself (../app/Dockerfile)
  const r = runCli(['check', '--baseline-write', 'ci/b.json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'ci', 'b.json'), 'utf8'), /"file":"\.\.\/app\/Dockerfile"/);
  const moved = await pulled({ baseline: { file: 'ci/b.json' } });
  assert.ok(moved.items.some((d) => d.message.endsWith('(baselined)')));
  assert.ok(moved.items.some((d) => d.severity !== HINT));
});

test('a hostile baseline file is logged once and ignored; the findings are shown as they are', async () => {
  const hostile = path.join(dir, 'hostile.json');
  for (const content of ['['.repeat(200_000), '{"version":1,"findings":[{"file":"app/Dockerfile"}]}', '\u0000\u0001']) {
    fs.writeFileSync(hostile, content);
    const { items, logs } = await pulled({ baseline: { file: 'hostile.json' } });
    assert.ok(items.length > 0);
    assert.ok(items.every((d) => !d.message.endsWith('(baselined)')));
    assert.ok(
      logs.some((l) => l.includes('not used as the baseline')),
      logs.join('\n'),
    );
  }
});

test('Scan Workspace marks the baselined findings of the files it lints the same way', async () => {
  const scanned = tempDir('bulkhead-lsp-baseline-scan-');
  try {
    fs.mkdirSync(path.join(scanned.dir, 'app'));
    fs.writeFileSync(path.join(scanned.dir, 'app', 'Dockerfile'), BEFORE);
    const r = runCli(['check', '--baseline-write', '.bulkhead-baseline.json'], { cwd: scanned.dir });
    assert.equal(r.code, 0, r.stderr);
    fs.writeFileSync(path.join(scanned.dir, 'app', 'Dockerfile'), AFTER);
    const lsp = startPair({
      pull: true,
      workspaceFolders: [{ uri: pathToFileURL(scanned.dir).toString(), name: 'w' }],
    });
    try {
      await lsp.initialize();
      await lsp.client.sendNotification('initialized', {});
      await lsp.client.sendRequest('bulkhead/scanWorkspace', {});
      const target = pathToFileURL(path.join(scanned.dir, 'app', 'Dockerfile')).toString();
      const { diagnostics } = await lsp.waitFor('diagnostics', (p) => p.uri === target);
      const old = diagnostics.filter((d) => d.range.start.line !== 3);
      assert.ok(old.length > 2 && old.length < diagnostics.length, JSON.stringify(diagnostics));
      assert.ok(old.every((d) => d.severity === HINT && d.message.endsWith(' (baselined)')));
      assert.ok(diagnostics.filter((d) => d.range.start.line === 3).every((d) => d.severity !== HINT));
    } finally {
      lsp.dispose();
    }
  } finally {
    scanned.cleanup();
  }
});

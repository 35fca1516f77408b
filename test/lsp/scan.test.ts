// bulkhead/scanWorkspace through the real server: the summary, diagnostics published for the files that are not open
// (with each folder's settings and the .bulkhead.json beside the file), "n/total" work-done progress, cancellation,
// and the scan's diagnostics withdrawn when a file is opened (live diagnostics take over) or disappears.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-languageserver-protocol/node';
import { startPair } from './helpers';
import type { ScanWorkspaceSummary } from '../../shared/src/protocol';

/** Temp folders, removed when the file's tests end. */
const temps = [];
const made = (dir) => (temps.push(dir), dir);
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function workspace() {
  const root = fs.realpathSync(made(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-lsp-scan-'))));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('api/Dockerfile', 'FROM ubuntu\nADD . /app\nRUN curl -fsSL https://x.example/i.sh | sh\n');
  write('api/.bulkhead.json', JSON.stringify({ rules: { 'add-instead-of-copy': 'off' } }));
  write('web/Dockerfile.prod', 'FROM node:20-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n');
  write('etc/docker/daemon.json', '{ "icc": true }\n');
  write('deploy/compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
  write('node_modules/pkg/Dockerfile', 'FROM ubuntu\n');
  return root;
}
const uriOf = (file) => pathToFileURL(file).href;

async function start(root, settings = () => ({})) {
  const lsp = startPair({
    pull: true,
    settings,
    workspaceFolders: [{ uri: uriOf(root), name: 'ws' }],
    rootUri: uriOf(root),
  });
  await lsp.initialize();
  await lsp.client.sendNotification('initialized', {});
  return lsp;
}

test('Scan Workspace: summary, diagnostics for unopened files with their configuration, progress n/total', async () => {
  const root = workspace();
  const lsp = await start(root, () => ({ rules: { 'image-not-pinned-by-digest': 'off' } }));
  try {
    const web = path.join(root, 'web/Dockerfile.prod');
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(web), languageId: 'dockerfile', version: 1, text: fs.readFileSync(web, 'utf8') },
    });

    const progress = [];
    const token = 'scan-1';
    lsp.client.onProgress(rpc.WorkDoneProgress.type, token, (p) => {
      progress.push(p);
    });
    const summary = await lsp.client.sendRequest<ScanWorkspaceSummary>('bulkhead/scanWorkspace', {
      workDoneToken: token,
    });

    assert.equal(summary.total, 4, JSON.stringify(summary));
    assert.equal(summary.files, 4);
    assert.equal(summary.cancelled, false);
    assert.deepEqual(summary.skipped, []);
    assert.ok(summary.findings.error >= 1 && summary.findings.warning >= 1, JSON.stringify(summary.findings));

    // pushed for the unopened files, with the folder's settings and the .bulkhead.json beside the file
    const api = await lsp.waitFor('diagnostics', (p) => p.uri === uriOf(path.join(root, 'api/Dockerfile')));
    const apiIds = api.diagnostics.map((d) => d.code);
    assert.ok(apiIds.includes('remote-script-piped-to-shell'), apiIds.join());
    assert.ok(apiIds.includes('image-latest-tag'), apiIds.join());
    assert.ok(!apiIds.includes('add-instead-of-copy'), 'api/.bulkhead.json turns it off');
    assert.ok(!apiIds.includes('image-not-pinned-by-digest'), 'the folder setting turns it off');
    const daemon = await lsp.waitFor('diagnostics', (p) => p.uri === uriOf(path.join(root, 'etc/docker/daemon.json')));
    assert.ok(daemon.diagnostics.some((d) => d.code === 'icc-enabled'));
    const compose = await lsp.waitFor('diagnostics', (p) => p.uri === uriOf(path.join(root, 'deploy/compose.yaml')));
    assert.ok(
      compose.diagnostics.some((d) => d.code === 'compose-privileged'),
      'Compose files are linted as Compose',
    );
    // not for the open file (it has live diagnostics), not under node_modules
    const pushed = lsp.events.filter((e) => e.type === 'diagnostics').map((e) => e.payload.uri);
    assert.ok(!pushed.includes(uriOf(web)), pushed.join());
    assert.ok(!pushed.some((u) => u.includes('node_modules')), pushed.join());

    // work-done progress: begin, "n/3", end
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress.at(-1).kind, 'end');
    const reports = progress.filter((p) => p.kind === 'report');
    assert.ok(reports.length >= 1);
    assert.equal(reports.at(-1).message, '4/4');
    assert.equal(reports.at(-1).percentage, 100);

    // opening a scanned file withdraws the scan's diagnostics (pull diagnostics take over)
    const since = lsp.events.length;
    const daemonUri = uriOf(path.join(root, 'etc/docker/daemon.json'));
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: daemonUri, languageId: 'json', version: 1, text: '{ "icc": true }\n' },
    });
    await lsp.waitFor('diagnostics', (p) => p.uri === daemonUri && p.diagnostics.length === 0, { since });

    // a file a later scan no longer finds loses its findings
    fs.rmSync(path.join(root, 'api/Dockerfile'));
    const before = lsp.events.length;
    const again = await lsp.client.sendRequest<ScanWorkspaceSummary>('bulkhead/scanWorkspace', {
      folders: [uriOf(root)],
    });
    assert.equal(again.total, 3);
    await lsp.waitFor(
      'diagnostics',
      (p) => p.uri === uriOf(path.join(root, 'api/Dockerfile')) && p.diagnostics.length === 0,
      { since: before },
    );
  } finally {
    lsp.dispose();
  }
});

test('Scan Workspace honours the request cancellation and reports cancelled=true', async () => {
  const root = workspace();
  for (let i = 0; i < 300; i++) {
    fs.mkdirSync(path.join(root, 'many', `s${i}`), { recursive: true });
    fs.writeFileSync(path.join(root, 'many', `s${i}`, 'Dockerfile'), `FROM debian:bookworm\nRUN echo ${i}\n`);
  }
  const lsp = await start(root);
  try {
    const source = new rpc.CancellationTokenSource();
    const token = 'scan-cancel';
    // cancel once the first files are done (the request is running, not queued)
    lsp.client.onProgress(rpc.WorkDoneProgress.type, token, (p) => {
      if (p.kind === 'report') source.cancel();
    });
    const summary = await lsp.client.sendRequest<ScanWorkspaceSummary>(
      'bulkhead/scanWorkspace',
      { workDoneToken: token },
      source.token,
    );
    assert.equal(summary.cancelled, true, JSON.stringify(summary));
    assert.equal(summary.total, 304);
    assert.ok(summary.files > 0 && summary.files < summary.total, `${summary.files} of ${summary.total}`);
  } finally {
    lsp.dispose();
  }
});

test("Scan Workspace also lints the files the folder's bulkhead.daemon.files and bulkhead.compose.files globs name", async () => {
  const root = workspace();
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('config/dockerd-prod.json', '{ "icc": true }\n');
  write('deploy/prod.stack.yml', 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
  write('config/other.json', '{ "icc": true }\n');
  const lsp = await start(root, () => ({
    daemon: { files: ['config/dockerd-*.json'] },
    compose: { files: ['*.stack.yml'] },
  }));
  try {
    const summary = await lsp.client.sendRequest<ScanWorkspaceSummary>('bulkhead/scanWorkspace', {});
    assert.equal(summary.total, 6, JSON.stringify(summary));
    const daemon = await lsp.waitFor(
      'diagnostics',
      (p) => p.uri === uriOf(path.join(root, 'config/dockerd-prod.json')),
    );
    assert.ok(
      daemon.diagnostics.some((d) => d.code === 'icc-enabled'),
      'linted as a daemon.json',
    );
    const stack = await lsp.waitFor('diagnostics', (p) => p.uri === uriOf(path.join(root, 'deploy/prod.stack.yml')));
    assert.ok(
      stack.diagnostics.some((d) => d.code === 'compose-privileged'),
      'linted as a Compose file',
    );
    assert.ok(
      !lsp.events.some((e) => e.type === 'diagnostics' && e.payload.uri.endsWith('other.json')),
      'a JSON file no glob names is left alone',
    );
  } finally {
    lsp.dispose();
  }
});

// An open Dockerfile or Compose file that a devcontainer.json elsewhere in the workspace names (`.devcontainer/`,
// `.devcontainer/<folder>/`, `.devcontainer.json` in a folder above it): the editor finds that devcontainer.json on
// disk and lints the file with what it says (build context, attached service), as `bulkhead check` from the
// workspace folder does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProtocolConnection } from 'vscode-languageserver-protocol';
import { startPair, type PulledReport } from './helpers';
import { checkJson, tempDir, writeTree } from '../unit/cli-helpers';
import { ATTACHED_NOTE, TWO_PRIVILEGED_SERVICES, assertAttachedToApp } from '../unit/devcontainer-helpers';

const BROAD_COPY = 'broad-copy-without-dockerignore';
const COPY_ALL = 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n';

const pull = (client: ProtocolConnection, uri: string) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });

/** A pull client on the workspace `dir`, with `files` (relative paths) open as the editor reads them. */
async function openInEditor(dir: string, files: readonly string[]) {
  const lsp = startPair({ pull: true, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
  await lsp.initialize();
  await lsp.client.sendNotification('initialized', {});
  for (const file of files) {
    const uri = pathToFileURL(path.join(dir, file)).toString();
    const languageId = /Dockerfile$/i.test(file) ? 'dockerfile' : 'dockercompose';
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text: fs.readFileSync(path.join(dir, file), 'utf8') },
    });
  }
  return lsp;
}

const uriOf = (dir: string, file: string) => pathToFileURL(path.join(dir, file)).toString();

for (const [layout, configPath, composePath] of [
  ['.devcontainer/devcontainer.json', '.devcontainer/devcontainer.json', '../docker-compose.yml'],
  ['.devcontainer/<folder>/devcontainer.json', '.devcontainer/app/devcontainer.json', '../../docker-compose.yml'],
  ['.devcontainer.json', '.devcontainer.json', 'docker-compose.yml'],
] as const) {
  test(`an open Compose file that ${layout} names (not open): the error on the service it attaches to says so`, async () => {
    const { dir, cleanup } = tempDir('bulkhead-lsp-dref-compose-');
    writeTree(dir, {
      [configPath]: `{ "dockerComposeFile": "${composePath}", "service": "app" }`,
      'docker-compose.yml': TWO_PRIVILEGED_SERVICES,
    });
    const lsp = await openInEditor(dir, ['docker-compose.yml']);
    try {
      const items = (await pull(lsp.client, uriOf(dir, 'docker-compose.yml'))).items;
      assertAttachedToApp(items);
    } finally {
      lsp.dispose();
      cleanup();
    }
  });
}

// (the context is the Dockerfile's own folder here; the next test has one where the devcontainer.json changes it)
test('an open Dockerfile that .devcontainer/devcontainer.json names with "context": "..": the workspace .dockerignore applies', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-dref-dockerfile-');
  writeTree(dir, {
    '.dockerignore': '.git\n.env\n',
    '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "../Dockerfile", "context": ".." } }',
    Dockerfile: COPY_ALL,
  });
  const lsp = await openInEditor(dir, ['Dockerfile']);
  try {
    const items = (await pull(lsp.client, uriOf(dir, 'Dockerfile'))).items;
    assert.ok(!items.some((d) => d.code === BROAD_COPY), JSON.stringify(items.map((d) => d.code)));
  } finally {
    lsp.dispose();
    cleanup();
  }
});

test('a devcontainer.json saved in .devcontainer/ names a Dockerfile in another folder: its build context applies once the watcher says so', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-dref-watch-');
  // docker/Dockerfile alone is built in docker/, which has no .dockerignore
  writeTree(dir, { '.dockerignore': '.git\n.env\n', 'docker/Dockerfile': COPY_ALL });
  const dockerfile = uriOf(dir, 'docker/Dockerfile');
  const lsp = await openInEditor(dir, ['docker/Dockerfile']);
  try {
    assert.ok((await pull(lsp.client, dockerfile)).items.some((d) => d.code === BROAD_COPY));
    const configFile = path.join(dir, '.devcontainer/devcontainer.json');
    fs.mkdirSync(path.dirname(configFile));
    fs.writeFileSync(configFile, '{ "build": { "dockerfile": "../docker/Dockerfile", "context": ".." } }');
    const mark = lsp.events.length;
    await lsp.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(configFile).toString(), type: 1 }],
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    const items = (await pull(lsp.client, dockerfile)).items;
    assert.ok(!items.some((d) => d.code === BROAD_COPY), 'the build context is the workspace folder');
  } finally {
    lsp.dispose();
    cleanup();
  }
});

test('the editor and bulkhead check from the workspace folder agree on the files devcontainer.json files name', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-dref-agree-');
  const copyEnv = 'FROM alpine:3.20\nCOPY .env /app/.env\nCOPY . /app\nUSER 1000\n';
  writeTree(dir, {
    '.dockerignore': '.git\n',
    // both name docker-compose.yml: the walk reaches .devcontainer/devcontainer.json first, so `app` is attached
    '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "../docker-compose.yml", "service": "app" }',
    '.devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "db" }',
    '.devcontainer/web/devcontainer.json':
      '{ "build": { "dockerfile": "../../services/web/Dockerfile", "context": "../.." } }',
    'docker-compose.yml': TWO_PRIVILEGED_SERVICES,
    'services/web/Dockerfile': copyEnv,
    'services/api/Dockerfile': copyEnv,
    Dockerfile: copyEnv,
  });
  const files = ['Dockerfile', 'docker-compose.yml', 'services/api/Dockerfile', 'services/web/Dockerfile'];
  const lsp = await openInEditor(dir, files);
  try {
    const cli = checkJson(['.'], { cwd: dir });
    const attached = cli.findings.filter((f) => ATTACHED_NOTE.test(f.message)).map((f) => [f.file, f.line]);
    assert.deepEqual(attached, [['docker-compose.yml', 4]]);
    // the context .devcontainer/web/devcontainer.json gives services/web/Dockerfile: the workspace's .dockerignore
    const broad = cli.findings.filter((f) => f.rule === BROAD_COPY).map((f) => f.file);
    assert.deepEqual(broad, ['services/api/Dockerfile']);
    for (const file of files) {
      const editor = (await pull(lsp.client, uriOf(dir, file))).items
        .map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message])
        .sort();
      const check = cli.findings
        .filter((f) => f.file === file)
        .map((f) => [f.rule, f.line, f.column, f.message])
        .sort();
      assert.ok(check.length > 0, file);
      assert.deepEqual(editor, check, file);
    }
  } finally {
    lsp.dispose();
    cleanup();
  }
});

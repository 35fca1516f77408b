// devcontainer.json through the real server: a document the editor opens as JSON with comments gets its findings,
// their hover, a quick fix that edits the runArgs list, and the "ignore" comment above a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText } from '../unit/helpers';
import type { CodeAction, Hover, ProtocolConnection } from 'vscode-languageserver-protocol';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir, writeTree } from '../unit/cli-helpers';
import { ATTACHED_NOTE, TWO_PRIVILEGED_SERVICES, assertAttachedToApp } from '../unit/devcontainer-helpers';

const URI = 'file:///nonexistent-bulkhead-test/app/.devcontainer/devcontainer.json';
const TEXT = [
  '{',
  '  // the image the team uses',
  '  "image": "mcr.microsoft.com/devcontainers/go:1-1.23-bookworm",',
  '  "runArgs": ["--cap-add=SYS_PTRACE", "--privileged"],',
  '  "remoteUser": "vscode",',
  '}',
  '',
].join('\n');

const pull = (client: ProtocolConnection, uri = URI) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });

test('devcontainer.json (jsonc): findings, hover, a quick fix on runArgs, the ignore comment', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'jsonc', version: 1, text: TEXT },
    });
    const report = await pull(lsp.client);
    assert.deepEqual(
      report.items.map((d) => [d.code, d.range.start.line]),
      [
        ['devcontainer-dangerous-capabilities', 3],
        ['devcontainer-privileged', 3],
      ],
    );
    const privileged = report.items.find((d) => d.code === 'devcontainer-privileged');
    const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 3, character: privileged.range.start.character + 3 },
    });
    assert.match(hoverText(hover), /devcontainer-privileged/);
    assert.match(hoverText(hover), /bulkhead-ignore devcontainer-privileged/);

    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: privileged.range,
      context: { diagnostics: [privileged] },
    });
    const remove = actions.find((a) => a.title === 'Remove --privileged from runArgs');
    assert.ok(remove, actions.map((a) => a.title).join(' | '));
    assert.match(applyEdits(TEXT, remove.edit.changes[URI]).text, /"runArgs": \["--cap-add=SYS_PTRACE"\],/);

    const ignored = TEXT.replace('  "runArgs"', '  // bulkhead-ignore devcontainer-privileged -- DinD\n  "runArgs"');
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: ignored }],
    });
    assert.deepEqual(
      (await pull(lsp.client)).items.map((d) => d.code),
      ['devcontainer-dangerous-capabilities'],
    );
  } finally {
    lsp.dispose();
  }
});

test('an open Compose file a devcontainer.json beside it names: the errors on the service it attaches to say so', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-devcontainer-');
  writeTree(dir, {
    '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "app" }',
    '.devcontainer/docker-compose.yml': TWO_PRIVILEGED_SERVICES,
  });
  const uri = pathToFileURL(path.join(dir, '.devcontainer/docker-compose.yml')).toString();
  const lsp = startPair({ pull: true, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text: TWO_PRIVILEGED_SERVICES },
    });
    const items = (await pull(lsp.client, uri)).items;
    assertAttachedToApp(items);
  } finally {
    lsp.dispose();
    cleanup();
  }
});

const BROAD_COPY = 'broad-copy-without-dockerignore';
const devcontainerWithContext = (context: string) =>
  `{\n  "build": { "dockerfile": "Dockerfile", "context": "${context}" },\n  "remoteUser": "vscode"\n}\n`;

for (const pullMode of [true, false]) {
  test(`a devcontainer.json edited, closed or saved: the open Dockerfile it names is linted again in the build context it gives (${pullMode ? 'pull' : 'push'})`, async () => {
    const { dir, cleanup } = tempDir('bulkhead-lsp-devcontainer-context-');
    writeTree(dir, {
      // the workspace's .dockerignore: the Dockerfile's build context only when the devcontainer.json says `..`
      '.dockerignore': '.git\n.env\n',
      '.devcontainer/devcontainer.json': devcontainerWithContext('.'),
      '.devcontainer/Dockerfile': 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n',
    });
    const configFile = path.join(dir, '.devcontainer/devcontainer.json');
    const config = pathToFileURL(configFile).toString();
    const dockerfile = pathToFileURL(path.join(dir, '.devcontainer/Dockerfile')).toString();
    const lsp = startPair({ pull: pullMode, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
    // the Dockerfile's findings after the events since `mark`: a pull client is asked to refresh and pulls, a push
    // client is sent them
    const dockerfileCodes = async (mark: number, broadCopy: boolean): Promise<string[]> => {
      if (pullMode) {
        if (mark >= 0) await lsp.waitFor('refresh', () => true, { since: mark });
        return (await pull(lsp.client, dockerfile)).items.map((d) => String(d.code));
      }
      const published = await lsp.waitFor(
        'diagnostics',
        (p) => p.uri === dockerfile && p.diagnostics.some((d) => d.code === BROAD_COPY) === broadCopy,
        { since: Math.max(mark, 0) },
      );
      return published.diagnostics.map((d) => String(d.code));
    };
    try {
      await lsp.initialize();
      await lsp.client.sendNotification('initialized', {});
      await lsp.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri: config, languageId: 'jsonc', version: 1, text: devcontainerWithContext('.') },
      });
      await lsp.client.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: dockerfile,
          languageId: 'dockerfile',
          version: 1,
          text: 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n',
        },
      });
      // context `.`: the .devcontainer folder, which has no .dockerignore
      assert.ok((await dockerfileCodes(-1, true)).includes(BROAD_COPY));

      // edited, not saved: the open text decides
      let mark = lsp.events.length;
      await lsp.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: config, version: 2 },
        contentChanges: [{ text: devcontainerWithContext('..') }],
      });
      assert.ok(!(await dockerfileCodes(mark, false)).includes(BROAD_COPY), 'the workspace .dockerignore applies');

      // an edit that leaves the build context as it is does not lint the Dockerfile again
      mark = lsp.events.length;
      await lsp.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: config, version: 3 },
        contentChanges: [{ text: devcontainerWithContext('..').replace('vscode', 'node') }],
      });
      // closed without saving: the file on disk says `.` again
      await lsp.client.sendNotification('textDocument/didClose', { textDocument: { uri: config } });
      assert.ok((await dockerfileCodes(mark, true)).includes(BROAD_COPY));
      if (pullMode)
        assert.equal(lsp.events.slice(mark).filter((e) => e.type === 'refresh').length, 1, 'one refresh: the close');

      // saved on disk by another program: the watched-file change
      fs.writeFileSync(configFile, devcontainerWithContext('..'));
      mark = lsp.events.length;
      await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 2 }] });
      assert.ok(!(await dockerfileCodes(mark, false)).includes(BROAD_COPY));
    } finally {
      lsp.dispose();
      cleanup();
    }
  });
}

test('a devcontainer.json open in the editor names the Compose file elsewhere and its service: changing the service moves the note', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-devcontainer-service-');
  writeTree(dir, { 'docker-compose.yml': TWO_PRIVILEGED_SERVICES, '.devcontainer/devcontainer.json': '{}' });
  const config = pathToFileURL(path.join(dir, '.devcontainer/devcontainer.json')).toString();
  const compose = pathToFileURL(path.join(dir, 'docker-compose.yml')).toString();
  const attaches = (service: string) => `{ "dockerComposeFile": "../docker-compose.yml", "service": "${service}" }`;
  const lsp = startPair({ pull: true, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
  const noted = async () =>
    (await pull(lsp.client, compose)).items
      .filter((d) => ATTACHED_NOTE.test(String(d.message)))
      .map((d) => d.range.start.line);
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: compose, languageId: 'dockercompose', version: 1, text: TWO_PRIVILEGED_SERVICES },
    });
    assert.deepEqual(await noted(), [], 'the devcontainer.json on disk names nothing');
    let mark = lsp.events.length;
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: config, languageId: 'jsonc', version: 1, text: attaches('app') },
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    assert.deepEqual(await noted(), [3]);
    mark = lsp.events.length;
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: config, version: 2 },
      contentChanges: [{ text: attaches('db') }],
    });
    await lsp.waitFor('refresh', () => true, { since: mark });
    assert.deepEqual(await noted(), [6]);
  } finally {
    lsp.dispose();
    cleanup();
  }
});

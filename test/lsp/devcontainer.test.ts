// devcontainer.json through the real server: a document the editor opens as JSON with comments gets its findings,
// their hover, a quick fix that edits the runArgs list, and the "ignore" comment above a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText } from '../unit/helpers';
import type { CodeAction, Hover, ProtocolConnection } from 'vscode-languageserver-protocol';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir, writeTree } from '../unit/cli-helpers';

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

const COMPOSE = [
  'services:',
  '  app:',
  '    image: alpine:3.20',
  '    privileged: true',
  '  db:',
  '    image: postgres:17',
  '    privileged: true',
  '',
].join('\n');
const ATTACHED = /This is the service the dev container attaches to/;

test('an open Compose file a devcontainer.json beside it names: the errors on the service it attaches to say so', async () => {
  const { dir, cleanup } = tempDir('bulkhead-lsp-devcontainer-');
  writeTree(dir, {
    '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "docker-compose.yml", "service": "app" }',
    '.devcontainer/docker-compose.yml': COMPOSE,
  });
  const uri = pathToFileURL(path.join(dir, '.devcontainer/docker-compose.yml')).toString();
  const lsp = startPair({ pull: true, workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }] });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await lsp.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text: COMPOSE },
    });
    const items = (await pull(lsp.client, uri)).items;
    assert.deepEqual(
      items.filter((d) => ATTACHED.test(String(d.message))).map((d) => [d.code, d.range.start.line]),
      [['compose-privileged', 3]],
    );
    assert.ok(items.some((d) => d.code === 'compose-privileged' && d.range.start.line === 6));
  } finally {
    lsp.dispose();
    cleanup();
  }
});

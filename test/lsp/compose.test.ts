// Compose files through the real server: findings per service, hovers on security-relevant keys, a fix that keeps
// the YAML's indentation and comments, "ignore for this service", and YAML that is not a Compose file left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { startPair, type PulledReport } from './helpers';
import { applyEdits, hoverText } from '../unit/helpers';
import type { CodeAction, Hover, ProtocolConnection } from 'vscode-languageserver-protocol';

const URI = 'file:///nonexistent-bulkhead-test/app/compose.yaml';
const TEXT = [
  'services:',
  '  web:',
  '    image: nginx:1.27-alpine  # the front end',
  '    privileged: true',
  '    ports:',
  '      - "8080:80"',
  '  db:',
  '    image: postgres:16',
  '    ports:',
  '      - "5432:5432"',
  '',
].join('\n');

async function open(client, uri = URI, text = TEXT, languageId = 'yaml') {
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}
const pull = (client: ProtocolConnection, uri = URI) =>
  client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } });

test('compose.yaml: findings, key hover, a YAML-preserving fix, ignore for this service', async () => {
  let compose = {};
  const lsp = startPair({ pull: true, settings: () => ({ compose }) });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    await open(lsp.client);
    const report = await pull(lsp.client);
    const ids = report.items.map((d) => d.code);
    for (const id of ['compose-privileged', 'compose-exposed-datastore', 'compose-no-new-privileges'])
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    const privileged = report.items.find((d) => d.code === 'compose-privileged');
    assert.equal(privileged.range.start.line, 3);

    const hover = await lsp.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 3, character: 6 },
    });
    assert.match(hoverText(hover), /privileged/);
    assert.match(hoverText(hover), /capabilit/);

    const exposed = report.items.find((d) => d.code === 'compose-exposed-datastore');
    const actions = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: exposed.range,
      context: { diagnostics: [exposed] },
    });
    const bind = actions.find((a) => /127\.0\.0\.1/.test(a.title));
    assert.ok(bind, actions.map((a) => a.title).join(' | '));
    const fixed = applyEdits(TEXT, bind.edit.changes[URI]).text;
    assert.match(fixed, /- "127\.0\.0\.1:5432:5432"/);
    assert.match(fixed, /# the front end/, 'comments kept');
    assert.deepEqual(parseDocument(fixed).errors, []);
    const ignore = actions.find((a) => a.title === 'Ignore compose-exposed-datastore for this service');
    assert.ok(ignore);
    const ignored = applyEdits(TEXT, ignore.edit.changes[URI]).text;
    assert.match(ignored, /\n {2}# bulkhead-ignore compose-exposed-datastore\n {2}db:/);
    await lsp.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: ignored }],
    });
    assert.ok(
      !(await pull(lsp.client)).items.some((d) => d.code === 'compose-exposed-datastore'),
      'suppressed for the service',
    );

    // other YAML stays untouched unless bulkhead.compose.files names it
    const CI = 'file:///nonexistent-bulkhead-test/app/.github/workflows/ci.yml';
    await open(lsp.client, CI, 'services:\n  web:\n    image: nginx\n    privileged: true\n');
    assert.deepEqual((await pull(lsp.client, CI)).items, []);
    const STACK = 'file:///nonexistent-bulkhead-test/app/deploy/prod.stack.yml';
    await open(lsp.client, STACK, 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
    assert.deepEqual((await pull(lsp.client, STACK)).items, []);
    compose = { files: ['deploy/*.stack.yml'] };
    await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.ok((await pull(lsp.client, STACK)).items.some((d) => d.code === 'compose-privileged'));
  } finally {
    lsp.dispose();
  }
});

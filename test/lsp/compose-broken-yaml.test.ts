// Compose fixes on YAML that does not parse: "Fix all" applies nothing, and the quick fixes offered keep clear of the
// services a syntax error lies in, so applying any of them adds no YAML error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { startPair, type PulledReport } from './helpers';
import { applyEdits } from '../unit/helpers';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';

const yamlErrors = (text) => parseDocument(text, { merge: true, uniqueKeys: false, strict: false }).errors.length;

const BROKEN = [
  // an unclosed flow sequence in the service the findings are in
  'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"\n    privileged: true\n',
  // one that swallows the next service
  'services:\n  web:\n    image: nginx:1.27\n    environment: [a, b\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n',
  // a key out of line
  'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n   bad: indent\n    cap_add: [ALL]\n',
  // an unclosed quote
  'services:\n  web:\n    image: "nginx:1.27\n    privileged: true\n',
  // an unclosed flow mapping
  'services:\n  web: {image: nginx:1.27, privileged: true\n',
  // a tab
  'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 5432:5432\n\tx: 1\n',
];

/** A service that parses, after one that does not: its fixes are still offered. */
const PARTLY =
  'services:\n  web:\n    image: nginx:1.27\n    labels:\n      a: 1\n     b: 2\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n';

async function offered(lsp: ReturnType<typeof startPair>, uri, text) {
  await lsp.client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  const items = (await lsp.client.sendRequest<PulledReport>('textDocument/diagnostic', { textDocument: { uri } }))
    .items;
  const actions = [];
  for (const d of items) {
    actions.push(
      ...(await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d] },
      })),
    );
  }
  const all = await lsp.client.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: items, only: ['source.fixAll'] },
  });
  return { items, actions, all };
}

test('YAML with syntax errors: no "Fix all", and no offered fix adds a YAML error', async () => {
  const lsp = startPair({ pull: true });
  try {
    await lsp.initialize();
    await lsp.client.sendNotification('initialized', {});
    let n = 0;
    for (const text of BROKEN) {
      const uri = `file:///nonexistent-bulkhead-test/broken/${++n}/compose.yaml`;
      const before = yamlErrors(text);
      assert.ok(before > 0, `not broken: ${text}`);
      const { items, actions, all } = await offered(lsp, uri, text);
      assert.ok(
        items.some((d) => d.code),
        `no rule finding on ${JSON.stringify(text)}`,
      );
      assert.deepEqual(all, [], `"Fix all" offered on ${JSON.stringify(text)}`);
      for (const a of actions) {
        const fixed = applyEdits(text, a.edit.changes[uri]).text;
        assert.ok(yamlErrors(fixed) <= before, `${a.title} adds a YAML error:\n${fixed}`);
      }
    }

    // the service that parses keeps its fixes; the broken one gets none
    const uri = 'file:///nonexistent-bulkhead-test/partly/compose.yaml';
    const { items, actions, all } = await offered(lsp, uri, PARTLY);
    assert.deepEqual(all, []);
    const exposed = items.find((d) => d.code === 'compose-exposed-datastore');
    assert.ok(exposed, items.map((d) => d.code).join(' '));
    const bind = actions.find((a) => /127\.0\.0\.1/.test(a.title));
    assert.ok(bind, actions.map((a) => a.title).join(' | '));
    assert.match(applyEdits(PARTLY, bind.edit.changes[uri]).text, /- "127\.0\.0\.1:5432:5432"/);
    const webFixes = actions.filter(
      (a) =>
        !a.title.startsWith('Ignore') &&
        Object.values<TextEdit[]>(a.edit.changes ?? {})
          .flat()
          .some((e) => e.range.start.line < 6),
    );
    assert.deepEqual(
      webFixes.map((a) => a.title),
      [],
      'fixes inside the broken service',
    );

    // once the YAML parses, the fixes inside the service are offered again; "Fix all" still applies none of them,
    // as every Compose service fix is manual (docs/fixes.md)
    const fixedUri = 'file:///nonexistent-bulkhead-test/fixed/compose.yaml';
    const repaired = PARTLY.replace('     b: 2', '      b: 2');
    assert.equal(yamlErrors(repaired), 0);
    const again = await offered(lsp, fixedUri, repaired);
    const inWeb = again.actions.filter(
      (a) =>
        !a.title.startsWith('Ignore') &&
        Object.values<TextEdit[]>(a.edit.changes ?? {})
          .flat()
          .some((e) => e.range.start.line < 6),
    );
    assert.ok(inWeb.length > 0, again.actions.map((a) => a.title).join(' | '));
    assert.deepEqual(again.all, []);
  } finally {
    lsp.dispose();
  }
});

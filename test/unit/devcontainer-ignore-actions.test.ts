// "Ignore <rule> for <key>" and "Ignore <rule> in this file" on devcontainer.json findings: each action's edit, applied,
// suppresses that finding and only the findings it should, keeps the JSON readable, and merges into a comment there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTree, type ParseError } from 'jsonc-parser';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { codeActionsDevcontainer } from '../../server/src/devcontainer/service/features';
import { lintDevcontainer } from './devcontainer-helpers';

const URI = 'file:///work/app/.devcontainer/devcontainer.json';

function actionsFor(text: string, rule: string): { d: Diagnostic; actions: CodeAction[] } {
  const result = lintDevcontainer(text);
  const d = result.diagnostics.find((x) => x.code === rule);
  assert.ok(d, `${rule} fires`);
  const actions = codeActionsDevcontainer(result, { uri: URI, version: 1 }, d.range, [d]).filter((a) =>
    a.title.startsWith('Ignore'),
  );
  return { d, actions };
}

function apply(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[URI] ?? [];
  const fixed = TextDocument.applyEdits(TextDocument.create(URI, 'jsonc', 1, text), edits);
  const errors: ParseError[] = [];
  parseTree(fixed.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  assert.deepEqual(errors, [], `the JSON still parses:\n${fixed}`);
  return fixed;
}

const codes = (text: string) => lintDevcontainer(text).diagnostics.map((d) => d.code);

const TEXT = `{
  "image": "mcr.microsoft.com/devcontainers/base:bookworm",
  "runArgs": [
    "--privileged",
    "--cap-add=SYS_ADMIN"
  ],
  "privileged": true
}
`;

test('for the key: a comment above the key that holds the finding; the same rule elsewhere still reported', () => {
  const { actions } = actionsFor(TEXT, 'devcontainer-privileged');
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Ignore devcontainer-privileged for "runArgs"', 'Ignore devcontainer-privileged in this file'],
  );
  const fixed = apply(TEXT, actions[0]);
  assert.match(fixed, /\n {2}\/\/ bulkhead-ignore devcontainer-privileged\n {2}"runArgs"/);
  assert.deepEqual(codes(fixed).sort(), ['devcontainer-dangerous-capabilities', 'devcontainer-privileged']);
  // the one left is "privileged": true; its own action puts a comment above that key
  const again = actionsFor(fixed, 'devcontainer-privileged');
  const both = apply(fixed, again.actions[0]);
  assert.deepEqual(codes(both), ['devcontainer-dangerous-capabilities']);
});

test('merged into a bulkhead-ignore comment already above the key; nothing offered once it is there', () => {
  const text = TEXT.replace(
    '  "runArgs"',
    '  // bulkhead-ignore devcontainer-privileged -- the tests need it\n  "runArgs"',
  );
  const { actions } = actionsFor(text, 'devcontainer-dangerous-capabilities');
  const fixed = apply(text, actions[0]);
  assert.match(fixed, /\/\/ bulkhead-ignore devcontainer-privileged,devcontainer-dangerous-capabilities -- the tests/);
  assert.deepEqual(codes(fixed), ['devcontainer-privileged']);
});

test('in this file: a bulkhead-ignore-file comment first, or the rule added to the one there, CRLF kept', () => {
  const crlf = TEXT.replace(/\n/g, '\r\n');
  const { actions } = actionsFor(crlf, 'devcontainer-privileged');
  const fixed = apply(crlf, actions[1]);
  assert.ok(fixed.startsWith('// bulkhead-ignore-file devcontainer-privileged\r\n{'));
  assert.deepEqual(codes(fixed), ['devcontainer-dangerous-capabilities']);
  const next = actionsFor(fixed, 'devcontainer-dangerous-capabilities');
  const both = apply(fixed, next.actions[1]);
  assert.ok(
    both.startsWith('// bulkhead-ignore-file devcontainer-privileged,devcontainer-dangerous-capabilities\r\n{'),
  );
  assert.deepEqual(codes(both), []);
});

test('a one-line file and a byte order mark: the comment goes on its own line before the object', () => {
  const text = '\uFEFF{ "image": "ubuntu", "privileged": true }';
  const { actions } = actionsFor(text, 'devcontainer-privileged');
  for (const a of actions) {
    const fixed = apply(text, a);
    assert.ok(fixed.startsWith('\uFEFF//'), JSON.stringify(fixed));
    assert.ok(!codes(fixed).includes('devcontainer-privileged'), a.title);
  }
});

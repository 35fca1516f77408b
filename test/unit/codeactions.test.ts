// Code actions accept the diagnostics clients send back, in the shapes real clients use.
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import assert from 'node:assert/strict';
import { lint } from './helpers';
import { codeActionsDockerfile } from '../../server/src/dockerfile/service/codeActions';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { lintDocument } from '../../server/src/service/languages';

const TEXT = 'FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n';
const DOC = { uri: 'file:///w/Dockerfile', version: 3 };

test('a diagnostic without data (client dropped it) is matched by code and range', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const { data, ...bare } = d;
  void data;
  const titles = codeActionsDockerfile(r, DOC, d.range, [bare]).map((a) => a.title);
  assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
});

test('a diagnostic with data but without source and range (Neovim 0.7 stored copy) still gets its fixes', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const partial = { code: d.code, data: d.data };
  const titles = codeActionsDockerfile(r, DOC, d.range, [partial as Diagnostic]).map((a) => a.title);
  assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
});

test("other tools' diagnostics get no Bulkhead actions", () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const foreign = { ...d, source: 'hadolint', code: 'DL3020', data: undefined };
  assert.deepEqual(codeActionsDockerfile(r, DOC, d.range, [foreign]), []);
});

test('only: quickfix returns no source actions; only: source.fixAll returns the fix-all action alone', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  assert.ok(codeActionsDockerfile(r, DOC, d.range, [d], ['quickfix']).every((a) => a.kind === 'quickfix'));
  const all = lintDocument('dockerfile', TEXT, DOC.uri, { config: DEFAULT_CONFIG }).codeActions(
    DOC,
    d.range,
    [d],
    ['source.fixAll'],
  );
  assert.deepEqual(
    all.map((a) => a.kind),
    ['source.fixAll.bulkhead'],
  );
  assert.equal(all[0].edit.changes[DOC.uri].length, 1, 'Fix All is one edit');
});

test("a client copy one edit behind (its range moved) still gets the current finding's fixes where the user asked", () => {
  // the client's markers came from the text before a line was removed; the request's range is in the current text
  const before = lint('FROM alpine:3.20\nRUN true\nEXPOSE 22\nADD a.txt /a\nUSER 1:1\n');
  const now = lint('FROM alpine:3.20\nEXPOSE 22\nADD a.txt /a\nUSER 1:1\n');
  const stale = before.diagnostics.find((x) => x.code === 'ssh-port-exposed');
  const current = now.diagnostics.find((x) => x.code === 'ssh-port-exposed');
  assert.notDeepEqual(stale.range, current.range);
  const actions = codeActionsDockerfile(now, DOC, current.range, [stale]);
  assert.ok(
    actions.some((a) => a.title === 'Ignore ssh-port-exposed for this instruction'),
    actions.map((a) => a.title).join(' | '),
  );
  const edits = actions.flatMap((a) => a.edit?.changes?.[DOC.uri] ?? []);
  assert.ok(
    edits.every((e) => e.range.start.line <= 1),
    'edits are computed on the current text',
  );
  // the same copy asked about elsewhere, or a rule with no current finding there, gets nothing
  assert.deepEqual(
    codeActionsDockerfile(now, DOC, { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, [stale]),
    [],
  );
  // two copies of one finding give its actions once
  const twice = codeActionsDockerfile(now, DOC, current.range, [stale, current]).filter(
    (a) => a.title === 'Ignore ssh-port-exposed for this instruction',
  );
  assert.equal(twice.length, 1);
});

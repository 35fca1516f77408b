// Code actions accept the diagnostics clients send back, in the shapes real clients use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { svc, lint } from './helpers.mjs';

const TEXT = 'FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n';
const DOC = { uri: 'file:///w/Dockerfile', version: 3 };

test('a diagnostic without data (client dropped it) is matched by code and range', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const { data, ...bare } = d;
  void data;
  const titles = svc.codeActionsDockerfile(r, DOC, d.range, [bare]).map((a) => a.title);
  assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
});

test('a diagnostic with data but without source and range (Neovim 0.7 stored copy) still gets its fixes', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const partial = { code: d.code, data: d.data };
  const titles = svc.codeActionsDockerfile(r, DOC, d.range, [partial]).map((a) => a.title);
  assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
});

test("other tools' diagnostics get no Bulkhead actions", () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  const foreign = { ...d, source: 'hadolint', code: 'DL3020', data: undefined };
  assert.deepEqual(svc.codeActionsDockerfile(r, DOC, d.range, [foreign]), []);
});

test('only: quickfix returns no source actions; only: source.fixAll returns the fix-all action alone', () => {
  const r = lint(TEXT);
  const d = r.diagnostics.find((x) => x.code === 'add-instead-of-copy');
  assert.ok(svc.codeActionsDockerfile(r, DOC, d.range, [d], ['quickfix']).every((a) => a.kind === 'quickfix'));
  const all = svc.codeActionsDockerfile(r, DOC, d.range, [d], ['source.fixAll']);
  assert.deepEqual(all.map((a) => a.kind), ['source.fixAll.bulkhead']);
});

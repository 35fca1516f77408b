// Suppression comments: ours, merged ignore actions, and other tools' pragmas mapped through rule anchors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits } from './helpers';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';
import { codeActionsDockerfile } from '../../server/src/dockerfile/service/codeActions';
import { mergeConfig } from '../../server/src/service/config';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { explainRule, ruleById } from '../../server/src/service/registry';

const ids = (text, opts?) => lint(text, opts).diagnostics.map((d) => d.code);
const BASE = 'FROM alpine:3.20\n';
const USER = 'USER 10001:10001\nHEALTHCHECK NONE\n';

test('# bulkhead-ignore above the instruction, with several ids and a reason', () => {
  assert.ok(ids(BASE + 'ADD a.txt /a\n' + USER).includes('add-instead-of-copy'));
  assert.ok(
    !ids(BASE + '# bulkhead-ignore add-instead-of-copy -- vendored layout\nADD a.txt /a\n' + USER).includes(
      'add-instead-of-copy',
    ),
  );
  assert.ok(
    !ids(BASE + '# bulkhead-ignore root-user,add-instead-of-copy\n# another comment\nADD a.txt /a\n' + USER).includes(
      'add-instead-of-copy',
    ),
  );
  // only the next instruction
  const two = lint(
    BASE + '# bulkhead-ignore add-instead-of-copy\nADD a.txt /a\nADD b.txt /b\n' + USER,
  ).diagnostics.filter((d) => d.code === 'add-instead-of-copy');
  assert.deepEqual(
    two.map((d) => d.range.start.line),
    [3],
  );
  // a blank line breaks the link between comment and instruction
  assert.ok(
    ids(BASE + '# bulkhead-ignore add-instead-of-copy\n\nADD a.txt /a\n' + USER).includes('add-instead-of-copy'),
  );
});

test('# bulkhead-ignore-file anywhere', () => {
  assert.ok(
    !ids(BASE + 'ADD a.txt /a\n' + USER + '# bulkhead-ignore-file add-instead-of-copy\n').includes(
      'add-instead-of-copy',
    ),
  );
});

test('hadolint, BuildKit, Trivy and Checkov pragmas map to our rules', () => {
  const add = BASE + '%\nADD a.txt /a\n' + USER;
  for (const pragma of [
    '# hadolint ignore=DL3020',
    '# hadolint ignore=DL3006,DL3020 # reason',
    '# trivy:ignore:AVD-DS-0005',
    '# trivy:ignore:DS005',
    '# check=skip=all',
  ]) {
    assert.ok(!ids(add.replace('%', pragma)).includes('add-instead-of-copy'), pragma);
  }
  assert.ok(
    ids(add.replace('%', '# hadolint ignore=DL3002')).includes('add-instead-of-copy'),
    'an unrelated code does not suppress',
  );
  assert.ok(!ids('# hadolint global ignore=DL3020\n' + BASE + 'ADD a.txt /a\n' + USER).includes('add-instead-of-copy'));
  assert.ok(!ids(BASE + '#checkov:skip=CKV_DOCKER_4: vendored\nADD a.txt /a\n' + USER).includes('add-instead-of-copy'));
  const root = 'FROM alpine:3.20\nCMD ["sh"]\n';
  assert.ok(ids(root).includes('root-user'));
  assert.ok(
    !ids('# trivy:ignore:AVD-DS-0002\n' + root).includes('root-user'),
    'pragma above the FROM covers a finding on the FROM',
  );
  assert.ok(!ids('#checkov:skip=CKV_DOCKER_3\n' + root).includes('root-user'));
  // hadolint's DL3002 is about an explicit root USER (hadolint is silent without USER): it does not hide a missing one
  assert.ok(ids('# hadolint ignore=DL3002\n' + root).includes('root-user'));
  assert.ok(!ids('FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\nCMD ["sh"]\n').includes('root-user'));
  assert.ok(
    ids('#checkov:skip=CKV_DOCKER_3\nFROM alpine:3.20\nUSER root\nCMD ["sh"]\n').includes('root-user'),
    'CKV_DOCKER_3 (no USER) does not hide USER root',
  );
});

test('"Ignore for this instruction" inserts a comment or merges into an existing one; "in this file" goes after directives', () => {
  const text =
    '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n  # bulkhead-ignore root-user\n  ADD a.txt /a\n' +
    USER;
  const r = lint(text);
  const add = r.diagnostics.find((d) => d.code === 'add-instead-of-copy');
  const doc = { uri: 'file:///work/Dockerfile', version: 1 };
  const actions = codeActionsDockerfile(r, doc, add.range, [add]);
  const one = actions.find((a) => a.title === 'Ignore add-instead-of-copy for this instruction');
  const merged = applyEdits(text, one.edit.changes[doc.uri]).text;
  assert.ok(merged.includes('  # bulkhead-ignore root-user,add-instead-of-copy\n  ADD a.txt /a'), merged);
  assert.ok(!lint(merged).diagnostics.some((d) => d.code === 'add-instead-of-copy'));
  const file = actions.find((a) => a.title === 'Ignore add-instead-of-copy in this file');
  const fileText = applyEdits(text, file.edit.changes[doc.uri]).text;
  assert.ok(
    fileText.startsWith('# syntax=docker/dockerfile:1\n# escape=\\\n# bulkhead-ignore-file add-instead-of-copy\nFROM'),
    fileText,
  );
  const reparsed = parseDockerfile(fileText);
  assert.equal(reparsed.escapeChar, '\\');
  assert.ok(!lint(fileText).diagnostics.some((d) => d.code === 'add-instead-of-copy'));

  // fresh comment keeps the instruction's indentation and the file's CRLF line endings
  const crlf = 'FROM alpine:3.20\r\n    ADD a.txt /a\r\n' + USER.replace(/\n/g, '\r\n');
  const r2 = lint(crlf);
  const add2 = r2.diagnostics.find((d) => d.code === 'add-instead-of-copy');
  const act = codeActionsDockerfile(r2, doc, add2.range, [add2]).find((a) => a.title.includes('for this instruction'));
  assert.equal(
    applyEdits(crlf, act.edit.changes[doc.uri]).text,
    'FROM alpine:3.20\r\n    # bulkhead-ignore add-instead-of-copy\r\n    ADD a.txt /a\r\n' +
      USER.replace(/\n/g, '\r\n'),
  );
});

test('fix all applies every preferred fix once, without overlapping edits, and leaves manual fixes to a person', () => {
  const text = 'FROM alpine:3.20\nADD a.txt /a\nADD b.txt /b\nENV API_TOKEN=abc\nCMD ["/a"]\n';
  const r = lint(text);
  const edits = fixAllEdits(r);
  const fixed = applyEdits(text, edits).text;
  const after = lint(fixed).diagnostics.map((d) => d.code);
  assert.ok(!after.includes('add-instead-of-copy'), fixed);
  // adding a user or turning an ENV into a build secret changes what the image does: quick fix only
  assert.ok(r.diagnostics.find((d) => d.code === 'root-user').data.fixes.every((f) => f.manual));
  assert.ok(after.includes('root-user'), fixed);
  assert.ok(after.includes('secret-in-arg-env'), fixed);
  assert.ok(fixed.includes('ENV API_TOKEN=abc'));
});

test("other tools' ids suppress only the findings they mean", () => {
  const untagged = 'FROM ubuntu\nUSER 1:1\n';
  const latest = 'FROM ubuntu:latest\nUSER 1:1\n';
  assert.ok(!ids('# hadolint ignore=DL3006\n' + untagged).includes('image-latest-tag'));
  assert.ok(
    ids('# hadolint ignore=DL3007\n' + untagged).includes('image-latest-tag'),
    'DL3007 (:latest) does not hide an untagged image',
  );
  assert.ok(!ids('# hadolint ignore=DL3007\n' + latest).includes('image-latest-tag'));
  const { config } = mergeConfig({ hadolintYaml: { path: '/w/.hadolint.yaml', text: 'ignored: [DL3007]\n' } });
  assert.ok(
    ids(untagged, { config }).includes('image-latest-tag'),
    '.hadolint.yaml ignored: [DL3007] keeps untagged findings',
  );
  assert.ok(!ids(latest, { config }).includes('image-latest-tag'));
  const tls =
    'FROM alpine:3.20\nRUN curl -k https://example.org/x -o /x && pip install --trusted-host pypi.example.org x\nUSER 1:1\n';
  const both = lint(tls).diagnostics.filter((d) => d.code === 'tls-verification-disabled');
  assert.equal(both.length, 2);
  const pipOnly = lint('#checkov:skip=CKV2_DOCKER_4: internal mirror\n' + tls).diagnostics.filter(
    (d) => d.code === 'tls-verification-disabled',
  );
  assert.equal(pipOnly.length, 1, 'CKV2_DOCKER_4 (pip --trusted-host) does not hide curl -k');
  assert.match(pipOnly[0].message, /curl|-k|insecure/i);
});

test('hadolint stage ignore applies to the next stage only; our reason may follow a colon or plain words', () => {
  const text =
    '# hadolint stage ignore=DL3020\nFROM alpine:3.20 AS a\nADD a.txt /a\nFROM alpine:3.20\nADD b.txt /b\nUSER 1:1\n';
  assert.deepEqual(
    lint(text)
      .diagnostics.filter((d) => d.code === 'add-instead-of-copy')
      .map((d) => d.range.start.line),
    [4],
  );
  for (const comment of [
    '# bulkhead-ignore add-instead-of-copy: vendored',
    '# bulkhead-ignore add-instead-of-copy because vendored',
    '# bulkhead-ignore add-instead-of-copy, root-user -- vendored',
  ]) {
    assert.ok(!ids(`FROM alpine:3.20\n${comment}\nADD a.txt /a\nUSER 1:1\n`).includes('add-instead-of-copy'), comment);
  }
  const text2 = 'FROM alpine:3.20\n# bulkhead-ignore root-user because we must\nADD a.txt /a\nUSER 1:1\n';
  const r = lint(text2);
  const add = r.diagnostics.find((d) => d.code === 'add-instead-of-copy');
  const act = codeActionsDockerfile(r, { uri: 'file:///w/Dockerfile', version: 1 }, add.range, [add]).find((a) =>
    a.title.includes('for this instruction'),
  );
  assert.equal(
    applyEdits(text2, act.edit.changes['file:///w/Dockerfile']).text.split('\n')[1],
    '# bulkhead-ignore root-user,add-instead-of-copy because we must',
  );
});

test('a lone CR ends a line for suppression comments as it does for the positions of findings (LSP lines)', async () => {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const apply = (text, edits) =>
    TextDocument.applyEdits(TextDocument.create('file:///work/Dockerfile', 'dockerfile', 1, text), edits);
  const addLines = (text) =>
    lint(text)
      .diagnostics.filter((d) => d.code === 'add-instead-of-copy')
      .map((d) => d.range.start.line);
  // a lone CR (an old Mac line end, or one line pasted from one) before the comment
  const head = 'FROM alpine:3.20\r# note\rADD x.txt /x\n';
  assert.deepEqual(addLines(head + '# bulkhead-ignore add-instead-of-copy\nADD a.txt /a\n' + USER), [2]);
  assert.deepEqual(addLines(head + 'ADD a.txt /a\r# bulkhead-ignore-file add-instead-of-copy\n' + USER), []);
  assert.deepEqual(addLines('FROM alpine:3.20\r# bulkhead-ignore add-instead-of-copy\rADD a.txt /a\r' + USER), []);

  // "Ignore for this instruction" merges into the comment above, or inserts one that then works
  const doc = { uri: 'file:///work/Dockerfile', version: 1 };
  for (const text of [head + '# bulkhead-ignore root-user\nADD a.txt /a\n' + USER, head + 'ADD a.txt /a\n' + USER]) {
    const r = lint(text);
    const add = r.diagnostics.find(
      (d) => d.code === 'add-instead-of-copy' && d.range.start.line === 3 + (text.includes('root-user') ? 1 : 0),
    );
    const action = codeActionsDockerfile(r, doc, add.range, [add]).find(
      (a) => a.title === 'Ignore add-instead-of-copy for this instruction',
    );
    const ignored = apply(text, action.edit.changes[doc.uri]);
    assert.deepEqual(addLines(ignored), [2], JSON.stringify(ignored));
    if (text.includes('root-user'))
      assert.ok(
        ignored.includes('# bulkhead-ignore root-user,add-instead-of-copy\nADD a.txt'),
        JSON.stringify(ignored),
      );
  }
});

test("each kind's hover says how that kind suppresses a finding (Compose: above the line or service; daemon.json: .bulkhead.json)", () => {
  const hover = (id: string) => explainRule(ruleById(id)!);
  assert.match(hover('root-user'), /`# bulkhead-ignore root-user -- reason` above the instruction/);
  assert.match(hover('compose-privileged'), /above the line, or above the service's name/);
  assert.doesNotMatch(hover('compose-privileged'), /instruction/);
  assert.match(hover('icc-enabled'), /`"icc-enabled": "off"` in the `rules` of `.bulkhead.json`/);
  assert.doesNotMatch(hover('icc-enabled'), /bulkhead-ignore/);
});

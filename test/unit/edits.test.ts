// Edit builders (server/src/dockerfile/edits.ts): appended lines must become instructions of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits, checkFixes } from './helpers';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';

/** Each instruction as Docker reads it: keyword and joined arguments (continuations, comments and blank lines out). */
const instructions = (text) =>
  parseDockerfile(text).instructions.map((i) => [i.keyword, i.body.text.replace(/\s+/g, ' ').trim()]);

function rootUserFix(text) {
  const d = lint(text).diagnostics.find((x) => x.code === 'root-user');
  assert.ok(d, 'root-user fires');
  const fix = d.data.fixes[0];
  assert.ok(fix, 'root-user has a fix');
  return applyEdits(text, fix.edits).text;
}

test('appending after a dangling line continuation: the new lines are not swallowed by the last RUN', () => {
  const cases = [
    'FROM alpine:3.22\nRUN apk add --no-cache curl \\\n',
    'FROM alpine:3.22\nRUN apk add --no-cache curl \\',
    'FROM alpine:3.22\nRUN apk add --no-cache curl \\  \n\n# trailing note\n\n',
    'FROM alpine:3.22\r\nRUN apk add --no-cache curl \\\r\n',
    'FROM alpine:3.22\nRUN apk add \\\n    --no-cache curl \\\n',
  ];
  for (const text of cases) {
    const before = instructions(text);
    const after = rootUserFix(text);
    const got = instructions(after);
    assert.deepEqual(
      got.map(([k]) => k),
      ['FROM', 'RUN', 'RUN', 'USER'],
      JSON.stringify(after),
    );
    // the user's RUN reads as it did (Docker ends a continuation at the end of the file)
    assert.deepEqual(got[1], before[1], JSON.stringify(after));
    assert.equal(got[3][1], '10001:10001');
    // only the dangling escape went; everything else the user wrote is still there, in order
    assert.equal(after.slice(0, text.lastIndexOf('\\')), text.slice(0, text.lastIndexOf('\\')));
    assert.ok(after.includes(text.slice(text.lastIndexOf('\\') + 1)), JSON.stringify(after));
    assert.ok(checkFixes(text, 'root-user') > 0);
  }
});

test('appending without a dangling continuation changes nothing of what is there', () => {
  for (const text of [
    'FROM alpine:3.22\nRUN apk add --no-cache curl\n',
    'FROM alpine:3.22\nRUN apk add --no-cache curl',
    'FROM alpine:3.22\nRUN echo "a \\\\"\n# note \\\n',
  ]) {
    const after = rootUserFix(text);
    assert.equal(after.slice(0, text.length), text.endsWith('\n') ? text : text);
    assert.deepEqual(
      instructions(after).map(([k]) => k),
      ['FROM', 'RUN', 'RUN', 'USER'],
      JSON.stringify(after),
    );
  }
});

test('a heredoc as the last instruction is left alone', () => {
  const text = 'FROM alpine:3.22\nRUN <<EOF\napk add curl \\\nEOF\n';
  const after = rootUserFix(text);
  assert.equal(after.slice(0, text.length), text);
  assert.deepEqual(
    instructions(after).map(([k]) => k),
    ['FROM', 'RUN', 'RUN', 'USER'],
  );
});

test('no USER or HEALTHCHECK is appended after a heredoc that is never closed: it would become part of its body', () => {
  const fixesOf = (text, rule) =>
    lint(text)
      .diagnostics.filter((d) => d.code === rule)
      .flatMap((d) => d.data.fixes);
  for (const text of [
    'FROM nginx:1.27\nRUN <<EOF\necho hi\n',
    'FROM nginx:1.27\nRUN <<EOF\necho hi',
    'FROM nginx:1.27\nRUN <<EOF',
    'FROM nginx:1.27\nRUN <<EOF cat > /x\nhello\n\nCMD ["x"]\n',
    'FROM nginx:1.27\nRUN <<EOF\necho hi\n\tEOF\n',
    'FROM nginx:1.27\nCOPY <<A <<B /x/\na\nA\nb\n',
  ]) {
    for (const rule of ['root-user', 'healthcheck-missing']) {
      assert.equal(
        lint(text).diagnostics.filter((d) => d.code === rule).length,
        1,
        `${rule} fires on ${JSON.stringify(text)}`,
      );
      assert.deepEqual(
        fixesOf(text, rule).map((f) => f.title),
        [],
        `${rule} offers a fix on ${JSON.stringify(text)}`,
      );
    }
  }
  // a closed heredoc (a body line may end with a backslash, and `<<-` drops leading tabs) still gets the fixes
  for (const text of [
    'FROM nginx:1.27\nRUN <<EOF\necho hi \\\nEOF\n',
    'FROM nginx:1.27\nRUN <<-EOF\n\techo hi\n\tEOF',
    'FROM nginx:1.27\nCOPY <<A <<B /x/\na\nA\nb\nB\n',
  ]) {
    for (const rule of ['root-user', 'healthcheck-missing']) {
      const fixes = fixesOf(text, rule);
      assert.ok(fixes.length > 0, `${rule} has no fix on ${JSON.stringify(text)}`);
      for (const f of fixes)
        assert.deepEqual(
          instructions(applyEdits(text, f.edits).text).slice(0, 2),
          instructions(text).slice(0, 2),
          f.title,
        );
    }
  }
});

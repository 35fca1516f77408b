// Fix All as ESLint applies fixes (service/fixAll.ts): non-overlapping fixes per round, touching ones deferred, re-lint,
// repeat until stable (at most MAX_FIX_ALL_ROUNDS rounds), one minimal edit for the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits } from './helpers';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { MAX_FIX_ALL_ROUNDS, fixAllEdits, fixAllUntilStable, smallestEdit } from '../../server/src/service/fixAll';
import { lintDocument } from '../../server/src/service/languages';

const SEED = 20261206;
const at = (line, character) => ({ line, character });
/** A finding whose one fix Fix All may apply. */
const finding = (rule, edits, extra = {}) => ({
  range: { start: at(0, 0), end: at(0, 0) },
  message: rule,
  data: { rule, fixes: [{ title: `fix ${rule}`, edits, isPreferred: true, ...extra }] },
});
const insert = (line, character, newText) => ({
  range: { start: at(line, character), end: at(line, character) },
  newText,
});

test('one round: overlapping and touching fixes wait, an identical edit offered twice is taken once, manual fixes are left', () => {
  const chosen = fixAllEdits({
    diagnostics: [
      finding('a', [insert(0, 3, 'X')]),
      finding('b', [insert(0, 3, 'Y')]), // touches a: next round
      finding('c', [insert(0, 3, 'X')]), // the same edit as a: taken once
      finding('d', [{ range: { start: at(0, 1), end: at(0, 4) }, newText: 'Z' }]), // overlaps a
      finding('e', [insert(0, 6, 'W')]),
      finding('f', [insert(0, 8, 'V')], { manual: true }),
    ],
  });
  assert.deepEqual(chosen, [insert(0, 3, 'X'), insert(0, 6, 'W')]);
});

test('until stable: each round lints the text the last one left, and the user gets one edit', () => {
  // a "rule" that wants each letter in brackets, and offers all of them at once though neighbours' edits touch
  const wrap = (i) => ({ range: { start: at(0, i), end: at(0, i + 1) }, newText: null });
  const lint = (text) => ({
    diagnostics: [...text].flatMap((c, i) =>
      /[a-z]/.test(c) && text[i - 1] !== '(' ? [finding(`wrap${i}`, [{ ...wrap(i), newText: `(${c})` }])] : [],
    ),
  });
  const lints = [];
  const counting = (text) => (lints.push(text), lint(text));
  const text = 'x abc y';
  const edits = fixAllUntilStable(text, lint(text), counting);
  assert.equal(edits.length, 1);
  assert.equal(applyEdits(text, edits).text, '(x) (a)(b)(c) (y)');
  // round 1 wraps x, a, c and y (b's edit touches a's); round 2 wraps b; the lint after it finds nothing
  assert.deepEqual(lints, ['(x) (a)b(c) (y)', '(x) (a)(b)(c) (y)']);
});

test('a fix that never settles stops after MAX_FIX_ALL_ROUNDS rounds', () => {
  let lints = 0;
  const endless = (text) => (lints++, { diagnostics: [finding('grow', [insert(0, text.length, '+')])] });
  const edits = fixAllUntilStable('', endless(''), endless);
  assert.equal(applyEdits('', edits).text, '+'.repeat(MAX_FIX_ALL_ROUNDS));
  assert.equal(lints, MAX_FIX_ALL_ROUNDS, 'the first lint and one after each round but the last');
});

test('nothing to fix: no edit', () => {
  assert.deepEqual(
    fixAllUntilStable('FROM alpine\n', { diagnostics: [] }, () => assert.fail('no re-lint')),
    [],
  );
});

test('the smallest edit turns the text into the fixed one and never splits a CR LF or a surrogate pair (fast-check)', () => {
  const pieces = fc.constantFrom('a', 'b', '\r\n', '\n', '\u{1F433}', ' ', 'RUN ');
  const text = fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const edit = smallestEdit(before, after);
      assert.equal(applyEdits(before, [edit]).text, after);
      const lines = before.split(/\r\n|\n/);
      for (const p of [edit.range.start, edit.range.end]) {
        assert.ok(
          p.line < lines.length && p.character <= lines[p.line].length,
          `${JSON.stringify(p)} is past its line`,
        );
        const c = lines[p.line].charCodeAt(p.character);
        assert.ok(!(c >= 0xdc00 && c <= 0xdfff), 'an end inside a surrogate pair');
      }
    }),
    { seed: SEED, numRuns: 500 },
  );
});

test('Fix All on a Dockerfile through the pipeline: one edit, and linting the result leaves nothing Fix All would do', () => {
  const text = 'FROM node:20\nADD app.js /app/\nADD conf /etc/app/\nRUN apt-get update && apt-get install curl\n';
  const uri = 'file:///w/Dockerfile';
  const setup = { config: DEFAULT_CONFIG };
  const edits = lintDocument('dockerfile', text, uri, setup).fixAll();
  assert.equal(edits.length, 1);
  const fixed = applyEdits(text, edits).text;
  assert.match(fixed, /COPY app\.js \/app\/\nCOPY conf \/etc\/app\//);
  assert.deepEqual(lintDocument('dockerfile', fixed, uri, setup).fixAll(), []);
});

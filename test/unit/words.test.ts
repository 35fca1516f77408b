// The words layer (server/src/dockerfile/model/words.ts) against BuildKit's own lexer tables
// (test/fixtures/buildkit/, copied from moby/buildkit v0.32.2 frontend/dockerfile/shell/), read the way lex_test.go reads
// them, and the linter's extension: unknown variables make unknown stretches, never a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  processWord,
  processWords,
  lookupIn,
  MAX_WORD_NESTING,
  matchBudget,
  type Lookup,
  type WordPart,
} from '../../server/src/dockerfile/model/words';

const DIR = path.join(__dirname, '../fixtures/buildkit');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

/** BuildKit's EnvsFromSlice over a map: every key is set (an empty value is set and empty); the rest unset. */
const envOf =
  (env: Record<string, string>): Lookup =>
  (name) =>
    Object.hasOwn(env, name) ? { state: 'set', value: env[name] } : { state: 'unset' };

const BS = { escape: '\\' };
const text = (parts: WordPart[]) => parts.map((p) => ('text' in p ? p.text : '<?>')).join('');

test('envVarTest: every line for Linux gives BuildKit’s result (TestShellParser4EnvVars, lex_test.go:87-134)', () => {
  const env = envOf({ PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' });
  let checked = 0;
  const wrong: string[] = [];
  for (const raw of read('envVarTest').split('\n')) {
    if (raw.startsWith('#')) continue;
    const line = raw.trim();
    if (!line) continue;
    const fields = line.split('|');
    assert.equal(fields.length, 3, line);
    const [platform, input, expected] = fields.map((f) => f.trim());
    if (platform === 'W') continue; // Windows builds compare variable names case-insensitively
    const got = processWord(input, env, BS);
    checked++;
    if (expected === 'error') {
      if (!got.error) wrong.push(`${input}: expected an error, got ${JSON.stringify(got.value)}`);
    } else if (got.error || got.value !== expected)
      wrong.push(`${input}: expected ${JSON.stringify(expected)}, got ${got.error ?? JSON.stringify(got.value)}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(checked, 228, 'every Linux line of envVarTest');
});

test('wordsTest: ProcessWords splits as BuildKit does (TestShellParser4Words, lex_test.go:136-196)', () => {
  const envs: Record<string, string> = {};
  let checked = 0;
  for (const line of read('wordsTest').split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    if (line.startsWith('ENV ')) {
      const kv = line.slice(3).replace(/^ +/, '');
      const at = kv.indexOf('=');
      envs[kv.slice(0, at)] = kv.slice(at + 1);
      continue;
    }
    const fields = line.split('|');
    assert.equal(fields.length, 2, line);
    const input = fields[0].trim();
    const expected = fields[1].replace(/^ +/, '').split(',');
    const got = processWords(input, envOf({ ...envs }), BS);
    const words = got.error ? ['error'] : got.words!.map(text);
    assert.deepEqual(words, expected, `${input}`);
    checked++;
  }
  assert.equal(checked, 24);
});

test('TestProcessWithMatches: results, and which variables were found and which were not (lex_test.go:240-611)', () => {
  const { cases } = JSON.parse(read('lexMatchesTest.json'));
  assert.equal(cases.length, 47);
  for (const c of cases) {
    const got = processWord(c.input, envOf(c.envs), BS);
    const where = `lex_test.go:${c.goLine} ${c.input}`;
    if (c.expectedErr) {
      assert.ok(got.error, `${where}: expected an error`);
      continue;
    }
    assert.equal(got.error, undefined, where);
    assert.equal(got.value, c.expected, where);
    const matched = [...got.reads].filter(([, s]) => s === 'set').map(([n]) => n);
    const unmatched = [...got.reads].filter(([, s]) => s === 'unset').map(([n]) => n);
    assert.deepEqual(matched.sort(), [...c.matches].sort(), `${where}: matched`);
    assert.deepEqual(unmatched.sort(), [...c.unmatched].sort(), `${where}: unmatched`);
  }
});

test('mandatory variables and the platform release name (lex_test.go:52-85, 613-648)', () => {
  const misc = JSON.parse(read('lexMiscTest.json'));
  for (const c of misc.mandatoryEnvVars.cases) {
    const got = processWord(c.input, envOf(c.env), BS);
    if (c.errorContains) assert.ok(got.error?.includes(c.errorContains), `${c.input}: ${got.error}`);
    else assert.equal(got.value, c.expected, c.input);
  }
  for (const c of misc.platformRelease.cases)
    assert.equal(processWord(misc.platformRelease.input, envOf(c.env), BS).value, c.expected);
});

test('the escape directive: with `# escape=`` ` `` the backtick escapes and a backslash is an ordinary character', () => {
  const env = envOf({ PWD: '/home' });
  const tick = { escape: '`' };
  assert.equal(processWord('C:\\dir\\file', env, tick).value, 'C:\\dir\\file');
  assert.equal(processWord('a`$PWD', env, tick).value, 'a$PWD');
  assert.equal(processWord('"a`"b"', env, tick).value, 'a"b');
  assert.equal(processWord('"a\\tb"', env, tick).value, 'a\\tb');
  assert.equal(processWord('he\\$PWD', env, tick).value, 'he\\/home');
});

test('unknown variables make unknown stretches, and the known shape around them stays', () => {
  const vars = new Map<string, string | undefined>([
    ['REGISTRY', undefined], // ARG REGISTRY (no default): a build argument
    ['NAME', 'app'],
  ]);
  const inStage = lookupIn(vars, 'unknown');
  const inFrom = lookupIn(vars, 'unset');
  const w = processWord('${REGISTRY}/ubuntu', inFrom, BS);
  assert.equal(w.value, null);
  assert.deepEqual(w.parts, [{ unknown: 'REGISTRY' }, { text: '/ubuntu' }]);
  // a variable no ARG declares is unset in FROM (BuildKit: empty) and unknown in a stage (a base image may set it)
  assert.equal(processWord('alpine$TAG', inFrom, BS).value, 'alpine');
  assert.deepEqual(processWord('alpine$TAG', inStage, BS).parts, [{ text: 'alpine' }, { unknown: 'TAG' }]);
  // modifiers of an unknown variable are unknown; of a known one, evaluated
  // a build argument without a default is unset unless the build passes it: `:-` gives the author's default for the
  // build that passes none (as `ARG REGISTRY=docker.io` would); `:+` cannot be known
  assert.equal(processWord('${REGISTRY:-docker.io}/x', inFrom, BS).value, 'docker.io/x');
  assert.deepEqual(processWord('${REGISTRY:+r}/x', inFrom, BS).parts, [{ unknown: 'REGISTRY' }, { text: '/x' }]);
  // a variable of a base image may be set or not: neither branch is known
  assert.deepEqual(processWord('${PATH:-/bin}', inStage, BS).parts, [{ unknown: 'PATH' }]);
  assert.equal(processWord('${NAME:+${NAME}-}1', inFrom, BS).value, 'app-1');
  assert.equal(processWord('"${NAME}" \'${NAME}\'', inFrom, BS).value, 'app ${NAME}');
  // ProcessWords cannot split an unquoted unknown, but can a quoted one
  assert.equal(processWords('80 $REGISTRY', inFrom, BS).words, null);
  assert.deepEqual(processWords('80 "$REGISTRY"', inFrom, BS).words, [[{ text: '80' }], [{ unknown: 'REGISTRY' }]]);
});

test('shell patterns: shortest and longest prefix and suffix, first and every replacement', () => {
  const env = envOf({ V: 'linux/arm64/v8', F: 'a.tar.gz', P: '/usr/local/etc/php' });
  assert.equal(processWord('${V#*/}', env, BS).value, 'arm64/v8');
  assert.equal(processWord('${V##*/}', env, BS).value, 'v8');
  assert.equal(processWord('${F%.*}', env, BS).value, 'a.tar');
  assert.equal(processWord('${F%%.*}', env, BS).value, 'a');
  assert.equal(processWord('${P%/*}/conf.d', env, BS).value, '/usr/local/etc/conf.d');
  assert.equal(processWord('${V/\\//-}', env, BS).value, 'linux-arm64/v8');
  assert.equal(processWord('${V//\\//-}', env, BS).value, 'linux-arm64-v8');
  assert.equal(processWord('${V/?inux/L}', env, BS).value, 'L/arm64/v8');
  assert.ok(processWord('${V#\\x}', env, BS).error?.includes('invalid escape'));
});

test('nesting past the bound is "too deep to judge", never a value; long patterns are bounded work', () => {
  const deep = '${A:-'.repeat(MAX_WORD_NESTING + 1) + 'x' + '}'.repeat(MAX_WORD_NESTING + 1);
  const w = processWord(deep, envOf({}), BS);
  assert.equal(w.tooDeep, true);
  assert.equal(w.value, null);
  const shallow = '${A:-'.repeat(MAX_WORD_NESTING - 2) + 'x' + '}'.repeat(MAX_WORD_NESTING - 2);
  assert.equal(processWord(shallow, envOf({}), BS).value, 'x');
  const big = envOf({ V: 'a'.repeat(20_000) });
  const p = processWord('${V#' + '*a'.repeat(400) + 'b}', big, BS);
  assert.ok(p.tooDeep || p.value !== null);
});

test('property: any word evaluates to a value, an error or "too deep", and a known word is all text', () => {
  const alphabet = fc.constantFrom(
    'a',
    'b',
    ' ',
    '$',
    '{',
    '}',
    ':',
    '-',
    '+',
    '?',
    '#',
    '%',
    '/',
    '"',
    "'",
    '\\',
    '*',
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
      const word = chars.join('');
      const env = lookupIn(
        new Map([
          ['a', 'x y'],
          ['b', undefined],
        ]),
        'unset',
      );
      const w = processWord(word, env, BS);
      if (w.error || w.tooDeep) return w.value === null;
      const known = w.parts.every((p) => 'text' in p);
      return known ? w.value === w.parts.map((p) => ('text' in p ? p.text : '')).join('') : w.value === null;
    }),
    { seed: 15, numRuns: 3000 },
  );
});

test('a word that grows past MAX_WORD_LENGTH once evaluated is "too deep", never a crash', () => {
  const env = envOf({ A: 'x'.repeat(40_000) });
  const w = processWord('$A$A', env, BS);
  assert.equal(w.tooDeep, true);
  assert.equal(w.value, null);
  assert.equal(processWord('$A', env, BS).value?.length, 40_000);
});

test('pattern work is charged for the steps taken and shared by the words of one budget', () => {
  // an ordinary replacement on a long value is judged (it used to be charged the whole value at every position)
  const long = envOf({ V: 'a b '.repeat(1000) });
  assert.equal(processWord('${V// /,}', long, BS).value, 'a,b,'.repeat(1000));
  // a hostile pattern spends the budget it is given, and every later word with that budget is not judged
  const budget = matchBudget();
  const options = { escape: '\\', budget };
  const v = envOf({ V: 'a'.repeat(2000) });
  let judged = 0;
  for (let i = 0; i < 200; i++) if (!processWord('${V//?*z/x}', v, options).tooDeep) judged++;
  assert.ok(budget.steps < 0, 'the shared budget ran out');
  assert.ok(judged < 200, `${judged} of 200 words judged`);
});

// The unified diff of `bulkhead check --fix-dry-run` (server/src/text/diff.ts): what it prints is what git applies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { unifiedDiff } from '../../server/src/text/diff';
import { tempDir } from './cli-helpers';

const { dir, cleanup } = tempDir('bulkhead-diff-');
after(cleanup);

/** Apply a diff to `before` with `git apply` (an independent reader of the format) and return the result. */
function gitApply(before: string, diff: string): string {
  const file = path.join(dir, 'f');
  fs.writeFileSync(file, before);
  fs.writeFileSync(path.join(dir, 'p.diff'), diff);
  execFileSync('git', [
    'apply',
    '--unsafe-paths',
    `--directory=${path.relative(process.cwd(), dir)}`,
    path.join(dir, 'p.diff'),
  ]);
  return fs.readFileSync(file, 'utf8');
}

test('equal texts give no diff; a change gives the hunk diff -u writes', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'a/f', 'b/f'), '');
  const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ''].join('\n');
  const afterText = before.replace('5\n', 'five\n');
  assert.equal(
    unifiedDiff(before, afterText, 'a/f', 'b/f'),
    '--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
  );
  // an insertion at the start, and a last line without a line break
  assert.equal(
    unifiedDiff('a', 'x\na', 'a/f', 'b/f'),
    '--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n+x\n a\n\\ No newline at end of file\n',
  );
  assert.equal(unifiedDiff('', 'x\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x\n');
});

test('names are written as git writes them: quoted when they hold a control character, a quote, a backslash or non-ASCII', () => {
  // each expected header is what `git diff` prints for a file of that name (git/quote.c; a tab after a name with a
  // space)
  const cases: [string, string][] = [
    ['Dockerfile', 'a/Dockerfile'],
    ['a\nb', '"a/a\\nb"'],
    ['sp ace', 'a/sp ace\t'],
    ['q"uote', '"a/q\\"uote"'],
    ['back\\sl', '"a/back\\\\sl"'],
    ['caf\u00e9', '"a/caf\\303\\251"'],
    ['esc\u001b[2J', '"a/esc\\033[2J"'],
    ['del\u007f', '"a/del\\177"'],
    ['tab\there', '"a/tab\\there"'],
    ['bell\u0007 x', '"a/bell\\a x"\t'],
  ];
  for (const [name, header] of cases) {
    const diff = unifiedDiff('x\n', 'y\n', `a/${name}`, `b/${name}`);
    assert.equal(diff.split('\n')[0], `--- ${header}`, JSON.stringify(name));
    assert.equal(diff.split('\n')[1], `+++ ${header.replace('a/', 'b/')}`, JSON.stringify(name));
  }
});

test('git apply and GNU patch read the quoted names back: a line break in a name forges no header', (t) => {
  // such names are not valid on Windows
  if (process.platform === 'win32') return t.skip('file names with line breaks and control characters are POSIX-only');
  const names = ['a\nb', 'x\n+++ b/Dockerfile', 'sp ace', 'q"uote', 'caf\u00e9', 'esc\u001b]0;t\u0007', 'tab\there'];
  const work = path.join(dir, 'names');
  fs.mkdirSync(work);
  spawnSync('git', ['init', '-q'], { cwd: work });
  let diff = '';
  for (const name of names) {
    // `x\n+++ b/` is a folder: written raw, its file's header would end in a `+++ b/Dockerfile` line of its own
    fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    fs.writeFileSync(path.join(work, name), 'one\ntwo\n');
    diff += unifiedDiff('one\ntwo\n', 'one\n2\n', `a/${name}`, `b/${name}`);
  }
  fs.writeFileSync(path.join(work, 'Dockerfile'), 'untouched\n');
  fs.writeFileSync(path.join(dir, 'names.diff'), diff);
  const applied = spawnSync('git', ['apply', path.join(dir, 'names.diff')], { cwd: work, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  for (const name of names) assert.equal(fs.readFileSync(path.join(work, name), 'utf8'), 'one\n2\n', name);
  assert.equal(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8'), 'untouched\n', 'no forged target');
  const patch = spawnSync('patch', ['--version'], { encoding: 'utf8' });
  if (patch.status !== 0) return; // git apply above is the reader the tests require; GNU patch when installed
  for (const name of names) fs.writeFileSync(path.join(work, name), 'one\ntwo\n');
  const patched = spawnSync('patch', ['-p1', '-i', path.join(dir, 'names.diff')], { cwd: work, encoding: 'utf8' });
  assert.equal(patched.status, 0, patched.stdout + patched.stderr);
  for (const name of names) assert.equal(fs.readFileSync(path.join(work, name), 'utf8'), 'one\n2\n', `patch: ${name}`);
  assert.equal(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8'), 'untouched\n', 'patch: no forged target');
});

test('changes far apart get a hunk each; close ones share one', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i}\n`);
  const far = [...lines];
  far[2] = 'two\n';
  far[25] = 'twenty-five\n';
  assert.equal(unifiedDiff(lines.join(''), far.join(''), 'a/f', 'b/f').match(/^@@/gm)?.length, 2);
  const near = [...lines];
  near[10] = 'ten\n';
  near[14] = 'fourteen\n';
  assert.equal(unifiedDiff(lines.join(''), near.join(''), 'a/f', 'b/f').match(/^@@/gm)?.length, 1);
});

test('property: git apply turns the text into the other (CRLF lines and a missing last line break included)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\r\n', 'RUN x\n', '\n'), { maxLength: 30 }),
      fc.constantFrom('', 'end'),
      fc.array(fc.tuple(fc.nat(2), fc.nat(40), fc.constantFrom('X\n', 'Y\r\n', 'a\n')), { maxLength: 8 }),
      (lines, last, edits) => {
        const before = lines.join('') + last;
        const changed: string[] = [...lines];
        for (const [op, at, line] of edits) {
          const i = at % (changed.length + 1);
          if (op === 0) changed.splice(i, 0, line);
          else if (op === 1) changed.splice(i, 1);
          else changed[i] = line;
        }
        const afterText = changed.join('') + last;
        const diff = unifiedDiff(before, afterText, 'a/f', 'b/f');
        if (before === afterText) return diff === '';
        return gitApply(before, diff) === afterText;
      },
    ),
    { seed: 20261206, numRuns: 120 },
  );
});

test('a long unrelated text is still a correct diff, with bounded work (the middle replaced whole)', () => {
  const before = Array.from({ length: 3000 }, (_, i) => `a${i}\n`).join('');
  const afterText = Array.from({ length: 3000 }, (_, i) => `b${i}\n`).join('');
  const diff = unifiedDiff(before, afterText, 'a/f', 'b/f');
  assert.equal(gitApply(before, diff), afterText);
});

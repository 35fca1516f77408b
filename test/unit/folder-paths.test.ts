// The CLI's per-folder names (cli/folderPaths.ts) and the walk's join (service/walk.ts joinListed) give the answers the
// path functions they stand in for give, for every path: a fast path where joining is exact, the full work elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { FolderPaths } from '../../server/src/cli/folderPaths';
import { joinListed } from '../../server/src/service/walk';

/** What the CLI worked out for each file before (cli.ts displayName, service/baseline.ts baselinePath). */
const expected = (from: string, file: string) => {
  const rel = path.relative(from, file) || path.basename(file);
  return {
    relative: rel,
    relativeUri: rel.split(path.sep).map(encodeURIComponent).join('/'),
    relativeSlashed: path.relative(from, file).split(path.sep).join('/'),
    url: pathToFileURL(file).toString(),
  };
};
const answers = (paths: FolderPaths, file: string) => ({
  relative: paths.relative(file),
  relativeUri: paths.relativeUri(file),
  relativeSlashed: paths.relativeSlashed(file),
  url: paths.url(file),
});

// names from plain ones to ones no joining may take as they are: dots, spaces, escapes, separators, URL delimiters
const segment = fc.oneof(
  fc.constantFrom('a', 'b', 'svc-01', 'Dockerfile', 'compose.yaml', '.dockerignore', 'a.b', '_x', 'A-Z'),
  fc.constantFrom('.', '..', '', 'c#', 'q?x', '100%', '%2e%2e', 'sp ace', 'é', 'back\\slash', 'tab\t', 'new\nline'),
  fc.stringMatching(/^[a-z.#%? -]{1,4}$/),
);
const absolute = fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`);

test('FolderPaths answers as path.relative, encodeURIComponent and pathToFileURL do, for any file and folder', (t) => {
  if (process.platform === 'win32') return t.skip('the generated paths are POSIX paths');
  fc.assert(
    fc.property(
      absolute,
      fc.array(
        fc.oneof(
          absolute,
          fc.array(segment, { maxLength: 3 }).map((s) => s.join('/')),
        ),
        { maxLength: 12 },
      ),
      fc.boolean(),
      fc.boolean(),
      (from, files, relatedToFrom, normalized) => {
        // a folder as path.resolve gives it, or as written (`/a//b`, `/a/./b`, `/a/`: never joined to)
        const cwd = normalized ? path.normalize(from) : from;
        const paths = new FolderPaths(cwd);
        // files under the folder, beside it and above it, as a walk and a command line give them
        const clean = path.normalize(cwd);
        const all = relatedToFrom
          ? [...files, ...files.map((f) => `${cwd}/${f}`), path.dirname(cwd), cwd, path.dirname(clean), clean]
          : files;
        for (const file of all) {
          // twice: the folder's parts worked out, then remembered
          assert.deepEqual(
            answers(paths, file),
            expected(cwd, file),
            `from ${JSON.stringify(cwd)}: ${JSON.stringify(file)}`,
          );
          assert.deepEqual(answers(paths, file), expected(cwd, file));
        }
      },
    ),
    { seed: 21, numRuns: 2000 },
  );
});

test('FolderPaths works paths out in full where joining would not be exact: a folder not normalized, Windows', () => {
  const paths = new FolderPaths('/work/src/');
  for (const file of ['/work/src/Dockerfile', '/work/other/x/Dockerfile', '/work/src/../Dockerfile'])
    assert.deepEqual(answers(paths, file), expected('/work/src/', file));
  // on Windows nothing is joined (the platform's path functions are the answer; here POSIX's stand in for them)
  const win = new FolderPaths('/work', 'win32');
  for (const file of ['/work/a/Dockerfile', '/work/b/compose.yaml'])
    assert.deepEqual(answers(win, file), expected('/work', file));
  assert.equal(win.foldersWorkedOut, 0);
});

test('FolderPaths works out each folder once, however many of its files are named', () => {
  const paths = new FolderPaths('/repo', 'linux');
  for (let i = 0; i < 50; i++) {
    paths.url(`/repo/svc/Dockerfile.v${i}`);
    paths.relative(`/repo/api/Dockerfile.v${i}`);
  }
  assert.equal(paths.foldersWorkedOut, 2);
  // a name that is not plain is worked out in full, and its folder is not worked out for it
  paths.url('/repo/web/Dockerfile 2');
  assert.equal(paths.foldersWorkedOut, 2);
});

test('joinListed is path.join for a normalized absolute folder and a name from its listing', () => {
  const listed = fc
    .oneof(segment, fc.string({ minLength: 1, maxLength: 6 }))
    // a listing's name holds no separator (on Windows neither `\\` nor `/`)
    .filter((n) => n !== '' && n !== '.' && n !== '..' && !/[\\/\0]/.test(n));
  fc.assert(
    fc.property(absolute, listed, (dir, name) => {
      const folder = path.normalize(dir);
      assert.equal(joinListed(folder, name), path.join(folder, name));
    }),
    { seed: 21, numRuns: 3000 },
  );
});

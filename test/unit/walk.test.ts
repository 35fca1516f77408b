// The walk and the per-folder look-ups of a run over many files (issue 21): one listing per folder, one realpath per
// folder named, configuration and .dockerignore files read once per run, no system call for a file a folder does not
// hold. The work is counted (the cache's counters, and fs calls wrapped for the duration of one call), never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { collectTargets } from '../../server/src/service/walk';
import { contextFileReader, DirectoryCache, findConfigFiles, readDockerignore } from '../../server/src/config/files';
import { runCli, tempDir, writeTree } from './cli-helpers';

/** Counts the calls to some fs functions while `fn` runs. */
function countFs<T>(fn: () => T): { value: T; calls: Record<string, number> } {
  const names = ['statSync', 'lstatSync', 'readFileSync', 'readdirSync', 'realpathSync', 'openSync'] as const;
  const calls: Record<string, number> = {};
  const saved = names.map((n) => [n, fs[n]] as const);
  for (const [n, original] of saved) {
    calls[n] = 0;
    (fs as unknown as Record<string, unknown>)[n] = Object.assign((...args: unknown[]) => {
      calls[n]++;
      return (original as (...a: unknown[]) => unknown)(...args);
    }, original);
  }
  try {
    return { value: fn(), calls };
  } finally {
    for (const [n, original] of saved) (fs as unknown as Record<string, unknown>)[n] = original;
  }
}

function repo(folders: number, perFolder: number) {
  const files: Record<string, string> = { '.bulkhead.json': '{"rules":{"root-user":"off"}}' };
  for (let d = 0; d < folders; d++) {
    if (d % 2 === 0) files[`svc${d}/.dockerignore`] = '.git\n';
    for (let i = 0; i < perFolder; i++) files[`svc${d}/Dockerfile.v${i}`] = 'FROM alpine:3.20\n';
  }
  return files;
}

test('a folder walk lists each folder once, resolves each folder once, and stats no walked file', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, repo(4, 25));
  const listed: string[] = [];
  const { value, calls } = countFs(() => collectTargets(['.'], dir, undefined, { onListing: (d) => listed.push(d) }));
  assert.equal(value.targets.length, 100);
  assert.deepEqual(value.problems, []);
  assert.equal(calls.readdirSync, 5, 'the root and four folders');
  assert.deepEqual(listed.map((d) => path.relative(dir, d)).sort(), ['', 'svc0', 'svc1', 'svc2', 'svc3']);
  assert.equal(calls.realpathSync, 1, 'the folder named: those the walk lists are their parent plus their name');
  assert.equal(calls.statSync + calls.lstatSync, 1, 'the path named on the command line only');
});

test('a folder walked through a link: its files are known by their real paths, named again or walked again they count once', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, { 'real/svc0/Dockerfile': 'FROM alpine\n', 'real/svc1/deep/Dockerfile': 'FROM alpine\n' });
  fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
  const { value, calls } = countFs(() =>
    collectTargets(['link', 'real/svc1/deep/Dockerfile', 'real/svc0', 'real'], dir),
  );
  assert.deepEqual(
    value.targets.map((t) => path.relative(dir, t.file)),
    ['link/svc0/Dockerfile', 'link/svc1/deep/Dockerfile'],
  );
  assert.deepEqual(value.problems, []);
  // the link, the named file's folder, the two folders named
  assert.equal(calls.realpathSync, 4);
});

/** Two folders of ten Dockerfiles and a link to one of them; the twenty files' paths, one named twice, and the link. */
function namedFiles(t: { after: (fn: () => void) => void }) {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, repo(2, 10));
  fs.symlinkSync(path.join(dir, 'svc0/Dockerfile.v0'), path.join(dir, 'svc1/link.Dockerfile'));
  const named: string[] = [];
  for (let d = 0; d < 2; d++) for (let i = 0; i < 10; i++) named.push(`svc${d}/Dockerfile.v${i}`);
  return { dir, paths: [...named, 'svc0/Dockerfile.v3', 'svc1/link.Dockerfile'] };
}

test('files named on the command line: one lstat each, one realpath per folder; duplicates and links still found', (t) => {
  const { dir, paths } = namedFiles(t);
  const { value, calls } = countFs(() => collectTargets(paths, dir));
  assert.equal(value.targets.length, 20, 'a file named twice, or through a link, is linted once');
  assert.equal(calls.lstatSync, 22);
  assert.equal(calls.statSync, 1, 'the link is followed');
  assert.equal(calls.realpathSync, 3, 'two folders, and the link');
});

test("files named on the command line, with the folders' listings (the CLI): a regular file costs no lstat; links, folders and missing paths as before", (t) => {
  const named = namedFiles(t);
  const dir = named.dir;
  const paths = [...named.paths, 'svc0', 'missing/Dockerfile', 'svc1/absent'];
  const cache = new DirectoryCache();
  const { value, calls } = countFs(() =>
    collectTargets(paths, dir, undefined, { isListedFile: (d, n) => cache.isListedFile(d, n) }),
  );
  // the same answer as without the listings
  assert.deepEqual(value, collectTargets(paths, dir));
  assert.equal(value.targets.length, 20);
  assert.equal(value.problems.length, 2, 'a file in a missing folder, and one missing from a listed folder');
  assert.equal(calls.lstatSync, 4, 'the link, the folder named, and the two missing paths');
  assert.equal(calls.statSync, 1, 'the link is followed');
  // the two folders of named files, the missing folder (tried), and the walk of svc0; not the folder the named folder
  // is in (`svc0` is no Dockerfile's name: it is looked up, not found in a listing of its parent)
  assert.equal(calls.readdirSync, 4);
  assert.equal(cache.counts.listed, 3);
  // the listings then answer the run's own look-ups: no folder listed twice
  assert.equal(cache.mayHave(path.join(dir, 'svc0'), '.dockerignore'), true);
  assert.equal(cache.mayHave(path.join(dir, 'svc1'), '.dockerignore'), false);
  assert.equal(cache.counts.listed, 3);
});

test('DirectoryCache: .dockerignore and configuration looked up once per folder, absent files cost nothing', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, { ...repo(4, 25), 'svc1/Dockerfile.v3.dockerignore': '.env\n' });
  const cache = new DirectoryCache();
  const { targets } = collectTargets(['.'], dir, undefined, { onListing: (d, names) => cache.seed(d, names) });
  const { calls } = countFs(() => {
    for (const { file } of targets) {
      const ignore = readDockerignore(file, undefined, cache);
      const folder = path.basename(path.dirname(file));
      const own = file.endsWith(`svc1${path.sep}Dockerfile.v3`);
      assert.equal(
        ignore && path.relative(dir, ignore.path),
        own ? 'svc1/Dockerfile.v3.dockerignore' : Number(folder.slice(3)) % 2 === 0 ? `${folder}/.dockerignore` : null,
      );
      const config = findConfigFiles(file, dir, cache);
      assert.equal(config.bulkheadJson?.path, path.join(dir, '.bulkhead.json'));
      assert.equal(config.hadolintYaml, undefined);
    }
  });
  assert.equal(calls.readdirSync, 0, 'every folder was listed by the walk');
  assert.equal(calls.openSync, 4, 'two .dockerignore, the per-Dockerfile one and .bulkhead.json, each read once');
  assert.equal(calls.statSync, 0, 'judged by the descriptor, not by a stat of the path (readRegularFile)');
  assert.deepEqual(cache.counts, { listed: 0, read: 4, resolved: 0 });
  // the same answers without the cache
  for (const { file } of targets) {
    assert.deepEqual(readDockerignore(file), readDockerignore(file, undefined, cache));
    assert.deepEqual(findConfigFiles(file, dir), findConfigFiles(file, dir, cache));
  }
});

test('DirectoryCache: a folder not seeded is listed once on first use; the context reader resolves it once', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, { 'app/Dockerfile': 'FROM alpine\n', 'app/run.sh': 'echo hi\n', '.dockerignore': '.git\n' });
  const cache = new DirectoryCache();
  const file = path.join(dir, 'app/Dockerfile');
  for (let i = 0; i < 3; i++) {
    assert.equal(readDockerignore(file, undefined, cache), null);
    assert.equal(contextFileReader(file, undefined, cache)('run.sh'), 'echo hi\n');
    assert.equal(contextFileReader(file, undefined, cache)('../.dockerignore'), null);
  }
  assert.deepEqual(cache.counts, { listed: 1, read: 0, resolved: 1 });
});

test('stopAfter: the walk stops once it has found that many files, listing no folder beyond; fewer found: all of them', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const files: Record<string, string> = {};
  for (let d = 0; d < 10; d++) for (let i = 0; i < 10; i++) files[`d${d}/Dockerfile.${i}`] = 'FROM alpine\n';
  writeTree(dir, files);
  const all = collectTargets([dir], dir);
  assert.equal(all.targets.length, 100);
  assert.equal(all.stopped, undefined);
  const some = countFs(() => collectTargets(['missing', dir], dir, undefined, { stopAfter: 25 }));
  assert.equal(some.value.stopped, true);
  assert.deepEqual(some.value.targets, all.targets.slice(0, 25), 'the first ones, in the walk order');
  assert.deepEqual(some.value.problems, ['missing: no such file or directory']);
  // the root and the three folders holding the first 25 files: not the other seven
  assert.equal(some.calls.readdirSync, 4);
  const fewer = collectTargets([dir], dir, undefined, { stopAfter: 101 });
  assert.equal(fewer.stopped, undefined);
  assert.deepEqual(fewer.targets, all.targets);
});

test('a name that is not UTF-8 is said to be so, not missing: a folder walked, a file found, a path given; a missing name is missing', (t) => {
  // Linux file systems keep any bytes in a name (macOS's and Windows' refuse such names)
  if (process.platform !== 'linux') return t.skip('names that are not UTF-8 are made on Linux only');
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const latin1 = (name: string) => Buffer.concat([Buffer.from(dir + path.sep), Buffer.from(name, 'latin1')]);
  fs.mkdirSync(latin1('café'));
  fs.writeFileSync(latin1('café/Dockerfile'), 'FROM alpine:3.20\n');
  fs.writeFileSync(latin1('Dockerfile.é'), 'FROM alpine:3.20\n');
  writeTree(dir, { 'ok/Dockerfile': 'FROM alpine:3.20\n' });
  const notUtf8 = /: cannot be read: its name is not valid UTF-8 \(\uFFFD marks the bytes that are not\); rename it/;
  const walked = collectTargets(['.'], dir);
  assert.equal(walked.problems.length, 1);
  assert.match(walked.problems[0], /^caf\uFFFD/);
  assert.match(walked.problems[0], notUtf8);
  const given = collectTargets(['caf\uFFFD/Dockerfile', 'missing'], dir);
  assert.equal(given.problems.length, 2);
  assert.match(given.problems[0], notUtf8);
  assert.equal(given.problems[1], 'missing: no such file or directory');
  // missing, not misread: a UTF-8 name that holds U+FFFD itself, a list in Latin-1 naming a UTF-8 folder ("naïve")
  writeTree(dir, { 'naïve/Dockerfile': 'FROM alpine:3.20\n' });
  assert.deepEqual(collectTargets(['ok\uFFFD/Dockerfile', 'na\uFFFDve/Dockerfile'], dir).problems, [
    'ok\uFFFD/Dockerfile: no such file or directory',
    'na\uFFFDve/Dockerfile: no such file or directory',
  ]);
  // the file the listing found is read by the check: the same words (exit 2), the other files checked
  const r = runCli(['check', '.'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Dockerfile\.\uFFFD: cannot be read: its name is not valid UTF-8/);
  assert.match(r.stderr, /caf\uFFFD: cannot be read: its name is not valid UTF-8/);
  assert.match(r.stderr, /2 files checked, 1 not checked/);
  assert.doesNotMatch(r.stderr, /no such file/);
});

// The CLI's V8 code cache (server/src/common/codeCache.ts; issue 21): where it lives, what names a cache file, and — with
// the built `bulkhead` (dist/cli.js running dist/cli-main.js) — that a check writes it once, later checks use it with
// the same output, and that a damaged, foreign, unwritable or switched-off cache changes nothing the user sees.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { BUNDLE_HEAD, codeCacheDir, codeCacheFile } from '../../server/src/common/codeCache';
import { childPoolHere, CLI, tempDir, writeTree } from './cli-helpers';
import { CHECKED_V8, MANY_FILES, TUNED_FLAGS, tuneOptimizer, tunes } from '../../server/src/cli/v8Tuning';
import { coldStart } from '../bench/coldstart.mjs';
import { REEXEC_MIN_FILES } from '../../server/src/cli/childProcess';
import { CHILD_CACHE_VARIANT } from '../../server/src/cli/childArg';

test('the cache folder: BULKHEAD_CODE_CACHE, else $XDG_CACHE_HOME/bulkhead/code-cache, else ~/.cache/…; off turns it off', () => {
  const home = () => '/home/u';
  assert.equal(codeCacheDir({}, home), path.join('/home/u', '.cache', 'bulkhead', 'code-cache'));
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }, home), path.join('/x', 'bulkhead', 'code-cache'));
  assert.equal(codeCacheDir({ BULKHEAD_CODE_CACHE: '/y/z', XDG_CACHE_HOME: '/x' }, home), path.resolve('/y/z'));
  for (const off of ['off', 'OFF', '0', 'false', 'no', ' off '])
    assert.equal(codeCacheDir({ BULKHEAD_CODE_CACHE: off }, home), undefined, off);
  // no home folder (os.homedir throws): no cache rather than a failure
  const noHome = () => {
    throw new Error('no home');
  };
  assert.equal(codeCacheDir({}, noHome), undefined);
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }, noHome), path.join('/x', 'bulkhead', 'code-cache'));
  // a relative $XDG_CACHE_HOME is ignored, as the XDG spec says (it would put the cache in the checked project)
  assert.equal(
    codeCacheDir({ XDG_CACHE_HOME: 'cache' }, home),
    path.join('/home/u', '.cache', 'bulkhead', 'code-cache'),
  );
});

test("a cache file's name tells bundles apart by name, hash, size and modification time, and Node versions apart", () => {
  const base = codeCacheFile('/c', '/d/cli-main.js', 'abc123', { size: 100, mtimeMs: 5.4 });
  assert.equal(path.dirname(base), '/c');
  assert.match(path.basename(base), /^cli-main-[A-Za-z0-9._-]+\.v8cache$/);
  assert.ok(path.basename(base).includes(`${process.version}-${process.versions.v8}-${process.arch}`));
  const others = [
    codeCacheFile('/c', '/d/cli-main.js', 'abc124', { size: 100, mtimeMs: 5.4 }),
    codeCacheFile('/c', '/d/cli-main.js', 'abc123', { size: 101, mtimeMs: 5.4 }),
    codeCacheFile('/c', '/d/cli-main.js', 'abc123', { size: 100, mtimeMs: 7 }),
    codeCacheFile('/c', '/d/server-main.js', 'abc123', { size: 100, mtimeMs: 5.4 }),
  ];
  assert.equal(new Set([base, ...others]).size, 5);
  // nothing from the hash reaches the name but letters, digits, dots and dashes
  assert.match(
    path.basename(codeCacheFile('/c', '/d/cli-main.js', '../x y', { size: 1, mtimeMs: 1 })),
    /^cli-main-\.\._x_y-/,
  );
});

const BUNDLE = path.join(path.dirname(CLI), 'cli-main.js');

/** `node [nodeArgs] dist/cli.js check --format json Dockerfile` in `cwd` with BULKHEAD_CODE_CACHE set to `cache`. */
function check(cwd: string, cache: string, nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, CLI, 'check', '--format', 'json', 'Dockerfile'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, BULKHEAD_CODE_CACHE: cache },
    timeout: 60_000,
  });
}

/** A temporary project holding `files` (removed after the test) and a cache folder path in it; none without dist. */
function project(t: TestContext, files: Record<string, string>) {
  if (!fs.existsSync(BUNDLE)) {
    t.skip('dist/cli-main.js is not built (npm run build)');
    return undefined;
  }
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, files);
  return { dir, cache: path.join(dir, 'cache') };
}

/** A one-Dockerfile project checked once with a cache folder: the output, and the cache file that check wrote. */
function projectWithCache(t: TestContext) {
  const p = project(t, { Dockerfile: 'FROM alpine:3.20\nUSER 1000\n' });
  if (!p) return undefined;
  const plain = check(p.dir, p.cache);
  const [name] = cacheFiles(p.cache);
  return { ...p, plain, file: path.join(p.cache, name) };
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

test('bulkhead check writes the code cache once; the next checks use it and print the same', (t) => {
  const p = project(t, { 'app/Dockerfile': 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\n' });
  if (!p) return;
  const { dir, cache } = p;
  const app = path.join(dir, 'app');

  const first = check(app, cache);
  assert.equal(first.status, 1, first.stderr);
  const files = cacheFiles(cache);
  assert.equal(files.length, 1, `one cache file: ${files}`);
  const file = path.join(cache, files[0]);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.ok(fs.statSync(file).size > 100_000, 'it holds the compiled bundle');
  // a check that found a usable cache leaves it alone: the file is the same file, unchanged
  const before = fs.statSync(file);
  const second = check(app, cache);
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stderr, first.stderr);
  assert.equal(second.status, first.status);
  const after = fs.statSync(file);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.deepEqual(cacheFiles(cache), files);

  // commands other than check read the cache but do not write one
  const other = path.join(dir, 'other');
  const rules = spawnSync(process.execPath, [CLI, 'rules'], {
    encoding: 'utf8',
    env: { ...process.env, BULKHEAD_CODE_CACHE: other },
  });
  assert.equal(rules.status, 0, rules.stderr);
  assert.deepEqual(cacheFiles(other), []);
});

test('a damaged or foreign cache file changes nothing the user sees, and is replaced by a good one', (t) => {
  const p = project(t, { Dockerfile: 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/x.js"]\n' });
  if (!p) return;
  const { dir, cache } = p;
  const plain = check(dir, 'off');
  check(dir, cache);
  const [name] = cacheFiles(cache);
  const file = path.join(cache, name);
  const good = fs.readFileSync(file);

  // truncated, random bytes, empty, and another script's cache (V8 checks only the source's length: this one is
  // for a source of another length) — each is rejected, the check prints what it prints without a cache
  const foreign = new vm.Script('function f() { return 1 } f()').createCachedData();
  for (const [what, bytes] of [
    ['truncated', good.subarray(0, good.length >> 1)],
    ['random', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff))],
    ['empty', Buffer.alloc(0)],
    ['foreign', foreign],
  ] as const) {
    fs.writeFileSync(file, bytes);
    const r = check(dir, cache);
    assert.equal(r.stdout, plain.stdout, what);
    assert.equal(r.stderr, plain.stderr, what);
    assert.equal(r.status, plain.status, what);
    // the rejected file was replaced by this run's cache, which the next run accepts (and so leaves alone)
    const replaced = fs.readFileSync(file);
    assert.ok(replaced.length > 100_000 && !replaced.equals(bytes), `${what}: replaced`);
    const mtime = fs.statSync(file).mtimeMs;
    check(dir, cache);
    assert.equal(fs.statSync(file).mtimeMs, mtime, `${what}: the new cache is used`);
  }
});

test('a cache file others may write is not read (V8 would run its bytecode): it is replaced by one only its owner may', (t) => {
  if (!process.getuid) return t.skip('no owner ids on this platform');
  const p = projectWithCache(t);
  if (!p) return;
  const { dir, cache, plain, file } = p;
  for (const mode of [0o620, 0o602]) {
    fs.chmodSync(file, mode);
    const before = fs.statSync(file);
    const r = check(dir, cache);
    assert.equal(r.stdout, plain.stdout);
    assert.equal(r.stderr, plain.stderr);
    const after = fs.statSync(file);
    // not used, so written again: a new file (renamed into place), 0600
    assert.notEqual(after.ino, before.ino, `mode ${mode.toString(8)}: replaced`);
    assert.equal(after.mode & 0o777, 0o600);
  }
});

test('a FIFO or a link at the cache file name is not read (no hang): the check runs as without a cache', (t) => {
  if (process.platform === 'win32') return t.skip('no FIFOs on Windows');
  const p = projectWithCache(t);
  if (!p) return;
  const { dir, cache, plain, file } = p;
  const good = path.join(dir, 'good.v8cache');
  fs.renameSync(file, good);
  // a link to a good cache: not followed (O_NOFOLLOW), so not used, and replaced by a file of this user's
  fs.symlinkSync(good, file);
  const viaLink = check(dir, cache);
  assert.equal(viaLink.stdout, plain.stdout);
  assert.ok(fs.lstatSync(file).isFile(), 'the link was replaced by a cache file');
  // a FIFO: opening it to read would wait for a writer forever
  fs.rmSync(file);
  const mkfifo = spawnSync('mkfifo', [file]);
  if (mkfifo.status !== 0) return t.skip('mkfifo is not available');
  const r = check(dir, cache);
  assert.equal(r.signal, null, 'the check did not hang on the FIFO');
  assert.equal(r.stdout, plain.stdout);
  assert.equal(r.status, plain.status);
});

test('with --enable-source-maps the bundle is loaded by Node itself (stack traces mapped), with the same output', (t) => {
  const p = project(t, { Dockerfile: 'FROM alpine:3.20\nUSER 1000\n' });
  if (!p) return;
  const { dir, cache } = p;
  const plain = check(dir, 'off');
  const r = check(dir, cache, ['--enable-source-maps']);
  assert.equal(r.stdout, plain.stdout);
  assert.equal(r.status, plain.status);
  assert.deepEqual(cacheFiles(cache), [], 'no cache: Node compiled the bundle');
});

test('an unwritable cache folder or a switched-off cache: the check runs the same, silently, and writes nothing', (t) => {
  const p = project(t, { Dockerfile: 'FROM alpine:3.20\nUSER 1000\n' });
  if (!p) return;
  const { dir } = p;
  const plain = check(dir, 'off');
  // a file where the folder should be: mkdir fails, as on a read-only home (root ignores permission bits)
  const blocked = path.join(dir, 'blocked');
  fs.writeFileSync(blocked, 'not a folder');
  const r = check(dir, path.join(blocked, 'cache'));
  assert.equal(r.stdout, plain.stdout);
  assert.equal(r.stderr, plain.stderr);
  assert.equal(r.status, plain.status);
  assert.equal(fs.readFileSync(blocked, 'utf8'), 'not a folder');
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f !== 'Dockerfile' && f !== 'blocked'),
    [],
    'no stray temporary file',
  );
});

test('worker threads (--jobs 2) start through the same entry and print what one thread prints', (t) => {
  const tree: Record<string, string> = {};
  for (let i = 0; i < 40; i++) tree[`s${i}/Dockerfile`] = `FROM ubuntu:2${i % 4}.04\nRUN curl -k https://x/${i} | sh\n`;
  const p = project(t, tree);
  if (!p) return;
  const { dir } = p;
  const cache = path.join(dir, '.cache');
  const run = (jobs: string) =>
    spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--jobs', jobs, '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, BULKHEAD_CODE_CACHE: cache, BULKHEAD_STATS: '1' },
    });
  const one = run('1');
  const two = run('2');
  assert.equal(two.status, one.status, two.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(new Set(JSON.parse(one.stdout).map((f: { file: string }) => f.file)).size, 40, 'every file reported');
  // the worker did the work (a worker that failed to start would leave its jobs to this thread, with the same output)
  const stats = /stats (\{.*\})/.exec(two.stderr);
  assert.ok(stats, two.stderr);
  assert.deepEqual(JSON.parse(stats[1]).pool, { byWorkers: 2, local: 0, requeued: 0 });
});

test('a bundle edited to hold non-ASCII text is decoded as UTF-8 and gets no cache (the cache is for ASCII bundles)', (t) => {
  const p = project(t, { 'app/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n' });
  if (!p) return;
  const copy = path.join(p.dir, 'dist');
  fs.mkdirSync(copy);
  fs.copyFileSync(CLI, path.join(copy, 'cli.js'));
  fs.copyFileSync(BUNDLE, path.join(copy, 'cli-main.js'));
  // a rule's message edited by hand to hold a non-ASCII character (UTF-8 on disk)
  const text = fs.readFileSync(BUNDLE, 'latin1');
  const edited = text.replaceAll('is not pinned by digest', 'is not pinned by digest \u2014');
  assert.notEqual(edited, text);
  fs.writeFileSync(path.join(copy, 'cli-main.js'), edited, 'utf8');
  const run = () =>
    spawnSync(process.execPath, [path.join(copy, 'cli.js'), 'check', '--format', 'json', 'Dockerfile'], {
      cwd: path.join(p.dir, 'app'),
      encoding: 'utf8',
      env: { ...process.env, BULKHEAD_CODE_CACHE: p.cache },
    });
  for (let i = 0; i < 2; i++) {
    const r = run();
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.includes('is not pinned by digest \u2014'), 'decoded as UTF-8');
    assert.deepEqual(cacheFiles(p.cache), []);
  }
});

test('the server and CLI bundles begin as the entries expect: run as a script each evaluates to its module function', (t) => {
  for (const name of ['cli-main.js', 'server-main.js']) {
    const file = path.join(path.dirname(CLI), name);
    if (!fs.existsSync(file)) return t.skip(`dist/${name} is not built (npm run build)`);
    const source = fs.readFileSync(file, 'latin1');
    assert.ok(source.startsWith(BUNDLE_HEAD), `${name} begins with codeCache.ts's BUNDLE_HEAD (esbuild.mjs wrapped())`);
    // evaluated while an entry's mark is set, the bundle runs nothing and hands back its module function
    const main = new vm.Script(source, { filename: file }).runInNewContext({ [Symbol.for('bulkhead.entry')]: true });
    assert.equal(typeof main, 'function', name);
    assert.equal(main.length, 5, 'exports, require, module, __filename, __dirname');
  }
  // loaded by Node as any module, it runs at once; and the entry runs it where `module`, `require` and `exports` are
  // globals (`node -e`, the REPL) as anywhere else
  const expected = JSON.parse(fs.readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8')).version;
  for (const args of [
    [path.join(path.dirname(CLI), 'cli-main.js'), '--version'],
    ['-e', `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, '--version']; require(${JSON.stringify(CLI)});`],
  ]) {
    const version = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${expected}\n`, args.join(' '));
  }
});

test("the bundles' package scope is dist/package.json: a few bytes, CommonJS as the project's (not 65 KB read per start)", (t) => {
  const scope = path.join(path.dirname(CLI), 'package.json');
  if (!fs.existsSync(CLI)) return t.skip('dist/cli.js is not built (npm run build)');
  // Node reads the nearest package.json of the file it starts, to tell an ES module from a CommonJS one
  assert.ok(fs.existsSync(scope), 'esbuild.mjs writes dist/package.json');
  assert.ok(fs.statSync(scope).size < 64, 'only what Node asks of it');
  assert.deepEqual(JSON.parse(fs.readFileSync(scope, 'utf8')), { type: 'commonjs' });
  const project = JSON.parse(fs.readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8'));
  assert.ok(project.type === undefined || project.type === 'commonjs', "the project's package.json says the same");
});

test("a check of a Dockerfile loads none of Node's modules it does not use (terminal, threads, crypto, network)", (t) => {
  const p = project(t, { Dockerfile: 'FROM alpine:3.20\nRUN apk add curl\n' });
  if (!p) return;
  // a module preloaded into the check writes Node's list of loaded modules when the process exits
  const list = path.join(p.dir, 'modules.json');
  const probe = path.join(p.dir, 'probe.cjs');
  fs.writeFileSync(
    probe,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));`,
  );
  const unneeded = ['tty', 'net', 'stream', 'worker_threads', 'crypto'].map((m) => `NativeModule ${m}`);
  const outputs: Record<string, () => [number, number]> = {
    // stdout and stderr pipes (a CI step's log)
    pipes: () => [-1, -1],
    // files (a report kept by CI)
    files: () => [fs.openSync(path.join(p.dir, 'out'), 'w'), fs.openSync(path.join(p.dir, 'err'), 'w')],
    // /dev/null (a script that wants only the exit code): a character device that is not a terminal
    'dev-null': () => [fs.openSync('/dev/null', 'w'), fs.openSync('/dev/null', 'w')],
  };
  for (const [how, open] of Object.entries(outputs)) {
    if (how === 'dev-null' && !fs.existsSync('/dev/null')) continue;
    for (const format of ['text', 'json']) {
      const [out, err] = open();
      const r = spawnSync(process.execPath, ['--require', probe, CLI, 'check', '--format', format, 'Dockerfile'], {
        cwd: p.dir,
        encoding: 'utf8',
        env: { ...process.env, BULKHEAD_CODE_CACHE: p.cache },
        stdio: ['ignore', out < 0 ? 'pipe' : out, err < 0 ? 'pipe' : err],
      });
      if (out >= 0) fs.closeSync(out);
      if (err >= 0) fs.closeSync(err);
      assert.equal(r.status, 1, `${how} ${format}: ${r.stderr}`);
      const loaded: string[] = JSON.parse(fs.readFileSync(list, 'utf8'));
      assert.ok(loaded.includes('NativeModule vm'), 'the probe saw the run');
      assert.deepEqual(
        unneeded.filter((m) => loaded.includes(m)),
        [],
        `${how}, --format ${format}`,
      );
    }
  }
  // the summary still reaches stderr, and the report stdout, through a pipe
  const piped = check(p.dir, p.cache);
  assert.match(piped.stderr, /^bulkhead: \d+ problems? .* in 1 file/m);
  assert.ok(JSON.parse(piped.stdout).length > 0);
});

test('the language server writes its code cache when it exits; the next start uses it and answers the same', async (t) => {
  const server = path.join(path.dirname(CLI), 'server.js');
  if (!fs.existsSync(path.join(path.dirname(CLI), 'server-main.js')))
    return t.skip('dist/server-main.js is not built (npm run build)');
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const cache = path.join(dir, 'cache');
  const saved = process.env.BULKHEAD_CODE_CACHE;
  process.env.BULKHEAD_CODE_CACHE = cache; // coldStart's server inherits this process's environment
  t.after(() => (process.env.BULKHEAD_CODE_CACHE = saved));
  const start = () =>
    coldStart({ serverPath: server, uri: 'file:///p/Dockerfile', text: 'FROM alpine:3.21\nADD a.js /a/\n' });
  const first = await start();
  assert.equal(first.exitCode, 0);
  assert.ok(first.codes.includes('add-instead-of-copy'), String(first.codes));
  const files = cacheFiles(cache);
  assert.equal(files.length, 1, String(files));
  assert.match(files[0], /^server-main-.*\.v8cache$/);
  const before = fs.statSync(path.join(cache, files[0]));
  const second = await start();
  assert.deepEqual(second.codes, first.codes);
  assert.equal(second.exitCode, 0);
  const after = fs.statSync(path.join(cache, files[0]));
  assert.equal(after.mtimeMs, before.mtimeMs, 'a cache accepted is left as it is');
  assert.deepEqual(cacheFiles(cache), files);
});

test("a long run's optimizer tuning: flags this V8 has, put back to its own defaults; none for a short run", () => {
  if (CHECKED_V8.includes(process.versions.v8.split('.').slice(0, 2).join('.'))) {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    for (const f of TUNED_FLAGS) {
      const m = new RegExp(`--${f.flag} \\(.*\\)\\n\\s+type: int\\s+default: --${f.flag}=(\\d+)`).exec(options);
      assert.equal(Number(m?.[1]), f.default, `V8 ${process.versions.v8}'s default for ${f.flag}`);
    }
  }
  // a long run on a checked V8 is tuned; a short run, another V8, or the user's own value of a flag is not
  const checked = `${CHECKED_V8[0]}.1`;
  const flag = TUNED_FLAGS[0].flag;
  assert.equal(tunes(MANY_FILES, checked, []), true);
  assert.equal(tunes(MANY_FILES, checked, ['--stack-size=2000', '--max-old-space-size=512']), true);
  assert.equal(tunes(MANY_FILES - 1, checked, []), false);
  assert.equal(tunes(MANY_FILES, '99.1.0', []), false);
  for (const own of [`--${flag}=100`, `--${flag.replace(/-/g, '_')}=100`, `--${flag}`])
    assert.equal(tunes(MANY_FILES, checked, [own]), false, own);
  // nothing set, nothing to put back (the returned function does nothing)
  tuneOptimizer(MANY_FILES - 1)();
});

/** `bulkhead check --format json .` in `cwd` with its code cache in `cache`. */
function checkWithCache(cwd: string, cache: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, BULKHEAD_CODE_CACHE: cache, ...env },
  });
}

test("writing a cache removes other builds' old caches for this Node, never this build's (its other variants are in use)", (t) => {
  const p = projectWithCache(t);
  if (!p) return;
  const name = path.basename(p.file);
  const build = /^cli-main-[^-]+-\d+-\d+-/.exec(name)?.[0];
  assert.ok(build, name);
  const node = name.slice(build.length);
  const files = {
    // this build's cache for a long check's child: as old as it gets, and in use
    variant: `${build}${CHILD_CACHE_VARIANT}-${node}`,
    // a build replaced by an upgrade: old, gone; recent, kept (another install may still run it)
    oldBuild: `cli-main-0ldbuild-1-1-${node}`,
    recentBuild: `cli-main-newerbuild-1-1-${node}`,
    // another Node's, however old: kept (it may be in use)
    otherNode: `${build}v0.0.1-0.0-${process.arch}.v8cache`,
    // what a writer killed at exit left of this very file: old, gone
    staleTemp: `${name}.99999.tmp`,
  };
  const old = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  for (const [what, file] of Object.entries(files)) {
    fs.writeFileSync(path.join(p.cache, file), 'x');
    if (what !== 'recentBuild') fs.utimesSync(path.join(p.cache, file), old, old);
  }
  // this check writes its cache again, and prunes
  fs.rmSync(p.file);
  assert.equal(check(p.dir, p.cache).stdout, p.plain.stdout);
  assert.deepEqual(cacheFiles(p.cache), [name, files.variant, files.recentBuild, files.otherNode].sort());
});

test('a code cache written by a check of many files serves a check of one, and the other way round', (t) => {
  const tree: Record<string, string> = { 'one/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n' };
  for (let i = 0; i < MANY_FILES + 6; i++) tree[`many/s${i}/Dockerfile`] = `FROM ubuntu:2${i % 4}.04\nUSER 1000\n`;
  const p = project(t, tree);
  if (!p) return;
  const run = (cwd: string, cache: string) => checkWithCache(path.join(p.dir, cwd), cache);
  for (const [first, second] of [
    ['many', 'one'],
    ['one', 'many'],
  ]) {
    const cache = path.join(p.dir, `cache-${first}`);
    const a = run(first, cache);
    assert.equal(a.status, 1, a.stderr);
    // nothing on stderr but the summary (V8 complains there about a flag it does not know)
    assert.match(a.stderr, /^bulkhead: \d+ problems .*\(\d+ files? checked\)\n$/);
    const [name] = cacheFiles(cache);
    assert.ok(name, `${first}: a cache written`);
    const before = fs.statSync(path.join(cache, name));
    const b = run(second, cache);
    assert.equal(b.status, 1, b.stderr);
    // accepted: not written again
    assert.deepEqual(cacheFiles(cache), [name]);
    const after = fs.statSync(path.join(cache, name));
    assert.equal(after.mtimeMs, before.mtimeMs, `${second} after ${first}: the cache was accepted, not rewritten`);
    assert.equal(after.ino, before.ino);
  }
});

test("a long check's child writes a code cache of its own (its flags differ; its parent only walked), used by the next", (t) => {
  const files = REEXEC_MIN_FILES + 10;
  if (childPoolHere(files) === undefined)
    return t.skip(`${os.availableParallelism()} CPUs: a long check runs in one process here (no child)`);
  const tree: Record<string, string> = { 'one/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n' };
  for (let i = 0; i < files; i++) tree[`many/s${i % 20}/Dockerfile.${i}`] = `FROM ubuntu:2${i % 4}.04\nUSER 1000\n`;
  const p = project(t, tree);
  if (!p) return;
  const cache = path.join(p.dir, 'cache');
  const run = (cwd: string) => checkWithCache(path.join(p.dir, cwd), cache, { BULKHEAD_STATS: '1' });
  const stamp = (name: string) => fs.statSync(path.join(cache, name)).mtimeMs;
  const long = run('many');
  assert.equal(long.status, 1, long.stderr);
  assert.match(long.stderr, /"platformThreads":/, 'the check ran in a child');
  // the child's alone: the parent writes none
  const [childCache, ...others] = cacheFiles(cache);
  assert.deepEqual(others, []);
  assert.match(childCache, new RegExp(`-${CHILD_CACHE_VARIANT}-`));
  const one = run('one');
  assert.equal(one.status, 1, one.stderr);
  const oneCache = cacheFiles(cache).find((f) => f !== childCache);
  assert.ok(oneCache, "a one-file check writes its own (the child's was made under other V8 flags)");
  // each is accepted by the next check of its kind: neither is written again
  const before = [stamp(childCache), stamp(oneCache)];
  assert.equal(run('many').status, 1);
  assert.equal(run('one').status, 1);
  assert.deepEqual([stamp(childCache), stamp(oneCache)], before);
  assert.equal(cacheFiles(cache).length, 2);
  // the child's holds the rules' code (a parent's would hold the walk's only: about two thirds of a one-file check's)
  const size = (name: string) => fs.statSync(path.join(cache, name)).size;
  assert.ok(
    size(childCache) >= size(oneCache) * 0.95,
    `${size(childCache)} B vs a one-file check's ${size(oneCache)} B`,
  );
});

// The V8 code cache of the CLI and the language server (issue 21). dist/cli.js and dist/server.js are small entries
// (cliEntry.ts, serverEntry.ts) that run their bundle (dist/cli-main.js, dist/server-main.js) through vm.Script with
// the bytecode V8 compiled for it in an earlier run: Node 20 compiles a 1.2-1.5 MB bundle on every start (~50-70 ms
// here when it was 1.7-2 MB, a sixth of checking one file) and the functions a run calls on first call; with the cache
// it deserializes them instead. Node 22 has module.enableCompileCache() for this; Node 20 has only vm.Script's
// cachedData, hence this file. It loads nothing but Node's built-in modules, and nothing here may make
// the CLI fail or print: any trouble with the cache means the bundle is compiled as it would be without one.
import fs = require('node:fs');
import { isAscii } from 'node:buffer';
import Module from 'node:module';
import type * as Os from 'node:os';
import path = require('node:path');
import vm = require('node:vm');

/**
 * How esbuild.mjs begins the server and CLI bundles (its wrapped(), byte for byte): run as a plain script while the
 * global ENTRY_MARK is set, the bundle evaluates to its CommonJS module function, so it is compiled as it is on disk
 * (wrapped as Node's loader does, V8 would first copy the whole text into one new string); loaded by Node, it runs.
 * The entry says which, not the globals the bundle could look for (`node -e` and the REPL define `module`, `require`
 * and `exports` as globals).
 */
export const BUNDLE_HEAD =
  '(function (main) { if (globalThis[Symbol.for("bulkhead.entry")] === true) return main; ' +
  'main.call(exports, exports, require, module, __filename, __dirname); })' +
  '(function (exports, require, module, __filename, __dirname) {';

/** Set on the global object by an entry while its bundle's script is evaluated (see BUNDLE_HEAD). */
const ENTRY_MARK = Symbol.for('bulkhead.entry');

/**
 * Set on the global object by a process that handed its work to a child (the CLI's long check,
 * cli/childProcess.ts): it compiled too little to be worth caching, and the child writes the cache instead.
 */
export const CODE_CACHE_LEFT_TO_CHILD = Symbol.for('bulkhead.codeCache.leftToChild');

/** BULKHEAD_CODE_CACHE: unset → the default folder; `off` (or `0`, `false`) → no cache; anything else → that folder. */
export const CODE_CACHE_ENV = 'BULKHEAD_CODE_CACHE';

/**
 * The user's home folder as os.homedir() finds it — libuv's uv_os_homedir reads $HOME first on POSIX — without
 * loading node:os for it when $HOME is set (a one-file check loads nothing it does not need: issue 21).
 */
function homeDir(): string {
  const home = process.platform === 'win32' ? undefined : process.env.HOME;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module loaded when it is needed
  return home || (require('node:os') as typeof Os).homedir();
}

/** Where the cache files go: $BULKHEAD_CODE_CACHE, else `$XDG_CACHE_HOME/bulkhead/code-cache`, else `~/.cache/…`. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, home = homeDir): string | undefined {
  const setting = env[CODE_CACHE_ENV]?.trim();
  if (setting && /^(off|0|false|no)$/i.test(setting)) return undefined;
  if (setting) return path.resolve(setting);
  try {
    // the XDG base directory spec: a relative $XDG_CACHE_HOME is ignored (else the cache would land in the project)
    const xdg = env.XDG_CACHE_HOME;
    const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home(), '.cache');
    return path.join(base, 'bulkhead', 'code-cache');
  } catch {
    // os.homedir() throws when the user has no home (no HOME, no passwd entry)
    return undefined;
  }
}

/**
 * The cache file for this bundle and this Node. V8 accepts cached data only for the V8 version and flags that made
 * it, but it checks the source by its length alone: the name holds what tells two bundles apart — the build's hash of
 * the bundle, and its size and modification time (a bundle edited by hand after the build).
 */
export function codeCacheFile(
  dir: string,
  bundle: string,
  bundleHash: string,
  stat: { size: number; mtimeMs: number },
  variant?: string,
): string {
  // V8's own version too: VS Code's Electron can report a system Node's version and run another V8; a variant is a
  // process started under V8 flags of its own (the CLI's child for a long check), whose cache V8 keeps apart
  const rest = [...(variant ? [variant] : []), process.version, process.versions.v8, process.arch].join('-');
  return path.join(dir, `${buildPrefix(bundle, bundleHash, stat)}${safeName(rest)}.v8cache`);
}

/** How the cache files of one build of a bundle begin, whatever their variant and Node: `cli-main-<hash>-<size>-<mtime>-`. */
function buildPrefix(bundle: string, bundleHash: string, stat: { size: number; mtimeMs: number }): string {
  return `${path.basename(bundle, '.js')}-${safeName([bundleHash, stat.size, Math.round(stat.mtimeMs)].join('-'))}-`;
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * When a cache is written, the same bundle's caches for this Node that another build wrote (an upgrade leaves them
 * behind) are removed once they are this old; another Node's are kept (they may be in use).
 */
const STALE_MS = 7 * 24 * 3600 * 1000;

/**
 * Runs `bundle` (a CommonJS file) as Node's loader would — same wrapper, `require` resolved from its folder, the same
 * __filename — compiled with the cached data in `dir` when there is a usable one. When there is none and `produce` is
 * set, the bytecode compiled by the time the process exits is written for the next start (once: a cache accepted is
 * left as it is).
 */
export function runWithCodeCache(options: {
  bundle: string;
  bundleHash: string;
  dir: string | undefined;
  produce: boolean;
  /** The cache of a process started under V8 flags of its own (codeCacheFile). */
  variant?: string;
}): void {
  const { bundle, dir } = options;
  if (sourceMapsEnabled()) {
    // Node maps stack traces through a bundle's source map only when its own loader compiled it
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside the entry, named at run time
    require(bundle);
    return;
  }
  const { bytes, stat } = readBundle(bundle);
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  let source: string;
  let ascii: boolean;
  const cache = dir
    ? openOwnFile((file = codeCacheFile(dir, bundle, options.bundleHash, stat, options.variant)))
    : undefined;
  try {
    // ASCII text (esbuild.mjs checks) becomes a one-byte string without decoding UTF-8. A cache is written for an ASCII
    // bundle only, and its name holds the bundle's build hash, size and modification time: with one, the text is the
    // one its writer checked
    ascii = cache !== undefined || isAscii(bytes);
    source = bytes.toString(ascii ? 'latin1' : 'utf8');
    // into the bundle's buffer when it fits (the text is a string of its own now): memory already paged in
    if (cache) cachedData = readOwnFile(cache, bytes);
  } finally {
    if (cache) closeQuietly(cache.fd);
  }
  // a bundle esbuild.mjs wrapped evaluates to its module function as it is; another is wrapped as Node's loader does
  const asBuilt = source.startsWith(BUNDLE_HEAD);
  const script = new vm.Script(asBuilt ? source : Module.wrap(source), { filename: bundle, cachedData });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (file && !used && options.produce && ascii) {
    const target = file;
    process.once('exit', () => {
      if (!(globalThis as { [CODE_CACHE_LEFT_TO_CHILD]?: boolean })[CODE_CACHE_LEFT_TO_CHILD])
        writeCache(script, target, path.basename(bundle, '.js'), buildPrefix(bundle, options.bundleHash, stat));
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const global = globalThis as { [ENTRY_MARK]?: boolean };
  if (asBuilt) global[ENTRY_MARK] = true;
  let compiled: (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  try {
    compiled = script.runInThisContext();
  } finally {
    // only while the script is evaluated: a bundle the run loads later (the server, for `bulkhead lsp`) decides anew
    delete global[ENTRY_MARK];
  }
  compiled.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
}

/**
 * The cache file, open, when this user owns it and no one else may write it: V8 runs the bytecode it holds, and checks
 * its version, flags and source length but not its contents (Node 20's V8 verifies no checksum), so a cache another
 * user could have written (BULKHEAD_CODE_CACHE naming a shared folder) is not read. (Windows has no
 * owner ids to compare here; its per-user folders are the guard there.)
 */
function openOwnFile(file: string): { fd: number; size: number } | undefined {
  // not blocking (a FIFO planted at the name would wait for a writer forever) and not through a link
  const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch {
    // no cache yet (or an unreadable one): compiled from the source
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && (!process.getuid || (stat.uid === process.getuid() && !(stat.mode & 0o022))))
      return { fd, size: stat.size };
  } catch {
    // cannot tell who wrote it: not read
  }
  closeQuietly(fd);
  return undefined;
}

/** An open cache file's bytes: into `spare` when they fit. */
function readOwnFile(cache: { fd: number; size: number }, spare: Buffer): Buffer | undefined {
  try {
    if (cache.size > spare.length) return fs.readFileSync(cache.fd);
    return spare.subarray(0, readAll(cache.fd, spare.subarray(0, cache.size)));
  } catch {
    return undefined;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // nothing to do
  }
}

/**
 * The bundle's bytes and its stat (one open). Each fresh page of memory costs a page fault, which on a virtual machine
 * is far from free (issue 21: a quarter of a one-file run was spent touching new memory): the cache is read into this
 * same buffer afterwards when it fits.
 */
function readBundle(bundle: string): { bytes: Buffer; stat: fs.Stats } {
  const fd = fs.openSync(bundle, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const bytes = Buffer.allocUnsafeSlow(stat.size);
    return { bytes: bytes.subarray(0, readAll(fd, bytes)), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads from the start of `fd` into `into` until it is full or the file ends; how many bytes were read. */
function readAll(fd: number, into: Buffer): number {
  let at = 0;
  while (at < into.length) {
    const n = fs.readSync(fd, into, at, into.length - at, at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/**
 * Writes the cache beside others of its kind (a whole file or none: renamed into place), then prunes stale ones: other
 * builds' caches for this Node (`build`: how this build's begin; its other variants' are in use, however old).
 */
function writeCache(script: vm.Script, file: string, name: string, build: string): void {
  const dir = path.dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  let created = false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // 'wx': a file (or a link another user planted) already at that name is not written through
    const fd = fs.openSync(temp, 'wx', 0o600);
    created = true;
    try {
      fs.writeFileSync(fd, script.createCachedData());
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    created = false;
    const now = Date.now();
    const sameNode = `-${process.version}-${process.versions.v8}-${process.arch}.v8cache`.replace(
      /[^A-Za-z0-9.-]/g,
      '_',
    );
    for (const entry of fs.readdirSync(dir)) {
      const other = path.join(dir, entry);
      const ours = entry.endsWith(sameNode) || /\.v8cache\.\d+\.tmp$/.test(entry);
      // this build's caches of other variants are in use, however old (a temporary file a killed writer left is not)
      const inUse = entry.startsWith(build) && entry.endsWith(sameNode);
      if (other === file || !entry.startsWith(`${name}-`) || inUse || !ours) continue;
      if (now - fs.statSync(other).mtimeMs > STALE_MS) fs.rmSync(other, { force: true });
    }
  } catch {
    // a read-only or full disk: the next start compiles from the source again; only a temporary file this process
    // made is removed (another process's, under the same id in another container, is left alone)
    if (created) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // nothing more to do
      }
    }
  }
}

/** `--enable-source-maps` (on the command line or in NODE_OPTIONS) or process.setSourceMapsEnabled(true). */
function sourceMapsEnabled(): boolean {
  const flag = '--enable-source-maps';
  const known = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (known !== undefined) return known;
  return process.execArgv.includes(flag) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes(flag);
}

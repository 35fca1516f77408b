import fs = require('node:fs');
import path = require('node:path');
import { isUtf8 } from 'node:buffer';
import { LANGUAGES } from './languages';

/**
 * Which files `bulkhead check` lints: explicit files whatever their name, and Dockerfiles, daemon.json and Compose files (by name) found under
 * directories. Dependency and VCS folders hold other people's Dockerfiles or none. While walking, links to files are
 * followed but links to folders are not (as git and ripgrep do: a link to `/` or back up the tree would walk
 * forever or far outside the project); a folder or file named on the command line is followed. A file is linted
 * once however it was reached.
 */
export const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  '.git',
  '.hg',
  '.svn',
  '.bzr',
  '_darcs',
  'CVS',
  '.jj',
  '.pijul',
]);

/** `-` in the path list: the Dockerfile comes from standard input. */
export const STDIN = '-';

export interface Target {
  /** Absolute path, or STDIN. */
  file: string;
  /** Named on the command line (linted whatever its name), not found by walking a folder. */
  explicit?: boolean;
  /** Named by another document the walk found (a devcontainer.json's `build.dockerfile`): linted as this kind. */
  kind?: string;
  /** A Dockerfile's build context (absolute), when a devcontainer.json that names it gives one. */
  context?: string;
  /** A Compose file's service that a devcontainer.json naming the file attaches to. */
  service?: string;
}

/** Files a folder walk picks up: Dockerfiles, daemon.json and Compose files (each kind's name test). */
export function isLintedName(name: string): boolean {
  return LANGUAGES.some((l) => l.recognise.fileName(name));
}

/** The real path of `p`, or `p` itself when it cannot be resolved (it does not exist). */
export function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** A file a document names, resolved: its path as named and its real path, its kind, and what the document says of it. */
export interface ResolvedReference {
  file: string;
  real: string;
  kind: string;
  /** A Dockerfile's build context (absolute, real), when inside the folder. */
  context?: string;
  /** A Compose file's service the referring document's container is. */
  service?: string;
}

/** Whether a file of this name may name others (a language with `references` recognises it: devcontainer.json). */
export function mayReferToFiles(file: string): boolean {
  const name = path.basename(file);
  return LANGUAGES.some((l) => l.references && l.recognise.fileName(name));
}

/**
 * The files a document names (its language's `references`) that exist inside `realRoot`, with the kind named and, for a
 * Dockerfile, its build context when that is inside `realRoot` too. A path or context that leaves the folder is not
 * followed: the walk reads only what the user asked it to. `text`: the document's text when the caller has it (an
 * editor's unsaved document), else it is read from disk.
 */
export function referencesOf(referrer: string, realRoot: string, text?: string): ResolvedReference[] {
  const language = LANGUAGES.find((l) => l.references && l.recognise.fileName(path.basename(referrer)));
  if (!language?.references) return [];
  text ??= readReferring(referrer);
  if (text === undefined || text.length > MAX_REFERRING_BYTES) return [];
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep);
  const dir = path.dirname(referrer);
  const out: ResolvedReference[] = [];
  for (const ref of language.references(text)) {
    if (path.isAbsolute(ref.path) || ref.path.includes('\0')) continue;
    const file = path.resolve(dir, wellFormed(ref.path));
    const real = realpathOr(file);
    if (!inside(real)) continue;
    try {
      if (!fs.statSync(real).isFile()) continue;
    } catch {
      continue; // a file the configuration names but the repository lacks is the Dev Containers CLI's error
    }
    const context = ref.context === undefined ? undefined : realpathOr(path.resolve(dir, wellFormed(ref.context)));
    out.push({
      file,
      real,
      kind: ref.kind,
      context: context && inside(context) ? context : undefined,
      ...(ref.service ? { service: ref.service } : {}),
    });
  }
  return out;
}

/**
 * A path a document names with each lone surrogate (a JSON `\ud800` escape) as U+FFFD: the name the file system has
 * for it (Node encodes a path as UTF-8, a lone surrogate as U+FFFD's bytes), and one that the walk's names match
 * and that encodeURIComponent accepts (it throws on a lone surrogate: the whole check ended in an internal error).
 */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What the documents that name a file say of it: a Dockerfile's build context, a Compose file's attached service. */
export interface Referral {
  context?: string;
  service?: string;
}

/**
 * The order the folder walk reaches files in: folder by folder, each folder's names sorted (a folder's files come where
 * its name sorts, before the next name): `a/.devcontainer/x.json` before `a/.devcontainer.json`, which a plain sort of
 * the paths would put the other way round.
 */
export function walkOrder(a: string, b: string): number {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

/** A folder as the walk sees it: the referring documents in it (files, or links to files), the folders it enters. */
interface Listing {
  referrers: readonly string[];
  folders: readonly string[];
}

const NO_LISTING: Listing = { referrers: [], folders: [] };

/**
 * What the editor reads from disk to find the documents that name an open file: each folder listed and each referring
 * document read at most once, kept until `clear` (the language server clears it when a watched file changes; the
 * client watches devcontainer.json and .devcontainer.json).
 */
export class ReferrerFiles {
  private readonly listings = new Map<string, Listing>();
  private readonly texts = new Map<string, string | undefined>();

  clear(): void {
    this.listings.clear();
    this.texts.clear();
  }

  /** The folder's referring documents and the folders the walk enters (not links to folders, not SKIPPED_DIRECTORIES). */
  listing(dir: string): Listing {
    let known = this.listings.get(dir);
    if (known) return known;
    known = listFolder(dir);
    if (this.listings.size >= MAX_CACHED) this.listings.clear();
    this.listings.set(dir, known);
    return known;
  }

  /** A referring document's text on disk (undefined: unreadable or too large). */
  text(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    const text = readReferring(file);
    if (this.texts.size >= MAX_CACHED) this.texts.clear();
    this.texts.set(file, text);
    return text;
  }
}

const MAX_CACHED = 1024;

function listFolder(dir: string): Listing {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return NO_LISTING;
  }
  const referrers: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) folders.push(entry.name);
    } else if (mayReferToFiles(entry.name)) {
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = fs.statSync(path.join(dir, entry.name)).isFile(); // the walk follows links to files
        } catch {
          isFile = false;
        }
      }
      if (isFile) referrers.push(entry.name);
    }
  }
  return { referrers, folders };
}

/** `.devcontainer/<folder>/devcontainer.json`: at most this many folders of a `.devcontainer` folder are looked in. */
const MAX_CONFIG_FOLDERS = 64;

/**
 * Where the editor looks on disk for the documents that may name a file inside `root` (a bounded lookup, not the
 * folder walk's whole tree): the referring documents in the file's own folder, and, in that folder and each folder
 * above it up to `root`, the places the Dev Container specification gives for a configuration: `.devcontainer.json`,
 * `.devcontainer/devcontainer.json` and `.devcontainer/<folder>/devcontainer.json` (containers.dev/implementors/spec,
 * "devcontainer.json": "it is valid that these files may exist in more than one location"). A folder the walk does not
 * enter (a link to a folder, node_modules...) ends the climb down from `root`, as it ends the walk; the file's own
 * folder is read whatever its path.
 */
export function referrerCandidates(file: string, root: string, disk: ReferrerFiles = new ReferrerFiles()): string[] {
  const own = path.dirname(file);
  const out = new Set(disk.listing(own).referrers.map((name) => path.join(own, name)));
  const rel = path.relative(root, own);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return [...out];
  const segments = rel ? rel.split(path.sep) : [];
  let dir = root;
  for (let depth = 0; ; depth++) {
    const listing = disk.listing(dir);
    for (const name of listing.referrers) out.add(path.join(dir, name));
    for (const configs of listing.folders.filter((f) => f.toLowerCase() === '.devcontainer')) {
      const folder = path.join(dir, configs);
      const inner = disk.listing(folder);
      for (const name of inner.referrers) out.add(path.join(folder, name));
      for (const sub of inner.folders.slice(0, MAX_CONFIG_FOLDERS)) {
        const at = path.join(folder, sub);
        for (const name of disk.listing(at).referrers) out.add(path.join(at, name));
      }
    }
    if (depth === segments.length || !listing.folders.includes(segments[depth])) break;
    dir = path.join(dir, segments[depth]);
  }
  return [...out];
}

/**
 * What the documents that name `file` (inside `root`) say of it: the devcontainer.json files on disk where
 * `referrerCandidates` looks (its own folder, `.devcontainer.json` and `.devcontainer/` up to `root`), and the `open`
 * documents (the editor's, by path, with their current text, which wins over the disk's). The first in the walk's
 * order to say each thing decides, as the folder walk's first referrer does. The editor's live lint of an open
 * Dockerfile or Compose file, so that it agrees with the folder walk's. `disk`: what was already read (the language
 * server keeps it until a watched file changes).
 */
export function referralOf(
  file: string,
  root: string | undefined,
  open: ReadonlyMap<string, string> = new Map(),
  disk: ReferrerFiles = new ReferrerFiles(),
): Referral {
  if (!root) return {};
  const referrers = new Set(referrerCandidates(file, root, disk));
  for (const p of open.keys()) if (mayReferToFiles(p)) referrers.add(p);
  const real = realpathOr(file);
  const realRoot = realpathOr(root);
  const out: Referral = {};
  for (const referrer of [...referrers].sort(walkOrder)) {
    const text = open.get(referrer) ?? disk.text(referrer) ?? '';
    for (const ref of referencesOf(referrer, realRoot, text)) {
      if (ref.real !== real) continue;
      out.context ??= ref.context;
      out.service ??= ref.service;
    }
  }
  return out;
}

/** Referring documents larger than this are not read for references (devcontainer.json files are a few KB). */
const MAX_REFERRING_BYTES = 1024 * 1024;

function readReferring(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_REFERRING_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface Collected {
  targets: Target[];
  /** One line each: paths that do not exist or cannot be read (exit code 2). */
  problems: string[];
  /** At least CollectOptions.stopAfter files were found (the walk stopped there). */
  stopped?: true;
}

/** What the error codes reading a path or writing a report meet mean, in words. */
/** The code of a read refused because the path is not a regular file (a FIFO, a socket, a device) when opened. */
export const NOT_REGULAR = 'ENOTREG';

const ERRNO_WORDS = new Map([
  ['ENOENT', 'no such file or directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['ELOOP', 'too many levels of symbolic links'],
  ['EISDIR', 'is a directory'],
  ['ENOTDIR', 'not a directory'],
  ['ENOSPC', 'no space left on device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EFBIG', 'file too large'],
  ['EIO', 'input/output error'],
  ['EBADF', 'the descriptor is closed'],
  [NOT_REGULAR, 'not a regular file'],
]);

/** A file system error in words; `failed` says what failed when its code is not one of ERRNO_WORDS'. */
export function describeFsError(e: unknown, failed = 'cannot read'): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && ERRNO_WORDS.get(code)) || (code ? `${failed} (${code})` : failed);
}

/**
 * What reading the path `p` (absolute) met, in words (describeFsError): a name that is not UTF-8 is said to be so. Node
 * reads names as UTF-8 (a listing, the command line, --files-from's list) and puts U+FFFD where a byte is not: the name
 * it then asks for is not the one on disk, which would otherwise be reported missing.
 */
export function describePathError(p: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException)?.code === 'ENOENT' && p.includes('\uFFFD') && missingNameNotUtf8(p))
    return 'cannot be read: its name is not valid UTF-8 (\uFFFD marks the bytes that are not); rename it to check it';
  return describeFsError(e);
}

/**
 * Whether the first part of `p` that does not exist is, on disk, a name that is not UTF-8: its folder holds a name
 * whose bytes are not UTF-8 and read as that part. Not a name with U+FFFD itself (valid UTF-8) that is missing, nor a
 * list written in another encoding that names a file whose name is fine. Only on an error: it lists one folder.
 */
function missingNameNotUtf8(p: string): boolean {
  let missing = path.resolve(p);
  let parent = path.dirname(missing);
  while (parent !== missing && !fs.existsSync(parent)) {
    missing = parent;
    parent = path.dirname(parent);
  }
  const name = path.basename(missing);
  if (!name.includes('\uFFFD')) return false;
  try {
    return fs
      .readdirSync(parent, { encoding: 'buffer' })
      .some((bytes) => !isUtf8(bytes) && bytes.toString('utf8') === name);
  } catch {
    return false;
  }
}

export interface CollectOptions {
  /** Each folder the walk lists, with its names: a caller can keep them (one listing per folder for the whole run). */
  onListing?: (dir: string, names: readonly string[]) => void;
  /**
   * Stop once this many files are found (`stopped` says so; the targets and problems are then the first ones only):
   * for a caller that needs to know whether there are at least that many.
   */
  stopAfter?: number;
  /**
   * Does the listing of `dir` show `name` as a regular file (not a link)? A caller that lists each folder anyway (the
   * CLI's DirectoryCache, for .dockerignore and configuration) saves a named file its lstat: one listing per folder,
   * not one lstat per file. Asked only of names the walk lints; false: the path is looked up as before.
   */
  isListedFile?: (dir: string, name: string) => boolean;
}

/**
 * `alsoLint(path)`: more files to pick up while walking (the editor's `bulkhead.daemon.files` and
 * `bulkhead.compose.files` globs), beside the names every walk finds.
 *
 * System calls: one listing per folder and one realpath per folder named (a folder found by the walk is its parent's
 * real path plus its name, and a file's real path is its folder's plus its name, unless it is itself a link); a file
 * named on the command line costs one lstat (and a stat when it is a link), none when `isListedFile` says it is a
 * regular file, and one realpath per folder of those.
 */
export function collectTargets(
  paths: readonly string[],
  cwd: string,
  alsoLint?: (file: string) => boolean,
  options: CollectOptions = {},
): Collected {
  const wanted = (name: string, full: string) => isLintedName(name) || !!alsoLint?.(full);
  const targets: Target[] = [];
  const enough = () => options.stopAfter !== undefined && targets.length >= options.stopAfter;
  const problems: string[] = [];
  const seenFiles = new Map<string, Target>();
  const seenDirs = new Set<string>();
  const realDirs = new Map<string, string>();

  const realpath = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const realDir = (dir: string): string => {
    let real = realDirs.get(dir);
    if (real === undefined) {
      real = realpath(dir);
      realDirs.set(dir, real);
    }
    return real;
  };
  /** `real`: the file's real path, when the caller knows it (a file that is not a link, in a resolved folder). */
  const addFile = (file: string, real: string, explicit = false) => {
    if (seenFiles.has(real)) return;
    const target: Target = explicit ? { file, explicit } : { file };
    seenFiles.set(real, target);
    targets.push(target);
  };

  /**
   * The files a walked document names (languages' `references`: a devcontainer.json's Dockerfile and Compose files),
   * inside the folder walked: added with their kind when the walk did not find them by name, a Dockerfile given the
   * build context the document names and a Compose file the service it attaches to (the first document to name it
   * decides). A path or context that leaves the
   * folder is not followed: the walk reads only what the user asked it to.
   */
  const addReferences = (root: string, from: number) => {
    // the folder walked was resolved by walk(): no second realpath
    const realRoot = realDir(root);
    for (const t of targets.slice(from)) {
      for (const ref of referencesOf(t.file, realRoot)) {
        const known = seenFiles.get(ref.real);
        const target = known ?? { file: ref.file, kind: ref.kind };
        if (!known) {
          seenFiles.set(ref.real, target);
          targets.push(target);
        }
        if ((target.kind ?? ref.kind) !== ref.kind) continue;
        if (ref.context && target.context === undefined) target.context = ref.context;
        if (ref.service && target.service === undefined) target.service = ref.service;
      }
    }
  };

  /** `knownReal`: the folder's real path, when the walk knows it (a folder it listed: not a link, in a resolved one). */
  const walk = (dir: string, knownReal?: string) => {
    if (enough()) return;
    if (knownReal !== undefined) realDirs.set(dir, knownReal);
    const real = knownReal ?? realDir(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(`${path.relative(cwd, dir) || '.'}: ${describePathError(dir, e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    options.onListing?.(
      dir,
      entries.map((e) => e.name),
    );
    for (const entry of entries) {
      if (enough()) return;
      const full = joinListed(dir, entry.name);
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link && wanted(entry.name, full)) {
        try {
          isFile = fs.statSync(full).isFile();
        } catch {
          continue; // a dangling link found while walking is not the user's request
        }
      }
      // a folder (never a link: those are not walked) is its resolved parent's real path plus its name
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full, joinListed(real, entry.name));
      else if (isFile && wanted(entry.name, full)) addFile(full, link ? realpath(full) : joinListed(real, entry.name));
    }
  };

  for (const p of paths) {
    if (enough()) return { targets, problems, stopped: true };
    if (p === STDIN) {
      targets.push({ file: STDIN });
      continue;
    }
    const abs = path.resolve(cwd, p);
    const folder = path.dirname(abs);
    const name = path.basename(abs);
    // only for a name the walk would lint (a Dockerfile, a Compose file …): a folder named (`.`, `src`) is looked up
    // as before, and its parent, which the run has no other reason to list, is not listed
    if (options.isListedFile && isLintedName(name) && options.isListedFile(folder, name)) {
      addFile(abs, path.join(realDir(folder), name), true);
      continue;
    }
    let st: fs.Stats;
    try {
      // lstat first: a path that is not a link needs no second call, and its real path is its folder's plus its name
      st = fs.lstatSync(abs);
      if (st.isSymbolicLink()) st = fs.statSync(abs);
      else if (st.isFile()) {
        addFile(abs, path.join(realDir(folder), name), true);
        continue;
      }
    } catch (e) {
      problems.push(`${p}: ${describePathError(abs, e)}`);
      continue;
    }
    if (st.isDirectory()) {
      const from = targets.length;
      walk(abs);
      if (!enough()) addReferences(abs, from);
    } else if (st.isFile()) addFile(abs, realpath(abs), true);
    else problems.push(`${p}: not a regular file or directory`);
  }
  return enough() ? { targets, problems, stopped: true } : { targets, problems };
}

/**
 * path.join(dir, name) for a name from a folder's listing (never empty, `.` or `..`, and holding no separator) and
 * `dir` an absolute, normalized path (path.resolve's, realpath's, or joined here): the walk joins two paths for each
 * entry of each folder, and path.join normalizes the whole path again each time (issue 21).
 */
export function joinListed(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
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
}

/** Files a folder walk picks up: Dockerfiles, daemon.json and Compose files (each kind's name test). */
export function isLintedName(name: string): boolean {
  return LANGUAGES.some((l) => l.recognise.fileName(name));
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The files a document names (its language's `references`) that exist inside `realRoot`, with the kind named and, for a
 * Dockerfile, its build context when that is inside `realRoot` too. A path or context that leaves the folder is not
 * followed: the walk reads only what the user asked it to.
 */
function referencesOf(
  referrer: string,
  realRoot: string,
): { file: string; real: string; kind: string; context?: string }[] {
  const language = LANGUAGES.find((l) => l.references && l.recognise.fileName(path.basename(referrer)));
  if (!language?.references) return [];
  const text = readReferring(referrer);
  if (text === undefined) return [];
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + path.sep);
  const dir = path.dirname(referrer);
  const out: { file: string; real: string; kind: string; context?: string }[] = [];
  for (const ref of language.references(text)) {
    if (path.isAbsolute(ref.path) || ref.path.includes('\0')) continue;
    const file = path.resolve(dir, ref.path);
    const real = realpathOr(file);
    if (!inside(real)) continue;
    try {
      if (!fs.statSync(real).isFile()) continue;
    } catch {
      continue; // a file the configuration names but the repository lacks is the Dev Containers CLI's error
    }
    const context = ref.context === undefined ? undefined : realpathOr(path.resolve(dir, ref.context));
    out.push({ file, real, kind: ref.kind, context: context && inside(context) ? context : undefined });
  }
  return out;
}

/**
 * The build context a document beside a Dockerfile gives it (a devcontainer.json in the same folder whose
 * `build.dockerfile` names it), inside `root`; undefined when none does (the Dockerfile's folder is its context). The
 * editor's live lint of an open Dockerfile, so that it agrees with the folder walk's.
 */
export function referencedContext(file: string, root: string | undefined): string | undefined {
  if (!root) return undefined;
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const real = realpathOr(file);
  const realRoot = realpathOr(root);
  for (const name of names.sort()) {
    if (!LANGUAGES.some((l) => l.references && l.recognise.fileName(name))) continue;
    const ref = referencesOf(path.join(dir, name), realRoot).find((r) => r.real === real && r.context);
    if (ref?.context) return ref.context;
  }
  return undefined;
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
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ? `cannot read (${code})` : 'cannot read';
  }
}

export interface CollectOptions {
  /** Each folder the walk lists, with its names: a caller can keep them (one listing per folder for the whole run). */
  onListing?: (dir: string, names: readonly string[]) => void;
}

/**
 * `alsoLint(path)`: more files to pick up while walking (the editor's `bulkhead.daemon.files` and
 * `bulkhead.compose.files` globs), beside the names every walk finds.
 *
 * System calls: one listing per folder and one realpath per folder (a file's real path is its folder's plus its name,
 * unless it is itself a link); a file named on the command line costs one lstat (and a stat when it is a link).
 */
export function collectTargets(
  paths: readonly string[],
  cwd: string,
  alsoLint?: (file: string) => boolean,
  options: CollectOptions = {},
): Collected {
  const wanted = (name: string, full: string) => isLintedName(name) || !!alsoLint?.(full);
  const targets: Target[] = [];
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
   * inside the folder walked: added with their kind when the walk did not find them by name, and a Dockerfile given the
   * build context the document names (the first document to name it decides). A path or context that leaves the
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
        if (ref.context && target.context === undefined && (target.kind ?? ref.kind) === ref.kind)
          target.context = ref.context;
      }
    }
  };

  const walk = (dir: string) => {
    const real = realDir(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(`${path.relative(cwd, dir) || '.'}: ${describeFsError(e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    options.onListing?.(
      dir,
      entries.map((e) => e.name),
    );
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link && wanted(entry.name, full)) {
        try {
          isFile = fs.statSync(full).isFile();
        } catch {
          continue; // a dangling link found while walking is not the user's request
        }
      }
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      else if (isFile && wanted(entry.name, full)) addFile(full, link ? realpath(full) : path.join(real, entry.name));
    }
  };

  for (const p of paths) {
    if (p === STDIN) {
      targets.push({ file: STDIN });
      continue;
    }
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      // lstat first: a path that is not a link needs no second call, and its real path is its folder's plus its name
      st = fs.lstatSync(abs);
      if (st.isSymbolicLink()) st = fs.statSync(abs);
      else if (st.isFile()) {
        addFile(abs, path.join(realDir(path.dirname(abs)), path.basename(abs)), true);
        continue;
      }
    } catch (e) {
      problems.push(`${p}: ${describeFsError(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      const from = targets.length;
      walk(abs);
      addReferences(abs, from);
    } else if (st.isFile()) addFile(abs, realpath(abs), true);
    else problems.push(`${p}: not a regular file or directory`);
  }
  return { targets, problems };
}

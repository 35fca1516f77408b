import fs = require('node:fs');
import path = require('node:path');
import type { ConfigSources } from '../service/config';
import { Baseline, MAX_BASELINE_BYTES, parseBaseline } from '../service/baseline';

/**
 * The files next to a Dockerfile that change how it is linted. The pure service never reads files; the server and
 * the CLI use these helpers and pass the text in.
 */
export const CONFIG_FILE = '.bulkhead.json';
export const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
/** Larger files are not read as configuration. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readSmall(file: string, cache?: DirectoryCache): string | undefined {
  if (cache) return cache.readSmall(file);
  return readSmallNow(file);
}

function readSmallNow(file: string): string | undefined {
  try {
    return readRegularFile(file, MAX_CONFIG_BYTES);
  } catch {
    return undefined;
  }
}

/** How a file to read is opened: without blocking (O_NONBLOCK, where there is one: not on Windows). */
export const OPEN_TO_READ = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * A regular file's text, or undefined when it is not a regular file or is larger than `limit` bytes; throws on I/O
 * errors. Opened without blocking and judged by its descriptor (fstat), not by a stat of its path before: a FIFO put
 * in its place after it was listed would otherwise hold the run for good (opening a FIFO to read waits for a writer).
 */
export function readRegularFile(file: string, limit: number): string | undefined {
  const fd = fs.openSync(file, OPEN_TO_READ);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > limit) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** File systems that find `.Dockerignore` when asked for `.dockerignore`: names are compared case-insensitively. */
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';
const fold = (name: string) => (CASE_INSENSITIVE ? name.toLowerCase() : name);

/**
 * One look-up per folder for a run over many files (the CLI): each folder's names are listed once (or taken from the
 * walk that listed them anyway), so a file that is not there costs no system call, and a configuration or
 * .dockerignore file is read once however many Dockerfiles share it. For one run: a file changed during the run is
 * not read again.
 */
export class DirectoryCache {
  private readonly names = new Map<string, ReadonlySet<string> | null>();
  /** The regular files among a folder's names (from a listing of this cache's own: the walk's seeds give no kinds). */
  private readonly files = new Map<string, ReadonlySet<string> | null>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly realDirs = new Map<string, string | null>();
  /** Work done, for tests: folders listed, files read (or tried), folders resolved. */
  readonly counts = { listed: 0, read: 0, resolved: 0 };

  /** A folder's names, from a listing made elsewhere (the walk's). */
  seed(dir: string, names: Iterable<string>): void {
    if (!this.names.has(dir)) this.names.set(dir, new Set([...names].map(fold)));
  }

  /** Might `name` be in `dir`? False only when the folder's listing says it is not (true when it cannot be listed). */
  mayHave(dir: string, name: string): boolean {
    if (!this.names.has(dir)) this.list(dir);
    const names = this.names.get(dir);
    return !names || names.has(fold(name));
  }

  /**
   * Is `name` a regular file (not a link) in `dir`, as the folder's listing says? False when the listing says
   * otherwise or the folder cannot be listed: the caller then asks the file system itself. A folder seeded by the walk
   * (names only) is listed again, with kinds, the first time this is asked of it.
   */
  isListedFile(dir: string, name: string): boolean {
    if (!this.files.has(dir)) this.list(dir);
    return this.files.get(dir)?.has(fold(name)) ?? false;
  }

  /** One listing of a folder: its names, and which of them are regular files. */
  private list(dir: string): void {
    this.counts.listed++;
    let names: Set<string> | null = null;
    let files: Set<string> | null = null;
    try {
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      names = new Set();
      files = new Set();
      for (const entry of entries) {
        const name = fold(entry.name);
        names.add(name);
        if (entry.isFile()) files.add(name);
      }
    } catch {
      // cannot be listed: every look-up asks the file system
    }
    if (!this.names.has(dir)) this.names.set(dir, names);
    this.files.set(dir, files);
  }

  /** A small regular file's text (as readSmall), read at most once per run; no system call when it is not listed. */
  readSmall(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    // a name the listing does not hold is not remembered: the listing answers again (a run over 50,000 Dockerfiles
    // asks for 50,000 <Dockerfile>.dockerignore files that are not there)
    if (!this.mayHave(path.dirname(file), path.basename(file))) return undefined;
    this.counts.read++;
    const text = readSmallNow(file);
    this.texts.set(file, text);
    return text;
  }

  /** fs.realpathSync of a folder, once per folder (null when it cannot be resolved). */
  realDir(dir: string): string | null {
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      this.counts.resolved++;
      try {
        real = fs.realpathSync(dir);
      } catch {
        real = null;
      }
      this.realDirs.set(dir, real);
    }
    return real;
  }
}

/** Folders from the document's folder up to (and including) the root, nearest first. */
function foldersUp(dir: string, root: string | undefined): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  const stop = root ? path.resolve(root) : undefined;
  for (;;) {
    out.push(d);
    if (stop && d === stop) break;
    const parent = path.dirname(d);
    if (parent === d) break;
    if (stop && !parent.startsWith(stop)) break;
    if (!stop) break; // without a workspace root, only the document's own folder
    d = parent;
  }
  if (stop && !out.includes(stop)) out.push(stop);
  return out;
}

/** `.bulkhead.json` and `.hadolint.yaml` nearest to the document (its folder, then up to the workspace root). */
export function findConfigFiles(
  documentPath: string,
  workspaceRoot?: string,
  cache?: DirectoryCache,
): Pick<ConfigSources, 'bulkheadJson' | 'hadolintYaml'> {
  const out: Pick<ConfigSources, 'bulkheadJson' | 'hadolintYaml'> = {};
  for (const dir of foldersUp(path.dirname(documentPath), workspaceRoot)) {
    if (!out.bulkheadJson) {
      const file = path.join(dir, CONFIG_FILE);
      const text = readSmall(file, cache);
      if (text !== undefined) out.bulkheadJson = { path: file, text };
    }
    if (!out.hadolintYaml) {
      for (const name of HADOLINT_FILES) {
        const file = path.join(dir, name);
        const text = readSmall(file, cache);
        if (text !== undefined) {
          out.hadolintYaml = { path: file, text };
          break;
        }
      }
    }
  }
  return out;
}

/** Larger build-context files are not read (an entrypoint script is a few KB). */
export const MAX_CONTEXT_FILE_BYTES = 256 * 1024;

/**
 * A reader of the build context's files (`contextDir`, by default the Dockerfile's folder, the usual context), by their
 * path relative to it as a COPY source writes it. Null for a path that leaves the folder (`..`, absolute, through a
 * symbolic link), that is not a regular file, or larger than MAX_CONTEXT_FILE_BYTES. Read, never run.
 */
export function contextFileReader(
  documentPath: string,
  contextDir: string = path.dirname(documentPath),
  cache?: DirectoryCache,
): (relativePath: string) => string | null {
  const dir = path.resolve(contextDir);
  let realDir: string | null | undefined;
  return (relativePath) => {
    if (!relativePath || path.isAbsolute(relativePath) || relativePath.includes('\0')) return null;
    const file = path.resolve(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) return null;
    // a name its folder's listing does not hold is not there: no system call (most COPY sources a run asks about)
    if (cache && !cache.mayHave(path.dirname(file), path.basename(file))) return null;
    try {
      realDir ??= cache ? cache.realDir(dir) : fs.realpathSync(dir);
      if (realDir === null) return null;
      const real = fs.realpathSync(file);
      if (!real.startsWith(realDir + path.sep)) return null;
      return readRegularFile(real, MAX_CONTEXT_FILE_BYTES) ?? null;
    } catch {
      return null;
    }
  };
}

/**
 * The `.dockerignore` that applies: `<Dockerfile>.dockerignore` beside it (BuildKit's per-Dockerfile ignore file), else
 * `.dockerignore` at the root of the build context (`contextDir`, by default the Dockerfile's folder, the usual
 * context): docs.docker.com/build/concepts/context/#dockerignore-files. Null when neither exists; `text` undefined
 * when the one that applies is there but was not read (larger than MAX_CONFIG_BYTES, not a regular file, unreadable):
 * what it excludes is then unknown, which is not the same as no .dockerignore.
 */
export function readDockerignore(
  documentPath: string,
  contextDir: string = path.dirname(documentPath),
  cache?: DirectoryCache,
): { path: string; text: string | undefined } | null {
  for (const file of [`${documentPath}.dockerignore`, path.join(contextDir, '.dockerignore')]) {
    const text = readSmall(file, cache);
    if (text !== undefined) return { path: file, text };
    // not read: absent, or there and not readable (asked only then; the listing answers first when there is one)
    if ((!cache || cache.mayHave(path.dirname(file), path.basename(file))) && fs.existsSync(file))
      return { path: file, text: undefined };
  }
  return null;
}

/**
 * A baseline file (service/baseline.ts), read within its size limit and parsed: the baseline, or why it cannot be
 * used (one sentence, quoting nothing of the file); `missing` when there is no such file.
 */
export function readBaselineFile(file: string): { baseline: Baseline } | { problem: string; missing?: true } {
  let text: string;
  try {
    // judged by its descriptor, opened without blocking (readRegularFile): a FIFO in its place waits for no writer
    const fd = fs.openSync(file, OPEN_TO_READ);
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { problem: st.isDirectory() ? 'it is a folder' : 'it is not a regular file' };
      if (st.size > MAX_BASELINE_BYTES) return { problem: `it is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB` };
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'no such file', missing: true };
    return { problem: `cannot read it (${code ?? 'error'})` };
  }
  return parseBaseline(text);
}

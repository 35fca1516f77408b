import path = require('node:path');
import { pathToFileURL } from 'node:url';

/**
 * The names a check gives each file — relative to the working folder (the output's `file` and `uri`), relative to the
 * baseline's folder, and as a `file:` URL (the lint's document) — worked out once per folder rather than once per file
 * (issue 21: path.relative and pathToFileURL normalize and scan the whole path each time, 98 ms of the lint thread's
 * 7.7 s in a profile of a 20,000-file check, where ten files share each folder).
 *
 * Only where joining is the same as working it out in full: an absolute, normalized POSIX path whose name is made of
 * characters that no path function treats specially and that no encoding changes (letters, digits, `.`, `_`, `-`;
 * not `.` or `..`), in a folder other than the root. Any other path (Windows', a name with a space or `%`) is worked
 * out in full, as before: the answers are the same either way (test/unit/folder-paths.test.ts compares them over
 * generated paths). A folder's parts are worked out as they are first asked for, each from the folder alone.
 */
export class FolderPaths {
  /** Each folder's parts, or null: a folder whose paths are always worked out in full. */
  private readonly folders = new Map<string, Folder | null>();
  private readonly fast: boolean;

  /** `from`: the folder names are relative to (the working folder, or the baseline's). */
  constructor(
    private readonly from: string,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.fast = platform !== 'win32' && path.isAbsolute(from) && path.normalize(from) === from;
  }

  /** Folders whose parts were worked out (for tests: once per folder). */
  get foldersWorkedOut(): number {
    let n = 0;
    for (const folder of this.folders.values()) if (folder) n++;
    return n;
  }

  /** path.relative(from, file) (the file's own name when that is empty, as the output names a file). */
  relative(file: string): string {
    const parts = this.parts(file);
    if (!parts) return path.relative(this.from, file) || path.basename(file);
    return parts.folder.relative === '' ? parts.name : `${parts.folder.relative}/${parts.name}`;
  }

  /** The relative name with `/` between its parts, each encoded as a URI component (the output's `uri`). */
  relativeUri(file: string): string {
    const parts = this.parts(file);
    if (!parts)
      return (path.relative(this.from, file) || path.basename(file)).split(path.sep).map(encodeURIComponent).join('/');
    const { folder, name } = parts;
    if (folder.relative === '') return name;
    folder.relativeUri ??= folder.relative.split('/').map(encodeURIComponent).join('/');
    return `${folder.relativeUri}/${name}`;
  }

  /** path.relative(from, file) with `/` between its parts (a baseline file's names). */
  relativeSlashed(file: string): string {
    const parts = this.parts(file);
    if (!parts) return path.relative(this.from, file).split(path.sep).join('/');
    return parts.folder.relative === '' ? parts.name : `${parts.folder.relative}/${parts.name}`;
  }

  /** pathToFileURL(file).toString(). */
  url(file: string): string {
    const parts = this.parts(file);
    if (!parts) return pathToFileURL(file).toString();
    parts.folder.url ??= pathToFileURL(parts.dir).toString();
    return `${parts.folder.url}/${parts.name}`;
  }

  /** The file's folder and name, when joining them gives the same answers as working them out in full. */
  private parts(file: string): { folder: Folder; dir: string; name: string } | undefined {
    if (!this.fast) return undefined;
    const at = file.lastIndexOf('/');
    // the root's files (`/Dockerfile`) and a path that is not absolute are worked out in full
    if (at <= 0) return undefined;
    const name = file.slice(at + 1);
    if (!PLAIN_NAME.test(name) || name === '.' || name === '..') return undefined;
    // the file is `from` itself or one of its folders (a path named that is not a file): worked out in full
    if (this.from === file || this.from.startsWith(`${file}/`)) return undefined;
    const dir = file.slice(0, at);
    let folder = this.folders.get(dir);
    if (folder === undefined) {
      // normalized, and not ending in `/` (the root, or `/a/` of `/a//Dockerfile`): then so is the file
      folder =
        dir[0] === '/' && !dir.endsWith('/') && path.normalize(dir) === dir
          ? { relative: path.relative(this.from, dir) }
          : null;
      this.folders.set(dir, folder);
    }
    return folder ? { folder, dir, name } : undefined;
  }
}

interface Folder {
  /** path.relative(from, folder): '' for `from` itself. */
  relative: string;
  /** `relative` with each part encoded as a URI component (once asked for). */
  relativeUri?: string;
  /** The folder's `file:` URL, no `/` at its end (the root is not a Folder), once asked for. */
  url?: string;
}

/**
 * Characters no path function treats specially and that encodeURIComponent and the URL parser leave as they are.
 * (A name from the walk is one entry of a listing: it holds no `/`.)
 */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigSources } from '../service/config';

/**
 * The files next to a Dockerfile that change how it is linted. The pure service never reads files; the server and
 * the CLI use these helpers and pass the text in.
 */
export const CONFIG_FILE = '.bulkhead.json';
export const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
/** Larger files are not read as configuration. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readSmall(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
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
): Pick<ConfigSources, 'bulkheadJson' | 'hadolintYaml'> {
  const out: Pick<ConfigSources, 'bulkheadJson' | 'hadolintYaml'> = {};
  for (const dir of foldersUp(path.dirname(documentPath), workspaceRoot)) {
    if (!out.bulkheadJson) {
      const file = path.join(dir, CONFIG_FILE);
      const text = readSmall(file);
      if (text !== undefined) out.bulkheadJson = { path: file, text };
    }
    if (!out.hadolintYaml) {
      for (const name of HADOLINT_FILES) {
        const file = path.join(dir, name);
        const text = readSmall(file);
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
): (relativePath: string) => string | null {
  const dir = path.resolve(contextDir);
  let realDir: string | undefined;
  return (relativePath) => {
    if (!relativePath || path.isAbsolute(relativePath) || relativePath.includes('\0')) return null;
    const file = path.resolve(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) return null;
    try {
      realDir ??= fs.realpathSync(dir);
      const real = fs.realpathSync(file);
      if (!real.startsWith(realDir + path.sep)) return null;
      const st = fs.statSync(real);
      if (!st.isFile() || st.size > MAX_CONTEXT_FILE_BYTES) return null;
      return fs.readFileSync(real, 'utf8');
    } catch {
      return null;
    }
  };
}

/**
 * The `.dockerignore` that applies: `<Dockerfile>.dockerignore` beside it (BuildKit's per-Dockerfile ignore file), else
 * `.dockerignore` at the root of the build context (`contextDir`, by default the Dockerfile's folder, the usual
 * context): docs.docker.com/build/concepts/context/#dockerignore-files. Null when neither exists.
 */
export function readDockerignore(
  documentPath: string,
  contextDir: string = path.dirname(documentPath),
): { path: string; text: string } | null {
  for (const file of [`${documentPath}.dockerignore`, path.join(contextDir, '.dockerignore')]) {
    const text = readSmall(file);
    if (text !== undefined) return { path: file, text };
  }
  return null;
}

import { CompiledGlob, GlobPart, MAX_GLOB_LENGTH, MAX_GLOBS, compileGlob, notLineBreak, notSlash } from '../text/glob';
import { stripFrom } from '../text/scan';

// the one list of Dockerfile names, which the editor's document selector and language association read too
export { isDockerfileName, matchesDockerfilePattern } from '../../../shared/src/dockerfileNames';

export function basenameOf(uriOrPath: string): string {
  const clean = stripFrom(uriOrPath, '?#');
  const parts = clean.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a path, not a URI: `Dockerfile.100%` is a name, not a malformed escape
  }
}

/** dockerd reads `daemon.json` (`/etc/docker/`, `~/.config/docker/` rootless, `C:\ProgramData\docker\config\`). */
export function isDaemonJsonName(name: string): boolean {
  return name.toLowerCase() === 'daemon.json';
}

/**
 * Compose files by name: `compose.yaml`, `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`, and the override
 * files `compose.<anything>.yaml` / `docker-compose.<anything>.yml` (either extension).
 */
export function isComposeName(name: string): boolean {
  return /^(docker-)?compose(\.[^/\\]+)?\.ya?ml$/i.test(name);
}

/**
 * A glob as users write it in `bulkhead.daemon.files` (`**` any folders, `*` and `?` within a name, `{a,b}`), compiled
 * for `/`-separated paths, either case. A pattern without a `/` matches the file name anywhere (it is matched after any
 * `/` of the path). Settings are untrusted input (a workspace ships them): see text/glob.ts.
 */
export function compileFilesGlob(glob: string): CompiledGlob {
  let g = glob.trim().replace(/\\/g, '/');
  if (!g.includes('/')) g = `**/${g}`;
  const parts: GlobPart[] = [];
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      parts.push(slash ? { optional: [{ any: notLineBreak }, '/'] } : { any: notLineBreak });
      i += slash ? 2 : 1;
    } else if (c === '*') parts.push({ any: notSlash });
    else if (c === '?') parts.push({ one: notSlash });
    else if (c === '{' && g.indexOf('}', i) > 0) {
      const close = g.indexOf('}', i);
      parts.push({
        oneOf: g
          .slice(i + 1, close)
          .split(',')
          .map(namePattern),
      });
      i = close;
    } else parts.push(c);
  }
  return compileGlob(parts, { ignoreCase: true });
}

/** An alternative of `{a,b}`: `*` and `?` within a name, the rest as written. */
function namePattern(text: string): GlobPart[] {
  return [...text].map((c): GlobPart => (c === '*' ? { any: notSlash } : c === '?' ? { one: notSlash } : c));
}

/**
 * The globs of a `bulkhead.daemon.files` / `bulkhead.compose.files` setting that Bulkhead uses: strings, at most
 * MAX_GLOBS of them, none longer than MAX_GLOB_LENGTH; `report.warn` hears why any other is left out.
 */
export function settingGlobs(value: unknown, report?: { setting: string; warn: (line: string) => void }): string[] {
  if (!Array.isArray(value)) return [];
  const globs = value.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  const usable = globs.filter((g) => g.length <= MAX_GLOB_LENGTH);
  const tooLong = globs.length - usable.length;
  if (tooLong)
    report?.warn(
      `${report.setting}: ${tooLong === 1 ? 'a glob' : `${tooLong} globs`} longer than ${MAX_GLOB_LENGTH} characters ignored; write the pattern shorter (\`**/dockerd-*.json\`, \`deploy/*.yml\`)`,
    );
  if (usable.length > MAX_GLOBS)
    report?.warn(
      `${report.setting}: more than ${MAX_GLOBS} globs, only the first ${MAX_GLOBS} are used; combine them with \`{a,b}\` or \`*\``,
    );
  return usable.slice(0, MAX_GLOBS);
}

/** Compiled setting globs, by glob: documentKind (service/languages.ts) runs for every opened document. */
const compiledGlobs = new Map<string, CompiledGlob>();

export function compiledFilesGlob(glob: string): CompiledGlob {
  let compiled = compiledGlobs.get(glob);
  if (!compiled) {
    if (compiledGlobs.size >= 4 * MAX_GLOBS) compiledGlobs.clear();
    compiledGlobs.set(glob, (compiled = compileFilesGlob(glob)));
  }
  return compiled;
}

/** A URI's or path's path, `/`-separated, percent-escapes decoded. */
export function pathOf(uri: string): string {
  let p = stripFrom(uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''), '?#');
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep it encoded
  }
  return p.replace(/\\/g, '/');
}

/**
 * One decoder for every file read: a TextDecoder holds a native converter with a weak handle, and one made per file
 * left a handle per file for every scavenge to walk (issue 21: 4 ms of each young-generation collection in the cold
 * CLI run). `decode` without `stream` keeps no state between calls.
 */
const UTF8 = new TextDecoder('utf-8');

/** UTF-8 without the BOM (editors hide it, so columns match what the user sees); bad bytes become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

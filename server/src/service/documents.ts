/** Which documents Bulkhead lints, by file name (the language id alone is not enough: `Dockerfile.prod`). */
export type LintedKind = 'dockerfile' | 'daemon' | 'compose';

const DOCKERFILE_NAME = /^(dockerfile|containerfile)([.\-_].*)?$|\.(dockerfile|containerfile)$/i;
const NOT_DOCKERFILE = /\.(md|txt|sh|go|py|js|ts|json|ya?ml|toml|rs|java|rb|ps1|bat|cmd|html|xml|dockerignore|orig|rej|bak|swp|sample|template|tmpl|tpl|j2|jinja2?|erb|mustache|in)$/i;

export function basenameOf(uriOrPath: string): string {
  const clean = uriOrPath.replace(/[?#].*$/, '');
  const parts = clean.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a path, not a URI: `Dockerfile.100%` is a name, not a malformed escape
  }
}

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name);
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
 * A glob as users write it in `bulkhead.daemon.files` (`**` any folders, `*` and `?` within a name, `{a,b}`), as a
 * regular expression over `/`-separated paths. A pattern without a `/` matches the file name anywhere.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${g.slice(i + 1, close).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|[\]\\}]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`, 'i');
}

function pathOf(uri: string): string {
  let p = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep it encoded
  }
  return p.replace(/\\/g, '/');
}

/** The kind of a document, from its language id (editor), its name, and the `bulkhead.daemon.files` globs. */
export function documentKind(uri: string, languageId?: string, daemonGlobs: readonly string[] = [], composeGlobs: readonly string[] = []): LintedKind | null {
  if (languageId === 'dockerfile') return 'dockerfile';
  const name = basenameOf(uri);
  if (isDaemonJsonName(name)) return 'daemon';
  if (isComposeName(name)) return 'compose';
  const matches = (globs: readonly string[]) => globs.some((g) => typeof g === 'string' && g.trim() && globToRegExp(g).test(pathOf(uri)));
  if (daemonGlobs.length && matches(daemonGlobs)) return 'daemon';
  if (composeGlobs.length && matches(composeGlobs)) return 'compose';
  if (languageId === 'json' || languageId === 'jsonc' || languageId === 'yaml' || languageId === 'dockercompose') return null;
  return isDockerfileName(name) ? 'dockerfile' : null;
}

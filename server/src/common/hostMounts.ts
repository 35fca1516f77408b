import { trimTrailing } from '../text/scan';

/**
 * Host paths as the mount rules of Compose and dev containers compare them, and what a mount of an engine's socket or
 * of the host's root hands a container (compose-docker-socket, devcontainer-docker-socket): one table, one reading.
 */

/** What stands in a host path for a variable Bulkhead has no value for: it matches no name. */
export const UNKNOWN = '\0';

/** compose-go's `isFilePath`: a bind mount's source (`.`, `/`, `~`, `\\` for a named pipe, a drive letter). */
export function isFilePath(source: string): boolean {
  const chars = [...source];
  // the Unicode letter class is built when first needed, not when the CLI loads (issue 21)
  return /^[./~]/.test(source) || source.startsWith('\\\\') || (chars[1] === ':' && /^\p{L}$/u.test(chars[0]));
}

// --- host paths, as the mount rules compare them ---

/** A host path as compared: its root and its components (`.` and `..` resolved as the kernel resolves them). */
export interface HostPath {
  root: '/' | '~' | 'C:';
  parts: string[];
  /** A Windows path (compared without regard to case); its drive as written. */
  drive?: string;
}

/**
 * A bind mount's host side as a path, or undefined for what is no absolute host path: a relative project path (it is
 * the project's), a named pipe, or a path a variable starts (what the variable holds decides). `~` is the home of
 * whoever runs Compose (compose-go `paths.ExpandUser` joins the rest to it).
 */
export function hostPath(source: string): HostPath | undefined {
  let root: HostPath['root'];
  let rest: string;
  let drive: string | undefined;
  if (source.startsWith('~')) [root, rest] = ['~', source.slice(1)];
  else if (/^\p{L}:[\\/]/u.test(source)) [root, rest, drive] = ['C:', source.slice(2), source.slice(0, 2)];
  else if (source.startsWith('/') && !source.startsWith('//./pipe/')) [root, rest] = ['/', source];
  else return undefined;
  const parts: string[] = [];
  // `\` separates on Windows: after a drive, and in a home path (`${USERPROFILE}\.ssh`)
  for (const part of rest.split(root === '/' ? /\/+/ : /[\\/]+/)) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return { root, parts, drive };
}

// --- what the engine's socket rules report (compose-docker-socket, devcontainer-docker-socket) ---

/** What engineExposure reads of a mount: `volume` for a named volume, the host side (UNKNOWN for each variable without a value) and the target. */
export interface HostMount {
  type: string;
  source: string;
  target: string;
}

/** The container engines' API sockets, by file name: whoever can write to one controls the engine. */
const SOCKETS: Readonly<Record<string, string>> = {
  'docker.sock': 'the Docker API',
  'docker.sock.raw': 'the Docker API',
  'podman.sock': 'the Podman API',
  'containerd.sock': 'the containerd API',
  'cri-dockerd.sock': 'the Docker API (through cri-dockerd)',
  'crio.sock': 'the CRI-O API',
};

/** Directories whose bind mount carries the Docker socket with it. */
const RUNTIME_DIRS = new Set(['/var/run', '/run']);

function baseName(path: string): string {
  const trimmed = trimTrailing(path, '\\/');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/**
 * What the mount hands the container when it is an engine's API socket, the directory that holds the Docker socket,
 * or the host's root (`root`): compose-docker-socket's findings, which no other rule reports again.
 */
export function engineExposure(mount: HostMount): { what: string; root: boolean } | undefined {
  if (mount.type === 'volume') return undefined;
  const source = mount.source;
  // a host path (named volumes are plain names), or one a variable starts
  if (!isFilePath(source) && !source.startsWith(UNKNOWN)) return undefined;
  if (/^\\\\\.\\pipe\\docker_engine$|^\/\/\.\/pipe\/docker_engine$/i.test(source))
    return { what: 'the Docker API (its Windows named pipe)', root: false };
  const name = baseName(source);
  if (!name.includes(UNKNOWN) && SOCKETS[name.toLowerCase()]) return { what: SOCKETS[name.toLowerCase()], root: false };
  if (!source.includes(UNKNOWN)) {
    // `//`, `.` and `..` folded as the kernel resolves them (`/etc/..` is `/`)
    const parsed = hostPath(source);
    const path = parsed?.root === '/' ? `/${parsed.parts.join('/')}` : undefined;
    if (path === '/') return { what: "the host's whole filesystem", root: true };
    if (path && RUNTIME_DIRS.has(path))
      return { what: "the host's runtime directory, the Docker socket (the Docker API) included", root: false };
    return undefined;
  }
  // the host side is an unset variable (`${DOCKER_SOCK}:/var/run/docker.sock`): the target says what it is
  const target = baseName(mount.target).toLowerCase();
  return source === UNKNOWN && SOCKETS[target] ? { what: SOCKETS[target], root: false } : undefined;
}

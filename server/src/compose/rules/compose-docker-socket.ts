import { isMap, isPair, isScalar, Node } from 'yaml';
import type { Anchor, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { nodeRange } from '../reportSite';
import { interpolate } from '../interpolation';
import { ListItem, listItems } from '../serviceValues';
import { trimTrailing } from '../../text/scan';

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

const SOCKET_ANCHORS: Anchor[] = [cisCheck('5.32'), { tool: 'kics', id: 'Docker Socket Mounted In Container' }];
const ROOT_ANCHORS: Anchor[] = [cisCheck('5.6'), { tool: 'kics', id: 'Volume Has Sensitive Host Directory' }];

interface Mount {
  /** The host side with variable defaults applied; `\0` marks an unset variable. */
  source: string;
  target: string;
  readOnly: boolean;
  /** The text the finding points at and names. */
  node: Node;
  written: string;
}

/** A path with variable defaults applied and `\0` for each variable without one. */
function hostSide(text: string): string {
  return interpolate(text, () => '\0').value;
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/** `SOURCE:TARGET[:MODE]` (a Windows drive letter's colon is part of the path); no source: an anonymous volume. */
function shortSyntax(spec: string): { source?: string; target: string; mode: string } {
  const cut = (s: string) => {
    const i = s.indexOf(':', WINDOWS_DRIVE.test(s) ? 2 : 0);
    return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
  };
  const [source, rest] = cut(spec);
  if (rest === undefined) return { target: source, mode: '' };
  const [target, mode = ''] = cut(rest);
  return { source, target, mode };
}

/** A bind mount's host side and target, from the short or the long syntax; undefined for volumes and tmpfs. */
function mountOf(item: ListItem): Mount | undefined {
  if (typeof item.value === 'string') {
    const { source, target, mode } = shortSyntax(hostSide(item.value.trim()));
    if (source === undefined) return undefined;
    return { source, target, readOnly: /(^|,)ro(,|$)/.test(mode), node: item.node, written: item.value.trim() };
  }
  const node = item.node;
  if (!isMap(node) || !item.value || typeof item.value !== 'object') return undefined;
  const v = item.value as { type?: unknown; source?: unknown; target?: unknown; read_only?: unknown };
  if (v.type !== undefined && v.type !== 'bind' && v.type !== 'npipe') return undefined;
  if (typeof v.source !== 'string') return undefined;
  const sourcePair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'source');
  const sourceNode = (sourcePair?.value as Node | null) ?? node;
  return {
    source: hostSide(v.source.trim()),
    target: typeof v.target === 'string' ? hostSide(v.target.trim()) : '',
    readOnly: v.read_only === true || v.read_only === 'true',
    node: sourceNode,
    written: v.source.trim(),
  };
}

/** A host path (named volumes are plain names): absolute, relative, home, Windows, or starting with a variable. */
function isHostPath(source: string): boolean {
  return /^([/.~\0\\]|[A-Za-z]:[\\/])/.test(source);
}

function baseName(path: string): string {
  const trimmed = trimTrailing(path, '\\/');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** What the mount hands the container, when it is the engine's socket or the host's root. */
function exposure(mount: Mount): { what: string; root: boolean } | undefined {
  const source = mount.source;
  if (!isHostPath(source)) return undefined;
  if (/^\\\\\.\\pipe\\docker_engine$|^\/\/\.\/pipe\/docker_engine$/i.test(source))
    return { what: 'the Docker API (its Windows named pipe)', root: false };
  const name = baseName(source);
  if (!name.includes('\0') && SOCKETS[name.toLowerCase()]) return { what: SOCKETS[name.toLowerCase()], root: false };
  if (!source.includes('\0')) {
    const path = source.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    if (path === '/' || path === '/.') return { what: "the host's whole filesystem", root: true };
    if (RUNTIME_DIRS.has(path))
      return { what: "the host's runtime directory, the Docker socket (the Docker API) included", root: false };
    return undefined;
  }
  // the host side is an unset variable (`${DOCKER_SOCK}:/var/run/docker.sock`): the target says what it is
  const target = baseName(mount.target).toLowerCase();
  return source === '\0' && SOCKETS[target] ? { what: SOCKETS[target], root: false } : undefined;
}

export const composeDockerSocket: Rule<ComposeContext> = {
  id: 'compose-docker-socket',
  kind: 'compose',
  severity: 'error',
  title: 'Docker socket or host root mounted',
  rationale:
    "The Docker socket is the Docker API: a process that can connect to it starts a privileged container with the host's disk mounted, which is root on the host (a read-only mount does not help). Mounting the host's `/` hands over the whole host filesystem.",
  remedy:
    'Remove the mount; if the service must talk to Docker, give it a filtering socket proxy that allows only the calls it makes.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SOCKET_ANCHORS, ...ROOT_ANCHORS],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'volumes')) {
        const mount = mountOf(item);
        const found = mount && exposure(mount);
        if (!mount || !found) continue;
        const range = item.own ? nodeRange(model, mount.node) : item.at;
        const what = item.own
          ? `Mounting \`${mount.written}\` gives the container ${found.what}`
          : `Service \`${service.name}\` mounts \`${mount.written}\`${item.via}, which gives the container ${found.what}`;
        const where = item.own ? 'Remove the mount' : 'Remove the mount where it is written';
        const message = found.root
          ? `${what}: /etc/shadow, the Docker socket, every other container's data${mount.readOnly ? ' (read-only still reads them)' : ''}. ${where} and mount only the paths the service needs.`
          : `${what}: whoever controls the container can start a privileged container and own the host${mount.readOnly ? ' (`:ro` does not help: the socket still takes commands)' : ''}. ${where}; if the service must talk to Docker, give it a socket proxy that allows only the calls it makes.`;
        out.push({ range, message, anchors: found.root ? ROOT_ANCHORS : SOCKET_ANCHORS });
      }
    }
    return out;
  },
};

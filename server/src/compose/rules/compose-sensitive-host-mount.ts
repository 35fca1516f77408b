import { isMap, isScalar } from 'yaml';
import type { Anchor, Report, Rule, Severity } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { lineOf, nodeRange } from '../reportSite';
import { listItems } from '../serviceValues';
import { engineExposure, hostPath, mountOf, parseVolumeSpec, UNKNOWN, type HostPath, type Mount } from '../mounts';
import { interpolate } from '../interpolation';
import { joinList } from '../../text/list';
import { lazy } from '../../common/memo';

const ANCHORS: Anchor[] = [
  { tool: 'docker-bench', id: '5.6' },
  { tool: 'kics', id: 'Volume Has Sensitive Host Directory' },
];

/**
 * What a directory's mount costs the host. `system`: reading it leaks, writing it changes the host (error when
 * writable, warning read-only); `secret`: reading alone is the harm (the engine's state, SSH keys): error either way;
 * `device`: a host device node, which the devices cgroup, not `:ro`, governs (warning).
 */
type Harm = 'system' | 'secret' | 'device';

interface SensitiveDir {
  /** `/`, `~` (the home of whoever runs Compose) or `C:` (any Windows drive). */
  root: '/' | '~' | 'C:';
  /** Path components below the root; `*` stands for any one. */
  parts: string[];
  harm: Harm;
  /** What it is, after "gives the container". */
  holds: string;
  /** What the container does with it read-only, then writable (whole directory). */
  read: string;
  write: string;
}

/**
 * The sensitive host paths (CIS Docker Benchmark 5.6, and the SSH keys and engine state it implies), most specific
 * first. Split on first use: a run that checks no Compose file never builds it (hostPath compiles a Unicode regex).
 */
const DIRS = lazy((): readonly SensitiveDir[] => [
  ...(['/root/.ssh', '/home/*/.ssh', '/Users/*/.ssh', '~/.ssh', 'C:/Users/*/.ssh'] as const).map(
    (path): SensitiveDir => ({
      ...split(path),
      harm: 'secret',
      holds: "a user's SSH directory on the host",
      read: 'it reads the private keys, which log in wherever that user can',
      write: 'writable, it can also add its own key to `authorized_keys` and log in to the host',
    }),
  ),
  {
    ...split('/var/lib/docker'),
    harm: 'secret',
    holds: "the Docker engine's state",
    read: "it reads every container's files and configuration, their environment variables and secrets included",
    write: 'writable, it can also change the images and containers the engine runs as root',
  },
  {
    ...split('/var/lib/containerd'),
    harm: 'secret',
    holds: "containerd's state",
    read: "it reads every image's and container's files",
    write: 'writable, it can also change what containerd runs as root',
  },
  {
    ...split('C:/ProgramData/docker'),
    harm: 'secret',
    holds: "the Docker engine's state and configuration",
    read: "it reads every container's files and the engine's configuration and TLS keys",
    write: 'writable, it can also change the images, containers and configuration the engine runs with',
  },
  {
    ...split('C:/ProgramData/containerd'),
    harm: 'secret',
    holds: "containerd's state",
    read: "it reads every image's and container's files",
    write: 'writable, it can also change what containerd runs',
  },
  {
    ...split('/etc'),
    harm: 'system',
    holds: "the host's configuration",
    read: 'it reads the password hashes in `/etc/shadow` and the credentials services keep there',
    write: 'writable, it can add a user or a sudoers rule, or change what the host runs: root on the host',
  },
  {
    ...split('/proc'),
    harm: 'system',
    holds: "the host's process information",
    read: "it reads every host process's command line and environment, secrets passed in them included",
    write:
      'writable, it can set kernel parameters (`/proc/sys/kernel/core_pattern` runs a program of its choice as root on the host) or crash the host',
  },
  {
    ...split('/sys'),
    harm: 'system',
    holds: "the host's kernel and device settings",
    read: "it reads the host's hardware and kernel details",
    write:
      "writable, it can reconfigure the host's devices and kernel (`/sys/kernel/uevent_helper` runs a program of its choice as root on the host)",
  },
  {
    ...split('/dev/shm'),
    harm: 'system',
    holds: "the host's shared memory",
    read: 'it reads what host processes share there',
    write: "writable, it can change what host processes share there and fill the host's memory",
  },
  {
    ...split('/dev/*'),
    harm: 'device',
    holds: 'a host device',
    read: '',
    write: '',
  },
  {
    ...split('/dev'),
    harm: 'system',
    holds: 'every device node of the host',
    read: "it sees the host's devices and opens those the device rules allow",
    write: 'writable, it can also create device nodes and write to every device the device rules allow',
  },
  {
    ...split('/boot'),
    harm: 'system',
    holds: "the host's kernel and boot loader",
    read: "it reads the host's kernel and its configuration",
    write: 'writable, it can replace the kernel or initramfs the host boots next',
  },
  ...(['/lib/modules', '/usr/lib/modules'] as const).map((path): SensitiveDir => ({
    ...split(path),
    harm: 'system',
    holds: "the host's kernel modules",
    read: 'it learns the exact kernel build, for an exploit to target',
    write: "writable, it can replace a module the host's kernel loads: its code then runs in the host's kernel",
  })),
  {
    ...split('/root'),
    harm: 'system',
    holds: "root's home directory on the host",
    read: "it reads root's shell history and the credentials kept there",
    write: 'writable, it can plant a `.bashrc` or `.profile` that root runs on the host',
  },
]);

/**
 * Paths under those that hold nothing secret: host files commonly mounted read-only so that the container agrees
 * with the host (its time zone, names, users, public CA certificates). Reported only when writable.
 */
const PUBLIC_READ_ONLY = lazy(() =>
  [
    '/etc/localtime',
    '/etc/timezone',
    '/etc/hostname',
    '/etc/hosts',
    '/etc/resolv.conf',
    '/etc/machine-id',
    '/etc/os-release',
    '/etc/passwd',
    '/etc/group',
    '/etc/ssl/certs',
    '/etc/ca-certificates',
    '/etc/pki/ca-trust',
  ].map(split),
);

/** Files of an SSH directory that hold nothing secret: public keys, the hosts it trusts, its client settings. */
const PUBLIC_SSH_FILE = /^(known_hosts2?|config|authorized_keys2?|.+\.pub)$/;

/** Device nodes every container has anyway (Docker's default device rules), and the host's syslog socket. */
const HARMLESS_DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'log'];

function split(path: string): { root: HostPath['root']; parts: string[] } {
  const p = hostPath(path)!;
  return { root: p.root, parts: p.parts };
}

/** One component against a pattern's: `*` takes any; a variable's stretch matches nothing else. */
function sameComponent(pattern: string, part: string, windows: boolean): boolean {
  if (pattern === '*') return true;
  if (part.includes(UNKNOWN)) return false;
  return windows ? pattern.toLowerCase() === part.toLowerCase() : pattern === part;
}

/** Whether `path` is `dir` or lies inside it. */
function isUnder(path: HostPath, dir: { root: string; parts: string[] }): boolean {
  if (path.root !== dir.root || path.parts.length < dir.parts.length) return false;
  return dir.parts.every((p, i) => sameComponent(p, path.parts[i], !!path.drive));
}

/** Whether `dir` lies inside `path` (a parent directory's mount carries it along). Every component must be known. */
function holds(path: HostPath, dir: { root: string; parts: string[] }): boolean {
  if (path.root !== dir.root || path.parts.length >= dir.parts.length) return false;
  return path.parts.every((p, i) => !p.includes(UNKNOWN) && sameComponent(dir.parts[i], p, !!path.drive));
}

/** How a path reads in messages: as the file writes paths (`C:\Users\…` with its own drive), `*` kept. */
function shown(root: HostPath['root'], parts: string[], drive?: string): string {
  const text =
    root === 'C:' ? `${drive ?? 'C:'}\\${parts.join('\\')}` : `${root === '~' ? '~/' : '/'}${parts.join('/')}`;
  // a variable's stretch, as messages show it
  return text.replace(/\0/g, '…').replace(/^~\/$/, '~');
}

/** `dir`'s pattern with the components `path` names in place of its `*`. */
function named(path: HostPath, dir: SensitiveDir): string {
  return shown(
    dir.root,
    dir.parts.map((p, i) =>
      p === '*' && i < path.parts.length && !path.parts[i].includes(UNKNOWN) ? path.parts[i] : p,
    ),
    path.drive,
  );
}

/** Sensitive directories a message names inside a parent directory before "and N more". */
const MAX_NAMED = 3;

interface Verdict {
  severity: Severity;
  message: (subject: string, own: boolean) => string;
}

/** The variables whose value a rule may take as set: the home directory, which every shell Compose runs from sets. */
const HOME = (name: string) => (name === 'HOME' || name === 'USERPROFILE' ? '~' : undefined);

/** What mounting `path` hands the container, or undefined when nothing sensitive. */
function judge(path: HostPath, readOnly: boolean): Verdict | undefined {
  if (
    path.root === '/' &&
    path.parts[0] === 'dev' &&
    path.parts.length === 2 &&
    HARMLESS_DEVICES.includes(path.parts[1])
  )
    return undefined;
  if (readOnly && PUBLIC_READ_ONLY().some((d) => isUnder(path, d))) return undefined;
  const self = DIRS().find((d) => isUnder(path, d));
  // `~/.ssh/known_hosts:ro`: a public file of the directory, read
  if (
    readOnly &&
    self?.parts.includes('.ssh') &&
    path.parts.length === self.parts.length + 1 &&
    PUBLIC_SSH_FILE.test(path.parts[path.parts.length - 1])
  )
    return undefined;
  const inside = DIRS().filter((d) => holds(path, d) && d.harm !== 'device' && !(self && d.harm !== 'secret'));
  if (!self && !inside.length) return undefined;
  const secret = self?.harm === 'secret' ? self : inside.find((d) => d.harm === 'secret');
  const severity: Severity = self?.harm === 'device' ? 'warning' : secret || !readOnly ? 'error' : 'warning';
  const advice = (own: boolean) => {
    const remove = own ? 'Remove the mount' : 'Remove the mount where it is written';
    if (secret && secret.parts.includes('.ssh'))
      return `${remove}; give the service a key of its own as a secret (\`secrets:\`), or forward an SSH agent's socket.`;
    if (secret)
      return `${remove}; for containers' metadata, logs or metrics use the engine's API through a filtering socket proxy, or a logging driver.`;
    return `${remove}, or mount only the file or directory the service needs${readOnly ? '' : ', read-only (`:ro`)'}.`;
  };
  if (self?.harm === 'device') {
    const device = named(path, self);
    return {
      severity,
      message: (subject, own) =>
        `${subject} passes the host device \`${device}\` into the container through \`volumes\`: it reaches the device and its kernel driver directly, past the container boundary, wherever the device rules let it open it (\`:ro\` does not change that). Pass the device the service needs with \`devices:\` and the fewest permissions, or remove the mount${own ? '' : ' where it is written'}.`,
    };
  }
  if (self) {
    const whole = path.parts.length === self.parts.length;
    const what = whole
      ? `${self.holds} (\`${named(path, self)}\`)`
      : `\`${shown(path.root, path.parts, path.drive)}\`, part of ${self.holds} (\`${named(path, self)}\`)`;
    const keys = inside.find((d) => d.harm === 'secret');
    const also = keys ? `, ${keys.holds} (\`${named(path, keys)}\`) included` : '';
    const risk = risky(self, whole, readOnly, keys);
    return {
      severity,
      message: (subject, own) => `${subject} gives the container ${what}${also}: ${risk}. ${advice(own)}`,
    };
  }
  // a directory that holds sensitive ones: the worst of them decides
  const worst = secret ?? inside[0];
  const kinds = inside.filter((d, i) => inside.findIndex((e) => e.holds === d.holds) === i);
  const list = kinds.slice(0, MAX_NAMED).map((d) => `${d.holds} (\`${named(path, d)}\`)`);
  if (kinds.length > MAX_NAMED) list.push(`${kinds.length - MAX_NAMED} more`);
  const names = joinList(list);
  const risk = risky(worst, true, readOnly, undefined);
  return {
    severity,
    message: (subject, own) => `${subject} gives the container everything inside it, ${names}: ${risk}. ${advice(own)}`,
  };
}

/** What the container can do with the mount, said of the directory or of a path inside it. */
function risky(dir: SensitiveDir, whole: boolean, readOnly: boolean, keys: SensitiveDir | undefined): string {
  const base = keys ? keys : dir;
  const read = whole || base.harm === 'secret' ? base.read : 'it reads what the host keeps there';
  const write = whole || base.harm === 'secret' ? base.write : 'writable, it can change what the host reads from there';
  if (!readOnly) return `${read}; ${write}`;
  return base.harm === 'secret' ? `${read} (read-only still reads them)` : `${read} (read-only)`;
}

/** A top-level volume that the local driver binds to a host path (`driver_opts: {type: none, o: bind, device: …}`). */
function boundVolume(
  model: ComposeModel,
  name: string,
): { device: string; line: number; readOnly: boolean } | undefined {
  if (!isMap(model.yaml.contents) || !isMap(model.yaml.getIn(['volumes', name], true))) return undefined;
  const text = (path: string[]) => {
    const v = model.yaml.getIn(['volumes', name, ...path], true);
    return isScalar(v) && typeof v.value === 'string' ? { value: interpolate(v.value).value, node: v } : undefined;
  };
  const driver = text(['driver']);
  if (driver && driver.value !== 'local') return undefined;
  const o = text(['driver_opts', 'o']);
  const device = text(['driver_opts', 'device']);
  const options = o?.value.split(',').map((x) => x.trim()) ?? [];
  if (!device || !options.some((x) => x === 'bind' || x === 'rbind')) return undefined;
  return {
    device: interpolate(device.value, () => UNKNOWN, HOME).value,
    line: lineOf(model, device.node),
    readOnly: options.includes('ro'),
  };
}

/** The host paths a service's `devices` name (compose-devices reports those: not again here). */
function devicePaths(model: ComposeModel, service: ComposeService): Set<string> {
  const out = new Set<string>();
  for (const item of listItems(model, service, 'devices')) {
    const v = item.value;
    const source =
      typeof v === 'string' ? (parseVolumeSpec(v.trim())?.source ?? v.trim()) : (v as { source?: unknown })?.source;
    const path = typeof source === 'string' ? hostPath(source.trim()) : undefined;
    if (path) out.add(shown(path.root, path.parts));
  }
  return out;
}

export const composeSensitiveHostMount: Rule<ComposeContext> = {
  id: 'compose-sensitive-host-mount',
  kind: 'compose',
  severity: 'error',
  title: 'Sensitive host directory mounted',
  rationale:
    "A bind mount of the host's system directories (`/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/lib/modules`, `/root`) lets the container read the host's secrets and, writable, change what the host runs: root on the host. The engine's state (`/var/lib/docker`) and users' SSH keys (`~/.ssh`) are the host's secrets even read-only.",
  remedy:
    'Remove the mount, or mount only the file the service needs, read-only; give the service its own credentials as secrets.',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: ANCHORS,
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      let devices: Set<string> | undefined;
      for (const item of listItems(model, service, 'volumes')) {
        // the engine's socket and the host's root are compose-docker-socket's
        const plain = mountOf(model, item);
        if (!plain || engineExposure(plain)) continue;
        const mount = mountOf(model, item, HOME);
        if (!mount || mount.type === 'npipe') continue;
        const found = sensitive(model, mount);
        if (!found) continue;
        if (found.device) {
          devices ??= devicePaths(model, service);
          if (devices.has(found.device)) continue;
        }
        const subject = item.own
          ? `Mounting \`${mount.written}\`${found.via}`
          : `Service \`${service.name}\` mounts \`${mount.written}\`${found.via}${item.via}, which`;
        out.push({
          range: item.own ? nodeRange(model, mount.node) : item.at,
          message: found.verdict.message(subject, item.own),
          severity: found.verdict.severity,
        });
      }
    }
    return out;
  },
};

/** The verdict on a mount: a bind mount's host path, or the path a named volume binds (local driver). */
function sensitive(model: ComposeModel, mount: Mount): { verdict: Verdict; via: string; device?: string } | undefined {
  let source = mount.source;
  let readOnly = mount.readOnly;
  let via = '';
  if (mount.type === 'volume') {
    const bound = boundVolume(model, source);
    if (!bound) return undefined;
    source = bound.device;
    readOnly ||= bound.readOnly;
    via = ` (volume \`${mount.source}\` binds the host's \`${bound.device.replace(/\0/g, '…')}\`, line ${bound.line})`;
  } else if (mount.type !== 'bind') return undefined;
  const path = hostPath(source);
  const verdict = path && judge(path, readOnly);
  if (!path || !verdict) return undefined;
  const device =
    path.root === '/' && path.parts[0] === 'dev' && path.parts.length > 1 ? shown('/', path.parts) : undefined;
  return { verdict, via, device };
}

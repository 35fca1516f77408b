import { lazy } from './memo';
import { hostPath, UNKNOWN, type HostPath } from './hostMounts';
import { joinList } from '../text/list';

/**
 * The sensitive host directories a bind mount must not hand a container (CIS Docker Benchmark 5.6, and the
 * credentials it implies), and what each costs the host: compose-sensitive-host-mount's table, which
 * devcontainer-sensitive-host-mount reads too. The messages are shared; each kind gives its own advice (MountAdvice).
 */

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
  /** Its files that hold nothing secret, by name: not reported when mounted alone, read-only. */
  publicFiles?: RegExp;
  /** For a `secret` directory, which advice the kind gives (MountAdvice); `engine` unless said. */
  advice?: 'ssh' | 'gpg' | 'engine' | 'credentials' | 'sockets';
}

/**
 * The sensitive host paths (CIS Docker Benchmark 5.6, and the SSH keys, credential stores and engine state it implies),
 * most specific first. A file (`.npmrc`) is an entry as a directory is: the path itself, or a folder that holds it.
 */
// built on first use: a run that checks no Compose or devcontainer file never builds it (hostPath compiles a Unicode
// regex for each entry)
const DIRS = lazy((): readonly SensitiveDir[] => [
  ...inHomes('.ssh', {
    holds: "a user's SSH directory on the host",
    read: 'it reads the private keys, which log in wherever that user can',
    write: 'writable, it can also add its own key to `authorized_keys` and log in to the host',
    // public keys, the hosts it trusts, its client settings
    publicFiles: /^(known_hosts2?|config|authorized_keys2?|.+\.pub)$/,
    advice: 'ssh',
  }),
  ...inHomes('.docker', {
    holds: "a user's Docker client configuration on the host",
    read: 'it reads the registry credentials in `config.json`, which push and pull as that user',
    write: 'writable, it can also name a credential helper of its choice, which the Docker client runs on the host',
    advice: 'credentials',
  }),
  ...inHomes('.aws', {
    holds: "a user's AWS credentials on the host",
    read: 'it reads the access keys, which act as that user in AWS',
    write: 'writable, it can also add a `credential_process`, which the AWS tools run on the host',
    advice: 'credentials',
  }),
  ...inHomes('.kube', {
    holds: "a user's Kubernetes configuration on the host",
    read: "it reads the clusters' credentials, which act as that user on each of them",
    write: 'writable, it can also add an `exec` credential plugin, which kubectl runs on the host',
    advice: 'credentials',
  }),
  // developer credential stores a dev container is often handed for convenience: each logs in as the user somewhere
  ...inHomes('.gnupg', {
    holds: "a user's GnuPG keys on the host",
    read: 'it reads the private keys, which sign commits and decrypt mail as that user',
    // gpg-agent.conf `pinentry-program` (gnupg.org/documentation/manuals/gnupg/Agent-Options.html)
    write: 'writable, it can also name a `pinentry-program` in `gpg-agent.conf`, which gpg-agent runs on the host',
    // the public keyring and the trust database (the private keys are in private-keys-v1.d, secring.gpg)
    publicFiles: /^(pubring\.(kbx|gpg)|trustdb\.gpg)$/,
    advice: 'gpg',
  }),
  ...inHomes('.git-credentials', {
    holds: "a user's Git credential store on the host",
    // git-credential-store(1): the passwords and tokens in plain text, one URL a line
    read: 'it reads the tokens and passwords in it, which push and pull as that user',
    write: 'writable, it can also replace them with its own, which Git on the host then sends',
    advice: 'credentials',
  }),
  ...inHomes('.config/gh', {
    holds: "a user's GitHub CLI configuration on the host",
    // gh auth login: the token in hosts.yml where no keyring is found; gh-alias-set(1): an alias starting with `!`
    // runs through sh
    read: 'it reads the GitHub token in `hosts.yml` (where no keyring holds it), which acts as that user on GitHub',
    write: 'writable, it can also add a shell alias (`!` in `config.yml`), which gh runs on the host',
    // the settings and aliases: the token is in hosts.yml
    publicFiles: /^config\.yml$/,
    advice: 'credentials',
  }),
  ...inHomes('.npmrc', {
    holds: "a user's npm configuration on the host",
    read: 'it reads the registry tokens (`_authToken`), which publish packages as that user',
    // docs.npmjs.com/cli/using-npm/config#script-shell
    write: 'writable, it can also set `script-shell`, the program npm on the host runs every script with',
    advice: 'credentials',
  }),
  ...inHomes('.netrc', {
    holds: "a user's `.netrc` on the host",
    read: 'it reads the logins and passwords in it, which curl, Git and ftp send to those hosts',
    write: 'writable, it can also replace them with its own, which those tools on the host then send',
    advice: 'credentials',
  }),
  ...inHomes('.azure', {
    holds: "a user's Azure CLI credentials on the host",
    read: 'it reads the cached tokens, which act as that user in Azure',
    // learn.microsoft.com/cli/azure/azure-cli-extensions-overview: extensions are Python wheels the CLI loads
    write: 'writable, it can also install a CLI extension (`cliextensions`), Python code `az` runs on the host',
    advice: 'credentials',
  }),
  ...inHomes('.config/gcloud', {
    holds: "a user's Google Cloud credentials on the host",
    read: 'it reads the credentials and tokens (`credentials.db`, `application_default_credentials.json`), which act as that user in Google Cloud',
    write: 'writable, it can also set the proxy gcloud on the host sends its requests and tokens through',
    advice: 'credentials',
  }),
  {
    ...split('/run/user/*'),
    harm: 'secret',
    holds: "a user's runtime directory on the host",
    read: "it connects to the sockets there (a read-only mount does not stop that): the rootless Docker API, which is that user's files and containers, the user's session bus and agents",
    write: 'writable, it can also put its own sockets in their place',
    advice: 'sockets',
  },
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

/** Device nodes every container has anyway (Docker's default device rules), and the host's syslog socket. */
const HARMLESS_DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'log'];

/** A directory in a home folder, wherever homes are: root's, Linux's, macOS's, `~` (the user's), Windows'. */
function homeDirs(name: string): string[] {
  return [`/root/${name}`, `/home/*/${name}`, `/Users/*/${name}`, `~/${name}`, `C:/Users/*/${name}`];
}

/** A user's secret (keys, a credential store) in every home folder: reading it is the harm. */
function inHomes(name: string, what: Omit<SensitiveDir, 'root' | 'parts' | 'harm'>): SensitiveDir[] {
  return homeDirs(name).map((path): SensitiveDir => ({ ...split(path), harm: 'secret', ...what }));
}

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
export function shown(root: HostPath['root'], parts: string[], drive?: string): string {
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

export interface Verdict {
  severity: 'error' | 'warning';
  message: (subject: string, own: boolean) => string;
}

/**
 * What a kind says to do about a sensitive mount, after "Remove the mount" (`own`: the finding is on the mount as
 * written; otherwise it is reported where the mount is used): per the directory's `advice`, for a directory of the
 * host's that is not secret (`narrow`, with whether the mount was writable), and for a host device.
 */
export interface MountAdvice {
  ssh: string;
  gpg: string;
  engine: string;
  credentials: string;
  sockets: string;
  narrow(readOnly: boolean): string;
  device(own: boolean): string;
}

/** What mounting `path` hands the container, or undefined when nothing sensitive. */
export function judgeHostPath(path: HostPath, readOnly: boolean, words: MountAdvice): Verdict | undefined {
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
    self?.publicFiles &&
    path.parts.length === self.parts.length + 1 &&
    self.publicFiles.test(path.parts[path.parts.length - 1])
  )
    return undefined;
  const inside = DIRS().filter((d) => holds(path, d) && d.harm !== 'device' && !(self && d.harm !== 'secret'));
  if (!self && !inside.length) return undefined;
  const secret = self?.harm === 'secret' ? self : inside.find((d) => d.harm === 'secret');
  const severity: Verdict['severity'] = self?.harm === 'device' ? 'warning' : secret || !readOnly ? 'error' : 'warning';
  const advice = (own: boolean) => {
    const remove = own ? 'Remove the mount' : 'Remove the mount where it is written';
    if (secret) return `${remove}; ${words[secret.advice ?? 'engine']}`;
    return `${remove}, ${words.narrow(readOnly)}`;
  };
  if (self?.harm === 'device') {
    const device = named(path, self);
    return {
      severity,
      message: (subject, own) =>
        `${subject} passes the host device \`${device}\` into the container through \`volumes\`: it reaches the device and its kernel driver directly, past the container boundary, wherever the device rules let it open it (\`:ro\` does not change that). ${words.device(own)}`,
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

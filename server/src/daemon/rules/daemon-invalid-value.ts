import type * as Net from 'node:net';
import type { Node } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule, Severity } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonKey } from '../keyTypes';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from '../model';
import { lazy } from '../../common/memo';
import { indentOf, insertProperties, replaceNode, valueText } from '../edits';
import {
  daemonKey,
  decodeError,
  goStructField,
  LOG_DRIVERS,
  LOG_OPTS,
  REMOVED_LOG_OPTS,
  REMOVED_STORAGE_OPTS,
  STORAGE_OPT_PREFIXES,
  ULIMIT_NAMES,
  UNCHECKED_LOG_DRIVERS,
} from '../keys';
import {
  keyRange,
  mergedEarlier,
  quoted,
  removeKeyFix,
  renameFix,
  siblingHas,
  suggest,
  workingProperties,
} from '../validity';
import { trimTrailing } from '../../text/scan';

/**
 * node:net's isIP, the address check dockerd's Go net.ParseIP matches here, with node:net loaded on first use: a check
 * without a daemon.json does not load it (issue 21).
 */
function isIP(text: string): number {
  return net().isIP(text);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module loaded on first use
const net = lazy(() => require('node:net') as typeof Net);

/**
 * node:net loaded now (daemonLanguage.preload), before a lint under a deadline needs it: V8 stops a lint without running
 * its `finally` blocks, and a Node module stopped half-loaded stays broken for the rest of the process.
 */
export function loadNet(): void {
  net();
}

/** A problem with one string (a value, or one entry of a list). */
interface Problem {
  message: string;
  severity?: Severity;
  /** The string to write instead, when the fix is plain. */
  replace?: string;
  /** Offer to drop the entry (lists only). */
  remove?: boolean;
  /** The replacement is what the user meant beyond doubt (applied by "Fix all"). */
  preferred?: boolean;
}

type StringCheck = (value: string, model: DaemonModel) => Problem | undefined;

const refuses = (error: string) => `dockerd refuses to start with "${error}"`;

// ---------------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------------

function parseCidr(value: string): { family: 4 | 6; prefix: number } | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return undefined;
  const family = isIP(m[1]);
  const prefix = Number(m[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { family: family as 4 | 6, prefix };
}

function cidrCheck(family: 4 | 6, example: string): StringCheck {
  return (v) => {
    const c = parseCidr(v);
    if (c?.family === family) return undefined;
    return {
      message: `"${v}" is not an IPv${family} address with a prefix length (CIDR): dockerd refuses to start. Write it like ${example}.`,
    };
  };
}

function ipCheck(family: 0 | 4 | 6, netIP: boolean): StringCheck {
  return (v) => {
    const f = isIP(v);
    if (f !== 0 && (family === 0 || f === family)) return undefined;
    const kind = family ? `an IPv${family} address` : 'an IP address';
    if (f !== 0) return { message: `"${v}" is not ${kind}: dockerd refuses to start. Write ${kind}.` };
    const advice = ` Write ${kind}${family === 0 ? ' (a name is not resolved here)' : ''}.`;
    const hint = parseCidr(v) ? ` Leave out the prefix length: "${v.replace(/\/\d+$/, '')}".` : '';
    return {
      message: `"${v}" is not ${kind}: ${netIP ? refuses(`invalid IP address: ${v}`) : 'dockerd refuses to start'}.${hint || advice}`,
      ...(hint ? { replace: v.replace(/\/\d+$/, '') } : {}),
    };
  };
}

/**
 * registry-mirrors: dockerd's ValidateMirror (registry/config.go: line 325 at v27.5.1, line 300 at v28.5.2;
 * daemon/pkg/registry/config.go at docker-v29.7.2), credentials masked as it masks them. From 28 a value without
 * "://" is refused before Go's URL parser sees it, and the scheme error names the two schemes; Engine 27 hands every
 * value to url.Parse ("mirror.example.com" has the scheme "", "localhost:5000" the scheme "localhost").
 */
const mirrorCheck: StringCheck = (v, model) => {
  const v27 = model.version < 28;
  const schemeHint = v27 ? '' : ": must use either 'https://' or 'http://'";
  if (!v.includes('://')) {
    const error = v27
      ? mirror27WithoutSeparator(v)
      : `invalid mirror: no scheme specified for "${v}": must use either 'https://' or 'http://'`;
    const message = `${refuses(error)}. Write the full URL${hasControlCharacter(v) ? ', without the line break or tab' : ''}.`;
    // offered when the URL it writes passes, or has a fix of its own: not when it would be refused as it stands
    const replace = `https://${v}`;
    const next = mirrorCheck(replace, model);
    return next && next.replace === undefined ? { message } : { message, replace, preferred: true };
  }
  if (hasControlCharacter(v)) {
    return {
      message: `${refuses(`invalid mirror: ${JSON.stringify(masked(v))} is not a valid URI`)}: Go's URL parser refuses control characters. Remove the line break or tab.`,
    };
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return {
      message: `${refuses(`invalid mirror: "${masked(v)}" is not a valid URI`)}. Write a URL such as https://mirror.example.com.`,
    };
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') {
    return {
      message: `${refuses(`invalid mirror: unsupported scheme "${scheme}" in "${masked(v)}"${schemeHint}`)}. A mirror is an http:// or https:// URL.`,
    };
  }
  // the query or fragment is checked before the credentials; it starts at the first "?" or "#" of the whole value
  const cut = v.search(/[?#]/);
  if (cut >= 0) {
    return {
      message: `${refuses(`invalid mirror: query or fragment at end of the URI "${masked(v)}"`)}. Remove the ${url.search ? 'query' : 'fragment'}.`,
      replace: v.slice(0, cut),
    };
  }
  if (url.username || url.password) {
    const bare = v.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1');
    return {
      message: `${refuses(`invalid mirror: username/password not allowed in URI "${masked(v)}"`)}. Remove the credentials from the URL (and rotate them: they were in this file); configure the mirror's access on the mirror side.`,
      replace: bare,
    };
  }
  return undefined;
};

/**
 * Engine 27's error for a mirror without "://", as Go's url.Parse reads it: a leading letter run of scheme characters
 * followed by ":" is a scheme; a ":" in the first path segment otherwise is a parse error; else the scheme is "".
 */
function mirror27WithoutSeparator(v: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(v);
  if (scheme) return `invalid mirror: unsupported scheme "${scheme[1].toLowerCase()}" in "${v}"`;
  const first = v.split('/', 1)[0];
  if (first.includes(':'))
    return `invalid mirror: "${v}" is not a valid URI: parse "${v}": first path segment in URL cannot contain colon`;
  return `invalid mirror: unsupported scheme "" in "${v}"`;
}

/** `scheme://user:password@host` → `scheme://user:xxxxx@host`, as dockerd prints it. */
function masked(v: string): string {
  return v.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:xxxxx@');
}

/** insecure-registries: host[:port] or CIDR, no scheme. */
const registryHostCheck: StringCheck = (v) => {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(v);
  if (!m) {
    if (v.includes('/') && !parseCidr(v))
      return {
        message: `"${v}" is neither host[:port] nor a CIDR: dockerd refuses to start. Write the registry as host[:port] (no path), or a network as a CIDR.`,
      };
    return undefined;
  }
  const scheme = m[1].toLowerCase();
  const bare = trimTrailing(m[2], '/');
  if (scheme === 'http' || scheme === 'https') {
    return {
      message: `Insecure registries are written host[:port], without a scheme: dockerd strips "${m[1]}://" with a warning at every start. Write "${bare}".`,
      severity: 'warning',
      replace: bare,
      preferred: true,
    };
  }
  return {
    message: `${refuses(`insecure registry ${v} should not contain '://'`)}. Write the registry as host[:port].`,
    replace: bare,
  };
};

const DAEMON_PROTOS = ['unix', 'tcp', 'fd', 'npipe', 'ssh'];

/**
 * hosts: proto://address, read as dockerd's ParseHost reads it (moby opts/hosts.go, parseDaemonHost): the value with
 * white space around it trimmed, split at its first "://", an address without one is TCP; what follows the scheme
 * is the whole rest of the value, line breaks and all. A TCP address goes through Go's url.Parse.
 */
const daemonHostCheck: StringCheck = (v) => {
  const host = v.trim();
  if (!host) return undefined; // the default socket
  const sep = host.indexOf('://');
  const proto = sep < 0 ? 'tcp' : host.slice(0, sep);
  if (!DAEMON_PROTOS.includes(proto)) {
    return {
      message: `${refuses(`invalid bind address (${host}): unsupported proto '${proto}'`)}. Use unix:///var/run/docker.sock, tcp://host:2376 (with TLS) or fd://.`,
    };
  }
  if (sep < 0 && host.startsWith('/')) {
    return {
      message: `"${v}" has no scheme, so dockerd reads it as a TCP address and refuses to start ("invalid bind address"). A socket path is written unix://${host}.`,
      replace: `unix://${host}`,
      preferred: true,
    };
  }
  if (proto === 'tcp' && hasControlCharacter(host)) {
    // no scheme to add: tcp:// in front is refused the same way
    const url = sep < 0 ? `tcp://${host}` : host;
    return {
      message: `${refuses(`invalid bind address (${JSON.stringify(host).slice(1, -1)}): parse ${JSON.stringify(url)}: net/url: invalid control character in URL`)}: a TCP address holds no line break or tab. Write it as tcp://host:port on one line, e.g. tcp://127.0.0.1:2376.`,
    };
  }
  if (sep >= 0) return undefined;
  return {
    message: `"${v}" has no scheme: dockerd reads it as tcp://${host} and opens a TCP listener. Write the scheme so the TCP socket is explicit (and protect it with TLS: tlsverify, tlscacert, tlscert, tlskey).`,
    severity: 'warning',
    replace: `tcp://${host}`,
  };
};

/** An ASCII control character (a line break, a tab, …): Go's url.Parse refuses a URL that holds one. */
function hasControlCharacter(v: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\x00-\x1f\x7f]/.test(v);
}

/** metrics-addr: host:port ("" turns metrics off). */
const hostPortCheck: StringCheck = (v) => {
  if (!v) return undefined;
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(v);
  if (m && Number(m[2]) <= 65535 && (!m[1].startsWith('[') || isIP(m[1].slice(1, -1)) === 6)) return undefined;
  const missing = !/:\d*$/.test(v);
  return {
    message: `"${v}" is not host:port${missing ? ` (dockerd cannot listen: "address ${v}: missing port in address")` : ''}. Write host:port, e.g. 127.0.0.1:9323.`,
    ...(missing && isIP(v) === 4 ? { replace: `${v}:9323` } : {}),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// k=v options
// ---------------------------------------------------------------------------------------------------------------

/** Windows isolation values (container.Isolation IsValid: default, process, hyperv, any case). */
const ISOLATIONS = ['default', 'process', 'hyperv'];

/**
 * The cgroup driver, checked when the daemon starts (daemon/daemon_unix.go verifyCgroupDriver: line 608 at v27.5.1,
 * line 587 at docker-v29.7.2); the value compares case-sensitively there.
 */
function cgroupDriverProblem(value: string): Problem | undefined {
  if (value === '' || value === 'cgroupfs' || value === 'systemd') return undefined;
  if (value === 'none')
    return {
      message: `${refuses('native.cgroupdriver option none is internally used and cannot be specified manually')}. Use cgroupfs or systemd.`,
    };
  const s = suggest(value, ['cgroupfs', 'systemd']);
  return {
    message: `${refuses(`native.cgroupdriver option ${value} not supported`)}. Use cgroupfs or systemd${s.length ? ` (did you mean "${s[0]}"?)` : ''}.`,
    ...(s.length === 1 ? { replace: `native.cgroupdriver=${s[0]}`, preferred: true } : {}),
  };
}

/**
 * exec-opts as each Engine reads them. From 28, Validate() parses every entry (daemon/config/config.go
 * parseExecOptions, line 775 at v28.5.2; validatePlatformExecOpt in config_linux.go line 248 and config_windows.go
 * line 96) and wraps the error as "invalid exec-opt (<entry>): ...". Engine 27 has no such check: on Linux only the
 * cgroup driver is read (an entry without "=" or with another option is skipped: daemon_unix.go getCD, line 588), on
 * Windows setDefaultIsolation reads every entry (daemon_windows.go line 527).
 */
const execOptCheck: StringCheck = (v, model) => {
  const eq = v.indexOf('=');
  const opt = (eq < 0 ? v : v.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? '' : v.slice(eq + 1).trim();
  const windows = model.platform === 'windows';
  const known = windows ? ['isolation'] : ['native.cgroupdriver'];
  const s = suggest(opt, known);
  const mean = s.length ? `: did you mean "${s[0]}"?` : '.';
  const rename = s.length === 1 && eq >= 0 ? { replace: `${s[0]}=${value}`, preferred: true } : {};
  if (model.version < 28) {
    if (!windows) {
      if (eq < 0 || opt !== 'native.cgroupdriver') {
        return {
          severity: 'warning',
          message: `Engine 27 skips "${v}" (it reads only native.cgroupdriver=cgroupfs|systemd on Linux), so it has no effect; Engine 28 and later refuse to start with "${eq < 0 || !opt || !value ? `invalid exec-opt (${v}): must be formatted 'opt=value'` : opt === 'isolation' ? `invalid exec-opt (${v}): option 'isolation' is only supported on windows` : `invalid exec-opt (${v}): unknown option: '${opt}'`}". Remove it${mean === '.' ? '.' : ` or fix it${mean}`}`,
          remove: true,
          ...rename,
        };
      }
      return cgroupDriverProblem(value);
    }
    if (eq < 0)
      return {
        message: `${refuses(`unable to parse key/value option: ${v}`)}. Write opt=value, e.g. isolation=process.`,
      };
    if (opt !== 'isolation')
      return {
        message: `${refuses(`Unrecognised exec-opt '${opt}'`)}. exec-opts takes isolation on Windows${mean}`,
        ...rename,
      };
    if (!ISOLATIONS.includes(value.toLowerCase()))
      return { message: `${refuses(`Invalid exec-opt value for 'isolation':'${value}'`)}. Use process or hyperv.` };
    return undefined;
  }
  if (eq < 0 || !opt || !value)
    return {
      message: `${refuses(`invalid exec-opt (${v}): must be formatted 'opt=value'`)}. Write opt=value, e.g. ${windows ? 'isolation=process' : 'native.cgroupdriver=systemd'}.`,
    };
  if (opt === 'isolation') {
    if (!windows)
      return {
        message: `${refuses(`invalid exec-opt (${v}): option 'isolation' is only supported on windows`)}. Remove it from this Linux daemon.json.`,
        remove: true,
      };
    if (!ISOLATIONS.includes(value.toLowerCase()))
      return { message: `${refuses(`invalid exec-opt value for 'isolation':'${value}'`)}. Use process or hyperv.` };
    return undefined;
  }
  if (opt === 'native.cgroupdriver') {
    if (windows)
      return {
        message: `${refuses(`invalid exec-opt (${v}): option 'native.cgroupdriver' is only supported on linux`)}. Remove it from this Windows daemon.json.`,
        remove: true,
      };
    return cgroupDriverProblem(value);
  }
  return {
    message: `${refuses(`invalid exec-opt (${v}): unknown option: '${opt}'`)}. exec-opts takes ${known[0]}${mean}`,
    ...rename,
  };
};

function storageOptCheck(driver: string | undefined): StringCheck {
  return (v) => {
    const flag = /^--storage-opt[ =]+(?![ =])(.*)$/s.exec(v);
    if (flag)
      return {
        message: `"${v}" includes the command-line flag: daemon.json takes the option alone (moby#30726). Write "${flag[1]}".`,
        replace: flag[1],
        preferred: true,
      };
    if (!v.includes('='))
      return {
        message: `"${v}" is not key=value: the storage driver cannot parse it and dockerd refuses to start. Write key=value, e.g. overlay2.size=20G.`,
      };
    const key = v.slice(0, v.indexOf('=')).trim().toLowerCase();
    const removed = REMOVED_STORAGE_OPTS.find((r) => (r.prefix ? key.startsWith(r.match) : key === r.match));
    if (removed)
      return {
        message: `"${key}" no longer exists: ${removed.explanation} The storage driver refuses unknown options, so dockerd does not start. Remove it.`,
        remove: true,
      };
    const owner = Object.entries(STORAGE_OPT_PREFIXES).find(([prefix]) => key.startsWith(prefix))?.[1];
    if (driver && owner && owner !== driver) {
      return {
        message: `"${key}" is an option of the ${owner} storage driver, but "storage-driver" is "${driver}": ${driver} refuses options it does not know, so dockerd does not start. Remove it or use a ${driver} option.`,
        remove: true,
      };
    }
    return undefined;
  };
}

const genericResourceCheck: StringCheck = (v) =>
  /^[^=]+=.+$/s.test(v)
    ? undefined
    : { message: `"${v}" is not NAME=value (e.g. NVIDIA-GPU=GPU-1234): dockerd refuses to start.` };

const RESERVED_LABEL_PREFIXES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

const labelCheck: StringCheck = (v) => {
  if (!v.includes('=')) return { message: `${refuses(`bad attribute format: ${v}`)}. Labels are key=value.` };
  const lower = v.toLowerCase();
  const reserved = RESERVED_LABEL_PREFIXES.find((p) => lower.startsWith(p));
  if (reserved)
    return {
      message: `The ${reserved}* label namespace is reserved for Docker's own use: dockerd refuses to start with the label "${v}". Use your own reverse-DNS prefix (com.example.…).`,
    };
  return undefined;
};

const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.?$/;

const dnsSearchCheck: StringCheck = (v) => {
  const t = v.trim();
  if (t === '.' || (t.length <= 255 && DOMAIN.test(t))) return undefined;
  return { message: `"${v}" is not a valid domain: dockerd refuses to start. Write a domain such as example.com.` };
};

/** go-units RAMInBytes. */
const SIZE = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

const sizeCheck: StringCheck = (v) =>
  SIZE.test(v)
    ? undefined
    : { message: `${refuses(`invalid size: '${v}'`)}. Write a number with a unit, e.g. "64M" or "1g".` };

/**
 * The API versions a daemon serves, per Engine: daemon/config/config.go MinAPIVersion and MaxAPIVersion (lines 64-71
 * at docker-v29.7.2). min-api-version exists in 29 only (27 and 28 refuse the key).
 */
const API_BOUNDS: Readonly<Partial<Record<number, readonly [string, string]>>> = { 29: ['1.24', '1.55'] };

/**
 * Go's api/types/versions compare: dot-separated parts read with strconv.Atoi, a part that is not a number counting as
 * 0 ("v1" is 0), a missing part as 0.
 */
function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = /^[+-]?\d+$/.test(pa[i] ?? '') ? Number(pa[i]) : 0;
    const y = /^[+-]?\d+$/.test(pb[i] ?? '') ? Number(pb[i]) : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * min-api-version, checked where dockerd checks it: when the API server is set up (daemon/server/middleware/version.go
 * NewVersionMiddleware, line 41 at docker-v29.7.2), "invalid minimum API version (X): must be between MIN and MAX".
 * "v1.44" is below the minimum there (its "v1" part reads as 0).
 */
const apiVersionCheck: StringCheck = (v, model) => {
  const bounds = API_BOUNDS[model.version];
  if (!bounds || v === '') return undefined;
  const [min, max] = bounds;
  if (compareApiVersions(v, min) >= 0 && compareApiVersions(v, max) <= 0) return undefined;
  const bare = /^[vV](\d+\.\d+)$/.exec(v)?.[1];
  const fixable = bare !== undefined && compareApiVersions(bare, min) >= 0 && compareApiVersions(bare, max) <= 0;
  return {
    message: `${refuses(`invalid minimum API version (${v}): must be between ${min} and ${max}`)}. ${fixable ? `Write the version without "v": "${bare}".` : `Write a version between "${min}" and "${max}", e.g. "1.44".`}`,
    ...(fixable ? { replace: bare, preferred: true } : {}),
  };
};

const FWMARK = /^(0x[0-9a-fA-F]+|\d+)(?:\/(0x[0-9a-fA-F]+|\d+))?$/;

const fwmarkCheck: StringCheck = (v) => {
  const m = FWMARK.exec(v);
  if (m && m.slice(1).every((p) => p === undefined || Number(p) <= 0xffffffff)) return undefined;
  return {
    message: `${refuses('invalid bridge-accept-fwmark')}: "${v}" is not mark[/mask] with 32-bit numbers (decimal or 0x…).`,
  };
};

const usernsCheck: StringCheck = (v) =>
  /^[^:\s]+(?::[^:\s]+)?$/.test(v)
    ? undefined
    : { message: `"${v}" is not "default", user[:group] or uid[:gid]: dockerd refuses to start.` };

// ---------------------------------------------------------------------------------------------------------------
// The string checks, by key (format) — a key not here has no string check
// ---------------------------------------------------------------------------------------------------------------

function stringCheckFor(model: DaemonModel, row: DaemonKey): StringCheck | undefined {
  switch (row.key) {
    case 'exec-opts':
      return execOptCheck;
    case 'storage-opts': {
      const driver = valueOf(model.effective.get('storage-driver')?.valueNode);
      return storageOptCheck(typeof driver === 'string' ? driver : undefined);
    }
    case 'node-generic-resources':
      return genericResourceCheck;
    case 'bip':
      return cidrCheck(4, '172.26.0.1/16');
    case 'bip6':
      return cidrCheck(6, 'fd00:1::1/64');
  }
  const netIP = row.goType === 'net.IP';
  switch (row.format) {
    case 'mirror-url':
      return mirrorCheck;
    case 'registry-host':
      return registryHostCheck;
    case 'daemon-host':
      return daemonHostCheck;
    case 'host-port':
      return hostPortCheck;
    case 'label':
      return labelCheck;
    case 'dns-search':
      return dnsSearchCheck;
    case 'size':
      return sizeCheck;
    case 'api-version':
      return apiVersionCheck;
    case 'fwmark':
      return fwmarkCheck;
    case 'userns':
      return usernsCheck;
    case 'ip':
      return ipCheck(0, netIP);
    case 'ipv4':
      return ipCheck(4, netIP);
    case 'ipv6':
      return ipCheck(6, netIP);
    case 'ipv4-cidr':
      return cidrCheck(4, '172.17.0.0/16');
    case 'ipv6-cidr':
      return cidrCheck(6, '2001:db8:1::/64');
    case 'cidr':
      return (v) =>
        parseCidr(v) ? undefined : { message: `"${v}" is not address/prefix (CIDR): dockerd refuses to start.` };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------------------------

/** Remove one entry of a list, with the comma that separates it. */
function removeElement(model: DaemonModel, list: Node, el: Node): TextEdit {
  const items = list.children ?? [];
  const i = items.indexOf(el);
  const next = items[i + 1];
  const prev = items[i - 1];
  if (next) return { range: model.range(el.offset, next.offset), newText: '' };
  if (prev) return { range: model.range(prev.offset + prev.length, el.offset + el.length), newText: '' };
  return { range: model.range(el.offset, el.offset + el.length), newText: '' };
}

function problemReport(model: DaemonModel, node: Node, list: Node | undefined, p: Problem): Report {
  const fixes: Fix[] = [];
  if (p.replace !== undefined) {
    fixes.push({
      title: `Write ${JSON.stringify(p.replace)}`,
      edits: [replaceNode(model, node, JSON.stringify(p.replace))],
      ...(p.preferred ? { isPreferred: true } : {}),
    });
  }
  if (p.remove && list)
    fixes.push({
      title: 'Remove this entry',
      edits: [removeElement(model, list, node)],
      isPreferred: p.replace === undefined,
    });
  return {
    range: model.range(node.offset, node.offset + node.length),
    message: p.message,
    fixes,
    ...(p.severity ? { severity: p.severity } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The rule
// ---------------------------------------------------------------------------------------------------------------

export const daemonInvalidValue: Rule<DaemonContext> = {
  id: 'daemon-invalid-value',
  kind: 'daemon',
  severity: 'error',
  title: 'Value dockerd refuses',
  rationale:
    'A value of the right type can still be one dockerd refuses (a mirror without scheme, a label without `=`, a CIDR that is not one, a ulimit with soft above hard): the daemon stops at start, or containers fail later.',
  remedy: 'Write the value in the form dockerd expects (the message gives it).',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Write the value in the expected form', 'Remove the entry', 'Rename the log option'],
  fixSafety: 'mixed',
  check({ model }) {
    const out: Report[] = [];
    for (const { prop, row } of workingProperties(model)) {
      const node = prop.valueNode;
      if (!node) continue;
      const check = stringCheckFor(model, row);
      if (check && node.type === 'string' && row.type === 'string') {
        const p = check(String(valueOf(node)), model);
        if (p) out.push(problemReport(model, node, undefined, p));
      }
      if (check && node.type === 'array' && row.type === 'string-array') {
        for (const el of node.children ?? []) {
          if (el.type !== 'string') continue; // daemon-wrong-type's
          const p = check(String(valueOf(el)), model);
          if (p) out.push(problemReport(model, el, node, p));
        }
      }
      if (row.type === 'integer' && /^-?\d+$/.test(model.text.slice(node.offset, node.offset + node.length))) {
        const r = boundsReport(model, prop, node, row);
        if (r) out.push(r);
      }
      if (node.type === 'array') {
        if (row.key === 'labels') out.push(...conflictingLabels(model, node));
        if (row.key === 'host-gateway-ips') out.push(...hostGatewayFamilies(model, node));
        if (row.key === 'default-address-pools') out.push(...addressPools(model, node));
      }
      if (node.type === 'object') {
        if (row.key === 'default-ulimits') out.push(...ulimits(model, node));
        if (row.key === 'log-opts') {
          out.push(...logOpts(model, node));
          // an earlier log-opts object is merged into the same map: its options are checked by the driver too
          for (const earlier of mergedEarlier(model, prop)) out.push(...logOpts(model, earlier.valueNode!, true));
        }
        if (row.key === 'runtimes') out.push(...runtimes(model, node));
      }
    }
    return out;
  },
};

/**
 * Integer bounds from the table. Decision: `shutdown-timeout` is left alone although the table gives it a minimum of
 * 0: dockerd takes a negative value as "wait for the containers without a time limit".
 */
const NEGATIVE_ALLOWED = new Set(['shutdown-timeout']);

function boundsReport(model: DaemonModel, prop: JsonProperty, node: Node, row: DaemonKey): Report | undefined {
  const n = Number(valueOf(node));
  if (!Number.isFinite(n) || NEGATIVE_ALLOWED.has(row.key)) return undefined;
  const low = row.min !== undefined && n < row.min;
  const high = row.max !== undefined && n > row.max;
  if (!low && !high) return undefined;
  const range = model.range(node.offset, node.offset + node.length);
  if (row.key === 'network-diagnostic-port') {
    // the range check is Validate()'s from 28 (daemon/config/config.go line 738 at v28.5.2); Engine 27 only leaves the
    // diagnostic server off for a port outside 1-65535 (daemon/reload.go reloadNetworkDiagnosticPort, line 275)
    if (model.version < 28)
      return {
        range,
        severity: 'warning',
        message: `${n} is not a port: Engine 27 starts but leaves the network diagnostic server off; Engine 28 and later refuse to start with "invalid network-diagnostic-port (${n}): value must be between 0 and 65535". Use a port between 1 and 65535, or 0 (off).`,
        fixes: [],
      };
    return {
      range,
      message: `${refuses(`invalid network-diagnostic-port (${n}): value must be between 0 and 65535`)}. Use a port between 1 and 65535 (0 turns the diagnostic server off).`,
      fixes: [],
    };
  }
  const bound = low ? `at least ${row.min}` : `at most ${row.max}`;
  return {
    range,
    message: `"${prop.key}" must be ${bound}, not ${n}: dockerd refuses to start with a negative or out-of-range value.`,
    fixes: [],
  };
}

/** The same label key twice with different values: dockerd refuses the conflict. */
function conflictingLabels(model: DaemonModel, list: Node): Report[] {
  const seen = new Map<string, string>();
  const out: Report[] = [];
  for (const el of list.children ?? []) {
    const v = valueOf(el);
    if (typeof v !== 'string' || !v.includes('=')) continue;
    const key = v.slice(0, v.indexOf('='));
    const before = seen.get(key);
    if (before !== undefined && before !== v) {
      out.push({
        range: model.range(el.offset, el.offset + el.length),
        message: `The label "${key}" is already set to another value ("${before}"): dockerd refuses conflicting labels and does not start. Keep one value.`,
        fixes: [{ title: 'Remove this entry', edits: [removeElement(model, list, el)] }],
      });
    }
    if (before === undefined) seen.set(key, v);
  }
  return out;
}

function hostGatewayFamilies(model: DaemonModel, list: Node): Report[] {
  const count = { 4: 0, 6: 0 } as Record<number, number>;
  const out: Report[] = [];
  for (const el of list.children ?? []) {
    const f = isIP(String(valueOf(el)));
    if (el.type !== 'string' || !f) continue;
    count[f]++;
    if (count[f] === 2) {
      out.push({
        range: model.range(el.offset, el.offset + el.length),
        message: `"host-gateway-ips" takes at most one IPv4 and one IPv6 address; this is a second IPv${f} address, and dockerd refuses to start. Keep one.`,
        fixes: [{ title: 'Remove this entry', edits: [removeElement(model, list, el)] }],
      });
    }
  }
  return out;
}

/** default-address-pools: base is a CIDR, size a prefix length not shorter than base's (dockerd's own check). */
function addressPools(model: DaemonModel, list: Node): Report[] {
  const out: Report[] = [];
  (list.children ?? []).forEach((item, index) => {
    if (item.type !== 'object') return;
    const props = propertiesOf(item);
    const base = props.find((p) => p.key.toLowerCase() === 'base');
    const size = props.find((p) => p.key.toLowerCase() === 'size');
    const baseValue = valueOf(base?.valueNode);
    const sizeValue = valueOf(size?.valueNode);
    if (!base || !size) {
      out.push({
        range: model.range(item.offset, item.offset + 1),
        message: `Each address pool needs "base" (a CIDR) and "size" (a prefix length), e.g. {"base": "10.10.0.0/16", "size": 24}: this one lacks "${base ? 'size' : 'base'}", and dockerd refuses it.`,
        fixes: [],
      });
      return;
    }
    if (typeof baseValue !== 'string' || typeof sizeValue !== 'number') return; // daemon-wrong-type's
    const cidr = parseCidr(baseValue);
    if (!cidr) {
      out.push({
        range: model.range(base.valueNode!.offset, base.valueNode!.offset + base.valueNode!.length),
        message: `"${baseValue}" is not a CIDR (e.g. 10.10.0.0/16): dockerd refuses to start.`,
        fixes: [],
      });
      return;
    }
    const max = cidr.family === 4 ? 32 : 128;
    const sizeRange = model.range(size.valueNode!.offset, size.valueNode!.offset + size.valueNode!.length);
    if (sizeValue > max) {
      out.push({
        range: sizeRange,
        message: `size ${sizeValue} is longer than an IPv${cidr.family} prefix can be (${max}): dockerd refuses to start. Use a prefix length between ${cidr.prefix} and ${max}.`,
        fixes: [],
      });
    } else if (sizeValue < cidr.prefix) {
      out.push({
        range: sizeRange,
        message: `${refuses(`network at index ${index} (${baseValue}) has a smaller prefix (/${cidr.prefix}) than the target size of that pool (/${sizeValue})`)}. size is the prefix length of each network taken from the pool: at least ${cidr.prefix} here.`,
        fixes: [],
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// default-ulimits
// ---------------------------------------------------------------------------------------------------------------

const UNLIMITED = -1;

function limitOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function ulimits(model: DaemonModel, object: Node): Report[] {
  const out: Report[] = [];
  for (const entry of propertiesOf(object)) {
    const v = entry.valueNode;
    if (!v) continue;
    const range = keyRange(model, entry);
    if (v.type === 'string') {
      out.push(stringUlimit(model, entry, v));
      continue;
    }
    if (v.type !== 'object') continue; // daemon-wrong-type's
    const fields = propertiesOf(v);
    const get = (name: string) => fields.filter((f) => f.key.toLowerCase() === name.toLowerCase()).pop();
    const nameProp = get('Name');
    const name = valueOf(nameProp?.valueNode);
    if (!ULIMIT_NAMES.includes(entry.key)) {
      const s = suggest(entry.key, ULIMIT_NAMES);
      out.push({
        range,
        message: `"${entry.key}" is not a ulimit: containers fail to start with it. Names are ${ULIMIT_NAMES.join(', ')}.${s.length ? ` Did you mean ${quoted(s)}?` : ''}`,
        fixes:
          s.length === 1 && !siblingHas(entry, s[0]) && (name === undefined || name === s[0])
            ? [renameFix(model, entry, s[0], true)]
            : [],
      });
      continue;
    }
    if (nameProp === undefined || typeof name === 'string') {
      if (name !== entry.key) {
        const title = `Set "Name": "${entry.key}"`;
        const edit = nameProp?.valueNode
          ? replaceNode(model, nameProp.valueNode, JSON.stringify(entry.key))
          : insertProperties(model, [['Name', entry.key]], v);
        out.push({
          range: nameProp
            ? model.range(nameProp.valueNode!.offset, nameProp.valueNode!.offset + nameProp.valueNode!.length)
            : range,
          message:
            nameProp === undefined
              ? `The "${entry.key}" ulimit has no "Name": dockerd applies a ulimit by its Name, so containers fail to start with an empty one. Add "Name": "${entry.key}".`
              : `"Name" is "${name}" but the entry is "${entry.key}": dockerd applies the ulimit named by "Name". Make them the same.`,
          fixes: edit ? [{ title, edits: [edit], ...(nameProp === undefined ? { isPreferred: true } : {}) }] : [],
        });
      }
    }
    const hardProp = get('Hard');
    const softProp = get('Soft');
    const hard = limitOf(valueOf(hardProp?.valueNode));
    const soft = limitOf(valueOf(softProp?.valueNode));
    if ((hardProp && hard === undefined) || (softProp && soft === undefined)) continue; // daemon-wrong-type's
    if (!hardProp || !softProp) {
      out.push({
        range,
        message: `The "${entry.key}" ulimit has no "${hardProp ? 'Soft' : 'Hard'}": it defaults to 0, which ${hardProp ? 'starves every container of the resource' : 'is below any soft limit, and containers fail to start'}. Set both "Soft" and "Hard".`,
        fixes: [],
      });
      continue;
    }
    for (const [label, n, p] of [
      ['Soft', soft!, softProp],
      ['Hard', hard!, hardProp],
    ] as const) {
      if (n < UNLIMITED) {
        out.push({
          range: model.range(p.valueNode!.offset, p.valueNode!.offset + p.valueNode!.length),
          message: `${label} ${n} is negative: a ulimit is a count or size, or -1 for unlimited. Containers fail to start with it.`,
          fixes: [],
        });
      }
    }
    const above = hard !== UNLIMITED && (soft === UNLIMITED || soft! > hard!);
    if (soft! >= UNLIMITED && hard! >= UNLIMITED && above) {
      out.push({
        range: model.range(softProp.valueNode!.offset, softProp.valueNode!.offset + softProp.valueNode!.length),
        message: `The "${entry.key}" soft limit (${soft}) is above its hard limit (${hard}): the kernel refuses it, so every container fails to start (dockerd does not check this, moby#40245). Make Soft at most Hard.`,
        fixes: [],
      });
    }
  }
  return out;
}

/** `"nofile": "1024:2048"` — the command-line form: one finding, fixed to the object dockerd decodes. */
function stringUlimit(model: DaemonModel, entry: JsonProperty, v: Node): Report {
  const text = String(valueOf(v));
  const m = /^\s*(-?\d+)(?::(-?\d+))?\s*$/.exec(text);
  const fixes: Fix[] = [];
  let shape = `{"Name": "${entry.key}", "Soft": <soft>, "Hard": <hard>}`;
  if (m) {
    const soft = Number(m[1]);
    const hard = Number(m[2] ?? m[1]);
    const value = { Name: entry.key, Soft: soft, Hard: hard };
    shape = JSON.stringify(value).replace(/,/g, ', ').replace(/":/g, '": ');
    fixes.push({
      title: 'Write the object form',
      edits: [replaceNode(model, v, valueText(model, value, indentOf(model, entry.node)))],
      isPreferred: true,
    });
  }
  return {
    range: model.range(v.offset, v.offset + v.length),
    // a string into the map's *units.Ulimit value: Go names the map's field (daemon/config/config_linux.go Ulimits,
    // map[string]*container.Ulimit, an alias of units.Ulimit, at v27.5.1 line 80, v28.5.2 line 82, docker-v29.7.2 line 86)
    message: `"${entry.key}": "${text}" is the command-line form (--default-ulimit ${entry.key}=${text}): dockerd cannot decode a string as a ulimit and refuses to start with "${decodeError(`json: cannot unmarshal string into Go struct field ${goStructField(daemonKey('default-ulimits')!, model.version)} of type units.Ulimit`, model.version)}". Write ${shape}.`,
    fixes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// log-opts
// ---------------------------------------------------------------------------------------------------------------

/** The log driver whose options apply, when Bulkhead knows its options (not a plugin, not another platform's). */
function checkedLogDriver(model: DaemonModel): string | undefined {
  const prop = model.effective.get('log-driver');
  const value = prop ? valueOf(prop.valueNode) : 'json-file';
  if (typeof value !== 'string') return undefined;
  const driver = LOG_DRIVERS.find((d) => d.name === value);
  if (
    !driver ||
    !driver.platforms.includes(model.platform) ||
    UNCHECKED_LOG_DRIVERS.includes(value) ||
    !LOG_OPTS[value]
  )
    return undefined;
  return value;
}

/** `namesOnly`: an earlier, merged log-opts object, whose options are checked by name only (mode and its buffer size may be in the other object). */
function logOpts(model: DaemonModel, object: Node, namesOnly = false): Report[] {
  const driver = checkedLogDriver(model);
  if (!driver) return [];
  const allowed = LOG_OPTS[driver];
  const out: Report[] = [];
  const opts = propertiesOf(object);
  for (const p of opts) {
    if (allowed.includes(p.key)) continue;
    if (REMOVED_LOG_OPTS.some((r) => r.key === p.key && r.driver === driver)) continue; // daemon-removed-key's
    const others = Object.entries(LOG_OPTS)
      .filter(([d, keys]) => d !== driver && keys.includes(p.key))
      .map(([d]) => d);
    const s = suggest(p.key, allowed);
    const hint = others.length
      ? ` "${p.key}" is an option of the ${others.join(', ')} driver${others.length > 1 ? 's' : ''}: set "log-driver" accordingly, or remove it.`
      : s.length
        ? ` Did you mean ${quoted(s)}?`
        : ` The ${driver} driver takes ${quoted([...allowed])}.`;
    const fixes: Fix[] = [];
    if (!others.length && s.length === 1 && !siblingHas(p, s[0])) fixes.push(renameFix(model, p, s[0], true));
    else fixes.push(removeKeyFix(model, p, { manual: true }));
    out.push({
      range: keyRange(model, p),
      message: `${refuses(`unknown log opt '${p.key}' for ${driver} log driver`)}.${hint}`,
      fixes,
    });
  }
  if (namesOnly) return out;
  const get = (k: string) => opts.filter((p) => p.key === k).pop();
  const mode = get('mode');
  const modeValue = valueOf(mode?.valueNode);
  if (mode?.valueNode && typeof modeValue === 'string' && modeValue !== 'blocking' && modeValue !== 'non-blocking') {
    out.push({
      range: model.range(mode.valueNode.offset, mode.valueNode.offset + mode.valueNode.length),
      message: `Log delivery mode "${modeValue}" is not blocking or non-blocking: dockerd refuses it.`,
      fixes: suggest(modeValue, ['blocking', 'non-blocking']).map((v) => ({
        title: `Write "${v}"`,
        edits: [replaceNode(model, mode.valueNode!, JSON.stringify(v))],
      })),
    });
  }
  const buffer = get('max-buffer-size');
  if (buffer && modeValue !== 'non-blocking') {
    out.push({
      range: keyRange(model, buffer),
      message: `${refuses(`logger: max-buffer-size option is only supported with 'mode=non-blocking'`)}. Add "mode": "non-blocking" (containers then never block on logging, and drop messages when the buffer is full), or remove max-buffer-size.`,
      fixes: [removeKeyFix(model, buffer)],
    });
  }
  for (const key of ['max-size', 'cache-max-size']) {
    const p = get(key);
    const v = valueOf(p?.valueNode);
    if (p?.valueNode && typeof v === 'string' && allowed.includes(key) && !SIZE.test(v)) {
      out.push({
        range: model.range(p.valueNode.offset, p.valueNode.offset + p.valueNode.length),
        message: `${key} "${v}" is not a size: write a number with a unit, e.g. "10m". dockerd refuses it.`,
        fixes: [],
      });
    }
  }
  for (const key of ['max-file', 'cache-max-file']) {
    const p = get(key);
    const v = valueOf(p?.valueNode);
    if (p?.valueNode && typeof v === 'string' && allowed.includes(key) && !/^[1-9]\d*$/.test(v)) {
      out.push({
        range: model.range(p.valueNode.offset, p.valueNode.offset + p.valueNode.length),
        message: `${key} "${v}" is not a positive whole number (as a string, e.g. "3"): dockerd refuses it.`,
        fixes: [],
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// runtimes
// ---------------------------------------------------------------------------------------------------------------

function runtimes(model: DaemonModel, object: Node): Report[] {
  const out: Report[] = [];
  for (const entry of propertiesOf(object)) {
    const range = keyRange(model, entry);
    if (entry.key === 'runc') {
      out.push({
        range,
        message: `${refuses(`runtime name 'runc' is reserved`)}. Give the runtime another name (runc is built in).`,
        fixes: [],
      });
      continue;
    }
    if (entry.valueNode?.type !== 'object') continue; // daemon-wrong-type's
    const has = (name: string) => propertiesOf(entry.valueNode).some((f) => f.key.toLowerCase() === name.toLowerCase());
    const path = has('path');
    const type = has('runtimeType');
    if (!path && !type) {
      out.push({
        range,
        message: `${refuses(`runtime ${entry.key}: either a runtimeType or a path must be configured`)}. Add "path" (a runtime binary) or "runtimeType" (a containerd shim such as io.containerd.runc.v2).`,
        fixes: [],
      });
    } else if (path && type) {
      out.push({
        range,
        message: `Runtime "${entry.key}" has both "path" and "runtimeType": dockerd refuses to start (it cannot configure both). Keep one.`,
        fixes: [],
      });
    } else if (path && has('options')) {
      out.push({
        range,
        message: `Runtime "${entry.key}" has "options", which only a runtimeType (containerd shim) takes: dockerd refuses to start. Use "runtimeArgs" with a path, or "runtimeType" with options.`,
        fixes: [],
      });
    } else if (type && has('runtimeArgs')) {
      out.push({
        range,
        message: `Runtime "${entry.key}" has "runtimeArgs", which only a path runtime takes: dockerd refuses to start. Pass shim settings in "options" instead.`,
        fixes: [],
      });
    }
  }
  return out;
}

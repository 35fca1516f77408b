import { CompiledGlob, GlobPart, compileGlob, matchGlob } from '../../text/glob';
import { hostOf } from './downloads';

/**
 * The hosts of `internalHosts` (`.bulkhead.json`, setting `bulkhead.internalHosts`): mirrors on the team's own network
 * that only speak HTTP. An entry is a host name (`mirror.corp.example`), a wildcard (`*.corp.example`: `*` is any run
 * of characters, so it matches `a.b.corp.example` but not `corp.example` itself), either with a port
 * (`nexus.corp:8081`: only that port), an IP address (`10.1.2.3`, `[fd00::1]`) or an IPv4 range (`10.0.0.0/8`). A URL
 * is read for its host and port (`http://mirror.corp/debian` is `mirror.corp`). Matched in linear time (text/glob.ts).
 */
export type HostMatcher = (url: string) => boolean;

export function internalHostMatcher(entries: readonly string[]): HostMatcher {
  const tests = entries.map(compileEntry).filter((t): t is (host: string, port: string | null) => boolean => !!t);
  if (!tests.length) return () => false;
  return (url) => {
    const host = hostOf(url);
    if (!host) return false;
    return tests.some((t) => t(host, portOf(url)));
  };
}

/** The port written after the host (after any `user:password@`, as hostOf reads it), or null. */
function portOf(url: string): string | null {
  // linear: the same prefix as hostOf, then the port
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^/@\s]*@)?(?:\[[^\]]*\]|[^/:?#\s]*):(\d+)/i.exec(url);
  return m ? m[1] : null;
}

function compileEntry(raw: string): ((host: string, port: string | null) => boolean) | null {
  const entry = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  if (!entry) return null;
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(entry);
  if (cidr) {
    const base = ipv4(cidr[1]);
    const bits = Number(cidr[2]);
    if (base === null || bits > 32) return null;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (host) => {
      const ip = ipv4(host);
      return ip !== null && (ip & mask) >>> 0 === (base & mask) >>> 0;
    };
  }
  const host = hostOf(entry);
  if (!host) return null;
  const port = portOf(entry);
  const glob = hostGlob(host);
  return (h, p) => (port === null || port === p) && matchGlob(glob, h);
}

function hostGlob(host: string): CompiledGlob {
  const parts: GlobPart[] = [];
  host.split('*').forEach((literal, i) => {
    if (i > 0) parts.push({ any: (c) => c !== '/' });
    if (literal) parts.push(literal);
  });
  return compileGlob(parts, { ignoreCase: true });
}

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return null;
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

/**
 * A host that looks like one on a private network (an RFC 1918 address, a single-label name, `.local`, `.internal`,
 * `.lan`, `.corp`, `.home.arpa`): the message then says how to declare it, if it is a mirror that only speaks HTTP.
 */
export function looksInternal(host: string): boolean {
  const ip = ipv4(host);
  if (ip !== null) return ip >>> 24 === 10 || ip >>> 20 === 0xac1 || ip >>> 16 === 0xc0a8 || ip >>> 16 === 0xa9fe;
  if (host.startsWith('[')) return /^\[f[cd]/i.test(host);
  return !!host && (!host.includes('.') || /\.(local|internal|lan|corp|intranet|home\.arpa)$/i.test(host));
}

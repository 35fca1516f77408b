import { isMap, isScalar, Node, YAMLMap } from 'yaml';
import { interpolate } from './interpolation';
import { scalarText } from './reportSite';

/**
 * The `ports:` of a service, short syntax (`[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, IPv6 hosts bracketed or
 * not) and long syntax (`target`, `published`, `host_ip`, `protocol`), after interpolation with defaults.
 */
export interface PortBinding {
  /** The entry: a scalar (short syntax) or a mapping (long syntax). */
  node: Node;
  syntax: 'short' | 'long';
  /** The entry as written (short syntax), or `published:target` (long syntax), for messages. */
  text: string;
  /** The host address; null when none is written, which publishes on every interface. */
  hostIp: string | null;
  /** The host address comes from a variable without a default, or an unknown variable may hold one. */
  hostIpUnknown: boolean;
  /** The host port (or range); null when the engine picks a free one. */
  published: string | null;
  target: string;
  /** Long syntax: the `host_ip`, `published` and `target` value nodes, when written. */
  hostIpNode?: Node;
  publishedNode?: Node;
  targetNode?: Node;
  /** Short syntax: the raw string as written (before interpolation). */
  raw?: string;
}

/** A variable whose name says it holds an address: `${BIND_IP}`, `${LISTEN_ADDR}`, `$HOST` (not `${HOST_PORT}`). */
const ADDRESS_VARIABLE = /IP|HOST|ADDR|BIND|LISTEN|INTERFACE|IFACE/i;
const PORT_VARIABLE = /PORT/i;

/** Interpolate a port field; unknown variables become a neutral token, and whether any of them names an address. */
function resolveField(raw: string): { value: string; addressUnknown: boolean } {
  let addressUnknown = false;
  const { value } = interpolate(raw, (name) => {
    if (!name || (ADDRESS_VARIABLE.test(name) && !PORT_VARIABLE.test(name))) addressUnknown = true;
    return 'VAR';
  });
  return { value, addressUnknown };
}

/** Parse the short syntax (already interpolated). */
export function parseShortPort(spec: string): { hostIp: string | null; published: string | null; target: string } {
  const s = spec.trim().replace(/\/[A-Za-z]+$/, '');
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    const ip = s.slice(1, close);
    const parts = s.slice(close + 2).split(':');
    return { hostIp: ip, published: parts.length > 1 ? parts[0] || null : null, target: parts[parts.length - 1] };
  }
  const parts = s.split(':');
  if (parts.length === 1) return { hostIp: null, published: null, target: parts[0] };
  if (parts.length === 2) return { hostIp: null, published: parts[0] || null, target: parts[1] };
  return {
    hostIp: parts.slice(0, -2).join(':'),
    published: parts[parts.length - 2] || null,
    target: parts[parts.length - 1],
  };
}

/** Every interface: no address, `0.0.0.0`, or the IPv6 wildcard `::`. */
export function bindsAllInterfaces(hostIp: string | null): boolean {
  if (hostIp === null) return true;
  const ip = hostIp.trim().replace(/^\[|\]$/g, '');
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === ':' || ip === '0:0:0:0:0:0:0:0';
}

function field(map: YAMLMap, key: string): { node: Node; text: string } | undefined {
  for (const item of map.items) {
    if (isScalar(item.key) && String(item.key.value) === key) {
      const node = item.value as Node | null;
      const text = scalarText(node);
      return node && text !== undefined ? { node, text } : undefined;
    }
  }
  return undefined;
}

/** One `ports:` entry (aliases already resolved), or undefined when it is neither syntax. */
export function portBinding(item: Node): PortBinding | undefined {
  if (isScalar(item)) {
    const text = scalarText(item);
    if (text === undefined || text.trim() === '') return undefined;
    const { value, addressUnknown } = resolveField(text);
    return { node: item, syntax: 'short', text, raw: text, hostIpUnknown: addressUnknown, ...parseShortPort(value) };
  }
  if (!isMap(item)) return undefined;
  const target = field(item, 'target');
  if (!target) return undefined;
  const published = field(item, 'published');
  const hostIp = field(item, 'host_ip');
  const ip = hostIp ? interpolate(hostIp.text) : undefined;
  return {
    node: item,
    syntax: 'long',
    text: published ? `${published.text}:${target.text}` : target.text,
    hostIp: ip && !ip.unresolved ? ip.value : null,
    hostIpUnknown: !!ip?.unresolved,
    published: published ? resolveField(published.text).value : null,
    target: resolveField(target.text).value,
    hostIpNode: hostIp?.node,
    publishedNode: published?.node,
    targetNode: target.node,
  };
}

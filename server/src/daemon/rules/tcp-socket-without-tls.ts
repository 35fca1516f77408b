import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonModel } from '../model';
import { booleanSetting, cisApplies, effectiveValue, tlsSetup } from '../cis';
import { cisCheck } from '../../rules/anchors';
import { insertProperties, setValue } from '../edits';

/** Placeholder certificate paths the fix writes: the site's own files go there (CIS 3.9-3.14 file permissions). */
export const TLS_PLACEHOLDERS: readonly (readonly [string, string])[] = [
  ['tlscacert', '/etc/docker/tls/ca.pem'],
  ['tlscert', '/etc/docker/tls/server-cert.pem'],
  ['tlskey', '/etc/docker/tls/server-key.pem'],
];

export const tcpSocketWithoutTls: Rule<DaemonContext> = {
  id: 'tcp-socket-without-tls',
  kind: 'daemon',
  severity: 'error',
  title: 'Docker API on TCP without TLS client verification',
  rationale:
    'The Docker API gives whoever reaches it root on the host (`docker run --privileged -v /:/host`). On a TCP socket without `tlsverify` and a CA, anyone who can reach the port gets that, with no password.',
  remedy:
    'Set `"tlsverify": true` with `tlscacert`, `tlscert` and `tlskey`, or listen on the Unix socket only (and use `ssh://` contexts for remote access).',
  guidance: ['Host: authenticate and encrypt the daemon socket'],
  anchors: [cisCheck('2.7')],
  fixes: ['Require TLS client certificates'],
  fixSafety: 'manual',
  check({ model }) {
    if (!cisApplies(model, 'hosts')) return [];
    const { prop } = effectiveValue(model, 'hosts');
    const list = prop?.valueNode;
    if (!list || list.type !== 'array') return [];
    const exposed = (list.children ?? []).filter((n) => n.type === 'string' && isNetworkTcp(String(n.value)));
    if (!exposed.length) return [];
    const setup = tlsSetup(model);
    // TLS on without a certificate and key: dockerd does not start at all (daemon-conflict's finding)
    if (setup.on && !(setup.cert.trim() && setup.key.trim())) return [];
    const verify = setup.verify;
    const tls = booleanSetting(model, 'tls').value;
    const tlsWritten = model.effective.has('tls');
    const verifyWritten = model.effective.has('tlsverify');
    const missing = TLS_PLACEHOLDERS.filter(([key]) => !hasPath(model, key)).map(([key]) => key);
    if (verify && !missing.length) return [];
    const fix = tlsFix(model, missing);
    return exposed.map((host): Report => {
      const addr = String(host.value);
      const range = model.range(host.offset, host.offset + host.length);
      if (verify) {
        // clients must present a certificate, but with no CA file go-connections' tlsconfig.Server leaves ClientCAs
        // empty and Go verifies them against the host's system roots
        return {
          range,
          severity: 'info',
          message: `"${addr}" requires client certificates, but "tlscacert" is not set, so dockerd accepts a client certificate signed by any CA the host trusts (the system pool), not only yours (CIS 2.7). Set "tlscacert" to your own CA, owned by root (mode 444).`,
          fixes: fix ? [fix] : [],
        };
      }
      // dockerd turns TLS on whenever "tlsverify" is written at all, false included
      const encrypted = tls === true || verifyWritten;
      const what = encrypted
        ? 'encrypts the Docker API but does not verify clients'
        : 'serves the Docker API without TLS';
      // dockerd adds a 15 s pause unless "tls" or "tlsverify" says explicitly what is wanted
      const delay =
        !tlsWritten && !verifyWritten ? ' and delays its start by about 16 seconds' : ' and pauses for a second';
      return {
        range,
        message: `"${addr}" ${what}: anyone who can reach the port is root on this host (CIS 2.7). dockerd still starts and listens: it only logs "Binding to IP address without --tlsverify is insecure…"${delay}. Set "tlsverify": true with "tlscacert", "tlscert" and "tlskey", or drop the TCP host and use ssh:// for remote access.`,
        fixes: fix ? [fix] : [],
      };
    });
  },
};

/** `tcp://host:port` or a bare `host:port` (dockerd reads it as TCP) whose host is not loopback. */
export function isNetworkTcp(value: string): boolean {
  const v = value.trim();
  const parts = v.split('://');
  if (parts.length > 1 && parts[0] !== 'tcp') return false;
  const rest = parts.length > 1 ? parts[1] : v;
  // dockerd fills an empty host with "localhost" (opts.ParseTCPAddr)
  const host = hostOf(rest).toLowerCase();
  return host !== '' && host !== 'localhost' && host !== '::1' && !/^127(\.\d{1,3}){3}$/.test(host);
}

function hostOf(address: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(address);
  if (bracketed) return bracketed[1];
  const colon = address.lastIndexOf(':');
  // the host ends at the first "/" of the whole value, not of its last line
  return (colon >= 0 ? address.slice(0, colon) : address).split('/', 1)[0];
}

function hasPath(model: DaemonModel, key: string): boolean {
  const { value } = effectiveValue(model, key);
  return typeof value === 'string' && value.trim() !== '';
}

/** `"tlsverify": true` plus placeholder certificate paths for the ones missing; a person puts the real files there. */
function tlsFix(model: DaemonModel, missing: string[]): Fix | undefined {
  const edits = [];
  const inserts: [string, unknown][] = [];
  const verify = model.effective.get('tlsverify');
  if (booleanSetting(model, 'tlsverify').value !== true) {
    if (verify) {
      const e = setValue(model, verify, true);
      if (e) edits.push(e);
    } else inserts.push(['tlsverify', true]);
  }
  for (const [key, path] of TLS_PLACEHOLDERS) {
    if (!missing.includes(key)) continue;
    const existing = model.effective.get(key);
    // an empty path: fill it in place
    if (existing) {
      const e = setValue(model, existing, path);
      if (e) edits.push(e);
    } else inserts.push([key, path]);
  }
  const insert = insertProperties(model, inserts);
  if (insert) edits.push(insert);
  if (!edits.length) return undefined;
  return {
    title: 'Require TLS client certificates (put your CA, certificate and key at the paths)',
    edits,
    manual: true,
  };
}

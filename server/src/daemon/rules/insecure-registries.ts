import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { Platform } from '../keyTypes';
import { cisApplies, effectiveValue } from '../cis';
import { cisCheck } from '../../rules/anchors';
import { trimTrailing } from '../../text/scan';

export const insecureRegistries: Rule<DaemonContext> = {
  id: 'insecure-registries',
  kind: 'daemon',
  severity: 'warning',
  title: 'Insecure registries configured',
  rationale:
    'dockerd talks to a registry listed in `insecure-registries` over plain HTTP or with TLS it does not verify, so anyone on the network path can read credentials and substitute the images the host pulls.',
  remedy:
    'Give the registry a TLS certificate the host trusts (or its CA in `certs.d`) and remove it from `insecure-registries`.',
  guidance: ['Images: only use trusted images and registries'],
  anchors: [cisCheck('2.5')],
  fixes: [],
  check({ model }) {
    if (!cisApplies(model, 'insecure-registries')) return [];
    const { prop } = effectiveValue(model, 'insecure-registries');
    const list = prop?.valueNode;
    if (!list || list.type !== 'array') return [];
    const out: Report[] = [];
    for (const entry of list.children ?? []) {
      if (entry.type !== 'string') continue;
      const name = String(entry.value).trim();
      if (!name || isImplicitlyInsecure(name)) continue;
      out.push({
        range: model.range(entry.offset, entry.offset + entry.length),
        message: messageFor(name, model.platform),
      });
    }
    return out;
  },
};

function messageFor(name: string, platform: Platform): string {
  const host = trimTrailing(name.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''), '/');
  const risk =
    'over plain HTTP or unverified TLS, so anyone on the network path can read credentials and swap the images it pulls (CIS 2.5)';
  if (isCidr(host)) {
    return `"insecure-registries" lists "${name}": dockerd reaches every registry in ${host} ${risk}. Give those registries TLS certificates (their CA in certs.d if it is private) and list none, or only the ones that still need it.`;
  }
  const certs =
    platform === 'windows' ? `%ProgramData%\\docker\\certs.d\\${host}\\ca.crt` : `/etc/docker/certs.d/${host}/ca.crt`;
  return `"insecure-registries" lists "${name}": dockerd reaches ${host} ${risk}. Give the registry a TLS certificate (its CA in ${certs} if it is private) and remove the entry.`;
}

function isCidr(host: string): boolean {
  return /\/\d{1,3}$/.test(host);
}

/**
 * dockerd already treats 127.0.0.0/8 as insecure (and a name that resolves there, like `localhost`): listing such a
 * registry changes nothing, so it does not fire. Decision: `[::1]` does fire; the implicit range is IPv4 only.
 */
export function isImplicitlyInsecure(name: string): boolean {
  const host = trimTrailing(name.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''), '/');
  const cidr = /^(\d{1,3})(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(host);
  if (cidr) return cidr[1] === '127' && Number(cidr[2]) >= 8;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  return hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

import type { Range } from 'vscode-languageserver-types';
import { SEVERITIES, type Fix, type Severity } from '../rules/types';
import type { EffectiveConfig } from '../rules/context';
import type { DaemonModel, JsonProperty } from './model';
import { propertiesOf, valueOf } from './model';
import { removeProperty, setKey, setValue } from './edits';
import { daemonKey } from './keys';
import { suggest } from './validity';

/**
 * Shared pieces of the CIS daemon.json rules (CIS Docker Benchmark §2): where a finding about an absent key goes, which
 * keys apply to the file's platform, and the small edits their fixes make.
 */

/**
 * Where a finding about an absent key goes. Decision: the opening `{` of the top-level object, for every "absent"
 * rule, so they stack on one spot (line 1 in nearly every file) and never on a key that has nothing to do with them.
 */
export function absentKeyRange(model: DaemonModel): Range | undefined {
  const root = model.root;
  return root ? model.range(root.offset, root.offset + 1) : undefined;
}

/**
 * The CIS rules look at a file only when its structure is sound (comments and trailing commas are tolerated), and only
 * at keys the file's platform has: a Linux-only key on Windows is daemon-wrong-platform's business, and its absence
 * there is no risk.
 */
export function cisApplies(model: DaemonModel, key: string): boolean {
  if (!model.root) return false;
  const row = daemonKey(key);
  return !row || row.platforms.includes(model.platform);
}

/** The property dockerd uses for `key` and its JSON value (undefined when absent). */
export function effectiveValue(model: DaemonModel, key: string): { prop: JsonProperty | undefined; value: unknown } {
  const prop = model.effective.get(key);
  return { prop, value: prop ? valueOf(prop.valueNode) : undefined };
}

/** The range of a finding about a present property: its value (or the key when the value is missing). */
export function valueRange(model: DaemonModel, prop: JsonProperty): Range {
  const node = prop.valueNode ?? prop.keyNode;
  return model.range(node.offset, node.offset + node.length);
}

/** JSON text of a value as it reads in a message (`true`, `"debug"`). */
export function shown(value: unknown): string {
  return JSON.stringify(value);
}

/** A fix that sets one top-level key (changing the effective property, or inserting the key). */
export function setKeyFix(
  model: DaemonModel,
  key: string,
  value: unknown,
  opts: { title?: string; manual?: boolean } = {},
): Fix | undefined {
  const edit = setKey(model, key, value);
  if (!edit) return undefined;
  // The key is absent because it is misspelt (`no-new-privleges`) or written inside a wrapper object dockerd flattens
  // (`"security": {"icc": false}`): daemon-unknown-key's rename or daemon-ignored-key's move is the fix "Fix all"
  // applies; inserting the key as well would write it twice. Such an insert stays a quick fix for a person (manual:
  // "Fix all" also takes a lone fix that is not preferred).
  const absent = !model.effective.has(key);
  const misspelt = absent && model.properties.some((p) => p.key !== key && suggest(p.key, [key]).includes(key));
  const wrapped =
    absent &&
    model.properties.some((p) => !daemonKey(p.key) && propertiesOf(p.valueNode).some((inner) => inner.key === key));
  const manual = !!opts.manual || misspelt || wrapped;
  return {
    title: opts.title ?? `Set "${key}": ${JSON.stringify(value)}`,
    edits: [edit],
    isPreferred: !manual,
    ...(manual ? { manual: true } : {}),
  };
}

/**
 * Take a key out of the file so dockerd's (secure) default applies: a fix titled `Remove <what>`. When the key is
 * written more than once, removing the last would make an earlier one effective: then the effective one is set to
 * `fallback` instead, and the fix is titled after that.
 */
export function removeKeyFix(model: DaemonModel, prop: JsonProperty, what: string, fallback: unknown): Fix | undefined {
  const written = model.properties.filter((p) => p.key === prop.key).length;
  const edit = written > 1 ? setValue(model, prop, fallback) : removeProperty(model, prop);
  if (!edit) return undefined;
  const title = written > 1 ? `Set "${prop.key}": ${JSON.stringify(fallback)}` : `Remove ${what}`;
  return { title, edits: [edit], isPreferred: true };
}

export function fixes(...candidates: (Fix | undefined)[]): Fix[] {
  return candidates.filter((f): f is Fix => f !== undefined);
}

/** The boolean value of a key dockerd uses, when it is a JSON boolean (other types are daemon-wrong-type's). */
export function booleanSetting(
  model: DaemonModel,
  key: string,
): { prop: JsonProperty | undefined; value: boolean | undefined; typed: boolean } {
  const { prop, value } = effectiveValue(model, key);
  if (!prop) return { prop, value: undefined, typed: true };
  return { prop, value: typeof value === 'boolean' ? value : undefined, typed: typeof value === 'boolean' };
}

/**
 * A CIS boolean key whose default is insecure (`icc` true, `userland-proxy` true, `no-new-privileges` false,
 * `live-restore` false): where to report, or undefined when the file has the secure value (or a value of another type,
 * which daemon-wrong-type reports), the file is not checkable, or the key is not for this platform.
 */
export function insecureBoolean(
  model: DaemonModel,
  key: string,
  secure: boolean,
): { range: Range; prop: JsonProperty | undefined } | undefined {
  if (!cisApplies(model, key)) return undefined;
  const { prop, value, typed } = booleanSetting(model, key);
  if (!typed || value === secure) return undefined;
  const range = prop ? valueRange(model, prop) : absentKeyRange(model);
  return range ? { range, prop } : undefined;
}

/** dockerd refuses `icc: false` while it may not program the firewall (`iptables: false`, or IPv6 with `ip6tables: false`). */
export function firewallDisabled(model: DaemonModel): boolean {
  if (booleanSetting(model, 'iptables').value === false) return true;
  return booleanSetting(model, 'ipv6').value === true && booleanSetting(model, 'ip6tables').value === false;
}

/**
 * The profile of each CIS Docker Benchmark control (v1.7.0, section 2) the daemon.json rules check: Level 1 is the
 * baseline every host should meet, Level 2 defence in depth that may cost functionality (user namespaces,
 * authorization plugins, remote logging, custom seccomp profiles).
 */
const CIS_LEVEL: Readonly<Record<string, 1 | 2>> = {
  '2.2': 1,
  '2.3': 1,
  '2.4': 1,
  '2.5': 1,
  '2.6': 1,
  '2.7': 1,
  '2.8': 1,
  '2.9': 2,
  '2.10': 2,
  '2.11': 2,
  '2.12': 2,
  '2.13': 2,
  '2.14': 1,
  '2.15': 1,
  '2.16': 1,
  '2.17': 2,
  '2.18': 1,
};

/**
 * The severity of a finding about a key the file does not set (docs/severity.md): hardening advice whose worth depends
 * on the host, so `info` for a Level 1 control and `hint` for Level 2 (never above the rule's own severity); a value
 * the file writes stays at the rule's
 * severity. With `"profile": "cis"` (a team that enforces the benchmark) absent keys are judged at the rule's own
 * severity too: undefined then.
 */
export function absentSeverity(config: EffectiveConfig, cis: string, rule: Severity): Severity | undefined {
  if (config.profile === 'cis') return undefined;
  const advice: Severity = CIS_LEVEL[cis] === 2 ? 'hint' : 'info';
  // never above the rule's own severity (a Manual control such as default ulimits is a hint already)
  return SEVERITIES.indexOf(advice) > SEVERITIES.indexOf(rule) ? advice : rule;
}

/** How dockerd sets up the API's TLS from this file (no TLS flag on the command line). */
export interface TlsSetup {
  /** TLS is on: "tls": true, or "tlsverify" written with any value. */
  on: boolean;
  /** Client certificates are required and verified. */
  verify: boolean;
  /** The certificate and key paths dockerd loads ("" when not set). */
  cert: string;
  key: string;
  /** The property that turns TLS on ("tlsverify" when written, else "tls"). */
  by: JsonProperty | undefined;
}

/**
 * dockerd's reading of tls/tlsverify: writing "tlsverify" at all turns TLS on, and with no "tlsverify" it takes the
 * value of "tls" (daemon/command/daemon.go lines 725-733 at docker-v29.7.2; cmd/dockerd/daemon.go lines 603-611 at
 * v27.5.1). Clients are then required to present a certificate (newAPIServerTLSConfig: tls.RequireAndVerifyClientCert
 * unless tlsverify is false). The cert paths come from the file only: the $DOCKER_CERT_PATH / ~/.docker defaults are
 * the flags' (setDefaultOptions), which apply only when TLS is turned on on the command line.
 */
export function tlsSetup(model: DaemonModel): TlsSetup {
  const verifyProp = model.effective.get('tlsverify');
  const tls = booleanSetting(model, 'tls');
  const verifyValue = booleanSetting(model, 'tlsverify').value;
  const on = !!verifyProp || tls.value === true;
  // "tlsverify": null leaves TLSVerify nil, and it then takes TLS's value, true since the key is written (daemon.go:731)
  const verify = on && (verifyProp ? verifyValue !== false : tls.value === true);
  const path = (key: string) => {
    const { value } = effectiveValue(model, key);
    return typeof value === 'string' ? value : '';
  };
  return { on, verify, cert: path('tlscert'), key: path('tlskey'), by: verifyProp ?? tls.prop };
}

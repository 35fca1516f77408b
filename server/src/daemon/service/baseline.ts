import type { TextEdit } from 'vscode-languageserver-types';
import type { DaemonModel } from '../model';
import { valueOf } from '../model';
import { CIS_BASELINE, BaselineEntry, daemonKey } from '../keys';
import { insertProperties, setValue } from '../edits';
import { booleanSetting, cisApplies, effectiveValue } from '../cis';
import { keepsLogsOnHost, syslogChanges } from '../rules/remote-logging-missing';
import { isImplicitlyInsecure } from '../rules/insecure-registries';
import { isPlaceholder } from '../rules/authorization-plugins-missing';
import { isNetworkTcp } from '../rules/tcp-socket-without-tls';

export interface SecureBaseline {
  edits: TextEdit[];
  /** What to check before applying: shown in the action's confirmation. */
  caveats: string[];
  /** The keys the edits set, in baseline order (for the action's title). */
  changes: string[];
}

/**
 * Keys where the file's own non-empty value is a site choice the baseline keeps: a user[:group] for userns-remap,
 * the site's ulimits, an installed authorization plugin.
 */
const SITE_CHOICES = new Set(['userns-remap', 'default-ulimits', 'authorization-plugins']);

/**
 * "Apply secure baseline": every CIS_BASELINE key at once (facts §3.3). Existing keys get the baseline value in
 * place, missing ones are inserted in one insertion after the last property. It keeps what already satisfies CIS
 * (a remote log driver with its options, a chosen userns-remap, ulimits or authorization plugin); `log-opts` is merged
 * (options syslog refuses are dropped); `hosts` and `containerd` are never touched (systemd installs pass them as
 * flags). It also turns `debug` off and `seccomp-profile: "unconfined"` back to "builtin", the two other CIS findings
 * a value fixes. On Windows only the keys the Windows daemon has are set. Undefined when the file has no top-level
 * object to edit, or nothing to change.
 */
export function secureBaselineEdits(model: DaemonModel): SecureBaseline | undefined {
  if (!model.root) return undefined;
  const edits: TextEdit[] = [];
  const inserts: [string, unknown][] = [];
  const caveats: string[] = [];
  const changes: string[] = [];
  const set = (entry: BaselineEntry | { key: string; value: unknown; caveat?: string }) => {
    const prop = model.effective.get(entry.key);
    if (prop) {
      const e = setValue(model, prop, entry.value);
      if (!e) return;
      edits.push(e);
    } else inserts.push([entry.key, entry.value]);
    changes.push(entry.key);
    if (entry.caveat) caveats.push(entry.caveat);
  };
  const entries = CIS_BASELINE.filter((e) => cisApplies(model, e.key));
  const byKey = new Map(entries.map((e) => [e.key, e]));

  for (const entry of entries) {
    const { prop, value } = effectiveValue(model, entry.key);
    if (prop && sameJson(value, entry.value)) continue;
    switch (entry.key) {
      case 'log-driver':
        logging(model, byKey, { edits, inserts, caveats, changes });
        continue;
      case 'log-opts':
        continue; // with log-driver
      case 'log-level':
        if (typeof value === 'string' && value.toLowerCase() === 'info') continue;
        break;
      case 'icc':
        // iptables is set true below (baseline order puts it after icc); only ip6tables can still stop icc: false
        if (booleanSetting(model, 'ipv6').value === true && booleanSetting(model, 'ip6tables').value === false) {
          caveats.push('icc is left as it is: dockerd refuses "icc": false while "ip6tables" is false with IPv6 on.');
          continue;
        }
        break;
      case 'insecure-registries': {
        const listed = Array.isArray(value)
          ? value.filter((v): v is string => typeof v === 'string' && !isImplicitlyInsecure(v))
          : [];
        if (Array.isArray(value) && !listed.length) continue; // only loopback entries, which dockerd treats as insecure anyway
        if (listed.length)
          caveats.push(
            `insecure-registries is emptied: give ${listed.join(', ')} a TLS certificate first, or pulls from ${listed.length > 1 ? 'them' : 'it'} fail.`,
          );
        break;
      }
      default:
        if (SITE_CHOICES.has(entry.key) && prop && isChosen(value)) continue;
    }
    // a value only the site can give (`<your-authz-plugin>`): dockerd refuses to start with the placeholder, so the
    // baseline does not write it (as the daemon.json template does not) and says what to add
    if (Array.isArray(entry.value) && entry.value.some((v) => typeof v === 'string' && isPlaceholder(v))) {
      caveats.push(
        `${entry.key} is not added: it needs the name of an authorization plugin installed on the host, and dockerd refuses to start with a placeholder; add it once you have one.`,
      );
      continue;
    }
    set(entry);
  }

  // The other CIS findings a value fixes (not in the baseline table: their secure state is the default).
  if (cisApplies(model, 'debug') && booleanSetting(model, 'debug').value === true) set({ key: 'debug', value: false });
  if (cisApplies(model, 'seccomp-profile') && effectiveValue(model, 'seccomp-profile').value === 'unconfined') {
    set({
      key: 'seccomp-profile',
      value: 'builtin',
      caveat:
        'seccomp-profile "unconfined" becomes "builtin": containers that need more system calls get --security-opt seccomp=<profile>.',
    });
  }
  leftAlone(model, caveats);

  const insert = insertProperties(model, inserts);
  if (insert) edits.push(insert);
  if (!edits.length) return undefined;
  return { edits, caveats: [...new Set(caveats)], changes };
}

/** log-driver + log-opts: syslog to the placeholder server, unless the file already ships logs off the host. */
function logging(
  model: DaemonModel,
  byKey: Map<string, BaselineEntry>,
  out: { edits: TextEdit[]; inserts: [string, unknown][]; caveats: string[]; changes: string[] },
): void {
  const { prop, value } = effectiveValue(model, 'log-driver');
  const driver = prop ? value : 'json-file';
  if (typeof driver !== 'string' || !keepsLogsOnHost(driver)) return;
  const opts = (byKey.get('log-opts')?.value ?? {}) as Record<string, unknown>;
  const change = syslogChanges(model, opts);
  out.edits.push(...change.edits);
  out.inserts.push(...change.inserts);
  out.changes.push('log-driver', 'log-opts');
  const caveat = byKey.get('log-opts')?.caveat;
  if (caveat) out.caveats.push(caveat);
  if (change.dropped.length)
    out.caveats.push(
      `log-opts loses ${change.dropped.join(', ')}: the syslog driver refuses ${change.dropped.length > 1 ? 'them' : 'it'} (rotation is the log server's job).`,
    );
}

/** What the baseline deliberately leaves for a person: said in the confirmation so it is not mistaken for done. */
function leftAlone(model: DaemonModel, caveats: string[]): void {
  const hosts = valueOf(model.effective.get('hosts')?.valueNode);
  if (
    Array.isArray(hosts) &&
    hosts.some((h) => typeof h === 'string' && isNetworkTcp(h)) &&
    booleanSetting(model, 'tlsverify').value !== true
  ) {
    caveats.push(
      'hosts is not touched: its tcp:// socket still needs "tlsverify" and certificates (tcp-socket-without-tls).',
    );
  }
  const storage = effectiveValue(model, 'storage-driver').value;
  if (
    cisApplies(model, 'storage-driver') &&
    typeof storage === 'string' &&
    daemonKey('storage-driver')?.removedValues?.[storage]
  ) {
    caveats.push(
      `storage-driver "${storage}" is not touched: moving to overlay2 leaves existing images behind (storage-driver-deprecated).`,
    );
  }
  const plugins = valueOf(model.effective.get('authorization-plugins')?.valueNode);
  const placeholderCaveat = CIS_BASELINE.find((e) => e.key === 'authorization-plugins')?.caveat;
  if (placeholderCaveat && Array.isArray(plugins) && plugins.some((p) => typeof p === 'string' && isPlaceholder(p)))
    caveats.push(placeholderCaveat);
}

function isChosen(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonModel } from '../model';
import { propertiesOf, valueOf } from '../model';
import { LOG_DRIVERS, LOG_OPTS } from '../keys';
import { absentSeverity, absentKeyRange, cisApplies, effectiveValue, shown, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';
import { indentOf, insertProperties, replaceNode, setValue, valueText } from '../edits';

/** Where the fix points syslog: a placeholder for the site's log server (TLS syslog, RFC 5425 port). */
export const SYSLOG_ADDRESS_PLACEHOLDER = 'tcp+tls://logs.example.com:6514';

/**
 * Decision: drivers that hand logs to the host's own system log (journald, etwlogs) do not fire. They are host-local,
 * but that log is what forwarders (rsyslog, systemd-journal-upload, Fluent Bit, Windows Event Forwarding) commonly
 * ship, and the file cannot tell whether one runs: better no finding than a false one.
 */
const HOST_SYSTEM_LOGS = new Set(['journald', 'etwlogs']);

/** json-file, local and none. A logging plugin ("loki", "grafana/loki-docker-driver:latest") exists to ship logs somewhere. */
export function keepsLogsOnHost(driver: string): boolean {
  const known = LOG_DRIVERS.find((d) => d.name === driver);
  return !!known && !known.remote && !HOST_SYSTEM_LOGS.has(driver);
}

export const remoteLoggingMissing: Rule<DaemonContext> = {
  id: 'remote-logging-missing',
  kind: 'daemon',
  severity: 'warning',
  title: 'Container logs stay on the host',
  rationale:
    'With `json-file` (the default), `local` or `none` container logs live only on the host, if at all: an intruder with root there erases them, and they are lost with the host, exactly when they are needed for an investigation.',
  remedy:
    'Set `log-driver` to a driver that ships logs to a central server (syslog, gelf, fluentd, splunk, awslogs, gcplogs or a logging plugin) with its address in `log-opts`.',
  guidance: ['Host: logs to syslog/SIEM'],
  anchors: [cisCheck('2.13')],
  fixes: ['Send container logs to syslog'],
  fixSafety: 'manual',
  check({ model, config }) {
    if (!cisApplies(model, 'log-driver')) return [];
    const { prop, value } = effectiveValue(model, 'log-driver');
    if (prop && typeof value !== 'string') return [];
    const driver = prop ? String(value) : 'json-file';
    if (!keepsLogsOnHost(driver)) return [];
    const range = prop ? valueRange(model, prop) : absentKeyRange(model);
    if (!range) return [];
    const where = !prop
      ? '"log-driver" is not set, so container logs go to json-file files on this host only: an intruder with root here can erase them, and they are lost with the host'
      : driver === 'none'
        ? '"log-driver": "none" keeps no container logs at all: after an incident there is nothing to investigate'
        : `"log-driver": ${shown(value)} keeps container logs in files on this host only: an intruder with root here can erase them, and they are lost with the host`;
    const fix = syslogFix(model);
    return [
      {
        range,
        severity: prop ? undefined : absentSeverity(config, '2.13', remoteLoggingMissing.severity),
        message: `${where} (CIS 2.13). Ship them to your log server: set "log-driver" to syslog, gelf, fluentd, splunk, awslogs or gcplogs with its address in "log-opts"${model.platform === 'linux' ? ' (or use journald and forward the journal)' : ''}.`,
        fixes: fix ? [fix] : [],
      },
    ];
  },
};

/**
 * `"log-driver": "syslog"` and `log-opts.syslog-address` (a placeholder), merged into an existing `log-opts`: options
 * syslog does not accept (json-file's max-size, max-file, compress...) are dropped, since dockerd refuses them with
 * "unknown log opt 'max-size' for syslog log driver".
 */
export function syslogFix(model: DaemonModel): Fix | undefined {
  const { edits, inserts } = syslogChanges(model, { 'syslog-address': SYSLOG_ADDRESS_PLACEHOLDER });
  const insert = insertProperties(model, inserts);
  if (insert) edits.push(insert);
  if (!edits.length) return undefined;
  return {
    title: `Send container logs to syslog (replace the placeholder ${SYSLOG_ADDRESS_PLACEHOLDER} with your log server)`,
    edits,
    manual: true,
  };
}

/**
 * The edits that make syslog the log driver with `wanted` among its options, the top-level properties to insert (the
 * caller inserts them, together with any others, in one insertion), and the options dropped because syslog refuses them.
 */
export function syslogChanges(
  model: DaemonModel,
  wanted: Readonly<Record<string, unknown>>,
): { edits: TextEdit[]; inserts: [string, unknown][]; dropped: string[] } {
  const dropped: string[] = [];
  const edits: TextEdit[] = [];
  const inserts: [string, unknown][] = [];
  const driver = model.effective.get('log-driver');
  if (driver) {
    if (valueOf(driver.valueNode) !== 'syslog') {
      const e = setValue(model, driver, 'syslog');
      if (e) edits.push(e);
    }
  } else inserts.push(['log-driver', 'syslog']);
  const opts = model.effective.get('log-opts');
  const node = opts?.valueNode;
  if (!opts) inserts.push(['log-opts', { ...wanted }]);
  else if (!node) return { edits, inserts, dropped };
  else if (node.type !== 'object') {
    // not an object (daemon-wrong-type): dockerd cannot use it anyway
    edits.push(replaceNode(model, node, valueText(model, wanted, indentOf(model, opts.node))));
  } else {
    const accepted = new Set(LOG_OPTS.syslog ?? []);
    const props = propertiesOf(node);
    const missing = Object.entries(wanted).filter(([k]) => !props.some((p) => p.key === k));
    if (props.every((p) => accepted.has(p.key))) {
      const e = insertProperties(model, missing, node);
      if (e) edits.push(e);
    } else {
      const merged: Record<string, unknown> = {};
      for (const p of props) {
        if (accepted.has(p.key)) merged[p.key] = valueOf(p.valueNode);
        else if (!dropped.includes(p.key)) dropped.push(p.key);
      }
      for (const [k, v] of missing) merged[k] = v;
      edits.push(replaceNode(model, node, valueText(model, merged, indentOf(model, opts.node))));
    }
  }
  return { edits, inserts, dropped };
}

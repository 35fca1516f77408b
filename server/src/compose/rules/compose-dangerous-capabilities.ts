import { isSeq } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { cisCheck } from '../../rules/anchors';
import { capabilityName as normalizedCapability, dangerousCapabilityRisk } from '../../data/capabilities';
import { isOverrideFile, nodeRange, serviceNameRange } from '../reportSite';
import { absentSeverity } from '../absent';
import type { EffectiveConfig } from '../../rules/context';
import {
  appendItem,
  definedElsewhere,
  insertList,
  isTrue,
  isWindowsService,
  listItems,
  removeIt,
  removeOwnItem,
  setting,
  stringValue,
  subject,
} from '../serviceValues';

/** `sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` name the same capability. */
function capabilityName(value: unknown): string | undefined {
  const text = stringValue(value);
  return text ? normalizedCapability(text) : undefined;
}

const HOST_MODES = { network: 'network_mode: host', pid: 'pid: host' };

export const composeDangerousCapabilities: Rule<ComposeContext> = {
  id: 'compose-dangerous-capabilities',
  kind: 'compose',
  severity: 'warning',
  title: 'Dangerous capability added, or default capabilities kept',
  rationale:
    "`SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH` and `ALL` each open a known way out of the container or onto the host; and Docker's default set (`CHOWN`, `DAC_OVERRIDE`, `SETUID`, `NET_RAW` ...) is more than most services use.",
  remedy:
    'Start from `cap_drop: [ALL]` and `cap_add` back only the capabilities the process needs (e.g. `NET_BIND_SERVICE`).',
  guidance: ['Host: least privilege', 'Isolation: do not break isolation'],
  anchors: [cisCheck('5.4'), { tool: 'kics', id: 'Container Capabilities Unrestricted' }],
  fixes: ['Remove the capability from cap_add', 'Add cap_drop: [ALL]'],
  fixSafety: 'manual',
  check({ model, config }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'cap_add')) {
        const cap = capabilityName(item.value);
        const risk = cap ? dangerousCapabilityRisk(cap, HOST_MODES) : undefined;
        if (!cap || !risk) continue;
        const written = String(item.value).trim();
        const edit = item.own ? removeOwnItem(model, service, 'cap_add', item.seq, item.index) : undefined;
        // the service may need it (a VPN client needs NET_ADMIN): a person decides
        const fixes: Fix[] = edit
          ? [{ title: `Remove ${written} from cap_add`, edits: [edit], isPreferred: true, manual: true }]
          : [];
        out.push({
          range: item.at,
          message: `${subject(service, item, `cap_add: ${written}`)} ${risk}. ${removeIt(item)}; if the service cannot work without it, keep it for this service alone with a comment saying why.`,
          fixes,
        });
      }
      const keptDefaults = defaultCapabilitiesKept(model, service, config);
      if (keptDefaults) out.push(keptDefaults);
    }
    return out;
  },
};

/**
 * The info finding: the service keeps Docker's default capabilities. Not for a privileged service (cap_drop has no
 * effect there, compose-privileged says what to do), a service only partly defined in this file, or a Windows
 * container (Windows has no Linux capabilities).
 */
function defaultCapabilitiesKept(
  model: ComposeModel,
  service: ComposeService,
  config: EffectiveConfig,
): Report | undefined {
  if (
    definedElsewhere(model, service) ||
    isOverrideFile(model.uri) ||
    isWindowsService(model, service) ||
    isTrue(setting(model, service, 'privileged')?.value)
  )
    return undefined;
  if (listItems(model, service, 'cap_drop').some((d) => capabilityName(d.value) === 'ALL')) return undefined;
  const list = setting(model, service, 'cap_drop');
  const seq = list && list.origin !== 'extends' && isSeq(list.node) ? list.node : undefined;
  // a list the service writes: append ALL; merged from an anchor: append there (every service using that list keeps
  // the defaults too); otherwise a list of its own, which `extends` merges with the base's
  // a value that is not a list (invalid Compose) gets no fix: a second key would be a duplicate
  const edit = seq
    ? appendItem(model, seq, 'ALL')
    : list && list.origin !== 'extends'
      ? undefined
      : insertList(model, service, 'cap_drop', 'ALL');
  const title = !seq
    ? 'Add cap_drop: [ALL]'
    : list?.own
      ? 'Add ALL to cap_drop'
      : `Add ALL to the cap_drop list in ${list?.from} (shared)`;
  // dropping everything can break a service that binds a port below 1024 or changes file owners as it starts: a
  // person adds back what it needs
  const fixes: Fix[] = edit ? [{ title, edits: [edit], isPreferred: true, manual: true }] : [];
  const range =
    seq && list?.own && list.keyNode?.range ? nodeRange(model, list.keyNode) : serviceNameRange(model, service);
  const what = !seq
    ? `Service \`${service.name}\` keeps Docker's default capabilities`
    : list?.own
      ? `\`cap_drop\` of service \`${service.name}\` does not drop ALL, so it keeps the rest of Docker's default capabilities`
      : `Service \`${service.name}\` gets a \`cap_drop\` list without ALL from ${list?.from}, so it keeps the rest of Docker's default capabilities`;
  return {
    range,
    // advice that costs functionality until the service's needs are added back (docs/severity.md): a hint; an info
    // finding for a team that enforces the CIS benchmark
    severity: absentSeverity(config, 'hint') ?? 'info',
    absent: {
      service: service.name,
      summary:
        "keep Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW ...), which most services never use. Add `cap_drop: [ALL]` to each and `cap_add` back only what it needs (e.g. `NET_BIND_SERVICE` for a port below 1024).",
    },
    message: `${what} (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW ...), which most services never use. Add \`cap_drop: [ALL]\` and \`cap_add\` back only what it needs (e.g. \`NET_BIND_SERVICE\` for a port below 1024).`,
    fixes,
  };
}

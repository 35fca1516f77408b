import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { absentSeverity, absentKeyRange, cisApplies, effectiveValue, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

/** `<your-authz-plugin>`: the secure baseline's placeholder (no plugin name has angle brackets). */
export function isPlaceholder(name: string): boolean {
  return /^<.*>$/s.test(name.trim());
}

export const authorizationPluginsMissing: Rule<DaemonContext> = {
  id: 'authorization-plugins-missing',
  kind: 'daemon',
  severity: 'hint',
  title: 'No authorization plugin',
  rationale:
    'Without an authorization plugin every client that can reach the Docker socket may do anything (run privileged containers, mount the host), and nothing records who did what beyond the daemon log.',
  remedy:
    "Install an authorization plugin (e.g. Open Policy Agent's opa-docker-authz) and list it in `authorization-plugins`.",
  guidance: ['Host: auditing and authorization'],
  anchors: [cisCheck('2.12')],
  fixes: [],
  check({ model, config }) {
    if (!cisApplies(model, 'authorization-plugins')) return [];
    const { prop } = effectiveValue(model, 'authorization-plugins');
    const node = prop?.valueNode;
    if (prop && node?.type !== 'array') return [];
    const entries = (node?.children ?? []).filter((n) => n.type === 'string');
    const placeholders = entries.filter((n) => isPlaceholder(String(n.value)));
    if (placeholders.length) {
      return placeholders.map((n): Report => ({
        range: model.range(n.offset, n.offset + n.length),
        // a placeholder stops dockerd: more than a hint
        severity: 'warning',
        message: `"authorization-plugins" lists the placeholder ${JSON.stringify(n.value)}: dockerd refuses to start until it names an installed authorization plugin (CIS 2.12). Install the plugin first, then put its name here.`,
      }));
    }
    if (node && node.children?.length) return [];
    const range = prop ? valueRange(model, prop) : absentKeyRange(model);
    if (!range) return [];
    const what = prop ? '"authorization-plugins" is empty' : 'No "authorization-plugins" is set';
    return [
      {
        range,
        severity: prop ? undefined : absentSeverity(config, '2.12', authorizationPluginsMissing.severity),
        message: `${what}, so every client that reaches the Docker socket may do anything, privileged containers included (CIS 2.12). If that is more than your users need, install an authorization plugin (e.g. opa-docker-authz) and list it here.`,
      },
    ];
  },
};

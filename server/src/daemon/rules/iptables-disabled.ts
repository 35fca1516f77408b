import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { booleanSetting, cisApplies, fixes, removeKeyFix, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const iptablesDisabled: Rule<DaemonContext> = {
  id: 'iptables-disabled',
  kind: 'daemon',
  severity: 'warning',
  title: 'dockerd may not manage the firewall',
  rationale:
    'With `iptables` false dockerd adds no firewall rules: networks are no longer isolated from each other, `icc: false` cannot be enforced, and published ports depend on hand-written rules that drift from what the containers need.',
  remedy: 'Remove `"iptables": false` so dockerd manages the firewall (with the `nftables` backend too, on Engine 29).',
  guidance: ['Host: no inter-container traffic', 'Isolation: do not break isolation'],
  anchors: [cisCheck('2.4')],
  fixes: ['Remove "iptables": false'],
  fixSafety: 'manual',
  check({ model }) {
    if (!cisApplies(model, 'iptables')) return [];
    const { prop, value } = booleanSetting(model, 'iptables');
    if (!prop || value !== false) return [];
    return [
      {
        range: valueRange(model, prop),
        message:
          '"iptables": false stops dockerd from writing firewall rules: container networks are no longer isolated from each other and "icc": false cannot be enforced (CIS 2.4). Remove it and let dockerd manage the firewall; keep site rules in the DOCKER-USER chain.',
        fixes: fixes(removeKeyFix(model, prop, '"iptables": false', true)),
      },
    ];
  },
};

import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { cisApplies, effectiveValue, shown, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const cgroupParentSet: Rule<DaemonContext> = {
  id: 'cgroup-parent-set',
  kind: 'daemon',
  severity: 'info',
  title: 'Default cgroup parent changed',
  rationale:
    "With `cgroup-parent` containers are placed under another cgroup than Docker's own; the limits and accounting of that parent then apply to all of them, which can starve them or the rest of the host if it was not chosen on purpose.",
  remedy: 'Confirm that the parent cgroup has the limits you intend, or remove `cgroup-parent`.',
  guidance: ['Host: resource limits'],
  anchors: [cisCheck('2.10')],
  fixes: [],
  check({ model }) {
    if (!cisApplies(model, 'cgroup-parent')) return [];
    const { prop, value } = effectiveValue(model, 'cgroup-parent');
    if (!prop || typeof value !== 'string' || value.trim() === '') return [];
    return [
      {
        range: valueRange(model, prop),
        message: `"cgroup-parent": ${shown(value)} puts every container under that cgroup instead of Docker's default (/docker, or system.slice with the systemd driver), so its limits apply to all containers together (CIS 2.10: confirm). Check that this parent has the CPU, memory and pids limits you intend, or remove the key.`,
      },
    ];
  },
};

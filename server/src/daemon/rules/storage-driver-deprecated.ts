import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { daemonKey } from '../keys';
import { cisApplies, effectiveValue, fixes, setKeyFix, shown, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const storageDriverDeprecated: Rule<DaemonContext> = {
  id: 'storage-driver-deprecated',
  kind: 'daemon',
  severity: 'error',
  title: 'Removed storage driver',
  rationale:
    'aufs and overlay were removed in Engine 24 and devicemapper in 25: dockerd refuses to start with them. They were also the drivers with the weakest isolation and maintenance (CIS 2.6 warned about aufs).',
  remedy:
    'Use `overlay2` (the default): move what you need off the old driver first, because images and containers stored by it are not migrated.',
  guidance: ['Keep patching', 'Host: a daemon configuration that takes effect'],
  anchors: [cisCheck('2.6')],
  fixes: ['Set "storage-driver": "overlay2"'],
  fixSafety: 'manual',
  check({ model }) {
    if (!cisApplies(model, 'storage-driver')) return [];
    const { prop, value } = effectiveValue(model, 'storage-driver');
    if (!prop || typeof value !== 'string') return [];
    const removed = daemonKey('storage-driver')?.removedValues?.[value];
    if (!removed) return [];
    const instead = removed.instead ?? 'overlay2';
    return [
      {
        range: valueRange(model, prop),
        message: `"storage-driver": ${shown(value)} was removed in Engine ${removed.removedIn}: dockerd ${model.version} refuses to start with it (CIS 2.6). Switch to "${instead}" — images and containers stored by ${value} are not migrated: export or push what you need first.`,
        fixes: fixes(
          setKeyFix(model, 'storage-driver', instead, {
            title: `Set "storage-driver": "${instead}" (existing images and containers are left behind)`,
            manual: true,
          }),
        ),
      },
    ];
  },
};

import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { CIS_BASELINE } from '../keys';
import { absentSeverity, absentKeyRange, cisApplies, effectiveValue, fixes, setKeyFix, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

/** The example limits of the CIS baseline (nofile 64000, nproc 2048 soft / 4096 hard). */
export const EXAMPLE_ULIMITS = CIS_BASELINE.find((e) => e.key === 'default-ulimits')?.value ?? {
  nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 },
  nproc: { Name: 'nproc', Hard: 4096, Soft: 2048 },
};

export const defaultUlimitsMissing: Rule<DaemonContext> = {
  id: 'default-ulimits-missing',
  kind: 'daemon',
  severity: 'hint',
  title: 'No default ulimits',
  rationale:
    "Without `default-ulimits` containers inherit dockerd's own limits (set by its service unit, often very high or unlimited), so one runaway or hostile container can exhaust file descriptors or fork until the host stops.",
  remedy:
    'Set `default-ulimits` (at least `nofile` and `nproc`) to values that fit the workloads; containers can still raise them with `--ulimit`.',
  guidance: ['Host: resource limits'],
  anchors: [cisCheck('2.8')],
  fixes: ['Add default ulimits for nofile and nproc'],
  fixSafety: 'manual',
  check({ model, config }) {
    if (!cisApplies(model, 'default-ulimits')) return [];
    const { prop, value } = effectiveValue(model, 'default-ulimits');
    const empty =
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
    if (prop && !empty) return [];
    const range = prop ? valueRange(model, prop) : absentKeyRange(model);
    if (!range) return [];
    const what = prop ? '"default-ulimits" is empty' : '"default-ulimits" is not set';
    return [
      {
        range,
        severity: prop ? undefined : absentSeverity(config, '2.8', defaultUlimitsMissing.severity),
        message: `${what}, so containers inherit dockerd's own limits on open files and processes, and one container can exhaust them for the whole host (CIS 2.8). Set defaults that fit your workloads, e.g. nofile 64000 and nproc 2048/4096; a container can still ask for more with --ulimit.`,
        fixes: fixes(
          setKeyFix(model, 'default-ulimits', EXAMPLE_ULIMITS, {
            title: 'Add default ulimits for nofile and nproc (example values: adjust to the workloads)',
            manual: true,
          }),
        ),
      },
    ];
  },
};

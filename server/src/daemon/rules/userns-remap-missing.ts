import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonModel } from '../model';
import {
  absentSeverity,
  absentKeyRange,
  booleanSetting,
  cisApplies,
  effectiveValue,
  fixes,
  setKeyFix,
  valueRange,
} from '../cis';
import { cisCheck } from '../../rules/anchors';

export const usernsRemapMissing: Rule<DaemonContext> = {
  id: 'userns-remap-missing',
  kind: 'daemon',
  severity: 'info',
  title: 'User namespace remapping not enabled',
  rationale:
    'Without `userns-remap`, root in a container is uid 0 on the host: a process that escapes the container (a kernel or runtime bug, a careless mount) is root on the host. With it, container root maps to an unprivileged range of host uids.',
  remedy:
    'Set `"userns-remap": "default"` after checking what it changes (data-root layout, `--privileged`, host namespaces), or run the daemon rootless.',
  guidance: ['Host: user namespaces'],
  anchors: [cisCheck('2.9')],
  fixes: ['Set "userns-remap": "default"'],
  fixSafety: 'manual',
  check({ model, config }) {
    if (!cisApplies(model, 'userns-remap') || isRootless(model)) return [];
    const { prop, value } = effectiveValue(model, 'userns-remap');
    const root = typeof value === 'string' && remapsRoot(value);
    if (prop && (typeof value !== 'string' || value.trim() !== '') && !root) return [];
    const range = prop ? valueRange(model, prop) : absentKeyRange(model);
    if (!range) return [];
    const what = root
      ? `"userns-remap" is "${value}", and root cannot be remapped with itself: dockerd logs "User namespaces: root cannot be remapped with itself; user namespaces are OFF" and starts without them`
      : prop
        ? '"userns-remap" is empty'
        : '"userns-remap" is not set';
    return [
      {
        range,
        severity: prop ? undefined : absentSeverity(config, '2.9', usernsRemapMissing.severity),
        message: `${what}, so root in a container is root (uid 0) on the host, and a container escape lands as host root (CIS 2.9). Set "userns-remap": "default" to map it to unprivileged uids — it moves images and containers to a new data-root (pull again), and --privileged, --pid=host and --network=host then need --userns=host.`,
        fixes: fixes(
          setKeyFix(model, 'userns-remap', 'default', {
            title: 'Set "userns-remap": "default" (images and containers move to a new data-root)',
            manual: true,
          }),
        ),
      },
    ];
  },
};

/**
 * The remapped user is root: "root", "root:group", uid 0 (the name of uid 0). dockerd turns user namespaces off then
 * (daemon/daemon_unix.go setupRemappedRoot: line 1196 at v27.5.1, 1373 at v28.5.2, 1364 at docker-v29.7.2).
 */
function remapsRoot(value: string): boolean {
  const user = value.split(':', 1)[0].trim();
  return user === 'root' || /^0+$/.test(user);
}

/**
 * A rootless daemon already runs in a user namespace: its file is
 * `~/.config/docker/daemon.json`, or says `"rootless": true`.
 */
function isRootless(model: DaemonModel): boolean {
  if (booleanSetting(model, 'rootless').value === true) return true;
  let path = model.uri;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw text
  }
  return /[\\/]\.config[\\/]docker[\\/]daemon\.json$/i.test(path);
}

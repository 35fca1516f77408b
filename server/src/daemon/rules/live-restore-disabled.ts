import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { absentSeverity, fixes, insecureBoolean, setKeyFix } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const liveRestoreDisabled: Rule<DaemonContext> = {
  id: 'live-restore-disabled',
  kind: 'daemon',
  severity: 'info',
  title: 'Live restore disabled',
  rationale:
    'Without `live-restore` every restart of dockerd (an upgrade, a crash, a config change that needs a restart) stops all containers, which makes patching the daemon costly and so tends to postpone it.',
  remedy: 'Set `"live-restore": true`, unless the node is in swarm mode (dockerd refuses swarm with live restore).',
  guidance: ['Keep patching'],
  anchors: [cisCheck('2.15')],
  fixes: ['Set "live-restore": true'],
  fixSafety: 'manual',
  check({ model, config }) {
    const at = insecureBoolean(model, 'live-restore', true);
    if (!at) return [];
    const severity = at.prop ? undefined : absentSeverity(config, '2.15', liveRestoreDisabled.severity);
    const what = at.prop
      ? '"live-restore": false stops every container whenever dockerd restarts, for an upgrade or after a crash'
      : '"live-restore" is not set, so every container stops whenever dockerd restarts, for an upgrade or after a crash';
    return [
      {
        range: at.range,
        severity,
        message: `${what} (CIS 2.15). Set "live-restore": true so containers keep running while the daemon is patched — but not on a swarm node: dockerd refuses swarm mode with live restore.`,
        fixes: fixes(
          setKeyFix(model, 'live-restore', true, {
            title: 'Set "live-restore": true (not for swarm nodes)',
            manual: true,
          }),
        ),
      },
    ];
  },
};

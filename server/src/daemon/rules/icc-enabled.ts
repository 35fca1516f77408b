import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { absentSeverity, fixes, firewallDisabled, insecureBoolean, setKeyFix } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const iccEnabled: Rule<DaemonContext> = {
  id: 'icc-enabled',
  kind: 'daemon',
  severity: 'warning',
  title: 'Inter-container traffic allowed on the default bridge',
  rationale:
    'With `icc` true (the default) every container on the default bridge (docker0) can reach every other one on any port, so one compromised container can probe and attack its neighbours.',
  remedy: 'Set `"icc": false`; containers that must talk to each other share a user-defined network.',
  guidance: ['Host: no inter-container traffic'],
  anchors: [cisCheck('2.2')],
  fixes: ['Set "icc": false'],
  fixSafety: 'manual',
  check({ model, config }) {
    const at = insecureBoolean(model, 'icc', false);
    if (!at) return [];
    const severity = at.prop ? undefined : absentSeverity(config, '2.2', iccEnabled.severity);
    const what = at.prop
      ? '"icc": true lets every container on the default bridge (docker0) reach every other one on any port'
      : '"icc" is not set, and dockerd\'s default (true) lets every container on the default bridge (docker0) reach every other one on any port';
    if (firewallDisabled(model)) {
      return [
        {
          range: at.range,
          severity,
          message: `${what} (CIS 2.2). dockerd enforces "icc": false with firewall rules and refuses to start with it while "iptables" (or "ip6tables" with IPv6) is false: let dockerd manage the firewall first, then set "icc": false.`,
        },
      ];
    }
    const report: Report = {
      range: at.range,
      severity,
      message: `${what} (CIS 2.2). Set "icc": false; containers that must talk to each other go on a user-defined network together.`,
      fixes: fixes(setKeyFix(model, 'icc', false)),
    };
    return [report];
  },
};

import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { absentSeverity, booleanSetting, fixes, insecureBoolean, setKeyFix } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const userlandProxyEnabled: Rule<DaemonContext> = {
  id: 'userland-proxy-enabled',
  kind: 'daemon',
  severity: 'warning',
  title: 'Userland proxy enabled',
  rationale:
    'With `userland-proxy` true (the default) dockerd starts a `docker-proxy` process, running as root, for every published port: more privileged code on the network path than the kernel NAT rules that do the same job.',
  remedy: 'Set `"userland-proxy": false` (the kernel then forwards published ports with hairpin NAT).',
  guidance: ['Host: no userland proxy'],
  anchors: [cisCheck('2.16')],
  fixes: ['Set "userland-proxy": false'],
  fixSafety: 'manual',
  check({ model, config }) {
    const at = insecureBoolean(model, 'userland-proxy', false);
    if (!at) return [];
    const severity = at.prop ? undefined : absentSeverity(config, '2.16', userlandProxyEnabled.severity);
    const what = at.prop
      ? '"userland-proxy": true makes dockerd start a root docker-proxy process for every published port'
      : '"userland-proxy" is not set, and dockerd\'s default (true) starts a root docker-proxy process for every published port';
    if (booleanSetting(model, 'iptables').value === false) {
      // without firewall rules the proxy is what forwards published ports: turning it off would break them
      return [
        {
          range: at.range,
          severity,
          message: `${what} (CIS 2.16). With "iptables": false the proxy is the only thing forwarding published ports: let dockerd manage the firewall first, then set "userland-proxy": false.`,
        },
      ];
    }
    return [
      {
        range: at.range,
        severity,
        message: `${what} (CIS 2.16). Set "userland-proxy": false: the kernel then forwards published ports with NAT rules (hairpin NAT, which current kernels support).`,
        fixes: fixes(setKeyFix(model, 'userland-proxy', false)),
      },
    ];
  },
};

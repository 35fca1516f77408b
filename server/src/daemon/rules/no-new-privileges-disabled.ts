import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { absentSeverity, fixes, insecureBoolean, setKeyFix } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const noNewPrivilegesDisabled: Rule<DaemonContext> = {
  id: 'no-new-privileges-disabled',
  kind: 'daemon',
  severity: 'warning',
  title: 'Containers may gain new privileges',
  rationale:
    'Without `no-new-privileges` a process in a container can raise its privileges through setuid/setgid binaries and file capabilities (`su`, `sudo`, a planted setuid shell), which turns a foothold as an unprivileged user into root in the container.',
  remedy:
    'Set `"no-new-privileges": true`; a container that really needs setuid opts out with `--security-opt no-new-privileges=false`.',
  guidance: ['Host: no-new-privileges'],
  anchors: [cisCheck('2.14')],
  fixes: ['Set "no-new-privileges": true'],
  fixSafety: 'manual',
  check({ model, config }) {
    const at = insecureBoolean(model, 'no-new-privileges', true);
    if (!at) return [];
    const severity = at.prop ? undefined : absentSeverity(config, '2.14', noNewPrivilegesDisabled.severity);
    const what = at.prop
      ? '"no-new-privileges": false lets processes in containers gain privileges through setuid/setgid binaries and file capabilities'
      : '"no-new-privileges" is not set, so processes in containers may gain privileges through setuid/setgid binaries and file capabilities';
    return [
      {
        range: at.range,
        severity,
        message: `${what} (CIS 2.14). Set "no-new-privileges": true; a container that really needs setuid can opt out with --security-opt no-new-privileges=false.`,
        fixes: fixes(setKeyFix(model, 'no-new-privileges', true)),
      },
    ];
  },
};

import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { isTrue, removeIt, removeOwnKey, setting, subject } from '../serviceValues';

export const composePrivileged: Rule<ComposeContext> = {
  id: 'compose-privileged',
  kind: 'compose',
  severity: 'error',
  title: 'Privileged container',
  rationale:
    '`privileged: true` gives the container every capability and every host device, and turns off seccomp, AppArmor/SELinux confinement and the read-only /proc and /sys mounts: root in the container is root on the host.',
  remedy:
    'Remove `privileged`; grant only what the service needs (one capability with `cap_add`, one device with `devices`).',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: [cisCheck('5.5'), { tool: 'kics', id: 'Privileged Containers Enabled' }],
  fixes: ['Remove privileged: true'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const found = setting(model, service, 'privileged');
      if (!found || !isTrue(found.value)) continue;
      // Removing it is the fix, but a service built on it (Docker-in-Docker, a hardware agent) stops working: a person
      // applies it, never "Fix all".
      const edit = found.own ? removeOwnKey(model, service, found.keyNode) : undefined;
      const fixes: Fix[] = edit
        ? [{ title: `Remove privileged: ${String(found.value)}`, edits: [edit], isPreferred: true, manual: true }]
        : [];
      const alternative = found.own ? '' : ' (or set `privileged: false` in this service)';
      out.push({
        range: found.at,
        message: `${subject(service, found, `privileged: ${String(found.value)}`)} gives the container every capability and every host device and turns off seccomp and AppArmor/SELinux: root in it is root on the host. ${removeIt(found)}${alternative} and grant only what the service needs: one capability with \`cap_add\`, one device with \`devices\`.`,
        fixes,
      });
    }
    return out;
  },
};

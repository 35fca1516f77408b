import type { Fix, Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';
import { capabilityName, dangerousCapabilityRisk } from '../../data/capabilities';
import { listSetting } from '../listSettings';

const HOST_MODES = { network: '--network=host', pid: '--pid=host' };

export const devcontainerDangerousCapabilities: DevcontainerRule = {
  id: 'devcontainer-dangerous-capabilities',
  kind: 'devcontainer',
  severity: 'warning',
  title: 'Dangerous capability added to the dev container',
  rationale:
    "`SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH` and `ALL` each open a known way out of the container or onto the host, for every process the dev container runs: the repository's scripts, its dependencies' install hooks, the extensions.",
  remedy:
    'Remove the capability; where a tool needs it (a debugger and `SYS_PTRACE`), keep it with a comment saying why, never with `--pid=host`.',
  guidance: ['Host: least privilege', 'Isolation: do not break isolation'],
  anchors: [cisCheck('5.4'), { tool: 'kics', id: 'Container Capabilities Unrestricted' }],
  fixes: ['Remove the capability from capAdd', 'Remove --cap-add from runArgs'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const entry of listSetting(model, 'capAdd', 'cap-add')) {
      const risk = dangerousCapabilityRisk(capabilityName(entry.value), HOST_MODES);
      if (!risk) continue;
      // a debugger or VPN client in the container may need it: a person decides
      const fixes: Fix[] = entry.removal
        ? [{ title: `Remove ${entry.removed}`, edits: entry.removal, isPreferred: true, manual: true }]
        : [];
      out.push({
        range: entry.range,
        message: `${entry.where} \`${entry.value.trim()}\` ${risk}. Remove it; if a tool in the dev container cannot work without it (a debugger and \`SYS_PTRACE\`), keep it with a comment saying why.`,
        fixes,
      });
    }
    return out;
  },
};

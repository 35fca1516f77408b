import type { Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { interpolate } from '../interpolation';
import { fromNote } from '../reportSite';
import { setting } from '../serviceValues';

const ADVICE =
  'Run it as an unprivileged user (`user: "10001:10001"`, or the non-root user the image provides) that owns only what it must write.';

export const composeRunsAsRoot: Rule<ComposeContext> = {
  id: 'compose-runs-as-root',
  kind: 'compose',
  severity: 'info',
  title: 'Service runs as root',
  rationale:
    'A process running as root in the container is root on the host too when user namespaces are off (the default): a container escape, or a mounted volume, socket or device, then gives an attacker root.',
  remedy:
    'Run the service as an unprivileged user (`user: "10001:10001"`, or the user the image provides) that owns only what it must write.',
  guidance: ['Build: run as a non-root user'],
  anchors: [{ tool: 'docker-bench', id: '4.1' }],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const user = setting(model, service, 'user');
      if (!user || (typeof user.value !== 'string' && typeof user.value !== 'number')) continue;
      const written = String(user.value);
      const { value, unresolved, hadVariables } = interpolate(written);
      if (unresolved) continue; // the deployer chooses
      const name = value.trim().split(':')[0];
      // Windows account names are case-insensitive: ContainerAdministrator is the Windows image's administrator
      const windows = name.toLowerCase() === 'containeradministrator';
      if (name !== 'root' && !/^0+$/.test(name) && !windows) continue;
      const what = `\`user: ${written}\`${hadVariables ? `, \`${value.trim()}\` when the variable is not set` : ''}`;
      out.push({
        range: user.at,
        message: windows
          ? `Service \`${service.name}\` runs as the Windows container's administrator (${what})${fromNote(user.from)}: an escape from the container, or a mounted volume or named pipe, then works with an administrator's rights. Run it as \`ContainerUser\` (\`user: ContainerUser\`), the unprivileged account Windows images provide.`
          : `Service \`${service.name}\` runs as root (${what})${fromNote(user.from)}: an escape from the container, or a mounted volume, socket or device, then works with root's rights. ${ADVICE}`,
      });
    }
    return out;
  },
};

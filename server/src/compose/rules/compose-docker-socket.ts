import type { Anchor, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { nodeRange } from '../reportSite';
import { listItems } from '../serviceValues';
import { engineExposure, mountOf } from '../mounts';

const SOCKET_ANCHORS: Anchor[] = [cisCheck('5.32'), { tool: 'kics', id: 'Docker Socket Mounted In Container' }];
/** The host's root: CIS 5.6 (sensitive host directories), whose other paths compose-sensitive-host-mount reports. */
const ROOT_ANCHORS: Anchor[] = [cisCheck('5.6'), { tool: 'kics', id: 'Volume Has Sensitive Host Directory' }];

export const composeDockerSocket: Rule<ComposeContext> = {
  id: 'compose-docker-socket',
  kind: 'compose',
  severity: 'error',
  title: 'Docker socket or host root mounted',
  rationale:
    "The Docker socket is the Docker API: a process that can connect to it starts a privileged container with the host's disk mounted, which is root on the host (a read-only mount does not help). Mounting the host's `/` hands over the whole host filesystem.",
  remedy:
    'Remove the mount; if the service must talk to Docker, give it a filtering socket proxy that allows only the calls it makes.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SOCKET_ANCHORS, ...ROOT_ANCHORS],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'volumes')) {
        const mount = mountOf(model, item);
        const found = mount && engineExposure(mount);
        if (!mount || !found) continue;
        const range = item.own ? nodeRange(model, mount.node) : item.at;
        const what = item.own
          ? `Mounting \`${mount.written}\` gives the container ${found.what}`
          : `Service \`${service.name}\` mounts \`${mount.written}\`${item.via}, which gives the container ${found.what}`;
        const where = item.own ? 'Remove the mount' : 'Remove the mount where it is written';
        const message = found.root
          ? `${what}: /etc/shadow, the Docker socket, every other container's data${mount.readOnly ? ' (read-only still reads them)' : ''}. ${where} and mount only the paths the service needs.`
          : `${what}: whoever controls the container can start a privileged container and own the host${mount.readOnly ? ' (`:ro` does not help: the socket still takes commands)' : ''}. ${where}; if the service must talk to Docker, give it a socket proxy that allows only the calls it makes.`;
        out.push({ range, message, anchors: found.root ? ROOT_ANCHORS : SOCKET_ANCHORS });
      }
    }
    return out;
  },
};

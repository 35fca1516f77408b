import type { Anchor, Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';
import { engineExposure } from '../../common/hostMounts';
import { devcontainerMounts } from '../mounts';
import { featureEntries } from '../features';

const SOCKET_ANCHORS: Anchor[] = [cisCheck('5.32'), { tool: 'kics', id: 'Docker Socket Mounted In Container' }];
const ROOT_ANCHORS: Anchor[] = [cisCheck('5.6'), { tool: 'kics', id: 'Volume Has Sensitive Host Directory' }];

/**
 * Features that mount the host's Docker socket into the container: their metadata's `mounts`
 * (devcontainers/features src/docker-outside-of-docker/devcontainer-feature.json: `source=/var/run/docker.sock,
 * target=/var/run/docker-host.sock,type=bind`); `docker-from-docker` is its former name.
 */
const SOCKET_FEATURES =
  /^(ghcr\.io\/devcontainers\/features\/(docker-outside-of-docker|docker-from-docker)|docker-from-docker)([:@]|$)/i;

const ROOT_ON_HOST =
  "this gives the dev container root on the host: any process in it (a dependency's install script, an extension) can start a privileged container with the host's disk mounted, and a read-only mount does not help";

export const devcontainerDockerSocket: DevcontainerRule = {
  id: 'devcontainer-docker-socket',
  kind: 'devcontainer',
  severity: 'error',
  title: "Docker socket or the host's root mounted into the dev container",
  rationale:
    "The Docker socket is the Docker API: a process that can connect to it starts a privileged container with the host's disk mounted, which is root on the host. In a dev container that process is anything the repository, its dependencies or an extension runs. Mounting the host's `/` hands over the whole host filesystem.",
  remedy:
    'Remove the mount (or the docker-outside-of-docker feature); if the project must build images, use rootless Docker, a remote builder, or a socket proxy that allows only the calls it makes.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SOCKET_ANCHORS, ...ROOT_ANCHORS],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const mount of devcontainerMounts(model)) {
      const found = engineExposure(mount);
      if (!found) continue;
      out.push({
        range: model.nodeRange(mount.node),
        message: found.root
          ? `This mount hands the dev container the host's whole filesystem (\`${mount.written}\`): its processes read and write every host file, which is root on the host. Mount only the project folder.`
          : `This mount hands the dev container ${found.what} (\`${mount.written}\`): ${ROOT_ON_HOST}. Remove it; if the project must build images, use rootless Docker, a remote builder or a socket proxy that allows only the calls it makes.`,
        anchors: found.root ? ROOT_ANCHORS : SOCKET_ANCHORS,
      });
    }
    for (const feature of featureEntries(model)) {
      if (!SOCKET_FEATURES.test(feature.id)) continue;
      out.push({
        range: model.nodeRange(feature.keyNode),
        message: `The feature \`${feature.id}\` mounts the host's Docker socket into the dev container: ${ROOT_ON_HOST}. Remove it where the project does not build or run containers; otherwise prefer rootless Docker or a remote builder.`,
        anchors: SOCKET_ANCHORS,
      });
    }
    return out;
  },
};

import type { Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';
import { engineExposure, hostPath } from '../../common/hostMounts';
import { judgeHostPath, type MountAdvice } from '../../common/sensitiveHostPaths';
import { devcontainerMounts } from '../mounts';

/** What to do instead, in a dev container's terms. */
const ADVICE: MountAdvice = {
  ssh: 'VS Code and the Dev Containers CLI forward your SSH agent into the container: use it, or give the container a key of its own.',
  // code.visualstudio.com/remote/advancedcontainers/sharing-git-credentials ("Sharing GPG Keys")
  gpg: 'VS Code forwards your GPG agent into the container (with `gnupg2` installed in it): use it, or give the container a key of its own.',
  engine: "for containers' metadata or logs use the engine's API through a filtering socket proxy.",
  credentials:
    'pass the one credential the tools need in a variable (`${localEnv:NAME}` in `remoteEnv`), or sign in inside the container.',
  sockets: 'mount only the one socket the tool needs.',
  narrow: (readOnly) =>
    `or mount only the file or directory the project needs${readOnly ? '' : ', read-only (`readonly` in the mount)'}.`,
  device: () => 'Pass the device the tool needs with `--device` in `runArgs`, or remove the mount.',
};

export const devcontainerSensitiveHostMount: DevcontainerRule = {
  id: 'devcontainer-sensitive-host-mount',
  kind: 'devcontainer',
  severity: 'error',
  title: 'Sensitive host directory mounted into the dev container',
  rationale:
    "A dev container runs what the repository, its dependencies and its extensions run. A bind mount of your SSH or GnuPG keys (`~/.ssh`, `~/.gnupg`), cloud and cluster credentials (`~/.aws`, `~/.azure`, `~/.config/gcloud`, `~/.kube`), registry and Git tokens (`~/.docker`, `~/.npmrc`, `~/.git-credentials`, `~/.config/gh`, `~/.netrc`) or your runtime directory's sockets (`/run/user/<uid>`) hands them all of it, read-only or not; the host's system directories (`/etc`, `/dev`, `/proc`, `/sys`) let it read the host's secrets and, writable, change what the host runs.",
  remedy:
    'Remove the mount: use the SSH agent the editor forwards, pass the one credential a tool needs in a variable, and mount only the project folder or the file the tools need, read-only.',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: [cisCheck('5.6'), { tool: 'kics', id: 'Volume Has Sensitive Host Directory' }],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const mount of devcontainerMounts(model)) {
      // the engine's socket, its runtime directory (`/var/run`) and the host's root are devcontainer-docker-socket's
      if (mount.type !== 'bind' || engineExposure(mount)) continue;
      const path = hostPath(mount.source);
      const verdict = path && judgeHostPath(path, mount.readOnly, ADVICE);
      if (!verdict) continue;
      out.push({
        range: model.nodeRange(mount.node),
        message: verdict.message(`Mounting \`${mount.written}\``, true),
        severity: verdict.severity,
      });
    }
    return out;
  },
};

import type { DevcontainerRule } from '../context';
import { devcontainerPrivileged } from './devcontainer-privileged';
import { devcontainerDangerousCapabilities } from './devcontainer-dangerous-capabilities';
import { devcontainerUnconfinedProfile } from './devcontainer-unconfined-profile';
import { devcontainerDockerSocket } from './devcontainer-docker-socket';
import { devcontainerSensitiveHostMount } from './devcontainer-sensitive-host-mount';
import { devcontainerHostNamespace } from './devcontainer-host-namespace';
import { devcontainerRunsAsRoot } from './devcontainer-runs-as-root';
import { devcontainerHostCommand } from './devcontainer-host-command';
import { devcontainerLifecycleCommand } from './devcontainer-lifecycle-command';
import { devcontainerUnpinnedFeature } from './devcontainer-unpinned-feature';

/** The devcontainer.json rules, in catalogue order. */
export const devcontainerRules: readonly DevcontainerRule[] = [
  devcontainerPrivileged,
  devcontainerDangerousCapabilities,
  devcontainerUnconfinedProfile,
  devcontainerDockerSocket,
  devcontainerSensitiveHostMount,
  devcontainerHostNamespace,
  devcontainerRunsAsRoot,
  devcontainerHostCommand,
  devcontainerLifecycleCommand,
  devcontainerUnpinnedFeature,
];

import type { Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { composePrivileged } from './compose-privileged';
import { composeDangerousCapabilities } from './compose-dangerous-capabilities';
import { composeNoNewPrivileges } from './compose-no-new-privileges';
import { composeUnconfinedProfile } from './compose-unconfined-profile';
import { composeHostNamespace } from './compose-host-namespace';
import { composeDockerSocket } from './compose-docker-socket';
import { composeSensitiveHostMount } from './compose-sensitive-host-mount';
import { composeMountPropagationShared } from './compose-mount-propagation-shared';
import { composeWritableRootfs } from './compose-writable-rootfs';
import { composeNoResourceLimits } from './compose-no-resource-limits';
import { composeRunsAsRoot } from './compose-runs-as-root';
import { composeExposedDatastore } from './compose-exposed-datastore';
import { composeSecretInEnvironment } from './compose-secret-in-environment';
import { composeServiceAuthDisabled } from './compose-service-auth-disabled';
import { composeDatastoreEgress } from './compose-datastore-egress';
import { composeImageLatest } from './compose-image-latest';
import { composeImageNotPinnedByDigest } from './compose-image-not-pinned-by-digest';
import { composeImageTagMoved } from './compose-image-tag-moved';
import { composeDevices } from './compose-devices';

/** The Compose rules, in catalogue order. */
export const composeRules: Rule<ComposeContext>[] = [
  composePrivileged,
  composeDangerousCapabilities,
  composeNoNewPrivileges,
  composeUnconfinedProfile,
  composeHostNamespace,
  composeDockerSocket,
  composeSensitiveHostMount,
  composeMountPropagationShared,
  composeWritableRootfs,
  composeNoResourceLimits,
  composeRunsAsRoot,
  composeExposedDatastore,
  composeServiceAuthDisabled,
  composeDatastoreEgress,
  composeSecretInEnvironment,
  composeImageLatest,
  composeImageNotPinnedByDigest,
  composeImageTagMoved,
  composeDevices,
];

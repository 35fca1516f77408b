import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';

import { daemonInvalidJson } from './daemon-invalid-json';
import { daemonDuplicateKey } from './daemon-duplicate-key';
import { daemonUnknownKey } from './daemon-unknown-key';
import { daemonIgnoredKey } from './daemon-ignored-key';
import { daemonRemovedKey } from './daemon-removed-key';
import { daemonWrongPlatform } from './daemon-wrong-platform';
import { daemonWrongType } from './daemon-wrong-type';
import { daemonInvalidValue } from './daemon-invalid-value';
import { daemonConflict } from './daemon-conflict';
import { daemonFlagConflict } from './daemon-flag-conflict';
import { iccEnabled } from './icc-enabled';
import { userlandProxyEnabled } from './userland-proxy-enabled';
import { noNewPrivilegesDisabled } from './no-new-privileges-disabled';
import { remoteLoggingMissing } from './remote-logging-missing';
import { logLevelVerbose } from './log-level-verbose';
import { insecureRegistries } from './insecure-registries';
import { tcpSocketWithoutTls } from './tcp-socket-without-tls';
import { usernsRemapMissing } from './userns-remap-missing';
import { liveRestoreDisabled } from './live-restore-disabled';
import { iptablesDisabled } from './iptables-disabled';
import { seccompUnconfined } from './seccomp-unconfined';
import { experimentalEnabled } from './experimental-enabled';
import { defaultUlimitsMissing } from './default-ulimits-missing';
import { authorizationPluginsMissing } from './authorization-plugins-missing';
import { storageDriverDeprecated } from './storage-driver-deprecated';
import { cgroupParentSet } from './cgroup-parent-set';

/** The daemon.json rules, in catalogue order. */
export const daemonRules: Rule<DaemonContext>[] = [
  // validity: dockerd starts, and every setting takes effect
  daemonInvalidJson,
  daemonDuplicateKey,
  daemonUnknownKey,
  daemonIgnoredKey,
  daemonRemovedKey,
  daemonWrongPlatform,
  daemonWrongType,
  daemonInvalidValue,
  daemonConflict,
  daemonFlagConflict,
  // CIS Docker Benchmark section 2 (daemon configuration)
  iccEnabled,
  userlandProxyEnabled,
  noNewPrivilegesDisabled,
  remoteLoggingMissing,
  logLevelVerbose,
  insecureRegistries,
  tcpSocketWithoutTls,
  usernsRemapMissing,
  liveRestoreDisabled,
  iptablesDisabled,
  seccompUnconfined,
  experimentalEnabled,
  defaultUlimitsMissing,
  authorizationPluginsMissing,
  storageDriverDeprecated,
  cgroupParentSet,
];

import type { DockerfileRule } from '../context';
import { rootUser } from './root-user';
import { userNotNumeric } from './user-not-numeric';
import { sudoInRun } from './sudo-in-run';
import { insecurePermissions } from './insecure-permissions';
import { secretInArgEnv } from './secret-in-arg-env';
import { secretValue } from './secret-value';
import { secretFileCopied } from './secret-file-copied';
import { emptyPassword } from './empty-password';
import { credentialsInRun } from './credentials-in-run';
import { broadCopyWithoutDockerignore } from './broad-copy-without-dockerignore';
import { addInsteadOfCopy } from './add-instead-of-copy';
import { imageLatestTag } from './image-latest-tag';
import { imageNotPinnedByDigest } from './image-not-pinned-by-digest';
import { imageTagMoved } from './image-tag-moved';
import { imageUntrustedRegistry } from './image-untrusted-registry';
import { imageNotMinimal } from './image-not-minimal';
import { imageEndOfLife } from './image-end-of-life';
import { contentTrustDisabled } from './content-trust-disabled';
import { addRemoteWithoutChecksum } from './add-remote-without-checksum';
import { remoteScriptPipedToShell } from './remote-script-piped-to-shell';
import { downloadWithoutVerification } from './download-without-verification';
import { plainHttpDownload } from './plain-http-download';
import { tlsVerificationDisabled } from './tls-verification-disabled';
import { packageSignatureBypass } from './package-signature-bypass';
import { insecureBuildFlags } from './insecure-build-flags';
import { pipeWithoutPipefail } from './pipe-without-pipefail';
import { aptInstallRecommends } from './apt-install-recommends';
import { packageCacheKept } from './package-cache-kept';
import { packageUpdateAlone } from './package-update-alone';
import { packageVersionUnpinned } from './package-version-unpinned';
import { osPackagesNotUpgraded } from './os-packages-not-upgraded';
import { unnecessaryPackages } from './unnecessary-packages';
import { sshPortExposed } from './ssh-port-exposed';
import { serviceAuthDisabled } from './service-auth-disabled';
import { healthcheckMissing } from './healthcheck-missing';
import { shellFormEntrypoint } from './shell-form-entrypoint';
import { sensitiveMountPath } from './sensitive-mount-path';
import { wholeStageCopied } from './whole-stage-copied';
import { copyFromUnknownStage } from './copy-from-unknown-stage';

/** The Dockerfile rules, in catalogue order. */
export const dockerfileRules: DockerfileRule[] = [
  rootUser,
  userNotNumeric,
  sudoInRun,
  insecurePermissions,
  secretInArgEnv,
  secretValue,
  secretFileCopied,
  emptyPassword,
  credentialsInRun,
  broadCopyWithoutDockerignore,
  addInsteadOfCopy,
  imageLatestTag,
  imageNotPinnedByDigest,
  imageTagMoved,
  imageUntrustedRegistry,
  imageNotMinimal,
  imageEndOfLife,
  contentTrustDisabled,
  addRemoteWithoutChecksum,
  remoteScriptPipedToShell,
  downloadWithoutVerification,
  plainHttpDownload,
  tlsVerificationDisabled,
  packageSignatureBypass,
  insecureBuildFlags,
  pipeWithoutPipefail,
  aptInstallRecommends,
  packageCacheKept,
  packageUpdateAlone,
  packageVersionUnpinned,
  osPackagesNotUpgraded,
  unnecessaryPackages,
  sshPortExposed,
  serviceAuthDisabled,
  healthcheckMissing,
  shellFormEntrypoint,
  sensitiveMountPath,
  wholeStageCopied,
  copyFromUnknownStage,
];

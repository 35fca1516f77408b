import type { DockerfileRule } from '../context';
import {
  OS_MANAGERS,
  PackageCommand,
  commandLabel,
  commandText,
  packageRuns,
  shippedStages,
} from '../analysis/packages';
import { stageDistro } from '../analysis/distro';

/** The upgrade command to suggest, by the tool that installs. */
function upgradeExample(pc: PackageCommand): string {
  switch (pc.tool) {
    case 'apt-get':
    case 'apt':
    case 'dpkg':
      return 'apt-get upgrade -y';
    case 'apk':
      return 'apk upgrade --no-cache';
    case 'zypper':
      return 'zypper update -y';
    case 'rpm':
      return 'dnf upgrade -y';
    case 'pacman':
      // Arch supports no partial upgrades: install with the system upgrade (wiki.archlinux.org "System maintenance")
      return 'pacman -Syu --noconfirm';
    default:
      return `${pc.tool} upgrade -y`;
  }
}

export const osPackagesNotUpgraded: DockerfileRule = {
  id: 'os-packages-not-upgraded',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'Base image packages never upgraded',
  rationale:
    'A base image tag is built once and then ages: the packages in it carry every vulnerability fixed since. When the Dockerfile installs packages anyway, it has the package manager and a fresh index at hand, and upgrading the base packages in the same step ships the fixes.',
  remedy:
    'Upgrade the installed packages in the step that installs (`apt-get update && apt-get upgrade -y && apt-get install …`), or rebuild regularly on a freshly patched base tag.',
  guidance: ['Build: update packages at build time', 'Keep patching'],
  anchors: [],
  shell: true,
  fixes: [],
  check({ model }) {
    const final = model.finalStage;
    if (!final) return [];
    const distro = stageDistro(model, final);
    if (distro === 'distroless' || distro === 'scratch') return [];
    const shipped = shippedStages(model);
    let firstInstall: PackageCommand | null = null;
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage)) continue;
      for (const pc of run.commands) {
        if (!OS_MANAGERS.has(pc.manager)) continue;
        if (pc.action === 'upgrade') return [];
        if (pc.action === 'install' && !firstInstall) firstInstall = pc;
      }
    }
    if (!firstInstall) return [];
    const label = commandLabel(model, firstInstall);
    return [
      {
        range: model.range(label.start, label.end),
        message: `The final image installs packages with \`${commandText(firstInstall)}\` but never upgrades the packages that came with the base image, so it ships their known vulnerabilities until the base tag is rebuilt. Add \`${upgradeExample(firstInstall)}\` to the install step, or rebuild often on a freshly patched base.`,
      },
    ];
  },
};

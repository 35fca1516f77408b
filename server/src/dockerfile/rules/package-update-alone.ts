import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { OS_MANAGERS, PackageCommand, commandLabel, commandText, packageRuns } from '../analysis/packages';

export const packageUpdateAlone: DockerfileRule = {
  id: 'package-update-alone',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Package index updated in a RUN that installs nothing',
  rationale:
    'The layer cache keeps a RUN that only updates the package index (`apt-get update`) and reuses it in later builds, while the RUN that installs changes; the install then reads a stale index and gets old, unpatched versions, or fails when the mirror has moved on.',
  remedy:
    'Update and install in the same RUN: `RUN apt-get update && apt-get install -y --no-install-recommends <pkgs> && rm -rf /var/lib/apt/lists/*`.',
  guidance: ['Build: update packages at build time'],
  anchors: [
    { tool: 'trivy', id: 'DS-0017' },
    { tool: 'checkov', id: 'CKV_DOCKER_5' },
    { tool: 'dockle', id: 'CIS-DI-0007' },
    { tool: 'kics', id: 'Update Instruction Alone' },
  ],
  shell: true,
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const run of packageRuns(model)) {
      const os = run.commands.filter((pc) => OS_MANAGERS.has(pc.manager));
      const updates = os.filter((pc) => pc.action === 'update');
      if (!updates.length || os.some((pc) => pc.action === 'install' || pc.action === 'upgrade')) continue;
      // a script after the update (`./install-deps.sh`) may install with it; it cannot be read
      if (run.scripts.some((s) => s.at > updates[0].start)) continue;
      for (const pc of updates) {
        const label = commandLabel(model, pc);
        out.push({
          range: model.range(label.start, label.end),
          message: `\`${commandText(pc)}\` runs in a RUN that installs nothing: the build cache keeps this layer, so a later install reads a stale index and gets old, unpatched packages. Update and install in the same RUN (\`${updateAndInstall(pc)}\`).`,
        });
      }
    }
    return out;
  },
};

/** The update and an install in one command line: pacman refreshes, upgrades and installs in one call. */
function updateAndInstall(pc: PackageCommand): string {
  if (pc.tool === 'pacman') return 'pacman -Syu --noconfirm <pkgs>';
  return `${pc.tool} ${pc.sub} && ${installExample(pc.tool)}`;
}

function installExample(tool: string): string {
  if (tool === 'apk') return 'apk add --no-cache <pkgs>';
  if (tool === 'zypper') return 'zypper install -y <pkgs>';
  if (tool === 'apt-get' || tool === 'apt') return `${tool} install -y --no-install-recommends <pkgs>`;
  return `${tool} install -y <pkgs>`;
}

import type { Anchor, Report } from '../../rules/types';
import type { DockerfileModel } from '../model/model';
import type { DockerfileRule } from '../context';
import {
  PackageCommand,
  PackageOperand,
  Position,
  commandText,
  earlierInChain,
  packageCommands,
} from '../analysis/packages';
import { fileWrites } from '../analysis/fileWrites';
import { recall, remember } from '../../common/memo';
import { joinList } from '../../text/list';

/** What a pinned operand looks like, per tool. */
function pinExamples(pc: PackageCommand, name: string): string[] {
  switch (pc.manager) {
    case 'apt':
      return [`${name}=<version>`];
    case 'apk':
      return [`${name}=<version>`, `${name}~<major.minor>`];
    case 'rpm':
      if (pc.sub.startsWith('module')) return [`${name}:<stream>`];
      return [`${name}-<version>`, `${name}-<version>-<release>`];
    case 'zypper':
      return [`${name}=<version>`, `${name}-<version>`];
    case 'pacman':
      return [`${name}=<version>-<pkgrel>`];
    case 'pip':
      return [`${name}==<version>`];
    case 'npm':
      return [`${name}@<version>`];
    case 'gem':
      return [`${name}:<version>`, '-v <version>'];
    case 'go':
      return [`${name}@v<version>`];
    default:
      return [name];
  }
}

function lockAdvice(pc: PackageCommand): string {
  switch (pc.manager) {
    case 'pacman':
      // the sync databases hold one version of each package: a pin only stops the build when the repository moves on
      return ', or install the package file with `pacman -U <url or file>`, or freeze the repositories on a dated Arch Linux Archive mirror (`Server = https://archive.archlinux.org/repos/<yyyy>/<mm>/<dd>/$repo/os/$arch`)';
    case 'pip':
      if (pc.tool === 'pipx') return '';
      return ', or install from a requirements file with pinned versions and hashes (`-r requirements.txt --require-hashes`)';
    case 'npm':
      return ', or install from the lock file (`npm ci`, `yarn install --frozen-lockfile`)';
    case 'gem':
      return ', or install from a Gemfile.lock with `bundle install`';
    default:
      return '';
  }
}

export const packageVersionUnpinned: DockerfileRule = {
  id: 'package-version-unpinned',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'Package installed without a version',
  rationale:
    'An install without a version takes whatever the repository or registry serves on the day of the build, so two builds of the same Dockerfile can ship different code, and a compromised or yanked release goes in unnoticed.',
  remedy:
    'Pin the version on the command line (`curl=7.88.1-10+deb12u5`, `requests==2.32.3`, `typescript@5.4.5`, `tool@v1.2.3`) or install from a lock file.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [
    { tool: 'hadolint', id: 'DL3008' },
    { tool: 'hadolint', id: 'DL3018' },
    { tool: 'hadolint', id: 'DL3033' },
    { tool: 'hadolint', id: 'DL3041' },
    { tool: 'hadolint', id: 'DL3037' },
    { tool: 'hadolint', id: 'DL3013' },
    { tool: 'hadolint', id: 'DL3016' },
    { tool: 'hadolint', id: 'DL3028' },
    { tool: 'hadolint', id: 'DL3062' },
  ],
  shell: true,
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const pc of packageCommands(model)) {
      if (!covered(pc)) continue;
      if (pc.manager === 'pacman' && archiveMirror(model, pc)) continue;
      // one finding per install command, over its unpinned packages (one per package was a wall of hints)
      const unpinned = pc.operands.filter(
        (op) => (op.kind === 'package' || op.kind === 'url') && !op.pinned && !op.group,
      );
      if (!unpinned.length) continue;
      const first = unpinned[0].word;
      const last = unpinned[unpinned.length - 1].word;
      out.push({
        range: model.range(first.start, last.end),
        message: unpinned.length === 1 ? message(pc, unpinned[0]) : messageForMany(pc, unpinned),
        anchors: anchorsOf(pc),
      });
    }
    return out;
  },
};

/** hadolint's id for each manager, so that `# hadolint ignore=DL3013` suppresses only the pip findings. */
const ANCHORS: Partial<Record<PackageCommand['manager'], Anchor[]>> = {
  apt: [{ tool: 'hadolint', id: 'DL3008' }],
  apk: [{ tool: 'hadolint', id: 'DL3018' }],
  zypper: [{ tool: 'hadolint', id: 'DL3037' }],
  pip: [{ tool: 'hadolint', id: 'DL3013' }],
  npm: [{ tool: 'hadolint', id: 'DL3016' }],
  gem: [{ tool: 'hadolint', id: 'DL3028' }],
  go: [{ tool: 'hadolint', id: 'DL3062' }],
};

/** hadolint checks yum with DL3033 and dnf and microdnf with DL3041 (DL3041.hs dnfCmds); tdnf and pacman with none. */
function anchorsOf(pc: PackageCommand): Anchor[] {
  if (pc.manager !== 'rpm') return ANCHORS[pc.manager] ?? [];
  if (pc.tool === 'yum') return [{ tool: 'hadolint', id: 'DL3033' }];
  if (pc.tool === 'tdnf') return [];
  return [{ tool: 'hadolint', id: 'DL3041' }];
}

/**
 * The installs the rule covers: installs of named packages with apt, apk, yum/dnf/microdnf/tdnf, zypper, pacman, pip and
 * pipx, npm/yarn/pnpm, gem, and go (`go install`, `go get`, `go run`).
 */
function covered(pc: PackageCommand): boolean {
  switch (pc.manager) {
    case 'apt':
      return (
        pc.action === 'install' &&
        (pc.tool === 'apt-get' || pc.tool === 'apt') &&
        (pc.sub === 'install' || pc.sub === 'reinstall')
      );
    case 'rpm':
      // `reinstall` puts back the version that is installed; `builddep` names the package whose build dependencies it
      // installs, not what it installs
      return pc.action === 'install' && pc.tool !== 'rpm' && !/^(reinstall|rei|builddep|build-dep)$/.test(pc.sub);
    case 'zypper':
      return pc.action === 'install';
    case 'pacman':
      // `pacman -Syu pkg` upgrades the system and installs pkg
      return pc.action === 'install' || pc.action === 'upgrade';
    case 'go':
      return pc.action === 'install' || pc.sub === 'run';
    case 'pip':
      // `pipx run app` downloads the latest release of app into a temporary environment and runs it (pipx main.py)
      return pc.action === 'install' || (pc.tool === 'pipx' && pc.sub === 'run');
    case 'apk':
    case 'gem':
    case 'npm':
      // npm ci / install from package.json have no package operands; `npm install <pkg>` adds one
      return pc.action === 'install';
    default:
      return false;
  }
}

/**
 * pacman installs from a dated snapshot of the repositories: a mirror list written earlier in the stage chain points
 * at the Arch Linux Archive's `repos/<yyyy>/<mm>/<dd>` (wiki.archlinux.org "Arch Linux Archive": restoring all packages
 * to a specific date), so every package comes at that day's version.
 */
function archiveMirror(model: DockerfileModel, pc: PackageCommand): boolean {
  let test = recall<(here: Position) => boolean>(model, ARCHIVE_MIRROR);
  if (!test) {
    const events: Position[] = fileWrites(model)
      .filter((w) => /archive\.archlinux\.org\/repos\/\d{4}\/\d\d\/\d\d\b/.test(w.text.text))
      .map((w) => ({ inst: w.inst, at: w.text.offsets[0] ?? w.text.end }));
    remember(model, ARCHIVE_MIRROR, (test = earlierInChain(events)));
  }
  return test({ inst: pc.where.inst, at: pc.start });
}

const ARCHIVE_MIRROR = Symbol('archiveMirror');

/** What the command does with the package: `go run` and `pipx run` run it. */
function verb(pc: PackageCommand): string {
  return pc.sub === 'run' ? 'runs' : 'installs';
}

/** Names listed in a message before "and N more". */
const LISTED = 6;

function messageForMany(pc: PackageCommand, ops: PackageOperand[]): string {
  const names = ops.map((op) => `\`${op.word.value}\``);
  const listed = joinList(names.length > LISTED ? [...names.slice(0, LISTED), `${names.length - LISTED} more`] : names);
  const named = ops.find((op) => op.kind !== 'url') ?? ops[0];
  const example =
    named.kind === 'url'
      ? '`@<tag or commit>`'
      : pinExamples(pc, named.name ?? named.word.value)
          .map((e) => `\`${e}\``)
          .join(' or ');
  return `\`${commandText(pc)}\` ${verb(pc)} ${listed} without a fixed version: each build takes whatever is current on the day. Pin each of them (${example})${lockAdvice(pc)}.`;
}

function message(pc: PackageCommand, op: PackageOperand): string {
  const shown = op.word.value;
  if (op.kind === 'url') {
    return `\`${shown}\` is installed from a repository without a fixed revision, so every build can get different code. Add \`@<tag or commit>\` to the reference${lockAdvice(pc)}.`;
  }
  const name = op.name ?? shown;
  const floating = op.version ? ` (\`${op.version}\` does not fix a version)` : '';
  return `\`${commandText(pc)} ${shown}\` ${verb(pc)} whatever version is current on the day of the build${floating}. Pin it (${pinExamples(
    pc,
    name,
  )
    .map((e) => `\`${e}\``)
    .join(' or ')})${lockAdvice(pc)}.`;
}

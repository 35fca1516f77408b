import type { Anchor, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { PackageCommand, PackageOperand, commandText, packageCommands } from '../analysis/packages';

/** What a pinned operand looks like, per tool. */
function pinExamples(pc: PackageCommand, name: string): string[] {
  switch (pc.manager) {
    case 'apt':
      return [`${name}=<version>`];
    case 'apk':
      return [`${name}=<version>`, `${name}~<major.minor>`];
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
    case 'pip':
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
      // one finding per install command, over its unpinned packages (one per package was a wall of hints)
      const unpinned = pc.operands.filter((op) => op.kind !== 'unknown' && op.kind !== 'file' && !op.pinned);
      if (!unpinned.length) continue;
      const first = unpinned[0].word;
      const last = unpinned[unpinned.length - 1].word;
      out.push({
        range: model.range(first.start, last.end),
        message: unpinned.length === 1 ? message(pc, unpinned[0]) : messageForMany(pc, unpinned),
        anchors: ANCHORS[pc.manager] ?? [],
      });
    }
    return out;
  },
};

/** hadolint's id for each manager, so that `# hadolint ignore=DL3013` suppresses only the pip findings. */
const ANCHORS: Partial<Record<PackageCommand['manager'], Anchor[]>> = {
  apt: [{ tool: 'hadolint', id: 'DL3008' }],
  apk: [{ tool: 'hadolint', id: 'DL3018' }],
  pip: [{ tool: 'hadolint', id: 'DL3013' }],
  npm: [{ tool: 'hadolint', id: 'DL3016' }],
  gem: [{ tool: 'hadolint', id: 'DL3028' }],
  go: [{ tool: 'hadolint', id: 'DL3062' }],
};

/** The installs the rule covers: apt, apk, pip, npm/yarn/pnpm, gem and go installs of named packages. */
function covered(pc: PackageCommand): boolean {
  if (pc.action !== 'install') return false;
  switch (pc.manager) {
    case 'apt':
      return (pc.tool === 'apt-get' || pc.tool === 'apt') && (pc.sub === 'install' || pc.sub === 'reinstall');
    case 'apk':
    case 'pip':
    case 'gem':
    case 'go':
      return true;
    case 'npm':
      // npm ci / install from package.json have no package operands; `npm install <pkg>` adds one
      return true;
    default:
      return false;
  }
}

/** Names listed in a message before "and N more". */
const LISTED = 6;

function messageForMany(pc: PackageCommand, ops: PackageOperand[]): string {
  const names = ops.map((op) => `\`${op.word.value}\``);
  const listed =
    names.length > LISTED
      ? `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const named = ops.find((op) => op.kind !== 'url') ?? ops[0];
  const example =
    named.kind === 'url'
      ? '`@<tag or commit>`'
      : pinExamples(pc, named.name ?? named.word.value)
          .map((e) => `\`${e}\``)
          .join(' or ');
  return `\`${commandText(pc)}\` installs ${listed} without a fixed version: each build takes whatever is current on the day. Pin each of them (${example})${lockAdvice(pc)}.`;
}

function message(pc: PackageCommand, op: PackageOperand): string {
  const shown = op.word.value;
  if (op.kind === 'url') {
    return `\`${shown}\` is installed from a repository without a fixed revision, so every build can get different code. Add \`@<tag or commit>\` to the reference${lockAdvice(pc)}.`;
  }
  const name = op.name ?? shown;
  const floating = op.version ? ` (\`${op.version}\` does not fix a version)` : '';
  return `\`${commandText(pc)} ${shown}\` installs whatever version is current on the day of the build${floating}. Pin it (${pinExamples(
    pc,
    name,
  )
    .map((e) => `\`${e}\``)
    .join(' or ')})${lockAdvice(pc)}.`;
}

import type { Report, Rule } from '../../rules/types';
import type { DockerfileContext } from '../../rules/context';
import type { DockerInstruction, Stage } from '../model';
import { OS_MANAGERS, PackageCommand, PackageOperand, before, operandIs, optionNamed, packageRuns, shippedStages } from '../packages';

type Kind = 'remote' | 'ftp' | 'privilege' | 'toolchain';

/** Remote-access servers and privilege tools (warning), by package name; some names only mean that on one manager. */
const RISKY: { names: string[]; kind: Kind; managers?: PackageCommand['manager'][] }[] = [
  { names: ['openssh-server', 'openssh-server-pam', 'dropbear', 'dropbear-bin', 'telnetd', 'inetutils-telnetd', 'telnetd-ssl', 'telnet-server', 'rsh-server', 'rsh-redone-server'], kind: 'remote' },
  // Debian's `ssh` and Alpine's `openssh` are metapackages that pull in the server
  { names: ['ssh'], kind: 'remote', managers: ['apt'] },
  { names: ['openssh'], kind: 'remote', managers: ['apk'] },
  { names: ['vsftpd', 'proftpd', 'proftpd-basic', 'proftpd-core', 'pure-ftpd', 'pure-ftpd-mysql', 'pure-ftpd-postgresql', 'tftpd', 'tftpd-hpa', 'tftp-hpa', 'atftpd', 'tftp-server'], kind: 'ftp' },
  { names: ['sudo', 'doas', 'opendoas'], kind: 'privilege' },
];

/** Build toolchains: compilers, build systems, VCS (info, "use a multi-stage build"). */
const TOOLCHAIN = new Set([
  'build-essential', 'build-base', 'alpine-sdk', 'gcc', 'g++', 'gcc-c++', 'clang', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'git',
  'ninja-build', 'meson', 'gfortran', 'development-tools', 'devel_basis',
]);
/** Versioned compilers: Debian `gcc-12`, `g++-12`, `clang-16`; Alpine `clang16`. */
const VERSIONED_COMPILER = /^(gcc|g\+\+|clang|gfortran)-?\d+(\.\d+)?$/;

function kindOf(pc: PackageCommand, op: PackageOperand): Kind | null {
  for (const r of RISKY) {
    if (r.managers && !r.managers.includes(pc.manager)) continue;
    if (r.names.some((n) => operandIs(pc, op, n))) return r.kind;
  }
  for (const n of TOOLCHAIN) if (operandIs(pc, op, n)) return 'toolchain';
  if ((pc.manager === 'apt' || pc.manager === 'apk') && op.name && VERSIONED_COMPILER.test(op.name.toLowerCase())) return 'toolchain';
  return null;
}

function message(kind: Kind, name: string): string {
  switch (kind) {
    case 'remote':
      return `\`${name}\` puts a remote-login server in the final image: anyone who reaches its port with a valid (or guessed) credential gets a shell, and it needs host keys baked into the image. Remove it; use \`docker exec\` or \`kubectl exec\` to get into a container.`;
    case 'ftp':
      return `\`${name}\` puts an FTP/TFTP server in the final image, a plaintext file-transfer service that widens the attack surface. Remove it; serve files from a dedicated service or object storage.`;
    case 'privilege':
      return `\`${name}\` in the final image lets processes in the container become root again (through sudoers rules or a bug in ${name}). Do privileged work at build time under \`USER root\`, then switch users; do not install ${name}.`;
    case 'toolchain':
      return `\`${name}\` is a build tool in the final image: it adds size and vulnerabilities, and lets an intruder build and fetch tools in the container. Use a multi-stage build: compile in a builder stage and copy only the results into the final stage (or remove it in the same RUN after use).`;
  }
}

type Family = 'apt' | 'apk' | 'rpmdb';

function familyOf(pc: PackageCommand): Family | null {
  if (pc.manager === 'apt') return 'apt';
  if (pc.manager === 'apk') return 'apk';
  if (pc.manager === 'rpm' || pc.manager === 'zypper') return 'rpmdb';
  return null;
}

interface Installed {
  pc: PackageCommand;
  op: PackageOperand;
  inst: DockerInstruction;
  at: number;
  kind: Kind;
  /** apk `--virtual NAME` the package was added under. */
  virtual: string | null;
}

interface Removed {
  family: Family;
  inst: DockerInstruction;
  at: number;
  pc: PackageCommand;
  operands: PackageOperand[];
  /** Some operand is only known at build time: count everything installed before as possibly removed. */
  unknown: boolean;
  /** apt: removes what was marked automatically installed (`purge --auto-remove`, `autoremove`). */
  autoremove: boolean;
}

export const unnecessaryPackages: Rule<DockerfileContext> = {
  id: 'unnecessary-packages',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Remote-access, privilege or build tools in the final image',
  rationale:
    'Every package in the final image is attack surface. SSH, telnet and FTP servers open remote ways in, sudo lets a compromised process become root again, and compilers and git let an intruder build and fetch tools on the spot; none of them is needed to run the application.',
  remedy: 'Do not install remote-access servers or sudo; build in an earlier stage (multi-stage build) and copy only the results, or remove build packages in the RUN that installed them.',
  guidance: ['Images: start from minimal base images', 'Host: least privilege'],
  anchors: [{ tool: 'hadolint', id: 'DL3001' }],
  shell: true,
  fixes: [],
  check({ model }) {
    const final = model.finalStage;
    if (!final || developmentTarget(model.uri, final)) return [];
    const toolchainBase = baseHasToolchain(final);
    const shipped = shippedStages(model);
    const installed: Installed[] = [];
    const removed: Removed[] = [];
    /** apt-mark auto: names (or every package installed before it in the same RUN, for a pattern). */
    const markedAuto: { inst: DockerInstruction; at: number; names: Set<string>; all: boolean }[] = [];
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage)) continue;
      for (const pc of run.commands) {
        const family = familyOf(pc);
        if (!family) continue;
        if (pc.tool === 'apt-mark' && pc.sub === 'auto') {
          // `apt-mark auto '.*'`, or names read from a pipe (`apt-mark showmanual | xargs apt-mark auto`): everything
          const all = !pc.operands.length || pc.where.wrappers.includes('xargs') || pc.operands.some((o) => o.kind === 'unknown' || /[*?[\]^$]/.test(o.word.value));
          markedAuto.push({ inst: run.inst, at: pc.start, names: new Set(pc.operands.map((o) => (o.name ?? '').toLowerCase())), all });
          continue;
        }
        if (pc.action === 'remove') {
          removed.push({
            family,
            inst: run.inst,
            at: pc.start,
            pc,
            operands: pc.operands,
            unknown: pc.unknown || pc.operands.some((o) => o.kind === 'unknown'),
            autoremove: /^(autoremove|autopurge)$/.test(pc.sub) || !!optionNamed(pc, 'auto-remove', 'autoremove'),
          });
          continue;
        }
        if (pc.action !== 'install' || !OS_MANAGERS.has(pc.manager)) continue;
        const virtual = pc.tool === 'apk' ? optionNamed(pc, 'virtual', 't')?.value ?? null : null;
        for (const op of pc.operands) {
          const kind = kindOf(pc, op);
          if (kind === 'toolchain' && toolchainBase) continue;
          if (kind) installed.push({ pc, op, inst: run.inst, at: op.word.start, kind, virtual });
        }
      }
    }
    const out: Report[] = [];
    for (const i of installed) {
      if (removedLater(i, removed, markedAuto)) continue;
      out.push({
        range: model.range(i.op.word.start, i.op.word.end),
        message: message(i.kind, i.op.name ?? i.op.word.value),
        ...(i.kind === 'toolchain' ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
};

/** A final stage named as a development target (`dev`, `test`, `ci`), or a dev container definition: not what ships. */
const DEVELOPMENT_STAGE = /^(dev|devel|develop|development|devcontainer|debug|test|tests|testing|lint|ci)([-_].*)?$/i;

function developmentTarget(uri: string, final: Stage): boolean {
  return /\/\.devcontainer\//.test(uri) || (!!final.alias && DEVELOPMENT_STAGE.test(final.alias));
}

/**
 * Base images that are build environments themselves and already contain compilers, make and git (buildpack-deps and
 * the full language and toolchain images built on it, dev container images): adding more toolchain packages on top
 * changes nothing, and the choice of base is image-not-minimal's finding.
 */
const TOOLCHAIN_BASE = /^(?:(?:docker\.io\/)?(?:library\/)?(?:buildpack-deps|gcc|golang|rust|haskell|swift|node|python|ruby|perl)(?::(?![^@]*(?:alpine|slim|curl))[^@]*)?(?:@.*)?|mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/.*)$/;

function baseHasToolchain(final: Stage): boolean {
  let root: Stage = final;
  for (let guard = 0; root.parent && guard < 1000; guard++) root = root.parent;
  const ref = root.image.resolved?.toLowerCase();
  return !!ref && TOOLCHAIN_BASE.test(ref);
}

function removedLater(i: Installed, removed: Removed[], markedAuto: { inst: DockerInstruction; at: number; names: Set<string>; all: boolean }[]): boolean {
  const family = familyOf(i.pc);
  const name = (i.op.name ?? '').toLowerCase();
  for (const r of removed) {
    if (r.family !== family || !before(i, r)) continue;
    if (r.unknown) return true;
    for (const op of r.operands) {
      if (op.kind !== 'package' || op.name === null) continue;
      const n = op.name.toLowerCase();
      if (n === name || operandIs(i.pc, i.op, n) || operandIs(r.pc, op, name)) return true;
      if (i.virtual && n === i.virtual.toLowerCase()) return true;
    }
    if (r.autoremove && family === 'apt') {
      // marked automatic after the install and before this removal: the autoremove takes it out
      const marked = markedAuto.some((m) => before(i, m) && before(m, r) && (m.names.has(name) || (m.all && m.inst === i.inst)));
      if (marked) return true;
    }
  }
  return false;
}

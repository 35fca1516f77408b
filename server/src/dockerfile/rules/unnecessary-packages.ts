import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerInstruction, Stage } from '../model/model';
import {
  OS_MANAGERS,
  PackageCommand,
  PackageOperand,
  before,
  nameIs,
  optionNamed,
  packageName,
  packageRuns,
  shippedStages,
} from '../analysis/packages';

type Kind = 'remote' | 'ftp' | 'privilege' | 'toolchain';

/** Remote-access servers and privilege tools (warning), by package name; some names only mean that on one manager. */
const RISKY: { names: string[]; kind: Kind; managers?: PackageCommand['manager'][] }[] = [
  {
    names: [
      'openssh-server',
      'openssh-server-pam',
      'dropbear',
      'dropbear-bin',
      'telnetd',
      'inetutils-telnetd',
      'telnetd-ssl',
      'telnet-server',
      'rsh-server',
      'rsh-redone-server',
    ],
    kind: 'remote',
  },
  // Debian's `ssh` and Alpine's `openssh` are metapackages that pull in the server
  { names: ['ssh'], kind: 'remote', managers: ['apt'] },
  { names: ['openssh'], kind: 'remote', managers: ['apk'] },
  {
    names: [
      'vsftpd',
      'proftpd',
      'proftpd-basic',
      'proftpd-core',
      'pure-ftpd',
      'pure-ftpd-mysql',
      'pure-ftpd-postgresql',
      'tftpd',
      'tftpd-hpa',
      'tftp-hpa',
      'atftpd',
      'tftp-server',
    ],
    kind: 'ftp',
  },
  { names: ['sudo', 'doas', 'opendoas'], kind: 'privilege' },
];

/** Build toolchains: compilers, build systems, VCS (info, "use a multi-stage build"). */
const TOOLCHAIN = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'clang',
  'make',
  'cmake',
  'autoconf',
  'automake',
  'libtool',
  'git',
  'ninja-build',
  'meson',
  'gfortran',
  'development-tools',
  'devel_basis',
]);
/** Versioned compilers: Debian `gcc-12`, `g++-12`, `clang-16`; Alpine `clang16`. */
const VERSIONED_COMPILER = /^(gcc|g\+\+|clang|gfortran)-?\d+(\.\d+)?$/;

function kindOf(pc: PackageCommand, op: PackageOperand): Kind | null {
  const name = packageName(op);
  if (name !== null) {
    for (const r of RISKY) {
      if (r.managers && !r.managers.includes(pc.manager)) continue;
      if (r.names.some((n) => nameIs(pc, name, n))) return r.kind;
    }
    for (const n of TOOLCHAIN) if (nameIs(pc, name, n)) return 'toolchain';
  }
  if ((pc.manager === 'apt' || pc.manager === 'apk') && op.name && VERSIONED_COMPILER.test(op.name.toLowerCase()))
    return 'toolchain';
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

type Position = { inst: DockerInstruction; at: number };

/** The removals of the shipped chain, indexed so that each installed package is checked in constant time. */
class Removals {
  /** Latest removal of each `family:name`. */
  private readonly byName = new Map<string, Position>();
  /** Latest removal whose operands a variable decides: it may remove anything installed before it. */
  private readonly unknown = new Map<Family, Position>();
  /** Latest apt autoremove (`purge --auto-remove`, `autoremove`). */
  private lastAutoremove: Position | null = null;
  /** apt-mark auto, by name or for everything installed before it in its RUN. */
  private readonly marks: { at: Position; names: string[]; all: boolean }[] = [];
  private markedByName: Map<string, Position> | null = null;
  private markedAll: Map<DockerInstruction, Position> | null = null;

  remove(family: Family, pc: PackageCommand, at: Position): void {
    if (pc.unknown || pc.operands.some((o) => o.kind === 'unknown')) this.unknown.set(family, at);
    for (const op of pc.operands)
      if (op.kind === 'package' && op.name) this.byName.set(`${family}:${baseName(pc, op.name)}`, at);
    if (family === 'apt' && (/^(autoremove|autopurge)$/.test(pc.sub) || optionNamed(pc, 'auto-remove', 'autoremove')))
      this.lastAutoremove = at;
  }

  markAuto(pc: PackageCommand, at: Position): void {
    // `apt-mark auto '.*'`, or names read from a pipe (`apt-mark showmanual | xargs apt-mark auto`): everything
    const all =
      !pc.operands.length ||
      pc.where.wrappers.includes('xargs') ||
      pc.operands.some((o) => o.kind === 'unknown' || /[*?[\]^$]/.test(o.word.value));
    this.marks.push({ at, names: pc.operands.map((o) => (o.name ?? '').toLowerCase()), all });
  }

  removedAfter(i: Installed): boolean {
    const family = familyOf(i.pc)!;
    const here = { inst: i.inst, at: i.at };
    const later = (p: Position | null | undefined) => !!p && before(here, p);
    if (later(this.unknown.get(family))) return true;
    if (later(this.byName.get(`${family}:${baseName(i.pc, i.op.name ?? '')}`))) return true;
    if (i.virtual && later(this.byName.get(`${family}:${i.virtual.toLowerCase()}`))) return true;
    if (family !== 'apt' || !this.lastAutoremove) return false;
    // marked automatic after the install and before an autoremove: the autoremove takes it out
    if (!this.markedByName || !this.markedAll) {
      this.markedByName = new Map();
      this.markedAll = new Map();
      for (const m of this.marks) {
        if (!before(m.at, this.lastAutoremove)) continue;
        if (m.all) this.markedAll.set(m.at.inst, m.at);
        for (const n of m.names) this.markedByName.set(n, m.at);
      }
    }
    return later(this.markedByName.get((i.op.name ?? '').toLowerCase())) || later(this.markedAll.get(i.inst));
  }
}

const RPM_ARCH = /\.(x86_64|aarch64|noarch|i686|ppc64le|s390x)$/;

/** The name to match removals by: rpm-family names lose a version and architecture suffix (`gcc-11.3.x86_64` → `gcc`). */
function baseName(pc: PackageCommand, name: string): string {
  const n = name.toLowerCase();
  if (pc.manager !== 'rpm' && pc.manager !== 'zypper') return n;
  return n.replace(RPM_ARCH, '').replace(/-\d[\w.+~:]*(-[\w.+~]+)?$/, '');
}

export const unnecessaryPackages: DockerfileRule = {
  id: 'unnecessary-packages',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Remote-access, privilege or build tools in the final image',
  rationale:
    'Every package in the final image is attack surface. SSH, telnet and FTP servers open remote ways in, sudo lets a compromised process become root again, and compilers and git let an intruder build and fetch tools on the spot; none of them is needed to run the application.',
  remedy:
    'Do not install remote-access servers or sudo; build in an earlier stage (multi-stage build) and copy only the results, or remove build packages in the RUN that installed them.',
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
    const removals = new Removals();
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage)) continue;
      for (const pc of run.commands) {
        const family = familyOf(pc);
        if (!family) continue;
        const at = { inst: run.inst, at: pc.start };
        if (pc.tool === 'apt-mark' && pc.sub === 'auto') removals.markAuto(pc, at);
        else if (pc.action === 'remove') removals.remove(family, pc, at);
        else if (pc.action === 'install' && OS_MANAGERS.has(pc.manager)) {
          const virtual = pc.tool === 'apk' ? (optionNamed(pc, 'virtual', 't')?.value ?? null) : null;
          for (const op of pc.operands) {
            const kind = kindOf(pc, op);
            if (kind === 'toolchain' && toolchainBase) continue;
            if (kind) installed.push({ pc, op, inst: run.inst, at: op.word.start, kind, virtual });
          }
        }
      }
    }
    const out: Report[] = [];
    for (const i of installed) {
      if (removals.removedAfter(i)) continue;
      out.push({
        range: model.range(i.op.word.start, i.op.word.end),
        message: message(i.kind, i.op.name ?? i.op.word.value),
        ...(i.kind === 'toolchain' ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
};

// linear: anchored: a literal word, then an optional `[-_]` and one run to the end
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
const TOOLCHAIN_BASE =
  // linear: anchored; the lookahead reads the tag once, and `[^@]*` ends at `@` or the end
  /^(?:(?:docker\.io\/)?(?:library\/)?(?:buildpack-deps|gcc|golang|rust|haskell|swift|node|python|ruby|perl)(?::(?![^@]*(?:alpine|slim|curl))[^@]*)?(?:@.*)?|mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/.*)$/;

function baseHasToolchain(final: Stage): boolean {
  let root: Stage = final;
  for (let guard = 0; root.parent && guard < 1000; guard++) root = root.parent;
  const ref = root.image.resolved?.toLowerCase();
  return !!ref && TOOLCHAIN_BASE.test(ref);
}

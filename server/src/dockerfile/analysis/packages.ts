import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { Word } from '../model/shell';
import { ExecCommand, SHELLS, executedCommands, shellInvocation } from './executed';
import { basename } from './commands';
import { OptionSpec, ParsedOption, parseOptions } from './options';
import { envSettings } from './envSettings';
import { recall, remember } from '../../common/memo';
import { isFinalSegment, lastLineBreak, trimTrailing } from '../../text/scan';

/**
 * Package-manager commands of every RUN, parsed once per model and shared by the package rules: which manager, which
 * subcommand, its options, and its package operands (name, version constraint, local file, URL, or unknown because a
 * variable decides), all with document offsets. Also what each RUN deletes (`rm -rf /var/lib/apt/lists/*`) and which
 * cache or tmpfs mounts it has, so rules can tell whether a cache stays in the layer.
 */

/**
 * `rpm` covers yum, dnf, microdnf and tdnf (and the rpm tool itself); `pip` covers pip and pipx; `npm` covers npm, yarn
 * and pnpm.
 */
export type Manager = 'apt' | 'apk' | 'rpm' | 'zypper' | 'pacman' | 'pip' | 'npm' | 'gem' | 'go';

/** Managers of the distribution's own packages (as opposed to language packages). */
export const OS_MANAGERS: ReadonlySet<Manager> = new Set<Manager>(['apt', 'apk', 'rpm', 'zypper', 'pacman']);

/**
 * What a subcommand does: `install` adds packages, `update` refreshes the package index only (apt-get update, apk update,
 * yum makecache, zypper refresh), `upgrade` upgrades installed packages (`yum update` is an upgrade), `remove` takes
 * packages out, `clean` empties the package manager's cache.
 */
export type Action = 'install' | 'update' | 'upgrade' | 'remove' | 'clean' | 'other';

export interface PackageOperand {
  word: Word;
  /**
   * `package`: a name from a repository or index; `file`: a local file or directory (`./x.deb`, `*.rpm`, `.`); `url`: a
   * remote archive or VCS reference; `unknown`: a variable or substitution decides (`$PKGS`, `$(cat list)`).
   */
  kind: 'package' | 'file' | 'url' | 'unknown';
  /** The package name without version, architecture or release (`curl` for `curl=7.88*`); null unless a package. */
  name: string | null;
  /** The version constraint as written (`7.88*`, `==1.2`, `^1.2.0`); null when none is written. */
  version: string | null;
  /**
   * The version is fixed or bounded: by the operand (`pkg=1.2`, `pkg==1.2`, `pkg@1.2`, `$VERSION`), an option of the
   * command (`gem install x -v 1`, `pip install -c constraints.txt`), or the file the tool resolves it from (`go
   * install pkg` without `@` uses go.mod). URLs: an archive, or a VCS reference with a ref.
   */
  pinned: boolean;
  /**
   * A group of packages, which has no version of its own to pin: a comps group (`dnf install @development-tools`,
   * `dnf group install …`), a zypper pattern (`-t pattern`, `pattern:x`).
   */
  group?: true;
}

export interface PackageCommand {
  /** The executed command (instruction, script, words; what edits need). */
  where: ExecCommand;
  manager: Manager;
  /** The tool as run: `apt-get`, `apt`, `apt-mark`, `dpkg`, `apk`, `dnf`, `microdnf`, `pip3`, `npm`, `yarn`, `gem`, `go` … */
  tool: string;
  /** The word naming the tool (`pip` in `python3 -m pip`). */
  toolWord: Word;
  /**
   * The subcommand, normalised to lower case (`install`, `group install`, `global add`, `cache clean`); '' when none.
   * dpkg and rpm name their action (`install`, `erase`); pacman's is its operation as written (`-S`, `-Syu`, `--sync`).
   */
  sub: string;
  /** The subcommand's first word, or null. */
  subWord: Word | null;
  action: Action;
  options: ParsedOption[];
  /** Operands after the subcommand. */
  operands: PackageOperand[];
  /** Some word is only known at build time and could be options or packages (`$APT_FLAGS`, `$(cat pkgs)`). */
  unknown: boolean;
  /** Document offset of the tool word (source order within a RUN). */
  start: number;
}

/** A path a RUN deletes (`rm -rf`, `find … -delete`). */
export interface Removal {
  path: string;
  /** Document offset of the path word. */
  at: number;
}

export interface PackageRun {
  inst: DockerInstruction;
  /** Package-manager commands, in source order. */
  commands: PackageCommand[];
  removals: Removal[];
  /** Targets of the RUN's `--mount=type=cache` and `--mount=type=tmpfs` (normalised, no trailing slash). */
  cacheMounts: string[];
  /**
   * Offsets of commands that run code the Dockerfile does not show (`./install.sh`, `bash /tmp/setup.sh`,
   * `/scripts/cleanup.sh`, `install_packages`): they may install packages or clean caches.
   */
  scripts: { at: number; name: string }[];
}

interface PackageIndex {
  commands: PackageCommand[];
  runs: PackageRun[];
}

/** Every package-manager command of every RUN (shell stages; strings run by `sh -c` included). */
export function packageCommands(model: DockerfileModel): PackageCommand[] {
  return index(model).commands;
}

/** The RUN instructions that run a package manager or delete files, in file order. */
export function packageRuns(model: DockerfileModel): PackageRun[] {
  return index(model).runs;
}

function index(model: DockerfileModel): PackageIndex {
  const cached = recall<PackageIndex>(model, PACKAGE_INDEX);
  if (cached) return cached;
  const byInst = new Map<DockerInstruction, PackageRun>();
  const runOf = (inst: DockerInstruction) => {
    let run = byInst.get(inst);
    if (!run)
      byInst.set(
        inst,
        (run = { inst, commands: [], removals: [], cacheMounts: cacheMountTargets(model, inst), scripts: [] }),
      );
    return run;
  };
  const commands: PackageCommand[] = [];
  for (const c of executedCommands(model)) {
    const pc = parsePackageCommand(c);
    if (pc) {
      commands.push(pc);
      runOf(c.inst).commands.push(pc);
      continue;
    }
    const removed = removedPaths(c);
    if (removed.length) runOf(c.inst).removals.push(...removed);
    else if (runsHiddenCode(c)) runOf(c.inst).scripts.push({ at: c.nameWord.start, name: hiddenName(c) });
  }
  const runs = [...byInst.values()].sort((a, b) => a.inst.index - b.inst.index);
  for (const r of runs) {
    r.commands.sort((a, b) => a.start - b.start);
    r.removals.sort((a, b) => a.at - b.at);
    r.scripts.sort((a, b) => a.at - b.at);
  }
  const result = { commands, runs };
  remember(model, PACKAGE_INDEX, result);
  return result;
}

const PACKAGE_INDEX = Symbol('packageIndex');

/** The stages whose layers ship in the default build target: the final stage and the stages it is built `FROM`. */
export function shippedStages(model: DockerfileModel): Set<Stage> {
  const out = new Set<Stage>();
  for (let s: Stage | null = model.finalStage; s && !out.has(s); s = s.parent) out.add(s);
  return out;
}

/** `a` comes before `b` in the build of one stage chain (earlier instruction, or earlier in the same RUN). */
export function before(a: Position, b: Position): boolean {
  return a.inst.index < b.inst.index || (a.inst === b.inst && a.at < b.at);
}

/**
 * Whether an environment variable is set for a command: by ENV or ARG earlier in its stage chain (a bare `ARG NAME`
 * counts: `--build-arg` may set it), or in its RUN before it (`NAME=1 cmd`, `export NAME=1`, `env NAME=1 cmd`).
 */
export function envSetFor(model: DockerfileModel, pc: PackageCommand, name: string): boolean {
  const inst = pc.where.inst;
  if (model.varsAt(inst).has(name)) return true;
  return (shellEnv(model).get(inst) ?? []).some((s) => s.name === name && s.start < pc.start);
}

/** Variables set inside each RUN (`NAME=1 cmd`, `export NAME=1`), grouped once per model. */
function shellEnv(model: DockerfileModel): Map<DockerInstruction, { name: string; start: number }[]> {
  const cached = recall<Map<DockerInstruction, { name: string; start: number }[]>>(model, SHELL_ENV);
  if (cached) return cached;
  const out = new Map<DockerInstruction, { name: string; start: number }[]>();
  for (const s of envSettings(model)) {
    if (s.kind !== 'shell') continue;
    let list = out.get(s.inst);
    if (!list) out.set(s.inst, (list = []));
    list.push({ name: s.name, start: s.word.start });
  }
  remember(model, SHELL_ENV, out);
  return out;
}

const SHELL_ENV = Symbol('shellEnv');

/** The package an operand names, lower case, or null when it names none (compare it with nameIs). */
export function packageName(op: PackageOperand): string | null {
  return op.kind !== 'package' || op.name === null ? null : op.name.toLowerCase();
}

/** The operand's packageName `n` names the package (`gcc` matches `gcc`, and for rpm `gcc-11.2.1`, `gcc.x86_64`). */
export function nameIs(pc: PackageCommand, n: string, name: string): boolean {
  if (n === name) return true;
  if (pc.manager !== 'rpm' && pc.manager !== 'zypper') return false;
  if (!n.startsWith(name)) return false;
  const rest = n.slice(name.length);
  return (
    /^-\d[\w.+~:]*(-[\w.+~]+)?(\.(x86_64|aarch64|noarch|i686|ppc64le|s390x))?$/.test(rest) ||
    /^\.(x86_64|aarch64|noarch|i686|ppc64le|s390x)$/.test(rest)
  );
}

/** The option with one of these names (long names without `--`, short letters). */
export function optionNamed(pc: PackageCommand, ...names: string[]): ParsedOption | undefined {
  return pc.options.find((o) => names.includes(o.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

const APT: OptionSpec = {
  shortValue: 'octaP',
  longValue: ['option', 'config-file', 'target-release', 'default-release', 'host-architecture', 'build-profiles'],
};
const APK: OptionSpec = {
  shortValue: 'Xpto',
  longValue: [
    'repository',
    'root',
    'virtual',
    'keys-dir',
    'cache-dir',
    'arch',
    'repositories-file',
    'cache-max-age',
    'timeout',
    'progress-fd',
    'output',
    'wait',
  ],
};
/** The options of yum, dnf and microdnf that take a value (shared with the rules that read their flags). */
export const RPM_FAMILY: OptionSpec = {
  shortValue: 'cRdex',
  longValue: [
    'setopt',
    'enablerepo',
    'disablerepo',
    'repo',
    'repoid',
    'installroot',
    'releasever',
    'config',
    'exclude',
    'downloaddir',
    'destdir',
    'repofrompath',
    'forcearch',
    'add-repo',
    'from-repo',
    'disableplugin',
    'enableplugin',
    'excludepkgs',
    'includepkgs',
    'color',
  ],
};
const ZYPPER: OptionSpec = {
  shortValue: 'cRDCprt',
  longValue: [
    'config',
    'root',
    'reposd-dir',
    'cache-dir',
    'raw-cache-dir',
    'solv-cache-dir',
    'pkg-cache-dir',
    'plus-repo',
    'plus-content',
    'repo',
    'from',
    'type',
    'priority',
    'releasever',
    'download',
  ],
};
/** pacman's options that take a value (archlinux/pacman src/pacman/pacman.c, parseargs: `b:`, `r:` and the long ones). */
const PACMAN: OptionSpec = {
  shortValue: 'br',
  longValue: [
    'dbpath',
    'root',
    'sysroot',
    'config',
    'ignore',
    'assume-installed',
    'overwrite',
    'ask',
    'cachedir',
    'hookdir',
    'logfile',
    'ignoregroup',
    'arch',
    'print-format',
    'gpgdir',
    'color',
  ],
};
/** pipx's options that take a value (pypa/pipx src/pipx/main.py: install, inject and run, and their shared parsers). */
const PIPX: OptionSpec = {
  shortValue: 'ir',
  longValue: [
    'index-url',
    'pip-args',
    'cooldown',
    'python',
    'fetch-python',
    'backend',
    'output',
    'include-resources-from',
    'suffix',
    'preinstall',
    'app',
    'lock',
    'upgrade-strategy',
    'requirement',
    'python-args',
    'with',
    'spec',
  ],
};
const PIP: OptionSpec = {
  shortValue: 'rceitfbdC',
  longValue: [
    'requirement',
    'constraint',
    'editable',
    'index-url',
    'extra-index-url',
    'find-links',
    'target',
    'prefix',
    'root',
    'src',
    'upgrade-strategy',
    'platform',
    'python-version',
    'implementation',
    'abi',
    'progress-bar',
    'log',
    'log-file',
    'proxy',
    'retries',
    'timeout',
    'exists-action',
    'cert',
    'client-cert',
    'cache-dir',
    'config-settings',
    'global-option',
    'install-option',
    'no-binary',
    'only-binary',
    'python',
    'report',
    'keyring-provider',
    'trusted-host',
    'root-user-action',
    'use-feature',
    'use-deprecated',
    'build',
    'build-dir',
    'dest',
    'group',
    'resume-retries',
  ],
};
const NPM: OptionSpec = {
  shortValue: 'w',
  longValue: [
    'prefix',
    'registry',
    'cache',
    'tag',
    'omit',
    'include',
    'workspace',
    'loglevel',
    'userconfig',
    'globalconfig',
    'location',
    'install-strategy',
    'only',
    'also',
    'otp',
    'before',
    'scope',
  ],
};
const YARN: OptionSpec = {
  longValue: [
    'cwd',
    'modules-folder',
    'registry',
    'network-timeout',
    'mutex',
    'cache-folder',
    'global-folder',
    'link-folder',
    'network-concurrency',
    'use-yarnrc',
  ],
};
const PNPM: OptionSpec = {
  shortValue: 'FC',
  longValue: [
    'filter',
    'dir',
    'store-dir',
    'registry',
    'reporter',
    'virtual-store-dir',
    'modules-dir',
    'global-dir',
    'loglevel',
  ],
};
const GEM: OptionSpec = {
  shortValue: 'vinsPg',
  longValue: [
    'version',
    'install-dir',
    'bindir',
    'source',
    'trust-policy',
    'file',
    'platform',
    'build-root',
    'config-file',
    'target-rbconfig',
  ],
};
/** `go` flags are single-dash words; these take a value when not written `-flag=value`. */
const GO_VALUE_FLAGS = new Set([
  'C',
  'o',
  'p',
  'ldflags',
  'gcflags',
  'asmflags',
  'gccgoflags',
  'tags',
  'mod',
  'modfile',
  'pkgdir',
  'toolexec',
  'buildmode',
  'compiler',
  'installsuffix',
  'overlay',
  'pgo',
  'covermode',
  'coverpkg',
  'exec',
  'buildvcs',
]);

const RPM_TOOLS = /^(yum|dnf|dnf5|dnf-3|microdnf|tdnf)$/;
const PIP_TOOL = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** A word whose value a variable or substitution decides from its first character: it may be anything. */
function opaque(w: Word): boolean {
  return w.dynamic && /^[$`]/.test(w.value);
}

interface Parsed {
  manager: Manager;
  tool: string;
  toolWord: Word;
  spec: OptionSpec;
  args: Word[];
}

function identify(c: ExecCommand): Parsed | null {
  const { name, nameWord, args } = c;
  if (name === 'apt-get' || name === 'apt' || name === 'apt-mark')
    return { manager: 'apt', tool: name, toolWord: nameWord, spec: APT, args };
  // cross-compilation and download-accelerating front ends that take apt-get's/apk's arguments
  // aptitude installs from the same lists (update-alone, cache) but has its own flags (`-R`, not --no-install-recommends)
  if (name === 'aptitude') return { manager: 'apt', tool: 'aptitude', toolWord: nameWord, spec: APT, args };
  if (name === 'xx-apt-get' || name === 'xx-apt' || name === 'apt-fast')
    return { manager: 'apt', tool: 'apt-get', toolWord: nameWord, spec: APT, args };
  if (name === 'xx-apk') return { manager: 'apk', tool: 'apk', toolWord: nameWord, spec: APK, args };
  if (name === 'dpkg')
    return {
      manager: 'apt',
      tool: name,
      toolWord: nameWord,
      spec: { shortValue: '', longValue: ['admindir', 'root', 'instdir'] },
      args,
    };
  if (name === 'apk') return { manager: 'apk', tool: name, toolWord: nameWord, spec: APK, args };
  if (RPM_TOOLS.test(name)) return { manager: 'rpm', tool: name, toolWord: nameWord, spec: RPM_FAMILY, args };
  if (name === 'rpm')
    return {
      manager: 'rpm',
      tool: name,
      toolWord: nameWord,
      spec: {
        shortValue: 'DE',
        longValue: [
          'root',
          'dbpath',
          'define',
          'eval',
          'macros',
          'rcfile',
          'prefix',
          'relocate',
          'excludepath',
          'queryformat',
          'qf',
        ],
      },
      args,
    };
  if (name === 'zypper') return { manager: 'zypper', tool: name, toolWord: nameWord, spec: ZYPPER, args };
  if (name === 'pacman') return { manager: 'pacman', tool: name, toolWord: nameWord, spec: PACMAN, args };
  if (PIP_TOOL.test(name)) return { manager: 'pip', tool: name, toolWord: nameWord, spec: PIP, args };
  // pipx installs each package into its own virtual environment with pip, passing the spec on
  if (name === 'pipx') return { manager: 'pip', tool: name, toolWord: nameWord, spec: PIPX, args };
  if (PYTHON.test(name)) {
    // python [-u -I …] -m pip …
    for (let k = 0; k < args.length; k++) {
      const v = args[k].value;
      if (v === '-m' && args[k + 1] && PIP_TOOL.test(args[k + 1].value))
        return { manager: 'pip', tool: 'pip', toolWord: args[k + 1], spec: PIP, args: args.slice(k + 2) };
      if (!/^-[A-Za-z]+$/.test(v)) return null;
      if (v === '-W' || v === '-X' || v === '-c') return null;
    }
    return null;
  }
  if (name === 'npm') return { manager: 'npm', tool: name, toolWord: nameWord, spec: NPM, args };
  if (name === 'yarn') return { manager: 'npm', tool: name, toolWord: nameWord, spec: YARN, args };
  if (name === 'pnpm') return { manager: 'npm', tool: name, toolWord: nameWord, spec: PNPM, args };
  if (name === 'gem') return { manager: 'gem', tool: name, toolWord: nameWord, spec: GEM, args };
  if (name === 'go') return { manager: 'go', tool: name, toolWord: nameWord, spec: {}, args };
  return null;
}

export function parsePackageCommand(c: ExecCommand): PackageCommand | null {
  const id = identify(c);
  if (!id) return null;
  const { manager, tool, toolWord } = id;
  let options: ParsedOption[];
  let operandWords: Word[];
  if (manager === 'go') {
    ({ options, operands: operandWords } = goArgs(id.args));
  } else {
    const parsed = parseOptions(id.args, id.spec);
    ({ options, operands: operandWords } = parsed);
    // what follows `--` is build arguments for the gems' native extensions, not gems (rubygems
    // lib/rubygems/gem_runner.rb: `run` splits the arguments at `--` and passes the rest on as build_args)
    if (manager === 'gem' && parsed.beforeDashDash >= 0) operandWords = operandWords.slice(0, parsed.beforeDashDash);
  }
  const sub = subcommand(id, operandWords, options);
  if (
    manager === 'apt' &&
    (tool === 'apt-get' || tool === 'apt') &&
    (sub.action === 'install' || sub.action === 'upgrade')
  ) {
    // `-s`/`--simulate` and `-d`/`--download-only` change nothing on the system
    if (options.some((o) => /^(s|d|simulate|just-print|dry-run|recon|no-act|download-only)$/.test(o.name)))
      sub.action = 'other';
    // `apt-get install --only-upgrade pkg` upgrades what is installed and installs nothing new
    else if (sub.action === 'install' && options.some((o) => o.long && o.name === 'only-upgrade'))
      sub.action = 'upgrade';
  }
  const rest = operandWords.slice(sub.length);
  const pc: PackageCommand = {
    where: c,
    manager,
    tool,
    toolWord,
    sub: sub.name,
    subWord: sub.length ? operandWords[0] : (sub.word ?? null),
    action: sub.action,
    options,
    operands: [],
    unknown: operandWords.some(opaque),
    start: toolWord.start,
  };
  const byOption = versionByOption(pc);
  pc.operands = installedWords(pc, rest).map((w) => classify(pc, w, byOption));
  return pc;
}

/**
 * The operand words that name what the command installs, where some operands name something else: `go run pkg args…`
 * runs one package (the leading `.go` files, or the first operand) and passes the rest to it; `dnf swap A B` removes A
 * and installs B (dnf swap.py: remove_spec, install_spec); `pipx inject ENV pkg…` installs into the environment ENV;
 * `pipx run app args…` runs the app (pip spec `--spec`, else the app's own name).
 */
function installedWords(pc: PackageCommand, rest: Word[]): Word[] {
  if (pc.manager === 'go' && pc.sub === 'run') {
    const files = rest.findIndex((w) => !/\.go$/.test(w.value));
    return files === 0 ? rest.slice(0, 1) : files < 0 ? rest : rest.slice(0, files);
  }
  if (pc.manager === 'rpm' && pc.sub === 'swap') return rest.slice(1, 2);
  if (pc.tool === 'pipx' && pc.sub === 'inject') return rest.slice(1);
  if (pc.tool === 'pipx' && pc.sub === 'run') {
    const spec = pc.options.find((o) => o.long && o.name === 'spec');
    return spec?.valueWord ? [spec.valueWord] : spec ? [] : rest.slice(0, 1);
  }
  return rest;
}

/** A subcommand: how many operand words it takes, its normalised name, its action, and the option word naming it. */
interface Sub {
  length: number;
  name: string;
  action: Action;
  /** pacman's operation option (`-S`), which names the action though it is no operand. */
  word?: Word;
}

/** The subcommand: how many operand words it takes, its normalised name and its action. */
function subcommand(id: Parsed, ops: Word[], options: ParsedOption[]): Sub {
  const w = (k: number) => (ops[k] && !opaque(ops[k]) ? ops[k].value.toLowerCase() : '');
  const first = w(0);
  const none = { length: 0, name: '', action: 'other' as Action };
  switch (id.tool) {
    case 'apt-get':
    case 'apt':
    case 'aptitude': {
      const action: Action = /^(install|reinstall|build-dep|satisfy)$/.test(first)
        ? 'install'
        : first === 'update'
          ? 'update'
          : /^(upgrade|dist-upgrade|full-upgrade)$/.test(first)
            ? 'upgrade'
            : /^(remove|purge|autoremove|autopurge)$/.test(first)
              ? 'remove'
              : /^(clean|autoclean|auto-clean|distclean|dist-clean)$/.test(first)
                ? 'clean'
                : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'apt-mark':
      return first ? { length: 1, name: first, action: 'other' } : none;
    case 'dpkg': {
      // dpkg's actions are options: -i/--install, -r/--remove, -P/--purge
      const names = options.map((o) => o.name);
      if (names.some((n) => n === 'i' || n === 'install')) return { length: 0, name: 'install', action: 'install' };
      if (names.some((n) => n === 'r' || n === 'P' || n === 'remove' || n === 'purge'))
        return { length: 0, name: 'remove', action: 'remove' };
      return none;
    }
    case 'rpm': {
      const names = options.map((o) => o.name);
      if (
        names.some(
          (n) =>
            n === 'q' ||
            n === 'V' ||
            n === 'K' ||
            n === 'query' ||
            n === 'verify' ||
            n === 'checksig' ||
            n === 'import',
        )
      )
        return none;
      if (names.some((n) => n === 'e' || n === 'erase')) return { length: 0, name: 'erase', action: 'remove' };
      if (names.some((n) => /^[iUF]$/.test(n) || /^(install|upgrade|freshen|reinstall)$/.test(n)))
        return { length: 0, name: 'install', action: 'install' };
      return none;
    }
    case 'apk': {
      if (first === 'cache') {
        const second = w(1);
        return { length: 2, name: `cache ${second}`, action: /^(clean|purge)$/.test(second) ? 'clean' : 'other' };
      }
      const action: Action =
        first === 'add'
          ? 'install'
          : first === 'del'
            ? 'remove'
            : first === 'update'
              ? 'update'
              : first === 'upgrade'
                ? 'upgrade'
                : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'zypper': {
      const action: Action = /^(install|in)$/.test(first)
        ? 'install'
        : /^(update|up|dist-upgrade|dup|patch)$/.test(first)
          ? 'upgrade'
          : /^(refresh|ref)$/.test(first)
            ? 'update'
            : /^(remove|rm)$/.test(first)
              ? 'remove'
              : /^(clean|cc)$/.test(first)
                ? 'clean'
                : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'pacman':
      return pacmanOperation(options, ops.length);
    case 'pipx': {
      // pypa/pipx src/pipx/main.py: install and inject (into an existing environment) install packages
      const action: Action = /^(install|inject)$/.test(first)
        ? 'install'
        : /^(uninstall|uninject)$/.test(first)
          ? 'remove'
          : /^(upgrade|upgrade-all|reinstall|reinstall-all)$/.test(first)
            ? 'upgrade'
            : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    default:
      break;
  }
  switch (id.manager) {
    case 'rpm': {
      // dnf's command names and aliases (rpm-software-management/dnf dnf/cli/commands/*.py, each command's `aliases`;
      // dnf5's compatibility aliases in dnf5/config/usr/share/dnf5/aliases.d; dnf-plugins-core builddep.py)
      if (/^(group|groups|grp|module)$/.test(first)) {
        const second = w(1);
        const action: Action = /^(install|update|upgrade)$/.test(second)
          ? second === 'install'
            ? 'install'
            : 'upgrade'
          : /^(remove|erase)$/.test(second)
            ? 'remove'
            : 'other';
        return { length: 2, name: `${first} ${second}`, action };
      }
      const action: Action = RPM_INSTALLS.test(first)
        ? 'install'
        : RPM_UPGRADES.test(first)
          ? 'upgrade'
          : /^(makecache|mc|check-update|check-upgrade)$/.test(first)
            ? 'update'
            : RPM_REMOVES.test(first)
              ? 'remove'
              : first === 'clean'
                ? 'clean'
                : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'pip': {
      if (first === 'cache') {
        const second = w(1);
        return { length: 2, name: `cache ${second}`, action: /^(purge|remove)$/.test(second) ? 'clean' : 'other' };
      }
      const action: Action = first === 'install' ? 'install' : first === 'uninstall' ? 'remove' : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'npm': {
      if (first === 'cache') {
        const second = w(1);
        return { length: 2, name: `cache ${second}`, action: /^(clean|clear|prune)$/.test(second) ? 'clean' : 'other' };
      }
      if (id.tool === 'yarn' && first === 'global') {
        const second = w(1);
        return {
          length: 2,
          name: `global ${second}`,
          action: second === 'add' ? 'install' : second === 'remove' ? 'remove' : 'other',
        };
      }
      // `yarn` alone installs (yarn without a command runs `yarn install`); `yarn <word>` runs a script; `yarn
      // --version` and `yarn --help` only print
      if (id.tool === 'yarn' && !first && !ops.length)
        return options.some((o) => /^(v|h|version|help)$/.test(o.name))
          ? none
          : { length: 0, name: '', action: 'install' };
      const installs =
        id.tool === 'npm'
          ? /^(install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|ci|clean-install|ic|install-clean|isntall-clean)$/
          : /^(add|install|i)$/;
      const action: Action = installs.test(first)
        ? 'install'
        : /^(uninstall|remove|rm|r|un|unlink)$/.test(first)
          ? 'remove'
          : /^(update|up|upgrade|udpate)$/.test(first)
            ? 'upgrade'
            : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'gem': {
      // gem runs the command a unique prefix names (`gem i`, `gem ins`: rubygems lib/rubygems/command_manager.rb,
      // find_command_possibilities; newer releases also alias `i` to install)
      const action: Action =
        first && 'install'.startsWith(first)
          ? 'install'
          : first === 'uninstall'
            ? 'remove'
            : first === 'update'
              ? 'upgrade'
              : first === 'cleanup'
                ? 'clean'
                : 'other';
      return first ? { length: 1, name: first, action } : none;
    }
    case 'go':
      // `go get` adds or changes a requirement (and before Go 1.17 built and installed it too); `go run` is 'other'
      return first
        ? { length: 1, name: first, action: first === 'install' || first === 'get' ? 'install' : 'other' }
        : none;
    default:
      return none;
  }
}

/**
 * Install-like commands of yum, dnf, dnf5, microdnf and tdnf: dnf's install.py (`install`, `localinstall`, `in` and the
 * `install-n`, `install-na`, `install-nevra` forms), reinstall.py (`rei`), downgrade.py (`dg`), swap.py, group.py's
 * direct commands (`groupinstall`, and `groupupdate`, which it maps to `group install`), dnf-plugins-core builddep.py
 * (`builddep`, `build-dep`).
 */
const RPM_INSTALLS =
  /^(install|in|localinstall|install-n|install-na|install-nevra|reinstall|rei|downgrade|dg|swap|groupinstall|groupupdate|builddep|build-dep)$/;
/**
 * upgrade.py (`upgrade`, `update`, `up`, `upgrade-to`, `update-to`, `localupdate`), upgrademinimal.py (`up-min`),
 * distrosync.py (`distribution-synchronization`, `dsync`); yum's `dist-upgrade`.
 */
const RPM_UPGRADES =
  /^(update|upgrade|up|upgrade-to|update-to|localupdate|update-minimal|upgrade-minimal|up-min|distro-sync|distrosync|distribution-synchronization|dsync|dist-upgrade)$/;
/** remove.py (`erase`, `rm` and the `-n`/`-na`/`-nevra` forms), autoremove.py, group.py, dnf5's `uninstall`. */
const RPM_REMOVES =
  /^(remove|erase|rm|uninstall|autoremove|groupremove|grouperase|(remove|erase|autoremove)-(n|na|nevra))$/;

/** pacman's operations (`-S`, `--sync`, …) by letter (archlinux/pacman src/pacman/pacman.c, parseargs_op). */
const PACMAN_OPS: Record<string, string> = {
  database: 'D',
  files: 'F',
  query: 'Q',
  remove: 'R',
  sync: 'S',
  deptest: 'T',
  upgrade: 'U',
  version: 'V',
};

/**
 * pacman's action is an option: `-S` installs the named packages, `-Su` upgrades the system (`upgrade`; it installs
 * the named packages too), `-Sy` without packages only refreshes the databases (`update`), `-Sc` cleans the cache,
 * `-Ss`, `-Si`, `-Sl`, `-Sg`, `-Sp` and `-Sw` only look (or download); `-U` installs package files or URLs; `-R`
 * removes (pacman.8, sync.c).
 */
function pacmanOperation(options: ParsedOption[], targets: number): Sub {
  const opOf = (o: ParsedOption) => (o.long ? PACMAN_OPS[o.name] : /^[DFQRSTUV]$/.test(o.name) ? o.name : undefined);
  const op = options.find((o) => opOf(o) !== undefined);
  if (!op) return { length: 0, name: '', action: 'other' };
  const name = op.word.value;
  const letter = opOf(op);
  const sub = (action: Action): Sub => ({ length: 0, name, action, word: op.word });
  if (letter === 'U') return sub('install');
  if (letter === 'R') return sub('remove');
  if (letter !== 'S') return sub('other');
  const has = (short: string, long: string) => options.some((o) => (o.long ? o.name === long : o.name === short));
  if (
    has('s', 'search') ||
    has('i', 'info') ||
    has('l', 'list') ||
    has('g', 'groups') ||
    has('p', 'print') ||
    has('w', 'downloadonly')
  )
    return sub('other');
  if (has('c', 'clean')) return sub('clean');
  if (has('u', 'sysupgrade')) return sub('upgrade');
  if (targets) return sub('install');
  return sub(has('y', 'refresh') ? 'update' : 'other');
}

/** `go` flags: `-x`, `-ldflags=…`, `-ldflags '…'` (single dash, whole words). */
function goArgs(args: Word[]): { options: ParsedOption[]; operands: Word[] } {
  const options: ParsedOption[] = [];
  const operands: Word[] = [];
  for (let k = 0; k < args.length; k++) {
    const word = args[k];
    const v = word.value;
    if (!v.startsWith('-') || v === '-' || opaque(word)) {
      operands.push(word);
      continue;
    }
    const body = v.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (eq < 0 && GO_VALUE_FLAGS.has(name) && k + 1 < args.length) {
      options.push({ name, long: true, value: args[k + 1].value, word, valueWord: args[k + 1], alone: true });
      k++;
    } else {
      options.push({ name, long: true, value: eq >= 0 ? body.slice(eq + 1) : null, word, alone: true });
    }
  }
  return { options, operands };
}

/**
 * A version given by an option for every package of the command (`gem install x -v 1.2`, `pip install -c c.txt`;
 * `pipx install --lock pylock.toml`, or pip's constraint options passed on with `--pip-args`).
 */
function versionByOption(pc: PackageCommand): boolean {
  if (pc.manager === 'gem') return pc.options.some((o) => o.name === 'v' || o.name === 'version');
  if (pc.tool === 'pipx')
    return pc.options.some(
      (o) =>
        o.name === 'lock' ||
        (o.name === 'pip-args' && /(^|\s)(-c|--constraint|--require-hashes)(\s|=|$)/.test(o.value ?? '')),
    );
  if (pc.manager === 'pip')
    return pc.options.some((o) => o.name === 'c' || o.name === 'constraint' || o.name === 'require-hashes');
  return false;
}

const LOCAL_PATH = /^(\.{1,2}(\/|$)|\/|~\/)/;

function classify(pc: PackageCommand, word: Word, byOption: boolean): PackageOperand {
  const v = word.value;
  const op = (
    kind: PackageOperand['kind'],
    name: string | null = null,
    version: string | null = null,
    pinned = false,
  ): PackageOperand => ({
    word,
    kind,
    name,
    version,
    pinned,
  });
  if (opaque(word) || v === '') return op('unknown');
  switch (pc.manager) {
    case 'apt': {
      if (/\.deb$/.test(v) || LOCAL_PATH.test(v)) return op('file');
      const m = /^([^=/:]+)(?::[^=/]+)?(?:=(.*)|\/(.*))?$/.exec(v);
      if (!m || m[1].includes('$')) return op('unknown');
      const version = m[2] ?? null;
      return op('package', m[1], version, !!version);
    }
    case 'apk': {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return op('url');
      if (/\.apk$/.test(v) || LOCAL_PATH.test(v)) return op('file');
      // (the constraint is the whole run of operators: the lookahead keeps it from being read two ways)
      const m = /^([^=<>~@]+)(?:@[^=<>~]*)?(?:([=<>~]+)(?![=<>~])(.*))?$/.exec(v);
      if (!m || m[1].includes('$')) return op('unknown');
      const constraint = m[2] ?? null;
      // `=` (also `==`: apk-tools ORs an operator's characters into one mask, alpine/apk-tools src/version.c
      // apk_version_result_mask_blob, called by apk_dep_parse in src/package.c), `~` (fuzzy) and upper bounds fix the
      // version; a lower bound alone (`>`, `>=`) does not
      const pinned = constraint !== null && (/[~<]/.test(constraint) || /^=+$/.test(constraint));
      return op('package', m[1], constraint !== null ? constraint + (m[3] ?? '') : null, pinned);
    }
    case 'rpm':
    case 'zypper':
      return classifyRpm(pc, word, op);
    case 'pacman': {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return op('url', null, null, true);
      if (pc.sub.startsWith('-U') || pc.sub === '--upgrade' || /\.pkg\.tar(\.\w+)?$/.test(v) || LOCAL_PATH.test(v))
        return op('file');
      if (v.includes('$')) return op('unknown');
      // `repo/name`, `name>=1.2` (a dependency string: libalpm alpm_dep_from_string, called by sync.c process_targname)
      const target = v.slice(v.indexOf('/') + 1);
      const m = versionConstraint(target);
      if (m) return op('package', m.name, m.operator + m.version, pinsVersion(m.operator));
      return op('package', target);
    }
    case 'pip':
      return classifyPip(word, op, byOption);
    case 'npm':
      return classifyNpm(word, op);
    case 'gem': {
      if (/\.gem$/.test(v) || LOCAL_PATH.test(v)) return op('file');
      const m = /^([^:]+)(?::(.+))?$/.exec(v);
      if (!m || m[1].includes('$')) return op('unknown');
      return op('package', m[1], m[2] ?? null, !!m[2] || byOption);
    }
    case 'go': {
      if (LOCAL_PATH.test(v) || /^(\.|all|std|cmd|tool)$/.test(v) || /\.go$/.test(v)) return op('file');
      const at = v.lastIndexOf('@');
      // `go install pkg` and `go run pkg` take the version from go.mod (outside a module go requires @version); `go
      // get pkg` implies `@upgrade` (golang/go CL 184440, Go 1.13: "If no version suffix is specified ('go get path'),
      // @upgrade is implied"), and before modules fetched the default branch
      if (at < 0) return op('package', v, null, pc.sub !== 'get');
      const version = v.slice(at + 1);
      const floating =
        /^(latest|upgrade|patch|master|main|head|trunk|develop|dev|)$/i.test(version) && !version.includes('$');
      // (`@none`, which removes the requirement, is no moving query either)
      return op('package', v.slice(0, at), version, !floating);
    }
  }
}

type Make = (
  kind: PackageOperand['kind'],
  name?: string | null,
  version?: string | null,
  pinned?: boolean,
) => PackageOperand;

function classifyPip(word: Word, op: Make, byOption: boolean): PackageOperand {
  const v = word.value.trim();
  if (/^(git|hg|svn|bzr)\+/i.test(v) || /:\/\//.test(v) || / @ /.test(v)) {
    const vcs = /^(git|hg|svn|bzr)\+/i.test(v) || /(^|\s)(git|hg|svn|bzr)\+/.test(v);
    // a VCS reference is pinned by `@ref` after the repository path
    const pinned = !vcs || pinnedByRef(v.replace(/^[^:]*:\/\/[^@/]*@/, ''));
    return op('url', null, null, pinned);
  }
  if (LOCAL_PATH.test(v) || v.includes('/') || /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar)$/i.test(v)) return op('file');
  // linear: anchored; name, extras and blanks are each read whole (lookaheads forbid backing off), then `.*` to the end
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?![A-Za-z0-9._-])(\[[^\]]*\])?\s*(?!\s)(.*)$/.exec(v);
  if (!m) return op('unknown');
  const spec = m[3].split(';')[0].trim();
  if (spec.includes('$')) return op('package', m[1], spec, true);
  if (!spec && /\$/.test(m[2] ?? '')) return op('package', m[1], null, byOption);
  const clauses = spec
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  // exact (==, ===), compatible (~=) or an upper bound fix the version; a lower bound or an exclusion alone does not
  const pinned = clauses.some((c) => /^(===?|~=|<=?)/.test(c));
  return op('package', m[1], spec || null, pinned || byOption);
}

/** A VCS URL pinned by a ref: `….git@ref`, or `@ref` as its last part (`@v1.2`, `@v1.2#egg=app`): `/\.git@|@[^/@]+(#.*)?$/`. */
function pinnedByRef(url: string): boolean {
  if (url.includes('.git@')) return true;
  const lineStart = lastLineBreak(url) + 1;
  for (let at = url.indexOf('@'); at >= 0; at = url.indexOf('@', at + 1))
    if (isFinalSegment(url, at + 1, '/@', lineStart)) return true;
  return false;
}

/** Architectures an rpm spec can end in (`name.arch`, `name-1.2-3.el9.arch`). */
const RPM_ARCH =
  /\.(x86_64|aarch64|noarch|i386|i486|i586|i686|ppc64le|ppc64|s390x|armv7hl|armhfp|riscv64|loongarch64|src|nosrc)$/;

/** A dash-separated part that reads as an rpm version: digit first, after an optional epoch (`2.4.57`, `1:2.0`, `2.4*`). */
const RPM_VERSION_PART = /^(\d+:)?\d[\w.+~^*?]*$/;

/**
 * A package spec of the rpm family (yum, dnf, microdnf, tdnf) or zypper. dnf reads `name`, `name.arch`,
 * `name-[epoch:]version`, `name-[epoch:]version-release` and the same with `.arch` (dnf doc/command_ref.rst
 * "Specifying Packages", dnf5 doc/misc/specs.7.rst "NEVRA matching"), and a provide with a comparison, `name >= 1.2`
 * (libdnf DependencySplitter: name, blanks, `<=`, `>=`, `<`, `>` or `=`, blanks, version); zypper reads a capability
 * `name[.arch][ op edition]` with `<`, `<=`, `=`, `>=`, `>` (zypper.8 "install"), and `name-version` when no package
 * has that whole name (libzypp Capability::guessPackageSpec). `=`, `<` and `<=` fix the version; a lower bound alone
 * does not. A name can end in digits (`gcc-toolset-13`, `devtoolset-9`), so a bare number after the last dash is read
 * as part of the name: a version needs a dot, an epoch or a glob (`httpd-2.4.57`, `httpd-2.4*`), or a release after
 * it (`httpd-2.4.57-5.el9`). Groups (`@group`, `dnf group install`, zypper patterns) have no version; a module is
 * pinned by its stream (`nodejs:18`, `@nodejs:18/common`). URLs name one package file.
 */
function classifyRpm(pc: PackageCommand, word: Word, op: Make): PackageOperand {
  let v = word.value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return op('url', null, null, true);
  if (/\.rpm$/.test(v) || LOCAL_PATH.test(v)) return op('file');
  if (v.includes('$')) return op('unknown');
  const group = (name: string): PackageOperand => ({
    ...op('package', name.toLowerCase().replace(/\s+/g, '-')),
    group: true,
  });
  // NAME:STREAM:VERSION:CONTEXT:ARCH/PROFILE (dnf5 specs.7 "Modules"): a stream fixes the module's version line
  const module = (spec: string): PackageOperand => {
    const name = spec.split(/[:/]/)[0];
    const stream = spec.charAt(name.length) === ':' ? spec.slice(name.length + 1) : '';
    // `name::arch` names no stream
    return /^[^:/]/.test(stream) ? op('package', name, stream, true) : op('package', name);
  };
  let spec = v;
  if (pc.manager === 'rpm') {
    if (/^(group|groups|grp) /.test(pc.sub) || /^group(install|update)$/.test(pc.sub))
      return group(v.replace(/^@/, ''));
    if (/^module /.test(pc.sub)) return module(v.replace(/^@/, ''));
    // `@x` is a module or, when no module has that name, a group (dnf install.py: grp_specs go to ModuleBase first)
    if (v.startsWith('@')) return v.includes(':') ? module(v.slice(1)) : group(v.slice(1));
  } else {
    // `!x` (and `-x` after `--`) removes; `+x` and `~x` install (zypper src/PackageArgs.cc)
    if (/^[!-]/.test(v)) return op('unknown');
    if (/^[+~]/.test(v)) {
      v = v.slice(1);
      spec = v;
    }
    // `-t pattern x`, `pattern:x`, `patch:x`, `product:x` (zypper.8 "Package Types"); `package:x` is a package
    const colon = v.indexOf(':');
    const kind = colon > 0 ? v.slice(0, colon).toLowerCase() : '';
    const type = pc.options.find((o) => o.name === 't' || o.name === 'type')?.value?.toLowerCase() ?? 'package';
    if (/^(pattern|patch|product)$/.test(kind)) return group(v.slice(colon + 1));
    if (/^(pattern|patch|product)$/.test(type)) return group(v);
    if (/^(package|srcpackage)$/.test(kind)) spec = v.slice(colon + 1);
  }
  const m = versionConstraint(spec);
  if (m) return op('package', m.name.replace(RPM_ARCH, ''), m.operator + m.version, pinsVersion(m.operator));
  // `install-n` and `install-na` read the spec as a name (and arch) only (dnf install.py nevra_forms)
  if (/-(n|na)$/.test(pc.sub)) return op('package', spec.replace(RPM_ARCH, ''));
  const nevr = splitVersion(spec.replace(RPM_ARCH, ''));
  if (nevr) return op('package', nevr.name, nevr.version, true);
  return op('package', spec.replace(RPM_ARCH, ''));
}

/** `name-version` or `name-version-release` of an rpm spec without its arch, or null when no version is written. */
function splitVersion(spec: string): { name: string; version: string } | null {
  const parts = spec.split('-');
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1];
  const prev = parts[parts.length - 2];
  if (parts.length >= 3 && RPM_VERSION_PART.test(prev) && /^\d/.test(last) && /^[\w.+~^*?]+$/.test(last))
    return { name: parts.slice(0, -2).join('-'), version: `${prev}-${last}` };
  if (RPM_VERSION_PART.test(last) && /[.:*?]/.test(last)) return { name: parts.slice(0, -1).join('-'), version: last };
  return null;
}

/** An operator that fixes or bounds the version from above (`=`, `==`, `<`, `<=`); `>` and `>=` alone do not. */
function pinsVersion(operator: string): boolean {
  return operator.includes('<') || /^=+$/.test(operator);
}

/**
 * `name op version` of a spec (`httpd >= 2.4`, `curl=7.61`, `bash>=5`), what `/^([^=<>]+?)\s*([=<>]+)\s*(.*)$/` reads,
 * in one pass: that pattern backtracks quadratically over a run of spaces when a line break follows.
 */
function versionConstraint(v: string): { name: string; operator: string; version: string } | null {
  const start = v.search(/[=<>]/);
  if (start <= 0) return null;
  let end = start;
  while (end < v.length && '=<>'.includes(v[end])) end++;
  let nameEnd = start;
  while (nameEnd > 1 && /\s/.test(v[nameEnd - 1])) nameEnd--;
  const version = v.slice(end).replace(/^\s+/, '');
  if (lastLineBreak(version) >= 0) return null;
  return { name: v.slice(0, nameEnd), operator: v.slice(start, end), version };
}

const NPM_GIT = /^(git(\+[a-z]+)?:|git@|github:|gitlab:|bitbucket:|gist:)/i;

function classifyNpm(word: Word, op: Make): PackageOperand {
  const v = word.value;
  if (LOCAL_PATH.test(v) || v === '.' || /^file:/.test(v) || /\.(tgz|tar\.gz|tar)$/.test(v)) return op('file');
  if (/^https?:\/\//i.test(v)) return op('url', null, null, true);
  if (NPM_GIT.test(v) || isGitHubShorthand(v)) return op('url', null, null, v.includes('#'));
  const at = v.startsWith('@') ? v.indexOf('@', 1) : v.indexOf('@');
  const name = at > 0 ? v.slice(0, at) : v;
  if (name.includes('$')) return op('unknown');
  const version = at > 0 ? v.slice(at + 1) : null;
  return op('package', name, version, version !== null && npmPinned(version));
}

/** `user/repo` or `user/repo#ref`, npm's GitHub shorthand: `/^[^@./][^/@]*\/[^/@]+(#.*)?$/`, read in one pass. */
function isGitHubShorthand(v: string): boolean {
  const slash = v.indexOf('/');
  return slash > 0 && /^[^@./][^/@]*$/.test(v.slice(0, slash)) && isFinalSegment(v, slash + 1, '/@');
}

/** An npm version spec that fixes or bounds the version (not a dist-tag like `latest`, not `*`, not only a lower bound). */
function npmPinned(spec: string): boolean {
  if (spec.includes('$')) return true;
  if (spec.startsWith('npm:')) {
    const inner = spec.slice(4);
    const at = inner.startsWith('@') ? inner.indexOf('@', 1) : inner.indexOf('@');
    return at > 0 && npmPinned(inner.slice(at + 1));
  }
  if (/^>/.test(spec) && !spec.includes('<')) return false;
  return /^[=v~^<>\s]*\d/.test(spec);
}

// ---------------------------------------------------------------------------------------------------------------
// What a RUN deletes, and its cache mounts

function removedPaths(c: ExecCommand): Removal[] {
  if (c.name === 'rm') {
    return parseOptions(c.args).operands.map((w) => ({ path: w.value, at: w.start }));
  }
  if (c.name === 'find') {
    // find PATH… -delete | -exec rm …
    const values = c.args.map((w) => w.value);
    const deletes =
      values.includes('-delete') || values.some((v, k) => v === '-exec' && /(^|\/)rm$/.test(values[k + 1] ?? ''));
    if (!deletes) return [];
    const out: Removal[] = [];
    for (const w of c.args) {
      if (/^[-(!]/.test(w.value)) break;
      out.push({ path: w.value, at: w.start });
    }
    return out;
  }
  return [];
}

/** The targets of a RUN's cache and tmpfs mounts, with build arguments and ENV substituted (BuildKit expands them). */
function cacheMountTargets(model: DockerfileModel, inst: DockerInstruction): string[] {
  const out: string[] = [];
  for (const f of inst.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const opts = new Map<string, string>();
    for (const kv of f.value.split(',')) {
      const eq = kv.indexOf('=');
      opts.set((eq >= 0 ? kv.slice(0, eq) : kv).trim().toLowerCase(), eq >= 0 ? kv.slice(eq + 1).trim() : '');
    }
    const type = opts.get('type');
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
    if (target) out.push(normalizePath(target.includes('$') ? (model.word(inst, target).value ?? target) : target));
  }
  return out;
}

/** `/var/lib/apt/` → `/var/lib/apt`; quotes dropped. */
export function normalizePath(p: string): string {
  const unquoted = p.replace(/^["']|["']$/g, '');
  return unquoted.length > 1 ? trimTrailing(unquoted, '/') : unquoted;
}

/** A cache or tmpfs mount of the run covers this directory (is it, or one of its parents). */
export function mountCovers(run: PackageRun, dir: string): boolean {
  return run.cacheMounts.some((t) => t === dir || dir.startsWith(t.endsWith('/') ? t : `${t}/`));
}

/** Where a finding about the whole command goes: `apt-get install` when on one line, else the subcommand word. */
export function commandLabel(model: DockerfileModel, pc: PackageCommand): { start: number; end: number } {
  const sub = pc.subWord && pc.subWord.start > pc.toolWord.start ? pc.subWord : null;
  if (!sub) return { start: pc.toolWord.start, end: pc.toolWord.end };
  if (!/[\r\n]/.test(model.text.slice(pc.toolWord.end, sub.start))) return { start: pc.toolWord.start, end: sub.end };
  return { start: sub.start, end: sub.end };
}

/** The command as written for messages: `apt-get install`, `pip3 install`, `xx-apt-get install`. */
export function commandText(pc: PackageCommand): string {
  const tool = basename(pc.toolWord.value);
  return pc.sub ? `${tool} ${pc.sub}` : tool;
}

const SYSTEM_BIN = /^\/(usr\/)?s?bin\//;

/** The name of the hidden code a command runs: the script operand of `sh x.sh` / `. x.sh`, else the command. */
function hiddenName(c: ExecCommand): string {
  if (c.name === 'source' || c.name === '.') return basename(c.args[0]?.value ?? c.name);
  if (SHELLS.has(c.name)) return basename(shellInvocation(c.args).script?.value ?? c.name);
  return c.name;
}

/** A command that runs code the Dockerfile does not show: a script file, or a helper named like an installer or cleaner. */
function runsHiddenCode(c: ExecCommand): boolean {
  const written = c.nameWord.value;
  if (/\.(sh|bash)$/.test(written) || (written.includes('/') && !SYSTEM_BIN.test(written))) return true;
  if (
    /install|clean|setup|provision|bootstrap/i.test(c.name) &&
    !/^(install|make|cmake|ninja|go|cargo|npm|yarn|pnpm|pip\d*|gem|bundle|composer)$/.test(c.name)
  )
    return true;
  if ((c.name === 'source' || c.name === '.') && c.args.length) return true;
  if (SHELLS.has(c.name)) {
    const inv = shellInvocation(c.args);
    return inv.mode === 'file' && !!inv.script;
  }
  return false;
}

export interface Position {
  inst: DockerInstruction;
  /** Document offset within the instruction. */
  at: number;
}

/**
 * For a set of positions (where the file writes some configuration), a test of whether one of them comes before a
 * given position in its stage chain: earlier in the same stage, or anywhere in a stage it is built `FROM`. Constant
 * time per question after a pass over the events and the stages (long stage chains stay linear).
 */
export function earlierInChain(events: readonly Position[]): (here: Position) => boolean {
  if (!events.length) return () => false;
  const firstInStage = new Map<Stage, Position>();
  for (const e of events) {
    const s = e.inst.stage;
    if (!s) continue;
    const known = firstInStage.get(s);
    if (!known || before(e, known)) firstInStage.set(s, e);
  }
  const inAncestors = new Map<Stage, boolean>();
  const ancestorsHave = (stage: Stage | null): boolean => {
    const pending: Stage[] = [];
    let s = stage;
    while (s && !inAncestors.has(s)) {
      pending.push(s);
      s = s.parent;
    }
    let answer = s ? inAncestors.get(s)! : false;
    for (let k = pending.length - 1; k >= 0; k--) {
      answer = answer || firstInStage.has(pending[k]);
      inAncestors.set(pending[k], answer);
    }
    return stage ? inAncestors.get(stage)! : false;
  };
  return (here) => {
    const s = here.inst.stage;
    if (!s) return false;
    const first = firstInStage.get(s);
    if (first && before(first, here)) return true;
    return ancestorsHave(s.parent);
  };
}

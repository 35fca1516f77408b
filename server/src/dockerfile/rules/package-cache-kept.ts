import type { Anchor, Fix, Report } from '../../rules/types';
import { fixesIfWanted, type DockerfileContext, type DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { TextEdit } from 'vscode-languageserver-types';
import {
  PackageCommand,
  PackageRun,
  Position,
  before,
  commandLabel,
  commandText,
  earlierInChain,
  envSetFor,
  mountCovers,
  normalizePath,
  optionNamed,
  packageRuns,
  shippedStages,
} from '../analysis/packages';
import { fileWrites } from '../analysis/fileWrites';
import { appendAfterCommand, insertAfterWord } from '../analysis/commandInserts';
import { parseUserSpec, isRootUserPart } from '../analysis/users';
import { nonRootImage } from '../../data/nonRootImages';
import { rootImage } from '../../data/rootImages';
import { recall, remember } from '../../common/memo';

// the lists directory itself or everything in it (`/var/lib/apt/lists/partial` alone is not a cleanup)
const APT_LISTS = /^\/var\/lib\/apt(\/lists)?(\/\*?)?$/;
// the downloaded packages: the archives directory, everything in it, or its .deb files
const APT_ARCHIVES = /^\/var\/cache(\/apt(\/archives)?)?(\/\*(\.deb)?)?$/;
const APK_CACHE = /^\/var\/cache(\/apk)?(\/.*)?$|^\/var\/cache\/\*$/;
const PIP_CACHE = /(^|\/)\.cache(\/pip)?(\/\*?)?$/;
// Yarn 1's cache (`<home>/.cache/yarn`; as root /usr/local/share/.cache/yarn), Yarn 2+'s global and project caches
const YARN_CACHE = /(^|\/)\.cache(\/yarn)?(\/\*?)?$|(^|\/)\.yarn(\/berry)?(\/cache)?(\/\*?)?$/;
const RPM_TOOLS = /^(yum|dnf|dnf5|dnf-3|microdnf|tdnf)$/;
const APT_TOOLS = /^(apt-get|apt|aptitude)$/;

/** Other tools' ids per finding, so that their pragmas suppress only the findings they mean. */
const hadolint = (id: string): Anchor => ({ tool: 'hadolint', id });
const trivy = (id: string): Anchor => ({ tool: 'trivy', id });
const APT_ANCHORS = [hadolint('DL3009')];
const YARN_ANCHORS = [hadolint('DL3060')];
const APK_ANCHORS = [hadolint('DL3019'), trivy('DS-0025')];
const PIP_ANCHORS = [hadolint('DL3042')];
const ZYPPER_ANCHORS = [hadolint('DL3036'), trivy('DS-0020')];
function rpmAnchors(tool: string): Anchor[] {
  if (tool === 'yum') return [hadolint('DL3032'), trivy('DS-0015')];
  if (tool === 'microdnf') return [trivy('DS-0027')];
  if (tool === 'tdnf') return [];
  return [hadolint('DL3040'), trivy('DS-0019')];
}

export const packageCacheKept: DockerfileRule = {
  id: 'package-cache-kept',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Package manager cache left in the image',
  rationale:
    'Package indexes and download caches (apt lists, /var/cache/apk, the yum/dnf/zypper metadata, the pip and yarn caches) are only needed while installing. Left in the layer they add megabytes to every pull and record stale package metadata in the image; deleting them in a later RUN does not shrink the layer that wrote them.',
  remedy:
    'Clean up in the same RUN that installs: `apk add --no-cache`, `pip install --no-cache-dir`, `&& rm -rf /var/lib/apt/lists/*`, `&& dnf clean all`, `&& yarn cache clean` — or use a BuildKit cache mount on the directory the tool writes.',
  guidance: ['Images: start from minimal base images', 'Build: add only what is needed'],
  anchors: [
    { tool: 'hadolint', id: 'DL3009' },
    { tool: 'hadolint', id: 'DL3019' },
    { tool: 'hadolint', id: 'DL3032' },
    { tool: 'hadolint', id: 'DL3040' },
    { tool: 'hadolint', id: 'DL3036' },
    { tool: 'hadolint', id: 'DL3042' },
    { tool: 'hadolint', id: 'DL3060' },
    { tool: 'trivy', id: 'DS-0015' },
    { tool: 'trivy', id: 'DS-0019' },
    { tool: 'trivy', id: 'DS-0020' },
    { tool: 'trivy', id: 'DS-0025' },
    { tool: 'trivy', id: 'DS-0027' },
  ],
  shell: true,
  fixes: [
    'Add --no-cache (apk) or --no-cache-dir (pip)',
    'Append the cleanup after the last step that fills the cache',
  ],
  fixSafety: 'mixed',
  check(ctx) {
    const { model } = ctx;
    const out: Report[] = [];
    const shipped = shippedStages(model);
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage) || !run.commands.length) continue;
      const apt = aptFinding(ctx, run);
      if (apt) out.push(apt);
      const apk = apkFinding(ctx, run);
      if (apk) out.push(apk);
      const rpm = metadataFinding(ctx, run, 'rpm');
      if (rpm) out.push(rpm);
      const zypper = metadataFinding(ctx, run, 'zypper');
      if (zypper) out.push(zypper);
      out.push(...pipFindings(ctx, run));
      const yarn = yarnFinding(ctx, run);
      if (yarn) out.push(yarn);
    }
    return out;
  },
};

/**
 * When the RUN has cache or tmpfs mounts but none covers the cache the finding is about, a sentence saying so: a mount
 * elsewhere keeps nothing out of the layer.
 */
function mountNote(run: PackageRun, where: string): string {
  const targets = run.cacheMounts;
  if (!targets.length) return '';
  const listed = targets.map((t) => `\`${t}\``).join(', ');
  return ` The cache mount${targets.length > 1 ? 's' : ''} on ${listed} ${targets.length > 1 ? 'do' : 'does'} not cover ${where}.`;
}

/** Removed after `at` in the run: a path matching `re`, or a clean command `isClean` accepts. */
function cleanedAfter(
  run: PackageRun,
  at: number,
  re: { test(path: string): boolean },
  isClean: (pc: PackageCommand) => boolean,
): boolean {
  return (
    run.removals.some((r) => r.at > at && re.test(normalizePath(r.path))) ||
    run.commands.some((pc) => pc.start > at && isClean(pc)) ||
    // a cleanup script runs afterwards (`/scripts/cleanup.sh`): it cannot be read, so trust its name
    run.scripts.some((s) => s.at > at && /clean/i.test(s.name))
  );
}

interface CleanupFix {
  title: string;
  edits: TextEdit[] | null;
  /** The cleanup may break a later step (a later RUN installs with the lists this one removes): review, never auto-apply. */
  manual?: boolean;
}

/** The finding on the command's label; its fix is made only when fixes are wanted (DockerfileContext.wantsFixes). */
function report(
  ctx: DockerfileContext,
  pc: PackageCommand,
  message: string,
  fixOf: () => CleanupFix | null,
  anchors: Anchor[],
): Report {
  const { model } = ctx;
  const label = commandLabel(model, pc);
  const fixes = fixesIfWanted(ctx, (): Fix[] => {
    const fix = fixOf();
    return fix?.edits
      ? [{ title: fix.title, edits: fix.edits, isPreferred: true, ...(fix.manual ? { manual: true } : {}) }]
      : [];
  });
  return { range: model.range(label.start, label.end), message, fixes, anchors };
}

/**
 * Append the cleanup after the anchor command. Not under sudo/doas: the cleanup would need them too (the RUN is not
 * root), and writing another sudo is not a fix to offer.
 */
function appendFix(model: DockerfileModel, pc: PackageCommand, command: string): CleanupFix {
  const privileged = pc.where.wrappers.some((x) => x === 'sudo' || x === 'doas');
  return {
    title: `Append \`&& ${command}\``,
    edits: privileged ? null : appendAfterCommand(model, pc.where, pc.where.cmd, ` && ${command}`),
  };
}

function last<T>(list: T[]): T | undefined {
  return list[list.length - 1];
}

/**
 * apt: `apt-get update` (or `aptitude update`) writes /var/lib/apt/lists; a RUN that updates and installs should remove
 * them. And when an earlier step removed /etc/apt/apt.conf.d/docker-clean (the Debian and Ubuntu images' hook that
 * deletes downloaded packages after each install; Docker's cache-mount example removes it), every install leaves its
 * .deb files in /var/cache/apt/archives unless that directory is a cache mount or is cleaned.
 */
function aptFinding(ctx: DockerfileContext, run: PackageRun): Report | null {
  const { model } = ctx;
  const apt = run.commands.filter((pc) => APT_TOOLS.test(pc.tool));
  // `apt-get install --update` (apt 3) updates the lists first
  const updates = apt.filter(
    (pc) =>
      pc.action === 'update' || ((pc.action === 'install' || pc.action === 'upgrade') && !!optionNamed(pc, 'update')),
  );
  const installs = apt.filter((pc) => pc.action === 'install' || pc.action === 'upgrade');
  if (!installs.length) return null;
  const anchor = last(installs)!;
  // the cleanup goes after the last step that (re)fills the lists: before a later `apt-get update` it would leave
  // them, and "Fix all" would append it again on every round
  const lastWriter = updates.length && last(updates)!.start > anchor.start ? last(updates)! : anchor;
  const isClean = (pc: PackageCommand, subs: RegExp) => APT_TOOLS.test(pc.tool) && subs.test(pc.sub);
  const lists =
    updates.length > 0 &&
    !mountCovers(run, '/var/lib/apt/lists') &&
    !cleanedAfter(run, lastWriter.start, APT_LISTS, (pc) => isClean(pc, /^(distclean|dist-clean)$/));
  const unhooked = dockerCleanRemoved(model, { inst: run.inst, at: anchor.start });
  const archives =
    unhooked !== null &&
    !mountCovers(run, '/var/cache/apt/archives') &&
    !cleanedAfter(run, anchor.start, APT_ARCHIVES, (pc) => isClean(pc, /^(clean|distclean|dist-clean)$/));
  if (!lists && !archives) return null;
  const archivesText = `/etc/apt/apt.conf.d/docker-clean, which deletes downloaded packages after each install, was removed${unhooked ? ` on line ${unhooked.range.start.line + 1}` : ''}`;
  if (!lists) {
    return report(
      ctx,
      anchor,
      `\`${commandText(anchor)}\` leaves the downloaded packages (/var/cache/apt/archives/*.deb) in this layer: ${archivesText}. Mount a cache on /var/cache/apt (\`RUN --mount=type=cache,target=/var/cache/apt,sharing=locked\`), or run \`apt-get clean\` in the same RUN.${mountNote(run, '/var/cache/apt/archives')}`,
      () => appendFix(model, anchor, 'apt-get clean'),
      [],
    );
  }
  const cleanup = archives ? 'apt-get clean && rm -rf /var/lib/apt/lists/*' : 'rm -rf /var/lib/apt/lists/*';
  const later = laterListUser(model, run);
  const also = archives ? ` It also leaves the downloaded packages in /var/cache/apt/archives: ${archivesText}.` : '';
  return report(
    ctx,
    anchor,
    `The apt package lists that \`${commandText(last(updates)!)}\` downloaded stay in this layer (/var/lib/apt/lists, often tens of MB of stale metadata). Remove them in the same RUN, after the last install or update: \`&& ${cleanup}\`${later ? ` (and run \`apt-get update\` in the later RUN on line ${later.range.start.line + 1} that installs without it)` : ''}.${also}${mountNote(run, '/var/lib/apt/lists')}`,
    () => {
      const fix = appendFix(model, lastWriter, cleanup);
      return later ? { ...fix, manual: true } : fix;
    },
    APT_ANCHORS,
  );
}

/** The last instruction before this position in its stage chain that removed /etc/apt/apt.conf.d/docker-clean, or null. */
function dockerCleanRemoved(model: DockerfileModel, here: Position): DockerInstruction | null {
  let found = recall<DockerCleanIndex>(model, DOCKER_CLEAN);
  if (!found) remember(model, DOCKER_CLEAN, (found = dockerCleanIndex(model)));
  const stage = here.inst.stage;
  if (!stage) return null;
  // the stage's own removals before this position (binary search), else the last one of the stages it is built on
  const own = found.byStage.get(stage) ?? [];
  let lo = 0;
  let hi = own.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(own[mid], here)) lo = mid + 1;
    else hi = mid;
  }
  if (lo) return own[lo - 1].inst;
  return stage.parent ? found.lastInChain(stage.parent) : null;
}

interface DockerCleanIndex {
  /** Each stage's removals of docker-clean, in source order. */
  byStage: Map<Stage, Position[]>;
  /** The last removal in a stage or the stages it is built on (settled once per stage). */
  lastInChain(stage: Stage): DockerInstruction | null;
}

function dockerCleanIndex(model: DockerfileModel): DockerCleanIndex {
  const byStage = new Map<Stage, Position[]>();
  for (const run of packageRuns(model)) {
    const stage = run.inst.stage;
    if (!stage) continue;
    for (const r of run.removals) {
      if (!/^\/etc\/apt\/apt\.conf\.d\/(docker-clean|\*)$/.test(normalizePath(r.path))) continue;
      let list = byStage.get(stage);
      if (!list) byStage.set(stage, (list = []));
      list.push({ inst: run.inst, at: r.at });
    }
  }
  const settled = new Map<Stage, DockerInstruction | null>();
  const lastInChain = (stage: Stage): DockerInstruction | null => {
    const pending: Stage[] = [];
    let s: Stage | null = stage;
    while (s && !settled.has(s)) {
      pending.push(s);
      s = s.parent;
    }
    let last = s ? settled.get(s)! : null;
    for (let k = pending.length - 1; k >= 0; k--) {
      const own = byStage.get(pending[k]);
      if (own?.length) last = own[own.length - 1].inst;
      settled.set(pending[k], last);
    }
    return settled.get(stage)!;
  };
  return { byStage, lastInChain };
}

const DOCKER_CLEAN = Symbol('dockerClean');

/** apk: the index goes to /var/cache/apk unless every add/upgrade uses --no-cache and nothing runs `apk update`. */
function apkFinding(ctx: DockerfileContext, run: PackageRun): Report | null {
  const { model } = ctx;
  const apk = run.commands.filter((pc) => pc.tool === 'apk');
  const installs = apk.filter((pc) => pc.action === 'install' || pc.action === 'upgrade');
  if (!installs.length || mountCovers(run, '/var/cache/apk') || mountCovers(run, '/etc/apk/cache')) return null;
  // `--no-network` installs from what is already on disk and fetches no index
  const cached = installs.filter((pc) => !optionNamed(pc, 'no-cache', 'no-network'));
  const updates = apk.filter((pc) => pc.action === 'update' && !optionNamed(pc, 'no-cache', 'no-network'));
  const writers = [...cached, ...updates].sort((a, b) => a.start - b.start);
  if (!writers.length) return null;
  const lastWrite = last(writers)!.start;
  if (cleanedAfter(run, lastWrite, APK_CACHE, (pc) => pc.tool === 'apk' && pc.action === 'clean')) return null;
  if (!updates.length) {
    return report(
      ctx,
      cached[0],
      `\`${commandText(cached[0])}\` without \`--no-cache\` keeps the package index in /var/cache/apk in this layer. Use \`apk add --no-cache\` (it also makes \`apk update\` unnecessary).`,
      () => {
        const inserts = cached.map((pc) =>
          pc.subWord ? insertAfterWord(model, pc.where, pc.subWord, ' --no-cache') : null,
        );
        return { title: 'Add --no-cache', edits: inserts.every((e) => e) ? inserts.flatMap((e) => e!) : null };
      },
      APK_ANCHORS,
    );
  }
  return report(
    ctx,
    updates[0],
    '`apk update` stores the package index in /var/cache/apk, and nothing in this RUN removes it. Drop `apk update` and use `apk add --no-cache`, or remove the index in the same RUN: `&& rm -rf /var/cache/apk/*`.',
    () => appendFix(model, last(apk.filter((pc) => pc.action !== 'clean'))!, 'rm -rf /var/cache/apk/*'),
    APK_ANCHORS,
  );
}

/** yum/dnf/microdnf/tdnf and zypper keep repository metadata (and sometimes packages) until cleaned. */
function metadataFinding(ctx: DockerfileContext, run: PackageRun, family: 'rpm' | 'zypper'): Report | null {
  const mine = run.commands.filter((pc) => (family === 'rpm' ? RPM_TOOLS.test(pc.tool) : pc.tool === 'zypper'));
  const installs = mine.filter((pc) => pc.action === 'install' || pc.action === 'upgrade');
  if (!installs.length) return null;
  const dirs = [...new Set(installs.flatMap((pc) => cacheDirs(pc)))];
  if (dirs.some((d) => mountCovers(run, d))) return null;
  const writers = mine.filter((pc) => pc.action === 'install' || pc.action === 'upgrade' || pc.action === 'update');
  const anchor = last(writers)!;
  const inCache = (p: string) =>
    p === '/var/cache' || p === '/var/cache/*' || dirs.some((d) => p === d || p.startsWith(`${d}/`));
  const cleans = (pc: PackageCommand) =>
    pc.action === 'clean' && mine.includes(pc) && cacheDirs(pc).some((d) => dirs.includes(d));
  if (cleanedAfter(run, anchor.start, { test: inCache }, cleans)) return null;
  const tool = anchor.tool === 'dnf-3' ? 'dnf' : anchor.tool;
  const clean = family === 'rpm' ? `${tool} clean all` : 'zypper clean -a';
  const where = dirs.join(' or ');
  return report(
    ctx,
    anchor,
    `\`${commandText(anchor)}\` leaves the repository metadata cache (${where}) in this layer. Clean it in the same RUN: \`&& ${clean}\`.${mountNote(run, where)}`,
    () => appendFix(ctx.model, anchor, clean),
    family === 'rpm' ? rpmAnchors(tool) : ZYPPER_ANCHORS,
  );
}

/**
 * Where a tool of the rpm family or zypper keeps its cache: dnf (4) in /var/cache/dnf (dnf/const.py.in
 * SYSTEM_CACHEDIR), dnf5 in /var/cache/libdnf5 (`dnf` is dnf5 on Fedora 41 and later), microdnf in /var/cache/yum
 * (microdnf dnf/dnf-main.c CACHEDIR), tdnf in /var/cache/tdnf, yum 3 in /var/cache/yum while the `yum` of EL 8 and later
 * is dnf, zypper in /var/cache/zypp; or where `--setopt=cachedir=…` (dnf, microdnf) or `--cache-dir`/`-C` (zypper)
 * puts it.
 */
function cacheDirs(pc: PackageCommand): string[] {
  const setopt = pc.options.find((o) => o.name === 'setopt' && /^cachedir=/.test(o.value ?? ''));
  if (setopt) return [normalizePath(setopt.value!.slice('cachedir='.length))];
  if (pc.tool === 'zypper') {
    const dir = optionNamed(pc, 'cache-dir', 'C')?.value;
    return [dir ? normalizePath(dir) : '/var/cache/zypp'];
  }
  switch (pc.tool) {
    case 'yum': {
      const dnf = yumIsDnf(pc.where.inst.stage);
      return dnf === null ? ['/var/cache/yum', '/var/cache/dnf'] : [dnf ? '/var/cache/dnf' : '/var/cache/yum'];
    }
    case 'dnf':
      return ['/var/cache/dnf', '/var/cache/libdnf5'];
    case 'dnf5':
      return ['/var/cache/libdnf5'];
    case 'microdnf':
      return ['/var/cache/yum'];
    case 'tdnf':
      return ['/var/cache/tdnf'];
    default:
      return ['/var/cache/dnf'];
  }
}

/**
 * Whether `yum` is dnf, by the base image: true on Enterprise Linux 8 and later (UBI, Rocky, Alma, CentOS Stream,
 * Oracle Linux), Fedora and Amazon Linux 2023; false on EL 7 and Amazon Linux 2 (yum 3); null when the base does not say.
 */
function yumIsDnf(stage: Stage | null): boolean | null {
  let root = stage;
  while (root?.parent) root = root.parent;
  const ref = root?.image.resolved?.toLowerCase();
  if (!ref) return null;
  // linear: alternatives of literals, each digit run ended by a boundary
  if (/(^|\/)(centos|oraclelinux):[67]\b|(^|\/)amazonlinux:2($|[.-])|(^|\/)(ubi7|rhel7)\b/.test(ref)) return false;
  if (
    // linear: alternatives of literals, each digit run ended by a boundary
    /(^|\/)(ubi|rhel)(8|9|10)\b|(^|\/)(rockylinux|almalinux|fedora)(:|$)|centos:stream|amazonlinux:2023|(^|\/)oraclelinux:(8|9|10)\b/.test(
      ref,
    )
  )
    return true;
  return null;
}

/** pip keeps downloaded and built wheels in ~/.cache/pip unless told not to (pipx, whose pip runs per tool, is not checked). */
function pipFindings(ctx: DockerfileContext, run: PackageRun): Report[] {
  const { model } = ctx;
  const out: Report[] = [];
  for (const pc of run.commands) {
    if (pc.manager !== 'pip' || pc.tool === 'pipx' || pc.action !== 'install') continue;
    if (optionNamed(pc, 'no-cache-dir', 'no-index')) continue;
    if (envSetFor(model, pc, 'PIP_NO_CACHE_DIR') || pipConfiguredOff(model, pc)) continue;
    const dirs = [optionNamed(pc, 'cache-dir')?.value, model.varsAt(pc.where.inst).get('PIP_CACHE_DIR')]
      .filter((d): d is string => !!d)
      .map(normalizePath);
    if (dirs.some((d) => mountCovers(run, d))) continue;
    // pip's cache is <user cache dir>/pip (platformdirs: $XDG_CACHE_HOME, else ~/.cache)
    if (!dirs.length && userCacheMounted(model, run, pc, (t) => PIP_CACHE.test(t), 'pip')) continue;
    const removed = (r: { path: string }) =>
      PIP_CACHE.test(normalizePath(r.path)) ||
      dirs.some((d) => normalizePath(r.path) === d || normalizePath(r.path).startsWith(`${d}/`));
    if (run.removals.some((r) => r.at > pc.start && removed(r))) continue;
    if (run.commands.some((c) => c.start > pc.start && c.manager === 'pip' && c.action === 'clean')) continue;
    if (run.scripts.some((s) => s.at > pc.start && /clean/i.test(s.name))) continue;
    out.push(
      report(
        ctx,
        pc,
        `\`${commandText(pc)}\` keeps every downloaded and built wheel in the pip cache (${dirs[0] ?? '~/.cache/pip'}) in this layer. Add \`--no-cache-dir\` (or set PIP_NO_CACHE_DIR=1, or use a cache mount).${mountNote(run, dirs[0] ?? "the user's ~/.cache/pip")}`,
        () => ({
          title: 'Add --no-cache-dir',
          edits: pc.subWord ? insertAfterWord(model, pc.where, pc.subWord, ' --no-cache-dir') : null,
        }),
        PIP_ANCHORS,
      ),
    );
  }
  return out;
}

/**
 * yarn keeps every package it downloads: Yarn 1 in <home>/.cache/yarn, which for root is /usr/local/share/.cache/yarn
 * (yarnpkg/yarn src/util/user-home-dir.js, user-dirs.js), Yarn 2 and later in ~/.yarn/berry/cache (or the project's
 * .yarn/cache); `--cache-folder` and YARN_CACHE_FOLDER move it (yarn docs, "yarn cache"). hadolint DL3060 asks for
 * `yarn cache clean` after `yarn install`.
 */
function yarnFinding(ctx: DockerfileContext, run: PackageRun): Report | null {
  const { model } = ctx;
  const installs = run.commands.filter(
    (pc) => pc.tool === 'yarn' && (pc.action === 'install' || pc.action === 'upgrade') && !optionNamed(pc, 'offline'),
  );
  if (!installs.length) return null;
  const anchor = last(installs)!;
  const vars = model.varsAt(anchor.where.inst);
  const dirs = [...installs.map((pc) => optionNamed(pc, 'cache-folder')?.value), vars.get('YARN_CACHE_FOLDER')]
    .filter((d): d is string => !!d)
    .map(normalizePath);
  if (dirs.length ? dirs.every((d) => mountCovers(run, d)) : yarnCacheMounted(model, run, anchor)) return null;
  const removed = {
    test: (p: string) =>
      YARN_CACHE.test(p) || p.includes('yarn cache dir') || dirs.some((d) => p === d || p.startsWith(`${d}/`)),
  };
  if (cleanedAfter(run, anchor.start, removed, (pc) => pc.tool === 'yarn' && pc.action === 'clean')) return null;
  const where =
    dirs[0] ?? "yarn's cache (~/.cache/yarn; as root /usr/local/share/.cache/yarn; Yarn 2+: ~/.yarn/berry/cache)";
  return report(
    ctx,
    anchor,
    `\`${commandText(anchor)}\` keeps every package it downloads in ${where} in this layer. Clean it in the same RUN (\`&& yarn cache clean\`), or use a cache mount — unless the project uses Yarn 2+ Plug'n'Play, whose app runs from its cache.${mountNote(run, where)}`,
    // manual: with Yarn 2+ Plug'n'Play the packages are loaded from the cache's zip files at run time
    // (yarnpkg/berry#588: `yarn cache clean` removes .yarn/cache), so cleaning it unseen can break the image
    () => ({ ...appendFix(model, anchor, 'yarn cache clean'), manual: true }),
    YARN_ANCHORS,
  );
}

/** A cache mount covers yarn's default cache for the user the RUN runs as (Yarn 1's or Yarn 2+'s: either is enough). */
function yarnCacheMounted(model: DockerfileModel, run: PackageRun, pc: PackageCommand): boolean {
  // a project's own .yarn/cache (Yarn 2+ without the global cache)
  if (run.cacheMounts.some((t) => /\/\.yarn\/cache$/.test(t))) return true;
  const vars = model.varsAt(pc.where.inst);
  const home = vars.get('HOME');
  const user = runsAs(model, pc.where.inst);
  if (user === 'root') {
    const xdg = vars.get('XDG_CACHE_HOME');
    const v1 = xdg ? `${normalizePath(xdg)}/yarn` : '/usr/local/share/.cache/yarn';
    const berry = `${home ? normalizePath(home) : '/root'}/.yarn/berry/cache`;
    return mountCovers(run, v1) || mountCovers(run, berry);
  }
  return userCacheMounted(model, run, pc, (t) => YARN_CACHE.test(t), 'yarn');
}

/**
 * A cache mount covers a per-user cache (`<cache home>/<tool>`): as root, under $XDG_CACHE_HOME or $HOME/.cache (HOME
 * is /root unless ENV sets it); as another user, any `.cache` mount that is not root's; when the user is not known, any
 * mount that looks like the cache.
 */
function userCacheMounted(
  model: DockerfileModel,
  run: PackageRun,
  pc: PackageCommand,
  looksLike: (target: string) => boolean,
  tool: string,
): boolean {
  const vars = model.varsAt(pc.where.inst);
  const xdg = vars.get('XDG_CACHE_HOME');
  const home = vars.get('HOME');
  if (xdg || home) return mountCovers(run, `${normalizePath(xdg ?? `${normalizePath(home!)}/.cache`)}/${tool}`);
  switch (runsAs(model, pc.where.inst)) {
    case 'root':
      return mountCovers(run, `/root/.cache/${tool}`);
    case 'user':
      return run.cacheMounts.some((t) => looksLike(t) && !/^\/root(\/|$)/.test(t));
    default:
      return run.cacheMounts.some(looksLike);
  }
}

type RunUser = 'root' | 'user' | 'unknown';

/**
 * Who a RUN runs as: the last USER before it in its stage chain; without one, the base image's user when it is known
 * (an image known to run as another user, or one known to run as root).
 */
function runsAs(model: DockerfileModel, inst: DockerInstruction): RunUser {
  if (!inst.stage) return 'unknown';
  const { users, start } = stageUsers(model, inst.stage);
  // the last USER of the stage before the instruction (binary search)
  let lo = 0;
  let hi = users.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (users[mid].index < inst.index) lo = mid + 1;
    else hi = mid;
  }
  return lo ? users[lo - 1].who : start;
}

interface StageUsers {
  /** The stage's USER instructions, in order. */
  users: { index: number; who: RunUser }[];
  /** Who runs at the start of the stage (its parent's last user, or the base image's). */
  start: RunUser;
  /** Who runs at its end. */
  end: RunUser;
}

/** The USERs of a stage, settled once per stage, parents first (stage chains can be long). */
function stageUsers(model: DockerfileModel, stage: Stage): StageUsers {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && !recall<StageUsers>(s, STAGE_USERS); s = s.parent) chain.unshift(s);
  for (const s of chain) {
    const users: StageUsers['users'] = [];
    for (const i of s.instructions) if (i.keyword === 'USER') users.push({ index: i.index, who: userOf(model, i) });
    const start = s.parent ? recall<StageUsers>(s.parent, STAGE_USERS)!.end : baseUser(s);
    remember(s, STAGE_USERS, { users, start, end: users.length ? users[users.length - 1].who : start });
  }
  return recall<StageUsers>(stage, STAGE_USERS)!;
}

const STAGE_USERS = Symbol('stageUsers');

function userOf(model: DockerfileModel, user: DockerInstruction): RunUser {
  const value = model.word(user, user.body.text.trim()).value;
  if (value === null) return 'unknown';
  return isRootUserPart(parseUserSpec(value).user) ? 'root' : 'user';
}

function baseUser(stage: Stage): RunUser {
  if (stage.image.isScratch) return 'root';
  const ref = stage.image.resolved;
  if (!ref) return 'unknown';
  if (nonRootImage(ref)) return 'user';
  return rootImage(ref) ? 'root' : 'unknown';
}

/**
 * A later RUN that installs with apt without updating first relies on the lists this RUN leaves (in a stage built on
 * this one): removing them here would make it fail.
 */
function laterListUser(model: DockerfileModel, run: PackageRun): DockerInstruction | null {
  const from = run.inst.stage;
  if (!from) return null;
  const users = listUsers(model);
  // the first user after this RUN (binary search), then the first of those in a stage built on this one
  let lo = 0;
  let hi = users.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (users[mid].index <= run.inst.index) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < users.length; k++) {
    for (let s: Stage | null = users[k].stage; s && s.index >= from.index; s = s.parent)
      if (s === from) return users[k];
  }
  return null;
}

/** RUNs whose first apt step installs without `apt-get update` (they use lists an earlier RUN left), in file order. */
function listUsers(model: DockerfileModel): DockerInstruction[] {
  const cached = recall<DockerInstruction[]>(model, LIST_USERS);
  if (cached) return cached;
  const out: DockerInstruction[] = [];
  for (const run of packageRuns(model)) {
    const first = run.commands.find(
      (pc) => APT_TOOLS.test(pc.tool) && (pc.action === 'install' || pc.action === 'upgrade' || pc.action === 'update'),
    );
    if (first && first.action !== 'update' && !optionNamed(first, 'update') && run.inst.stage) out.push(run.inst);
  }
  remember(model, LIST_USERS, out);
  return out;
}

const LIST_USERS = Symbol('listUsers');

/** `no-cache-dir` written into a pip configuration file, or `pip config set global.no-cache-dir …`, earlier in the chain. */
function pipConfiguredOff(model: DockerfileModel, pc: PackageCommand): boolean {
  let test = recall<(here: Position) => boolean>(model, PIP_CONFIG);
  if (!test) remember(model, PIP_CONFIG, (test = earlierInChain(pipConfigEvents(model))));
  return test({ inst: pc.where.inst, at: pc.start });
}

/** Where the file configures pip's no-cache-dir (computed once per model). */
function pipConfigEvents(model: DockerfileModel): Position[] {
  const out: Position[] = [];
  for (const w of fileWrites(model)) {
    if (/no[-_]cache[-_]dir/i.test(w.text.text)) out.push({ inst: w.inst, at: w.text.offsets[0] ?? w.text.end });
  }
  for (const run of packageRuns(model)) {
    for (const c of run.commands) {
      if (c.manager === 'pip' && c.sub === 'config' && c.operands.some((o) => /no-cache-dir/.test(o.word.value)))
        out.push({ inst: run.inst, at: c.start });
    }
  }
  return out;
}

const PIP_CONFIG = Symbol('pipConfig');

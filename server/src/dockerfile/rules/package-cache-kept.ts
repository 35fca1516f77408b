import type { Anchor, Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { TextEdit } from 'vscode-languageserver-types';
import {
  PackageCommand,
  PackageRun,
  Position,
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
import { recall, remember } from '../../common/memo';

// the lists directory itself or everything in it (`/var/lib/apt/lists/partial` alone is not a cleanup)
const APT_LISTS = /^\/var\/lib\/apt(\/lists)?(\/\*?)?$/;
const APK_CACHE = /^\/var\/cache(\/apk)?(\/.*)?$|^\/var\/cache\/\*$/;
const RPM_CACHE = /^\/var\/cache(\/(yum|dnf|libdnf5|tdnf))?(\/.*)?$|^\/var\/cache\/\*$/;
const ZYPP_CACHE = /^\/var\/cache(\/zypp)?(\/.*)?$|^\/var\/cache\/\*$/;
const PIP_CACHE = /(^|\/)\.cache(\/pip)?(\/\*?)?$/;
const RPM_TOOLS = /^(yum|dnf|dnf5|dnf-3|microdnf|tdnf)$/;

/** Other tools' ids per finding, so that their pragmas suppress only the findings they mean. */
const hadolint = (id: string): Anchor => ({ tool: 'hadolint', id });
const trivy = (id: string): Anchor => ({ tool: 'trivy', id });
const APT_ANCHORS = [hadolint('DL3009')];
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
    'Package indexes and download caches (apt lists, /var/cache/apk, the yum/dnf/zypper metadata, the pip cache) are only needed while installing. Left in the layer they add megabytes to every pull and record stale package metadata in the image; deleting them in a later RUN does not shrink the layer that wrote them.',
  remedy:
    'Clean up in the same RUN that installs: `apk add --no-cache`, `pip install --no-cache-dir`, `&& rm -rf /var/lib/apt/lists/*`, `&& dnf clean all` — or use a BuildKit cache mount.',
  guidance: ['Images: start from minimal base images', 'Build: add only what is needed'],
  anchors: [
    { tool: 'hadolint', id: 'DL3009' },
    { tool: 'hadolint', id: 'DL3019' },
    { tool: 'hadolint', id: 'DL3032' },
    { tool: 'hadolint', id: 'DL3040' },
    { tool: 'hadolint', id: 'DL3036' },
    { tool: 'hadolint', id: 'DL3042' },
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
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    const shipped = shippedStages(model);
    for (const run of packageRuns(model)) {
      if (!run.inst.stage || !shipped.has(run.inst.stage) || !run.commands.length) continue;
      const apt = aptFinding(model, run);
      if (apt) out.push(apt);
      const apk = apkFinding(model, run);
      if (apk) out.push(apk);
      const rpm = metadataFinding(model, run, 'rpm');
      if (rpm) out.push(rpm);
      const zypper = metadataFinding(model, run, 'zypper');
      if (zypper) out.push(zypper);
      out.push(...pipFindings(model, run));
    }
    return out;
  },
};

/** Removed after `at` in the run: a path matching `re`, or a clean command `isClean` accepts. */
function cleanedAfter(run: PackageRun, at: number, re: RegExp, isClean: (pc: PackageCommand) => boolean): boolean {
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

function report(
  model: DockerfileModel,
  pc: PackageCommand,
  message: string,
  fix: CleanupFix | null,
  anchors: Anchor[],
): Report {
  const label = commandLabel(model, pc);
  const fixes: Fix[] = fix?.edits
    ? [{ title: fix.title, edits: fix.edits, isPreferred: true, ...(fix.manual ? { manual: true } : {}) }]
    : [];
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

/** apt: `apt-get update` writes /var/lib/apt/lists; a RUN that updates and installs should remove them. */
function aptFinding(model: DockerfileModel, run: PackageRun): Report | null {
  const apt = run.commands.filter((pc) => pc.tool === 'apt-get' || pc.tool === 'apt');
  // `apt-get install --update` (apt 3) updates the lists first
  const updates = apt.filter(
    (pc) =>
      pc.action === 'update' || ((pc.action === 'install' || pc.action === 'upgrade') && !!optionNamed(pc, 'update')),
  );
  const installs = apt.filter((pc) => pc.action === 'install' || pc.action === 'upgrade');
  if (!updates.length || !installs.length || mountCovers(run, '/var/lib/apt/lists')) return null;
  const anchor = last(installs)!;
  // the cleanup goes after the last step that (re)fills the lists: before a later `apt-get update` it would leave
  // them, and "Fix all" would append it again on every round
  const lastWriter = last(updates)!.start > anchor.start ? last(updates)! : anchor;
  if (
    cleanedAfter(
      run,
      lastWriter.start,
      APT_LISTS,
      (pc) => (pc.tool === 'apt-get' || pc.tool === 'apt') && /^(distclean|dist-clean)$/.test(pc.sub),
    )
  )
    return null;
  const fix = appendFix(model, lastWriter, 'rm -rf /var/lib/apt/lists/*');
  const later = laterListUser(model, run);
  return report(
    model,
    anchor,
    `The apt package lists that \`apt-get update\` downloaded stay in this layer (/var/lib/apt/lists, often tens of MB of stale metadata). Remove them in the same RUN, after the last install or update: \`&& rm -rf /var/lib/apt/lists/*\`${later ? ` (and run \`apt-get update\` in the later RUN on line ${later.range.start.line + 1} that installs without it)` : ''}.`,
    later ? { ...fix, manual: true } : fix,
    APT_ANCHORS,
  );
}

/** apk: the index goes to /var/cache/apk unless every add/upgrade uses --no-cache and nothing runs `apk update`. */
function apkFinding(model: DockerfileModel, run: PackageRun): Report | null {
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
    const inserts = cached.map((pc) =>
      pc.subWord ? insertAfterWord(model, pc.where, pc.subWord, ' --no-cache') : null,
    );
    const edits = inserts.every((e) => e) ? inserts.flatMap((e) => e!) : null;
    return report(
      model,
      cached[0],
      `\`${commandText(cached[0])}\` without \`--no-cache\` keeps the package index in /var/cache/apk in this layer. Use \`apk add --no-cache\` (it also makes \`apk update\` unnecessary).`,
      { title: 'Add --no-cache', edits },
      APK_ANCHORS,
    );
  }
  return report(
    model,
    updates[0],
    '`apk update` stores the package index in /var/cache/apk, and nothing in this RUN removes it. Drop `apk update` and use `apk add --no-cache`, or remove the index in the same RUN: `&& rm -rf /var/cache/apk/*`.',
    appendFix(model, last(apk.filter((pc) => pc.action !== 'clean'))!, 'rm -rf /var/cache/apk/*'),
    APK_ANCHORS,
  );
}

/** yum/dnf/microdnf/tdnf and zypper keep repository metadata (and sometimes packages) until cleaned. */
function metadataFinding(model: DockerfileModel, run: PackageRun, family: 'rpm' | 'zypper'): Report | null {
  const mine = run.commands.filter((pc) => (family === 'rpm' ? RPM_TOOLS.test(pc.tool) : pc.tool === 'zypper'));
  const installs = mine.filter((pc) => pc.action === 'install' || pc.action === 'upgrade');
  if (!installs.length) return null;
  const covered =
    family === 'rpm'
      ? ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/tdnf'].some((d) => mountCovers(run, d))
      : mountCovers(run, '/var/cache/zypp');
  if (covered) return null;
  const writers = mine.filter((pc) => pc.action === 'install' || pc.action === 'upgrade' || pc.action === 'update');
  const anchor = last(writers)!;
  if (
    cleanedAfter(
      run,
      anchor.start,
      family === 'rpm' ? RPM_CACHE : ZYPP_CACHE,
      (pc) => pc.action === 'clean' && (family === 'rpm' ? RPM_TOOLS.test(pc.tool) : pc.tool === 'zypper'),
    )
  )
    return null;
  const tool = anchor.tool === 'dnf-3' ? 'dnf' : anchor.tool;
  const clean = family === 'rpm' ? `${tool} clean all` : 'zypper clean -a';
  const where =
    family === 'rpm' ? `/var/cache/${tool === 'yum' ? 'yum' : tool === 'tdnf' ? 'tdnf' : 'dnf'}` : '/var/cache/zypp';
  return report(
    model,
    anchor,
    `\`${commandText(anchor)}\` leaves the repository metadata cache (${where}) in this layer. Clean it in the same RUN: \`&& ${clean}\`.`,
    appendFix(model, anchor, clean),
    family === 'rpm' ? rpmAnchors(tool) : ZYPPER_ANCHORS,
  );
}

/** pip keeps downloaded and built wheels in ~/.cache/pip unless told not to (pipx, whose pip runs per tool, is not checked). */
function pipFindings(model: DockerfileModel, run: PackageRun): Report[] {
  const out: Report[] = [];
  for (const pc of run.commands) {
    if (pc.manager !== 'pip' || pc.tool === 'pipx' || pc.action !== 'install') continue;
    if (optionNamed(pc, 'no-cache-dir', 'no-index')) continue;
    if (envSetFor(model, pc, 'PIP_NO_CACHE_DIR') || pipConfiguredOff(model, pc)) continue;
    const dirs = [optionNamed(pc, 'cache-dir')?.value, model.varsAt(pc.where.inst).get('PIP_CACHE_DIR')]
      .filter((d): d is string => !!d)
      .map(normalizePath);
    if (run.cacheMounts.some((t) => PIP_CACHE.test(t) || dirs.includes(t))) continue;
    const removed = (r: { path: string }) =>
      PIP_CACHE.test(normalizePath(r.path)) ||
      dirs.some((d) => normalizePath(r.path) === d || normalizePath(r.path).startsWith(`${d}/`));
    if (run.removals.some((r) => r.at > pc.start && removed(r))) continue;
    if (run.commands.some((c) => c.start > pc.start && c.manager === 'pip' && c.action === 'clean')) continue;
    if (run.scripts.some((s) => s.at > pc.start && /clean/i.test(s.name))) continue;
    out.push(
      report(
        model,
        pc,
        `\`${commandText(pc)}\` keeps every downloaded and built wheel in the pip cache (~/.cache/pip) in this layer. Add \`--no-cache-dir\` (or set PIP_NO_CACHE_DIR=1, or use a cache mount).`,
        {
          title: 'Add --no-cache-dir',
          edits: pc.subWord ? insertAfterWord(model, pc.where, pc.subWord, ' --no-cache-dir') : null,
        },
        PIP_ANCHORS,
      ),
    );
  }
  return out;
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
      (pc) =>
        (pc.tool === 'apt-get' || pc.tool === 'apt') &&
        (pc.action === 'install' || pc.action === 'upgrade' || pc.action === 'update'),
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

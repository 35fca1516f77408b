import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { Word } from '../model/shell';
import { RunCommand, basename, runCommands } from '../analysis/commands';
import { replaceRange } from '../analysis/edits';
import { copyOperands } from '../analysis/sources';
import { ModeEffect, modeEffect, narrowMode } from './insecure-permissions/fileModes';
import { trimTrailing } from '../../text/scan';

/** A mode operand and the paths it applies to. */
interface ModeUse {
  inst: DockerInstruction;
  /** How it was written, for messages (`chmod -R`, `COPY --chmod`). */
  how: string;
  mode: string;
  /** Document offsets of the mode as written, and whether it can be edited in place (not from a variable). */
  start: number;
  end: number;
  editable: boolean;
  targets: string[];
  /** The same RUN sets the sticky bit on every target afterwards (`chmod 777 /scratch && chmod +t /scratch`). */
  stickyLater?: boolean;
}

const CHMOD_OPTIONS = /^-[cfvR]+$|^--(recursive|changes|silent|quiet|verbose|no-preserve-root|preserve-root)$/;
const TMP_DIR = /^(\/tmp|\/var\/tmp|\/dev\/shm|.*\/tmp)\/?$/;

export const insecurePermissions: DockerfileRule = {
  id: 'insecure-permissions',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'World-writable or setuid/setgid permissions',
  rationale:
    "A world-writable file or directory lets any process in the container replace programs, configuration or data that others trust; a setuid/setgid binary runs with its owner's privileges (usually root) for whoever starts it — the classic way to regain root after dropping it.",
  remedy:
    'Give paths the narrowest mode that works (755 for directories and programs, 644 for files, or chown to the one user that writes), and do not add setuid/setgid bits; use the sticky bit (1777) for shared temp directories.',
  guidance: ['Host: least privilege', 'Host: no-new-privileges'],
  anchors: [],
  shell: true,
  fixes: ['Narrow a world-writable mode (777 → 755, 666 → 644; temp directories → 1777)'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const use of modeUses(model)) {
      const effect = modeEffect(use.mode);
      if (!effect) continue;
      const w = worldWritableReport(model, use, effect);
      if (w) out.push(w);
      const s = setidReport(model, use, effect);
      if (s) out.push(s);
    }
    return out;
  },
};

function worldWritableReport(model: DockerfileModel, use: ModeUse, effect: ModeEffect): Report | null {
  // sticky world-writable directories (`chmod 1777 /tmp`) are how shared temp directories are meant to be
  if (!effect.worldWritable || effect.sticky || use.stickyLater) return null;
  // device nodes are world-writable by design (`chmod 666 /dev/null`)
  if (use.targets.length && use.targets.every((t) => t.startsWith('/dev/') && !t.startsWith('/dev/shm'))) return null;
  const where = describeTargets(use.targets);
  const tmp = use.targets.length > 0 && use.targets.every((t) => TMP_DIR.test(t));
  const fixes: Fix[] = [];
  const narrowed = use.editable ? narrowMode(use.mode, tmp) : null;
  if (narrowed) {
    fixes.push({
      title: tmp ? `Make it a sticky shared directory (${narrowed})` : `Narrow the mode to ${narrowed}`,
      edits: [replaceRange(model, use.start, use.end, narrowed)],
      isPreferred: true,
      manual: true,
    });
  }
  return {
    range: model.range(use.start, use.end),
    message: tmp
      ? `${written(use)} makes ${where} writable by every user without the sticky bit, so any process can delete or replace others' files. Use 1777 (sticky) for a shared temp directory.`
      : `${written(use)} makes ${where} writable by every user in the container, so any process can replace what others run or read. Use 755 for directories and programs, 644 for files, or chown it to the one user that writes.`,
    fixes,
  };
}

function setidReport(model: DockerfileModel, use: ModeUse, effect: ModeEffect): Report | null {
  if (!effect.setuid && !effect.setgid) return null;
  const bits = effect.setuid && effect.setgid ? 'setuid and setgid bits' : effect.setuid ? 'setuid bit' : 'setgid bit';
  return {
    range: model.range(use.start, use.end),
    message: `${written(use)} sets the ${bits} on ${describeTargets(use.targets)}: whoever runs it gets its owner's privileges, a way back to root. Remove the bit; if the program needs one privilege, grant that capability (setcap) instead.`,
  };
}

function written(use: ModeUse): string {
  return use.how.endsWith('=') ? use.how + use.mode : `${use.how} ${use.mode}`;
}

function describeTargets(targets: string[]): string {
  if (!targets.length) return 'the target';
  const shown = targets.slice(0, 2).join(' ');
  return targets.length > 2 ? `${shown} …` : shown;
}

/** Every mode a Dockerfile applies: chmod (also under find -exec / xargs), mkdir -m, install -m, COPY/ADD --chmod. */
function modeUses(model: DockerfileModel): ModeUse[] {
  const uses: ModeUse[] = [];
  for (const c of runCommands(model)) {
    const before = uses.length;
    if (c.name === 'chmod') pushChmod(model, c.inst, c.args, 'chmod', uses);
    else if (c.name === 'find') {
      // find … -exec chmod 777 {} \;
      for (let i = 0; i < c.args.length; i++) {
        if (!/^-(exec|execdir|ok|okdir)$/.test(c.args[i].value) || basename(c.args[i + 1]?.value ?? '') !== 'chmod')
          continue;
        const end = c.args.findIndex((a, j) => j > i && (a.value === ';' || a.value === '+'));
        const first = uses.length;
        pushChmod(model, c.inst, c.args.slice(i + 2, end < 0 ? undefined : end), 'find -exec chmod', uses);
        // what find visits: its start paths, not the `{}` placeholder
        const optionsAt = c.args.findIndex((a) => a.value.startsWith('-') || a.value === '!' || a.value === '(');
        const starts = c.args.slice(0, optionsAt < 0 ? c.args.length : optionsAt).map((a) => a.value);
        for (const u of uses.slice(first)) u.targets = starts;
      }
    } else if (c.name === 'mkdir' || c.name === 'install') pushModeOption(model, c.inst, c.args, c.name, uses);
    // a scratch directory the same RUN deletes again never reaches the image (`chmod 777 "$tempDir"; … rm -rf "$tempDir"`)
    for (let i = uses.length - 1; i >= before; i--) if (removedLater(c, uses[i].targets)) uses.splice(i, 1);
    for (const use of uses.slice(before))
      use.stickyLater = !use.how.endsWith('-R') && stickyLater(model, c, use.targets);
  }
  for (const inst of model.instructions) {
    if ((inst.effectiveKeyword !== 'COPY' && inst.effectiveKeyword !== 'ADD') || inst.stage?.windows) continue;
    const flag = model.flag(inst, 'chmod');
    if (!flag?.value) continue;
    const token = model.text.slice(flag.start, flag.end);
    const valueStart = flag.start + token.indexOf('=') + 1;
    const resolved = resolveValue(model, inst, flag.value);
    if (resolved === null) continue;
    uses.push({
      inst,
      how: `${inst.effectiveKeyword} --chmod=`,
      mode: resolved,
      start: valueStart,
      end: flag.end,
      editable: !flag.value.includes('$'),
      targets: copyOperands(model, inst)
        .slice(-1)
        .map((o) => o.value),
    });
  }
  return uses;
}

function resolveValue(model: DockerfileModel, inst: DockerInstruction, text: string): string | null {
  // `--chmod` is one word BuildKit evaluates (commands.go 263-315)
  return model.word(inst, text).value;
}

function modeWord(
  model: DockerfileModel,
  inst: DockerInstruction,
  word: Word,
): { mode: string; editable: boolean } | null {
  const mode = word.dynamic ? resolveValue(model, inst, word.value) : word.value;
  return mode === null ? null : { mode, editable: !word.dynamic };
}

function pushChmod(model: DockerfileModel, inst: DockerInstruction, args: Word[], how: string, uses: ModeUse[]): void {
  let i = 0;
  let recursive = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--reference')) return;
    if (!CHMOD_OPTIONS.test(v)) break;
    if (/^-[cfv]*R|^--recursive$/.test(v)) recursive = true;
  }
  const word = args[i];
  if (!word) return;
  const m = modeWord(model, inst, word);
  if (!m) return;
  uses.push({
    inst,
    how: recursive ? `${how} -R` : how,
    mode: m.mode,
    start: word.start,
    end: word.end,
    editable: m.editable,
    targets: targetsOf(args.slice(i + 1)),
  });
}

/** `mkdir -m 777 dir`, `mkdir -pm777 dir`, `install -m 4755 src dst`, `--mode=777`. */
function pushModeOption(
  model: DockerfileModel,
  inst: DockerInstruction,
  args: Word[],
  how: string,
  uses: ModeUse[],
): void {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    let word: Word | undefined;
    let offset = 0;
    if (/^--mode=/.test(v)) {
      word = args[i];
      offset = 7;
    } else if (/^-[A-Za-z]*m$/.test(v) && !v.startsWith('--')) word = args[++i];
    else if (/^-[A-Za-z]*m[0-7]+$/.test(v) && !v.startsWith('--')) {
      word = args[i];
      offset = v.indexOf('m') + 1;
    }
    if (!word) continue;
    const sliced = offset ? { ...word, value: word.value.slice(offset), start: word.start + offset } : word;
    const m = modeWord(model, inst, sliced);
    if (!m) continue;
    // the offset into the written word is only exact when nothing before it was quoted or escaped
    const editable = m.editable && (!offset || model.text.slice(word.start, word.end) === word.value);
    uses.push({
      inst,
      how: `${how} -m`,
      mode: m.mode,
      start: sliced.start,
      end: word.end,
      editable,
      targets: targetsOf(args.slice(i + 1)),
    });
  }
}

function targetsOf(args: Word[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    // install's owner, group, target-directory and suffix options take a value
    if (/^-[A-Za-z]*[ogtS]$/.test(v) && !v.startsWith('--')) i++;
    else if (!v.startsWith('-')) out.push(v);
  }
  return out;
}

function removedLater(c: RunCommand, targets: string[]): boolean {
  const later = c.script.commands
    .slice(c.script.commands.indexOf(c.cmd) + 1)
    .filter((k) => basename(k.words[0]?.value ?? '') === 'rm');
  const strip = (v: string) => trimTrailing(v, '/');
  return (
    targets.length > 0 && targets.every((t) => later.some((k) => k.words.some((w) => strip(w.value) === strip(t))))
  );
}

/**
 * A later `chmod` in the same RUN sets the sticky bit on every target (`chmod 777 /scratch && chmod +t /scratch`): the
 * image gets a /tmp-style shared directory. Not after a recursive mode, which left the files below world-writable.
 */
function stickyLater(model: DockerfileModel, c: RunCommand, targets: string[]): boolean {
  if (!targets.length) return false;
  const strip = (v: string) => trimTrailing(v, '/');
  const sticky = new Set<string>();
  for (const k of c.script.commands.slice(c.script.commands.indexOf(c.cmd) + 1)) {
    if (basename(k.words[0]?.value ?? '') !== 'chmod') continue;
    const later: ModeUse[] = [];
    pushChmod(model, c.inst, k.words.slice(1), 'chmod', later);
    for (const u of later) if (modeEffect(u.mode)?.sticky) for (const t of u.targets) sticky.add(strip(t));
  }
  return targets.every((t) => sticky.has(strip(t)));
}

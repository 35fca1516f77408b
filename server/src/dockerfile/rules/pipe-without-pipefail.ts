import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report } from '../../rules/types';
import { fixesIfWanted, type DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import type { ShellCommand, ShellScript, Word } from '../model/shell';
import { tokenizeShell } from '../model/shell';
import { basename, unwrap } from '../analysis/commands';
import { pipelineOf } from '../analysis/executed';
import { stageDistro } from '../analysis/distro';
import { eol, insertAt, insertLinesBefore, replaceRange } from '../analysis/edits';
import { commandSpan } from '../analysis/commandEdits';
import { parseOptions } from '../analysis/options';
import { recall, remember } from '../../common/memo';
import { optionsSetPipefail, ShellInEffect } from '../model/shellInEffect';

/** POSIX shells, and those whose `set -o pipefail` is known to work (not dash: Debian 12's 0.5.12 rejects it). */
const POSIX_SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ash',
  'ksh',
  'ksh93',
  'mksh',
  'lksh',
  'oksh',
  'loksh',
  'yash',
  'posh',
  'busybox',
]);
const PIPEFAIL_SHELLS = new Set([
  'bash',
  'zsh',
  'ash',
  'ksh',
  'ksh93',
  'mksh',
  'lksh',
  'oksh',
  'loksh',
  'yash',
  'busybox',
]);
/** Commands whose failure pipefail would not reveal, or that pipefail turns into a failure (`yes` dies of SIGPIPE). */
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'true', ':', 'yes']);
/** Reserved words that make the next pipeline a condition, whose status is tested, not a failure. */
const CONDITION_WORDS = new Set(['if', 'elif', 'while', 'until', '!']);
/** An `||` alternative that tolerates the failure anyway. */
const TOLERANT = new Set(['true', ':', 'echo', 'printf']);
const BASH_PIPEFAIL_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
/** Options of `sh` that dash and bash share and read the same way, so a bash SHELL can keep them. */
const SHARED_SH_OPTIONS = /^-[aCefnuvx]+$/;

/** The shell a script runs under. */
interface Interpreter {
  /** Basename of the shell (`sh` for the default `/bin/sh -c`). */
  shell: string;
  /** Started with `-o pipefail` (SHELL, shebang or `bash -o pipefail <<EOF`). */
  pipefail: boolean;
  /** The script is run by the stage's SHELL (so a SHELL instruction changes it). */
  viaShellInstruction: boolean;
}

/** What one check computes once and shares between findings (large files have thousands of RUNs). */
interface CheckContext {
  model: DockerfileModel;
  /**
   * The bash SHELL fix of a stretch of a stage that runs under one SHELL (keyed by the stage's SHELL instruction that
   * starts it, or by the stage for the stretch before its first SHELL), computed for its first finding that needs one.
   */
  shellFixes: Map<Stage | DockerInstruction, Fix | null>;
  instBreaks: Map<DockerInstruction, boolean>;
  subtreeBreaks: Map<Stage, boolean>;
  children?: Map<Stage, Stage[]>;
}

interface Pipeline {
  commands: ShellCommand[];
  /** Document offsets of the first `|`. */
  pipeStart: number;
  pipeEnd: number;
}

interface ScriptFinding {
  inst: DockerInstruction;
  script: ShellScript;
  interpreter: Interpreter;
  first: Pipeline;
  count: number;
  /** Pipefail at the start would break a pipeline (`yes |`, `| head`, `| grep -q`) or be undone (`set +o pipefail`). */
  hazard: boolean;
}

export const pipeWithoutPipefail: DockerfileRule = {
  id: 'pipe-without-pipefail',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Pipe without pipefail',
  rationale:
    "A pipeline's exit status is its last command's: in `curl -fsSL <url> | tar -xz` a failed download still passes when tar exits 0, and in `X=$(curl … | jq …)` an empty value goes on. The build succeeds with a broken or missing artifact.",
  remedy:
    'Turn on pipefail for the RUN (`set -o pipefail && …`, in bash, zsh, ksh or busybox ash) or for the stage (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, where /bin/sh is dash).',
  guidance: ['Build: verify downloads and packages'],
  anchors: [
    { tool: 'hadolint', id: 'DL4006' },
    { tool: 'kics', id: 'Shell Running A Pipe Without Pipefail Flag' },
  ],
  shell: true,
  fixes: [
    'Prefix the script with `set -o pipefail`',
    'Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` from the RUN on (or change the stage\'s `sh -c` SHELL to it)',
  ],
  fixSafety: 'manual',
  check(context) {
    const { model } = context;
    const ctx: CheckContext = {
      model,
      shellFixes: new Map(),
      instBreaks: new Map(),
      subtreeBreaks: new Map(),
    };
    const found: ScriptFinding[] = [];
    for (const inst of model.instructions) {
      // ONBUILD triggers run under the downstream image's shell, which is unknown here
      if (inst.keyword !== 'RUN' || !inst.stage || inst.stage.windows) continue;
      for (const script of inst.scripts) {
        // a script without a `|` has no pipeline of two commands: nothing to report, hazard or not (most RUNs)
        if (!hasPipe(script)) continue;
        const interpreter = interpreterOf(ctx, inst, script);
        if (!interpreter || !POSIX_SHELLS.has(interpreter.shell)) continue;
        const f = scriptFinding(model, inst, script, interpreter);
        if (f) found.push(f);
      }
    }
    const out: Report[] = [];
    for (const f of found) {
      const names = f.first.commands.map(commandLabel);
      const last = names[names.length - 1];
      // the first command whose failure would be lost (not an `echo` feeding the pipe)
      const upstream = f.first.commands.slice(0, -1).find((c) => !isHarmlessProducer(c)) ?? f.first.commands[0];
      const more = f.count > 1 ? ` (and ${f.count - 1} more pipeline${f.count > 2 ? 's' : ''} in this script)` : '';
      const how = advice(ctx, f);
      out.push({
        range: model.range(f.first.pipeStart, f.first.pipeEnd),
        message: `\`${names.join(' | ')}\` runs without pipefail${more}: the pipeline's status is \`${last}\`'s alone, so a failure of \`${commandLabel(upstream)}\` is lost unless \`${last}\` fails too. ${how}`,
        fixes: fixesIfWanted(context, () => {
          const fix = fixFor(ctx, f);
          return fix ? [fix] : [];
        }),
      });
    }
    return out;
  },
};

function commandLabel(cmd: ShellCommand): string {
  const u = unwrap(cmd);
  return u ? u.name : basename(cmd.words[0]?.value ?? '');
}

/**
 * Some command of the script is joined to the one before by `|`. Every pipeline scriptFinding considers comes from
 * pipelineOf, which is the single command itself unless a command of the script has `before === '|'`.
 */
export function hasPipe(script: ShellScript): boolean {
  for (const c of script.commands) if (c.before === '|') return true;
  return false;
}

/** The shell and its options for one script of a RUN. */
function interpreterOf(ctx: CheckContext, inst: DockerInstruction, script: ShellScript): Interpreter | null {
  const viaShell = (): Interpreter => {
    const sh = ctx.model.shellAt(inst);
    return { shell: sh.shell, pipefail: sh.pipefail, viaShellInstruction: true };
  };
  const heredoc = inst.heredocs.find((h) => h.content === script.source);
  if (!heredoc) return viaShell();
  const line = inst.scripts[0];
  const first = line?.topLevel[0];
  if (!first || first.words.length === 0) {
    // `RUN <<EOF`: a shebang picks the interpreter, otherwise SHELL runs the body
    const shebang = /^#!\s*(\S+)(?:[ \t]+([^\n]*))?/.exec(script.source.text);
    if (!shebang) return viaShell();
    const parts = [shebang[1], ...(shebang[2] ?? '').trim().split(/\s+/).filter(Boolean)];
    if (basename(parts[0]) === 'env') parts.shift();
    while (parts.length && /^-/.test(parts[0])) parts.shift();
    if (!parts.length) return null;
    return { shell: basename(parts[0]), pipefail: optionsSetPipefail(parts.slice(1)), viaShellInstruction: false };
  }
  // `RUN bash -o pipefail <<EOF`, `RUN sh -s <<EOF`: a fresh shell reads the body
  const u = unwrap(first);
  if (!u) return null;
  return { shell: u.name, pipefail: optionsSetPipefail(u.args.map((a) => a.value)), viaShellInstruction: false };
}

/** The first unprotected pipeline of a script, how many there are, and whether pipefail would break one. */
function scriptFinding(
  model: DockerfileModel,
  inst: DockerInstruction,
  script: ShellScript,
  interpreter: Interpreter,
): ScriptFinding | null {
  let pipefail = interpreter.pipefail;
  let first: Pipeline | null = null;
  let count = 0;
  let hazard = false;
  const consider = (commands: ShellCommand[]) => {
    if (commands.length < 2) return;
    if (breaksUnderPipefail(commands)) {
      hazard = true;
      return;
    }
    if (
      pipefail ||
      templated(commands) ||
      isCondition(script, commands[0]) ||
      harmlessProducers(commands) ||
      tolerated(script, commands)
    )
      return;
    const pipe = firstPipe(script, commands);
    if (!pipe) return;
    count++;
    if (!first) first = { commands, ...pipe };
  };
  const depth0 = script.commands.filter((c) => c.depth === 0);
  for (const cmd of depth0) {
    const u = unwrap(cmd);
    if (u?.name === 'set') {
      const args = u.args.map((a) => a.value);
      if (args.some((a, k) => /^[-+][A-Za-z]*o$/.test(a) && args[k + 1] === 'pipefail')) {
        pipefail = optionsSetPipefail(args);
        // `set +o pipefail` later in the script would undo a prefix: no automatic fix
        if (!pipefail) hazard = true;
      }
    }
    if (cmd.before !== '|') consider(pipelineOf(script, cmd));
    // `X=$(curl … | jq …)`: the assignment's status is the substitution's
    if (cmd.words.length === 0)
      for (const a of cmd.assignments) for (const p of substitutionPipelines(script, a)) consider(p);
  }
  if (!first) return null;
  return { inst, script, interpreter, first, count, hazard };
}

/** Pipelines run by the outermost substitutions of a word. */
function substitutionPipelines(script: ShellScript, word: Word): ShellCommand[][] {
  if (!word.nested.length) return [];
  const depth = Math.min(...word.nested.map((n) => n.depth));
  return word.nested.filter((n) => n.depth === depth && n.before !== '|').map((n) => pipelineOf(script, n));
}

/** Pipefail would fail the pipeline when a reader stops early (SIGPIPE): `yes | …`, `… | head`, `… | grep -q`. */
function breaksUnderPipefail(commands: ShellCommand[]): boolean {
  if (commands.slice(0, -1).some((c) => unwrap(c)?.name === 'yes')) return true;
  return commands.slice(1).some((c) => {
    const u = unwrap(c);
    if (!u) return false;
    const values = u.args.map((a) => a.value);
    if (u.name === 'head') return true;
    if (/^(grep|egrep|fgrep|rg)$/.test(u.name)) {
      const p = parseOptions(u.args, {
        shortValue: 'efmABCd',
        longValue: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context'],
      });
      return p.options.some((o) =>
        ['q', 'l', 'L', 'm', 'quiet', 'silent', 'max-count', 'files-with-matches', 'files-without-match'].includes(
          o.name,
        ),
      );
    }
    if (u.name === 'sed') return values.some((v) => /(^|[;{}\s\d/])q(\s*\d*)?($|[;}\s])/.test(v));
    if (/^(awk|gawk|mawk|nawk)$/.test(u.name)) return values.some((v) => /\bexit\b/.test(v));
    return false;
  });
}

/** Template placeholders (`{{ if x | f }}` in a Dockerfile template) are not shell: their `|` is no pipe. */
function templated(commands: ShellCommand[]): boolean {
  return commands.some((c) => c.words.some((w) => /\{\{|\}\}/.test(w.value)));
}

/** Every command before the last one only prints text: nothing for pipefail to reveal. */
function harmlessProducers(commands: ShellCommand[]): boolean {
  return commands.slice(0, -1).every(isHarmlessProducer);
}

/** `echo`, `printf`, `true`, `yes`, and `cat <<EOF` / `cat <<< "$x"`: they only print text. */
function isHarmlessProducer(c: ShellCommand): boolean {
  const u = unwrap(c);
  if (!u) return true;
  if (HARMLESS_PRODUCERS.has(u.name)) return true;
  return (
    u.name === 'cat' &&
    u.args.length === 0 &&
    c.redirects.some((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<')
  );
}

/** `a | b || true`: the failure is tolerated whatever pipefail says. */
function tolerated(script: ShellScript, commands: ShellCommand[]): boolean {
  const last = commands[commands.length - 1];
  if (last.after !== '||') return false;
  const next = nextAtDepth(script).get(last);
  const u = next && unwrap(next);
  if (!u) return false;
  if ((u.name === 'exit' || u.name === 'return') && u.args[0]?.value === '0') return true;
  if (!TOLERANT.has(u.name)) return false;
  // `|| { echo "download failed"; exit 1; }` reports the failure and wants it: not tolerated
  const after =
    next.after === ';' || next.after === '&&' || next.after === '\n' ? nextAtDepth(script).get(next) : undefined;
  const then = after && unwrap(after);
  return !(
    then &&
    (then.name === 'false' || ((then.name === 'exit' || then.name === 'return') && then.args[0]?.value !== '0'))
  );
}

/** The command after each command at the same nesting depth (the other side of its `&&`, `||`, `;`). */
function nextAtDepth(script: ShellScript): Map<ShellCommand, ShellCommand> {
  let map = recall<Map<ShellCommand, ShellCommand>>(script, NEXT_COMMAND);
  if (map) return map;
  map = new Map();
  const lastAtDepth = new Map<number, ShellCommand>();
  for (const c of script.commands) {
    const prev = lastAtDepth.get(c.depth);
    if (prev) map.set(prev, c);
    lastAtDepth.set(c.depth, c);
  }
  remember(script, NEXT_COMMAND, map);
  return map;
}

const NEXT_COMMAND = Symbol('nextCommand');

/** Index of a document offset in a script's logical text (offsets increase), or -1. */
function logicalIndex(script: ShellScript, offset: number): number {
  const offsets = script.source.offsets;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] === offset) return mid;
    if (offsets[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The pipeline is tested by `if`/`while`/`until`/`!`: its status is a condition, not a failure. */
function isCondition(script: ShellScript, cmd: ShellCommand): boolean {
  const s = commandSpan(cmd);
  if (!s) return false;
  const text = script.source.text;
  let i = logicalIndex(script, s.start);
  if (i < 0) return false;
  // `! { a | b; }`, `if ( a | b ); then`: look through the group openers
  while (
    i > 0 &&
    (/\s/.test(text[i - 1]) ||
      ((text[i - 1] === '{' || text[i - 1] === '(') && (i < 2 || /[\s;&|!(]/.test(text[i - 2]))))
  )
    i--;
  let j = i;
  while (j > 0 && /[A-Za-z!]/.test(text[j - 1])) j--;
  return (j === 0 || /[\s;&|(]/.test(text[j - 1])) && CONDITION_WORDS.has(text.slice(j, i));
}

/** Document offsets of the `|` (or `|&`) between the pipeline's first two commands. */
function firstPipe(script: ShellScript, commands: ShellCommand[]): { pipeStart: number; pipeEnd: number } | null {
  const a = commandSpan(commands[0]);
  const b = commandSpan(commands[1]);
  if (!a || !b) return null;
  const text = script.source.text;
  const from = logicalIndex(script, a.end - 1);
  const to = logicalIndex(script, b.start);
  if (from < 0 || to < 0) return null;
  for (let i = from + 1; i < to; i++) {
    if (text[i] !== '|' || text[i - 1] === '>' || text[i - 1] === '|' || text[i + 1] === '|') continue;
    const start = script.source.offsets[i];
    return { pipeStart: start, pipeEnd: start + (text[i + 1] === '&' ? 2 : 1) };
  }
  return null;
}

/** What the message advises, by what the shell supports. */
function advice(ctx: CheckContext, f: ScriptFinding): string {
  const kind = fixKind(ctx, f.inst.stage as Stage, f.interpreter);
  if (kind === 'prefix')
    return 'Start the script with `set -o pipefail`, so a failure anywhere in a pipeline fails the RUN.';
  if (kind === 'shell')
    return `/bin/sh here is dash, which has no pipefail: add \`${BASH_PIPEFAIL_SHELL}\` before this RUN.`;
  return `Start the script with \`set -o pipefail\` if its shell supports it (bash, zsh, ksh, busybox ash; not dash), or add \`${BASH_PIPEFAIL_SHELL}\` where bash is installed.`;
}

/** Which fix fits: a `set -o pipefail` prefix, a bash SHELL for the stage, or none (the shell is unknown). */
function fixKind(ctx: CheckContext, stage: Stage, interpreter: Interpreter): 'prefix' | 'shell' | null {
  if (PIPEFAIL_SHELLS.has(interpreter.shell)) return 'prefix';
  if (interpreter.shell !== 'sh') return null;
  const distro = stageDistro(ctx.model, stage);
  // busybox ash (Alpine) and bash (RHEL family) are /bin/sh there, and both know pipefail
  if (distro === 'alpine' || distro === 'rhel' || distro === 'rhel-minimal') return 'prefix';
  // Debian and Ubuntu: /bin/sh is dash, bash is essential (always installed)
  if (distro === 'debian' && interpreter.viaShellInstruction) return 'shell';
  return null;
}

function fixFor(ctx: CheckContext, f: ScriptFinding): Fix | null {
  const { model } = ctx;
  const stage = f.inst.stage as Stage;
  const kind = fixKind(ctx, stage, f.interpreter);
  if (kind === 'prefix') {
    if (f.hazard) return null;
    const edits = prefixEdits(model, f);
    return edits ? { title: 'Prefix the script with `set -o pipefail`', edits, isPreferred: true } : null;
  }
  if (kind !== 'shell') return null;
  // a SHELL instruction holds until the stage's next one: the fix must land after the last SHELL before the RUN, or
  // that SHELL undoes it. One fix per such stretch, for its first RUN with a finding (findings come in file order);
  // every finding of the stretch offers the same edit, so "Fix all" applies it once
  const inEffect = ctx.model.shellAt(f.inst);
  const ownShell = inEffect.inst && inEffect.inst.stage === stage ? inEffect.inst : null;
  const key = ownShell ?? stage;
  if (!ctx.shellFixes.has(key))
    ctx.shellFixes.set(key, shellChangeBreaks(ctx, f.inst) ? null : bashShellFix(model, f.inst, inEffect, ownShell));
  return ctx.shellFixes.get(key) ?? null;
}

/**
 * The `sh -c` in effect, run by bash with pipefail from `run` on: the stage's own SHELL rewritten in place when no
 * instruction between it and `run` uses the shell, otherwise a SHELL line inserted before `run`. Options that dash and
 * bash share (`-e`, `-u`, `-x` …) are kept; any other `sh` (options bash reads differently, `env sh`) gets no fix.
 */
function bashShellFix(
  model: DockerfileModel,
  run: DockerInstruction,
  inEffect: ShellInEffect,
  ownShell: DockerInstruction | null,
): Fix | null {
  const argv = inEffect.argv;
  if (!argv || argv.length < 2 || basename(argv[0]) !== 'sh' || argv[argv.length - 1] !== '-c') return null;
  const options = argv.slice(1, -1);
  if (!options.every((o) => SHARED_SH_OPTIONS.test(o))) return null;
  const array = `[${['/bin/bash', ...options, '-o', 'pipefail', '-c'].map((w) => JSON.stringify(w)).join(', ')}]`;
  const line = `SHELL ${array}`;
  if (ownShell && !usesShellBetween(model, ownShell, run)) {
    const span = jsonSpan(model, ownShell);
    if (span)
      return {
        title: `Change the SHELL to \`${array}\``,
        edits: [replaceRange(model, span.start, span.end, array)],
        isPreferred: true,
      };
  }
  const where = ownShell ? "after the stage's SHELL" : 'for the stage';
  return { title: `Set \`${line}\` ${where}`, edits: [insertLinesBefore(model, run, [line])], isPreferred: true };
}

/** An instruction between a SHELL and a later one of its stage runs under that SHELL. */
function usesShellBetween(model: DockerfileModel, shell: DockerInstruction, until: DockerInstruction): boolean {
  for (let k = shell.index + 1; k < until.index; k++) {
    const inst = model.instructions[k];
    // an ONBUILD trigger runs under the downstream image's last SHELL, not this one
    if (inst.keyword === 'ONBUILD') continue;
    const kw = inst.effectiveKeyword;
    if (kw === 'RUN' || ((kw === 'CMD' || kw === 'ENTRYPOINT' || kw === 'HEALTHCHECK') && !inst.execForm)) return true;
  }
  return false;
}

/** Document offsets of a SHELL's JSON array, when it is written on the instruction's line as it reads. */
function jsonSpan(model: DockerfileModel, shell: DockerInstruction): { start: number; end: number } | null {
  const { text, offsets } = shell.body;
  const from = text.length - text.trimStart().length;
  const to = text.trimEnd().length;
  if (from >= to) return null;
  const start = offsets[from];
  const end = offsets[to - 1] + 1;
  return model.text.slice(start, end) === text.slice(from, to) ? { start, end } : null;
}

/**
 * `set -o pipefail` at the start of the script: `set -eux` becomes `set -euxo pipefail`; otherwise
 * `set -o pipefail && ` goes before the command line, or a `set -o pipefail` line at the top of a heredoc body
 * (after its shebang).
 */
function prefixEdits(model: DockerfileModel, f: ScriptFinding): TextEdit[] | null {
  const { script, inst } = f;
  const first = script.topLevel[0];
  const u = first && unwrap(first);
  if (
    u &&
    u.name === 'set' &&
    u.wrappers.length === 0 &&
    u.args.length &&
    u.args.every((a) => /^-[A-Za-z]+$/.test(a.value) && !a.value.includes('o'))
  ) {
    const last = u.args[u.args.length - 1];
    if (model.text.slice(last.start, last.end) === last.value) return [insertAt(model, last.end, 'o pipefail')];
  }
  const text = script.source.text;
  const heredoc = inst.heredocs.some((h) => h.content === script.source);
  if (heredoc) {
    let i = 0;
    if (text.startsWith('#!')) {
      const nl = text.indexOf('\n');
      if (nl < 0) return null;
      i = nl + 1;
    }
    const at = i < script.source.offsets.length ? script.source.offsets[i] : script.source.end;
    return [insertAt(model, at, `set -o pipefail${eol(model)}`)];
  }
  const lead = text.length - text.trimStart().length;
  if (lead >= script.source.offsets.length) return null;
  return [insertAt(model, script.source.offsets[lead], 'set -o pipefail && ')];
}

/**
 * A bash SHELL with pipefail, inserted before `at`, would change how every later RUN of the stage (and of stages
 * built on it, up to their own SHELL) runs, and shell-form CMD/ENTRYPOINT/HEALTHCHECK: refuse when one of them has
 * a pipeline that pipefail breaks.
 */
function shellChangeBreaks(ctx: CheckContext, at: DockerInstruction): boolean {
  const stage = at.stage as Stage;
  // only up to the stage's next SHELL: each stretch between SHELLs is read once, however many SHELLs the stage has
  const { instructions } = ctx.model;
  for (let k = at.index; k < instructions.length && instructions[k].stage === stage; k++) {
    if (instructions[k].keyword === 'SHELL') return false;
    if (breaksInstruction(ctx, instructions[k])) return true;
  }
  return (childrenOf(ctx).get(stage) ?? []).some((child) => subtreeBreaks(ctx, child));
}

/** A stage (up to its own SHELL) or, when it sets none, a stage built on it has a pipeline pipefail breaks. */
function subtreeBreaks(ctx: CheckContext, stage: Stage): boolean {
  const known = ctx.subtreeBreaks.get(stage);
  if (known !== undefined) return known;
  // children come later in the file: settle every stage from the end, so each is computed once, without recursion
  const children = childrenOf(ctx);
  for (let k = ctx.model.stages.length - 1; k >= 0; k--) {
    const s = ctx.model.stages[k];
    if (ctx.subtreeBreaks.has(s)) continue;
    const shell = s.instructions.findIndex((i) => i.keyword === 'SHELL');
    const own = shell >= 0 ? s.instructions.slice(0, shell) : s.instructions;
    const result =
      own.some((i) => breaksInstruction(ctx, i)) ||
      (shell < 0 && (children.get(s) ?? []).some((c) => ctx.subtreeBreaks.get(c) === true));
    ctx.subtreeBreaks.set(s, result);
  }
  return ctx.subtreeBreaks.get(stage) ?? false;
}

function childrenOf(ctx: CheckContext): Map<Stage, Stage[]> {
  if (!ctx.children) {
    ctx.children = new Map();
    for (const s of ctx.model.stages) {
      if (!s.parent) continue;
      const list = ctx.children.get(s.parent);
      if (list) list.push(s);
      else ctx.children.set(s.parent, [s]);
    }
  }
  return ctx.children;
}

/** The instruction runs a pipeline, under the stage's SHELL, that pipefail would break. */
function breaksInstruction(ctx: CheckContext, inst: DockerInstruction): boolean {
  const known = ctx.instBreaks.get(inst);
  if (known !== undefined) return known;
  const kw = inst.effectiveKeyword;
  let scripts: ShellScript[] = [];
  if (inst.keyword === 'ONBUILD') scripts = [];
  else if (kw === 'RUN') scripts = inst.scripts;
  else if (
    (kw === 'CMD' || kw === 'ENTRYPOINT' || kw === 'HEALTHCHECK') &&
    !inst.execForm &&
    !/^\s*(CMD\s*)?\[/i.test(inst.body.text)
  )
    scripts = [tokenizeShell(inst.body)];
  const result = scripts.some((script) =>
    script.commands.some((cmd) => cmd.before !== '|' && breaksUnderPipefail(pipelineOf(script, cmd))),
  );
  ctx.instBreaks.set(inst, result);
  return result;
}

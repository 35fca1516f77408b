import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { LogicalText } from '../model/logical';
import { ShellCommand, ShellScript, Word, tokenizeShell } from '../model/shell';
import { RunCommand, basename, unwrap } from './commands';
import { memo } from '../../common/memo';

/**
 * What a RUN really executes, beyond its own command line: strings handed to a shell (`sh -c '…'`,
 * `su -c '…'`, `eval '…'`) are scripts too, and so is an exec-form `RUN ["sh", "-c", "…"]`. Words keep exact
 * document offsets (the tokenizer records where every character was written), so findings and fixes land on
 * the right characters even inside quotes.
 */

export interface ExecCommand extends RunCommand {
  /** Found inside a string run by `sh -c`, `su -c`, `eval` or an exec-form RUN. */
  inString: boolean;
}

/** POSIX-style shells: `-c CODE`, `-s`, a script operand, or the script on stdin. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'yash', 'fish']);
/** `sh -c` strings inside `sh -c` strings followed; deeper ones are reported as too deep (see `executedTooDeep`). */
const MAX_STRING_DEPTH = 8;

export interface ExecScript {
  inst: DockerInstruction;
  script: ShellScript;
  inString: boolean;
}

/** Every executed command of every RUN (shell stages only), nested substitutions and `-c` strings included. */
export function executedCommands(model: DockerfileModel): ExecCommand[] {
  return executed(model).commands;
}

/** Every script a RUN executes: its command line, shell heredocs, and the strings it hands to a shell. */
export function executedScripts(model: DockerfileModel): ExecScript[] {
  return executed(model).scripts;
}

/**
 * RUN instructions whose commands were not all read: substitutions nested past the tokenizer's limit, or shell strings
 * nested past MAX_STRING_DEPTH. Their findings may be incomplete, which is reported, never taken as clean.
 */
export function executedTooDeep(model: DockerfileModel): DockerInstruction[] {
  return [...executed(model).tooDeep];
}

function executed(model: DockerfileModel): Executed {
  return memo(model, EXECUTED, () => collectExecuted(model));
}

interface Executed {
  commands: ExecCommand[];
  scripts: ExecScript[];
  tooDeep: Set<DockerInstruction>;
}

const EXECUTED = Symbol('executed');

function collectExecuted(model: DockerfileModel): Executed {
  const commands: ExecCommand[] = [];
  const scripts: ExecScript[] = [];
  const tooDeep = new Set<DockerInstruction>();
  // commands kept, by where their name starts
  const seen = new Map<number, ExecCommand[]>();
  const push = (c: ExecCommand) => {
    // a `$(…)` inside a double-quoted `sh -c "…"` string is tokenized twice, at the same offsets
    const same = seen.get(c.nameWord.start);
    if (same) {
      if (same.some((d) => Object.is(d.nameWord.end, c.nameWord.end) && d.cmd.words.length === c.cmd.words.length))
        return;
      same.push(c);
    } else seen.set(c.nameWord.start, [c]);
    commands.push(c);
  };
  const visit = (inst: DockerInstruction, script: ShellScript, inString: boolean, level: number) => {
    scripts.push({ inst, script, inString });
    if (script.tooDeep) tooDeep.add(inst);
    for (const cmd of script.commands) {
      const u = unwrap(cmd);
      if (!u) continue;
      const c: ExecCommand = {
        inst,
        script,
        cmd,
        name: u.name,
        nameWord: u.nameWord,
        args: u.args,
        wrappers: u.wrappers,
        inString,
      };
      push(c);
      if (level >= MAX_STRING_DEPTH) {
        if (shellCodeWords(c.name, c.args)?.length) tooDeep.add(inst);
        continue;
      }
      const inner = stringScript(c);
      if (inner) visit(inst, inner, true, level + 1);
    }
  };
  for (const inst of model.instructions) {
    if (inst.effectiveKeyword !== 'RUN') continue;
    if (inst.scripts.length) {
      for (const script of inst.scripts) visit(inst, script, false, 0);
    } else if (inst.execForm && !inst.stage?.windows && !model.windowsFile) {
      const script = execFormScript(inst);
      if (script) visit(inst, script, true, 0);
    }
  }
  return { commands, scripts, tooDeep };
}

/** `busybox wget …` is wget: drop the multiplexer. */
export function applet(c: { name: string; args: Word[]; nameWord: Word }): {
  name: string;
  args: Word[];
  nameWord: Word;
} {
  if (c.name === 'busybox' && c.args.length && !c.args[0].value.startsWith('-')) {
    return { name: basename(c.args[0].value), args: c.args.slice(1), nameWord: c.args[0] };
  }
  return c;
}

/** The text of a word as a LogicalText with exact document offsets (falls back to the word's start). */
export function wordText(word: Word): LogicalText {
  const offsets =
    word.offsets && word.offsets.length === word.value.length
      ? word.offsets
      : word.value.split('').map(() => word.start);
  return { text: word.value, offsets, end: word.end };
}

/** Several words joined by single spaces (as `eval a b` or `echo a b` sees them). */
export function wordsText(words: Word[]): LogicalText {
  const text: string[] = [];
  const offsets: number[] = [];
  words.forEach((w, k) => {
    if (k > 0) {
      text.push(' ');
      offsets.push(words[k - 1].end);
    }
    const lt = wordText(w);
    text.push(lt.text);
    // one offset per character: a spread of a long word's offsets overflows the call stack
    for (const o of lt.offsets) offsets.push(o);
  });
  return { text: text.join(''), offsets, end: words.length ? words[words.length - 1].end : 0 };
}

/** The script a command runs from a string argument, tokenized; null when it runs none. */
function stringScript(c: ExecCommand): ShellScript | null {
  const code = shellCodeWords(c.name, c.args);
  if (!code || !code.length) return null;
  return tokenizeShell(wordsText(code));
}

/** The words a shell runs as code: `sh -c CODE`, `su -c CODE`, `runuser -c CODE`, `eval WORDS`. */
export function shellCodeWords(name: string, args: Word[]): Word[] | null {
  if (name === 'eval') return args.length ? args : null;
  if (SHELLS.has(name)) {
    const parsed = shellInvocation(args);
    return parsed.mode === 'code' && parsed.code ? [parsed.code] : null;
  }
  if (name === 'su' || name === 'runuser') {
    for (let k = 0; k < args.length; k++) {
      const v = args[k].value;
      if (v === '--') break;
      if (v === '-c' || v === '--command' || (/^-[a-z]+$/.test(v) && v.endsWith('c') && !v.startsWith('--')))
        return args[k + 1] ? [args[k + 1]] : null;
      if (v.startsWith('--command=')) return [sliceWord(args[k], '--command='.length)];
    }
  }
  return null;
}

/** A word without its first n characters (`--command=ls` → `ls`), offsets kept. */
export function sliceWord(word: Word, n: number): Word {
  const offsets = word.offsets && word.offsets.length === word.value.length ? word.offsets.slice(n) : undefined;
  return { ...word, value: word.value.slice(n), offsets, start: offsets?.[0] ?? word.start, nested: word.nested };
}

export interface ShellInvocation {
  /** `code`: runs a `-c` string; `stdin`: reads its script from stdin (`sh`, `sh -s`, `bash -`); `file`: runs a script file. */
  mode: 'code' | 'stdin' | 'file';
  code?: Word;
  /** The script operand (mode `file`). */
  script?: Word;
}

/** How a POSIX shell is invoked: `bash -c CODE`, `bash -s -- args`, `bash -`, `bash file`, `bash`. */
export function shellInvocation(args: Word[]): ShellInvocation {
  let code = false;
  let stdin = false;
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    if (v === '-' || v === '--') {
      const next = args[k + 1];
      if (code) return { mode: 'code', code: next };
      if (stdin || v === '-' || !next) return { mode: 'stdin' };
      return { mode: 'file', script: next };
    }
    if (/^[-+]O$|^[-+]o$/.test(v) || v === '--rcfile' || v === '--init-file') {
      k++;
      continue;
    }
    if (v.startsWith('--')) continue;
    if (/^[-+][A-Za-z]+$/.test(v)) {
      const letters = v.slice(1);
      if (v[0] === '-' && letters.includes('c')) code = true;
      if (v[0] === '-' && letters.includes('s')) stdin = true;
      // `-eo pipefail`: the option value follows
      if (/o$/i.test(letters) && letters.length > 1) k++;
      continue;
    }
    // first operand
    if (code) return { mode: 'code', code: args[k] };
    if (stdin) return { mode: 'stdin' };
    return { mode: 'file', script: args[k] };
  }
  return { mode: code ? 'code' : stdin ? 'stdin' : 'stdin' };
}

/**
 * The commands of cmd's pipeline, in order (`a | b | c`). Works on a script's flat command list: a command
 * joined by `|` follows the nearest earlier command at the same nesting depth (deeper commands in between
 * belong to substitutions inside its words).
 */
export function pipelineOf(script: ShellScript, cmd: ShellCommand): ShellCommand[] {
  const map = memo(script, PIPELINES, () => {
    const map = new Map<ShellCommand, ShellCommand[]>();
    const lastAtDepth = new Map<number, ShellCommand>();
    for (const c of script.commands) {
      const prev = lastAtDepth.get(c.depth);
      const pipe = c.before === '|' && prev ? (map.get(prev) ?? [prev]) : null;
      if (pipe) pipe.push(c);
      map.set(c, pipe ?? [c]);
      lastAtDepth.set(c.depth, c);
    }
    return map;
  });
  return map.get(cmd) ?? [cmd];
}

const PIPELINES = Symbol('pipelines');

/** The commands whose output a substitution word (`$(…)`, `<(…)`, backticks) yields: its last pipeline. */
export function substitutionOutput(word: Word, script: ShellScript): ShellCommand[] {
  const list = word.nested.filter((c) => c.depth === Math.min(...word.nested.map((n) => n.depth)));
  const last = list[list.length - 1];
  return last ? pipelineOf(script, last) : [];
}

/** Where a command's standard output goes: to a file (`> f`, `&> f`, `>> f`) or on (null). */
export function stdoutFile(cmd: ShellCommand): Word | null {
  for (const r of cmd.redirects) {
    if (
      (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>') &&
      r.target &&
      !/^\/dev\/(stdout|fd\/1)$/.test(r.target.value)
    ) {
      return r.target;
    }
  }
  return null;
}

/** An exec-form RUN as a script: `["sh", "-c", "…"]` runs the string; any other argv is one command. */
function execFormScript(inst: DockerInstruction): ShellScript | null {
  const words = execFormWords(inst);
  if (!words) return null;
  const cmd: ShellCommand = { assignments: [], words, redirects: [], before: null, after: null, depth: 0 };
  return { commands: [cmd], topLevel: [cmd], source: inst.body, tooDeep: false, unclosed: false };
}

/** An exec-form instruction's argv as words (quotes removed, document offsets kept); null when it is not exec form. */
export function execFormWords(inst: DockerInstruction): Word[] | null {
  const strings = jsonStrings(inst.body);
  if (!strings || !strings.length) return null;
  return strings.map((s) => ({
    value: s.text,
    offsets: s.offsets,
    start: s.start,
    end: s.end,
    quoted: true,
    dynamic: false,
    nested: [],
  }));
}

/** The strings of a flat JSON array, with the document offset of every decoded character. */
export function jsonStrings(lt: LogicalText): { text: string; offsets: number[]; start: number; end: number }[] | null {
  const s = lt.text;
  const out: { text: string; offsets: number[]; start: number; end: number }[] = [];
  let i = s.indexOf('[');
  if (i < 0) return null;
  i++;
  while (i < s.length) {
    while (i < s.length && /[\s,]/.test(s[i])) i++;
    if (s[i] === ']') return out;
    if (s[i] !== '"') return null;
    const string = jsonStringAt(lt, i);
    if (!string) return null;
    out.push(string.value);
    i = string.next;
  }
  return null;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

/**
 * The JSON string whose opening quote is at text index `open`, decoded, with the document offset of every decoded
 * character, and the text index after its closing quote; null when it is not closed.
 */
export function jsonStringAt(
  lt: LogicalText,
  open: number,
): { value: { text: string; offsets: number[]; start: number; end: number }; next: number } | null {
  const s = lt.text;
  let text = '';
  const offsets: number[] = [];
  let i = open + 1;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') {
      const e = s[i + 1];
      if (e === 'u') {
        text += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
        offsets.push(lt.offsets[i]);
        i += 6;
        continue;
      }
      text += JSON_ESCAPES[e] ?? e;
      offsets.push(lt.offsets[i + 1]);
      i += 2;
      continue;
    }
    text += s[i];
    offsets.push(lt.offsets[i]);
    i++;
  }
  if (i >= s.length) return null;
  return { value: { text, offsets, start: lt.offsets[open], end: lt.offsets[i] + 1 }, next: i + 1 };
}

import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { LogicalText } from '../model/logical';
import type { ShellCommand, Word } from '../model/shell';
import { ExecCommand, executedCommands, pipelineOf, stdoutFile, wordText, wordsText } from './executed';
import { unwrap } from './commands';
import { parseOptions } from './options';
import { copyOperands } from './sources';
import { recall, remember } from '../../common/memo';

/**
 * Text the build writes into files: `echo …  > f`, `printf … | tee f`, `cat <<EOF > f`, `tee f <<EOF`,
 * `sed -i 's/…/…/' f` (the replacement only) and `COPY <<EOF f`. Config rules match settings in it; the same
 * words echoed to the terminal (help text) are not writes and never match.
 */
export interface FileWrite {
  inst: DockerInstruction;
  /** The file as written (may hold variables); null when only known to be some file. */
  target: string | null;
  /** What is written, with the document offset of every character. */
  text: LogicalText;
}

export function fileWrites(model: DockerfileModel): FileWrite[] {
  const cached = recall<FileWrite[]>(model, FILE_WRITES);
  if (cached) return cached;
  const out: FileWrite[] = [];
  for (const c of executedCommands(model)) collect(c, out);
  for (const inst of model.instructions) {
    if ((inst.effectiveKeyword !== 'COPY' && inst.effectiveKeyword !== 'ADD') || !inst.heredocs.length) continue;
    const operands = copyOperands(model, inst);
    const dest = operands.length > 1 ? operands[operands.length - 1].value : null;
    for (const h of inst.heredocs) out.push({ inst, target: dest, text: h.content });
  }
  remember(model, FILE_WRITES, out);
  return out;
}

const FILE_WRITES = Symbol('fileWrites');

const DEVICES = /^\/dev\/(null|stdout|stderr|tty|fd\/[12])$/;

function collect(c: ExecCommand, out: FileWrite[]): void {
  const { name, args, cmd, inst } = c;
  const heredoc = cmd.redirects.find((r) => r.op === '<<' || r.op === '<<-');
  const hereString = cmd.redirects.find((r) => r.op === '<<<');
  const target = name === 'tee' ? teeTarget(args) : (stdoutFile(cmd)?.value ?? pipedIntoTee(c));
  if (target !== null && DEVICES.test(target)) return;
  if (heredoc && target !== null) {
    const body = heredoc.heredoc ?? inst.heredocs.find((h) => h.name === heredoc.target?.value)?.content;
    if (body) out.push({ inst, target, text: body });
    return;
  }
  if (hereString?.target && name === 'tee' && target !== null) {
    out.push({ inst, target, text: wordText(hereString.target) });
    return;
  }
  if ((name === 'echo' || name === 'printf') && target !== null) {
    let words = args;
    if (name === 'echo') while (words.length && /^-[neE]+$/.test(words[0].value)) words = words.slice(1);
    if (words.length) out.push({ inst, target, text: wordsText(words) });
    return;
  }
  if (name === 'sed') {
    const parsed = parseOptions(args, { shortValue: 'efl', longValue: ['expression', 'file', 'line-length'] });
    const inPlace = parsed.options.some((o) => o.name === 'i' || o.name === 'in-place');
    if (!inPlace) return;
    const scripts = parsed.options.filter((o) => o.name === 'e' || o.name === 'expression');
    const scriptWords: Word[] = scripts.length
      ? scripts.map((o) => o.valueWord ?? o.word).filter((w): w is Word => !!w)
      : parsed.operands.slice(0, 1);
    const files = scripts.length ? parsed.operands : parsed.operands.slice(1);
    if (!files.length) return;
    for (const w of scriptWords) {
      const lt = o2lt(
        w,
        scripts.find((o) => o.word === w && !o.valueWord),
      );
      for (const r of sedInsertedText(lt)) out.push({ inst, target: files[0].value, text: r });
    }
  }
}

/** A sed `-e` value: the word itself (`-e 's/…/…/'`) or the rest of an attached `-es/…/…/`. */
function o2lt(w: Word, attached: { value: string | null } | undefined): LogicalText {
  const lt = wordText(w);
  if (!attached || attached.value == null) return lt;
  const cut = lt.text.length - attached.value.length;
  return { text: lt.text.slice(cut), offsets: lt.offsets.slice(cut), end: lt.end };
}

function teeTarget(args: Word[]): string | null {
  const files = parseOptions(args).operands;
  return files.length ? files[0].value : null;
}

/** `echo … | tee -a file` / `| sudo tee file`: the file tee writes. */
function pipedIntoTee(c: ExecCommand): string | null {
  const pipe = pipelineOf(c.script, c.cmd);
  const next: ShellCommand | undefined = pipe[pipe.indexOf(c.cmd) + 1];
  if (!next) return null;
  const u = unwrap(next);
  return u && u.name === 'tee' ? teeTarget(u.args) : null;
}

/**
 * The text a sed script puts into a file: the replacement of `s` commands and the text of `a`/`i`/`c`. The
 * pattern side is what is being replaced, so `s/gpgcheck=0/gpgcheck=1/` inserts only `gpgcheck=1`.
 */
export function sedInsertedText(script: LogicalText): LogicalText[] {
  const s = script.text;
  const out: LogicalText[] = [];
  const slice = (a: number, b: number): LogicalText => ({
    text: s.slice(a, b),
    offsets: script.offsets.slice(a, b),
    end: script.offsets[b] ?? script.end,
  });
  let i = 0;
  const skipRegex = (delim: string) => {
    i++;
    while (i < s.length && s[i] !== delim) i += s[i] === '\\' ? 2 : 1;
    i++;
  };
  while (i < s.length) {
    const c = s[i];
    if (/[\s;{}!,0-9$]/.test(c)) {
      i++;
      continue;
    }
    if (c === '/') {
      skipRegex('/');
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      i++;
      skipRegex(s[i]);
      continue;
    }
    if (c === 's' && i + 1 < s.length) {
      const d = s[i + 1];
      i++;
      skipRegex(d); // pattern
      const from = i;
      while (i < s.length && s[i] !== d) i += s[i] === '\\' ? 2 : 1;
      out.push(slice(from, Math.min(i, s.length)));
      i++;
      while (i < s.length && /[a-zA-Z0-9]/.test(s[i])) i++; // flags
      continue;
    }
    if (c === 'a' || c === 'i' || c === 'c') {
      i++;
      if (s[i] === '\\') i++;
      while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
      const from = i;
      while (i < s.length && s[i] !== '\n') i++;
      out.push(slice(from, i));
      continue;
    }
    if (c === 'y') {
      // transliteration: nothing we match
      const d = s[i + 1];
      i++;
      skipRegex(d);
      while (i < s.length && s[i] !== d) i += s[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    // other commands (d, p, q …) and their arguments up to the next separator
    while (i < s.length && s[i] !== ';' && s[i] !== '\n') i++;
  }
  return out;
}

/**
 * A global copy of each expression matchesIn is given (its own lastIndex; the given one is left alone), by flags and
 * source: callers may write the expression inline, a new object on every call.
 */
const globalVersion = new Map<string, RegExp>();

/** Find `re` (global) in a written text and yield document ranges of group 1 (or the whole match). */
export function matchesIn(text: LogicalText, re: RegExp): { start: number; end: number; match: RegExpExecArray }[] {
  const out: { start: number; end: number; match: RegExpExecArray }[] = [];
  const flags = re.flags.includes('g') ? re.flags : re.flags + 'g';
  const key = `${flags}/${re.source}`;
  let g = globalVersion.get(key);
  if (!g) globalVersion.set(key, (g = new RegExp(re.source, flags)));
  g.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(text.text))) {
    const part = m[1] ?? m[0];
    const at = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
    if (part.length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push({
      start: text.offsets[at] ?? text.end,
      end: (text.offsets[at + part.length - 1] ?? text.end - 1) + 1,
      match: m,
    });
  }
  return out;
}

import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileModel } from '../model/model';
import type { ShellCommand, Word } from '../model/shell';
import type { ExecCommand, ExecScript } from './executed';
import { deleteInstruction, deleteWords, replaceRange } from './edits';

/**
 * Edits that take something out of a shell command line: words (flags and their values), one letter of a
 * combined short flag, or a whole command with the `&&`/`;` that joins it. They refuse (null) whenever the
 * result could not be trusted: exec-form JSON, words inside a string whose characters were escaped.
 */

/** The words can be edited where they are written (not JSON, not escaped inside a `sh -c` string). */
export function editable(
  model: DockerfileModel,
  where: { inst: ExecCommand['inst']; inString: boolean },
  words: readonly Word[],
): boolean {
  if (where.inst.execForm) return false;
  if (!where.inString) return true;
  return words.every((w) => model.text.slice(w.start, w.end) === w.value);
}

/** Remove whole words (a flag, or a flag and its value). */
export function removeWords(
  model: DockerfileModel,
  where: { inst: ExecCommand['inst']; inString: boolean },
  words: readonly Word[],
): TextEdit[] | null {
  if (!words.length || !editable(model, where, words)) return null;
  return deleteWords(model, words);
}

/** Remove one letter of a combined short flag (`-fsSLk` → `-fsSL`); the whole word when it is the only letter. */
export function removeLetter(
  model: DockerfileModel,
  where: { inst: ExecCommand['inst']; inString: boolean },
  word: Word,
  letter: number,
): TextEdit[] | null {
  if (word.value.length === 2) return removeWords(model, where, [word]);
  if (where.inst.execForm || model.text.slice(word.start, word.end) !== word.value) return null;
  return [replaceRange(model, word.start + letter, word.start + letter + 1, '')];
}

/** Document span of a simple command (its assignments, words and redirect targets). */
export function commandSpan(cmd: ShellCommand): { start: number; end: number } | null {
  const parts: { start: number; end: number }[] = [...cmd.assignments, ...cmd.words];
  for (const r of cmd.redirects) {
    if (r.start !== undefined && r.end !== undefined) parts.push({ start: r.start, end: r.end });
    else if (r.target) parts.push(r.target);
  }
  if (!parts.length) return null;
  return { start: Math.min(...parts.map((w) => w.start)), end: Math.max(...parts.map((w) => w.end)) };
}

const JOINERS = new Set(['&&', ';', '\n']);

/**
 * Remove a whole command and the operator joining it to its neighbour (`export X=1 && make` → `make`,
 * `make && export X=1` → `make`); the whole RUN when it is its only command. Null when the text between the
 * command and its neighbour is more than an operator (a `then`, a `fi`, a comment), and when the command is part of a
 * pipeline: taking out `b` of `a; b | c` would leave `a | c`, feeding a command that was never piped into `c`.
 */
export function removeCommand(model: DockerfileModel, where: ExecScript, cmd: ShellCommand): TextEdit[] | null {
  if (cmd.before === '|' || cmd.after === '|') return null;
  const span = commandSpan(cmd);
  if (!span) return null;
  if (!editable(model, where, [...cmd.assignments, ...cmd.words])) return null;
  const sameDepth = where.script.commands.filter((c) => c.depth === cmd.depth);
  const k = sameDepth.indexOf(cmd);
  const next = sameDepth[k + 1];
  const prev = sameDepth[k - 1];
  const esc = model.escapeChar === '`' ? '`' : '\\\\';
  const gapText = (a: number, b: number) => model.text.slice(a, b).replace(new RegExp(`${esc}\\r?\\n`, 'g'), ' ');
  const onlyOperator = (gap: string, op: string) =>
    op === '\n' ? /^[ \t\r]*\n[ \t\r\n]*$/.test(gap) : new RegExp(`^\\s*${op === '&&' ? '&&' : ';'}\\s*$`).test(gap);
  if (next && cmd.after && JOINERS.has(cmd.after) && next.before === cmd.after) {
    const nextSpan = commandSpan(next);
    if (nextSpan && onlyOperator(gapText(span.end, nextSpan.start), cmd.after))
      return [replaceRange(model, span.start, nextSpan.start, '')];
  }
  if (prev && cmd.before && JOINERS.has(cmd.before) && prev.after === cmd.before) {
    const prevSpan = commandSpan(prev);
    if (prevSpan && onlyOperator(gapText(prevSpan.end, span.start), cmd.before))
      return [replaceRange(model, prevSpan.end, span.end, '')];
  }
  const inst = where.inst;
  if (
    !where.inString &&
    inst.scripts[0] === where.script &&
    where.script.commands.length === 1 &&
    inst.heredocs.length === 0
  ) {
    return [deleteInstruction(model, inst)];
  }
  return null;
}

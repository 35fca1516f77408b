import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import { memo } from '../../common/memo';

/** Small builders for the edits rules attach to their findings. Edits change only what they must. */

export function replaceRange(model: DockerfileModel, start: number, end: number, newText: string): TextEdit {
  return { range: model.range(start, end), newText };
}

export function insertAt(model: DockerfileModel, offset: number, newText: string): TextEdit {
  return { range: model.range(offset, offset), newText };
}

/** The line ending the document uses (CRLF files get CRLF insertions). */
export function eol(model: DockerfileModel): string {
  // once per model: every fix asks, and a scan of the whole text per fix made many fixes quadratic
  return memo(model, EOL, () => (model.text.includes('\r\n') ? '\r\n' : '\n'));
}
const EOL = Symbol('eol');

/** Insert whole lines just before an instruction (and before the comment lines directly above it), keeping its indentation. */
export function insertLinesBefore(model: DockerfileModel, inst: DockerInstruction, lines: string[]): TextEdit {
  // Comment lines directly above belong to the instruction (notes, `# bulkhead-ignore`): keep them attached to it.
  // Not above the first instruction, where they may be parser directives (`# syntax=`).
  let line = inst.range.start.line;
  if (inst.index > 0) {
    const previousEnd = model.instructions[inst.index - 1].range.end.line;
    while (line - 1 > previousEnd && /^[ \t]*#/.test(lineText(model, line - 1))) line--;
  }
  const lineStart = model.offsetAt(line, 0);
  const instLineStart = model.offsetAt(inst.range.start.line, 0);
  const indent = /^[ \t]*/.exec(model.text.slice(instLineStart, inst.start))?.[0] ?? '';
  const nl = eol(model);
  return insertAt(model, lineStart, lines.map((l) => indent + l + nl).join(''));
}

/**
 * Append whole lines at the end of the document, adding a line break first when the last line has none.
 * When the last instruction ends in a line continuation (`RUN apk add curl \` as the last line), Docker would join the
 * appended lines into it: blank and comment lines inside a continuation are dropped, every other line is joined. No
 * line can end that continuation without becoming part of the instruction, but at the end of the file the escape
 * continues nothing, so removing it leaves that instruction exactly as Docker reads it and ends it there.
 * Null when the last instruction has a heredoc that is never closed (`RUN <<EOF` and no `EOF` line): its body runs to
 * the end of the file, so whatever is appended becomes part of it, and no place after it exists.
 */
export function appendLines(model: DockerfileModel, lines: string[]): TextEdit | null {
  if (model.instructions[model.instructions.length - 1]?.heredocOpen) return null;
  const nl = eol(model);
  const text = model.text;
  const added = lines.map((l) => l + nl).join('');
  const escape = danglingEscape(model);
  if (escape !== null) {
    const rest = text.slice(escape + 1);
    return replaceRange(model, escape, text.length, rest + (rest.endsWith('\n') ? '' : nl) + added);
  }
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return insertAt(model, text.length, (needsBreak ? nl : '') + added);
}

/**
 * Offset of the escape character that leaves the last instruction open at the end of the document (its last line
 * that is neither blank nor a comment ends with it), or null.
 */
function danglingEscape(model: DockerfileModel): number | null {
  const last = model.instructions[model.instructions.length - 1];
  if (!last || last.heredocs.length) return null;
  const esc = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const lines = model.text.slice(last.start).split('\n');
  let offset = model.text.length;
  for (let k = lines.length - 1; k >= 0; k--) {
    offset -= lines[k].length;
    const line = lines[k].replace(/\r$/, '');
    if (k > 0 && /^[ \t]*(#.*)?$/.test(line)) {
      offset--;
      continue;
    }
    const m = new RegExp(`${esc}[ \\t]*$`).exec(line);
    return m ? offset + m.index : null;
  }
  return null;
}

/** Remove an instruction's whole lines (including its line break). */
export function deleteInstruction(model: DockerfileModel, inst: DockerInstruction): TextEdit {
  const start = model.offsetAt(inst.range.start.line, 0);
  const nextLine = model.offsetAt(inst.range.end.line + 1, 0);
  const end = nextLine > inst.end ? nextLine : model.text.length;
  return replaceRange(model, start, end, '');
}

/** Remove a word and the whitespace before it (`curl -k url` → `curl url`). */
export function deleteWord(model: DockerfileModel, start: number, end: number): TextEdit {
  let s = start;
  while (s > 0 && (model.text[s - 1] === ' ' || model.text[s - 1] === '\t')) s--;
  return replaceRange(model, s, end, '');
}

function lineText(model: DockerfileModel, line: number): string {
  return model.text.slice(model.offsetAt(line, 0), model.offsetAt(line + 1, 0));
}

/**
 * Remove words from a shell-form instruction without leaving a hole (`pip install --trusted-host h pkg` → `pip
 * install pkg`). Words on one physical line go as one span with the whitespace before them; a continuation line
 * they leave empty goes whole; when they were all that was left on the instruction's last line, the previous
 * line's continuation goes too, so the instruction does not swallow the next line.
 */
export function deleteWords(model: DockerfileModel, spans: readonly { start: number; end: number }[]): TextEdit[] {
  const text = model.text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const groups: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = groups[groups.length - 1];
    if (last && !text.slice(last.end, s.start).includes('\n')) last.end = Math.max(last.end, s.end);
    else groups.push({ ...s });
  }
  const blank = (t: string) => /^[ \t]*$/.test(t);
  const esc = model.escapeChar;
  return groups.map(({ start, end }) => {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl === -1 ? text.length : nl;
    const before = text.slice(lineStart, start);
    const after = text.slice(end, lineEnd).replace(/\r$/, '');
    if (blank(before)) {
      const rest = after.trim();
      if (rest === esc && nl !== -1) return replaceRange(model, lineStart, nl + 1, '');
      if (rest === '') {
        let p = lineStart - 1;
        if (text[p - 1] === '\r') p--;
        while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
        if (p > 0 && text[p - 1] === esc) {
          let q = p - 1;
          while (q > 0 && (text[q - 1] === ' ' || text[q - 1] === '\t')) q--;
          return replaceRange(model, q, end, '');
        }
      } else {
        // more words follow on this line: keep the indentation, take the whitespace after
        let f = end;
        while (text[f] === ' ' || text[f] === '\t') f++;
        return replaceRange(model, start, f, '');
      }
    }
    return deleteWord(model, start, end);
  });
}

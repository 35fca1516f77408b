import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileModel, DockerInstruction } from './model';

/** Small builders for the edits rules attach to their findings. Edits change only what they must. */

export function replaceRange(model: DockerfileModel, start: number, end: number, newText: string): TextEdit {
  return { range: model.range(start, end), newText };
}

export function insertAt(model: DockerfileModel, offset: number, newText: string): TextEdit {
  return { range: model.range(offset, offset), newText };
}

/** The line ending the document uses (CRLF files get CRLF insertions). */
export function eol(model: DockerfileModel): string {
  return model.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Insert whole lines just before an instruction (and before the comment lines directly above it), keeping its indentation. */
export function insertLinesBefore(model: DockerfileModel, inst: DockerInstruction, lines: string[]): TextEdit {
  const lineStart = model.offsetAt(inst.range.start.line, 0);
  const indent = /^[ \t]*/.exec(model.text.slice(lineStart, inst.start))?.[0] ?? '';
  const nl = eol(model);
  return insertAt(model, lineStart, lines.map((l) => indent + l + nl).join(''));
}

/** Append whole lines at the end of the document, adding a line break first when the last line has none. */
export function appendLines(model: DockerfileModel, lines: string[]): TextEdit {
  const nl = eol(model);
  const text = model.text;
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return insertAt(model, text.length, (needsBreak ? nl : '') + lines.map((l) => l + nl).join(''));
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

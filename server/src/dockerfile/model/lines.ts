import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Offset <-> position conversion exactly as vscode-languageserver-textdocument's TextDocument does it (CR, LF and
 * CRLF end a line; a position never points between a CR and its LF), over a line table found with indexOf: most
 * Dockerfiles have no CR, and the line starts are then where indexOf finds each LF.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Offsets of the line starts (the first is 0). */
  lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const out = [0];
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 || ch === 10) {
          if (ch === 13 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
          out.push(i + 1);
        }
      }
    }
    this.starts = out;
    return out;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.text.length), 0);
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (starts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.beforeEol(offset, starts[line]);
    return { line, character: offset - starts[line] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineOffset = starts[position.line];
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    const offset = Math.min(lineOffset + position.character, nextLineOffset);
    return this.beforeEol(offset, lineOffset);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  private beforeEol(offset: number, lineOffset: number): number {
    while (offset > lineOffset) {
      const ch = this.text.charCodeAt(offset - 1);
      if (ch !== 13 && ch !== 10) break;
      offset--;
    }
    return offset;
  }
}

/**
 * Docker joins an instruction's physical lines before anything else sees them: an escape character at the end of a
 * line continues it, and comment or blank lines inside a continuation are dropped. A LogicalText is that joined text,
 * with the document offset of every character kept so findings land on the right token.
 */
export interface LogicalText {
  text: string;
  /** offsets[i] is the document offset of text[i]. */
  offsets: number[];
  /** Document offset just past the last character (for empty texts and end ranges). */
  end: number;
}

export function emptyLogical(at: number): LogicalText {
  return { text: '', offsets: [], end: at };
}

/** Offset in the document of a logical position (handles the end position). */
export function docOffset(lt: LogicalText, index: number): number {
  if (index < lt.offsets.length) return lt.offsets[index];
  return lt.offsets.length ? lt.offsets[lt.offsets.length - 1] + 1 : lt.end;
}

/**
 * Join [start, end) of `source`, removing escape-newline continuations and the comment/blank lines that follow
 * one. `skip` lists document ranges (heredoc bodies) that are left out entirely.
 */
export function joinLines(
  source: string,
  start: number,
  end: number,
  escape: string,
  skip: ReadonlyArray<readonly [number, number]> = [],
): LogicalText {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = start;
  let skipIndex = 0;
  let afterContinuation = false;
  while (i < end) {
    while (skipIndex < skip.length && skip[skipIndex][1] <= i) skipIndex++;
    if (skipIndex < skip.length && skip[skipIndex][0] <= i) {
      i = skip[skipIndex][1];
      continue;
    }
    if (afterContinuation) {
      // At the start of a continued line: drop it whole when it is blank or a comment.
      let j = i;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (j < end && (source[j] === '\n' || source[j] === '\r' || source[j] === '#')) {
        const nl = source.indexOf('\n', j);
        i = nl === -1 || nl >= end ? end : nl + 1;
        continue;
      }
      afterContinuation = false;
    }
    const c = source[i];
    if (c === escape) {
      // escape + optional trailing spaces + newline = continuation
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (j < end && source[j] === '\r') j++;
      if (j >= end || source[j] === '\n') {
        i = j + 1;
        afterContinuation = true;
        continue;
      }
    }
    if (c === '\r' && source[i + 1] === '\n') {
      i++;
      continue;
    }
    chars.push(c);
    offsets.push(i);
    i++;
  }
  return { text: chars.join(''), offsets, end };
}

/** A plain slice of the document as a LogicalText (heredoc bodies: no continuation processing). */
export function sliceText(source: string, start: number, end: number): LogicalText {
  const offsets: number[] = [];
  const chars: string[] = [];
  for (let i = start; i < end; i++) {
    if (source[i] === '\r' && source[i + 1] === '\n') continue;
    chars.push(source[i]);
    offsets.push(i);
  }
  return { text: chars.join(''), offsets, end };
}

/** A sub-range of a logical text, keeping offsets. */
export function subLogical(lt: LogicalText, from: number, to = lt.text.length): LogicalText {
  return { text: lt.text.slice(from, to), offsets: lt.offsets.slice(from, to), end: docOffset(lt, to) };
}

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

/**
 * A LogicalText whose characters sit in runs of consecutive document offsets (a joined line, a heredoc body): run k
 * starts at text index runAt[k], document offset runDoc[k]. The per-character array is built only when something
 * reads `offsets`; `docOffset` and `subLogical` work on the runs, so most instruction bodies never build it.
 */
class RunText implements LogicalText {
  private materialized: number[] | undefined;
  /** The run of the last lookup: readers mostly walk forward. */
  private lastRun = 0;
  constructor(
    public text: string,
    public end: number,
    readonly runAt: number[],
    readonly runDoc: number[],
  ) {}

  get offsets(): number[] {
    if (!this.materialized) {
      const out = new Array<number>(this.text.length);
      const runs = this.runAt.length;
      for (let k = 0; k < runs; k++) {
        const from = this.runAt[k];
        const to = k + 1 < runs ? this.runAt[k + 1] : this.text.length;
        const doc = this.runDoc[k] - from;
        for (let i = from; i < to; i++) out[i] = doc + i;
      }
      this.materialized = out;
    }
    return this.materialized;
  }

  set offsets(value: number[]) {
    this.materialized = value;
  }

  /** The run holding text index i (0 <= i < text.length). */
  runOf(i: number): number {
    const at = this.runAt;
    let k = this.lastRun;
    if (k >= at.length || at[k] > i) k = 0;
    // forward scan from the last run when close, else binary search
    if (k + 8 < at.length && at[k + 8] <= i) {
      let lo = k;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    } else {
      while (k + 1 < at.length && at[k + 1] <= i) k++;
    }
    this.lastRun = k;
    return k;
  }

  /** Document offset of text index i (0 <= i < text.length). */
  offsetOf(i: number): number {
    const k = this.runOf(i);
    return this.runDoc[k] + (i - this.runAt[k]);
  }
}

/** Collects the runs of a RunText as characters are kept. */
class RunBuilder {
  readonly runAt: number[] = [];
  readonly runDoc: number[] = [];
  private parts: string[] = [];
  private length = 0;
  /** The run being extended: document [from, to). */
  private from = -1;
  private to = -1;

  constructor(private readonly source: string) {}

  /** Keep source[from, to). */
  keep(from: number, to: number): void {
    if (to <= from) return;
    if (from === this.to) {
      this.to = to;
      return;
    }
    this.flush();
    this.runAt.push(this.length);
    this.runDoc.push(from);
    this.from = from;
    this.to = to;
  }

  private flush(): void {
    if (this.from < 0) return;
    this.parts.push(this.source.slice(this.from, this.to));
    this.length += this.to - this.from;
    this.from = this.to = -1;
  }

  build(end: number): RunText {
    this.flush();
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    return new RunText(text, end, this.runAt, this.runDoc);
  }
}

/** Offset in the document of a logical position (handles the end position). */
export function docOffset(lt: LogicalText, index: number): number {
  if (lt instanceof RunText) {
    const n = lt.text.length;
    if (index >= 0 && index < n) return lt.offsetOf(index);
    if (index >= n) return n ? lt.offsetOf(n - 1) + 1 : lt.end;
  }
  if (index < lt.offsets.length) return lt.offsets[index];
  return lt.offsets.length ? lt.offsets[lt.offsets.length - 1] + 1 : lt.end;
}

/** The document offsets of text[from, to) (what `docOffset` gives for each index), in an array of that length. */
export function offsetsOf(lt: LogicalText, from: number, to: number): number[] {
  if (lt instanceof RunText && from >= 0 && to <= lt.text.length && from < to) {
    const out = new Array<number>(to - from);
    let i = from;
    while (i < to) {
      const k = lt.runOf(i);
      const runEnd = Math.min(k + 1 < lt.runAt.length ? lt.runAt[k + 1] : to, to);
      const delta = lt.runDoc[k] - lt.runAt[k];
      for (; i < runEnd; i++) out[i - from] = delta + i;
    }
    return out;
  }
  const out: number[] = [];
  pushOffsets(lt, from, to, out);
  return out;
}

/** Append the document offsets of text[from, to) to `out` (what `docOffset` gives for each index). */
export function pushOffsets(lt: LogicalText, from: number, to: number, out: number[]): void {
  if (lt instanceof RunText && from >= 0) {
    const n = lt.text.length;
    const stop = Math.min(to, n);
    let i = from;
    while (i < stop) {
      const k = lt.runOf(i);
      const runEnd = Math.min(k + 1 < lt.runAt.length ? lt.runAt[k + 1] : n, stop);
      const delta = lt.runDoc[k] - lt.runAt[k];
      for (; i < runEnd; i++) out.push(delta + i);
    }
    for (; i < to; i++) out.push(docOffset(lt, i));
    return;
  }
  for (let i = from; i < to; i++) out.push(docOffset(lt, i));
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
  const out = new RunBuilder(source);
  const esc = escape.charCodeAt(0);
  let i = start;
  let skipIndex = 0;
  let afterContinuation = false;
  // characters [keepFrom, i) are kept and not yet handed to the builder
  let keepFrom = i;
  while (i < end) {
    while (skipIndex < skip.length && skip[skipIndex][1] <= i) skipIndex++;
    if (skipIndex < skip.length && skip[skipIndex][0] <= i) {
      out.keep(keepFrom, i);
      i = skip[skipIndex][1];
      keepFrom = i;
      continue;
    }
    if (afterContinuation) {
      // At the start of a continued line: drop it whole when it is blank or a comment.
      let j = i;
      while (j < end && (source.charCodeAt(j) === 32 || source.charCodeAt(j) === 9)) j++;
      const cj = source.charCodeAt(j);
      if (j < end && (cj === 10 || cj === 13 || cj === 35)) {
        const nl = source.indexOf('\n', j);
        i = nl === -1 || nl >= end ? end : nl + 1;
        keepFrom = i;
        continue;
      }
      afterContinuation = false;
    }
    const c = source.charCodeAt(i);
    if (c === esc) {
      // escape + optional trailing spaces + newline = continuation
      let j = i + 1;
      while (j < end && (source.charCodeAt(j) === 32 || source.charCodeAt(j) === 9)) j++;
      if (j < end && source.charCodeAt(j) === 13) j++;
      if (j >= end || source.charCodeAt(j) === 10) {
        out.keep(keepFrom, i);
        i = j + 1;
        keepFrom = i;
        afterContinuation = true;
        continue;
      }
    }
    if (c === 13 && source.charCodeAt(i + 1) === 10) {
      out.keep(keepFrom, i);
      i++;
      keepFrom = i;
      continue;
    }
    i++;
    // nothing happens before the next escape character or CR, or the next skipped range: run to it in one loop
    const limit = skipIndex < skip.length && skip[skipIndex][0] < end ? skip[skipIndex][0] : end;
    while (i < limit) {
      const d = source.charCodeAt(i);
      if (d === esc || d === 13) break;
      i++;
    }
  }
  out.keep(keepFrom, Math.min(i, end));
  return out.build(end);
}

/** A plain slice of the document as a LogicalText (heredoc bodies: no continuation processing). */
export function sliceText(source: string, start: number, end: number): LogicalText {
  const out = new RunBuilder(source);
  let keepFrom = start;
  for (let i = start; i < end; i++) {
    if (source.charCodeAt(i) === 13 && source.charCodeAt(i + 1) === 10) {
      out.keep(keepFrom, i);
      keepFrom = i + 1;
    }
  }
  out.keep(keepFrom, end);
  return out.build(end);
}

/** A sub-range of a logical text, keeping offsets. */
export function subLogical(lt: LogicalText, from: number, to = lt.text.length): LogicalText {
  if (lt instanceof RunText && from >= 0 && from <= to && to <= lt.text.length) {
    const end = docOffset(lt, to);
    const runAt: number[] = [];
    const runDoc: number[] = [];
    if (from < to) {
      let k = lt.runOf(from);
      runAt.push(0);
      runDoc.push(lt.runDoc[k] + (from - lt.runAt[k]));
      for (k++; k < lt.runAt.length && lt.runAt[k] < to; k++) {
        runAt.push(lt.runAt[k] - from);
        runDoc.push(lt.runDoc[k]);
      }
    }
    return new RunText(lt.text.slice(from, to), end, runAt, runDoc);
  }
  return { text: lt.text.slice(from, to), offsets: lt.offsets.slice(from, to), end: docOffset(lt, to) };
}

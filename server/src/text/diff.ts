/**
 * A unified diff of two texts by lines (`bulkhead check --fix-dry-run`), in the format `diff -u` and `git diff` write
 * and `patch` and `git apply` read. Lines are compared whole, their line break included, so a CRLF file stays CRLF.
 *
 * The shortest edit script is Myers' O(ND) greedy algorithm (E. Myers, "An O(ND) Difference Algorithm and Its
 * Variations", 1986) over the lines between the common first and last lines. Fix All changes few lines, so D is small;
 * past MAX_EDIT_DISTANCE the middle is written as removed and added whole (still a correct diff, only longer), so the
 * work stays bounded on any input.
 */

/** Edit distance (lines removed plus lines added) past which the middle of the texts is replaced whole. */
const MAX_EDIT_DISTANCE = 2000;
/** Unchanged lines shown around each change (diff -u's default). */
const CONTEXT = 3;

/** The text's lines, each with its line break (`\n`, or `\r\n`); the last may have none. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The shortest edit script from `a` to `b` (Myers), or null past MAX_EDIT_DISTANCE. */
function myers(a: readonly string[], b: readonly string[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  // trace[d][(k + d) / 2]: the furthest x on diagonal k after d edits (only the diagonals d edits can reach)
  const trace: Int32Array[] = [];
  let prev = new Int32Array(1);
  for (let d = 0; d <= max; d++) {
    const v = new Int32Array(d + 1);
    for (let k = -d; k <= d; k += 2) {
      const at = (k + d) >> 1;
      let x: number;
      // from the diagonal above (an insertion) or the one to the left (a deletion), whichever went further
      if (d === 0) x = 0;
      else if (k === -d || (k !== d && prev[(k - 1 + (d - 1)) >> 1] < prev[(k + 1 + (d - 1)) >> 1]))
        x = prev[(k + 1 + (d - 1)) >> 1];
      else x = prev[(k - 1 + (d - 1)) >> 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[at] = x;
      if (x >= n && y >= m) {
        trace.push(v);
        return backtrack(a, b, trace);
      }
    }
    trace.push(v);
    prev = v;
  }
  return null;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[]): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const k = x - y;
    if (d === 0) {
      while (x > 0 && y > 0) {
        ops.push({ kind: ' ', line: a[--x] });
        y--;
      }
      break;
    }
    const prev = trace[d - 1];
    const down = k === -d || (k !== d && prev[(k - 1 + (d - 1)) >> 1] < prev[(k + 1 + (d - 1)) >> 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[(prevK + (d - 1)) >> 1];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  return ops.reverse();
}

/** One line of the diff: its mark and text, with the "no newline" note when the line has no line break. */
function render(op: Op): string {
  if (op.line.endsWith('\n')) return op.kind + op.line;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/** Hunk range as diff -u writes it: `start,count`, where an empty range starts at the line before it. */
function range(start: number, count: number): string {
  return `${count ? start + 1 : start},${count}`;
}

/** git's C-style escapes (git/quote.c, cq_lookup); every other byte it quotes is written as three octal digits. */
const C_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/**
 * A file's name as git writes it on a diff's `---` and `+++` lines, which git apply reads back (and GNU patch, but for
 * a name that ends in a space, as with git's own diffs). A name
 * holding a control character, `"`, `\` or a byte past ASCII is quoted (git/quote.c, quote_c_style with
 * core.quotePath on, git's default): written raw, a line break would end the header line and the rest of the name would
 * read as a line of the diff (a `+++` line naming another file), and terminal control sequences would reach the
 * terminal. A name holding a space gets a tab after it (git/diff.c, builtin_diff), so that patch does not end the name
 * at the space.
 */
export function headerName(name: string): string {
  const tab = name.includes(' ') ? '\t' : '';
  const bytes = new TextEncoder().encode(name);
  if (!bytes.some((b) => b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x7f)) return name + tab;
  let out = '"';
  for (const b of bytes) {
    const escape = C_ESCAPES[b];
    if (escape) out += escape;
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"' + tab;
}

/**
 * The unified diff from `before` to `after` under the names given (headerName quotes them when they need it); empty
 * when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB) ?? [
    ...midA.map((line) => ({ kind: '-' as const, line })),
    ...midB.map((line) => ({ kind: '+' as const, line })),
  ];
  const ops: Op[] = [
    ...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })),
  ];
  // hunks: the changes, each with up to CONTEXT unchanged lines around it, joined where their context meets
  const out = [`--- ${headerName(oldName)}\n`, `+++ ${headerName(newName)}\n`];
  let i = 0;
  let lineA = 0;
  let lineB = 0;
  let lastEnd = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      lineA++;
      lineB++;
      continue;
    }
    const lead = Math.min(CONTEXT, i - lastEnd);
    let end = i;
    // take the changes, and the unchanged lines between two changes when their contexts would meet
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let same = end;
      while (same < ops.length && ops[same].kind === ' ') same++;
      if (same < ops.length && same - end <= 2 * CONTEXT) end = same;
      else {
        end = Math.min(same, end + CONTEXT);
        break;
      }
    }
    const hunk = ops.slice(i - lead, end);
    const countA = hunk.filter((o) => o.kind !== '+').length;
    const countB = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${range(lineA - lead, countA)} +${range(lineB - lead, countB)} @@\n`, ...hunk.map(render));
    for (let j = i; j < end; j++) {
      if (ops[j].kind !== '+') lineA++;
      if (ops[j].kind !== '-') lineB++;
    }
    lastEnd = end;
    i = end;
  }
  return out.join('');
}

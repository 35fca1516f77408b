/**
 * Messages are written in Markdown for hovers (`` `curl -k` ``, `**Why it matters:**`); where they are shown as plain
 * text (the Problems panel, a quick-fix menu, the terminal, JSON and SARIF) the marks would show literally. This is
 * the plain-text reading: a code span becomes the text in quotes ("curl -k", or 'SHELL ["/bin/sh"]' when it holds a
 * double quote), bold marks go, a link becomes its text and address. One pass over the text, no regular expression.
 */
/** The text of `**text**` starting at `at`, or null when the stars there are not bold marks. */
function boldInner(markdown: string, at: number): string | null {
  const first = markdown[at + 2];
  if (first === undefined || first === '*' || first === ' ' || first === '\n') return null;
  const window = markdown.slice(at + 2, at + 2 + MAX_LINK);
  const close = window.indexOf('**');
  if (close <= 0) return null;
  const inner = window.slice(0, close);
  const last = inner[inner.length - 1];
  if (inner.includes('\n') || last === ' ' || last === '*' || window[close + 2] === '*') return null;
  return inner;
}

/** The longest `[text](address)` read as a link. */
const MAX_LINK = 500;

export function plainText(markdown: string): string {
  // most text has no mark at all
  if (!/[`*[]/.test(markdown)) return markdown;
  let out = '';
  let i = 0;
  const n = markdown.length;
  // a run length with no closing run left in the text: never searched for again (unmatched backticks stay linear)
  const unclosed = new Set<number>();
  while (i < n) {
    const c = markdown[i];
    if (c === '`') {
      // a code span: a run of backticks, then the text up to the next run of the same length (CommonMark 6.1)
      let run = 1;
      while (i + run < n && markdown[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      let close = unclosed.has(run) ? -1 : markdown.indexOf(fence, i + run);
      // a longer run is not a closing fence: look past it
      while (close >= 0 && markdown[close + run] === '`') {
        let past = close;
        while (past < n && markdown[past] === '`') past++;
        close = markdown.indexOf(fence, past);
      }
      if (close < 0) {
        unclosed.add(run);
        out += fence;
        i += run;
        continue;
      }
      let code = markdown.slice(i + run, close);
      // one space each side is padding when the code itself starts or ends with a backtick
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      out += code.includes('"') ? `'${code}'` : `"${code}"`;
      i = close + run;
      continue;
    }
    if (c === '*' && markdown[i + 1] === '*') {
      // **bold** (text right inside both marks, on one line): the marks go; other stars (a masked secret's
      // `AKIA****************`) are text
      const inner = boldInner(markdown, i);
      if (inner !== null) {
        out += plainText(inner);
        i += inner.length + 4;
        continue;
      }
      let run = i;
      while (run < n && markdown[run] === '*') run++;
      out += markdown.slice(i, run);
      i = run;
      continue;
    }
    if (c === '[') {
      // [text](address) → text (address), looked for within a short window (a message's link is short; a `[` in
      // quoted text must not make every later `[` search to the end); anything else is kept as written
      const window = markdown.slice(i, i + MAX_LINK);
      const end = window.indexOf('](');
      const close = end < 0 ? -1 : window.indexOf(')', end + 2);
      const text = end < 0 ? '' : window.slice(1, end);
      if (close >= 0 && !text.includes('\n') && !text.includes('[')) {
        out += `${plainText(text)} (${window.slice(end + 2, close)})`;
        i += close + 1;
        continue;
      }
    }
    // ordinary text up to the next mark is copied in one piece
    let j = i + 1;
    while (j < n) {
      const d = markdown[j];
      if (d === '`' || d === '*' || d === '[') break;
      j++;
    }
    out += markdown.slice(i, j);
    i = j;
  }
  return out;
}

/** A Markdown table row: `| a | b |` (the separator row `|---|---|` included). */
const TABLE_ROW = /^\s*\|.*\|\s*$/;
/** Table cells wider than this are not padded further (a long value would push every row off the screen). */
const MAX_CELL = 40;

/**
 * Markdown for a terminal: tables become aligned columns (code marks dropped, the separator row becomes a rule), every
 * other line its plainText reading.
 */
export function terminalText(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    if (!TABLE_ROW.test(lines[i])) {
      out.push(plainText(lines[i]));
      i++;
      continue;
    }
    const rows: string[][] = [];
    let separator = -1;
    for (; i < lines.length && TABLE_ROW.test(lines[i]); i++) {
      const cells = lines[i]
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      if (cells.every((c) => /^:?-+:?$/.test(c))) separator = rows.length;
      else rows.push(cells.map((c) => plainText(c).replace(/^"(.*)"$|^'(.*)'$/, '$1$2')));
    }
    const widths: number[] = [];
    for (const row of rows) row.forEach((c, k) => (widths[k] = Math.min(MAX_CELL, Math.max(widths[k] ?? 0, c.length))));
    rows.forEach((row, r) => {
      if (r === separator) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
      out.push(
        row
          .map((c, k) => (k === row.length - 1 ? c : c.padEnd(widths[k])))
          .join('  ')
          .trimEnd(),
      );
    });
  }
  return out.join('\n');
}

/**
 * Small linear scans for what a short regular expression would say but cannot say in linear time. A backtracking
 * engine retries `/\/+$/` from every slash of a long run of slashes and `/[?#].*$/` from every `#` of a line that ends
 * in a line break, so such a pattern costs time quadratic in the text; documents and configuration are untrusted input.
 * Each loop here advances on every character.
 */

/** JavaScript's line terminators: what `.` never matches and `$` (without the `m` flag) never skips. */
function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** The index of the last line terminator in the text, or -1. */
export function lastLineBreak(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && !isLineBreak(text.charCodeAt(i))) i--;
  return i;
}

/** The text without its trailing run of `chars` (`trimTrailing('/a//', '/')` is `/a`): `replace(/[…]+$/, '')`. */
export function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/**
 * The text up to the first of `chars` after the last line break (`stripFrom('a/b?c#d', '?#')` is `a/b`): what
 * `replace(/[…].*$/, '')` does, since `.*$` only reaches the end of the text from the last line.
 */
export function stripFrom(text: string, chars: string): string {
  for (let i = lastLineBreak(text) + 1; i < text.length; i++) if (chars.includes(text[i])) return text.slice(0, i);
  return text;
}

/**
 * Whether the text from `from` on is `[^<stop>]+(#.*)?$`: a last path segment or ref (none of `stop` in it), maybe
 * followed by a `#fragment` that runs to the end of the text without a line break (`repo#v1.2`, `a.git@v1#egg=a`).
 * `lineStart` is where the last line starts (lastLineBreak + 1): pass it when calling for many `from` of one text.
 */
export function isFinalSegment(text: string, from: number, stop: string, lineStart = -1): boolean {
  let end = from;
  while (end < text.length && !stop.includes(text[end])) end++;
  if (end === text.length) return end > from;
  // a `stop` character follows: only a `#` before it, on the last line, can start the fragment that takes the rest
  const first = Math.max(from + 1, lineStart < 0 ? lastLineBreak(text) + 1 : lineStart);
  for (let k = first; k < end; k++) if (text[k] === '#') return true;
  return false;
}

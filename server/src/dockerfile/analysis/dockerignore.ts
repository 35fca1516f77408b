/**
 * `.dockerignore` matching as BuildKit does it (moby/patternmatcher): patterns are cleaned paths relative to the
 * context root, `*` and `?` stay within a path segment, `**` spans segments, `!` re-includes, the last matching
 * pattern wins, and a pattern that matches a directory excludes everything below it.
 */
import { CharTest, CompiledGlob, GlobPart, compileGlob, matchGlob, notLineBreak, notSlash } from '../../text/glob';

interface IgnorePattern {
  negate: boolean;
  glob: CompiledGlob;
}

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * A pattern compiled (see text/glob.ts: a repository's .dockerignore is untrusted input), or null for a pattern that
 * matches nothing. BuildKit refuses a pattern that Go's filepath.Match rejects (an unclosed or empty `[]`, a range
 * without an end, a trailing `\`) and one Go's regexp cannot compile (a reversed range `[z-a]`), so such a line excludes
 * nothing here: it never counts as keeping `.git` or `.env` out, and it never throws.
 */
function compilePattern(glob: string): CompiledGlob | null {
  const parts: GlobPart[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        parts.push({ optional: [{ any: notLineBreak }, '/'] });
      } else parts.push({ any: notLineBreak });
    } else if (c === '*') parts.push({ any: notSlash });
    else if (c === '?') parts.push({ one: notSlash });
    else if (c === '[') {
      const cls = charClass(glob, i + 1);
      if (!cls) return null;
      parts.push({ one: cls.test });
      i = cls.end - 1;
    } else if (c === '\\') {
      if (i + 1 >= glob.length) return null;
      parts.push(glob[++i]);
    } else parts.push(c);
  }
  return compileGlob(parts);
}

/**
 * A `[...]` class as Go's filepath.Match reads it, from just after the `[`: `^` negates, members are characters or
 * `lo-hi` ranges, `\` escapes; a bare `-` or `]` as a member, an empty or unclosed class, or a reversed range is
 * malformed (null).
 */
function charClass(glob: string, start: number): { test: CharTest; end: number } | null {
  let i = start;
  const negated = glob[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  const member = (): string | null => {
    let ch = glob[i];
    if (ch === undefined || ch === '-' || ch === ']') return null;
    if (ch === '\\') {
      ch = glob[++i];
      if (ch === undefined) return null;
    }
    i++;
    return ch;
  };
  for (let members = 0; ; members++) {
    if (glob[i] === ']' && members > 0) {
      return { test: (c) => ranges.some(([lo, hi]) => lo <= c && c <= hi) !== negated, end: i + 1 };
    }
    const lo = member();
    if (lo === null) return null;
    let hi = lo;
    if (glob[i] === '-') {
      i++;
      const h = member();
      if (h === null) return null;
      hi = h;
    }
    if (lo > hi) return null;
    ranges.push([lo, hi]);
  }
}

/**
 * A .dockerignore's patterns. The same few texts come again and again in a run (one .dockerignore serves every
 * Dockerfile of its folder; the fix's entries are constants): the last PARSED_KEPT texts of up to PARSED_MAX_LENGTH
 * characters are kept parsed, read-only (issue 21: 90 ms of a warm pass over 8,000 files went to parsing them again).
 */
export function parseDockerignore(text: string): readonly IgnorePattern[] {
  const known = parsed.get(text);
  if (known) return known;
  const out = parseNow(text);
  if (text.length <= PARSED_MAX_LENGTH) {
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, out);
  }
  return out;
}

const parsed = new Map<string, readonly IgnorePattern[]>();
const PARSED_KEPT = 64;
const PARSED_MAX_LENGTH = 16 * 1024;

function parseNow(text: string): readonly IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    const pattern = cleanPath(line);
    if (!pattern) continue;
    const glob = compilePattern(pattern);
    if (glob) out.push({ negate, glob });
  }
  return out;
}

/** Whether a context path (`.git`, `src/.env`) is left out of the build context. */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const clean = cleanPath(path);
  let ignored = false;
  // the path or one of its folders: one pass over the path, accepting at each `/`
  for (const p of patterns) if (matchGlob(p.glob, clean, { orParent: true })) ignored = !p.negate;
  return ignored;
}

/**
 * `.dockerignore` matching as BuildKit does it (moby/patternmatcher): patterns are cleaned paths relative to the
 * context root, `*` and `?` stay within a path segment, `**` spans segments, `!` re-includes, the last matching
 * pattern wins, and a pattern that matches a directory excludes everything below it.
 */
interface IgnorePattern {
  negate: boolean;
  re: RegExp;
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
 * A pattern as a regular expression, or null for a pattern that matches nothing. BuildKit refuses a pattern that Go's
 * filepath.Match rejects (an unclosed or empty `[]`, a range without an end, a trailing `\`) and one Go's regexp cannot
 * compile (a reversed range `[z-a]`), so such a line excludes nothing here: it never counts as keeping `.git` or `.env`
 * out, and it never throws.
 */
function globToRegex(glob: string): RegExp | null {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = charClass(glob, i + 1);
      if (!cls) return null;
      re += cls.re;
      i = cls.end - 1;
    } else if (c === '\\') {
      if (i + 1 >= glob.length) return null;
      re += escapeRegex(glob[++i]);
    } else re += escapeRegex(c);
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return null;
  }
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `[...]` class as Go's filepath.Match reads it, from just after the `[`: `^` negates, members are characters or
 * `lo-hi` ranges, `\` escapes; a bare `-` or `]` as a member, an empty or unclosed class, or a reversed range is
 * malformed (null).
 */
function charClass(glob: string, start: number): { re: string; end: number } | null {
  let i = start;
  let re = '[';
  if (glob[i] === '^') {
    re += '^';
    i++;
  }
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
  const inClass = (ch: string) => ch.replace(/[\\\]\[^-]/g, '\\$&');
  for (let members = 0; ; members++) {
    if (glob[i] === ']' && members > 0) return { re: `${re}]`, end: i + 1 };
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
    re += lo === hi ? inClass(lo) : `${inClass(lo)}-${inClass(hi)}`;
  }
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    const pattern = cleanPath(line);
    if (!pattern) continue;
    const re = globToRegex(pattern);
    if (re) out.push({ negate, re });
  }
  return out;
}

/** Whether a context path (`.git`, `src/.env`) is left out of the build context. */
export function isIgnored(patterns: IgnorePattern[], path: string): boolean {
  const clean = cleanPath(path);
  const segments = clean.split('/');
  let ignored = false;
  for (const p of patterns) {
    let matched = false;
    for (let n = 1; n <= segments.length && !matched; n++) matched = p.re.test(segments.slice(0, n).join('/'));
    if (matched) ignored = !p.negate;
  }
  return ignored;
}

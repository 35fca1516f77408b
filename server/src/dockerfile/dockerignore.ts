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

function globToRegex(glob: string): RegExp {
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
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
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
    out.push({ negate, re: globToRegex(pattern) });
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

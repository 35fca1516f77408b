/**
 * `WWW-Authenticate` challenges (RFC 9110 §11.6.1: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, challenges and
 * parameters separated by commas, a parameter's value a token or a quoted-string with `\` escapes), as registries
 * send them: `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"`
 * (OCI Distribution Spec, "Authentication"; distribution's registry/auth/token). One pass over the header: every
 * step of the loop consumes at least one character.
 */
export interface Challenge {
  /** The scheme, lower-cased (`bearer`, `basic`). */
  scheme: string;
  /** Parameters by lower-cased name; a prototype-less object, so `__proto__` is an ordinary key. */
  params: Record<string, string>;
}

const SEPARATOR = new Set([' ', '\t', ',', '=', '"']);

export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const n = header.length;
  let i = 0;
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  while (i < n) {
    if (header[i] === ' ' || header[i] === '\t' || header[i] === ',') {
      i++;
      continue;
    }
    const start = i;
    while (i < n && !SEPARATOR.has(header[i])) i++;
    if (i === start) {
      // A stray `=` or `"` where a name belongs: skip it.
      i++;
      continue;
    }
    const token = header.slice(start, i);
    skipSpace();
    if (header[i] !== '=') {
      out.push({ scheme: token.toLowerCase(), params: Object.create(null) as Record<string, string> });
      continue;
    }
    i++; // '='
    skipSpace();
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < n && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < n) i++;
        value += header[i];
        i++;
      }
      i++; // the closing quote (or the end)
    } else {
      const v = i;
      while (i < n && header[i] !== ',' && header[i] !== ' ' && header[i] !== '\t') i++;
      value = header.slice(v, i);
    }
    // A parameter before any scheme belongs to no challenge and is dropped.
    if (out.length) out[out.length - 1].params[token.toLowerCase()] = value;
  }
  return out;
}

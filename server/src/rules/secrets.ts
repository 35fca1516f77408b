import { SECRET_PATTERNS, isSecretQueryParam, urlUserinfo } from '../data/secretPatterns';

const MASK = '********';
/** Nothing but variable references (`${TOKEN}`, `$TOKEN`, `$(cat /run/secrets/t)`): readable, not a secret. */
const REFERENCES_ONLY = /^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([^)]*\))+$/;

/** Secrets never appear in full in a message, hover, log or report: keep a short prefix, star the rest. */
export function maskSecret(secret: string): string {
  // A long token keeps its first four characters, which name its kind (`AKIA`, `ghp_`, `npm_`); a short secret (a
  // password) shows nothing of itself, since a few characters are a large part of it.
  const keep = secret.length >= 16 ? 4 : 0;
  return secret.slice(0, keep) + '*'.repeat(Math.min(12, Math.max(4, secret.length - keep)));
}

/**
 * The values of credential query parameters in a text masked (`?private_token=********`, `&sig=********`; see
 * SECRET_QUERY_PARAMS); variable references stay readable (`?token=${TOKEN}`).
 */
export function maskQuerySecrets(text: string): string {
  return text.replace(/([?&])([A-Za-z0-9_.-]+)=([^&#\s'"`<>|;)]+)/g, (match: string, sep: string, name: string, value: string) =>
    isSecretQueryParam(name) && !REFERENCES_ONLY.test(value) ? `${sep}${name}=${MASK}` : match,
  );
}

/**
 * A URL for people: its userinfo (a password, or a token used as the user name) and its credential query parameters
 * masked, variable references kept (`https://ci:${TOKEN}@host` stays as written).
 */
export function maskUrl(url: string): string {
  const info = urlUserinfo(url);
  let out = url;
  if (info) {
    const secretPart = info.password ?? info.user;
    if (secretPart && !REFERENCES_ONLY.test(secretPart)) out = url.slice(0, info.start) + '****' + url.slice(info.end);
  }
  return maskQuerySecrets(out);
}

/**
 * Mask every credential-shaped part of a text meant for people (diagnostic messages, fix titles). Rules mask what
 * they quote; this is the engine's last line of defence for a rule that quotes a line holding a secret it did not
 * look for (a URL with a password or a signed query string in a download message). Variable references (`${TOKEN}`)
 * are not secrets.
 */
/** The patterns compiled once, global (`replace` with a global regex starts at 0 and resets `lastIndex` itself). */
const GLOBAL_PATTERNS = SECRET_PATTERNS.map((p) => ({ id: p.id, regex: new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : p.regex.flags + 'g') }));

export function maskSecretsIn(text: string): string {
  let out = text;
  for (const pattern of GLOBAL_PATTERNS) {
    out = out.replace(pattern.regex, (match: string, group: unknown) => {
      if (match.includes('$')) return match;
      // keep a URL readable: only its password is secret
      if (pattern.id === 'url-password' && typeof group === 'string') return match.replace(`:${group}@`, `:${MASK}@`);
      return maskSecret(match);
    });
  }
  return maskQuerySecrets(out);
}

import {
  PUBLIC_URL_USERS,
  SECRET_PATTERNS,
  holdsAnyMarker,
  holdsMarker,
  isSecretQueryParam,
  urlUserinfo,
} from '../data/secretPatterns';

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
  // a parameter has a value after `=`: most texts (nine in ten finding messages and fix titles) have no `=` at all
  if (!text.includes('=')) return text;
  return text.replace(
    /([?&])([A-Za-z0-9_.-]+)=([^&#\s'"`<>|;)]+)/g,
    (match: string, sep: string, name: string, value: string) =>
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
 * The token patterns compiled once, global (`replace` with a global regex starts at 0 and resets `lastIndex` itself).
 * A password in a URL is masked with the rest of the userinfo (maskUserinfos).
 */
const GLOBAL_PATTERNS = SECRET_PATTERNS.filter((p) => p.id !== 'url-password').map((p) => ({
  id: p.id,
  markers: p.markers,
  regex: new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : p.regex.flags + 'g'),
}));

/**
 * Mask every credential-shaped part of a text meant for people (diagnostic messages, fix titles). Rules mask what
 * they quote; this is the engine's last line of defence for a rule that quotes a line holding a secret it did not
 * look for (a URL with a password or a signed query string in a download message). Variable references (`${TOKEN}`)
 * are not secrets.
 */
export function maskSecretsIn(text: string): string {
  let out = maskUserinfos(text);
  if (holdsAnyMarker(out))
    for (const pattern of GLOBAL_PATTERNS) {
      if (!holdsMarker(out, pattern)) continue;
      out = out.replace(pattern.regex, (match: string) => (match.includes('$') ? match : maskSecret(match)));
    }
  return maskQuerySecrets(out);
}

/**
 * A URL's userinfo (RFC 3986 §3.2.1): what lies between `://` and `@`, stopping where a path, query, word or quote
 * would start. No scheme in front: each `://` is scanned once, so the scan stays linear.
 */
const URL_USERINFO = /:\/\/([^\s/?#@'"`<>]+)@/g;
/** Masked already, by the rule that quoted it (`postgresql://****@db`). */
const MASKED = /^\*+$/;
const PUBLIC_USERS = new Set(PUBLIC_URL_USERS);

/**
 * Every URL userinfo in a text masked: a password (`bob:********@`), or the whole userinfo when it is a lone user name,
 * which is how a token is passed (`https://********@github.com`); `git@` and variable references stay readable.
 */
function maskUserinfos(text: string): string {
  // most messages hold no URL: no search, no new string
  if (!text.includes('://')) return text;
  return text.replace(URL_USERINFO, (match: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    const secret = colon < 0 ? userinfo : userinfo.slice(colon + 1);
    if (
      !secret ||
      MASKED.test(secret) ||
      REFERENCES_ONLY.test(secret) ||
      (colon < 0 && PUBLIC_USERS.has(secret.toLowerCase()))
    )
      return match;
    return `://${colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`}@`;
  });
}

/**
 * A mask for credentials a document holds, as written (Language.credentials): each masked (maskSecret) wherever a text
 * quotes it, as given or as JSON.stringify escapes it, only where it is not part of a longer word (a password
 * `docker` leaves "dockerd" alone), the longest first (one that holds another is masked whole); then the engine's own
 * masking (maskSecretsIn). Each credential is searched as a literal: linear.
 */
export function maskValues(credentials: readonly string[]): (text: string) => string {
  const known = [...new Set(credentials)].filter((c) => c !== '').sort((a, b) => b.length - a.length);
  if (!known.length) return maskSecretsIn;
  const patterns = known.flatMap((c) => {
    const masked = maskSecret(c);
    const escaped = JSON.stringify(c).slice(1, -1);
    const forms: [string, string][] = [[c, masked]];
    if (escaped !== c) forms.push([escaped, JSON.stringify(masked).slice(1, -1)]);
    return forms.map(([text, replacement]) => ({
      re: new RegExp(`(?<![A-Za-z0-9])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'),
      replacement,
    }));
  });
  return (text: string): string =>
    maskSecretsIn(patterns.reduce((out, p) => out.replace(p.re, () => p.replacement), text));
}

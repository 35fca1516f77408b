import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { maskSecret } from '../../rules/secrets';
import { credentialPlace } from '../analysis/credentials';
import {
  SECRET_PATTERNS,
  holdsAnyMarker,
  holdsMarker,
  SecretPattern,
  distinctChars,
  isPlaceholderUrlPassword,
  schemeStart,
  urlUserinfo,
} from '../../data/secretPatterns';

export interface SecretMatch {
  pattern: SecretPattern;
  /** Document offsets of the secret (the token, the PEM header, the password of a URL). */
  start: number;
  end: number;
  secret: string;
  /** The whole match, for the URL form (`scheme://user:…@host`). */
  match: string;
}

/** Literal high-confidence credentials in a text, placeholders excluded; overlapping matches yield to earlier patterns. */
export function findSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  if (!holdsAnyMarker(text)) return found;
  for (const pattern of SECRET_PATTERNS) {
    if (!holdsMarker(text, pattern)) continue;
    const next = matcher(pattern.regex, text);
    let m: RegExpExecArray | null;
    while ((m = next())) {
      const secret = m[1] ?? m[0];
      const start = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
      const end = start + secret.length;
      if (pattern.id === 'url-password') {
        const user = urlUserinfo(m[0])?.user ?? '';
        if (isPlaceholderUrlPassword(user, secret) || /example\.(com|org|net)|localhost/i.test(m[0])) continue;
      } else if (pattern.id !== 'pem-private-key') {
        if (/example|xxxx|0000|1234|abcd/i.test(secret)) continue;
        if (pattern.minDistinct && distinctChars(secret.replace(/^[a-z_]+[_-]/i, '')) < pattern.minDistinct) continue;
      }
      const overlaps = found.some((f) => f.start < m!.index + m![0].length && m!.index < f.end);
      if (overlaps) continue;
      found.push({ pattern, start, end, secret, match: m[0] });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The successive matches of a global pattern in the text (what `exec` in a loop gives). A pattern that starts with a
 * URL scheme (`\b[a-z][a-z0-9+.-]*:\/\/…`) can only match at a scheme written right before a `://`, and whichever of
 * the run's words it starts at, the rest is the same: only the first place a scheme can start is tried, once per `://`
 * (searched from every word, the pattern took quadratic time on a long run like `a-a-a-…`).
 */
function matcher(regex: RegExp, text: string): () => RegExpExecArray | null {
  const re = new RegExp(regex.source, regex.flags);
  if (!re.global || !regex.source.startsWith(SCHEME_PREFIX)) return () => re.exec(text);
  let sticky = stickyVersion.get(regex);
  if (!sticky) stickyVersion.set(regex, (sticky = new RegExp(regex.source, regex.flags.replace('g', '') + 'y')));
  const at = sticky;
  let from = 0;
  return () => {
    for (let q = text.indexOf('://', from); q !== -1; q = text.indexOf('://', from)) {
      const s = schemeStart(text, q, from);
      if (s >= 0) {
        at.lastIndex = s;
        const m = at.exec(text);
        if (m) {
          from = s + m[0].length;
          return m;
        }
      }
      from = q + 1;
    }
    return null;
  };
}

const SCHEME_PREFIX = String.raw`\b[a-z][a-z0-9+.-]*:\/\/`;
const stickyVersion = new WeakMap<RegExp, RegExp>();

export const secretValue: DockerfileRule = {
  id: 'secret-value',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Credential written in the Dockerfile',
  rationale:
    'A credential in a Dockerfile is in every clone of the repository and its history, in build logs and usually in an image layer; anyone who can read any of them can use it.',
  remedy:
    'Revoke and rotate the credential now (deleting the line does not remove it from history), then pass it at build time with `RUN --mount=type=secret` or at run time from a secret store.',
  guidance: ['Build: no secrets in images'],
  anchors: [{ tool: 'kics', id: 'Passwords And Secrets' }],
  fixes: [],
  check({ model }) {
    return findSecrets(model.text).map((s): Report => {
      const shown =
        s.pattern.id === 'pem-private-key'
          ? s.secret
          : s.pattern.id === 'url-password'
            ? s.match.replace(`:${s.secret}@`, `:${'*'.repeat(8)}@`)
            : maskSecret(s.secret);
      return {
        range: model.range(s.start, s.end),
        secret: credentialPlace(model, s.start, s.end, s.secret),
        message: `This is ${s.pattern.description} (${shown}) written in the Dockerfile. Revoke and rotate it now, then provide it with RUN --mount=type=secret or at run time instead.`,
      };
    });
  },
};

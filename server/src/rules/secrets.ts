import { SECRET_PATTERNS } from '../data/secretPatterns';

/** Secrets never appear in full in a message, hover, log or report: keep a short prefix, star the rest. */
export function maskSecret(secret: string): string {
  const keep = Math.min(4, Math.max(0, secret.length - 4));
  return secret.slice(0, keep) + '*'.repeat(Math.min(12, Math.max(4, secret.length - keep)));
}

/**
 * Mask every credential-shaped part of a text meant for people (diagnostic messages, fix titles). Rules mask what
 * they quote; this is the engine's last line of defence for a rule that quotes a line holding a secret it did not
 * look for (a URL with a password in a download message). Variable references (`${TOKEN}`) are not secrets.
 */
export function maskSecretsIn(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(new RegExp(pattern.regex.source, pattern.regex.flags), (match: string, group: unknown) => {
      if (match.includes('$')) return match;
      // keep a URL readable: only its password is secret
      if (pattern.id === 'url-password' && typeof group === 'string') return match.replace(`:${group}@`, `:${'*'.repeat(8)}@`);
      return maskSecret(match);
    });
  }
  return out;
}

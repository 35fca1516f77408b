/** Secrets never appear in full in a message, hover, log or report: keep a short prefix, star the rest. */
export function maskSecret(secret: string): string {
  const keep = Math.min(4, Math.max(0, secret.length - 4));
  return secret.slice(0, keep) + '*'.repeat(Math.min(12, Math.max(4, secret.length - keep)));
}

/**
 * Input the linter should not try to interpret. Returns a message for the user, or null when the text is lintable.
 * Large files are linted (the parser copes); binary files are not, since every finding would be noise.
 */
export const MAX_LINT_BYTES = 8 * 1024 * 1024;

export function inspectInput(text: string): string | null {
  const probe = text.length > 65536 ? text.slice(0, 65536) : text;
  if (probe.includes('\u0000')) return 'Bulkhead skipped this file: it contains NUL bytes, so it looks binary rather than a Dockerfile.';
  if (text.length > MAX_LINT_BYTES) return `Bulkhead skipped this file: it is larger than ${MAX_LINT_BYTES / 1024 / 1024} MB, far beyond any real Dockerfile.`;
  return null;
}

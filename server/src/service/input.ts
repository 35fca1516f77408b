/**
 * Input the linter should not try to interpret. Returns a message for the user, or null when the text is lintable.
 * Large files are linted (the parser copes); binary files are not, since every finding would be noise.
 */
export const MAX_LINT_BYTES = 8 * 1024 * 1024;
/** Also used by the CLI, which checks the size on disk before reading a file at all. */
export const TOO_LARGE_MESSAGE = `Bulkhead skipped this file: it is larger than ${MAX_LINT_BYTES / 1024 / 1024} MB, far beyond any real Dockerfile.`;

export function inspectInput(text: string): string | null {
  const probe = text.length > 65536 ? text.slice(0, 65536) : text;
  if (probe.includes('\u0000')) return 'Bulkhead skipped this file: it contains NUL bytes, so it looks binary rather than a Dockerfile.';
  if (text.length > MAX_LINT_BYTES) return TOO_LARGE_MESSAGE;
  return null;
}

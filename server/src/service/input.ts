import { languageOf, type LintedKind } from './languages';
/**
 * Input the linter should not try to interpret. Returns a message for the user, or null when the text is lintable.
 * Binary files are not linted, since every finding would be noise. Nor are files over 2 MiB: real Dockerfiles are
 * kilobytes (the largest of ~2,650 public ones is under 200 KB), and parsing megabytes takes seconds that an editor
 * must not spend on every keystroke.
 */
export const MAX_LINT_BYTES = 2 * 1024 * 1024;

/** Also used by the CLI, which checks the size on disk before reading a file at all. */
export function tooLargeMessage(kind: LintedKind = 'dockerfile'): string {
  return `Bulkhead skipped this file: it is larger than ${MAX_LINT_BYTES / 1024 / 1024} MB, far beyond any real ${languageOf(kind).name}.`;
}

export function inspectInput(text: string, kind: LintedKind = 'dockerfile'): string | null {
  const probe = text.length > 65536 ? text.slice(0, 65536) : text;
  if (probe.includes('\u0000'))
    return `Bulkhead skipped this file: it contains NUL bytes, so it looks binary rather than ${languageOf(kind).noun}.`;
  if (text.length > MAX_LINT_BYTES) return tooLargeMessage(kind);
  return null;
}

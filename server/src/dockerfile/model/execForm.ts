/**
 * The exec (JSON) form of an instruction's arguments, read as BuildKit reads it (frontend/dockerfile/parser
 * line_parsers.go v0.32.2, parseJSON 278-309 and parseMaybeJSON 311-328): the text after the flags, trimmed, must start
 * with `[` and be a JSON array; an element that is not a string is an error (`when using JSON array syntax, arrays
 * must be comprised of strings only`); any other JSON error means shell form.
 */
export type ExecForm =
  /** A JSON array of strings. */
  | { argv: string[] }
  /** A JSON array with an element that is not a string: BuildKit refuses the instruction. */
  | { refused: string };

/** The exec form of `text`, or null when it is shell form. */
export function parseExecForm(text: string): ExecForm | null {
  // most instructions are shell form: tell by the first non-blank character, before copying the text
  const first = text.search(/\S/);
  if (first < 0 || text[first] !== '[') return null;
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  if (!parsed.every((e) => typeof e === 'string'))
    return { refused: 'when using JSON array syntax, arrays must be comprised of strings only' };
  return { argv: parsed as string[] };
}

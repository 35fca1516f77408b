/**
 * Parsing and validating what the "New …" commands ask for. Pure (no `vscode`): the input boxes call these for
 * validation and for the value.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A port: empty means none (no EXPOSE, no published port), else an integer 1–65535. */
export function parsePort(text: string): Parsed<number | null> {
  const t = text.trim();
  if (!t) return { ok: true, value: null };
  if (!/^\d+$/.test(t)) return { ok: false, message: 'A port is a number from 1 to 65535 (leave it empty for none).' };
  const port = Number(t);
  if (port < 1 || port > 65535)
    return { ok: false, message: 'A port is a number from 1 to 65535 (leave it empty for none).' };
  return { ok: true, value: port };
}

/**
 * A start command, as a JSON array (`["node", "server.js"]`) or as words (`node server.js`, quotes group words).
 * Written to CMD in exec form, so no shell runs it: shell syntax is refused rather than silently passed as arguments.
 */
export function parseStartCommand(text: string): Parsed<string[]> {
  const t = text.trim();
  if (!t)
    return {
      ok: false,
      message: 'Enter the command that starts the application, e.g. node server.js or ["node", "server.js"].',
    };
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return {
        ok: false,
        message: 'Not a valid JSON array: write ["program", "arg"] with double quotes, or plain words.',
      };
    }
    if (!Array.isArray(parsed) || !parsed.length || !parsed.every((w) => typeof w === 'string' && w !== '')) {
      return { ok: false, message: 'The JSON array must hold at least one non-empty string: ["program", "arg"].' };
    }
    return { ok: true, value: parsed as string[] };
  }
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m[3] !== undefined && /[|&;<>`]|\$\(/.test(m[3])) {
      return {
        ok: false,
        message:
          'The command runs without a shell (exec form): move pipes, && and redirections into a script and start that.',
      };
    }
    if (m[3] !== undefined && /["']/.test(m[3])) {
      return {
        ok: false,
        message: 'Quotes go around whole words ("two words"), and every quote must be closed; or write a JSON array.',
      };
    }
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  }
  return { ok: true, value: words };
}

/** How a start command is shown in the input box: as the JSON array CMD will hold. */
export function formatStartCommand(words: readonly string[]): string {
  return JSON.stringify(words);
}

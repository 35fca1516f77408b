/**
 * Compose variable interpolation without an environment (Bulkhead never reads the shell or `.env`): `${VAR:-default}`
 * and `${VAR-default}` take their default, `$$` is a literal `$`, and any other variable (`$VAR`, `${VAR}`,
 * `${VAR:?error}`, `${VAR:+alternative}`) is unknown. Rules judge what the file says when nothing is set, and stay
 * quiet about what a variable decides.
 */
export interface Interpolated {
  /** The text with defaults filled in; unknown variables are left as written. */
  value: string;
  /** A variable without a default is involved: the value depends on the environment. */
  unresolved: boolean;
  /** Any variable (with or without a default) is involved. */
  hadVariables: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The index of the `}` closing the `${` that starts at `open` (nested `${…}` in defaults allowed), or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * `unknown` gives the text that stands for a variable without a default (its name and the expression as written);
 * by default the expression is kept as written. `known` gives the value of a variable a rule may take as set (`HOME`,
 * which every shell Compose runs from sets): it is substituted as Compose substitutes a set variable, before any
 * default; undefined for the others.
 */
export function interpolate(
  text: string,
  unknown: (name: string, expr: string) => string = (_n, expr) => expr,
  known?: (name: string) => string | undefined,
): Interpolated {
  let value = '';
  let unresolved = false;
  let hadVariables = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      value += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      value += '$';
      i++;
    } else if (next === '{') {
      const close = closingBrace(text, i);
      if (close < 0) {
        // not an expression Compose accepts; treat the rest as unknown
        value += unknown('', text.slice(i));
        return { value, unresolved: true, hadVariables: true };
      }
      hadVariables = true;
      const body = text.slice(i + 2, close);
      const name = NAME.exec(body)?.[0] ?? '';
      const op = /^(:?[-?+])/.exec(body.slice(name.length))?.[1];
      const set = name && (op || name.length === body.length) ? known?.(name) : undefined;
      if (set !== undefined) {
        // as Compose does with a set variable: `:` forms take an empty value as unset
        const empty = set === '' && !!op?.startsWith(':');
        const alternative = op?.endsWith('+');
        if (op && (alternative ? !empty : op.endsWith('-') && empty)) {
          // `${VAR:+alternative}` of a set variable, or the default of one set empty
          const inner = interpolate(body.slice(name.length + op.length), unknown, known);
          value += inner.value;
          unresolved ||= inner.unresolved;
        } else if (!alternative) value += set;
      } else if (name && (op === ':-' || op === '-')) {
        const inner = interpolate(body.slice(name.length + op.length), unknown, known);
        value += inner.value;
        unresolved ||= inner.unresolved;
      } else {
        value += unknown(name, text.slice(i, close + 1));
        unresolved = true;
      }
      i = close;
    } else if (next !== undefined && NAME.test(text.slice(i + 1))) {
      const name = NAME.exec(text.slice(i + 1))![0];
      const set = known?.(name);
      if (set !== undefined) value += set;
      else {
        value += unknown(name, '$' + name);
        unresolved = true;
      }
      hadVariables = true;
      i += name.length;
    } else {
      value += c;
    }
  }
  return { value, unresolved, hadVariables };
}

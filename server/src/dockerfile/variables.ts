/**
 * Build-time variable substitution as Docker does it for FROM, USER and friends: `$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`. An unknown variable makes the result unresolved.
 */
export interface Substituted {
  value: string;
  /** Some variable had no known value. */
  unresolved: boolean;
  /** Any variable occurred at all. */
  hadVariables: boolean;
}

export type Vars = ReadonlyMap<string, string | undefined>;

const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function substitute(text: string, vars: Vars, escape = '\\'): Substituted {
  if (!text.includes('$')) return { value: text, unresolved: false, hadVariables: false };
  let unresolved = false;
  let hadVariables = false;
  const value = text.replace(VAR, (match, braced: string | undefined, op: string | undefined, word: string | undefined, plain: string | undefined, offset: number) => {
    if (offset > 0 && text[offset - 1] === escape) return match;
    hadVariables = true;
    const name = (braced ?? plain) as string;
    const known = vars.has(name) ? vars.get(name) : undefined;
    const isSet = known !== undefined;
    if (op === ':-' || op === '-') {
      if (isSet && (op === '-' || known !== '')) return known as string;
      const inner = substitute(word ?? '', vars, escape);
      if (inner.unresolved) unresolved = true;
      return inner.value;
    }
    if (op === ':+' || op === '+') {
      if (isSet && (op === '+' || known !== '')) return substitute(word ?? '', vars, escape).value;
      if (!vars.has(name)) unresolved = true;
      return '';
    }
    if (!isSet) {
      unresolved = true;
      return '';
    }
    return known as string;
  });
  return { value, unresolved, hadVariables };
}

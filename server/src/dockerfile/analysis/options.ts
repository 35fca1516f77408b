import type { Word } from '../model/shell';

/**
 * Command-line options of a command, parsed the way getopt does it: combined short flags (`-fsSLk`), short
 * options whose value is the rest of the group or the next word (`-o file`, `-ofile`), `--long=value` and
 * `--long value`, options after operands, and `--` ending them. Knowing which options take a value keeps a value
 * (`-o -k`) from being read as a flag.
 */

export interface OptionSpec {
  /** Short option letters that take a value. */
  shortValue?: string;
  /** Long option names (without `--`) that take a value when not written `--name=value`. */
  longValue?: readonly string[];
  /** Options end at the first operand (POSIX `sh`, `git <global options> <command>`). */
  stopAtOperand?: boolean;
}

export interface ParsedOption {
  /** `k` for `-k`, `insecure` for `--insecure`. */
  name: string;
  long: boolean;
  value: string | null;
  /** The word holding the option. */
  word: Word;
  /** The next word when it is the option's value (`-o file`, `--setopt x=y`). */
  valueWord?: Word;
  /** Index of the letter in a short group (`-fsSLk`: 5 for `k`). */
  letter?: number;
  /** The word is exactly this option (`-k`, `--insecure`, `--x=y`), so deleting the word removes only it. */
  alone: boolean;
}

export interface ParsedArgs {
  options: ParsedOption[];
  operands: Word[];
  /** How many operands came before a `--` (-1: no `--`). */
  beforeDashDash: number;
}

export function parseOptions(args: readonly Word[], spec: OptionSpec = {}): ParsedArgs {
  const options: ParsedOption[] = [];
  const operands: Word[] = [];
  const shortValue = spec.shortValue ?? '';
  // (a few lookups per call: a scan of the short list costs less than building a Set each time)
  const longValue = spec.longValue ?? [];
  let ended = false;
  let beforeDashDash = -1;
  for (let k = 0; k < args.length; k++) {
    const word = args[k];
    const v = word.value;
    if (!ended && v === '--') {
      ended = true;
      beforeDashDash = operands.length;
      continue;
    }
    if (ended || v === '-' || !v.startsWith('-') || (word.dynamic && v.startsWith('$'))) {
      operands.push(word);
      if (spec.stopAtOperand) ended = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(2, eq) : v.slice(2);
      if (eq >= 0) {
        options.push({ name, long: true, value: v.slice(eq + 1), word, alone: true });
      } else if (longValue.includes(name) && k + 1 < args.length) {
        options.push({ name, long: true, value: args[k + 1].value, word, valueWord: args[k + 1], alone: true });
        k++;
      } else {
        options.push({ name, long: true, value: null, word, alone: true });
      }
      continue;
    }
    const letters = v.slice(1);
    for (let j = 0; j < letters.length; j++) {
      const name = letters[j];
      if (shortValue.includes(name)) {
        const rest = letters.slice(j + 1);
        if (rest) {
          options.push({ name, long: false, value: rest, word, letter: j + 1, alone: j === 0 });
        } else if (k + 1 < args.length) {
          options.push({
            name,
            long: false,
            value: args[k + 1].value,
            word,
            valueWord: args[k + 1],
            letter: j + 1,
            alone: j === 0,
          });
          k++;
        } else {
          options.push({ name, long: false, value: null, word, letter: j + 1, alone: j === 0 });
        }
        break;
      }
      options.push({ name, long: false, value: null, word, letter: j + 1, alone: letters.length === 1 });
    }
  }
  return { options, operands, beforeDashDash };
}

/** The words an option occupies (the option word and its separate value word). */
export function optionWords(o: ParsedOption): Word[] {
  return o.valueWord ? [o.word, o.valueWord] : [o.word];
}

/** A long option name is `name` or an unambiguous abbreviation of it at least `min` characters long (getopt_long). */
export function longMatches(given: string, name: string, min = name.length): boolean {
  return given.length >= min && name.startsWith(given);
}

/** Boolean words that mean "off" in package-manager and tool configuration. */
export function isFalse(v: string | null | undefined): boolean {
  return v != null && /^(0|false|no|off)$/i.test(v.trim());
}

export function isTrue(v: string | null | undefined): boolean {
  return v != null && /^(1|true|yes|on)$/i.test(v.trim());
}

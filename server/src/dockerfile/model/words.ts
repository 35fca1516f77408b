/**
 * BuildKit's word evaluation: the shell-like lexer that turns an instruction argument as written into the word the
 * build uses (quote removal, the escape character, `$VAR`, `${VAR}` and every `${VAR<op>word}` form). A port of
 * moby/buildkit `frontend/dockerfile/shell/lex.go` (v0.32.2; line numbers below are that file's), extended with what a
 * linter needs and a build does not have: a variable whose value is not known here (a build argument without a
 * default, an environment variable of a base image) makes an *unknown* stretch of the result instead of a guess, so a
 * word is known, known in shape with unknown stretches (`<unknown>/ubuntu`: no tag can appear), or refused (BuildKit
 * would fail the build on it).
 *
 * Every loop reads the word once; nesting (`${a:-${b:-…}}`) is bounded by MAX_WORD_NESTING and past it the word is
 * "too deep to judge"; shell patterns (`${x#*.}`) are matched by a bounded automaton, never by a backtracking regex.
 */

/** What a variable is at the place a word is evaluated. */
export type VarValue =
  | { state: 'set'; value: string }
  /** Not set: BuildKit evaluates it to the empty string. */
  | { state: 'unset' }
  /** Its value (or whether it is set at all) cannot be known here: a base image's ENV, an ONBUILD trigger's. */
  | { state: 'unknown' }
  /**
   * A build argument declared without a default (`ARG TAG`): unset unless the build passes `--build-arg`, so its value
   * is unknown, but `${TAG:-3.20}` is the default the author wrote for the build that passes none (as `ARG TAG=3.20`).
   */
  | { state: 'arg' };

export type Lookup = (name: string) => VarValue;

/** A stretch of an evaluated word: text known exactly, or text that is not known here (`of`: what it came from). */
export type WordPart = { text: string } | { unknown: string };

export interface EvaluatedWord {
  /** The word in stretches, adjacent known text joined. Empty for the empty word. */
  parts: WordPart[];
  /** The whole word when every stretch is known; null otherwise (or when the word is refused or too deep). */
  value: string | null;
  /** BuildKit refuses the word (its message): an unterminated quote, `${}`, `${X:?}` on an unset X, a bad pattern. */
  error?: string;
  /** Not judged: nesting past MAX_WORD_NESTING or a pattern match past the work bound. */
  tooDeep?: boolean;
  /** Variables the word reads, in order of first use, with what each was (ProcessWordWithMatches' matches). */
  reads: ReadonlyMap<string, VarValue['state']>;
}

export interface LexOptions {
  /** The escape character in effect (`\`, or `` ` `` after `# escape=`` ` ``). */
  escape: string;
  /** Quotes are ordinary characters (COPY/ADD heredoc bodies: lex.go SkipProcessQuotes). */
  noQuotes?: boolean;
  /**
   * Pattern-matching steps left for every word evaluated with these options (one budget per document, so a thousand
   * words cannot each spend a word's worth); past it, a pattern is "too deep to judge".
   */
  budget?: { steps: number };
}

/** A fresh budget of pattern-matching steps for one document. */
export function matchBudget(): { steps: number } {
  return { steps: MAX_MATCH_WORK };
}

/** `${a:-${b:-${c…}}}` deeper than this is not evaluated ("too deep to judge"). */
export const MAX_WORD_NESTING = 32;
/** Pattern-matching steps (characters read × pattern states) a document's words may take before they are not judged. */
const MAX_MATCH_WORK = 4_000_000;
/** A word longer than this once evaluated (`ARG A=$A$A`, repeated, doubles it) is "too deep to judge". */
export const MAX_WORD_LENGTH = 65_536;

class Refused extends Error {}
class TooDeep extends Error {}

/** Characters by code point, as Go's text/scanner hands them out (a surrogate pair is one character). */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    if (this.i >= this.s.length) return '';
    const c = this.s.charCodeAt(this.i);
    // one UTF-16 unit unless it starts a surrogate pair (V8 keeps one-character strings: no allocation)
    if (c < 0xd800 || c > 0xdbff) return this.s[this.i];
    return String.fromCodePoint(this.s.codePointAt(this.i)!);
  }
  next(): string {
    const ch = this.peek();
    this.i += ch.length;
    return ch;
  }
}

const EOF = '';
// unicode.IsDigit / IsLetter / IsSpace (lex.go 127-135, 487-514)
const isDigit = (ch: string) => (ch >= '0' && ch <= '9') || (ch > '\u007f' && /^\p{Nd}$/u.test(ch));
const isLetter = (ch: string) =>
  (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch > '\u007f' && /^\p{L}$/u.test(ch));
const isSpace = (ch: string) =>
  ch === ' ' ||
  ch === '\t' ||
  ch === '\n' ||
  ch === '\r' ||
  ch === '\v' ||
  ch === '\f' ||
  ch === '\u0085' ||
  ch === '\u00a0' ||
  (ch > '\u00ff' && /^\p{White_Space}$/u.test(ch));
// lex.go 537-545
const isSpecialParam = (ch: string) => '@*#?-$!0'.includes(ch) && ch.length === 1;

/** Text with unknown stretches, built left to right. */
class Parts {
  parts: WordPart[] = [];
  private length = 0;
  text(s: string): void {
    if (!s) return;
    this.length += s.length;
    if (this.length > MAX_WORD_LENGTH) throw new TooDeep();
    const last = this.parts[this.parts.length - 1];
    if (last && 'text' in last) last.text += s;
    else this.parts.push({ text: s });
  }
  unknown(of: string): void {
    const last = this.parts[this.parts.length - 1];
    if (last && 'unknown' in last) return;
    this.parts.push({ unknown: of });
  }
  append(other: WordPart[]): void {
    for (const p of other)
      if ('text' in p) this.text(p.text);
      else this.unknown(p.unknown);
  }
  known(): string | null {
    let out = '';
    for (const p of this.parts) {
      if (!('text' in p)) return null;
      out += p.text;
    }
    return out;
  }
}

/** ProcessWords' word splitting (lex.go 122-165): expanded and unquoted text splits at blanks, quoted text never. */
class Words {
  words: WordPart[][] = [];
  private buf = new Parts();
  private inWord = false;
  /** An unquoted unknown stretch: where it splits cannot be known. */
  uncertain = false;
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.buf.parts.length) this.flush();
    } else this.addRawChar(ch);
  }
  addRawChar(ch: string): void {
    this.buf.text(ch);
    this.inWord = true;
  }
  addString(parts: WordPart[]): void {
    for (const p of parts) {
      if ('text' in p) for (const ch of p.text) this.addChar(ch);
      else {
        this.uncertain = true;
        this.buf.unknown(p.unknown);
        this.inWord = true;
      }
    }
  }
  addRawString(parts: WordPart[]): void {
    this.buf.append(parts);
    this.inWord = true;
  }
  private flush(): void {
    this.words.push(this.buf.parts);
    this.buf = new Parts();
    this.inWord = false;
  }
  done(): WordPart[][] {
    if (this.buf.parts.length) this.flush();
    return this.words;
  }
}

class Lexer {
  private readonly sc: Scanner;
  private depth = 0;
  private readonly budget: { steps: number };
  readonly reads = new Map<string, VarValue['state']>();
  constructor(
    word: string,
    private readonly lookup: Lookup,
    private readonly escape: string,
    private readonly quotes: boolean,
    budget?: { steps: number },
  ) {
    this.sc = new Scanner(word);
    this.budget = budget ?? matchBudget();
  }

  // lex.go 169-244
  processStopOn(stop: string, rawEscapes: boolean, words?: Words): Parts {
    if (++this.depth > MAX_WORD_NESTING) throw new TooDeep();
    const result = new Parts();
    for (let ch = this.sc.peek(); ch !== EOF; ch = this.sc.peek()) {
      // a run of ordinary characters is taken whole (one word, not split at blanks): what the loop below would take
      // one character at a time, without a string per character
      if (!words) {
        const run = this.ordinaryRun(stop);
        if (run) {
          result.text(run);
          continue;
        }
      }
      if (stop !== EOF && ch === stop) {
        this.sc.next();
        this.depth--;
        return result;
      }
      if (ch === '$' || ch === '<' || (this.quotes && (ch === "'" || ch === '"'))) {
        const tmp =
          ch === '$'
            ? this.processDollar()
            : ch === '<'
              ? this.processPossibleHeredoc()
              : ch === "'"
                ? this.processSingleQuote()
                : this.processDoubleQuote(rawEscapes);
        result.append(tmp.parts);
        if (ch === '$') words?.addString(tmp.parts);
        else words?.addRawString(tmp.parts);
        continue;
      }
      ch = this.sc.next();
      if (ch === this.escape) {
        if (rawEscapes) {
          words?.addRawChar(ch);
          result.text(ch);
        }
        // the escape character escapes the next one; at the end of the word it is dropped
        ch = this.sc.next();
        if (ch === EOF) break;
        words?.addRawChar(ch);
      } else words?.addChar(ch);
      result.text(ch);
    }
    if (stop !== EOF) throw new Refused(`unexpected end of statement while looking for matching ${stop}`);
    this.depth--;
    return result;
  }

  /** The characters from here that processStopOn copies as they are (none of `$`, `<`, quotes, escape, stop). */
  private ordinaryRun(stop: string): string {
    const { s, i } = this.sc;
    let j = i;
    while (j < s.length) {
      const c = s[j];
      if (c === '$' || c === '<' || c === stop || c === this.escape || (this.quotes && (c === "'" || c === '"'))) break;
      j++;
    }
    // a run never ends inside a surrogate pair: the scanner reads a pair as one character
    if (j < s.length && j > i && s.charCodeAt(j - 1) >= 0xd800 && s.charCodeAt(j - 1) <= 0xdbff) j--;
    if (j === i) return '';
    this.sc.i = j;
    return s.slice(i, j);
  }

  // lex.go 246-276: everything literal up to the next single quote
  private processSingleQuote(): Parts {
    const result = new Parts();
    this.sc.next();
    for (;;) {
      const ch = this.sc.next();
      if (ch === EOF) throw new Refused('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return result;
      result.text(ch);
    }
  }

  // lex.go 278-336: `$` expands; the escape character escapes only `"`, `$` and itself, and is kept before anything else
  private processDoubleQuote(rawEscapes: boolean): Parts {
    const result = new Parts();
    this.sc.next();
    for (;;) {
      const peek = this.sc.peek();
      if (peek === EOF) throw new Refused('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') {
        this.sc.next();
        return result;
      }
      if (peek === '$') {
        result.append(this.processDollar().parts);
        continue;
      }
      let ch = this.sc.next();
      if (ch === this.escape) {
        if (rawEscapes) result.text(ch);
        const after = this.sc.peek();
        if (after === EOF) continue; // an escape at the end of the word is ignored (then the quote is unterminated)
        if (after === '"' || after === '$' || after === this.escape) ch = this.sc.next();
      }
      result.text(ch);
    }
  }

  private get(name: string): VarValue {
    const v = this.lookup(name);
    if (!this.reads.has(name)) this.reads.set(name, v.state);
    return v;
  }

  // lex.go 338-485
  private processDollar(): Parts {
    this.sc.next();
    const out = new Parts();
    if (this.sc.peek() !== '{') {
      const name = this.processName();
      if (!name) {
        out.text('$');
        return out;
      }
      return this.valueOf(name, this.get(name));
    }
    this.sc.next();
    const first = this.sc.peek();
    if (first === EOF) throw new Refused("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new Refused('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.sc.next();
    let modifier = ch;
    let nullIsUnset = false;
    if (ch === '}') return this.valueOf(name, this.get(name));
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.sc.next();
      modifier += ch;
    }
    // after `:` only `-`, `+` and `?` are modifiers (Go falls through to the same case and refuses the rest)
    if (nullIsUnset || ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%') {
      const rawEscapes = ch === '#' || ch === '%';
      if (nullIsUnset && rawEscapes) throw new Refused(`unsupported modifier (${modifier}) in substitution`);
      let word: Parts;
      try {
        word = this.processStopOn('}', rawEscapes);
      } catch (e) {
        if (e instanceof Refused && this.sc.peek() === EOF) throw new Refused("syntax error: missing '}'");
        throw e;
      }
      // the word is read (and its variables looked up) before the variable itself (lex.go 385, 395)
      const v = this.get(name);
      if (v.state === 'arg' && ch === '-') return word;
      if (v.state === 'unknown' || v.state === 'arg') return unknownPart(name);
      const empty = v.state === 'unset' || (nullIsUnset && v.value === '');
      switch (ch) {
        case '-':
          return empty ? word : this.valueOf(name, v);
        case '+':
          return empty ? new Parts() : word;
        case '?': {
          if (v.state === 'unset' || (nullIsUnset && v.value === '')) {
            const message =
              word.known() || (v.state === 'unset' ? 'is not allowed to be unset' : 'is not allowed to be empty');
            throw new Refused(`${name}: ${message}`);
          }
          return this.valueOf(name, v);
        }
        case '#':
        case '%': {
          // %/# the shortest match, %%/## the longest (lex.go 427-439)
          const pattern = word.known();
          if (pattern === null) return unknownPart(name);
          const greedy = pattern.length > 0 && pattern[0] === ch;
          const p = greedy ? pattern.slice(1) : pattern;
          const value = v.state === 'set' ? v.value : '';
          return textPart(ch === '%' ? this.trimSuffix(p, value, greedy) : this.trimPrefix(p, value, greedy));
        }
        default:
          throw new Refused(`unsupported modifier (${modifier}) in substitution`);
      }
    }
    if (ch === '/') {
      const all = this.sc.peek() === '/';
      if (all) this.sc.next();
      let pattern: Parts;
      let replacement: Parts;
      try {
        pattern = this.processStopOn('/', true);
      } catch (e) {
        if (e instanceof Refused && this.sc.peek() === EOF) throw new Refused("syntax error: missing '/' in ${}");
        throw e;
      }
      try {
        replacement = this.processStopOn('}', true);
      } catch (e) {
        if (e instanceof Refused && this.sc.peek() === EOF) throw new Refused("syntax error: missing '}'");
        throw e;
      }
      const v = this.get(name);
      const pat = pattern.known();
      const rep = replacement.known();
      if (v.state === 'unknown' || v.state === 'arg' || pat === null || rep === null) return unknownPart(name);
      const tokens = patternTokens(pat);
      return textPart(this.replace(tokens, v.state === 'set' ? v.value : '', rep, all));
    }
    throw new Refused(`unsupported modifier (${modifier}) in substitution`);
  }

  private valueOf(name: string, v: VarValue): Parts {
    if (v.state === 'unknown' || v.state === 'arg') return unknownPart(name);
    return textPart(v.state === 'set' ? v.value : '');
  }

  // lex.go 487-514: digits, one special parameter, or letters, digits and `_`
  private processName(): string {
    let name = '';
    for (let ch = this.sc.peek(); ch !== EOF; ch = this.sc.peek()) {
      if (!name && isDigit(ch)) {
        while (this.sc.peek() !== EOF && isDigit(this.sc.peek())) name += this.sc.next();
        return name;
      }
      if (!name && isSpecialParam(ch)) return this.sc.next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.sc.next();
    }
    return name;
  }

  // lex.go 516-533: `<<` and the blanks after it stay together
  private processPossibleHeredoc(): Parts {
    this.sc.next();
    const out = new Parts();
    if (this.sc.peek() !== '<') {
      out.text('<');
      return out;
    }
    this.sc.next();
    let text = '<<';
    while (this.sc.peek() === ' ' || this.sc.peek() === '\t') text += this.sc.next();
    out.text(text);
    return out;
  }

  private charge(n: number): void {
    this.budget.steps -= n;
    if (this.budget.steps < 0) throw new TooDeep();
  }

  /** The prefix lengths of `value` that the pattern matches whole, in increasing order (a bounded automaton). */
  private prefixMatches(tokens: PatternToken[], value: string[], from: number): number[] {
    const m = tokens.length;
    let states = closure(tokens, new Uint8Array(m + 1).fill(0), [0]);
    const ends: number[] = [];
    for (let i = from; ; i++) {
      // charged for the steps taken: a match that fails at once costs one step, not the rest of the value
      this.charge(m + 1);
      if (states[m]) ends.push(i - from);
      if (i >= value.length) break;
      const nextStates: number[] = [];
      const ch = value[i];
      for (let k = 0; k < m; k++) {
        if (!states[k]) continue;
        const t = tokens[k];
        if (t.kind === 'star') nextStates.push(k);
        else if (t.kind === 'any' || t.ch === ch) nextStates.push(k + 1);
      }
      if (!nextStates.length) break;
      states = closure(tokens, new Uint8Array(m + 1), nextStates);
    }
    return ends;
  }

  private trimPrefix(pattern: string, value: string, greedy: boolean): string {
    const chars = [...value];
    const ends = this.prefixMatches(patternTokens(pattern), chars, 0);
    if (!ends.length) return value;
    return chars.slice(greedy ? ends[ends.length - 1] : ends[0]).join('');
  }

  // lex.go 660-699: the suffix match is the prefix match of the reversed pattern on the reversed value
  private trimSuffix(pattern: string, value: string, greedy: boolean): string {
    const chars = [...value].reverse();
    const ends = this.prefixMatches(patternTokens(pattern).reverse(), chars, 0);
    if (!ends.length) return value;
    return chars
      .slice(greedy ? ends[ends.length - 1] : ends[0])
      .reverse()
      .join('');
  }

  /**
   * `${x/pattern/replacement}` (first match) and `${x//...}` (every match), lex.go 443-481: an unanchored pattern whose
   * stars are greedy, so each match is the leftmost, and the longest there. Go's ReplaceAllString skips an empty match
   * right after the previous match.
   */
  private replace(tokens: PatternToken[], value: string, replacement: string, all: boolean): string {
    const chars = [...value];
    let out = '';
    let copied = 0;
    let lastEnd = -1;
    for (let start = 0; start <= chars.length;) {
      const ends = this.prefixMatches(tokens, chars, start);
      const len = ends.length ? ends[ends.length - 1] : -1;
      if (len < 0 || (len === 0 && start === lastEnd)) {
        start++;
        continue;
      }
      out += chars.slice(copied, start).join('') + replacement;
      copied = start + len;
      lastEnd = copied;
      if (!all) break;
      start = len === 0 ? start + 1 : copied;
    }
    return out + chars.slice(copied).join('');
  }
}

type PatternToken = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'star' };

/** A shell pattern (`*`, `?`, `\*`, `\?`, `\\`; `\}` and `\/` lose the backslash), lex.go 602-646. */
function patternTokens(pattern: string): PatternToken[] {
  const chars = [...pattern];
  const out: PatternToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') out.push({ kind: 'star' });
    else if (ch === '?') out.push({ kind: 'any' });
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\')
        throw new Refused(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? ''}'`);
      out.push({ kind: 'char', ch: next });
      i++;
    } else out.push({ kind: 'char', ch });
  }
  return out;
}

/** The states reachable from `from` without reading (a star may match nothing). */
function closure(tokens: PatternToken[], into: Uint8Array, from: number[]): Uint8Array {
  for (const k of from) {
    for (let j = k; j <= tokens.length && !into[j]; j++) {
      into[j] = 1;
      if (tokens[j]?.kind !== 'star') break;
    }
  }
  return into;
}

function textPart(s: string): Parts {
  const p = new Parts();
  p.text(s);
  return p;
}

function unknownPart(of: string): Parts {
  const p = new Parts();
  p.unknown(of);
  return p;
}

function evaluated(parts: Parts | null, reads: Map<string, VarValue['state']>, e?: unknown): EvaluatedWord {
  if (e instanceof Refused) return { parts: [], value: null, error: e.message, reads };
  if (e instanceof TooDeep) return { parts: [], value: null, tooDeep: true, reads };
  if (e) throw e;
  return { parts: parts!.parts, value: parts!.known(), reads };
}

const NO_READS: ReadonlyMap<string, VarValue['state']> = new Map();

/** A word with nothing for the lexer to do (no `$`, no quote, no escape character) evaluates to itself. */
export function isPlainWord(word: string, options: LexOptions): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '$' || c === options.escape || (!options.noQuotes && (c === '"' || c === "'"))) return false;
  }
  return true;
}

/**
 * The text inside `"…"` with no `$`, escape character or inner `"` (lex.go 278-336 copies it as it is), or inside
 * `'…'` with no inner `'` (246-276); null for any other word. The most common quoted ENV value, without a lexer.
 */
function simpleQuoted(word: string, options: LexOptions): string | null {
  if (options.noQuotes || word.length < 2) return null;
  const q = word[0];
  if ((q !== '"' && q !== "'") || word[word.length - 1] !== q) return null;
  for (let i = 1; i < word.length - 1; i++) {
    const c = word[i];
    if (c === q || (q === '"' && (c === '$' || c === options.escape))) return null;
  }
  return word.slice(1, -1);
}

/** The evaluation of a plain word (see isPlainWord): the word itself. */
export function plainWord(word: string): EvaluatedWord {
  return { parts: word ? [{ text: word }] : [], value: word, reads: NO_READS };
}

/** ProcessWord: one word, spaces kept (FROM, USER, WORKDIR, COPY/ADD operands, ENV and ARG values, flag values). */
export function processWord(word: string, lookup: Lookup, options: LexOptions): EvaluatedWord {
  if (isPlainWord(word, options)) return plainWord(word);
  const quoted = simpleQuoted(word, options);
  if (quoted !== null) return plainWord(quoted);
  const lexer = new Lexer(word, lookup, options.escape, !options.noQuotes, options.budget);
  try {
    return evaluated(lexer.processStopOn(EOF, false), lexer.reads);
  } catch (e) {
    return evaluated(null, lexer.reads, e);
  }
}

/**
 * ProcessWords: the word split at blanks after expansion, quoted text kept whole (EXPOSE). `words` is null when an
 * unquoted unknown stretch makes the split itself unknown; `error` / `tooDeep` as for processWord.
 */
export function processWords(
  word: string,
  lookup: Lookup,
  options: LexOptions,
): { words: WordPart[][] | null; error?: string; tooDeep?: boolean } {
  const lexer = new Lexer(word, lookup, options.escape, !options.noQuotes, options.budget);
  const words = new Words();
  try {
    lexer.processStopOn(EOF, false, words);
    const out = words.done();
    return { words: words.uncertain ? null : out };
  } catch (e) {
    if (e instanceof Refused) return { words: null, error: e.message };
    if (e instanceof TooDeep) return { words: null, tooDeep: true };
    throw e;
  }
}

/**
 * A lookup over the variables in scope (a name mapped to undefined is an ARG without a default); names absent from
 * `vars` are `absent`: unset where BuildKit knows every variable (FROM), unknown where a base image may set them.
 */
export function lookupIn(vars: ReadonlyMap<string, string | undefined>, absent: 'unset' | 'unknown'): Lookup {
  return (name) => {
    if (!vars.has(name)) return { state: absent };
    const v = vars.get(name);
    if (v !== undefined) return { state: 'set', value: v };
    // a name with no value is an ARG declared without a default, unless the scope knows it is set to something unknown
    const scope = vars as { isUnknown?: (name: string) => boolean };
    return scope.isUnknown?.(name) ? { state: 'unknown' } : { state: 'arg' };
  };
}

import type { LogicalText } from '../model/logical';
import type { Word } from '../model/shell';

/**
 * A small PowerShell tokenizer for RUN code: enough structure for security rules (which command runs, with which
 * parameters and arguments, in which pipeline; which .NET methods are called on what; what is assigned to what), with
 * document offsets on every token. Not a PowerShell parser: no types, no operator precedence, no evaluation. It never
 * throws; odd input degrades to fewer or longer tokens.
 *
 * What it mirrors (about_Parsing, about_Quoting_Rules, about_Special_Characters in the PowerShell documentation):
 * - a backtick escapes the next character, and a backtick at the end of a line continues it; inside single quotes it
 *   is literal, and `''` is one quote; inside double quotes `""` is one quote and `$name`/`$(…)` expand;
 * - `;` and a line break end a statement (a line break after `|`, `,`, `=` or an operator continues it), `|` joins a
 *   pipeline, `&&`/`||` chain pipelines (PowerShell 7);
 * - argument mode: an argument is an expandable string up to a metacharacter (blank ' " ` , ; ( ) { } | &), and
 *   `< > @ #` are special only at the start of a token; `(…)`, `$(…)`, `@(…)` and `{…}` open a nested context that
 *   holds statements of its own;
 * - `-Name` is a parameter (`-Name:value` glues its value), names are matched case-insensitively and by unique prefix
 *   (`bindParameters`);
 * - `&` and `.` in command position call what follows (a path, a string, a variable);
 * - the typographic quotes and dashes PowerShell accepts as quotes and dashes.
 */

export type PsTokenKind = 'word' | 'string' | 'variable' | 'group' | 'dash' | 'op' | 'member';

export interface PsToken {
  kind: PsTokenKind;
  /**
   * word/string: the text after quotes and escapes (a `$name` or `$(…)` inside kept as written); variable: its name
   * (`env:PATH`, `url`); dash: the parameter or operator name without `-` and a trailing `:`; op: the operator
   * (`;` `\n` `|` `&&` `||` `&` `.` `,` `=` `+=` … and redirections `>` `>>` `2>` …); member: the member name; group:
   * its opener (`(` `$(` `@(` `{` `@{` `[`).
   */
  value: string;
  /** Document offset of every character of `value` (word and string tokens). */
  offsets?: number[];
  /** Document offsets of the token as written. */
  start: number;
  end: number;
  /** A blank (or the start of the context) comes before the token: it is not glued to the one before. */
  space: boolean;
  /** string: the quote (`'` or `"`); a double-quoted string or a bare word expands what it holds. */
  quote?: "'" | '"';
  /** word or double-quoted string holding `$` (a variable or a subexpression): its value is not literal. */
  dynamic?: boolean;
  /** dash: written `-Name:` (the value is glued after the colon). */
  colon?: boolean;
  /** member: written `::Name` (static) rather than `.Name`. */
  isStatic?: boolean;
  /** group (and double-quoted strings holding `$(…)`): the nested code. */
  inner?: PsBlock;
  /** group `[…]`: the text between the brackets (a type name or an index). */
  text?: string;
}

export interface PsBlock {
  statements: PsStatement[];
}

export interface PsStatement {
  elements: PsElement[];
}

export interface PsElement {
  /** The operator before this element: `|` in a pipeline, `&&`/`||` in a chain, null for the first. */
  before: '|' | '&&' | '||' | null;
  /** The element's tokens, an assignment's target and `=` excluded. */
  tokens: PsToken[];
  /** `$name = …` (also `+=`, `[T]$x = …`): the variable's name (lower case, `env:path` for `$env:Path`). */
  assignTo?: string;
  /** `[Net.ServicePointManager]::X = …`, `$obj.X = …`: the assigned target's tokens (a member, an index). */
  assignTarget?: PsToken[];
  /** The command the element runs, when it is one (not an expression or a keyword statement). */
  command?: PsCommand;
  /** Nesting depth: 0 at the top of the script, 1 inside a group of a top-level statement, … */
  depth: number;
  /** The statement it belongs to. */
  statement: PsStatement;
  /** Its index in the statement's elements. */
  index: number;
}

export interface PsArg {
  /** The tokens of the argument: glued tokens, and values joined by `,` (an array argument). */
  tokens: PsToken[];
  start: number;
  end: number;
  /** The argument is a parameter name (`-Uri`, `-Uri:`), not a value. */
  dash?: PsToken;
}

export interface PsCommand {
  /** The command name as written, lower case (`invoke-webrequest`, `iwr`, `curl.exe`, `c:\tmp\setup.exe`). */
  name: string;
  /** The token naming the command (after `&` or `.`). */
  nameToken: PsToken;
  /** `&` or `.` in front of the name. */
  call: '&' | '.' | null;
  args: PsArg[];
  element: PsElement;
}

export interface PsScript {
  block: PsBlock;
  /** Every element in source order, nested ones included (see `depth`). */
  elements: PsElement[];
  /** Every command in source order, nested ones included. */
  commands: PsCommand[];
  /** Groups nested past MAX_PS_NESTING were kept as text, not read: the script is too deep to judge. */
  tooDeep: boolean;
}

/** Nested groups read as code; deeper ones are skipped as text (each level is a call on the stack). */
export const MAX_PS_NESTING = 64;

/** Language keywords that start a statement which is not a command (about_Language_Keywords). */
const KEYWORDS = new Set([
  'begin',
  'break',
  'catch',
  'class',
  'continue',
  'data',
  'define',
  'do',
  'dynamicparam',
  'else',
  'elseif',
  'end',
  'enum',
  'exit',
  'filter',
  'finally',
  'for',
  'foreach',
  'from',
  'function',
  'hidden',
  'if',
  'in',
  'param',
  'process',
  'return',
  'static',
  'switch',
  'throw',
  'trap',
  'try',
  'until',
  'using',
  'var',
  'while',
  'workflow',
]);

const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const DASHES = '-\u2013\u2014\u2015';

function isSingleQuote(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && SINGLE_QUOTES.includes(c);
}

function isDoubleQuote(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && DOUBLE_QUOTES.includes(c);
}

function isDash(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && DASHES.includes(c);
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\u2028' || c === '\u2029';
}

function isNewline(c: string): boolean {
  return c === '\n' || c === '\r';
}

function isNameChar(c: string): boolean {
  const k = c.charCodeAt(0);
  return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || k > 127;
}

/** Characters that end a bare word in argument mode. */
function endsWord(c: string): boolean {
  return (
    isBlank(c) ||
    isNewline(c) ||
    c === ';' ||
    c === ',' ||
    c === '(' ||
    c === ')' ||
    c === '{' ||
    c === '}' ||
    c === '|' ||
    c === '&' ||
    isSingleQuote(c) ||
    isDoubleQuote(c)
  );
}

/** Backtick escapes in double-quoted strings (about_Special_Characters). */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

class Lexer {
  tooDeep = false;
  constructor(
    readonly s: string,
    readonly lt: LogicalText,
  ) {}

  at(i: number): number {
    const o = this.lt.offsets;
    if (i < o.length) return o[i];
    return o.length ? o[o.length - 1] + 1 : this.lt.end;
  }

  /** Tokens until `closer` (or the end); returns them and the index after the closer. */
  tokens(from: number, closer: string | null, depth: number): { tokens: PsToken[]; next: number; closed: boolean } {
    const s = this.s;
    const out: PsToken[] = [];
    let i = from;
    let space = true;
    // every field present (undefined when absent), in one order: tokens built with different fields would have
    // different hidden classes, and the optimized code that reads them deoptimized at each one it had not met
    const push = (t: Omit<PsToken, 'space'>) => {
      out.push({
        kind: t.kind,
        value: t.value,
        offsets: t.offsets,
        start: t.start,
        end: t.end,
        space,
        quote: t.quote,
        dynamic: t.dynamic,
        colon: t.colon,
        isStatic: t.isStatic,
        inner: t.inner,
        text: t.text,
        // every field of PsToken listed: a field added there and not here fails to compile, not silently dropped
      } satisfies { [K in keyof PsToken]-?: unknown });
      space = false;
    };
    while (i < s.length) {
      const c = s[i];
      if (isBlank(c)) {
        space = true;
        i++;
        continue;
      }
      if (c === '`' && (isNewline(s[i + 1] ?? '') || i + 1 >= s.length)) {
        // line continuation
        i += s[i + 1] === '\r' && s[i + 2] === '\n' ? 3 : 2;
        space = true;
        continue;
      }
      if (isNewline(c)) {
        push({ kind: 'op', value: '\n', start: this.at(i), end: this.at(i) + 1 });
        space = true;
        i++;
        continue;
      }
      if (closer !== null && c === closer) return { tokens: out, next: i + 1, closed: true };
      if (c === '#' && space) {
        while (i < s.length && !isNewline(s[i])) i++;
        space = true;
        continue;
      }
      if (c === '<' && s[i + 1] === '#') {
        const close = s.indexOf('#>', i + 2);
        i = close < 0 ? s.length : close + 2;
        space = true;
        continue;
      }
      if (c === ')' || c === '}' || c === ']') {
        // a stray closer: kept as an operator so it ends nothing
        push({ kind: 'op', value: c, start: this.at(i), end: this.at(i) + 1 });
        i++;
        continue;
      }
      if (isSingleQuote(c)) {
        i = this.single(i, push);
        continue;
      }
      if (isDoubleQuote(c)) {
        i = this.double(i, push, depth);
        continue;
      }
      if (c === '@' && (isSingleQuote(s[i + 1]) || isDoubleQuote(s[i + 1]))) {
        const here = this.hereString(i, push);
        if (here >= 0) {
          i = here;
          continue;
        }
      }
      if ((c === '$' || c === '@') && s[i + 1] === '(') {
        i = this.group(i, c + '(', i + 2, ')', push, depth);
        continue;
      }
      if (c === '@' && s[i + 1] === '{') {
        i = this.group(i, '@{', i + 2, '}', push, depth);
        continue;
      }
      if (c === '(' || c === '{') {
        i = this.group(i, c, i + 1, c === '(' ? ')' : '}', push, depth);
        continue;
      }
      if (c === '[' && (space || this.memberable(out))) {
        i = this.bracket(i, push);
        continue;
      }
      if (c === '$' && s[i + 1] === '{') {
        let j = i + 2;
        let name = '';
        while (j < s.length && s[j] !== '}') {
          if (s[j] === '`' && j + 1 < s.length) j++;
          name += s[j];
          j++;
        }
        push({ kind: 'variable', value: name, start: this.at(i), end: this.at(Math.min(j, s.length - 1)) + 1 });
        i = Math.min(j + 1, s.length);
        continue;
      }
      const special = c === '$' && (s[i + 1] === '?' || s[i + 1] === '^' || s[i + 1] === '$');
      if ((c === '$' || c === '@') && (isNameChar(s[i + 1] ?? '') || special)) {
        const j = special ? i + 2 : variableEnd(s, i + 1);
        push({ kind: 'variable', value: s.slice(i + 1, j), start: this.at(i), end: this.at(j - 1) + 1 });
        i = j;
        continue;
      }
      if ((c === '.' || (c === ':' && s[i + 1] === ':')) && !space && this.memberable(out)) {
        const isStatic = c === ':';
        let j = i + (isStatic ? 2 : 1);
        const from = j;
        while (j < s.length && isNameChar(s[j])) j++;
        if (j > from) {
          push({ kind: 'member', value: s.slice(from, j), isStatic, start: this.at(i), end: this.at(j - 1) + 1 });
          i = j;
          continue;
        }
      }
      if (c === ';' || c === ',') {
        push({ kind: 'op', value: c, start: this.at(i), end: this.at(i) + 1 });
        space = true;
        i++;
        continue;
      }
      if (c === '|' || c === '&') {
        const two = s[i + 1] === c;
        push({ kind: 'op', value: two ? c + c : c, start: this.at(i), end: this.at(i + (two ? 1 : 0)) + 1 });
        space = true;
        i += two ? 2 : 1;
        continue;
      }
      if (space && (c === '>' || c === '<' || ('*123456'.includes(c) && s[i + 1] === '>'))) {
        let j = i + 1;
        while (j < s.length && (s[j] === '>' || s[j] === '&' || (s[j - 1] === '&' && /\d/.test(s[j])))) j++;
        push({ kind: 'op', value: s.slice(i, j), start: this.at(i), end: this.at(j - 1) + 1 });
        space = true;
        i = j;
        continue;
      }
      if ((space || this.memberable(out)) && c === '=' && s[i + 1] !== '=') {
        push({ kind: 'op', value: '=', start: this.at(i), end: this.at(i) + 1 });
        space = true;
        i++;
        continue;
      }
      if (
        (space || this.memberable(out)) &&
        '+*/%?'.includes(c) &&
        (s[i + 1] === '=' || (c === '?' && s[i + 1] === '?' && s[i + 2] === '='))
      ) {
        const len = c === '?' ? 3 : 2;
        push({ kind: 'op', value: s.slice(i, i + len), start: this.at(i), end: this.at(i + len - 1) + 1 });
        space = true;
        i += len;
        continue;
      }
      if (space && isDash(c)) {
        const n = s[i + 1] ?? '';
        if (n === '=') {
          push({ kind: 'op', value: '-=', start: this.at(i), end: this.at(i + 1) + 1 });
          space = true;
          i += 2;
          continue;
        }
        if (isNameChar(n) && !/\d/.test(n)) {
          let j = i + 1;
          while (j < s.length && (isNameChar(s[j]) || isDash(s[j]) || s[j] === '?')) j++;
          const colon = s[j] === ':' && s[j + 1] !== ':';
          push({
            kind: 'dash',
            value: s.slice(i + 1, j),
            colon,
            start: this.at(i),
            end: this.at(colon ? j : j - 1) + 1,
          });
          i = colon ? j + 1 : j;
          if (!colon) space = true;
          continue;
        }
      }
      i = this.word(i, push);
    }
    return { tokens: out, next: i, closed: false };
  }

  /** A token can take a member (`.Name`, `::Name`) or an index right after it. */
  memberable(out: PsToken[]): boolean {
    const last = out[out.length - 1];
    if (!last) return false;
    return (
      last.kind === 'variable' ||
      last.kind === 'member' ||
      (last.kind === 'group' && last.value !== '{' && last.value !== '@{') ||
      (last.kind === 'string' && last.quote !== undefined)
    );
  }

  single(i: number, push: (t: Omit<PsToken, 'space'>) => void): number {
    const s = this.s;
    let j = i + 1;
    let value = '';
    const offsets: number[] = [];
    while (j < s.length) {
      if (isSingleQuote(s[j])) {
        if (isSingleQuote(s[j + 1])) {
          value += "'";
          offsets.push(this.at(j));
          j += 2;
          continue;
        }
        break;
      }
      value += s[j];
      offsets.push(this.at(j));
      j++;
    }
    const end = j < s.length ? this.at(j) + 1 : this.at(s.length - 1) + 1;
    push({ kind: 'string', quote: "'", value, offsets, start: this.at(i), end });
    return Math.min(j + 1, s.length);
  }

  double(i: number, push: (t: Omit<PsToken, 'space'>) => void, depth: number): number {
    const s = this.s;
    let j = i + 1;
    let value = '';
    const offsets: number[] = [];
    let dynamic = false;
    const statements: PsStatement[] = [];
    while (j < s.length) {
      const c = s[j];
      if (isDoubleQuote(c)) {
        if (isDoubleQuote(s[j + 1])) {
          value += '"';
          offsets.push(this.at(j));
          j += 2;
          continue;
        }
        break;
      }
      if (c === '`' && j + 1 < s.length) {
        const e = s[j + 1];
        value += ESCAPES[e] ?? e;
        offsets.push(this.at(j + 1));
        j += 2;
        continue;
      }
      if (c === '$' && s[j + 1] === '(') {
        // a subexpression: its code is read (commands may run in it), its text kept in the value
        dynamic = true;
        const from = j;
        const inner = this.nested(j + 2, ')', depth);
        statements.push(...inner.block.statements);
        for (let k = from; k < inner.next; k++) {
          value += s[k];
          offsets.push(this.at(k));
        }
        j = inner.next;
        continue;
      }
      if (c === '$' && (isNameChar(s[j + 1] ?? '') || s[j + 1] === '{')) dynamic = true;
      value += c;
      offsets.push(this.at(j));
      j++;
    }
    const end = j < s.length ? this.at(j) + 1 : this.at(s.length - 1) + 1;
    push({
      kind: 'string',
      quote: '"',
      value,
      offsets,
      start: this.at(i),
      end,
      ...(dynamic ? { dynamic } : {}),
      ...(statements.length ? { inner: { statements } } : {}),
    });
    return Math.min(j + 1, s.length);
  }

  /** `@'...'@` / `@"..."@`: the opener ends its line, the closer starts one. -1 when it is not a here-string. */
  hereString(i: number, push: (t: Omit<PsToken, 'space'>) => void): number {
    const s = this.s;
    let j = i + 2;
    while (j < s.length && isBlank(s[j])) j++;
    if (!isNewline(s[j] ?? '')) return -1;
    const quote = isSingleQuote(s[i + 1]) ? "'" : '"';
    if (s[j] === '\r' && s[j + 1] === '\n') j++;
    const bodyStart = j + 1;
    let k = bodyStart;
    let close = -1;
    while (k < s.length) {
      const nl = s.indexOf('\n', k);
      if (nl < 0) break;
      const next = nl + 1;
      if ((quote === "'" ? isSingleQuote(s[next]) : isDoubleQuote(s[next])) && s[next + 1] === '@') {
        close = nl > 0 && s[nl - 1] === '\r' ? nl - 1 : nl;
        k = next + 2;
        break;
      }
      k = next;
    }
    const bodyEnd = close < 0 ? s.length : close;
    const offsets: number[] = [];
    for (let x = bodyStart; x < bodyEnd; x++) offsets.push(this.at(x));
    const value = s.slice(bodyStart, bodyEnd);
    push({
      kind: 'string',
      quote,
      value,
      offsets,
      start: this.at(i),
      end: this.at(Math.min(close < 0 ? s.length : k, s.length) - 1) + 1,
      ...(quote === '"' && value.includes('$') ? { dynamic: true } : {}),
    });
    return close < 0 ? s.length : k;
  }

  nested(from: number, closer: string, depth: number): { block: PsBlock; next: number } {
    if (depth >= MAX_PS_NESTING) {
      this.tooDeep = true;
      return { block: { statements: [] }, next: skipBalanced(this.s, from, closer) };
    }
    const r = this.tokens(from, closer, depth + 1);
    return { block: structure(r.tokens), next: r.next };
  }

  group(
    i: number,
    opener: string,
    from: number,
    closer: string,
    push: (t: Omit<PsToken, 'space'>) => void,
    depth: number,
  ): number {
    const inner = this.nested(from, closer, depth);
    const end = inner.next > from && this.s[inner.next - 1] === closer ? this.at(inner.next - 1) + 1 : this.lt.end;
    push({ kind: 'group', value: opener, inner: inner.block, start: this.at(i), end });
    return inner.next;
  }

  /** `[type]` or `[index]`: kept as text (nested brackets balanced). */
  bracket(i: number, push: (t: Omit<PsToken, 'space'>) => void): number {
    const s = this.s;
    let level = 0;
    let j = i;
    for (; j < s.length; j++) {
      if (s[j] === '[') level++;
      else if (s[j] === ']' && --level === 0) break;
      else if (isNewline(s[j])) break;
    }
    const closed = j < s.length && s[j] === ']';
    push({
      kind: 'group',
      value: '[',
      text: s.slice(i + 1, j),
      start: this.at(i),
      end: this.at(Math.min(j, s.length - 1)) + 1,
    });
    return closed ? j + 1 : j;
  }

  /** A bare word: an expandable string in argument mode (a backtick escapes the next character). */
  word(i: number, push: (t: Omit<PsToken, 'space'>) => void): number {
    const s = this.s;
    let j = i;
    let value = '';
    const offsets: number[] = [];
    let dynamic = false;
    while (j < s.length) {
      const c = s[j];
      if (j > i && endsWord(c)) break;
      if (c === '`') {
        if (j + 1 >= s.length || isNewline(s[j + 1])) break;
        value += s[j + 1];
        offsets.push(this.at(j + 1));
        j += 2;
        continue;
      }
      if (c === '$' && s[j + 1] === '{') {
        // `a${env:X}b`: a braced variable inside the word
        const close = s.indexOf('}', j + 2);
        const stop = close < 0 ? s.length : close + 1;
        for (let k = j; k < stop; k++) {
          value += s[k];
          offsets.push(this.at(k));
        }
        dynamic = true;
        j = stop;
        continue;
      }
      if (c === '$' && j > i && s[j + 1] === '(') {
        // `a$(…)`: the subexpression is part of the word; skip it balanced
        const close = skipBalanced(s, j + 2, ')');
        for (let k = j; k < close; k++) {
          value += s[k];
          offsets.push(this.at(k));
        }
        dynamic = true;
        j = close;
        continue;
      }
      if (c === '$' && (isNameChar(s[j + 1] ?? '') || s[j + 1] === '{')) dynamic = true;
      value += c;
      offsets.push(this.at(j));
      j++;
    }
    if (j === i) {
      // a lone backtick at the end: nothing to escape
      j = i + 1;
      value = s[i];
      offsets.push(this.at(i));
    }
    push({
      kind: 'word',
      value,
      offsets,
      start: this.at(i),
      end: this.at(j - 1) + 1,
      ...(dynamic ? { dynamic } : {}),
    });
    return j;
  }
}

/** The end of a variable name: letters, digits, `_`, `?`, and one scope or drive qualifier (`env:`, `script:`). */
function variableEnd(s: string, from: number): number {
  let j = from;
  while (j < s.length && (isNameChar(s[j]) || s[j] === '?')) j++;
  if (s[j] === ':' && s[j + 1] !== ':' && isNameChar(s[j + 1] ?? '')) {
    j++;
    while (j < s.length && (isNameChar(s[j]) || s[j] === '?')) j++;
  }
  return j;
}

/** The index after the closer that balances an opener already read (quotes skipped), or the end. */
function skipBalanced(s: string, from: number, closer: string): number {
  const opener = closer === ')' ? '(' : closer === '}' ? '{' : '[';
  let level = 1;
  let quote: string | null = null;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === '`' && quote === '"') j++;
      else if (quote === "'" ? isSingleQuote(c) : isDoubleQuote(c)) quote = null;
      continue;
    }
    if (c === '`') j++;
    else if (isSingleQuote(c)) quote = "'";
    else if (isDoubleQuote(c)) quote = '"';
    else if (c === opener) level++;
    else if (c === closer && --level === 0) return j + 1;
  }
  return s.length;
}

/** Operators after which a line break continues the statement. */
const CONTINUES = new Set(['|', ',', '=', '+=', '-=', '*=', '/=', '%=', '??=', '&&', '||']);

/** Statements and elements from a context's tokens. */
function structure(tokens: PsToken[]): PsBlock {
  const statements: PsStatement[] = [];
  let parts: PsToken[][] = [[]];
  let ops: PsElement['before'][] = [null];
  const finish = () => {
    if (parts.some((p) => p.length)) {
      const statement: PsStatement = { elements: [] };
      parts.forEach((p, k) => {
        if (p.length) statement.elements.push(element(p, ops[k], statement, statement.elements.length));
      });
      statements.push(statement);
    }
    parts = [[]];
    ops = [null];
  };
  let last: PsToken | undefined;
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === '\n') {
      // a line break ends the statement, unless the statement is still empty or an operator asks for more
      const empty = !parts[parts.length - 1].length;
      const continues =
        empty ||
        (last !== undefined &&
          ((last.kind === 'op' && CONTINUES.has(last.value)) || (last.kind === 'dash' && isOperatorName(last.value))));
      if (!continues) finish();
      continue;
    }
    last = t;
    if (t.kind === 'op' && t.value === ';') {
      finish();
      continue;
    }
    if (t.kind === 'op' && (t.value === '|' || t.value === '&&' || t.value === '||')) {
      parts.push([]);
      ops.push(t.value);
      continue;
    }
    parts[parts.length - 1].push(t);
  }
  finish();
  return { statements };
}

/** Comparison and other operators written `-name` (about_Operators). */
const OPERATORS =
  /^(c|i)?(eq|ne|gt|ge|lt|le|like|notlike|match|notmatch|contains|notcontains|in|notin|replace|split)$|^(and|or|xor|not|band|bor|bxor|bnot|shl|shr|is|isnot|as|f|join)$/i;

function isOperatorName(name: string): boolean {
  return OPERATORS.test(name);
}

function element(tokens: PsToken[], before: PsElement['before'], statement: PsStatement, index: number): PsElement {
  const el: PsElement = { before, tokens, depth: 0, statement, index };
  // `$x = …`, `[string]$x = …`, `$x.Y = …`, `[T]::Y = …`
  const eq = tokens.findIndex(
    (t, k) => t.kind === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '??='].includes(t.value) && k > 0,
  );
  if (eq > 0 && tokens.slice(0, eq).every((t) => t.kind === 'variable' || t.kind === 'member' || t.kind === 'group')) {
    const target = tokens.slice(0, eq);
    const vars = target.filter((t) => t.kind === 'variable');
    if (vars.length === 1 && target[target.length - 1].kind === 'variable') el.assignTo = vars[0].value.toLowerCase();
    else el.assignTarget = target;
    el.tokens = tokens.slice(eq + 1);
  }
  el.command = commandOf(el);
  return el;
}

function commandOf(el: PsElement): PsCommand | undefined {
  const tokens = el.tokens;
  let k = 0;
  let call: '&' | '.' | null = null;
  const first = tokens[0];
  if (!first) return undefined;
  if (first.kind === 'op' && (first.value === '&' || first.value === '.')) {
    call = first.value;
    k = 1;
  } else if (first.kind === 'word' && first.value === '.' && tokens[1]?.space) {
    call = '.';
    k = 1;
  }
  const nameToken = tokens[k];
  if (!nameToken) return undefined;
  if (call === null) {
    if (nameToken.kind !== 'word') return undefined;
    if (KEYWORDS.has(nameToken.value.toLowerCase())) return undefined;
    // a number or a typed value starts an expression
    if (/^[\d.]/.test(nameToken.value) && !/^\.[\\/]/.test(nameToken.value)) return undefined;
  } else if (nameToken.kind === 'op' || nameToken.kind === 'dash') return undefined;
  const name =
    nameToken.kind === 'word' || nameToken.kind === 'string'
      ? nameToken.value
      : nameToken.kind === 'variable'
        ? `$${nameToken.value}`
        : '';
  return { name: name.toLowerCase(), nameToken, call, args: argsOf(tokens.slice(k + 1)), element: el };
}

/** Arguments from a command's tokens: glued tokens form one argument, `,` joins array elements into one. */
function argsOf(tokens: PsToken[]): PsArg[] {
  const args: PsArg[] = [];
  let cur: PsToken[] | null = null;
  let joining = false;
  let redirect = false;
  for (const t of tokens) {
    // `> file`, `2>&1`, `*> $null`: redirections are not arguments
    if (t.kind === 'op' && isRedirect(t.value)) {
      redirect = !/&\d$/.test(t.value);
      cur = null;
      continue;
    }
    if (redirect) {
      redirect = false;
      continue;
    }
    if (t.kind === 'op' && t.value === ',') {
      if (cur) cur.push(t);
      joining = true;
      continue;
    }
    const startsNew = !cur || (t.space && !joining) || t.kind === 'dash' || cur[cur.length - 1]?.kind === 'dash';
    // `-Name:value`: the value glued after the colon is an argument of its own
    if (startsNew) {
      cur = [t];
      args.push({ tokens: cur, start: t.start, end: t.end, ...(t.kind === 'dash' ? { dash: t } : {}) });
    } else if (cur) {
      cur.push(t);
      args[args.length - 1].end = t.end;
    }
    joining = false;
  }
  return args;
}

/** A redirection operator (`>`, `>>`, `2>`, `2>&1`, `*>`, `<`). */
export function isRedirect(op: string): boolean {
  return /^[*1-6]?>|^</.test(op);
}

/** Read a PowerShell script (document offsets kept). */
export function tokenizePowerShell(lt: LogicalText): PsScript {
  const lexer = new Lexer(lt.text, lt);
  const r = lexer.tokens(0, null, 0);
  const block = structure(r.tokens);
  const elements: PsElement[] = [];
  const commands: PsCommand[] = [];
  const walk = (b: PsBlock, depth: number) => {
    for (const st of b.statements)
      for (const el of st.elements) {
        el.depth = depth;
        elements.push(el);
        if (el.command) commands.push(el.command);
        walkTokens(el.tokens, depth + 1);
        if (el.assignTarget) walkTokens(el.assignTarget, depth + 1);
      }
  };
  const walkTokens = (tokens: PsToken[], depth: number) => {
    for (const t of tokens) if (t.inner) walk(t.inner, depth);
  };
  walk(block, 0);
  // nested elements were visited after their parent; source order is what rules read
  elements.sort((a, b) => firstStart(a) - firstStart(b));
  commands.sort((a, b) => a.nameToken.start - b.nameToken.start);
  return { block, elements, commands, tooDeep: lexer.tooDeep };
}

function firstStart(el: PsElement): number {
  return el.assignTarget?.[0]?.start ?? el.tokens[0]?.start ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading arguments

/** The text an argument stands for: quotes and escapes removed; groups and variables as written. */
export function argText(arg: PsArg | PsToken[], source: string): string {
  const tokens = Array.isArray(arg) ? arg : arg.tokens;
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'word' || t.kind === 'string') out += t.value;
    else if (t.kind === 'variable') out += `$${t.value}`;
    else out += source.slice(t.start, t.end);
  }
  return out;
}

/** The argument is one literal: a single-quoted string, or a bare word or double-quoted string without `$`. */
export function isLiteral(arg: PsArg | PsToken[]): boolean {
  const tokens = Array.isArray(arg) ? arg : arg.tokens;
  return (
    tokens.length > 0 &&
    tokens.every((t) => (t.kind === 'word' || t.kind === 'string') && !t.dynamic && !t.inner && t.value !== '')
  );
}

/**
 * An argument as a shell Word (value, exact offsets where known), so the shell-side helpers (option parsing,
 * interpreters) read native commands' arguments run from PowerShell.
 */
export function argWord(arg: PsArg | PsToken, source: string): Word {
  const tokens = 'tokens' in arg ? arg.tokens : [arg];
  const value = 'tokens' in arg ? argText(arg, source) : argText([arg], source);
  const offsets: number[] = [];
  for (const t of tokens) {
    if ((t.kind === 'word' || t.kind === 'string') && t.offsets && t.offsets.length === t.value.length) {
      for (const o of t.offsets) offsets.push(o);
    } else {
      const text = t.kind === 'variable' ? `$${t.value}` : source.slice(t.start, t.end);
      for (let k = 0; k < text.length; k++) offsets.push(Math.min(t.start + k, t.end - 1));
    }
  }
  const start = tokens[0]?.start ?? 0;
  const end = tokens[tokens.length - 1]?.end ?? start;
  return {
    value,
    offsets: offsets.length === value.length ? offsets : undefined,
    start,
    end,
    quoted: tokens.some((t) => t.kind === 'string'),
    dynamic: tokens.some((t) => t.kind !== 'word' && t.kind !== 'string') || tokens.some((t) => !!t.dynamic),
    nested: [],
  };
}

/** A cmdlet's parameters, for binding: names (lower case), aliases, switches, positions. */
export interface ParameterSpec {
  /** Every parameter name (lower case), in no order. */
  names: readonly string[];
  /** Aliases (lower case) to parameter names. */
  aliases?: Readonly<Record<string, string>>;
  /** Parameters that take no value. */
  switches?: readonly string[];
  /** Parameter names bound by position, in order. */
  positional?: readonly string[];
}

/** The common parameters every cmdlet has (about_CommonParameters), with their aliases. */
const COMMON_NAMES = [
  'verbose',
  'debug',
  'erroraction',
  'warningaction',
  'informationaction',
  'progressaction',
  'errorvariable',
  'warningvariable',
  'informationvariable',
  'outvariable',
  'outbuffer',
  'pipelinevariable',
];
const COMMON_ALIASES: Record<string, string> = {
  vb: 'verbose',
  db: 'debug',
  ea: 'erroraction',
  wa: 'warningaction',
  infa: 'informationaction',
  proga: 'progressaction',
  ev: 'errorvariable',
  wv: 'warningvariable',
  iv: 'informationvariable',
  ov: 'outvariable',
  ob: 'outbuffer',
  pv: 'pipelinevariable',
};
const COMMON_SWITCHES = ['verbose', 'debug'];

export interface BoundParameters {
  /** Each bound parameter (canonical lower-case name) with its value argument, or null for a switch. */
  named: Map<string, { dash: PsArg; value: PsArg | null }>;
  /** Arguments no parameter name claimed, in order (positional ones bound in `named` too). */
  operands: PsArg[];
  /** A parameter name matched no parameter, or more than one: PowerShell refuses the command. */
  unknown: PsArg[];
}

/**
 * Bind a cmdlet's arguments as PowerShell does: names case-insensitive, an exact name or alias, else the one
 * parameter it is a prefix of (about_Parameters: "you can abbreviate the parameter name as long as the abbreviation
 * is unique"); a name that matches none, or several, is an error (ParameterBindingException), reported in `unknown`.
 * `-Switch:$false` binds the switch with its value.
 */
export function bindParameters(cmd: PsCommand, spec: ParameterSpec): BoundParameters {
  const names = [...spec.names, ...COMMON_NAMES];
  const aliases: Record<string, string> = { ...COMMON_ALIASES, ...(spec.aliases ?? {}) };
  const switches = new Set([...(spec.switches ?? []), ...COMMON_SWITCHES]);
  const named = new Map<string, { dash: PsArg; value: PsArg | null }>();
  const operands: PsArg[] = [];
  const unknown: PsArg[] = [];
  const args = cmd.args;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.dash || isOperatorLike(a.dash.value)) {
      operands.push(a);
      continue;
    }
    const written = a.dash.value.toLowerCase();
    const name = resolveName(written, names, aliases);
    if (!name) {
      unknown.push(a);
      continue;
    }
    if (switches.has(name) && !a.dash.colon) {
      named.set(name, { dash: a, value: null });
      continue;
    }
    const value = args[k + 1] && !args[k + 1].dash ? args[k + 1] : null;
    if (value) k++;
    named.set(name, { dash: a, value });
  }
  const positional = spec.positional ?? [];
  let p = 0;
  for (const o of operands) {
    while (p < positional.length && named.has(positional[p])) p++;
    if (p >= positional.length) break;
    named.set(positional[p], { dash: o, value: o });
    p++;
  }
  return { named, operands, unknown };
}

/** `-1` or `--` written where a value goes is a value, not a parameter. */
function isOperatorLike(name: string): boolean {
  return name === '';
}

function resolveName(
  written: string,
  names: readonly string[],
  aliases: Readonly<Record<string, string>>,
): string | null {
  if (names.includes(written)) return written;
  if (aliases[written]) return aliases[written];
  const matches = new Set<string>();
  for (const n of names) if (n.startsWith(written)) matches.add(n);
  for (const [alias, n] of Object.entries(aliases)) if (alias.startsWith(written)) matches.add(n);
  return matches.size === 1 ? [...matches][0] : null;
}

import { LogicalText, docOffset, offsetsOf, pushOffsets, subLogical } from './logical';

/**
 * A small POSIX shell tokenizer for RUN bodies: enough structure for security rules (which command runs, with which
 * arguments, joined by which operator, piped into what), with document offsets on every word. It never throws; odd
 * input degrades to fewer or longer words.
 */

export type Operator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface Word {
  /** The word with quotes removed and escapes applied; substitutions kept verbatim. */
  value: string;
  /** Document offset of every character of `value` (where it was written; exact inside quotes and escapes). */
  offsets?: number[];
  /** Document offsets of the word as written. */
  start: number;
  end: number;
  /** Any part was quoted. */
  quoted: boolean;
  /** The word contains `$`, a command substitution or a backtick (its value is not literal). */
  dynamic: boolean;
  /** Commands run by `$(...)`, backticks or `<(...)` inside this word. */
  nested: ShellCommand[];
}

export interface Redirect {
  op: string;
  target?: Word;
  /**
   * Document offsets of the whole redirect, operator included (`2>&1`, `>/dev/null`), so edits that append after a
   * command keep its redirects with it.
   */
  start?: number;
  end?: number;
  /** For `<<`/`<<-` inside a script: the here-document body (delimiter line excluded), with document offsets. */
  heredoc?: LogicalText;
}

export interface ShellCommand {
  /** `FOO=bar` words before the command name. */
  assignments: Word[];
  /** Command name and arguments (assignments and redirects removed). */
  words: Word[];
  redirects: Redirect[];
  /** The operator that joins this command to the previous one (null for the first). */
  before: Operator | null;
  /** The operator after this command (null for the last). */
  after: Operator | null;
  /** 0 for top-level commands, >0 inside substitutions. */
  depth: number;
}

export interface ShellScript {
  /** Every command in source order, nested ones included (see `depth`). */
  commands: ShellCommand[];
  /** The top-level commands only. */
  topLevel: ShellCommand[];
  /** The text that was tokenized (maps a word back to what was written, e.g. to re-read a `sh -c` string). */
  source: LogicalText;
  /**
   * Substitutions and subshells nested past MAX_SHELL_NESTING: what lies deeper was kept as text, not read as commands,
   * so the script is reported as too deep to judge rather than taken as clean.
   */
  tooDeep: boolean;
  /** A quote, substitution or `${` runs to the end unclosed: text added after it would be inside it. */
  unclosed: boolean;
}

/**
 * Nested `$(`, backticks and `( )` that are read as commands. Each level is a tokenizer on the call stack, so hostile
 * input (`$(` × 1,500) would overflow it; real scripts nest two or three levels.
 */
export const MAX_SHELL_NESTING = 64;

const RESERVED_PREFIX = new Set(['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', '{', '(', 'time']);
const RESERVED_END = new Set(['fi', 'done', 'esac', '}', ')']);

export function commandName(cmd: ShellCommand): string {
  const w = cmd.words[0];
  return w ? basename(w.value) : '';
}

/** The last path component (`/usr/bin/curl` → `curl`). */
export function basename(v: string): string {
  // (a loop: String.prototype.lastIndexOf is a runtime call, and this runs for every word of every command)
  for (let i = v.length - 1; i >= 0; i--) if (v.charCodeAt(i) === 47) return v.slice(i + 1);
  return v;
}

export function tokenizeShell(lt: LogicalText): ShellScript {
  const all: ShellCommand[] = [];
  const state = { tooDeep: false, unclosed: false };
  const top = new Tokenizer(lt, all, 0, 0, state).run(0, lt.text.length).commands;
  return { commands: all, topLevel: top, source: lt, tooDeep: state.tooDeep, unclosed: state.unclosed };
}

class Tokenizer {
  /** What ends the text being tokenized (`)` of `$(`, a backtick); words stop there too. */
  private closer: string | undefined;
  /** The word being read (one at a time: nested substitutions have their own tokenizer). */
  private readonly builder: WordBuilder;
  /** Where the last word read stopped. */
  private wordEnd = 0;

  constructor(
    private readonly lt: LogicalText,
    private readonly all: ShellCommand[],
    private readonly depth: number,
    /** Tokenizers above this one (substitutions and subshells): bounded by MAX_SHELL_NESTING. */
    private readonly nesting: number,
    private readonly state: { tooDeep: boolean; unclosed: boolean },
  ) {
    this.builder = new WordBuilder(lt);
  }

  /** Tokenize text[from, to); returns the commands and where it stopped. */
  run(from: number, to: number, closer?: string): { commands: ShellCommand[]; end: number } {
    this.closer = closer;
    const s = this.lt.text;
    const commands: ShellCommand[] = [];
    let current = this.newCommand(null);
    let pendingRedirect: Redirect | null = null;
    const pendingHeredocs: Redirect[] = [];
    // `case ... in`: how many are open, and whether a `pattern)` comes next
    let openCases = 0;
    let expectPattern = false;
    let i = from;
    const atCommandStart = () =>
      current.words.length === 0 && current.assignments.length === 0 && current.redirects.length === 0;
    const finish = (op: Operator | null) => {
      if (current.words.length || current.assignments.length || current.redirects.length) {
        current.after = op;
        commands.push(current);
        this.all.push(current);
      }
      current = this.newCommand(op);
      pendingRedirect = null;
    };
    while (i < to) {
      const c = s[i];
      const blank = blankLength(s, i);
      if (blank) {
        i += blank;
        continue;
      }
      if (
        expectPattern &&
        atCommandStart() &&
        c !== '\n' &&
        c !== '#' &&
        c !== ';' &&
        !/^esac(?=[\s;)|&]|$)/.test(s.slice(i, i + 5))
      ) {
        // `pattern)` or `(pattern)` of a case branch: not a command
        i = skipCasePattern(s, i, to);
        expectPattern = false;
        continue;
      }
      if (closer && c === closer) {
        finish(null);
        return { commands, end: i + 1 };
      }
      if (c === ')') {
        // unbalanced: nothing to read
        i++;
        continue;
      }
      if (c === '\n') {
        finish('\n');
        i++;
        // skip bodies of heredocs started on this line (`cat <<EOF > file`)
        for (const r of pendingHeredocs.splice(0)) {
          const body = skipHeredocBody(s, i, to, r.target?.value ?? '');
          // no delimiter line: the body is not in this text (a Dockerfile-level heredoc of `RUN cat <<EOF`)
          if (body.found) r.heredoc = subLogical(this.lt, i, body.contentEnd);
          i = body.end;
        }
        continue;
      }
      if (c === '#') {
        const nl = s.indexOf('\n', i);
        i = nl === -1 || nl > to ? to : nl;
        continue;
      }
      const next = s[i + 1];
      if ((c === '&' && next === '&') || (c === '|' && next === '|')) {
        finish(c === '&' ? '&&' : '||');
        i += 2;
        continue;
      }
      if (c === ';' && (next === ';' || next === '&')) {
        finish(';');
        i += next === ';' && s[i + 2] === '&' ? 3 : 2;
        if (openCases > 0) expectPattern = true;
        continue;
      }
      if (c === ';' || (c === '&' && s[i + 1] !== '>')) {
        finish(c === ';' ? ';' : '&');
        i++;
        continue;
      }
      if (c === '|') {
        finish('|');
        i += s[i + 1] === '&' ? 2 : 1;
        continue;
      }
      if (atCommandStart()) {
        const fn = mayStartFunction(s, i, Math.min(to, i + 200))
          ? FUNCTION_HEADER.exec(s.slice(i, Math.min(to, i + 200)))
          : null;
        if (fn) {
          // function definition header `name()` / `function name`: the body that follows is tokenized as commands
          i += fn[0].length;
          continue;
        }
        if (s.startsWith('((', i)) {
          // arithmetic command `(( i++ ))`
          const close = s.indexOf('))', i + 2);
          i = close === -1 || close >= to ? to : close + 2;
          continue;
        }
      }
      if (c === '(' && current.words.length === 0 && current.assignments.length === 0) {
        // subshell group: tokenize inside as its own command list at the same depth
        if (this.nesting >= MAX_SHELL_NESTING) {
          this.state.tooDeep = true;
          i = skipNested(s, i + 1, to, ')');
          continue;
        }
        const inner = new Tokenizer(this.lt, this.all, this.depth, this.nesting + 1, this.state).run(i + 1, to, ')');
        for (const c of inner.commands) commands.push(c); // not push(...): a huge list would overflow the stack
        i = inner.end;
        continue;
      }
      const redirect = c === '<' || c === '>' || c === '&' || (c >= '0' && c <= '9') ? matchRedirect(s, i) : null;
      if (redirect && !((c === '<' || c === '>') && s[i + 1] === '(')) {
        if (redirect.op === '<<' || redirect.op === '<<-') {
          // heredoc inside the script: read the delimiter word, skip the body at the next newline
          let j = i + redirect.length;
          while (s[j] === ' ' || s[j] === '\t') j++;
          const target = this.readWord(j, to);
          const heredoc: Redirect = { op: redirect.op, target };
          pendingHeredocs.push(heredoc);
          current.redirects.push(heredoc);
          i = this.wordEnd;
          continue;
        }
        pendingRedirect = { op: redirect.op, start: docOffset(this.lt, i) };
        current.redirects.push(pendingRedirect);
        i += redirect.length;
        pendingRedirect.end = docOffset(this.lt, i - 1) + 1;
        if (/&$/.test(redirect.op) && /\d|-/.test(s[i] ?? '')) {
          // 2>&1, >&-
          while (i < to && /[\d-]/.test(s[i])) i++;
          pendingRedirect.end = docOffset(this.lt, i - 1) + 1;
          pendingRedirect = null;
        }
        continue;
      }
      const wordStart = i;
      const word = this.readWord(i, to);
      i = this.wordEnd;
      if (pendingRedirect) {
        pendingRedirect.target = word;
        pendingRedirect.end = word.end;
        pendingRedirect = null;
        continue;
      }
      if (current.words.length === 0) {
        // `NAME=value`: the name and `=` are written unquoted; the value may be quoted (`A="x y"`)
        const name = word.value.includes('=') ? /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.exec(word.value) : null;
        if (name && s.startsWith(name[0], wordStart)) {
          current.assignments.push(word);
          continue;
        }
        if (!word.quoted && RESERVED_PREFIX.has(word.value)) continue;
        if (!word.quoted && RESERVED_END.has(word.value)) {
          if (word.value === 'esac' && openCases > 0) {
            openCases--;
            expectPattern = false;
          }
          continue;
        }
        if (!word.quoted && (word.value === 'for' || word.value === 'select' || word.value === 'case')) {
          // `for x in a b c; do`, `case $x in`: the header is not a command, but its substitutions run
          i = this.skipHeader(i, to, word.value === 'case');
          if (word.value === 'case') {
            openCases++;
            expectPattern = true;
          }
          continue;
        }
      }
      current.words.push(word);
    }
    finish(null);
    if (closer) this.state.unclosed = true; // `$(`, backticks or `(` never closed
    return { commands, end: to };
  }

  /** Read (and drop) the words of a `for`/`select`/`case` header up to `;`, a newline, `do` or (case) `in`. */
  private skipHeader(i: number, to: number, isCase: boolean): number {
    const s = this.lt.text;
    while (i < to) {
      const c = s[i];
      const blank = blankLength(s, i);
      if (blank) {
        i += blank;
        continue;
      }
      if (s.startsWith('((', i)) {
        // for (( i = 0; i < n; i++ ))
        const close = s.indexOf('))', i + 2);
        return close === -1 || close >= to ? to : close + 2;
      }
      if (c === ';' || c === '\n' || c === '&' || c === '|' || c === ')' || c === '#' || c === this.closer) return i;
      const word = this.readWord(i, to);
      i = this.wordEnd;
      if (!word.quoted && (word.value === 'do' || (isCase && word.value === 'in'))) return i;
    }
    return i;
  }

  private newCommand(before: Operator | null): ShellCommand {
    return { assignments: [], words: [], redirects: [], before, after: null, depth: this.depth };
  }

  /** Read one shell word starting at i (not whitespace or operator); `wordEnd` is where it stopped. */
  readWord(i: number, to: number): Word {
    const s = this.lt.text;
    const start = i;
    const b = this.builder.reset();
    let stop = false;
    while (i < to && !stop) {
      const code = s.charCodeAt(i);
      if (code >= 128 || PLAIN[code]) {
        // a stretch of characters with no meaning to the shell, taken at once (as one by one: adjacent pieces join)
        const j = plainRunEnd(s, i + 1, to, PLAIN);
        b.add(i, j);
        i = j;
        continue;
      }
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|') break;
      if (c === '`' && this.closer === '`') break;
      if ((c === '<' || c === '>') && !(s[i + 1] === '(')) break;
      if ((c === '<' || c === '>') && s[i + 1] === '(') {
        i = this.readSubstitution(b, to, i + 2, ')');
        continue;
      }
      if (c === ')') break;
      if (c === '(') {
        b.flush();
        if (!b.quoted && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test(b.value)) {
          // array assignment `a=(x y z)`: one word up to the matching `)`
          const close = matchingParen(s, i, to);
          b.add(i, close);
          b.dynamic = true;
          i = close;
          continue;
        }
        // extglob and other odd text: keep as text
        b.add(i, i + 1);
        i++;
        continue;
      }
      if (c === '\\') {
        // backslash-newline is a line continuation (left in heredoc scripts): it disappears
        if (i + 1 < to && s[i + 1] !== '\n') b.add(i + 1, i + 2);
        i += 2;
        continue;
      }
      if (c === '$' && s[i + 1] === "'") {
        // ANSI-C quoting $'...': backslash escapes kept as written, no substitutions
        b.quoted = true;
        let j = i + 2;
        while (j < to && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
        if (j >= to) this.state.unclosed = true;
        b.add(i + 2, Math.min(j, to));
        i = j + 1;
        continue;
      }
      if (c === "'") {
        b.quoted = true;
        const close = s.indexOf("'", i + 1);
        const stopAt = close === -1 || close >= to ? to : close;
        if (stopAt === to) this.state.unclosed = true;
        b.add(i + 1, stopAt);
        i = stopAt + 1;
        continue;
      }
      if (c === '"') {
        b.quoted = true;
        i++;
        while (i < to && s[i] !== '"') {
          const code = s.charCodeAt(i);
          if (code >= 128 || QUOTED_PLAIN[code]) {
            // a stretch with no meaning inside double quotes, taken at once
            const j = plainRunEnd(s, i + 1, to, QUOTED_PLAIN);
            b.add(i, j);
            i = j;
            continue;
          }
          if (s[i] === '\\' && i + 1 < to && '"$`\\\n'.includes(s[i + 1])) {
            if (s[i + 1] !== '\n') b.add(i + 1, i + 2);
            i += 2;
            continue;
          }
          if (s[i] === '`' && this.closer === '`') {
            // the backtick substitution we are in ends here (quotes do not nest inside backticks)
            stop = true;
            break;
          }
          if (s[i] === '$' && s[i + 1] === '(' && s[i + 2] !== '(') {
            i = this.readSubstitution(b, to, i + 2, ')');
            continue;
          }
          if (s[i] === '`') {
            i = this.readSubstitution(b, to, i + 1, '`');
            continue;
          }
          if (s[i] === '$' && s[i + 1] === '{') {
            i = this.readBraced(b, to, i);
            continue;
          }
          if (s[i] === '$') b.dynamic = true;
          b.add(i, i + 1);
          i++;
        }
        if (!stop && i >= to) this.state.unclosed = true;
        if (!stop) i++;
        continue;
      }
      if (c === '$' && s[i + 1] === '(' && s[i + 2] !== '(') {
        i = this.readSubstitution(b, to, i + 2, ')');
        continue;
      }
      if (c === '$' && s[i + 1] === '(' && s[i + 2] === '(') {
        // arithmetic $(( ... ))
        const close = s.indexOf('))', i + 3);
        const stopAt = close === -1 || close >= to ? to : close + 2;
        b.add(i, stopAt);
        b.dynamic = true;
        i = stopAt;
        continue;
      }
      if (c === '$' && s[i + 1] === '{') {
        i = this.readBraced(b, to, i);
        continue;
      }
      if (c === '`') {
        i = this.readSubstitution(b, to, i + 1, '`');
        continue;
      }
      if (c === '$') b.dynamic = true;
      b.add(i, i + 1);
      i++;
    }
    b.flush();
    const end = Math.max(i, start + 1);
    const word: Word = {
      value: b.value,
      offsets: b.offsets ?? [],
      start: docOffset(this.lt, start),
      end: docOffset(this.lt, Math.min(end, this.lt.text.length) - 1) + 1,
      quoted: b.quoted,
      dynamic: b.dynamic,
      nested: b.nested,
    };
    this.wordEnd = end;
    return word;
  }

  /** `$(...)`, backticks, `<(...)`: tokenized as nested commands, kept verbatim in the word. */
  private readSubstitution(b: WordBuilder, to: number, open: number, closer: string): number {
    if (this.nesting >= MAX_SHELL_NESTING) {
      this.state.tooDeep = true;
      const end = skipNested(this.lt.text, open, to, closer);
      b.add(open - (closer === '`' ? 1 : 2), end);
      b.dynamic = true;
      return end;
    }
    const inner = new Tokenizer(this.lt, this.all, this.depth + 1, this.nesting + 1, this.state).run(open, to, closer);
    for (const c of inner.commands) b.nested.push(c);
    b.add(open - (closer === '`' ? 1 : 2), inner.end);
    b.dynamic = true;
    return inner.end;
  }

  /** `${...}`, kept verbatim; substitutions inside (`${X:-$(cmd)}`) are tokenized. */
  private readBraced(b: WordBuilder, to: number, open: number): number {
    const s = this.lt.text;
    let j = open + 2;
    let braces = 1;
    b.add(open, j);
    b.dynamic = true;
    while (j < to) {
      const ch = s[j];
      if (ch === '}' && --braces === 0) {
        b.add(j, j + 1);
        return j + 1;
      }
      if (ch === '$' && s[j + 1] === '{') braces++;
      if (ch === '$' && s[j + 1] === '(' && s[j + 2] !== '(') {
        j = this.readSubstitution(b, to, j + 2, ')');
        continue;
      }
      if (ch === '`') {
        j = this.readSubstitution(b, to, j + 1, '`');
        continue;
      }
      const step = ch === '\\' ? 2 : 1;
      b.add(j, Math.min(j + step, to));
      j += step;
    }
    this.state.unclosed = true;
    return to;
  }
}

/** ASCII codes of characters readWord takes as plain text outside quotes (no quote, escape, `$`, operator or blank). */
const PLAIN = asciiTable((c) => !' \t\n\r;&|`<>()\\$\'"'.includes(c));
/** ASCII codes of characters taken as plain text inside double quotes (no `"`, `\\`, `$` or backtick). */
const QUOTED_PLAIN = asciiTable((c) => !'"\\$`'.includes(c));

/** Where a stretch of plain characters (by `table`; every non-ASCII character is plain) that goes on at `from` ends. */
function plainRunEnd(s: string, from: number, to: number, table: Uint8Array): number {
  let j = from;
  while (j < to) {
    const d = s.charCodeAt(j);
    if (d < 128 && !table[d]) break;
    j++;
  }
  return j;
}

function asciiTable(plain: (c: string) => boolean): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = plain(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

/**
 * A word being read: its value and the document offset of each character. Adjacent pieces are appended together
 * (the pending piece is [pendingFrom, pendingTo) of the text).
 */
class WordBuilder {
  value = '';
  /** Null until the first character (then exactly as long as the first piece). */
  offsets: number[] | null = null;
  quoted = false;
  dynamic = false;
  nested: ShellCommand[] = [];
  private pendingFrom = -1;
  private pendingTo = -1;

  constructor(private readonly lt: LogicalText) {}

  /** Start a new word. */
  reset(): this {
    this.value = '';
    this.offsets = null;
    this.quoted = false;
    this.dynamic = false;
    this.nested = [];
    this.pendingFrom = this.pendingTo = -1;
    return this;
  }

  /** Append text[from, upto) to the value. */
  add(from: number, upto: number): void {
    if (upto <= from) return;
    if (from === this.pendingTo) {
      this.pendingTo = upto;
      return;
    }
    this.flush();
    this.pendingFrom = from;
    this.pendingTo = upto;
  }

  flush(): void {
    if (this.pendingFrom < 0) return;
    this.value += this.lt.text.slice(this.pendingFrom, this.pendingTo);
    if (this.offsets) pushOffsets(this.lt, this.pendingFrom, this.pendingTo, this.offsets);
    else this.offsets = offsetsOf(this.lt, this.pendingFrom, this.pendingTo);
    this.pendingFrom = this.pendingTo = -1;
  }
}

const FUNCTION_HEADER = /^(?:function\s+[^\s(){}|&;<>]+(?:\s*\(\s*\))?|[A-Za-z_][\w.:-]*\s*\(\s*\))/;

/**
 * Whether FUNCTION_HEADER may match at i (a cheap necessary condition: `function`, or a name, blanks and `(`), so the
 * regular expression runs only where a header can be.
 */
function mayStartFunction(s: string, i: number, limit: number): boolean {
  if (s.startsWith('function', i)) return true;
  const c = s.charCodeAt(i);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return false;
  let j = i + 1;
  for (; j < limit; j++) {
    const d = s.charCodeAt(j);
    const word =
      (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 58) || d === 95 || d === 46 || d === 45;
    if (!word) break;
  }
  for (; j < limit; j++) {
    const d = s.charCodeAt(j);
    if (d === 40) return true;
    if (d >= 128) return true; // non-ASCII blanks: let the expression decide
    if (!(d === 32 || (d >= 9 && d <= 13))) return false;
  }
  return false;
}

/** Length of the blank at i: a space, tab or CR, or a backslash-newline continuation left in a heredoc script. */
function blankLength(s: string, i: number): number {
  const c = s[i];
  if (c === ' ' || c === '\t' || c === '\r') return 1;
  return c === '\\' && s[i + 1] === '\n' ? 2 : 0;
}

function matchRedirect(s: string, i: number): { op: string; length: number } | null {
  const m = /^(?:\d*(?:>>|>&|>\||>)|&>>|&>|<<<|<<-|<<|<&|<>|\d*<)/.exec(s.slice(i, i + 4));
  return m ? { op: m[0].replace(/^\d+/, ''), length: m[0].length } : null;
}

/** Skip a here-document body starting at i: where the script resumes, and where the body's content ends. */
function skipHeredocBody(
  s: string,
  i: number,
  to: number,
  delimiter: string,
): { end: number; contentEnd: number; found: boolean } {
  const delim = delimiter.replace(/^-/, '');
  while (i < to) {
    const nl = s.indexOf('\n', i);
    const lineEnd = nl === -1 || nl > to ? to : nl;
    const line = s.slice(i, lineEnd).trim();
    const lineStart = i;
    i = lineEnd + 1;
    if (line === delim) return { end: Math.min(i, to), contentEnd: lineStart, found: true };
  }
  return { end: to, contentEnd: to, found: false };
}

/** Skip a case pattern (`a|b)`, `(x)`) up to and including its `)`, respecting quotes. */
function skipCasePattern(s: string, i: number, to: number): number {
  if (s[i] === '(') i++;
  while (i < to) {
    const c = s[i];
    if (c === ')' || c === '\n') return i + 1;
    if (c === '\\') i += 2;
    else if (c === "'" || c === '"') {
      const close = s.indexOf(c, i + 1);
      i = close === -1 || close >= to ? to : close + 1;
    } else i++;
  }
  return to;
}

/** Index just past the `)` that closes the `(` at i, respecting quotes and nesting. */
/**
 * Past the nesting limit: the end of a substitution or subshell opened before `from`, found by counting brackets in
 * one pass (quotes and escapes skipped) instead of reading commands. Returns `to` when it is not closed.
 */
function skipNested(s: string, from: number, to: number, closer: string): number {
  if (closer === '`') {
    for (let i = from; i < to; i += s[i] === '\\' ? 2 : 1) if (s[i] === '`') return i + 1;
    return to;
  }
  let depth = 1;
  let i = from;
  while (i < to) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      i = close < 0 || close >= to ? to : close + 1;
    } else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return to;
}

function matchingParen(s: string, i: number, to: number): number {
  let depth = 0;
  while (i < to) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = s.indexOf(c, i + 1);
      i = close === -1 || close >= to ? to : close + 1;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return to;
}

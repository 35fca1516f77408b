import { LogicalText, docOffset } from './logical';

/**
 * A small POSIX shell tokenizer for RUN bodies: enough structure for security rules (which command runs, with which
 * arguments, joined by which operator, piped into what), with document offsets on every word. It never throws; odd
 * input degrades to fewer or longer words.
 */

export type Operator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface Word {
  /** The word with quotes removed and escapes applied; substitutions kept verbatim. */
  value: string;
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
}

const RESERVED_PREFIX = new Set(['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', '{', '(', 'time']);
const RESERVED_END = new Set(['fi', 'done', 'esac', '}', ')']);

export function commandName(cmd: ShellCommand): string {
  const w = cmd.words[0];
  if (!w) return '';
  const v = w.value;
  const slash = v.lastIndexOf('/');
  return slash >= 0 ? v.slice(slash + 1) : v;
}

export function tokenizeShell(lt: LogicalText): ShellScript {
  const all: ShellCommand[] = [];
  const top = new Tokenizer(lt, all, 0).run(0, lt.text.length).commands;
  return { commands: all, topLevel: top };
}

class Tokenizer {
  constructor(
    private readonly lt: LogicalText,
    private readonly all: ShellCommand[],
    private readonly depth: number,
  ) {}

  /** Tokenize text[from, to); returns the commands and where it stopped. */
  run(from: number, to: number, closer?: string): { commands: ShellCommand[]; end: number } {
    const s = this.lt.text;
    const commands: ShellCommand[] = [];
    let current = this.newCommand(null);
    let pendingRedirect: Redirect | null = null;
    const pendingHeredocs: string[] = [];
    let i = from;
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
      if (closer && c === closer) {
        finish(null);
        return { commands, end: i + 1 };
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '\n') {
        finish('\n');
        i++;
        // skip bodies of heredocs started on this line (`cat <<EOF > file`)
        for (const delim of pendingHeredocs.splice(0)) i = skipHeredocBody(s, i, to, delim);
        continue;
      }
      if (c === '#') {
        const nl = s.indexOf('\n', i);
        i = nl === -1 || nl > to ? to : nl;
        continue;
      }
      const two = s.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        finish(two);
        i += 2;
        continue;
      }
      if (two === ';;') {
        finish(';');
        i += 2;
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
      if (c === '(' && current.words.length === 0 && current.assignments.length === 0) {
        // subshell group: tokenize inside as its own command list at the same depth
        const inner = new Tokenizer(this.lt, this.all, this.depth).run(i + 1, to, ')');
        commands.push(...inner.commands);
        i = inner.end;
        continue;
      }
      const redirect = matchRedirect(s, i);
      if (redirect && !(c === '<' && s[i + 1] === '(')) {
        if (redirect.op === '<<' || redirect.op === '<<-') {
          // heredoc inside the script: read the delimiter word, skip the body at the next newline
          let j = i + redirect.length;
          while (s[j] === ' ' || s[j] === '\t') j++;
          const w = this.readWord(j, to);
          pendingHeredocs.push(w.word.value);
          current.redirects.push({ op: redirect.op, target: w.word });
          i = w.end;
          continue;
        }
        pendingRedirect = { op: redirect.op };
        current.redirects.push(pendingRedirect);
        i += redirect.length;
        if (/&$/.test(redirect.op) && /\d|-/.test(s[i] ?? '')) {
          // 2>&1, >&-
          while (i < to && /[\d-]/.test(s[i])) i++;
          pendingRedirect = null;
        }
        continue;
      }
      const { word, end } = this.readWord(i, to);
      i = end;
      if (pendingRedirect) {
        pendingRedirect.target = word;
        pendingRedirect = null;
        continue;
      }
      if (current.words.length === 0) {
        if (!word.quoted && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word.value)) {
          current.assignments.push(word);
          continue;
        }
        if (!word.quoted && RESERVED_PREFIX.has(word.value)) continue;
        if (!word.quoted && RESERVED_END.has(word.value)) continue;
        if (!word.quoted && (word.value === 'for' || word.value === 'case' || word.value === 'select')) {
          // `for x in a b c; do` — the loop header is not a command
          const stop = findHeaderEnd(s, i, to);
          i = stop;
          continue;
        }
      }
      current.words.push(word);
    }
    finish(null);
    return { commands, end: to };
  }

  private newCommand(before: Operator | null): ShellCommand {
    return { assignments: [], words: [], redirects: [], before, after: null, depth: this.depth };
  }

  /** Read one shell word starting at i (not whitespace or operator). */
  readWord(i: number, to: number): { word: Word; end: number } {
    const s = this.lt.text;
    const start = i;
    let value = '';
    let quoted = false;
    let dynamic = false;
    const nested: ShellCommand[] = [];
    const readSubstitution = (open: number, closer: string): number => {
      const inner = new Tokenizer(this.lt, this.all, this.depth + 1).run(open, to, closer);
      for (const c of inner.commands) nested.push(c);
      value += s.slice(open - (closer === '`' ? 1 : 2), inner.end);
      dynamic = true;
      return inner.end;
    };
    while (i < to) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|') break;
      if ((c === '<' || c === '>') && !(s[i + 1] === '(')) break;
      if ((c === '<' || c === '>') && s[i + 1] === '(') {
        i = readSubstitution(i + 2, ')');
        continue;
      }
      if (c === ')' ) break;
      if (c === '(' ) {
        // arrays / function definitions: keep as text
        value += c;
        i++;
        continue;
      }
      if (c === '\\') {
        if (i + 1 < to) value += s[i + 1];
        i += 2;
        continue;
      }
      if (c === "'") {
        quoted = true;
        const close = s.indexOf("'", i + 1);
        const stop = close === -1 || close >= to ? to : close;
        value += s.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        i++;
        while (i < to && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < to && '"$`\\\n'.includes(s[i + 1])) {
            value += s[i + 1];
            i += 2;
            continue;
          }
          if (s[i] === '$' && s[i + 1] === '(' && s[i + 2] !== '(') {
            i = readSubstitution(i + 2, ')');
            continue;
          }
          if (s[i] === '`') {
            i = readSubstitution(i + 1, '`');
            continue;
          }
          if (s[i] === '$') dynamic = true;
          value += s[i];
          i++;
        }
        i++;
        continue;
      }
      if (c === '$' && s[i + 1] === '(' && s[i + 2] !== '(') {
        i = readSubstitution(i + 2, ')');
        continue;
      }
      if (c === '$' && s[i + 1] === '(' && s[i + 2] === '(') {
        // arithmetic $(( ... ))
        const close = s.indexOf('))', i + 3);
        const stop = close === -1 || close >= to ? to : close + 2;
        value += s.slice(i, stop);
        dynamic = true;
        i = stop;
        continue;
      }
      if (c === '$' && s[i + 1] === '{') {
        const close = s.indexOf('}', i + 2);
        const stop = close === -1 || close >= to ? to : close + 1;
        value += s.slice(i, stop);
        dynamic = true;
        i = stop;
        continue;
      }
      if (c === '`') {
        i = readSubstitution(i + 1, '`');
        continue;
      }
      if (c === '$') dynamic = true;
      value += c;
      i++;
    }
    const end = Math.max(i, start + 1);
    const word: Word = {
      value,
      start: docOffset(this.lt, start),
      end: docOffset(this.lt, Math.min(end, this.lt.text.length) - 1) + 1,
      quoted,
      dynamic,
      nested,
    };
    return { word, end };
  }
}

function matchRedirect(s: string, i: number): { op: string; length: number } | null {
  const m = /^(?:\d*(?:>>|>&|>\||>)|&>>|&>|<<<|<<-|<<|<&|<>|\d*<)/.exec(s.slice(i, i + 4));
  return m ? { op: m[0].replace(/^\d+/, ''), length: m[0].length } : null;
}

function skipHeredocBody(s: string, i: number, to: number, delimiter: string): number {
  const delim = delimiter.replace(/^-/, '');
  while (i < to) {
    const nl = s.indexOf('\n', i);
    const lineEnd = nl === -1 || nl > to ? to : nl;
    const line = s.slice(i, lineEnd).trim();
    i = lineEnd + 1;
    if (line === delim) return Math.min(i, to);
  }
  return to;
}

function findHeaderEnd(s: string, i: number, to: number): number {
  // skip to the `do`/`in` body start: the next ';' or newline
  while (i < to && s[i] !== ';' && s[i] !== '\n') i++;
  return i;
}

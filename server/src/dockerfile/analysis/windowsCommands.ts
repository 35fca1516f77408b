import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { LogicalText } from '../model/logical';
import { memo } from '../../common/memo';

/**
 * The commands a RUN of a Windows stage runs, read as cmd.exe or PowerShell splits its command line: enough to find a
 * command and its arguments (`net user …`), not a full parser of either language. The POSIX shell model
 * (`inst.scripts`) is empty for these stages.
 *
 * - cmd.exe: commands are joined by `&`, `&&`, `||`, `|` and grouped by `( )`; `"…"` quotes (blanks and operators
 *   inside are text); `^` escapes the next character; `%NAME%` is a variable.
 * - PowerShell: statements end at `;` or a line break, and `&&`, `||`, `|` join pipelines; `'…'` is literal (`''` is
 *   a quote), `"…"` expands variables (a backtick escapes); `$name`, `$env:NAME`, `${…}` and `$(…)` are dynamic;
 *   `#` starts a comment; `&` (the call operator) and `( ) { }` start a new command, so commands inside a script block or
 *   parentheses are found too.
 * - `cmd /c "…"` and `powershell -Command "…"` run their string as a command line of that shell, read again.
 */
export interface WindowsWord {
  /** Quotes and escapes removed. */
  value: string;
  /** Document offset of each character of `value`. */
  offsets: number[];
  start: number;
  end: number;
  quoted: boolean;
  /** Holds a variable or a subexpression (`%X%`, `$env:X`, `$(…)`): its value is not known here. */
  dynamic: boolean;
}

export interface WindowsCommand {
  inst: DockerInstruction;
  /** The program's name in lower case, without its folder and `.exe` (`net` for `C:\Windows\System32\NET.EXE`). */
  name: string;
  nameWord: WindowsWord;
  args: WindowsWord[];
  shell: 'cmd' | 'powershell';
}

type Shell = WindowsCommand['shell'];

/** Strings of `cmd /c` and `powershell -Command` read again, this deep at most. */
const MAX_DEPTH = 4;

/** Every command of every shell-form RUN (and ONBUILD RUN) of a Windows stage. */
export function windowsRunCommands(model: DockerfileModel): WindowsCommand[] {
  return memo(model, WINDOWS_COMMANDS, () => {
    const out: WindowsCommand[] = [];
    for (const inst of model.instructions) {
      if (inst.effectiveKeyword !== 'RUN' || inst.execForm) continue;
      if (!inst.stage?.windows && !model.windowsFile) continue;
      const shell = /(^|[\\/])(powershell|pwsh)(\.exe)?$/i.test(model.shellAt(inst).argv?.[0] ?? '')
        ? 'powershell'
        : 'cmd';
      collect(inst, inst.body, shell, 0, out);
    }
    return out;
  });
}

const WINDOWS_COMMANDS = Symbol('windowsRunCommands');

function collect(inst: DockerInstruction, text: LogicalText, shell: Shell, depth: number, out: WindowsCommand[]): void {
  for (const words of splitCommands(text, shell)) {
    const [first, ...args] = words;
    const name = programName(first.value);
    out.push({ inst, name, nameWord: first, args, shell });
    if (depth >= MAX_DEPTH) continue;
    const inner = innerCommandLine(name, args);
    if (inner) collect(inst, inner.text, inner.shell, depth + 1, out);
  }
}

/** `C:\Windows\System32\NET.EXE` → `net`. */
export function programName(value: string): string {
  let from = 0;
  for (let i = 0; i < value.length; i++) if (value[i] === '\\' || value[i] === '/') from = i + 1;
  return value
    .slice(from)
    .toLowerCase()
    .replace(/\.(exe|com)$/, '');
}

/** The command line `cmd /c …` or `powershell -Command …` runs (the rest of its words, one string when quoted). */
function innerCommandLine(name: string, args: WindowsWord[]): { text: LogicalText; shell: Shell } | null {
  let at = -1;
  let shell: Shell = 'cmd';
  if (name === 'cmd') at = args.findIndex((a) => /^\/[ck]$/i.test(a.value));
  else if (name === 'powershell' || name === 'pwsh') {
    shell = 'powershell';
    // `-Command`, `-c` and any other prefix of Command PowerShell accepts; a first operand is the command too
    at = args.findIndex((a) => /^[-/]c(o(m(m(a(nd?)?)?)?)?)?$/i.test(a.value));
  }
  if (at < 0 || at + 1 >= args.length) return null;
  const rest = args.slice(at + 1);
  const text: string[] = [];
  const offsets: number[] = [];
  rest.forEach((w, k) => {
    if (k > 0) {
      text.push(' ');
      offsets.push(rest[k - 1].end);
    }
    text.push(w.value);
    for (const o of w.offsets) offsets.push(o);
  });
  return { text: { text: text.join(''), offsets, end: rest[rest.length - 1].end }, shell };
}

/** The commands of a command line, each as its words (the first is the program). One pass over the text. */
function splitCommands(lt: LogicalText, shell: Shell): WindowsWord[][] {
  const t = lt.text;
  const ps = shell === 'powershell';
  const commands: WindowsWord[][] = [];
  let words: WindowsWord[] = [];
  let word: WindowsWord | null = null;
  /** The characters of the word being read, joined into its value when it ends. */
  let chars: string[] = [];
  const offsets = lt.offsets;
  const at = (i: number) => offsets[i] ?? lt.end;
  const add = (ch: string, i: number) => {
    word ??= { value: '', offsets: [], start: at(i), end: at(i) + 1, quoted: false, dynamic: false };
    chars.push(ch);
    word.offsets.push(at(i));
    word.end = at(i) + 1;
  };
  const open = (i: number) => {
    word ??= { value: '', offsets: [], start: at(i), end: at(i) + 1, quoted: false, dynamic: false };
    return word;
  };
  /** The closing quote at i (if the text has one) ends the word as written. */
  const close = (i: number) => {
    if (i < t.length) open(i).end = at(i) + 1;
  };
  const endWord = () => {
    if (word) {
      word.value = chars.join('');
      words.push(word);
    }
    word = null;
    chars = [];
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n') {
      // a line break ends a PowerShell statement; cmd reads only the first line (Docker joined the others already)
      endCommand();
      i++;
    } else if (
      c === '&' ||
      c === '|' ||
      (ps && c === ';') ||
      c === '(' ||
      c === ')' ||
      (ps && (c === '{' || c === '}'))
    ) {
      endCommand();
      i++;
    } else if (ps && c === '#' && !word) {
      // a comment runs to the end of the line
      while (i < t.length && t[i] !== '\n') i++;
    } else if (c === '"') {
      open(i).quoted = true;
      i++;
      while (i < t.length && t[i] !== '"') {
        if (ps && t[i] === '`' && i + 1 < t.length) {
          add(t[i + 1], i + 1);
          i += 2;
        } else if (ps && t[i] === '$' && /[A-Za-z_{(:]/.test(t[i + 1] ?? '')) {
          i = variable(i, true);
        } else if (!ps && t[i] === '%') {
          i = percent(i);
        } else {
          add(t[i], i);
          i++;
        }
      }
      close(i);
      i++;
    } else if (ps && c === "'") {
      open(i).quoted = true;
      i++;
      while (i < t.length) {
        if (t[i] === "'" && t[i + 1] === "'") {
          add("'", i);
          i += 2;
        } else if (t[i] === "'") break;
        else {
          add(t[i], i);
          i++;
        }
      }
      close(i);
      i++;
    } else if (ps && c === '`' && i + 1 < t.length) {
      add(t[i + 1], i + 1);
      i += 2;
    } else if (!ps && c === '^' && i + 1 < t.length) {
      add(t[i + 1], i + 1);
      i += 2;
    } else if (ps && c === '$' && /[A-Za-z_{(:]/.test(t[i + 1] ?? '')) {
      i = variable(i, false);
    } else if (!ps && c === '%') {
      i = percent(i);
    } else {
      add(c, i);
      i++;
    }
  }
  endCommand();
  return commands;

  /** A PowerShell `$name`, `$env:NAME`, `${…}` or `$(…)` at i: kept as written, the word made dynamic; returns the end. */
  function variable(i: number, inQuotes: boolean): number {
    const from = i;
    i++;
    if (t[i] === '{') {
      while (i < t.length && t[i] !== '}') i++;
      i++;
    } else if (t[i] === '(') {
      // a subexpression: to its matching parenthesis (quotes inside skipped), never past the closing quote of the
      // string it is in
      let level = 0;
      while (i < t.length) {
        const ch = t[i];
        if (ch === '(') level++;
        else if (ch === ')' && --level === 0) {
          i++;
          break;
        } else if (ch === "'" || (ch === '"' && !inQuotes)) {
          const q = ch;
          i++;
          while (i < t.length && t[i] !== q) i++;
        } else if (ch === '"' && inQuotes) break;
        i++;
      }
    } else {
      while (i < t.length && /[A-Za-z0-9_:]/.test(t[i])) i++;
    }
    for (let k = from; k < i && k < t.length; k++) add(t[k], k);
    open(from).dynamic = true;
    return Math.min(i, t.length);
  }

  /** A cmd `%NAME%` at i (a lone `%` is text): kept as written, the word made dynamic; returns the end. */
  function percent(i: number): number {
    let j = i + 1;
    while (j < t.length && /[A-Za-z0-9_]/.test(t[j])) j++;
    if (t[j] !== '%' || j === i + 1) {
      add('%', i);
      return i + 1;
    }
    for (let k = i; k <= j; k++) add(t[k], k);
    open(i).dynamic = true;
    return j + 1;
  }
}

/** The environment variable a whole word names (`$env:NAME`, `${env:NAME}`, `%NAME%`), or null. */
export function environmentReference(word: WindowsWord): string | null {
  // linear: anchored alternatives of one name run each
  const m = /^(?:\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|%([A-Za-z_][A-Za-z0-9_]*)%)$/i.exec(
    word.value,
  );
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

import { DockerfileModel, DockerInstruction, windowsPlatform } from '../model/model';
import type { LogicalText } from '../model/logical';
import type { Word } from '../model/shell';
import { execFormWords, executedCommands, wordsText } from './executed';
import { unwrap } from './commands';
import { tokenizeShell } from '../model/shell';
import { PsScript, argWord, tokenizePowerShell } from './powershell';
import { memo } from '../../common/memo';

/**
 * The PowerShell and cmd code each RUN runs: the RUN itself in a stage whose SHELL is PowerShell (`SHELL
 * ["powershell", "-Command", …]`, `pwsh`) or cmd (a Windows stage without SHELL: `cmd /S /C` is the default there),
 * exec form `RUN ["powershell", "-Command", "…"]`, and the code handed to `powershell -Command …` / `pwsh -c …` /
 * `cmd /c …` from cmd, from PowerShell, or from a POSIX shell in a Linux stage.
 *
 * Which PowerShell runs matters: Windows PowerShell 5.1 (`powershell.exe`) has `curl` and `wget` as aliases of
 * Invoke-WebRequest, PowerShell 6+ (`pwsh`) has not (they run curl and wget). `powershell.exe` runs its first
 * unrecognised argument and all after it as the command; `pwsh` runs it as a script file (about_Pwsh: -File is the
 * default). After `-Command` (any prefix of it: `-c`, `-co`, `-Com`; `/` or `--` for `-`) the remaining arguments are
 * joined with spaces into the script (PowerShell's CommandLineParameterParser.ParseCommand).
 */

export type PsEdition = 'desktop' | 'core';

export interface PowerShellRun {
  inst: DockerInstruction;
  script: PsScript;
  /** `desktop`: Windows PowerShell 5.1 (`powershell.exe`); `core`: PowerShell 6+ (`pwsh`). */
  edition: PsEdition;
  /** 0 for the RUN's own code, 1 for code handed to a PowerShell from it, … */
  level: number;
}

export type CmdOperator = '&' | '&&' | '||' | '|';

export interface CmdCommand {
  /** The program, lower case, without directory and `.exe`/`.com`/`.bat`/`.cmd` (`curl`, `msiexec`, `setup`). */
  name: string;
  /** The word naming it (quotes removed, `^` escapes applied). */
  nameWord: Word;
  args: Word[];
  /** The operator before this command (null for the first). */
  before: CmdOperator | null;
  inst: DockerInstruction;
  /** Its index in its run's commands. */
  index: number;
}

export interface CmdRun {
  inst: DockerInstruction;
  commands: CmdCommand[];
  level: number;
}

export interface WindowsRuns {
  powershell: PowerShellRun[];
  cmd: CmdRun[];
}

/** Code handed on past this many levels (`cmd /c powershell -c "cmd /c …"`) is not read. */
const MAX_LEVEL = 8;

/** Every PowerShell and cmd script the RUNs of the file run (computed once per model). */
export function windowsRuns(model: DockerfileModel): WindowsRuns {
  return memo(model, WINDOWS_RUNS, () => collect(model));
}

const WINDOWS_RUNS = Symbol('windowsRuns');

/** What is collected, and the document's text (tokens keep document offsets). */
interface Collected extends WindowsRuns {
  text: string;
}

function collect(model: DockerfileModel): WindowsRuns {
  const out: Collected = { powershell: [], cmd: [], text: model.text };
  // the directive is read only for a RUN in a Windows stage or file: most files have none, and reading it lower-cases
  // the file's first 4 KB (undefined: not read yet)
  let hadolintShell: string | null | undefined;
  for (const inst of model.instructions) {
    if (inst.effectiveKeyword !== 'RUN' || !inst.stage) continue;
    if (!inst.stage.windows && !model.windowsFile) continue;
    const shell = model.shellAt(inst);
    const windowsOs = windowsPlatform(model, inst.stage);
    if (hadolintShell === undefined) hadolintShell = hadolintShellDirective(model.text);
    // a Linux stage is marked Windows by a later `SHELL ["pwsh", …]`; its RUNs before that run /bin/sh
    const program =
      shell.inst && shell.argv ? programName(shell.argv[0]) : (hadolintShell ?? (windowsOs ? 'cmd' : 'sh'));
    if (program === 'sh' && !inst.execForm) {
      for (const cmd of tokenizeShell(inst.body).commands) {
        const u = unwrap(cmd);
        const name = u ? programName(u.name) : '';
        if (u && (name === 'pwsh' || name === 'powershell')) handOn(out, inst, name, u.args, 0);
      }
      continue;
    }
    if (inst.execForm) {
      const words = execFormWords(inst);
      if (!words) continue;
      handOn(out, inst, programName(words[0].value), words.slice(1), 0);
      continue;
    }
    if (program === 'powershell' || program === 'pwsh') {
      // on Windows a shell-form RUN reaches the shell as one command line, appended to the SHELL's arguments, and
      // PowerShell splits it into arguments as Windows programs do (quotes removed, `\"` kept as `"`) before joining
      // them into its command: `RUN Write-Host "a b"` runs `Write-Host a b`
      const body = windowsOs ? windowsArgs(inst.body, 0, inst.body.text.length) : inst.body;
      addPowerShell(out, inst, body, edition(program), 0);
    } else if (program === 'cmd') addCmd(out, inst, inst.body, 0);
  }
  // Linux stages: `pwsh -c '…'` run by a POSIX shell
  for (const c of executedCommands(model)) {
    if (!c.inst.stage || c.inst.stage.windows) continue;
    const name = programName(c.name);
    if (name === 'pwsh' || name === 'powershell') handOn(out, c.inst, name, c.args, 0);
  }
  return { powershell: out.powershell, cmd: out.cmd };
}

/** `# hadolint shell=powershell`: the file's RUNs are PowerShell where no SHELL says otherwise. */
function hadolintShellDirective(text: string): string | null {
  const head = text.slice(0, 4096);
  if (!head.toLowerCase().includes('hadolint')) return null;
  for (const line of head.split(/\r?\n/)) {
    const words = line
      .trim()
      .replace(/^#/, '# ')
      .split(/[\s=]+/);
    if (words[0] === '#' && words[1]?.toLowerCase() === 'hadolint' && words[2]?.toLowerCase() === 'shell') {
      const shell = (words[3] ?? '').toLowerCase();
      if (shell === 'powershell' || shell === 'pwsh' || shell === 'cmd') return shell;
    }
  }
  return null;
}

/** `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe` → `powershell`; `CMD.EXE` → `cmd`. */
export function programName(path: string): string {
  let name = path;
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name[i];
    if (c === '\\' || c === '/') {
      name = name.slice(i + 1);
      break;
    }
  }
  return name.toLowerCase().replace(/\.(exe|com|bat|cmd)$/, '');
}

function edition(program: string): PsEdition {
  return program === 'pwsh' ? 'core' : 'desktop';
}

function addPowerShell(out: Collected, inst: DockerInstruction, code: LogicalText, ed: PsEdition, level: number) {
  const script = tokenizePowerShell(code);
  out.powershell.push({ inst, script, edition: ed, level });
  if (level >= MAX_LEVEL) return;
  // code handed on from PowerShell: `powershell -Command …`, `pwsh -c …`, `cmd /c …`
  for (const c of script.commands) {
    const name = programName(c.name);
    if (name !== 'powershell' && name !== 'pwsh' && name !== 'cmd') continue;
    const words = c.args.map((a) => argWord(a, out.text));
    handOn(out, inst, name, words, level + 1);
  }
}

/** A program run with arguments: PowerShell's `-Command` code, cmd's `/c` line. */
function handOn(out: Collected, inst: DockerInstruction, program: string, args: Word[], level: number) {
  if (level > MAX_LEVEL) return;
  if (program === 'powershell' || program === 'pwsh') {
    const code = powerShellCode(program, args);
    if (code && code.length) addPowerShell(out, inst, wordsText(code), edition(program), level);
  } else if (program === 'cmd') {
    const k = args.findIndex((a) => /^\/[ck]$/i.test(a.value));
    if (k >= 0 && k + 1 < args.length) addCmd(out, inst, wordsText(args.slice(k + 1)), level);
  }
}

/**
 * The words PowerShell runs as its command: those after `-Command` (any prefix of `command`, written with `-`, `--`
 * or `/`); for `powershell.exe`, also from the first argument that is not a parameter of its own. Null for `-File`,
 * `-EncodedCommand` and `-Command -` (standard input).
 */
export function powerShellCode(program: string, args: Word[]): Word[] | null {
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    const m = /^(?:--?|\/|[\u2013\u2014\u2015])(.*)$/.exec(v);
    if (!m) return program === 'powershell' ? args.slice(k) : null;
    const key = m[1].toLowerCase();
    if (key === 'commandwithargs' || key === 'cwa') return args.slice(k + 1, k + 2);
    if (key && 'command'.startsWith(key)) {
      const rest = args.slice(k + 1);
      return rest.length === 1 && rest[0].value === '-' ? null : rest;
    }
    if (
      (key.length >= 1 && 'file'.startsWith(key)) ||
      (key.length >= 1 && 'encodedcommand'.startsWith(key)) ||
      key === 'ec'
    )
      return null;
    // parameters that take a value
    if (
      /^(executionpolicy|ex|ep|windowstyle|w|inputformat|inp|if|outputformat|o|of|configurationname|config|custompipename|cus|workingdirectory|wo|wd|settingsfile|settings|version|v|psconsolefile|encodedarguments|ea)$/.test(
        key,
      ) ||
      ('executionpolicy'.startsWith(key) && key.length >= 2) ||
      ('windowstyle'.startsWith(key) && key.length >= 1) ||
      ('workingdirectory'.startsWith(key) && key.length >= 2)
    )
      k++;
  }
  return null;
}

/**
 * cmd's command line split into commands at `&`, `&&`, `||` and `|` outside double quotes, each into words at blanks
 * (`^` escapes the next character outside quotes; quotes are removed from the words, as programs' argument parsing
 * removes them). `powershell`/`pwsh`/`cmd` commands hand their code on; for PowerShell the raw text after `-Command`
 * is read as Windows splits a command line into arguments, then joined with spaces.
 */
function addCmd(out: Collected, inst: DockerInstruction, lt: LogicalText, level: number) {
  const commands: CmdCommand[] = [];
  const s = lt.text;
  const at = (i: number) => (i < lt.offsets.length ? lt.offsets[i] : lt.end);
  let i = 0;
  let before: CmdOperator | null = null;
  /** Parenthesised blocks open (`(a & b)`, `if exist x (…) else (…)`). */
  let blocks = 0;
  while (i < s.length) {
    // one command: words until an operator outside quotes
    const words: { word: Word; rawStart: number }[] = [];
    let quoted = false;
    let cur: { value: string; offsets: number[]; start: number; rawStart: number; quoted: boolean } | null = null;
    const flush = (end: number) => {
      if (cur) {
        words.push({
          word: {
            value: cur.value,
            offsets: cur.offsets,
            start: cur.start,
            end,
            quoted: cur.quoted,
            dynamic: cur.value.includes('%'),
            nested: [],
          },
          rawStart: cur.rawStart,
        });
        cur = null;
      }
    };
    let op: CmdOperator | null = null;
    let lastEnd = at(i);
    /** Where the command's text ends (before its operator or parenthesis). */
    let cmdEnd = s.length;
    while (i < s.length) {
      const c = s[i];
      if (!quoted && (c === '&' || c === '|')) {
        op = s[i + 1] === c ? ((c + c) as CmdOperator) : c;
        cmdEnd = i;
        i += s[i + 1] === c ? 2 : 1;
        break;
      }
      // a `(` where a command starts opens a block (also after `if <condition>`, `else`, `for … do`), and `)` closes
      // the innermost one; elsewhere both are text (`echo (x)`). (cmd.exe `if /?`, `for /?`: `IF EXIST x (cmd)
      // ELSE (cmd)`, `FOR %v IN (set) DO command`.)
      if (
        !quoted &&
        !cur &&
        c === '(' &&
        (words.length === 0 || opensBlock(words[0].word, words[words.length - 1].word))
      ) {
        blocks++;
        i++;
        if (words.length) {
          cmdEnd = i - 1;
          break;
        }
        lastEnd = at(i);
        continue;
      }
      if (!quoted && c === ')' && blocks > 0) {
        blocks--;
        cmdEnd = i;
        i++;
        break;
      }
      if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ';' || c === '=')) {
        flush(lastEnd);
        i++;
        continue;
      }
      if (!cur) cur = { value: '', offsets: [], start: at(i), rawStart: i, quoted: false };
      if (c === '"') {
        quoted = !quoted;
        cur.quoted = true;
        lastEnd = at(i) + 1;
        i++;
        continue;
      }
      if (c === '^' && !quoted && i + 1 < s.length) {
        cur.value += s[i + 1];
        cur.offsets.push(at(i + 1));
        lastEnd = at(i + 1) + 1;
        i += 2;
        continue;
      }
      cur.value += c;
      cur.offsets.push(at(i));
      lastEnd = at(i) + 1;
      i++;
    }
    flush(lastEnd);
    if (words.length) {
      // `start /w prog`, `call prog`: the program is what follows
      let k = 0;
      const first = programName(words[0].word.value);
      if (first === 'start') {
        k = 1;
        while (k < words.length && (/^\//.test(words[k].word.value) || (k === 1 && words[k].word.quoted))) {
          // `start "title" prog`; `/d path` takes a value
          if (/^\/d$/i.test(words[k].word.value)) k++;
          k++;
        }
      } else if (first === 'call') k = 1;
      if (k < words.length) {
        const nameWord = words[k].word;
        const cmd: CmdCommand = {
          name: programName(nameWord.value),
          nameWord,
          args: words.slice(k + 1).map((w) => w.word),
          before,
          inst,
          index: commands.length,
        };
        commands.push(cmd);
        if (level < MAX_LEVEL && (cmd.name === 'powershell' || cmd.name === 'pwsh')) {
          const code = powerShellCode(cmd.name, cmd.args);
          if (code && code.length) {
            // the raw text from the first code word to the end of the command, split as Windows splits arguments
            const from = words[k + 1 + cmd.args.indexOf(code[0])].rawStart;
            addPowerShell(out, inst, windowsArgs(lt, from, cmdEnd), edition(cmd.name), level + 1);
          }
        } else if (level < MAX_LEVEL && cmd.name === 'cmd') {
          const c = cmd.args.findIndex((a) => /^\/[ck]$/i.test(a.value));
          if (c >= 0 && c + 1 < cmd.args.length) {
            const from = words[k + 1 + c + 1].rawStart;
            const hasS = cmd.args.slice(0, c).some((a) => /^\/s$/i.test(a.value));
            addCmd(out, inst, cmdQuotes(slice(lt, from, cmdEnd), hasS), level + 1);
          }
        }
      }
    }
    before = op;
  }
  out.cmd.push({ inst, commands, level });
}

/** A command's first and last words after which a `(` opens a block: an `if` and its condition, `else`, `for … do`. */
function opensBlock(first: Word, last: Word): boolean {
  const name = first.value.toLowerCase();
  return name === 'if' || name === 'else' || (name === 'for' && last.value.toLowerCase() === 'do');
}

/**
 * The command line `cmd /c` runs, its quotes treated as cmd.exe treats them (`cmd /?` and the cmd page of Microsoft's
 * Windows Commands reference, "If /C or /K is specified"):
 * kept when there is no /S, exactly two quotes, none of `&<>()@^|` and some blank between them, and what they enclose
 * names an executable file (here: ends in .exe/.com/.bat/.cmd); otherwise a line that starts with a quote loses that
 * quote and the last one on the line (`cmd /S /C "net user a b"` runs `net user a b`).
 */
function cmdQuotes(lt: LogicalText, hasS: boolean): LogicalText {
  const s = lt.text;
  if (s[0] !== '"') return lt;
  const last = s.lastIndexOf('"');
  if (last <= 0) return lt;
  if (!hasS && s.indexOf('"', 1) === last) {
    const inside = s.slice(1, last);
    // linear: a character class, and an anchored literal alternative
    if (!/[&<>()@^|]/.test(inside) && /[ \t]/.test(inside) && /\.(exe|com|bat|cmd)$/i.test(inside)) return lt;
  }
  return {
    text: s.slice(1, last) + s.slice(last + 1),
    offsets: [...lt.offsets.slice(1, last), ...lt.offsets.slice(last + 1, s.length)],
    end: lt.end,
  };
}

function slice(lt: LogicalText, from: number, to: number): LogicalText {
  return {
    text: lt.text.slice(from, to),
    offsets: lt.offsets.slice(from, to),
    end: to < lt.offsets.length ? lt.offsets[to] : lt.end,
  };
}

/**
 * A command line's tail as the program's joined arguments, split as Windows programs split their command line
 * (CommandLineToArgvW): `"` toggles quoting and is removed; 2n backslashes before a `"` are n backslashes and the quote
 * toggles, 2n+1 are n backslashes and a literal `"`; other backslashes are literal; blanks outside quotes separate
 * arguments, which PowerShell joins with one space.
 */
function windowsArgs(lt: LogicalText, from: number, to: number): LogicalText {
  const s = lt.text;
  const at = (i: number) => (i < lt.offsets.length ? lt.offsets[i] : lt.end);
  let text = '';
  const offsets: number[] = [];
  let quoted = false;
  let blank = false;
  const emit = (c: string, i: number) => {
    if (blank && text) {
      text += ' ';
      offsets.push(at(i) - 1);
    }
    blank = false;
    text += c;
    offsets.push(at(i));
  };
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === '\\') {
      let j = i;
      while (j < to && s[j] === '\\') j++;
      const n = j - i;
      if (s[j] === '"') {
        for (let k = 0; k < n >> 1; k++) emit('\\', i + k);
        if (n % 2) emit('"', j);
        else quoted = !quoted;
        i = j;
        continue;
      }
      for (let k = 0; k < n; k++) emit('\\', i + k);
      i = j - 1;
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (c === ' ' || c === '\t')) {
      blank = true;
      continue;
    }
    emit(c, i);
  }
  return { text, offsets, end: to < lt.offsets.length ? lt.offsets[to] : lt.end };
}

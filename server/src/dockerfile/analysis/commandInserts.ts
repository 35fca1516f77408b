import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileModel } from '../model/model';
import type { LogicalText } from '../model/logical';
import type { ShellCommand, ShellScript, Word } from '../model/shell';
import { ExecScript, pipelineOf } from './executed';
import { commandSpan, editable } from './commandEdits';
import { insertAt } from './edits';

/**
 * Edits that add to a shell command line: a flag after a word (`install` → `install --no-install-recommends`), or a
 * command after a command (`apt-get install -y x` → `apt-get install -y x && rm -rf /var/lib/apt/lists/*`). Text goes
 * on the same physical line as the word it follows, so continuations and indentation stay as they were. They refuse
 * (null) where the result could not be trusted: exec-form JSON, escaped text inside a `sh -c` string, a command inside
 * a loop or a conditional branch (an appended cleanup would run in the wrong place).
 */

/** Insert `text` right after `word`. */
export function insertAfterWord(
  model: DockerfileModel,
  where: Pick<ExecScript, 'inst' | 'inString'>,
  word: Word,
  text: string,
): TextEdit[] | null {
  if (!editable(model, where, [word])) return null;
  return [insertAt(model, word.end, text)];
}

/** Append `text` (` && cleanup`) after the pipeline `cmd` belongs to. */
export function appendAfterCommand(
  model: DockerfileModel,
  where: ExecScript,
  cmd: ShellCommand,
  text: string,
): TextEdit[] | null {
  // a quote or substitution left open swallows whatever is appended (and Fix All would append it again and again)
  if (cmd.depth > 0 || where.script.unclosed) return null;
  const pipeline = pipelineOf(where.script, cmd);
  const words = pipeline.flatMap((c) => [...c.assignments, ...c.words]);
  if (!editable(model, where, words)) return null;
  let end = -1;
  for (const c of pipeline) end = Math.max(end, commandSpan(c)?.end ?? -1);
  if (end < 0 || insideCompound(where.script, end)) return null;
  return [insertAt(model, end, text)];
}

const RESERVED_KEEP_START = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);

/**
 * Whether a document offset of a script lies inside an `if … fi`, `case … esac` or a loop body (`do … done`): a rough
 * count of those reserved words where a command starts, quotes and comments skipped. Also true inside quotes or an
 * unclosed `${`, `$(` or `(`, where an inserted command would be text or run in the wrong place.
 */
function insideCompound(script: ShellScript, offset: number): boolean {
  const src: LogicalText = script.source;
  const s = src.text;
  let depth = 0;
  let braces = 0;
  let parens = 0;
  let atStart = true;
  let i = 0;
  while (i < s.length && (src.offsets[i] ?? Infinity) < offset) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
      atStart = false;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += c === '"' && s[j] === '\\' ? 2 : 1;
      // the offset lies inside the quotes, or they never close: text put there would be part of the string
      if (j >= s.length || (src.offsets[j] ?? Infinity) >= offset) return true;
      i = j + 1;
      atStart = false;
      continue;
    }
    if (c === '$' && s[i + 1] === '{') {
      braces++;
      i += 2;
      atStart = false;
      continue;
    }
    if (c === '}' && braces > 0) {
      braces--;
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '\n' || c === '(' || c === ')') {
      if (c === '(') parens++;
      else if (c === ')' && parens > 0) parens--;
      atStart = true;
      i++;
      continue;
    }
    // every character `\s` matches separates words (form feed, no-break space, BOM…): a word scan below that stopped on
    // one without consuming it would never advance
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let j = i;
    for (; j < s.length && !/[\s;&|()'"\\]/.test(s[j]); j++) {
      if (s[j] === '$' && s[j + 1] === '{') braces++;
      else if (s[j] === '}' && braces > 0) braces--;
    }
    const word = s.slice(i, j);
    i = j;
    if (!atStart) continue;
    if (word === 'if' || word === 'case' || word === 'do') depth++;
    else if ((word === 'fi' || word === 'esac' || word === 'done') && depth > 0) depth--;
    atStart = RESERVED_KEEP_START.has(word);
  }
  // an unclosed `${`, `$(` or `(` swallows what follows it, an appended command included
  return depth > 0 || braces > 0 || parens > 0;
}

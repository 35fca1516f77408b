/**
 * The Dockerfile parser: instruction boundaries, keywords, the escape directive, heredocs, ONBUILD triggers and
 * ARG/ENV properties, as document offsets.
 *
 * It reads a Dockerfile exactly as dockerfile-ast 0.7 does (the same instruction ends, heredoc ranges, property names
 * and values, quirks included: every finding depends on them), ported to work on offsets. dockerfile-ast builds a
 * Position object for every offset, re-splits the arguments of every instruction on each accessor call, and builds
 * each instruction twice while parsing; that was most of the cost of a lint. Here an instruction is a few offsets,
 * and arguments are split only where something needs them (ONBUILD, heredocs, ARG/ENV properties), once.
 *
 * Offsets follow vscode-languageserver-textdocument's round trip (`offsetAt(positionAt(x))`): an offset between a
 * CR and its LF reads as the CR's (see `snap`), as it did when these were Positions.
 * test/unit/parser.test.ts compares this parser with dockerfile-ast itself, on fixtures and on generated files.
 *
 * Ported from dockerfile-ast, Copyright (c) Remy Suen, MIT License (the notice is in LICENSE).
 */

export interface ScannedInstruction {
  /** The keyword as written (may hold escape characters: `RU\` newline `N`). */
  instruction: string;
  /** dockerfile-ast's getKeyword(): the written keyword, upper case. */
  keyword: string;
  /** The instruction, through its last argument (or its heredocs). */
  start: number;
  end: number;
  /** The keyword. */
  keywordStart: number;
  keywordEnd: number;
}

export interface ScannedDockerfile {
  /** The escape character (`\` or a backtick). */
  escapeChar: string;
  instructions: ScannedInstruction[];
}

/** A whitespace-separated argument: its value (escapes resolved as dockerfile-ast does) and offsets. */
export interface ScannedArgument {
  value: string;
  start: number;
  end: number;
}

export interface ScannedHeredoc {
  name: string;
  /** Offset just past the name written after `<<`. */
  nameEnd: number;
  /** The body, or null (no body, or not terminated on one line). */
  content: [number, number] | null;
  /** The closing delimiter line, or null when the heredoc is not closed. */
  delimiter: [number, number] | null;
}

/** One `NAME[=value]` (or legacy `NAME value`) of ARG/ENV. */
export interface ScannedProperty {
  name: string;
  /** The value with quotes and escapes resolved, or null when there is none (`ARG NAME`). */
  value: string | null;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** The value as written, or null. */
  valueStart: number | null;
  valueEnd: number | null;
}

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const isNewline = (c: string) => c === '\r' || c === '\n';
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** The offset `offsetAt(positionAt(x))` gives: clamped to the text, and never between a CR and its LF. */
function snap(text: string, x: number): number {
  if (x <= 0) return 0;
  if (x >= text.length) return text.length;
  return text.charCodeAt(x) === 10 && text.charCodeAt(x - 1) === 13 ? x - 1 : x;
}

/** Whether [a, b) crosses a line break (the two offsets are on different lines). */
function crossesLine(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Offset of the start of the line holding offset x. */
function lineStartOf(text: string, x: number): number {
  let i = x;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** Offset of the start of line `line` (0-based), or the text length past the last line. */
function offsetOfLine(text: string, line: number): number {
  let i = 0;
  for (let l = 0; l < line; l++) {
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    if (i >= text.length) return text.length;
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
    i++;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser directives and instruction boundaries (dockerfile-ast parser.js)

/** The escape character and the number of parser directive lines. */
function parserDirectives(buffer: string): { escapeChar: string; count: number } {
  let count = 0;
  let escapeChar: string | null = null;
  const offset = buffer.charCodeAt(0) === 0xfeff ? 1 : 0;
  directiveCheck: for (let i = offset; i < buffer.length; i++) {
    switch (buffer.charAt(i)) {
      case ' ':
      case '\t':
        break;
      case '\r':
      case '\n':
        break directiveCheck;
      case '#': {
        let directiveStart = -1;
        let directiveEnd = -1;
        for (let j = i + 1; j < buffer.length; j++) {
          let char = buffer.charAt(j);
          switch (char) {
            case ' ':
            case '\t':
              if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
              break;
            case '\r':
            case '\n':
              break directiveCheck;
            case '=': {
              let valueStart = -1;
              let valueEnd = -1;
              if (directiveEnd === -1) directiveEnd = j;
              let lineEnd = buffer.length;
              directiveValue: for (let k = j + 1; k < buffer.length; k++) {
                char = buffer.charAt(k);
                switch (char) {
                  case '\r':
                  case '\n':
                    if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                    lineEnd = k;
                    break directiveValue;
                  case '\t':
                  case ' ':
                    if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                    continue;
                  default:
                    if (valueStart === -1) valueStart = k;
                    break;
                }
              }
              if (directiveStart === -1) break directiveCheck;
              if (valueStart === -1) {
                valueStart = j + 1;
                valueEnd = lineEnd;
              } else if (valueEnd === -1) {
                valueEnd = buffer.length;
              }
              count++;
              // Dockerfile.getEscapeCharacter(): the first `escape` directive with a valid value
              if (
                escapeChar === null &&
                buffer.substring(snap(buffer, directiveStart), snap(buffer, directiveEnd)).toLowerCase() === 'escape'
              ) {
                const value = buffer.substring(snap(buffer, valueStart), snap(buffer, valueEnd));
                if (value === '\\' || value === '`') escapeChar = value;
              }
              i = buffer.charAt(valueEnd) === '\r' ? valueEnd + 1 : valueEnd;
              continue directiveCheck;
            }
            default:
              if (directiveStart === -1) directiveStart = j;
              break;
          }
        }
        break;
      }
      default:
        break directiveCheck;
    }
  }
  return { escapeChar: escapeChar ?? '\\', count };
}

/** Split a Dockerfile into instructions, as dockerfile-ast's DockerfileParser.parse does. */
export function scanDockerfile(buffer: string): ScannedDockerfile {
  const directives = parserDirectives(buffer);
  const escapeChar = directives.escapeChar;
  const instructions: ScannedInstruction[] = [];
  let offset = 0;
  if (directives.count > 0) offset = offsetOfLine(buffer, directives.count);
  else if (buffer.charCodeAt(0) === 0xfeff) offset = 1;

  const create = (instruction: string, start: number, instructionEnd: number, end: number): ScannedInstruction => ({
    instruction,
    keyword: instruction.toUpperCase(),
    start: snap(buffer, start),
    end: snap(buffer, end),
    keywordStart: snap(buffer, start),
    keywordEnd: snap(buffer, instructionEnd),
  });

  const esc = escapeChar.charCodeAt(0);
  // most files have no CR: a comment then ends where indexOf finds the next LF
  const hasCR = buffer.indexOf('\r') !== -1;
  const processComment = (start: number): number => {
    if (!hasCR) {
      const nl = buffer.indexOf('\n', start + 1);
      return nl === -1 ? buffer.length : nl;
    }
    for (let i = start + 1; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c === CR || c === LF) return i;
    }
    return buffer.length;
  };

  const parseHeredoc = (heredocName: string, from: number, tabbed: boolean): number => {
    let startWord = -1;
    let lineStart = true;
    for (let i = from; i < buffer.length; i++) {
      switch (buffer.charAt(i)) {
        case ' ':
          lineStart = false;
          break;
        case '\t':
          if (!tabbed) lineStart = false;
          break;
        case '\r':
        case '\n':
          if (startWord !== -1 && heredocName === buffer.substring(startWord, i)) return i;
          startWord = -1;
          lineStart = true;
          break;
        default:
          if (lineStart) {
            startWord = i;
            lineStart = false;
          }
          break;
      }
    }
    return buffer.length;
  };

  const processHeredocs = (inst: ScannedInstruction, at: number): number => {
    // Only ADD/COPY/RUN (also behind ONBUILD) start heredocs, and only with an argument starting `<<`: an argument
    // is made of the instruction's own characters, so without a `<` there is nothing to split.
    const kw = inst.keyword;
    if (kw !== 'ADD' && kw !== 'COPY' && kw !== 'RUN' && kw !== 'ONBUILD') return at;
    if (inst.end <= inst.keywordEnd || !buffer.slice(inst.keywordEnd, inst.end).includes('<')) return at;
    let target: ScannedInstruction | null = inst;
    if (kw === 'ONBUILD') {
      target = triggerInstruction(buffer, escapeChar, inst);
      if (target === null) return at;
      if (target.keyword !== 'ADD' && target.keyword !== 'COPY' && target.keyword !== 'RUN') return at;
    }
    const names: string[] = [];
    let tabbed = false;
    for (const arg of instructionArguments(buffer, escapeChar, target)) {
      const value = arg.value;
      if (value.startsWith('<<') && value.length > 2) {
        if (value.startsWith('<<-')) tabbed = true;
        const name = parseHeredocName(value);
        if (name !== null) names.push(name);
      }
    }
    for (const name of names) at = parseHeredoc(name, at, tabbed);
    return at;
  };

  const processArguments = (instruction: string, instructionEnd: number, start: number, from: number): number => {
    let escaped = false;
    argumentsCheck: for (let i = from + 1; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c === CR || c === LF) {
        if (escaped) continue;
        // the instruction as far as this line, for the heredocs; its end is then moved past them (one object, not
        // one for the heredocs and another for the list)
        const inst = create(instruction, start, instructionEnd, i);
        const end = processHeredocs(inst, i);
        inst.end = snap(buffer, end);
        instructions.push(inst);
        return end;
      }
      if (c === esc) {
        const next = buffer.charCodeAt(i + 1);
        if (next === LF || next === CR) {
          escaped = true;
          i++;
        } else if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < buffer.length; j++) {
            const d = buffer.charCodeAt(j);
            if (d === SPACE || d === TAB) continue;
            if (d === CR || d === LF) escaped = true;
            i = j;
            continue argumentsCheck;
          }
          break argumentsCheck;
        }
        continue;
      }
      if (c === HASH) {
        if (escaped) i = processComment(i);
        continue;
      }
      if (c !== SPACE && c !== TAB) {
        escaped = false;
        // the characters that follow, up to a line break, escape, `#` or blank, would each only do the same
        while (i + 1 < buffer.length) {
          const d = buffer.charCodeAt(i + 1);
          if (d === CR || d === LF || d === esc || d === HASH || d === SPACE || d === TAB) break;
          i++;
        }
      }
    }
    instructions.push(create(instruction, start, instructionEnd, buffer.length));
    return buffer.length;
  };

  const processInstruction = (first: string, start: number): number => {
    let instruction = first;
    let instructionEnd = -1;
    let escapedInstruction = false;
    instructionCheck: for (let i = start + 1; i < buffer.length; i++) {
      let char = buffer.charAt(i);
      switch (char) {
        case escapeChar:
          escapedInstruction = true;
          char = buffer.charAt(i + 1);
          if (char === '\r' || char === '\n') {
            if (instructionEnd === -1) instructionEnd = i;
            i++;
          } else if (char === ' ' || char === '\t') {
            for (let j = i + 2; j < buffer.length; j++) {
              switch (buffer.charAt(j)) {
                case ' ':
                case '\t':
                  break;
                case '\r':
                case '\n':
                  i = j;
                  continue instructionCheck;
                default:
                  instructionEnd = i + 1;
                  instruction = instruction + escapeChar;
                  i = j - 2;
                  continue instructionCheck;
              }
            }
            instructionEnd = i + 1;
            instruction = instruction + escapeChar;
            break instructionCheck;
          } else {
            instructionEnd = i + 1;
            instruction = instruction + escapeChar;
            escapedInstruction = false;
          }
          break;
        case ' ':
        case '\t':
          if (escapedInstruction) {
            escapeCheck: for (let j = i + 1; j < buffer.length; j++) {
              switch (buffer.charAt(j)) {
                case ' ':
                case '\t':
                  break;
                case '\r':
                case '\n':
                  i = j;
                  continue instructionCheck;
                default:
                  break escapeCheck;
              }
            }
          }
          if (instructionEnd === -1) instructionEnd = i;
          // (processArguments adds the instruction)
          return processArguments(instruction, instructionEnd, start, i);
        case '\r':
        case '\n':
          if (escapedInstruction) continue;
          instructions.push(create(instruction, start, i, i));
          return i;
        default:
          if (char === '#' && escapedInstruction) continue;
          instructionEnd = i + 1;
          instruction = instruction + char;
          escapedInstruction = false;
          break;
      }
    }
    if (instructionEnd === -1) instructionEnd = buffer.length;
    instructions.push(create(instruction, start, instructionEnd, buffer.length));
    return buffer.length;
  };

  for (let i = offset; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR || c === LF) continue;
    if (c === HASH) i = processComment(i);
    else i = processInstruction(buffer.charAt(i), i);
  }
  return { escapeChar, instructions };
}

function parseHeredocName(value: string): string | null {
  value = value.substring(2);
  if (value.charAt(0) === '-') value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === '<') return null;
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Arguments (dockerfile-ast instruction.js getRawArguments, modifiableInstruction.js getArguments)

/** The whitespace-separated arguments after the keyword (Instruction.getRawArguments). */
export function rawArguments(text: string, escapeChar: string, inst: ScannedInstruction): ScannedArgument[] {
  const args: ScannedArgument[] = [];
  const fullArgs = text.substring(inst.keywordEnd, Math.max(inst.keywordEnd, inst.end));
  const offset = inst.keywordEnd;
  const push = (value: string, from: number, to: number) =>
    args.push({ value, start: snap(text, offset + from), end: snap(text, offset + to) });
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  let escapedArg = '';
  for (let i = 0; i < fullArgs.length; i++) {
    const char = fullArgs.charAt(i);
    if (isWhitespace(char)) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (isNewline(char)) {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(escapedArg, found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        escapedArg = '';
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = fullArgs.charAt(i + 1);
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
          const c = fullArgs.charAt(j);
          switch (c) {
            case ' ':
            case '\t':
              continue;
            case '\r':
            case '\n':
              if (c === '\r') j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(escapedArg, found, escapeMarker);
          escapedArg = '';
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '$') escapedArg = escapedArg + char + next;
        else if (next === '') break;
        else escapedArg = escapedArg + next;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(escapedArg, found, escapeMarker);
          escapedArg = '';
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        escapedArg = escapedArg + char;
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) push(escapedArg, found, escapeMarker === -1 ? fullArgs.length : escapeMarker);
  return args;
}

/** Whether an argument ends the leading flags, per instruction class (stopSearchingForFlags), or null: no flags. */
function flagStop(keyword: string): ((value: string) => boolean) | null {
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'RUN':
    case 'FROM':
      return (value) => value.indexOf('--') === -1;
    case 'HEALTHCHECK':
      return (value) => {
        const v = value.toUpperCase();
        return v === 'CMD' || v === 'NONE';
      };
    default:
      // CMD, ENTRYPOINT, SHELL, VOLUME stop at once; the other classes have no flags
      return null;
  }
}

/** dockerfile-ast's getArguments() for the instruction's class: the raw arguments, without its leading flags. */
export function instructionArguments(text: string, escapeChar: string, inst: ScannedInstruction): ScannedArgument[] {
  const args = rawArguments(text, escapeChar, inst);
  const stop = flagStop(inst.keyword);
  if (!stop) return args;
  let flags = 0;
  for (const arg of args) {
    if (stop(arg.value)) break;
    if (arg.value.indexOf('--') === 0) flags++;
  }
  return flags ? args.slice(flags) : args;
}

/** ONBUILD's trigger: its first argument (Onbuild.getTriggerRange), or null. */
export function onbuildTrigger(text: string, escapeChar: string, inst: ScannedInstruction): ScannedArgument | null {
  const args = rawArguments(text, escapeChar, inst);
  return args.length ? args[0] : null;
}

/** The instruction ONBUILD triggers (Onbuild.getTriggerInstruction), or null. */
export function triggerInstruction(
  text: string,
  escapeChar: string,
  inst: ScannedInstruction,
): ScannedInstruction | null {
  const trigger = onbuildTrigger(text, escapeChar, inst);
  if (!trigger) return null;
  const word = text.substring(trigger.start, trigger.end);
  return {
    instruction: word,
    keyword: word.toUpperCase(),
    start: trigger.start,
    end: inst.end,
    keywordStart: trigger.start,
    keywordEnd: trigger.end,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Heredocs (dockerfile-ast instruction.js getHeredocs)

/** The heredocs of an instruction (Instruction.getHeredocs); may throw on malformed input, as dockerfile-ast does. */
export function instructionHeredocs(text: string, escapeChar: string, inst: ScannedInstruction): ScannedHeredoc[] {
  const args =
    inst.keyword === 'ONBUILD' ? rawArguments(text, escapeChar, inst) : instructionArguments(text, escapeChar, inst);
  if (args.length === 0) return [];
  if (!crossesLine(text, inst.start, inst.end)) return singleLineHeredocs(text, escapeChar, args);

  const heredocs: ScannedHeredoc[] = [];
  const definitions: ScannedArgument[] = [];
  let heredocsProcessed = false;
  let escaping = false;
  let contentStart = -1;
  let contentEnd = -1;
  let lineStart = -1;
  let current = 0;
  const startOffset = args[0].start;
  const content = text.substring(startOffset, inst.end);
  const definition = (k: number): ScannedArgument => {
    const arg = definitions[k];
    // dockerfile-ast reads a missing one's range and throws
    if (!arg) throw new TypeError('heredoc without a definition');
    return arg;
  };
  contentLoop: for (let i = 0; i < content.length; i++) {
    switch (content.charAt(i)) {
      case escapeChar:
        escaping = true;
        for (let j = i + 1; j < content.length; j++) {
          const c = content.charAt(j);
          if (c === ' ' || c === '\t') continue;
          i = c === '\r' ? j + 1 : j;
          continue contentLoop;
        }
        break;
      case '\r':
        break;
      case '\n':
        if (escaping) break;
        if (heredocsProcessed) {
          if (contentStart === -1) contentStart = i;
          contentEnd = i;
          const arg = definition(current);
          const nameRange = heredocNameRange(text, escapeChar, arg);
          const name = heredocName(text, escapeChar, nameRange);
          const delimiter = delimiterRange(
            text,
            arg,
            name,
            snap(text, startOffset + lineStart),
            snap(text, startOffset + i),
          );
          if (delimiter !== null) {
            heredocs.push({
              name,
              nameEnd: nameRange[1],
              content: [snap(text, startOffset + contentStart), snap(text, startOffset + lineStart - 1)],
              delimiter,
            });
            contentStart = -1;
            current++;
          }
          lineStart = -1;
        } else {
          const offsetLimit = startOffset + i;
          for (const arg of args) {
            if (arg.start < offsetLimit) {
              if (arg.value.startsWith('<<')) definitions.push(arg);
            } else break;
          }
          heredocsProcessed = true;
          lineStart = -1;
          continue contentLoop;
        }
        break;
      default: {
        const c = content.charAt(i);
        if (escaping && (c === ' ' || c === '\t')) break;
        if (escaping && c === '#') {
          for (let j = i + 1; j < content.length; j++) {
            if (content.charAt(j) === '\n') {
              i = j;
              continue contentLoop;
            }
          }
        }
        if (escaping) escaping = false;
        if (heredocsProcessed) {
          if (contentStart === -1) contentStart = i;
          if (lineStart === -1) lineStart = i;
        }
        break;
      }
    }
  }
  if (!heredocsProcessed) return singleLineHeredocs(text, escapeChar, args);
  {
    const arg = definition(current);
    const nameRange = heredocNameRange(text, escapeChar, arg);
    const name = heredocName(text, escapeChar, nameRange);
    let contentRange: [number, number] | null = null;
    const delimiter = delimiterRange(text, arg, name, snap(text, startOffset + lineStart), inst.end);
    if (delimiter === null) contentRange = [snap(text, startOffset + contentStart), inst.end];
    else if (contentEnd !== -1)
      contentRange = [snap(text, startOffset + contentStart), snap(text, startOffset + contentEnd)];
    heredocs.push({ name, nameEnd: nameRange[1], content: contentRange, delimiter });
    current++;
    // definitions never closed: their names only
    for (let k = current; k < definitions.length; k++) {
      const rest = definition(current);
      const restName = heredocNameRange(text, escapeChar, rest);
      heredocs.push({
        name: heredocName(text, escapeChar, restName),
        nameEnd: restName[1],
        content: null,
        delimiter: null,
      });
      current++;
    }
  }
  return heredocs;
}

function singleLineHeredocs(text: string, escapeChar: string, args: ScannedArgument[]): ScannedHeredoc[] {
  const heredocs: ScannedHeredoc[] = [];
  for (const arg of args) {
    if (arg.value.startsWith('<<') && parseHeredocName(arg.value) !== null) {
      const nameRange = heredocNameRange(text, escapeChar, arg);
      heredocs.push({
        name: heredocName(text, escapeChar, nameRange),
        nameEnd: nameRange[1],
        content: null,
        delimiter: null,
      });
    }
  }
  return heredocs;
}

/** Instruction.getName: the heredoc's name from its name range. */
function heredocName(text: string, escapeChar: string, range: [number, number]): string {
  const content = text.substring(range[0], range[1]);
  let escaping = false;
  let name = '';
  nameLoop: for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    switch (ch) {
      case escapeChar:
        escaping = true;
        for (let j = i + 1; j < content.length; j++) {
          switch (content.charAt(j)) {
            case ' ':
            case '\t':
              break;
            case '\r':
              i = j + 1;
              continue nameLoop;
            case '\n':
              i = j;
              continue nameLoop;
            default:
              name += content.charAt(j);
              i = j;
              continue nameLoop;
          }
        }
        break;
      default:
        if (escaping && ch === '#') {
          for (let j = i + 1; j < content.length; j++) {
            if (content.charAt(j) === '\n') {
              i = j;
              continue nameLoop;
            }
          }
        }
        if (escaping && (ch === '#' || isWhitespace(ch))) break;
        name += ch;
        break;
    }
  }
  return name;
}

/** Instruction.getNameRange: where the name sits in a `<<NAME` argument. */
function heredocNameRange(text: string, escapeChar: string, arg: ScannedArgument): [number, number] {
  const content = text.substring(arg.start, arg.end);
  let endFound = false;
  let searchHyphen = false;
  let start = -1;
  let end = -1;
  let escaping = false;
  let quote: string | null = null;
  contentLoop: for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    switch (ch) {
      case '"':
      case "'":
        if (quote === ch) break contentLoop;
        quote = ch;
        continue;
      case escapeChar:
        for (let j = i + 1; j < content.length; j++) {
          if (content.charAt(j) === '\n') {
            escaping = true;
            continue contentLoop;
          }
        }
        break;
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      case '<':
        if (endFound) searchHyphen = true;
        else endFound = true;
        break;
      default:
        if (ch === '-' && searchHyphen) {
          searchHyphen = false;
          break;
        }
        if (escaping && (ch === '-' || ch === '#')) {
          for (let j = i + 1; j < content.length; j++) {
            if (content.charAt(j) === '\n') {
              i = j;
              continue contentLoop;
            }
          }
        }
        if (start === -1) start = i;
        if (quote !== null) {
          end = i + 1;
          break;
        }
        break contentLoop;
    }
  }
  if (start === -1) return [arg.end, arg.end];
  const nameStart = snap(text, arg.start + start);
  const nameEnd = quote !== null ? snap(text, arg.start + end) : arg.end;
  return [nameStart, nameEnd];
}

/** Instruction.getDelimiterRange: the candidate line, if it closes the heredoc. */
function delimiterRange(
  text: string,
  startArg: ScannedArgument,
  name: string,
  from: number,
  to: number,
): [number, number] | null {
  // TextDocument.getText(range): a plain substring, which swaps reversed bounds
  const candidate = text.substring(from, to);
  if (startArg.value.startsWith('<<-')) {
    let index = 0;
    while (candidate.charAt(index) === '\t') index++;
    if (candidate.substring(index) === name) return [lineStartOf(text, from) + index, to];
    return null;
  }
  return candidate === name ? [from, to] : null;
}

// ---------------------------------------------------------------------------------------------------------------
// ARG/ENV properties (dockerfile-ast propertyInstruction.js, property.js)

/** The properties of an ARG or ENV instruction (PropertyInstruction.getProperties). */
export function instructionProperties(text: string, escapeChar: string, inst: ScannedInstruction): ScannedProperty[] {
  const args = propertyArguments(text, escapeChar, inst);
  if (args.length === 0) return [];
  if (args.length === 1) return [property(text, escapeChar, args[0])];
  if (args.length === 2) {
    if (args[0].value.indexOf('=') === -1) return [property(text, escapeChar, args[0], args[1])];
    return [property(text, escapeChar, args[0]), property(text, escapeChar, args[1])];
  }
  if (args[0].value.indexOf('=') === -1) {
    const start = args[1].start;
    const end = args[args.length - 1].end;
    return [property(text, escapeChar, args[0], { value: text.substring(start, end), start, end })];
  }
  return args.map((a) => property(text, escapeChar, a));
}

function findLeadingNonWhitespace(content: string, escapeChar: string): number {
  whitespaceCheck: for (let i = 0; i < content.length; i++) {
    switch (content.charAt(i)) {
      case ' ':
      case '\t':
        continue;
      case escapeChar:
        escapeCheck: for (let j = i + 1; j < content.length; j++) {
          switch (content.charAt(j)) {
            case ' ':
            case '\t':
              continue;
            case '\r':
              i = j + 1;
              continue whitespaceCheck;
            case '\n':
              i = j;
              continue whitespaceCheck;
            default:
              break escapeCheck;
          }
        }
        return -1;
      default:
        return i;
    }
  }
  return -1;
}

function findTrailingNonWhitespace(content: string, escapeChar: string): number {
  let index = content.length;
  whitespaceCheck: for (let i = content.length - 1; i >= 0; i--) {
    switch (content.charAt(i)) {
      case ' ':
      case '\t':
        continue;
      case '\n':
      case '\r':
        if (content.charAt(i) === '\n' && content.charAt(i - 1) === '\r') i = i - 1;
        newlineCheck: for (let j = i - 1; j >= 0; j--) {
          switch (content.charAt(j)) {
            case ' ':
            case '\t':
            case '\r':
            case '\n':
            case escapeChar:
              continue;
            default:
              index = j;
              break newlineCheck;
          }
        }
        break whitespaceCheck;
      default:
        index = i;
        break whitespaceCheck;
    }
  }
  return index;
}

/** PropertyInstruction.getPropertyArguments. */
function propertyArguments(text: string, escapeChar: string, inst: ScannedInstruction): ScannedArgument[] {
  const args: ScannedArgument[] = [];
  const nameEnd = inst.keywordEnd;
  const fullArgs = text.substring(nameEnd, Math.max(nameEnd, inst.end));
  const start = findLeadingNonWhitespace(fullArgs, escapeChar);
  if (start === -1) return [];
  const base = nameEnd + start;
  const arg = (value: string, from: number, to: number): ScannedArgument => ({
    value,
    start: snap(text, base + from),
    end: snap(text, base + to),
  });
  let escaped = crossesLine(text, inst.keywordStart, snap(text, base));
  let endingEscape = false;
  let mark = -1;
  const end = findTrailingNonWhitespace(fullArgs, escapeChar);
  const content = fullArgs.substring(start, end + 1);
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const esc = escapeChar.charCodeAt(0);
  const spacedArgument = () => {
    if (argStart !== -1) args.push(arg(content.substring(argStart, mark), argStart, mark));
  };
  argumentLoop: for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    switch (char) {
      case escapeChar:
        if (i + 1 === content.length) {
          endingEscape = true;
          break argumentLoop;
        }
        if (!escaped) mark = i;
        switch (content.charAt(i + 1)) {
          case ' ':
          case '\t':
            if (!isWhitespace(content.charAt(i + 2))) {
              i = i + 1;
              continue argumentLoop;
            }
            whitespaceCheck: for (let j = i + 2; j < content.length; j++) {
              const c = content.charAt(j);
              switch (c) {
                case '\r':
                case '\n':
                  if (c === '\r') j++;
                  escaped = true;
                  i = j;
                  continue argumentLoop;
                case ' ':
                case '\t':
                  break;
                default:
                  args.push(arg(content.substring(argStart, i), argStart, i + 2));
                  argStart = j;
                  break whitespaceCheck;
              }
            }
            i = argStart - 1;
            continue argumentLoop;
          case '\r':
          case '\n':
            if (content.charAt(i + 1) === '\r') i++;
            escaped = true;
            i = i + 1;
            continue argumentLoop;
          case escapeChar:
            if (argStart === -1) argStart = i;
            i = i + 1;
            continue argumentLoop;
          default:
            if (argStart === -1) argStart = i;
            continue argumentLoop;
        }
      case "'":
      case '"':
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          switch (content.charAt(j)) {
            case char:
              if (content.charAt(j + 1) !== ' ' && content.charAt(j + 1) !== '') {
                i = j;
                continue argumentLoop;
              }
              args.push(arg(content.substring(argStart, j + 1), argStart, j + 1));
              i = j;
              argStart = -1;
              continue argumentLoop;
            case escapeChar:
              j++;
              break;
          }
        }
        break argumentLoop;
      case ' ':
      case '\t':
        if (escaped) {
          if (argStart !== -1) spaced = true;
        } else if (argStart !== -1) {
          args.push(arg(content.substring(argStart, i), argStart, i));
          argStart = -1;
        }
        break;
      case '\r':
      case '\n':
        if (char === '\r') i++;
        spaced = false;
        break;
      case '#':
        if (escaped) {
          for (let j = i + 1; j < content.length; j++) {
            const c = content.charAt(j);
            if (c === '\r' || c === '\n') {
              i = c === '\r' ? j + 1 : j;
              spaced = false;
              continue argumentLoop;
            }
          }
          if (argStart !== -1) {
            args.push(arg(content.substring(argStart, mark), argStart, mark));
            argStart = -1;
          }
          break argumentLoop;
        } else if (argStart === -1) {
          argStart = i;
        }
        break;
      default:
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        escaped = false;
        if (argStart === -1) argStart = i;
        if (char === '$' && content.charAt(i + 1) === '{') {
          let singleQuotes = false;
          let doubleQuotes = false;
          let escapedVar = false;
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charAt(j)) {
              case escapeChar:
                escapedVar = true;
                break;
              case '\r':
              case '\n':
                break;
              case "'":
                singleQuotes = !singleQuotes;
                escapedVar = false;
                break;
              case '"':
                doubleQuotes = !doubleQuotes;
                escapedVar = false;
                break;
              case ' ':
              case '\t':
                if (escapedVar || singleQuotes || doubleQuotes) break;
                i = j - 1;
                continue argumentLoop;
              case '}':
                i = j;
                continue argumentLoop;
              default:
                escapedVar = false;
                break;
            }
          }
          break argumentLoop;
        }
        // the characters that follow, up to a quote, blank, line break, escape, `#` or `$`, would each come here and
        // change nothing (an argument is open, not spaced, not escaped): run past them
        while (i + 1 < content.length) {
          const c = content.charCodeAt(i + 1);
          if (
            c === esc ||
            c === 39 ||
            c === 34 ||
            c === SPACE ||
            c === TAB ||
            c === CR ||
            c === LF ||
            c === HASH ||
            c === 36
          )
            break;
          i++;
        }
        break;
    }
  }
  if (argStart !== -1 && argStart !== content.length) {
    const to = endingEscape ? content.length - 1 : content.length;
    args.push(arg(content.substring(argStart, to), argStart, to));
  }
  return args;
}

/** new Property(document, escapeChar, arg, arg2). */
function property(text: string, escapeChar: string, arg: ScannedArgument, arg2?: ScannedArgument): ScannedProperty {
  const [nameStart, nameEnd] = propertyNameRange(text, arg);
  const name = propertyValue(text.substring(nameStart, nameEnd), escapeChar);
  if (arg2) {
    return {
      name,
      value: propertyValue(text.substring(arg2.start, arg2.end), escapeChar),
      start: nameStart,
      end: arg2.end,
      nameStart,
      nameEnd,
      valueStart: arg2.start,
      valueEnd: arg2.end,
    };
  }
  if (nameStart === arg.start && nameEnd === arg.end) {
    return { name, value: null, start: arg.start, end: arg.end, nameStart, nameEnd, valueStart: null, valueEnd: null };
  }
  const valueStart = snap(text, arg.start + arg.value.indexOf('=') + 1);
  const valueEnd = arg.end;
  return {
    name,
    value: propertyValue(text.substring(valueStart, valueEnd), escapeChar),
    start: arg.start,
    end: arg.end,
    nameStart,
    nameEnd,
    valueStart,
    valueEnd,
  };
}

/** Property.getNameRange. */
function propertyNameRange(text: string, arg: ScannedArgument): [number, number] {
  const value = arg.value;
  const index = value.indexOf('=');
  if (index !== -1) {
    const initial = value.charAt(0);
    const before = value.charAt(index - 1);
    if (
      (initial === '"' && before === '"') ||
      (initial === "'" && before === "'") ||
      (initial !== '"' && initial !== "'")
    ) {
      return [arg.start, snap(text, arg.start + index)];
    }
  }
  return [arg.start, arg.end];
}

/** Property.getValue: quotes and escapes of a name or value, resolved. */
function propertyValue(value: string, escapeChar: string): string {
  let escaped = false;
  const skip = findLeadingNonWhitespace(value, escapeChar);
  if (skip !== 0 && value.charAt(skip) === '#') escaped = true;
  value = value.substring(skip);
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  const literal = first === "'" || first === '"';
  const inSingle = first === "'" && last === "'";
  let inDouble = false;
  if (first === '"') {
    for (let i = 1; i < value.length; i++) {
      if (value.charAt(i) === escapeChar) i++;
      else if (value.charAt(i) === '"' && i === value.length - 1) inDouble = true;
    }
  }
  if (inSingle || inDouble) value = value.substring(1, value.length - 1);
  // nothing below changes a value without escapes or line breaks (unless it starts in a comment): it is kept as is
  if (!escaped && value.indexOf(escapeChar) === -1 && value.indexOf('\n') === -1 && value.indexOf('\r') === -1)
    return value;
  let commentCheck = -1;
  let escapedValue = '';
  parseValue: for (let i = 0; i < value.length; i++) {
    let char = value.charAt(i);
    switch (char) {
      case escapeChar:
        if (i + 1 === value.length) {
          escapedValue = escapedValue + escapeChar;
          break parseValue;
        }
        char = value.charAt(i + 1);
        if (char === ' ' || char === '\t') {
          whitespaceCheck: for (let j = i + 2; j < value.length; j++) {
            const char2 = value.charAt(j);
            switch (char2) {
              case ' ':
              case '\t':
                break;
              case '\r':
              case '\n':
                if (char2 === '\r') j++;
                escaped = true;
                i = j;
                continue parseValue;
              default:
                if (!inDouble && !inSingle && !literal) {
                  if (char2 === escapeChar) {
                    escapedValue = escapedValue + char;
                    i = i + 1;
                  } else {
                    escapedValue = escapedValue + char + char2;
                    i = j;
                  }
                  continue parseValue;
                }
                break whitespaceCheck;
            }
          }
        }
        if (inDouble) {
          if (char === '\r') {
            escaped = true;
            i = i + 2;
          } else if (char === '\n') {
            escaped = true;
            i++;
          } else if (char !== '"') {
            if (char === escapeChar) i++;
            escapedValue = escapedValue + escapeChar;
          }
          continue parseValue;
        } else if (inSingle || literal) {
          if (char === '\r') {
            escaped = true;
            i = i + 2;
          } else if (char === '\n') {
            escaped = true;
            i++;
          } else {
            escapedValue = escapedValue + escapeChar;
          }
          continue parseValue;
        } else if (char === escapeChar) {
          escapedValue = escapedValue + escapeChar;
          i++;
        } else if (char === '\r') {
          escaped = true;
          i = i + 2;
        } else if (char === '\n') {
          escaped = true;
          i++;
        } else {
          escapedValue = escapedValue + char;
          i++;
        }
        break;
      case ' ':
      case '\t':
        if (escaped && commentCheck === -1) commentCheck = i;
        escapedValue = escapedValue + char;
        break;
      case '\r':
      case '\n':
        if (char === '\r') i++;
        if (escaped && commentCheck !== -1) {
          escapedValue = escapedValue.substring(0, escapedValue.length - (i - commentCheck - 1));
          commentCheck = -1;
        }
        break;
      case '#':
        if (escaped) {
          if (commentCheck !== -1) {
            escapedValue = escapedValue.substring(0, escapedValue.length - (i - commentCheck));
            commentCheck = -1;
          }
          for (let j = i + 1; j < value.length; j++) {
            const c = value.charAt(j);
            if (c === '\r' || c === '\n') {
              i = c === '\r' ? j + 1 : j;
              break;
            }
          }
          continue parseValue;
        }
        escapedValue = escapedValue + char;
        break;
      default:
        if (escaped) {
          escaped = false;
          commentCheck = -1;
        }
        escapedValue = escapedValue + char;
        break;
    }
  }
  return escapedValue;
}

import type { Word } from '../model/shell';
import { SHELLS, shellInvocation, sliceWord } from './executed';
import { parseOptions } from './options';

/** Interpreters that run a program from a file, a code argument or stdin (shells are SHELLS). */
const INTERPRETER = /^(python(\d+(\.\d+)*)?|pypy3?|perl|ruby|node|nodejs|php(\d+(\.\d+)*)?)$/;

/** How an interpreter gets its program: from stdin, from a code argument, from a script operand, or neither. */
export interface Invocation {
  mode: 'stdin' | 'code' | 'file' | 'other';
  code?: Word;
  script?: Word;
}

/** A command that runs a program it is given: a shell, an interpreter, `.` or `source`. */
export function isInterpreter(name: string): boolean {
  return SHELLS.has(name) || INTERPRETER.test(name) || name === '.' || name === 'source';
}

/** Where the interpreter `name` takes its program from, given its arguments. */
export function invocation(name: string, args: Word[]): Invocation {
  if (SHELLS.has(name)) return shellInvocation(args);
  if (name === '.' || name === 'source') return args.length ? { mode: 'file', script: args[0] } : { mode: 'other' };
  if (/^python|^pypy/.test(name)) {
    const p = parseOptions(args, { shortValue: 'cmWXQ', longValue: ['check-hash-based-pycs'], stopAtOperand: true });
    const code = p.options.find((o) => o.name === 'c');
    if (code) return { mode: 'code', code: codeWord(code) };
    if (p.options.some((o) => o.name === 'm')) return { mode: 'other' };
    return fromOperand(p.operands[0]);
  }
  if (name === 'node' || name === 'nodejs') {
    const p = parseOptions(args, {
      shortValue: 'eprC',
      longValue: [
        'eval',
        'print',
        'require',
        'import',
        'loader',
        'experimental-loader',
        'input-type',
        'conditions',
        'title',
        'env-file',
      ],
      stopAtOperand: true,
    });
    const code = p.options.find((o) => ['e', 'p', 'eval', 'print'].includes(o.name));
    if (code) return { mode: 'code', code: codeWord(code) };
    return fromOperand(p.operands[0]);
  }
  if (/^php/.test(name)) {
    const p = parseOptions(args, { shortValue: 'rfdczBRFEtS', stopAtOperand: true });
    const code = p.options.find((o) => o.name === 'r');
    if (code) return { mode: 'code', code: codeWord(code) };
    const file = p.options.find((o) => o.name === 'f');
    if (file) return { mode: 'file', script: file.valueWord ?? file.word };
    // per-line code (-R/-F/-B/-E) and the built-in server (-S) read stdin as data
    if (p.options.some((o) => 'RFBES'.includes(o.name) && !o.long)) return { mode: 'other' };
    // `php -- --install-dir=…`: what follows `--` is arguments for the script read from stdin
    if (p.beforeDashDash === 0) return { mode: 'stdin' };
    return fromOperand(p.operands[0]);
  }
  // perl, ruby: -e CODE; values glued to their letter (`-MModule`, `-Idir`, `-0777`) end the group
  const codeLetters = name === 'perl' ? 'eE' : 'e';
  const glued = name === 'perl' ? 'MmIxiCdDl0' : 'rICEFKTWx0';
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    if (v === '--') return fromOperand(args[k + 1]);
    if (v === '-' || !v.startsWith('-')) return fromOperand(args[k]);
    for (let j = 1; j < v.length; j++) {
      if (codeLetters.includes(v[j])) {
        return { mode: 'code', code: j + 1 < v.length ? sliceWord(args[k], j + 1) : args[k + 1] };
      }
      if (glued.includes(v[j])) {
        if (j + 1 === v.length && name === 'ruby' && 'rICE'.includes(v[j])) k++;
        break;
      }
    }
  }
  return { mode: 'stdin' };
}

function codeWord(o: {
  word: Word;
  valueWord?: Word;
  letter?: number;
  long: boolean;
  value: string | null;
}): Word | undefined {
  if (o.valueWord) return o.valueWord;
  if (o.value == null) return undefined;
  return sliceWord(o.word, o.word.value.length - o.value.length);
}

function fromOperand(w: Word | undefined): Invocation {
  if (!w || w.value === '-') return { mode: 'stdin' };
  return { mode: 'file', script: w };
}

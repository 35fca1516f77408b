import type { DockerfileRule } from '../context';
import type { ShellScript, Word } from '../model/shell';
import {
  SHELLS,
  applet,
  executedCommands,
  pipelineOf,
  shellInvocation,
  sliceWord,
  substitutionOutput,
} from '../analysis/executed';
import { ShellFinding, toReports } from '../analysis/shellFindings';
import { Download, displayUrl, downloadOf } from '../analysis/downloads';
import { parseOptions } from '../analysis/options';

const INTERPRETER = /^(python(\d+(\.\d+)*)?|pypy3?|perl|ruby|node|nodejs|php(\d+(\.\d+)*)?)$/;
const STDIN_PATH = /^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/;

const REMEDY = 'Download it to a file, verify its checksum (`sha256sum -c`) or signature (`gpg --verify`), then run it';

/** How an interpreter gets its program: from stdin, from a code argument, from a script operand, or neither. */
interface Invocation {
  mode: 'stdin' | 'code' | 'file' | 'other';
  code?: Word;
  script?: Word;
}

export const remoteScriptPipedToShell: DockerfileRule = {
  id: 'remote-script-piped-to-shell',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Remote script piped into a shell',
  rationale:
    'Piping a download straight into a shell or interpreter runs whatever the server (or anyone who can tamper with the connection or the hosting) sends, at build time and usually as root, with nothing checked and nothing recorded.',
  remedy:
    'Download the script to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh <url> && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`.',
  guidance: ['Build: verify downloads and packages'],
  anchors: [],
  shell: true,
  fixes: [],
  check({ model }) {
    const findings: ShellFinding[] = [];
    const report = (start: number, end: number, message: string) => findings.push({ start, end, message });
    for (const c of executedCommands(model)) {
      const run = applet(c);
      const { name } = run;
      const script = c.script;
      // `$(curl …)` in command position (`sh -c "$(curl …)"`, `eval "$(curl …)"` once their string is read)
      if (isWholeSubstitution(c.cmd.words[0])) {
        const d = downloadIn(c.cmd.words[0], script);
        if (d) {
          report(
            c.cmd.words[0].start,
            c.cmd.words[0].end,
            `The output of ${describe(d)} is run as shell code: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
      }
      const interpreter = SHELLS.has(name) || INTERPRETER.test(name) || name === '.' || name === 'source';
      if (!interpreter) continue;
      const inv = invocation(name, run.args);
      const label = `\`${name}\``;
      const start = c.cmd.words[0].start;
      const end = run.nameWord.end;
      if (inv.mode === 'stdin' || (inv.mode === 'file' && inv.script && STDIN_PATH.test(inv.script.value))) {
        // curl … | sh
        const pipe = pipelineOf(script, c.cmd);
        const upstream = pipe.slice(0, pipe.indexOf(c.cmd));
        const d = upstream.map((p) => downloadOf(p)).find((x): x is Download => !!x && x.toStdout);
        if (d) {
          report(
            start,
            end,
            `${describe(d)} is piped into ${label}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
        // sh < <(curl …), bash <<< "$(curl …)"
        const fed = c.cmd.redirects.find(
          (r) =>
            (r.op === '<' || r.op === '<<<') &&
            r.target &&
            isWholeSubstitution(r.target) &&
            downloadIn(r.target, script),
        );
        if (fed?.target) {
          report(
            start,
            end,
            `${label} reads its script from ${describe(downloadIn(fed.target, script) as Download)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
          continue;
        }
      }
      if (inv.mode === 'file' && inv.script && /^<\(/.test(inv.script.value)) {
        // bash <(curl …), source <(curl …)
        const d = downloadIn(inv.script, script);
        if (d)
          report(
            start,
            end,
            `${label} runs a script straight from ${describe(d)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
        continue;
      }
      if (inv.mode === 'code' && inv.code && !SHELLS.has(name) && isWholeSubstitution(inv.code)) {
        // python3 -c "$(curl …)" (shell strings are read as scripts and caught above)
        const d = downloadIn(inv.code, script);
        if (d)
          report(
            start,
            end,
            `${label} runs code straight from ${describe(d)}: whatever the server sends runs in the build. ${REMEDY}.`,
          );
      }
    }
    return toReports(model, findings);
  },
};

function describe(d: Download): string {
  const url = d.urls[0]?.value;
  return url ? `\`${d.tool} ${displayUrl(url)}\`` : `\`${d.tool}\``;
}

/** The word is one substitution: `$(…)`, `` `…` ``, `<(…)`. */
function isWholeSubstitution(w: Word | undefined): w is Word {
  if (!w || !w.nested.length) return false;
  const v = w.value.trim();
  return (/^(\$|<)\(/.test(v) && v.endsWith(')')) || (v.startsWith('`') && v.endsWith('`'));
}

/** A download whose content is what the substitution yields (`$(curl -fsSL url)`, `<(wget -qO- url | gunzip)`). */
function downloadIn(word: Word, script: ShellScript): Download | null {
  for (const p of substitutionOutput(word, script)) {
    const d = downloadOf(p);
    if (d?.toStdout) return d;
  }
  return null;
}

function invocation(name: string, args: Word[]): Invocation {
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

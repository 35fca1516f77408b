import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { visitInstructions } from '../visitor';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { replaceRange } from '../analysis/edits';
import { docOffset } from '../model/logical';

/** Words a shell gives meaning to: a command starting with one of them cannot run without a shell. */
const SHELL_ONLY = new Set([
  'cd',
  'export',
  'source',
  '.',
  'set',
  'unset',
  'eval',
  'ulimit',
  'umask',
  'trap',
  'exit',
  'alias',
  'readonly',
  'shift',
  'wait',
  'local',
  'declare',
  'typeset',
  'if',
  'for',
  'while',
  'until',
  'case',
  'function',
  'select',
  'then',
  'do',
]);

export const shellFormEntrypoint: DockerfileRule = {
  id: 'shell-form-entrypoint',
  kind: 'dockerfile',
  severity: 'info',
  title: 'CMD/ENTRYPOINT in shell form',
  rationale:
    'Shell form runs the command as a child of `/bin/sh -c`, which does not pass on SIGTERM: `docker stop` waits out its timeout and then kills the process, so it never shuts down cleanly (open requests, unflushed data). A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments.',
  remedy:
    'Write CMD and ENTRYPOINT as JSON arrays (`CMD ["node", "server.js"]`); move shell logic into a script that ends with `exec "$@"`.',
  guidance: ['Immutability: clean shutdown'],
  anchors: [
    { tool: 'hadolint', id: 'DL3025' },
    { tool: 'buildkit', id: 'JSONArgsRecommended' },
    { tool: 'kics', id: 'Not Using JSON In CMD And ENTRYPOINT Arguments' },
  ],
  fixes: ['Convert to exec form'],
  fixSafety: 'safe',
  check: (ctx) =>
    visitInstructions<{ last: Map<string, DockerInstruction> }>(ctx, {
      keywords: ['ENTRYPOINT', 'CMD'],
      // Windows stages run shell form under `cmd /S /C`, the norm there (see the doc).
      windows: false,
      stageState: () => ({ last: new Map() }),
      // Only the last one of a stage takes effect; earlier ones are dead code.
      visit(inst, _ctx, state) {
        state.last.set(inst.keyword, inst);
      },
      endStage(stage, { model }, { last }) {
        const out: Report[] = [];
        for (const keyword of ['ENTRYPOINT', 'CMD']) {
          const inst = last.get(keyword);
          if (!inst || inst.execForm || !stage) continue;
          const text = inst.body.text.trim();
          // Empty, or a template placeholder (`{{ env.cmd }}`) that a generator replaces before any build.
          if (!text || text.includes('{{')) continue;
          const start = docOffset(inst.body, inst.body.text.length - inst.body.text.trimStart().length);
          const end = docOffset(inst.body, inst.body.text.trimEnd().length - 1) + 1;
          const range = model.range(start, end);
          if (text.startsWith('[')) {
            out.push({
              range,
              message: `${keyword} ${text} is not valid JSON (exec form needs double quotes and commas), so Docker runs it through /bin/sh -c as a shell command. Write it as a JSON array: ${keyword} ["executable", "arg"].`,
            });
            continue;
          }
          const words = execWords(text);
          // a comment line inside a continued command would be lost by the rewrite
          const commentInside = /\n[ \t]*#/.test(model.text.slice(start, end));
          const convertible = words !== null && !commentInside && (keyword === 'CMD' || !cmdFollows(model, stage));
          const exec = words ? `${keyword} [${words.map((w) => JSON.stringify(w)).join(', ')}]` : null;
          out.push({
            range,
            message: exec
              ? `${keyword} in shell form runs under /bin/sh -c, which does not forward SIGTERM, so the process cannot shut down cleanly. Use exec form: ${exec}.`
              : `${keyword} in shell form runs under /bin/sh -c, which does not forward SIGTERM, so the process cannot shut down cleanly. Use exec form (${keyword} ["executable", "arg"]); move the shell logic into a script that ends with exec.`,
            fixes: convertible && words ? [toExecForm(model, inst, start, end, words)] : [],
          });
        }
        return out;
      },
    }),
};

/**
 * The argv a shell-form command stands for, when running it without a shell changes nothing: plain words and simple
 * quoting only, no variables, substitutions, operators, redirects, globs, escapes or shell builtins. A leading `exec`
 * is dropped (exec form already replaces the shell). Null when a shell is needed.
 */
export function execWords(text: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return null;
      current += text.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return null;
      const inner = text.slice(i + 1, close);
      if (/[$`\\!]/.test(inner)) return null;
      current += inner;
      i = close;
      continue;
    }
    if (/[$`\\|&;<>(){}*?[\]~#!\n\r]/.test(c)) return null;
    current += c;
  }
  if (inWord) words.push(current);
  if (words[0] === 'exec') words.shift();
  if (!words.length || words[0].startsWith('-') || words[0].includes('=') || SHELL_ONLY.has(words[0])) return null;
  return words;
}

/**
 * Converting a shell-form ENTRYPOINT changes behaviour when a CMD applies to it: shell form ignores CMD, exec form
 * appends it as arguments. True when this stage or a stage built FROM it sets CMD.
 */
function cmdFollows(model: DockerfileModel, stage: Stage): boolean {
  return model.stages.some((s) => {
    for (let p: Stage | null = s; p; p = p.parent) {
      if (p === stage) return s.instructions.some((i) => i.keyword === 'CMD');
    }
    return false;
  });
}

function toExecForm(model: DockerfileModel, inst: DockerInstruction, start: number, end: number, words: string[]): Fix {
  const json = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
  return {
    title: `Convert to exec form: ${inst.keyword} ${json}`,
    edits: [replaceRange(model, start, end, json)],
    isPreferred: true,
  };
}

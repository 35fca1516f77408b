import type { Node } from 'jsonc-parser';
import { tokenizeShell, type ShellCommand, type ShellScript, type Word } from '../dockerfile/model/shell';
import type { LogicalText } from '../dockerfile/model/logical';
import { applet, jsonStringAt, pipelineOf, shellCodeWords, wordText } from '../dockerfile/analysis/executed';
import { downloadOf, displayUrl, type Download } from '../dockerfile/analysis/downloads';
import { invocation, isInterpreter } from '../dockerfile/analysis/interpreters';
import { unwrap } from '../dockerfile/analysis/commands';
import { credentials, RANDOM_VALUE, TEMPLATE } from '../dockerfile/analysis/credentials';
import type { DevcontainerModel } from './model';

/**
 * What a lifecycle command (initializeCommand on the host; onCreateCommand, updateContentCommand, postCreateCommand,
 * postStartCommand, postAttachCommand in the container) runs, read with the Dockerfile's shell analysis (the
 * tokenizer, downloads, interpreters, credentials). Each is a string, an array or an object of commands
 * (devcontainers/spec schemas/devContainer.base.schema.json, "type": ["string", "array", "object"]): a string runs in a
 * shell (`/bin/sh -c` on Linux and macOS: devcontainers/cli src/spec-common/injectHeadless.ts runLifecycleCommand), an
 * array runs without one, an object runs each of its values (a string or an array) in parallel
 * (devcontainers/spec proposals/parallel-lifecycle-script-execution.md).
 */
export interface CommandFinding {
  start: number;
  end: number;
  kind: 'runs-download' | 'tls-off' | 'credential' | 'x-open';
  message: string;
}

/** The lifecycle commands that run in the container, in the order they run. */
export const CONTAINER_COMMANDS = [
  'onCreateCommand',
  'updateContentCommand',
  'postCreateCommand',
  'postStartCommand',
  'postAttachCommand',
] as const;

/** Where a command runs, as its messages say it: `initializeCommand` on the host, the others in the container. */
export interface CommandPlace {
  key: string;
  host: boolean;
}

function where(p: CommandPlace): string {
  return p.host
    ? 'on your machine (initializeCommand runs on the host, before the container exists)'
    : `in the dev container (${p.key} runs in the container, as its remote user, with the workspace mounted)`;
}

/** `sh -c "…"` strings are read again, this many levels deep. */
const MAX_DEPTH = 4;

function describe(d: Download): string {
  return `\`${d.tool}\` of ${d.urls[0] ? displayUrl(d.urls[0].value) : 'a URL'}`;
}

function tlsOff(d: Download): Word | undefined {
  const o = d.parsed.options.find((o) =>
    d.tool === 'curl' ? o.name === 'k' || o.name === 'insecure' : o.name === 'no-check-certificate',
  );
  return o?.word;
}

function nestedDownload(word: Word): Download | null {
  for (const c of word.nested) {
    const d = downloadOf(c);
    if (d) return d;
  }
  return null;
}

function scriptFindings(lt: LogicalText, place: CommandPlace, depth: number, out: CommandFinding[]): void {
  scriptFindingsOf(tokenizeShell(lt), place, depth, out);
}

function scriptFindingsOf(script: ShellScript, place: CommandPlace, depth: number, out: CommandFinding[]): void {
  for (const c of script.commands) {
    const d = downloadOf(c);
    const off = d && tlsOff(d);
    if (d && off)
      out.push({
        start: off.start,
        end: off.end,
        kind: 'tls-off',
        message: `\`${off.value}\` turns off TLS certificate checks for the ${describe(d)}: anyone on the network path can answer in its place, and this runs ${where(place)}. Remove it; fix the certificate store if the server's certificate is not trusted.`,
      });
    const u = unwrap(c);
    if (!u) continue;
    // `xhost +` turns the X server's access control off; `xhost +local:` admits every local connection, each container
    // that can reach the X socket included (xhost(1): the `local` family stands for all local, non-network
    // connections). `+si:localuser:<name>` admits one user and is not reported.
    if (place.host && u.name === 'xhost')
      for (const a of u.args) {
        const all = a.value === '+';
        if (!all && !/^\+local:/i.test(a.value)) continue;
        out.push({
          start: a.start,
          end: a.end,
          kind: 'x-open',
          message: `\`xhost ${a.value}\` opens your X server (your screen, keyboard and clipboard) ${all ? 'to every client that can reach it, from any host: access control is off' : 'to every local connection: other users and every container that can reach the X socket'}, and this runs ${where(place)}. A process there can read your keystrokes and screen and type into your windows. Admit only your own user instead (\`xhost +si:localuser:$(id -un)\`: a container user with your uid still gets in), or give the container an Xauthority cookie.`,
        });
      }
    // a credential written into devcontainer.json: a variable (`$TOKEN`, `${localEnv:TOKEN}`) is read when the
    // command runs and is not in the repository
    for (const cred of credentials({ script, cmd: c, ...u })) {
      if (cred.word.dynamic || !cred.value || TEMPLATE.test(cred.value) || RANDOM_VALUE.test(cred.value)) continue;
      out.push({
        start: cred.word.start,
        end: cred.word.end,
        kind: 'credential',
        message: `\`${u.name}\` is given a credential written in devcontainer.json: everyone who can read the repository has it, and it runs ${where(place)}, where the process list shows it. Pass it in a variable set outside the repository (\`\${localEnv:NAME}\` in \`remoteEnv\`, a Codespaces secret) and reference the variable.`,
      });
    }
    const run = applet(u);
    const first = c.words[0];
    // `$(curl …)` in command position
    const inline = first && first.nested.length ? nestedDownload(first) : null;
    if (inline) {
      out.push({
        start: first.start,
        end: first.end,
        kind: 'runs-download',
        message: `The output of ${describe(inline)} is run as a command ${where(place)}.`,
      });
      continue;
    }
    if (!isInterpreter(run.name) && run.name !== 'eval') continue;
    const code = shellCodeWords(run.name, run.args);
    for (const w of code ?? []) {
      const inner = nestedDownload(w);
      if (inner) {
        out.push({
          start: first.start,
          end: w.end,
          kind: 'runs-download',
          message: `\`${run.name}\` runs the output of ${describe(inner)} ${where(place)}.`,
        });
      } else if (depth < MAX_DEPTH) scriptFindings(wordText(w), place, depth + 1, out);
    }
    if (run.name === 'eval' || !isInterpreter(run.name)) continue;
    if (invocation(run.name, run.args).mode !== 'stdin') continue;
    const pipe = pipelineOf(script, c);
    const upstream = pipe.slice(0, pipe.indexOf(c));
    const fetched = upstream.map((p) => downloadOf(p)).find((x): x is Download => !!x?.toStdout);
    if (!fetched || !upstream[0]?.words[0]) continue;
    out.push({
      start: upstream[0].words[0].start,
      end: (c.words[c.words.length - 1] ?? run.nameWord).end,
      kind: 'runs-download',
      message: `${describe(fetched)} is piped into \`${run.name}\`, which runs it ${where(place)}.`,
    });
  }
}

/** A JSON string node's text as decoded, with the document offset of each character (exec-form JSON's reader). */
function stringText(model: DevcontainerModel, node: Node): LogicalText {
  const raw = model.text.slice(node.offset, node.offset + node.length);
  const whole: LogicalText = {
    text: raw,
    offsets: Array.from({ length: raw.length }, (_, i) => node.offset + i),
    end: node.offset + node.length,
  };
  const s = jsonStringAt(whole, 0);
  return s
    ? { text: s.value.text, offsets: s.value.offsets, end: s.value.end - 1 }
    : { text: '', offsets: [], end: node.offset };
}

/**
 * What a lifecycle command runs: the strings that run in a shell (a string; an array whose program is a shell with
 * `-c`), and an array that runs its program without a shell, as one command of its items (exec form: no expansion, a
 * `$` stays as written, so an item holding one is no credential written in the file).
 */
function scripts(model: DevcontainerModel, node: Node): ShellScript[] {
  if (node.type === 'array') {
    const items = node.children ?? [];
    if (!items.length || !items.every((n) => n.type === 'string')) return [];
    const words = arrayWords(model, items, true);
    const name = words[0].value.replace(/^.*\//, '');
    if (shellCodeWords(name, words.slice(1))) return shellStrings(model, node).map(tokenizeShell);
    const cmd: ShellCommand = { assignments: [], words, redirects: [], before: null, after: null, depth: 0 };
    const source: LogicalText = { text: '', offsets: [], end: node.offset };
    return [{ commands: [cmd], topLevel: [cmd], source, tooDeep: false, unclosed: false }];
  }
  if (node.type === 'object')
    return (node.children ?? []).flatMap((p) => (p.children?.[1] ? scripts(model, p.children[1]) : []));
  return shellStrings(model, node).map(tokenizeShell);
}

/**
 * The items of an array form as shell words (quoted: each is one argument as written); `markDynamic`: an item with a
 * `$` is marked dynamic (run-time text, no credential written in the file).
 */
function arrayWords(model: DevcontainerModel, items: Node[], markDynamic: boolean): Word[] {
  return items.map((n) => {
    const s = stringText(model, n);
    return {
      value: s.text,
      offsets: s.offsets,
      start: n.offset,
      end: n.offset + n.length,
      quoted: true,
      dynamic: markDynamic && s.text.includes('$'),
      nested: [],
    };
  });
}

/** The strings of a lifecycle command that run in a shell (a string; an array whose program is a shell with `-c`). */
function shellStrings(model: DevcontainerModel, node: Node): LogicalText[] {
  if (node.type === 'string') return [stringText(model, node)];
  if (node.type === 'array') {
    const items = node.children ?? [];
    if (!items.every((n) => n.type === 'string')) return [];
    const words = arrayWords(model, items, false);
    if (!words.length) return [];
    const name = words[0].value.replace(/^.*\//, '');
    const code = shellCodeWords(name, words.slice(1));
    return (code ?? []).map(wordText);
  }
  return [];
}

export function commandFindings(model: DevcontainerModel, node: Node, place: CommandPlace): CommandFinding[] {
  const out: CommandFinding[] = [];
  for (const script of scripts(model, node)) scriptFindingsOf(script, place, 0, out);
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.start}:${f.end}:${f.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

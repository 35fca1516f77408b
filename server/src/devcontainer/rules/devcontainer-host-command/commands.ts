import type { Node } from 'jsonc-parser';
import { tokenizeShell, type ShellScript, type Word } from '../../../dockerfile/model/shell';
import type { LogicalText } from '../../../dockerfile/model/logical';
import { applet, jsonStringAt, pipelineOf, shellCodeWords, wordText } from '../../../dockerfile/analysis/executed';
import { downloadOf, displayUrl, type Download } from '../../../dockerfile/analysis/downloads';
import { invocation, isInterpreter } from '../../../dockerfile/analysis/interpreters';
import { unwrap } from '../../../dockerfile/analysis/commands';
import type { DevcontainerModel } from '../../model';

/**
 * What initializeCommand runs, read with the Dockerfile's shell analysis (the tokenizer, downloads, interpreters): a
 * string runs in a shell (`/bin/sh -c` on Linux and macOS: devcontainers/cli src/spec-common/injectHeadless.ts
 * runLifecycleCommand), an array runs without one, an object runs each of its values in parallel.
 */
export interface HostCommandFinding {
  start: number;
  end: number;
  kind: 'runs-download' | 'tls-off';
  message: string;
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

function scriptFindings(lt: LogicalText, depth: number, out: HostCommandFinding[]): void {
  const script: ShellScript = tokenizeShell(lt);
  for (const c of script.commands) {
    const d = downloadOf(c);
    const off = d && tlsOff(d);
    if (d && off)
      out.push({
        start: off.start,
        end: off.end,
        kind: 'tls-off',
        message: `\`${off.value}\` turns off TLS certificate checks for the ${describe(d)}: anyone on the network path can answer in its place, and this runs on your machine (initializeCommand runs on the host). Remove it; fix the certificate store if the server's certificate is not trusted.`,
      });
    const u = unwrap(c);
    if (!u) continue;
    const run = applet(u);
    const first = c.words[0];
    // `$(curl …)` in command position
    const inline = first && first.nested.length ? nestedDownload(first) : null;
    if (inline) {
      out.push({
        start: first.start,
        end: first.end,
        kind: 'runs-download',
        message: `The output of ${describe(inline)} is run as a command on your machine (initializeCommand runs on the host, before the container exists).`,
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
          message: `\`${run.name}\` runs the output of ${describe(inner)} on your machine (initializeCommand runs on the host, before the container exists).`,
        });
      } else if (depth < MAX_DEPTH) scriptFindings(wordText(w), depth + 1, out);
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
      message: `${describe(fetched)} is piped into \`${run.name}\`, which runs it on your machine (initializeCommand runs on the host, before the container exists).`,
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

/** The strings of initializeCommand that run in a shell (a string; an array whose program is a shell with `-c`). */
function shellStrings(model: DevcontainerModel, node: Node): LogicalText[] {
  if (node.type === 'string') return [stringText(model, node)];
  if (node.type === 'array') {
    const items = node.children ?? [];
    if (!items.every((n) => n.type === 'string')) return [];
    const words: Word[] = items.map((n) => {
      const s = stringText(model, n);
      return {
        value: s.text,
        offsets: s.offsets,
        start: n.offset,
        end: n.offset + n.length,
        quoted: true,
        dynamic: false,
        nested: [],
      };
    });
    if (!words.length) return [];
    const name = words[0].value.replace(/^.*\//, '');
    const code = shellCodeWords(name, words.slice(1));
    return (code ?? []).map(wordText);
  }
  if (node.type === 'object')
    return (node.children ?? []).flatMap((p) => (p.children?.[1] ? shellStrings(model, p.children[1]) : []));
  return [];
}

export function hostCommandFindings(model: DevcontainerModel, node: Node): HostCommandFinding[] {
  const out: HostCommandFinding[] = [];
  for (const lt of shellStrings(model, node)) scriptFindings(lt, 0, out);
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.start}:${f.end}:${f.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

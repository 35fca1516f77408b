import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction } from '../model/model';
import { deleteInstruction, replaceRange } from '../analysis/edits';
import { docOffset } from '../model/logical';
import { visitInstructions } from '../visitor';

const SSH = 22;

interface PortWord {
  text: string;
  start: number;
  end: number;
}

export const sshPortExposed: DockerfileRule = {
  id: 'ssh-port-exposed',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'SSH port exposed',
  rationale:
    "Exposing port 22 means an SSH daemon runs in the container: one more network service with credentials to steal and patch, and a way in that bypasses the runtime's access control and audit.",
  remedy: 'Remove port 22 and the SSH server; use `docker exec` / `kubectl exec` for interactive access.',
  guidance: ['Isolation: minimise open ports'],
  anchors: [
    { tool: 'trivy', id: 'DS-0004' },
    { tool: 'checkov', id: 'CKV_DOCKER_1' },
    { tool: 'kics', id: 'Exposing Port 22 (SSH)' },
  ],
  fixes: ['Remove port 22 from EXPOSE'],
  fixSafety: 'safe',
  check: (ctx) =>
    visitInstructions(ctx, {
      keywords: ['EXPOSE'],
      visit(inst, { model }) {
        const out: Report[] = [];
        const words = portWords(inst);
        words.forEach((w, i) => {
          // EXPOSE is the one instruction whose words BuildKit splits after expansion (convert_expose.go 15-25):
          // `ARG PORTS="22 80"` … `EXPOSE $PORTS` publishes both
          const evaluated = model.words(inst, w.text).words;
          if (!evaluated) return;
          const ports = evaluated.map((parts) =>
            parts.every((p) => 'text' in p) ? parts.map((p) => p.text).join('') : null,
          );
          const hit = ports
            .map((p) => (p === null ? null : parsePort(p)))
            .find(
              (spec) => spec && spec.proto !== 'udp' && spec.proto !== 'sctp' && spec.from <= SSH && spec.to >= SSH,
            );
          if (!hit) return;
          const spec = hit;
          const single = spec.from === spec.to;
          // removing the written word would also remove the other ports a variable gives
          const one = ports.length === 1;
          const fix = !one
            ? null
            : single
              ? removeWord(model, inst, words, i)
              : w.text.includes('$')
                ? null
                : splitRange(model, w, spec);
          out.push({
            range: model.range(w.start, w.end),
            message: single
              ? `EXPOSE ${w.text} publishes SSH (port 22). Remove it and the SSH server; use \`docker exec\` or \`kubectl exec\` for shell access.`
              : `EXPOSE ${w.text} includes SSH (port 22). Leave 22 out of the range; use \`docker exec\` or \`kubectl exec\` for shell access.`,
            fixes: fix ? [fix] : [],
          });
        });
        return out;
      },
    }),
};

function portWords(inst: DockerInstruction): PortWord[] {
  const body = inst.body;
  const out: PortWord[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body.text))) {
    out.push({ text: m[0], start: docOffset(body, m.index), end: docOffset(body, m.index + m[0].length - 1) + 1 });
  }
  return out;
}

/** `22`, `22/tcp`, `20-25/tcp`, and the container side of the legacy `[ip:]host:container` form. */
export function parsePort(value: string): { from: number; to: number; proto: string | null } | null {
  const m = /^(?:.*:)?(\d+)(?:-(\d+))?(?:\/([A-Za-z]+))?$/.exec(value.trim());
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return { from, to, proto: m[3] ? m[3].toLowerCase() : null };
}

function removeWord(model: DockerfileModel, inst: DockerInstruction, words: PortWord[], i: number): Fix {
  const title = 'Remove port 22 from EXPOSE';
  if (words.length === 1) return { title, edits: [deleteInstruction(model, inst)], isPreferred: true };
  // Delete up to the next word (or from the previous one for the last word), so separators and line
  // continuations stay balanced.
  const edit =
    i + 1 < words.length
      ? replaceRange(model, words[i].start, words[i + 1].start, '')
      : replaceRange(model, words[i - 1].end, words[i].end, '');
  return { title, edits: [edit], isPreferred: true };
}

function splitRange(
  model: DockerfileModel,
  w: PortWord,
  spec: { from: number; to: number; proto: string | null },
): Fix | null {
  if (!/^\d+-\d+(\/[A-Za-z]+)?$/.test(w.text)) return null;
  const suffix = w.text.includes('/') ? w.text.slice(w.text.indexOf('/')) : '';
  const part = (a: number, b: number) => (a === b ? `${a}` : `${a}-${b}`) + suffix;
  const parts: string[] = [];
  if (spec.from < SSH) parts.push(part(spec.from, SSH - 1));
  if (spec.to > SSH) parts.push(part(SSH + 1, spec.to));
  if (!parts.length) return null;
  return {
    title: 'Remove port 22 from the EXPOSE range',
    edits: [replaceRange(model, w.start, w.end, parts.join(' '))],
    isPreferred: true,
  };
}

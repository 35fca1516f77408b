import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel } from '../model/model';
import { replaceRange } from '../analysis/edits';
import { commandName } from '../model/shell';
import { declarations } from '../analysis/declarations';

const NAME = 'DOCKER_CONTENT_TRUST';
/** The values the docker CLI reads as "off" (Go strconv.ParseBool false); anything else non-empty turns trust on. */
const OFF = /^(0|f|false)$/i;
/** Shell builtins that take NAME=value operands. */
const ASSIGNING = new Set(['export', 'env', 'declare', 'typeset', 'readonly', 'local']);

export const contentTrustDisabled: DockerfileRule = {
  id: 'content-trust-disabled',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Docker Content Trust disabled',
  rationale:
    'With `DOCKER_CONTENT_TRUST=0` the docker CLI in the build or in the resulting image pulls and runs unsigned images without complaint, so a tampered or substituted image is not noticed.',
  remedy:
    'Remove the assignment or set `DOCKER_CONTENT_TRUST=1`; if an image is unsigned, sign it (or pin it by digest) instead of turning verification off.',
  guidance: ['Images: enable content trust'],
  anchors: [],
  fixes: ['Set DOCKER_CONTENT_TRUST=1'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const d of declarations(model)) {
      if (d.name !== NAME || d.raw === null || d.value === null) continue;
      // the value as BuildKit evaluates it (commands.go 114-135)
      const word = model.propertyValue(d.inst, d.inst.properties[d.position]);
      if (!word || word.value === null || !OFF.test(word.value.trim())) continue;
      const hadVariables = word.reads.size > 0;
      const start = d.start + model.text.slice(d.start, d.end).lastIndexOf(d.raw);
      const end = start + d.raw.length;
      const what = `${d.onbuild ? 'ONBUILD ' : ''}${d.kind} ${NAME}=${d.value}${hadVariables ? ` (= ${word.value.trim()})` : ''}`;
      out.push(finding(model, start, end, what, hadVariables ? null : setToOne(model, start, end)));
    }
    for (const inst of model.instructions) {
      // `export DOCKER_CONTENT_TRUST=0`, `DOCKER_CONTENT_TRUST=0 docker pull ...`, `env DOCKER_CONTENT_TRUST=0 ...`
      for (const script of inst.scripts) {
        for (const cmd of script.commands) {
          const words = [...cmd.assignments, ...(ASSIGNING.has(commandName(cmd)) ? cmd.words.slice(1) : [])];
          for (const w of words) {
            if (!w.value.startsWith(`${NAME}=`) || w.dynamic) continue;
            const value = w.value.slice(NAME.length + 1);
            if (!OFF.test(value)) continue;
            const written = model.text.slice(w.start, w.end);
            const plain = written === w.value;
            const valueStart = w.start + NAME.length + 1;
            out.push(
              finding(
                model,
                plain ? valueStart : w.start,
                w.end,
                w.value,
                plain ? setToOne(model, valueStart, w.end) : null,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};

function finding(model: DockerfileModel, start: number, end: number, what: string, fix: Fix | null): Report {
  return {
    range: model.range(start, end),
    message: `\`${what}\` turns off Docker Content Trust, so unsigned or tampered images are pulled without a check. Set ${NAME}=1 (or remove it) and use signed or digest-pinned images.`,
    fixes: fix ? [fix] : [],
  };
}

function setToOne(model: DockerfileModel, start: number, end: number): Fix {
  return { title: `Set ${NAME}=1`, edits: [replaceRange(model, start, end, '1')], isPreferred: true };
}

import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { TextEdit } from 'vscode-languageserver-types';
import { recall, remember } from '../../common/memo';
import { deleteInstruction, replaceRange } from './edits';

/** One `NAME[=value]` of an ARG or ENV (also `ONBUILD ARG/ENV`), with document offsets. */
export interface Declaration {
  inst: DockerInstruction;
  kind: 'ARG' | 'ENV';
  name: string;
  /** The value as written (quotes kept), null for `ARG NAME` without a default. */
  raw: string | null;
  /** The value with quotes removed (dockerfile-ast's reading, see parser.ts). */
  value: string | null;
  nameStart: number;
  nameEnd: number;
  /** The whole `NAME=value` property. */
  start: number;
  end: number;
  /** Position among the instruction's properties and their count. */
  position: number;
  count: number;
  onbuild: boolean;
}

const DECLARATIONS = Symbol('declarations');

/** Every ARG/ENV property in the file, in order. */
export function declarations(model: DockerfileModel): Declaration[] {
  const cached = recall<Declaration[]>(model, DECLARATIONS);
  if (cached) return cached;
  const out: Declaration[] = [];
  for (const inst of model.instructions) {
    const kind = inst.effectiveKeyword;
    if (kind !== 'ARG' && kind !== 'ENV') continue;
    const onbuild = inst.keyword === 'ONBUILD';
    const props = inst.properties;
    props.forEach((p, position) => {
      out.push({
        inst,
        kind,
        name: p.name,
        raw: p.valueStart !== null ? model.text.slice(p.valueStart, p.valueEnd!) : null,
        value: p.value,
        nameStart: p.nameStart,
        nameEnd: p.nameEnd,
        start: p.start,
        end: p.end,
        position,
        count: props.length,
        onbuild,
      });
    });
  }
  remember(model, DECLARATIONS, out);
  return out;
}

/** Remove one `NAME=value` (the whole instruction when it is the only one). */
export function deleteDeclaration(model: DockerfileModel, d: Declaration): TextEdit | null {
  if (d.count === 1) return deleteInstruction(model, d.inst);
  const siblings = d.inst.properties;
  if (d.position === 0) return replaceRange(model, d.start, siblings[1].start, '');
  return replaceRange(model, siblings[d.position - 1].end, d.end, '');
}

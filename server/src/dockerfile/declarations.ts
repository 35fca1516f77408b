import type { Arg, Env, Onbuild, Property } from 'dockerfile-ast';
import type { DockerfileModel, DockerInstruction } from './model';

/** One `NAME[=value]` of an ARG or ENV (also `ONBUILD ARG/ENV`), with document offsets. */
export interface Declaration {
  inst: DockerInstruction;
  kind: 'ARG' | 'ENV';
  name: string;
  /** The value as written (quotes kept), null for `ARG NAME` without a default. */
  raw: string | null;
  /** The value with quotes removed (dockerfile-ast's reading). */
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

const cache = new WeakMap<DockerfileModel, Declaration[]>();

/** Every ARG/ENV property in the file, in order. */
export function declarations(model: DockerfileModel): Declaration[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: Declaration[] = [];
  for (const inst of model.instructions) {
    const kind = inst.effectiveKeyword;
    if (kind !== 'ARG' && kind !== 'ENV') continue;
    const onbuild = inst.keyword === 'ONBUILD';
    const node = onbuild ? (inst.node as Onbuild).getTriggerInstruction() : inst.node;
    const props: Property[] = node && 'getProperties' in node ? (node as Arg | Env).getProperties() : [];
    props.forEach((p, position) => {
      const valueRange = p.getValueRange();
      const range = p.getRange();
      const nameRange = p.getNameRange();
      out.push({
        inst,
        kind,
        name: p.getName(),
        raw: valueRange ? model.text.slice(model.doc.offsetAt(valueRange.start), model.doc.offsetAt(valueRange.end)) : null,
        value: p.getValue(),
        nameStart: model.doc.offsetAt(nameRange.start),
        nameEnd: model.doc.offsetAt(nameRange.end),
        start: model.doc.offsetAt(range.start),
        end: model.doc.offsetAt(range.end),
        position,
        count: props.length,
        onbuild,
      });
    });
  }
  cache.set(model, out);
  return out;
}

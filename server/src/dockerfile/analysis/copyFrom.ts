import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { processWord } from '../model/words';

/**
 * What `COPY --from=<X>` or `RUN --mount=…,from=<X>` names, resolved as BuildKit resolves it (dockerfile2llb
 * convert.go v0.32.2, 941-971 and 1250-1270; convert_runmount.go 16-46):
 * - quotes and escapes are removed from the value (split_command.go 84-117), and a variable is an error, not
 *   substituted (convert.go 944-951; commands_runmount.go 179-182 for mounts, where a `$` last is allowed);
 * - COPY: a number Go's strconv.Atoi reads is a stage index (`+1`, `01`); a mount has no numeric form (`from=0` is an
 *   image called `0`);
 * - otherwise a stage name, case-insensitively, the last stage of that name winning; a stage defined later, or the
 *   current one, is an error;
 * - otherwise a named build context (`--build-context X=…`) or an image pulled from a registry.
 */
export type FromTarget =
  | { kind: 'stage'; stage: Stage; name: string }
  | { kind: 'not-yet-defined'; stage: Stage; name: string }
  | { kind: 'bad-index'; index: number; name: string }
  | { kind: 'variable'; name: string }
  | { kind: 'external'; name: string };

export function resolveFrom(
  model: DockerfileModel,
  inst: DockerInstruction,
  written: string,
  form: 'copy' | 'mount',
): FromTarget {
  // a `$` is refused before anything is resolved (convert.go 944-951: the value must evaluate to itself; mounts:
  // commands_runmount.go 179-182, a `$` anywhere but last), so `--from=${X:-build}` names no stage either
  if (written.includes('$') && !(form === 'mount' && written.indexOf('$') === written.length - 1))
    return { kind: 'variable', name: written };
  const word = processWord(written, () => ({ state: 'unset' }), { escape: model.escapeChar });
  const name = word.value ?? written;
  const current = inst.stage?.index ?? model.stages.length;
  if (form === 'copy' && /^[+-]?[0-9]+$/.test(name)) {
    const index = Number(name);
    const stage = model.stages[index];
    if (!stage || index < 0) return { kind: 'bad-index', index, name };
    return index < current ? { kind: 'stage', stage, name } : { kind: 'not-yet-defined', stage, name };
  }
  const lower = name.toLowerCase();
  let named: Stage | undefined;
  for (const s of model.stages) if (s.alias === lower) named = s;
  if (named)
    return named.index < current
      ? { kind: 'stage', stage: named, name }
      : { kind: 'not-yet-defined', stage: named, name };
  return { kind: 'external', name };
}

/** A bare name (`bulid`, `alpine`): no registry, no path, no tag or digest — not written as an image on purpose. */
export function isBareName(name: string): boolean {
  return /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/.test(name);
}

import type { DockerfileModel, DockerInstruction } from '../model/model';
import type { ShellScript, Word } from '../model/shell';
import { secretMounts } from './commands';

/** Where a RUN's build secrets appear: the variables its `env=` mounts set and the files its mounts provide. */
export interface SecretSources {
  envNames: Set<string>;
  paths: string[];
}

export function secretSources(model: DockerfileModel, inst: DockerInstruction): SecretSources {
  const envNames = new Set<string>();
  const paths: string[] = ['/run/secrets/'];
  for (const m of secretMounts(model, inst)) {
    if (m.env) envNames.add(m.env);
    if (m.target) paths.push(m.target);
  }
  return { envNames, paths };
}

/** Every variable name that some `RUN --mount=type=secret,env=NAME` in the file sets. */
export function secretEnvNamesInFile(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const inst of model.instructions)
    if (inst.effectiveKeyword === 'RUN') for (const n of secretSources(model, inst).envNames) names.add(n);
  return names;
}

const VAR_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

export function referencedVariables(text: string): string[] {
  return [...text.matchAll(VAR_REF)].map((m) => m[1]);
}

/**
 * The text reads a build secret of this RUN: it names a secret file (`$(cat /run/secrets/token)`), a variable an
 * `env=` secret mount sets, or a shell variable the script assigned from one of those.
 */
export function readsSecret(
  model: DockerfileModel,
  inst: DockerInstruction,
  script: ShellScript | undefined,
  text: string,
): boolean {
  if (!secretMounts(model, inst).length) return false;
  const sources = secretSources(model, inst);
  const direct = (t: string) =>
    sources.paths.some((p) => t.includes(p)) || referencedVariables(t).some((v) => sources.envNames.has(v));
  if (direct(text)) return true;
  if (!script) return false;
  const vars = new Set(referencedVariables(text));
  if (!vars.size) return false;
  for (const cmd of script.commands) {
    // TOKEN=$(cat /run/secrets/t) cmd, export TOKEN="$(cat …)", read -r TOKEN < /run/secrets/t
    const assigned: Word[] = [...cmd.assignments];
    const name = cmd.words[0]?.value;
    if (name === 'export' || name === 'declare' || name === 'local' || name === 'readonly')
      assigned.push(...cmd.words.slice(1));
    for (const a of assigned) {
      const eq = a.value.indexOf('=');
      if (eq > 0 && vars.has(a.value.slice(0, eq)) && direct(a.value.slice(eq + 1))) return true;
    }
    if (
      name === 'read' &&
      cmd.words.slice(1).some((w) => vars.has(w.value)) &&
      cmd.redirects.some((r) => r.target && direct(r.target.value))
    )
      return true;
  }
  return false;
}

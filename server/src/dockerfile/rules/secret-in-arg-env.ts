import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DockerfileContext } from '../../rules/context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model';
import { isPlaceholder, isSecretName } from '../../data/secretPatterns';
import { Declaration, declarations } from '../declarations';
import { deleteInstruction, insertAt, replaceRange } from '../edits';
import { referencedVariables, secretEnvNamesInFile, secretSources } from '../secretSources';

/** Values that configure rather than hold a secret (`ENV AUTH=false`, `ARG TOKEN_TTL=3600`). */
const SETTING_VALUE = /^(true|false|yes|no|on|off|none|null|disabled?|enabled?|\d{1,5})$/i;
/** Instructions whose `$VAR` the shell expands at build or run time, not Docker's own substitution. */
const SHELL_EXPANDED = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const secretInArgEnv: Rule<DockerfileContext> = {
  id: 'secret-in-arg-env',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Secret passed through ARG or ENV',
  rationale:
    'ENV values are stored in the image configuration and build arguments in its history and provenance, so anyone who can pull the image (or read the build log) can read a secret passed that way.',
  remedy:
    'Pass the secret as a build secret (`RUN --mount=type=secret,id=<id>,env=<NAME>` and `docker build --secret id=<id>,env=<NAME>`) for the steps that need it, or at run time from a secret store.',
  guidance: ['Build: no secrets in images'],
  anchors: [
    { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' },
    { tool: 'hadolint', id: 'DL3064' },
    { tool: 'trivy', id: 'DS-0031' },
  ],
  fixes: ['Convert to a build secret (delete the ARG/ENV, mount the secret on each RUN that uses it)'],
  check({ model }) {
    const out: Report[] = [];
    const mountedNames = secretEnvNamesInFile(model);
    for (const decl of declarations(model)) {
      if (!isSecretName(decl.name) || !holdsSecret(model, decl, mountedNames)) continue;
      const id = decl.name.toLowerCase();
      const where =
        decl.kind === 'ENV' ? 'ENV values are stored in the image configuration' : 'build arguments are recorded in the image history and provenance';
      const fix = decl.onbuild ? null : convertToSecret(model, decl);
      out.push({
        range: model.range(decl.nameStart, decl.nameEnd),
        message: `${decl.onbuild ? 'ONBUILD ' : ''}${decl.kind} ${decl.name} looks like a secret, and ${where} where anyone with the image can read it. Pass it as a build secret instead: RUN --mount=type=secret,id=${id},env=${decl.name} (docker build --secret id=${id},env=${decl.name})${decl.kind === 'ENV' ? ', or at run time' : ''}.`,
        fixes: fix ? [fix] : [],
      });
    }
    return out;
  },
};

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1) : v;
}

/** Whether the declared value can carry a secret (an ARG without default is filled in by --build-arg). */
function holdsSecret(model: DockerfileModel, decl: Declaration, mountedNames: Set<string>): boolean {
  if (decl.raw === null) return decl.kind === 'ARG';
  const value = unquote(decl.raw.trim());
  if (value === '') return decl.kind === 'ARG';
  if (SETTING_VALUE.test(value)) return false;
  // an ENV placeholder (`_`, `**None**`, `<password>`, `dummy`, `changeme`) holds nothing: the real value comes at run
  // time (an ARG default can still be overridden with --build-arg, so ARG keeps its finding); a `$VAR` reference is
  // not a placeholder here, it copies whatever the variable holds
  if (decl.kind === 'ENV' && !value.includes('$') && isPlaceholder(value)) return false;
  // a path to a mounted secret, or a reference to a variable that only a secret mount sets (not a build argument)
  if (value.startsWith('/run/secrets/')) return false;
  const single = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value.replace(/^\\/, ''));
  if (single && mountedNames.has(single[1]) && !model.varsAt(decl.inst).has(single[1])) return false;
  return true;
}

function mentions(text: string, name: string): boolean {
  return referencedVariables(text).includes(name);
}

/** Stages that descend from `stage` (FROM <stage>, transitively). */
function descendants(model: DockerfileModel, stage: Stage): Stage[] {
  return model.stages.filter((s) => {
    for (let p = s.parent; p; p = p.parent) if (p === stage) return true;
    return false;
  });
}

/**
 * "Convert to a build secret": delete the variable's ARG/ENV declarations in its scope and add a secret mount to
 * every RUN there that reads it. Offered only when nothing but RUN/CMD/ENTRYPOINT uses the variable (Docker's own
 * substitution in other instructions would silently get an empty value) and every declaration can be cut cleanly.
 */
function convertToSecret(model: DockerfileModel, decl: Declaration): Fix | null {
  const name = decl.name;
  const all = declarations(model).filter((d) => d.name === name && !d.onbuild);
  let group: Declaration[];
  let stages: Stage[];
  if (decl.inst.stage) {
    const stage = decl.inst.stage;
    group = all.filter((d) => d.inst.stage === stage);
    stages = [stage, ...(group.some((d) => d.kind === 'ENV') ? descendants(model, stage) : [])];
  } else {
    // a global ARG reaches a stage only through `ARG NAME` there: convert those too
    const redeclared = all.filter((d) => d.inst.stage && d.kind === 'ARG' && d.raw === null);
    group = [...all.filter((d) => !d.inst.stage), ...redeclared];
    stages = [...new Set(redeclared.map((d) => d.inst.stage as Stage))];
  }
  const firstIndex = Math.min(...group.map((d) => d.inst.index));
  const groupInsts = new Set(group.map((d) => d.inst));
  const runs: DockerInstruction[] = [];
  for (const inst of model.instructions) {
    if (inst.index <= firstIndex || groupInsts.has(inst)) continue;
    const inScope = inst.stage ? stages.includes(inst.stage) : false;
    const text = model.text.slice(inst.start, inst.end);
    if (!mentions(text, name)) continue;
    if (!inScope) {
      // FROM lines see global ARGs directly
      if (!decl.inst.stage && inst.keyword === 'FROM') return null;
      continue;
    }
    if (inst.keyword === 'ONBUILD' || !SHELL_EXPANDED.has(inst.effectiveKeyword)) return null;
    if (inst.effectiveKeyword !== 'RUN') continue;
    if (inst.stage?.windows) return null;
    if (!secretSources(model, inst).envNames.has(name)) runs.push(inst);
  }
  const edits: TextEdit[] = [];
  for (const d of group) {
    const edit = deleteDeclaration(model, d, group);
    if (!edit) return null;
    edits.push(edit);
  }
  const id = name.toLowerCase();
  for (const run of runs) {
    let at = run.keywordEnd;
    while (at < run.end && (model.text[at] === ' ' || model.text[at] === '\t')) at++;
    edits.push(insertAt(model, at, `--mount=type=secret,id=${id},env=${name} `));
  }
  return {
    title: `Convert ${name} to a build secret (build with --secret id=${id},env=${name})`,
    edits,
    isPreferred: true,
    manual: true,
  };
}

/** Remove one `NAME=value` (the whole instruction when it is the only one); null when it shares a line it cannot cut. */
function deleteDeclaration(model: DockerfileModel, d: Declaration, group: Declaration[]): TextEdit | null {
  if (d.count === 1) return deleteInstruction(model, d.inst);
  if (group.some((g) => g !== d && g.inst === d.inst)) return null;
  const siblings = declarations(model).filter((x) => x.inst === d.inst);
  if (d.position === 0) return replaceRange(model, d.start, siblings[1].start, '');
  return replaceRange(model, siblings[d.position - 1].end, d.end, '');
}

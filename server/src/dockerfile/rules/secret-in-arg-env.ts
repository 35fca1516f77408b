import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { isPlaceholder, isSecretName, isWeakCredential } from '../../data/secretPatterns';
import { Declaration, declarations, deleteDeclaration } from '../analysis/declarations';
import { insertAt } from '../analysis/edits';
import { memo } from '../../common/memo';
import { referencedVariables, secretEnvNamesInFile, secretSources } from '../analysis/secretSources';
import { shippedStages } from '../analysis/packages';

/** Values that configure rather than hold a secret (`ENV AUTH=false`, `ARG TOKEN_TTL=3600`). */
const SETTING_VALUE = /^(true|false|yes|no|on|off|none|null|disabled?|enabled?|\d{1,5})$/i;
/** Instructions whose `$VAR` the shell expands at build or run time, not Docker's own substitution. */
const SHELL_EXPANDED = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const secretInArgEnv: DockerfileRule = {
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
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    let mountedNames: Set<string> | undefined; // read from every RUN: only once a secret-named declaration needs them
    let baked: ((decl: Declaration) => boolean) | undefined;
    for (const decl of declarations(model)) {
      if (!isSecretName(decl.name)) continue;
      mountedNames ??= secretEnvNamesInFile(model);
      baked ??= bakedIntoImage(model);
      const held = holdsSecret(model, decl, mountedNames, baked);
      if (!held) continue;
      const id = decl.name.toLowerCase();
      const where =
        decl.kind === 'ENV'
          ? 'ENV values are stored in the image configuration'
          : 'build arguments are recorded in the image history and provenance';
      const fix = decl.onbuild ? null : convertToSecret(model, decl, held === 'default');
      out.push({
        range: model.range(decl.nameStart, decl.nameEnd),
        secret: valuePlace(model, decl),
        message:
          held === 'default'
            ? `ENV ${decl.name} is a default credential baked into the image: every container started from it has this well-known value unless it is given another, and anyone who can pull the image can read it. Require it at run time instead: leave the default out (docker run -e ${decl.name}=… or --env-file, and let the entrypoint refuse to start without it), or read it from a secret file (${decl.name}_FILE=/run/secrets/<name>, where the image supports it).`
            : `${decl.onbuild ? 'ONBUILD ' : ''}${decl.kind} ${decl.name} looks like a secret, and ${where} where anyone with the image can read it. Pass it as a build secret instead: RUN --mount=type=secret,id=${id},env=${decl.name} (docker build --secret id=${id},env=${decl.name})${decl.kind === 'ENV' ? ', or at run time' : ''}.`,
        fixes: fix ? [fix] : [],
      });
    }
    return out;
  },
};

/**
 * Where the declaration's value is written: after its `=` (or the space of the legacy `ENV NAME value`) to the end of
 * the property, quotes and line continuations included.
 */
function valuePlace(model: DockerfileModel, decl: Declaration): Range | undefined {
  let at = decl.nameEnd;
  if (model.text[at] === '=') at++;
  else while (at < decl.end && /\s/.test(model.text[at])) at++;
  return at < decl.end ? model.range(at, decl.end) : undefined;
}

/**
 * Whether an ENV's value is what the default build target's containers start with: it is set in the final stage or a
 * stage the final stage is built `FROM` (ENV never reaches another stage through `COPY --from`), and no later ENV of
 * that chain sets the name again (its stages follow one another in the file, so later in the chain is later in the
 * file).
 */
function bakedIntoImage(model: DockerfileModel): (decl: Declaration) => boolean {
  const shipped = shippedStages(model);
  const shippedEnv = (d: Declaration) => d.kind === 'ENV' && !d.onbuild && !!d.inst.stage && shipped.has(d.inst.stage);
  const lastSet = new Map<string, number>();
  for (const d of declarations(model)) if (shippedEnv(d)) lastSet.set(d.name, d.start);
  return (decl) => shippedEnv(decl) && lastSet.get(decl.name) === decl.start;
}

/**
 * An absolute path of at least two parts whose last part has a file extension (`/credentials/sa.json`,
 * `/etc/ssl/private/key.pem`): split on `/`, no blanks (a base64 secret may hold `/`, not this shape and an extension).
 */
function isFilePath(value: string): boolean {
  if (!value.startsWith('/') || /\s/.test(value)) return false;
  const parts = value.slice(1).split('/');
  if (parts.length < 2 || parts.some((p) => p === '' || !/^[\w.@+-]+$/.test(p))) return false;
  return /\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(parts[parts.length - 1]);
}

/**
 * Whether the declared value can carry a secret (an ARG without default is filled in by --build-arg). The value is
 * judged as BuildKit evaluates it: quotes removed, variables before the declaration substituted.
 */
function holdsSecret(
  model: DockerfileModel,
  decl: Declaration,
  mountedNames: Set<string>,
  baked: (decl: Declaration) => boolean,
): 'secret' | 'default' | null {
  const word = model.propertyValue(decl.inst, decl.inst.properties[decl.position]);
  if (word === null) return decl.kind === 'ARG' ? 'secret' : null;
  const value = word.value?.trim() ?? null;
  if (value === '') return decl.kind === 'ARG' ? 'secret' : null;
  // a value that reads a variable is neither a setting nor a placeholder: it copies whatever the variable holds, and
  // a build argument can fill that in
  const fixed = value !== null && !word.reads.size;
  if (fixed && SETTING_VALUE.test(value)) return null;
  // a placeholder or common password (`changeme`, `password`, `dummy`, `admin`) that the image's containers start
  // with is a default credential: whoever runs the image without setting it runs with a value everyone knows
  if (decl.kind === 'ENV' && fixed && isWeakCredential(value) && baked(decl)) return 'default';
  // elsewhere an ENV placeholder (`_`, `**None**`, `<password>`, `dummy`, `changeme`) holds nothing: a build stage's
  // stand-in (`SECRET_KEY_BASE=dummy` for an asset build), or a marker for the value that comes at run time (an ARG
  // default can still be overridden with --build-arg, so ARG keeps its finding)
  if (decl.kind === 'ENV' && fixed && isPlaceholder(value)) return null;
  // a path to a credential file the container gets at run time (`GOOGLE_APPLICATION_CREDENTIALS=/credentials/sa.json`)
  // names the secret, it is not one
  if (fixed && isFilePath(value)) return null;
  // a path to a mounted secret, or a reference to a variable that only a secret mount sets (not a build argument)
  const first = word.parts[0];
  if (first && 'text' in first && first.text.trimStart().startsWith('/run/secrets/')) return null;
  // (`ENV TOKEN=$TOKEN` read here, or `ENV TOKEN=\$TOKEN` left for a later shell to expand)
  const only = word.parts.length === 1 && 'unknown' in word.parts[0] && word.reads.size === 1;
  const literal = value !== null && !word.reads.size ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value) : null;
  const name = only ? [...word.reads.keys()][0] : (literal?.[1] ?? null);
  if (name !== null && mountedNames.has(name) && !model.varsAt(decl.inst).has(name)) return null;
  return 'secret';
}

function mentions(text: string, name: string): boolean {
  return referencedVariables(text).includes(name);
}

/** One instruction that declares (outside ONBUILD) or mentions a variable. */
interface VariableEvent {
  inst: DockerInstruction;
  /** Its declarations of the variable. */
  declared: Declaration[];
  /** Its text reads the variable (`$NAME`, `${NAME…}`). */
  reads: boolean;
}

/** What the fixes of one document share: the events of each variable in instruction order, and each stage's children. */
interface VariableIndex {
  events: Map<string, VariableEvent[]>;
  children: Map<Stage, Stage[]>;
}

const VARIABLE_INDEX = Symbol('secretInArgEnvIndex');

/** Built once per document, so a finding's fix costs what its own variable's declarations and uses cost. */
function variableIndex(model: DockerfileModel): VariableIndex {
  return memo(model, VARIABLE_INDEX, () => {
    const events = new Map<string, VariableEvent[]>();
    const eventOf = (name: string, inst: DockerInstruction): VariableEvent => {
      let list = events.get(name);
      if (!list) events.set(name, (list = []));
      let last = list[list.length - 1];
      if (last?.inst !== inst) list.push((last = { inst, declared: [], reads: false }));
      return last;
    };
    const decls = declarations(model);
    let k = 0;
    for (const inst of model.instructions) {
      for (const name of new Set(referencedVariables(model.text.slice(inst.start, inst.end))))
        eventOf(name, inst).reads = true;
      for (; k < decls.length && decls[k].inst === inst; k++)
        if (!decls[k].onbuild) eventOf(decls[k].name, inst).declared.push(decls[k]);
    }
    const children = new Map<Stage, Stage[]>();
    for (const s of model.stages) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
    return { events, children };
  });
}

/** Position of the first event at or after instruction index `index`. */
function firstEventFrom(events: readonly VariableEvent[], index: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].inst.index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Another property of the declaration's instruction reads its variable through Docker's substitution (`ENV A=$NAME`). */
function readByOthers(model: DockerfileModel, d: Declaration): boolean {
  return d.inst.properties.some(
    (p, k) =>
      k !== d.position &&
      p.valueStart !== null &&
      mentions(model.text.slice(p.valueStart, p.valueEnd as number), d.name),
  );
}

/** A declaration's own value reads the variable (`ENV NAME=${NAME}:/x`). */
function readsItself(d: Declaration): boolean {
  return d.raw !== null && mentions(d.raw, d.name);
}

/**
 * "Convert to a build secret": delete the declaration, and the later declarations of the variable that copy its value
 * on (`ARG NAME` then `ENV NAME=${NAME}`; a global ARG's `ARG NAME` in a stage), and add a secret mount to every RUN
 * its value reaches that reads it: the rest of the stage up to a declaration that sets another value, and, once an ENV
 * carries it, the stages built on that one. Other declarations of the variable keep their own findings and fixes.
 * Offered only when nothing but RUN/CMD/ENTRYPOINT reads that value (Docker's own substitution in other instructions
 * would silently get an empty value) and every deleted declaration can be cut cleanly. For a default credential that no
 * RUN reads, the same edit only takes the default out, and its title says so.
 */
function convertToSecret(model: DockerfileModel, decl: Declaration, defaultCredential = false): Fix | null {
  const name = decl.name;
  const index = variableIndex(model);
  const events = index.events.get(name) ?? [];
  const removed: Declaration[] = [decl];
  const runs: DockerInstruction[] = [];
  const walked = new Set<Stage>();

  /**
   * How one event after the declaration treats its value: reads it (a RUN gets a mount), copies it on, replaces it,
   * or blocks the fix. `carrier.env`: an ENV carries the value (in the RUN environment, ENV always wins over ARG).
   */
  const visit = (ev: VariableEvent, carrier: { env: boolean; global: boolean }): 'go' | 'stop' | 'block' => {
    if (ev.declared.length > 1) return 'block';
    const own = ev.declared[0];
    if (!own) {
      if (ev.inst.keyword === 'ONBUILD' || !SHELL_EXPANDED.has(ev.inst.effectiveKeyword)) return 'block';
      if (ev.inst.effectiveKeyword !== 'RUN') return 'go';
      if (ev.inst.stage?.windows) return 'block';
      if (!secretSources(model, ev.inst).envNames.has(name)) runs.push(ev.inst);
      return 'go';
    }
    if (ev.reads && readByOthers(model, own)) return 'block';
    // `ENV NAME=${NAME}:/x` copies the value on; so does `ARG NAME` in a stage, for a global ARG
    if (readsItself(own) || (carrier.global && own.inst.stage && own.kind === 'ARG' && own.raw === null)) {
      removed.push(own);
      if (own.kind === 'ENV') carrier.env = true;
      return 'go';
    }
    return own.kind === 'ARG' && carrier.env ? 'go' : 'stop';
  };

  /** Visit a stage's events from position `from`, and its children's while an ENV carries the value; false when blocked. */
  const walkStages = (stage: Stage, from: number, carrier: { env: boolean; global: boolean }): boolean => {
    const pending: [Stage, number, { env: boolean; global: boolean }][] = [[stage, from, carrier]];
    while (pending.length) {
      const [s, start, c] = pending.pop() as [Stage, number, { env: boolean; global: boolean }];
      walked.add(s);
      const last = s.instructions[s.instructions.length - 1].index;
      let reached = true;
      for (let k = start; k < events.length && events[k].inst.index <= last; k++) {
        const step = visit(events[k], c);
        if (step === 'block') return false;
        if (step === 'stop') {
          reached = false;
          break;
        }
      }
      if (reached && c.env)
        for (const child of index.children.get(s) ?? [])
          pending.push([child, firstEventFrom(events, child.instructions[0].index), { ...c }]);
    }
    return true;
  };

  const at = firstEventFrom(events, decl.inst.index);
  if (events[at]?.inst !== decl.inst || events[at].declared.length > 1) return null;
  if (events[at].reads && readByOthers(model, decl)) return null;
  if (decl.inst.stage) {
    if (!walkStages(decl.inst.stage, at + 1, { env: decl.kind === 'ENV', global: false })) return null;
  } else {
    // a global ARG reaches the FROM lines, and a stage through its `ARG NAME`, unless a later global ARG replaces it
    let k = at + 1;
    for (; k < events.length && !events[k].inst.stage; k++) {
      const step = visit(events[k], { env: false, global: true });
      if (step === 'block') return null;
      if (step === 'stop') k = events.length;
    }
    for (; k < events.length; k++) {
      const ev = events[k];
      const stage = ev.inst.stage as Stage;
      if (ev.inst.keyword === 'FROM' && ev.reads) return null;
      const imported = ev.declared.length === 1 && ev.declared[0].kind === 'ARG' && ev.declared[0].raw === null;
      if (!imported || walked.has(stage)) continue;
      removed.push(ev.declared[0]);
      if (!walkStages(stage, k + 1, { env: false, global: true })) return null;
    }
  }
  const edits: TextEdit[] = [];
  for (const d of removed) {
    const edit = deleteDeclaration(model, d);
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
    // a default credential no RUN reads is only taken out: the container gets the value at run time
    title:
      defaultCredential && !runs.length
        ? `Remove the default ${name}: require it at run time`
        : `Convert ${name} to a build secret (build with --secret id=${id},env=${name})`,
    edits,
    isPreferred: true,
    manual: true,
  };
}

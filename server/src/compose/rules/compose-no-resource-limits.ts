import { isMap, isScalar, Node, YAMLMap } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import type { TextEdit } from 'vscode-languageserver-types';
import { indentUnit, insertIntoMap, insertIntoService, replaceScalar } from '../edits';
import { isOverrideFile, serviceNameRange, writtenInService } from '../reportSite';
import { definedElsewhere, isWindowsService } from '../serviceValues';
import { absentSeverity } from '../absent';
import { SERVICE_LIMITS } from '../../../../shared/src/limits';
import { joinList } from '../../text/list';

/** Keys that cap memory: `mem_limit` and the `deploy` form Compose v2 applies outside Swarm too. */
const MEMORY_LIMITS = [['mem_limit'], ['deploy', 'resources', 'limits', 'memory']] as const;
/** Keys that cap the number of processes and threads (the PIDs cgroup): a fork bomb stops there. */
const PIDS_LIMITS = [['pids_limit'], ['deploy', 'resources', 'limits', 'pids']] as const;
/**
 * Keys that cap CPU time. `cpu_shares` is a relative weight that only matters under contention, not a limit;
 * `cpu_count` and `cpu_percent` are the Windows limits.
 */
const CPU_LIMITS = [
  ['cpus'],
  ['cpu_quota'],
  ['cpu_count'],
  ['cpu_percent'],
  ['deploy', 'resources', 'limits', 'cpus'],
] as const;

type Limit = 'cpus' | 'memory' | 'pids';
/** In the order messages name them: what takes a host down first. */
const LIMITS: readonly Limit[] = ['memory', 'pids', 'cpus'];
/** In the order `deploy.resources.limits` lists them in Docker's documentation. */
const DEPLOY_ORDER: readonly Limit[] = ['cpus', 'memory', 'pids'];
/** In the order docker-compose v1 files write the service keys. */
const KEYS_ORDER: readonly Limit[] = ['memory', 'cpus', 'pids'];

/** Each limit: how messages name it, its service key and its `deploy.resources.limits` key, the values the fix writes. */
const LIMIT: Record<Limit, { name: string; key: string; deploy: string; keyValue: string; deployValue: string }> = {
  cpus: {
    name: 'CPU',
    key: 'cpus',
    deploy: 'cpus',
    keyValue: SERVICE_LIMITS.cpus,
    deployValue: `"${SERVICE_LIMITS.cpus}"`,
  },
  memory: {
    name: 'memory',
    key: 'mem_limit',
    deploy: 'memory',
    keyValue: SERVICE_LIMITS.memory.toLowerCase(),
    deployValue: SERVICE_LIMITS.memory,
  },
  pids: {
    name: 'PIDs',
    key: 'pids_limit',
    deploy: 'pids',
    keyValue: String(SERVICE_LIMITS.pids),
    deployValue: String(SERVICE_LIMITS.pids),
  },
};

/** What a service without the limit risks, and what brings it about. */
const EFFECT: Record<Limit, { cause: string; effect: string }> = {
  memory: { cause: 'a leak', effect: "take all of the host's memory" },
  pids: { cause: 'a fork bomb', effect: "fill the host's process table" },
  cpus: { cause: 'a busy loop', effect: "hog the host's CPUs" },
};

/** How a service caps what it lacks: the keys of both forms. */
function howToCap(missing: readonly Limit[]): string {
  if (missing.length === 1)
    return `\`deploy.resources.limits.${LIMIT[missing[0]].deploy}\`, or \`${LIMIT[missing[0]].key}\``;
  return `\`deploy.resources.limits\` (${missing.map((l) => `\`${LIMIT[l].deploy}\``).join(', ')}), or ${joinList(missing.map((l) => `\`${LIMIT[l].key}\``))}`;
}

export const composeNoResourceLimits: Rule<ComposeContext> = {
  id: 'compose-no-resource-limits',
  kind: 'compose',
  severity: 'warning',
  title: 'No memory or PIDs limit',
  rationale:
    "Without a memory limit, one container that leaks or is attacked can take all of the host's memory; without a PIDs limit, a fork bomb or a thread leak in it fills the host's process table; either starves every other container and the host itself. A missing CPU limit is named with them.",
  remedy:
    'Cap the service with `deploy.resources.limits` (`memory`, `pids`, `cpus`), or `mem_limit`, `pids_limit` and `cpus`, sized for what it needs.',
  guidance: ['Isolation: limit CPU and memory'],
  anchors: [
    { tool: 'docker-bench', id: '5.11' },
    { tool: 'docker-bench', id: '5.29' },
    { tool: 'kics', id: 'Memory Not Limited' },
    { tool: 'kics', id: 'Pids Limit Not Set' },
    { tool: 'kics', id: 'Cpus Not Limited' },
  ],
  fixes: [
    `Add the missing CPU, memory and PIDs limits (cpus ${SERVICE_LIMITS.cpus}, memory ${SERVICE_LIMITS.memory}, pids ${SERVICE_LIMITS.pids})`,
  ],
  fixSafety: 'manual',
  check({ model, config }) {
    const out: Report[] = [];
    const style = fileStyle(model);
    for (const service of model.services) {
      const missing = LIMITS.filter((l) =>
        l === 'cpus'
          ? !CPU_LIMITS.some((p) => isLimit(service, p))
          : l === 'memory'
            ? !MEMORY_LIMITS.some((p) => isLimit(service, p))
            : // the PIDs cgroup is Linux's: Windows containers have none
              !PIDS_LIMITS.some((p) => isLimit(service, p)) && !isWindowsService(model, service),
      );
      // memory and processes are what take a host down; a missing CPU limit is named with them, not reported alone
      if (!missing.includes('memory') && !missing.includes('pids')) continue;
      // a partial definition (override file, `extends: {file: …}`): the rest may set them
      if (definedElsewhere(model, service) || isOverrideFile(model.uri)) continue;
      const fix = fixFor(model, service, style, missing);
      const names = joinList(
        missing.map((l) => LIMIT[l].name),
        'or',
      );
      const causes = joinList(
        missing.map((l) => EFFECT[l].cause),
        'or',
      );
      const effects = joinList(
        missing.map((l) => EFFECT[l].effect),
        'or',
      );
      const risk = `${causes} in it can ${effects} and starve everything else there`;
      out.push({
        range: serviceNameRange(model, service),
        message: `Service \`${service.name}\` has no ${names} limit: ${risk}. Cap it, sized for what it needs: ${howToCap(missing)}.`,
        fixes: fix ? [fix] : [],
        severity: absentSeverity(config, 'info'),
        absent: {
          service: service.name,
          summary: `have no ${names} limit: ${risk}. Cap each, sized for what it needs: ${howToCap(missing)}.`,
        },
      });
    }
    return out;
  },
};

/**
 * A limit is set: any value but none, empty, 0 or a negative number (which Docker reads as unlimited: `pids_limit: -1`,
 * compose-spec's schema "Set to -1 for unlimited PIDs"); a variable counts as set. Either form limits: docker/compose
 * (pkg/compose/create.go, getDeployResources and setLimits) sets the service keys, then lets a non-zero `deploy` limit
 * (a positive `pids`) win, so the service is limited when any of its keys is.
 */
function isLimit(service: ComposeService, path: readonly string[]): boolean {
  const found = service.get(path);
  if (!found) return false;
  const v = found.value;
  if (v === null || v === undefined) return false;
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string') return v.trim() !== '' && !/^(-.*|0+(\.0*)?[a-z]*)$/i.test(v.trim());
  return true;
}

/**
 * Which form the file uses: `legacy` for the version 2 file format (docker-compose v1 reads no `deploy.resources`
 * there), `keys` when the file's services use `mem_limit`/`cpus` and none uses `deploy.resources`, else `deploy`.
 */
function fileStyle(model: ComposeModel): 'deploy' | 'keys' | 'legacy' {
  const root = model.yaml.contents;
  // the scalar only: stringifying a collection here costs time exponential in its nesting (`version: {{{…`)
  const version: unknown = isMap(root) ? root.get('version', true) : undefined;
  if (isScalar(version) && /^2(\.|$)/.test(String(version.value).trim())) return 'legacy';
  let keys = false;
  for (const s of model.services) {
    if (!s.map) continue;
    const deploy: unknown = s.map.get('deploy', true);
    if (isMap(deploy) && deploy.has('resources')) return 'deploy';
    if (s.map.has('mem_limit') || s.map.has('cpus') || s.map.has('pids_limit')) keys = true;
  }
  return keys ? 'keys' : 'deploy';
}

/** The scalar value of a key the service writes itself (in its mapping, or in `map` inside it), or undefined. */
function ownScalar(service: ComposeService, key: string, map = service.map): Node | undefined {
  const pair = map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  const value = pair?.value as Node | null | undefined;
  return value && isScalar(value) && writtenInService(service, value) ? value : undefined;
}

/** The own (written in the service) mapping under `key` of a mapping, or undefined. */
function ownChild(
  service: ComposeService,
  map: YAMLMap | undefined,
  key: string,
): { map: YAMLMap; keyNode: Node } | undefined {
  if (!map) return undefined;
  for (const item of map.items) {
    if (!isScalar(item.key) || String(item.key.value) !== key) continue;
    const value = item.value as Node | null;
    if (value && isMap(value) && writtenInService(service, value)) return { map: value, keyNode: item.key };
    return undefined;
  }
  return undefined;
}

/** Whether a mapping writes `key` itself (whatever its value). */
function hasOwn(map: YAMLMap, key: string): boolean {
  return map.items.some((p) => isScalar(p.key) && String(p.key.value) === key);
}

/**
 * The missing limits, in the form that fits, each written in place of a value of its own that sets none (`0`,
 * `pids_limit: -1`) or added:
 * - under the service's own `deploy.resources.limits` when it has one, or inherits one (then no fix: compose-go refuses
 *   a non-zero service key that differs from a `deploy` limit, loader/validate.go checkConsistency "can't set distinct
 *   values on 'pids_limit' and 'deploy.resources.limits.pids'", and the inherited mapping is other services' too);
 * - `mem_limit`/`cpus`/`pids_limit` for the version 2 format, or when the service writes one of those keys itself;
 * - under the service's own `deploy:` (at the deepest of `deploy`, `resources`, `limits` it already has);
 * - `mem_limit`/`cpus`/`pids_limit` again when the file uses those, or the service inherits its `deploy` (a merge key
 *   replaces a mapping wholesale, so an own `deploy:` would drop the inherited one);
 * - else a new `deploy:` block.
 */
function fixFor(
  model: ComposeModel,
  service: ComposeService,
  style: ReturnType<typeof fileStyle>,
  missing: readonly Limit[],
): Fix | undefined {
  const unit = indentUnit(model);
  const flow = !!service.map?.flow;
  const values = missing.map((l) => `${l} ${l === 'memory' ? SERVICE_LIMITS.memory : String(SERVICE_LIMITS[l])}`);
  const title =
    missing.length === 1
      ? `Add a ${LIMIT[missing[0]].name} limit (${values[0]}: size it for the service)`
      : `Add ${joinList(missing.map((l) => LIMIT[l].name))} limits (${values.join(', ')}: size them for the service)`;
  const done = (edits: (TextEdit | undefined)[]): Fix | undefined =>
    edits.length && edits.every((e) => e)
      ? { title, edits: edits as TextEdit[], isPreferred: true, manual: true }
      : undefined;
  const deployLines = DEPLOY_ORDER.filter((l) => missing.includes(l)).map(
    (l) => `${LIMIT[l].deploy}: ${LIMIT[l].deployValue}`,
  );

  const deploy = ownChild(service, service.map, 'deploy');
  const resources = deploy && ownChild(service, deploy.map, 'resources');
  const limits = resources && ownChild(service, resources.map, 'limits');
  // own keys that set no limit (`mem_limit: 0`, `pids_limit: -1`): set rather than doubled
  const ownKeys = new Map(LIMITS.map((l) => [l, ownScalar(service, LIMIT[l].key)] as const));

  if (limits) {
    const edits: (TextEdit | undefined)[] = [];
    const added: string[] = [];
    for (const l of DEPLOY_ORDER.filter((x) => missing.includes(x))) {
      const own = ownScalar(service, LIMIT[l].deploy, limits.map);
      if (own) edits.push(replaceScalar(model, own, LIMIT[l].deployValue));
      else added.push(`${LIMIT[l].deploy}: ${LIMIT[l].deployValue}`);
      // a service key other than 0 must agree with the `deploy` limit (compose-go's validation)
      const key = ownKeys.get(l);
      if (key && !isZero(key)) edits.push(replaceScalar(model, key, LIMIT[l].deployValue.replace(/"/g, '')));
    }
    if (added.length)
      edits.push(insertIntoMap(model, limits.map, limits.keyNode, limits.map.flow ? [added.join(', ')] : added));
    return done(edits);
  }
  // limits written elsewhere (a merge key, `extends`), or `limits:` that is not a mapping: leave it to a person
  if (service.get(['deploy', 'resources', 'limits'])) return undefined;

  const inheritedDeploy = !deploy && !!service.get(['deploy']);
  const keys =
    style === 'legacy' || [...ownKeys.values()].some(Boolean) || (!deploy && (inheritedDeploy || style === 'keys'));
  if (keys) {
    const edits: (TextEdit | undefined)[] = [];
    const lines: string[] = [];
    for (const l of KEYS_ORDER.filter((x) => missing.includes(x))) {
      const own = ownKeys.get(l);
      if (own) edits.push(replaceScalar(model, own, LIMIT[l].keyValue));
      else lines.push(`${LIMIT[l].key}: ${LIMIT[l].keyValue}`);
    }
    if (lines.length) edits.push(insertIntoService(model, service, flow ? [lines.join(', ')] : lines));
    return done(edits);
  }
  if (deploy) {
    if (resources)
      return hasOwn(resources.map, 'limits')
        ? undefined
        : done([
            insertIntoMap(
              model,
              resources.map,
              resources.keyNode,
              resources.map.flow
                ? [`limits: {${deployLines.join(', ')}}`]
                : ['limits:', ...deployLines.map((l) => unit + l)],
            ),
          ]);
    if (hasOwn(deploy.map, 'resources')) return undefined;
    return done([
      insertIntoMap(
        model,
        deploy.map,
        deploy.keyNode,
        deploy.map.flow
          ? [`resources: {limits: {${deployLines.join(', ')}}}`]
          : ['resources:', `${unit}limits:`, ...deployLines.map((l) => unit + unit + l)],
      ),
    ]);
  }
  if (service.map?.get('deploy') !== undefined) return undefined; // `deploy:` written but not a mapping: leave it to a person
  return done([
    insertIntoService(
      model,
      service,
      flow
        ? [`deploy: {resources: {limits: {${deployLines.join(', ')}}}}`]
        : ['deploy:', `${unit}resources:`, `${unit}${unit}limits:`, ...deployLines.map((l) => unit + unit + unit + l)],
    ),
  ]);
}

/** A scalar that reads as 0 (what compose-go's validation skips). */
function isZero(node: Node): boolean {
  const v = isScalar(node) ? node.value : undefined;
  return v === 0 || (typeof v === 'string' && /^\s*0+(\.0*)?[a-z]*\s*$/i.test(v));
}

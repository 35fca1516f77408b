import { isMap, isScalar, Node, YAMLMap } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import type { TextEdit } from 'vscode-languageserver-types';
import { indentUnit, insertIntoMap, insertIntoService, replaceScalar } from '../edits';
import { isOverrideFile, serviceNameRange, writtenInService } from '../reportSite';
import { definedElsewhere } from '../serviceValues';
import { absentSeverity } from '../absent';

/** Keys that cap memory: `mem_limit` and the `deploy` form Compose v2 applies outside Swarm too. */
const MEMORY_LIMITS = [['mem_limit'], ['deploy', 'resources', 'limits', 'memory']] as const;
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

/** The values the fix writes: a starting point people size to the service, not a recommendation. */
export const DEFAULT_LIMITS = { cpus: '1.0', memory: '512M' } as const;

export const composeNoResourceLimits: Rule<ComposeContext> = {
  id: 'compose-no-resource-limits',
  kind: 'compose',
  severity: 'warning',
  title: 'No memory or CPU limit',
  rationale:
    "Without a memory or CPU limit, one container that leaks, loops or is attacked can take all of the host's memory and CPU and starve every other container and the host itself.",
  remedy:
    'Cap the service with `deploy.resources.limits` (`memory`, `cpus`), or `mem_limit` and `cpus`, sized for what it needs.',
  guidance: ['Isolation: limit CPU and memory'],
  anchors: [
    { tool: 'docker-bench', id: '5.11' },
    { tool: 'kics', id: 'Memory Not Limited' },
    { tool: 'kics', id: 'Cpus Not Limited' },
  ],
  fixes: [`Add CPU and memory limits (cpus ${DEFAULT_LIMITS.cpus}, memory ${DEFAULT_LIMITS.memory})`],
  fixSafety: 'manual',
  check({ model, config }) {
    const out: Report[] = [];
    const style = fileStyle(model);
    for (const service of model.services) {
      if (MEMORY_LIMITS.some((p) => isLimit(service, p)) || CPU_LIMITS.some((p) => isLimit(service, p))) continue;
      // a partial definition (override file, `extends: {file: …}`): the rest may set them
      if (definedElsewhere(model, service) || isOverrideFile(model.uri)) continue;
      const fix = fixFor(model, service, style);
      out.push({
        range: serviceNameRange(model, service),
        message: `Service \`${service.name}\` has no memory or CPU limit: if it leaks, loops or is attacked it can take all of the host's memory and CPU and starve everything else there. Cap it, sized for what it needs: \`deploy.resources.limits\` (\`memory\`, \`cpus\`), or \`mem_limit\` and \`cpus\`.`,
        fixes: fix ? [fix] : [],
        severity: absentSeverity(config, 'info'),
        absent: {
          service: service.name,
          summary:
            "have no memory or CPU limit: one that leaks, loops or is attacked can take all of the host's memory and CPU and starve everything else there. Cap each, sized for what it needs: `deploy.resources.limits` (`memory`, `cpus`), or `mem_limit` and `cpus`.",
        },
      });
    }
    return out;
  },
};

/** A limit is set: any value but none, empty or 0 (which Docker reads as unlimited); a variable counts as set. */
function isLimit(service: ComposeService, path: readonly string[]): boolean {
  const found = service.get(path);
  if (!found) return false;
  const v = found.value;
  if (v === null || v === undefined) return false;
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string') return v.trim() !== '' && !/^0+(\.0*)?[a-z]*$/i.test(v.trim());
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
    if (s.map.has('mem_limit') || s.map.has('cpus')) keys = true;
  }
  return keys ? 'keys' : 'deploy';
}

/** The scalar value of a key the service writes itself, or undefined. */
function ownScalar(service: ComposeService, key: string): Node | undefined {
  const pair = service.map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
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

/**
 * The limits, in the form that fits: `mem_limit`/`cpus` for the version 2 format or when the service has them (at 0),
 * under the service's own `deploy:` (at the deepest of `deploy`, `resources`, `limits` it already has), `mem_limit`/
 * `cpus` again when the file uses those or the service inherits its `deploy` (a merge key replaces a mapping
 * wholesale, so an own `deploy:` would drop the inherited one), else a new `deploy:` block.
 */
function fixFor(model: ComposeModel, service: ComposeService, style: ReturnType<typeof fileStyle>): Fix | undefined {
  const unit = indentUnit(model);
  const flow = !!service.map?.flow;
  const { cpus, memory } = DEFAULT_LIMITS;
  const limitLines = [`cpus: "${cpus}"`, `memory: ${memory}`];
  const title = `Add CPU and memory limits (cpus ${cpus}, memory ${memory}: size them for the service)`;
  const done = (edit: ReturnType<typeof insertIntoMap>): Fix | undefined =>
    edit ? { title, edits: [edit], isPreferred: true, manual: true } : undefined;

  const deploy = ownChild(service, service.map, 'deploy');
  const inheritedDeploy = !deploy && !!service.get(['deploy']);
  // a `mem_limit: 0` or `cpus: 0` of its own (no limit) is set rather than doubled by a `deploy` limit
  const ownKeys = { mem_limit: ownScalar(service, 'mem_limit'), cpus: ownScalar(service, 'cpus') };
  const keys =
    style === 'legacy' || ownKeys.mem_limit || ownKeys.cpus || (!deploy && (inheritedDeploy || style === 'keys'));
  if (keys) {
    const values = { mem_limit: memory.toLowerCase(), cpus };
    const edits: TextEdit[] = [];
    const lines: string[] = [];
    for (const key of ['mem_limit', 'cpus'] as const) {
      const node = ownKeys[key];
      if (node) {
        const edit = replaceScalar(model, node, values[key]);
        if (!edit) return undefined;
        edits.push(edit);
      } else lines.push(`${key}: ${values[key]}`);
    }
    if (lines.length) {
      const edit = insertIntoService(model, service, flow ? [lines.join(', ')] : lines);
      if (!edit) return undefined;
      edits.push(edit);
    }
    return { title, edits, isPreferred: true, manual: true };
  }
  if (deploy) {
    const resources = ownChild(service, deploy.map, 'resources');
    const limits = resources && ownChild(service, resources.map, 'limits');
    if (limits)
      return done(
        insertIntoMap(model, limits.map, limits.keyNode, limits.map.flow ? [limitLines.join(', ')] : limitLines),
      );
    if (resources) {
      return done(
        insertIntoMap(
          model,
          resources.map,
          resources.keyNode,
          resources.map.flow ? [`limits: {${limitLines.join(', ')}}`] : ['limits:', ...limitLines.map((l) => unit + l)],
        ),
      );
    }
    return done(
      insertIntoMap(
        model,
        deploy.map,
        deploy.keyNode,
        deploy.map.flow
          ? [`resources: {limits: {${limitLines.join(', ')}}}`]
          : ['resources:', `${unit}limits:`, ...limitLines.map((l) => unit + unit + l)],
      ),
    );
  }
  if (service.map?.get('deploy') !== undefined) return undefined; // `deploy:` written but not a mapping: leave it to a person
  return done(
    insertIntoService(
      model,
      service,
      flow
        ? [`deploy: {resources: {limits: {${limitLines.join(', ')}}}}`]
        : ['deploy:', `${unit}resources:`, `${unit}${unit}limits:`, ...limitLines.map((l) => unit + unit + unit + l)],
    ),
  );
}

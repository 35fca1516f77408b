import type { Node } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonKey, NestedField, RemovedKey } from '../keyTypes';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from '../model';
import { indentOf, renameKey, replaceNode, valueText } from '../edits';
import { versionAtLeast, BUILDER_FIELDS, REMOVED_LOG_OPTS } from '../keys';
import {
  keyRange,
  keysOwnedBy,
  removeKeyFix,
  renameFix,
  siblingHas,
  unknownDirectives,
  workingProperties,
  CheckedKey,
} from '../validity';

export const daemonRemovedKey: Rule<DaemonContext> = {
  id: 'daemon-removed-key',
  kind: 'daemon',
  severity: 'error',
  title: 'Removed or deprecated key',
  rationale:
    "Keys from older Engine releases (`graph`, `cluster-store`, `disable-legacy-registry`, `api-cors-header` ...) make today's dockerd refuse to start; deprecated ones still load but do nothing, or stop working at the next upgrade.",
  remedy: 'Rename the key to its successor (`graph` → `data-root`) or remove it.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Rename to the successor key', 'Remove the key', 'Express keepDuration as an until= filter'],
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    for (const k of keysOwnedBy(model, 'daemon-removed-key')) {
      const r = keyReport(model, k);
      if (r) out.push(r);
    }
    out.push(...removedLogOpts(model), ...removedBuilderFields(model));
    return out;
  },
};

function keyReport(model: DaemonModel, k: CheckedKey): Report | undefined {
  const { prop, verdict } = k;
  const range = keyRange(model, prop);
  const names = k.refused.length ? k.refused.map((r) => r.key) : [prop.key];
  if (verdict.kind === 'removed') {
    return {
      range,
      message: removedMessage(verdict.removed, names),
      fixes: [successorFix(model, prop, verdict.removed.renameTo)],
    };
  }
  if (verdict.kind === 'removed-row') {
    const row = verdict.row;
    const error = row.removedError?.version === model.version ? row.removedError.text : unknownDirectives(names);
    return {
      range,
      message: `"${prop.key}" was removed in Engine ${row.removedIn}: dockerd ${model.version} refuses to start with "${error}". ${row.replacement ? `Use "${row.replacement}".` : 'Remove it.'}`,
      fixes: [successorFix(model, prop, row.replacement)],
    };
  }
  if (verdict.kind === 'deprecated') return deprecatedReport(model, prop, verdict.row);
  return undefined;
}

function removedMessage(removed: RemovedKey, names: string[]): string {
  const instead = removed.renameTo ? ` Rename it to "${removed.renameTo}".` : ' Remove it.';
  return `"${removed.key}" was removed in Engine ${removed.removedIn}: dockerd refuses to start with "${unknownDirectives(names)}". ${removed.explanation}${instead}`;
}

/** Rename to the successor when there is one and it is not set yet; else remove. */
function successorFix(model: DaemonModel, prop: JsonProperty, to: string | undefined): Fix {
  if (to && !siblingHas(prop, to)) return renameFix(model, prop, to, true);
  return removeKeyFix(model, prop, {
    preferred: true,
    ...(to ? { title: `Remove "${prop.key}" ("${to}" is already set)` } : {}),
  });
}

function deprecatedReport(model: DaemonModel, prop: JsonProperty, row: DaemonKey): Report | undefined {
  const range = keyRange(model, prop);
  if (row.ignoredIn && versionAtLeast(row.ignoredIn, model.version)) {
    return {
      range,
      message: `"${prop.key}" has been ignored since Engine ${row.ignoredIn}: dockerd still accepts it but does nothing with it. Remove it.`,
      severity: 'warning',
      fixes: [removeKeyFix(model, prop, { preferred: true })],
    };
  }
  const to = row.replacement;
  // both the deprecated key and its successor: daemon-conflict reports the pair (dockerd refuses it)
  if (to && model.effective.has(to)) return undefined;
  const removal = row.removedIn
    ? ` It is removed in Engine ${row.removedIn}, where dockerd refuses to start with it.`
    : '';
  const fixes: Fix[] = [];
  if (to) {
    const value = valueOf(prop.valueNode);
    const target = toSuccessorValue(value);
    fixes.push(
      target !== value && prop.valueNode
        ? {
            title: `Rename to "${to}"`,
            edits: [
              renameKey(model, prop, to),
              replaceNode(model, prop.valueNode, valueText(model, target, indentOf(model, prop.node))),
            ],
            isPreferred: true,
          }
        : renameFix(model, prop, to, true),
    );
  } else fixes.push(removeKeyFix(model, prop, { preferred: true }));
  return {
    range,
    message: `"${prop.key}" is deprecated since Engine ${row.deprecatedIn}.${removal} ${to ? `Use "${to}" instead.` : 'Remove it.'}`,
    severity: 'warning',
    fixes,
  };
}

/** host-gateway-ip (one address) → host-gateway-ips (a list). */
function toSuccessorValue(value: unknown): unknown {
  return typeof value === 'string' ? [value] : value;
}

function effectiveLogDriver(model: DaemonModel): string {
  const v = valueOf(model.effective.get('log-driver')?.valueNode);
  return typeof v === 'string' ? v : 'json-file';
}

/** `log-opts` options of the selected driver that were removed or deprecated (`fluentd-async-connect`). */
function removedLogOpts(model: DaemonModel): Report[] {
  const logOpts = workingProperties(model).find((w) => w.prop.key === 'log-opts')?.prop;
  if (logOpts?.valueNode?.type !== 'object') return [];
  const driver = effectiveLogDriver(model);
  const out: Report[] = [];
  for (const p of propertiesOf(logOpts.valueNode)) {
    const removed = REMOVED_LOG_OPTS.find((r) => r.key === p.key && r.driver === driver);
    if (!removed) continue;
    const gone = versionAtLeast(removed.removedIn, model.version);
    if (!gone && !(removed.deprecatedIn && versionAtLeast(removed.deprecatedIn, model.version))) continue;
    const instead = removed.replacement ? ` Use "${removed.replacement}".` : ' Remove it.';
    out.push({
      range: keyRange(model, p),
      message: gone
        ? `The ${driver} log option "${p.key}" was removed in Engine ${removed.removedIn}: dockerd refuses to start with "unknown log opt '${p.key}' for ${driver} log driver".${instead}`
        : `The ${driver} log option "${p.key}" is deprecated since Engine ${removed.deprecatedIn} and removed in ${removed.removedIn}.${instead}`,
      ...(gone ? {} : { severity: 'warning' as const }),
      fixes: [successorFix(model, p, removed.replacement)],
    });
  }
  return out;
}

/** Case-insensitive field lookup (dockerd matches builder fields so). */
function field(object: Node | undefined, name: string): JsonProperty | undefined {
  const props = propertiesOf(object).filter((p) => p.key.toLowerCase() === name.toLowerCase());
  return props[props.length - 1];
}

/**
 * builder.gc: `defaultKeepStorage` and policy `keepStorage` are deprecated aliases from Engine 28; `keepDuration`
 * (in the official example) is no field at all: dockerd ignores it, the age goes into `filter: ["until=48h"]`.
 */
function removedBuilderFields(model: DaemonModel): Report[] {
  const builder = workingProperties(model).find((w) => w.prop.key === 'builder')?.prop;
  const gc = field(builder?.valueNode, 'gc');
  if (gc?.valueNode?.type !== 'object') return [];
  const gcFields = BUILDER_FIELDS.find((f) => f.key === 'gc')?.fields ?? [];
  const out = deprecatedFields(model, gc.valueNode, gcFields, 'builder.gc');
  const policy = field(gc.valueNode, 'policy');
  const policyFields = gcFields.find((f) => f.key === 'policy')?.fields ?? [];
  for (const item of policy?.valueNode?.type === 'array' ? (policy.valueNode.children ?? []) : []) {
    if (item.type !== 'object') continue;
    out.push(...deprecatedFields(model, item, policyFields, 'builder.gc.policy[]'));
    const keep = field(item, 'keepDuration');
    if (!keep) continue;
    const age = valueOf(keep.valueNode);
    const fix = typeof age === 'string' ? keepDurationFix(model, item, keep, age) : undefined;
    out.push({
      range: keyRange(model, keep),
      message: `"keepDuration" is not a field of a builder GC policy (the official example has it, but dockerd's BuilderGCRule does not): dockerd ignores it, so nothing is kept or pruned by age. Write the age as a filter: "filter": ["until=${typeof age === 'string' ? age : '48h'}"].`,
      severity: 'warning',
      fixes: fix ? [fix] : [],
    });
  }
  return out;
}

function deprecatedFields(model: DaemonModel, object: Node, fields: readonly NestedField[], where: string): Report[] {
  const out: Report[] = [];
  for (const f of fields) {
    if (!f.deprecatedIn || !versionAtLeast(f.deprecatedIn, model.version)) continue;
    const p = field(object, f.key);
    if (!p) continue;
    const successor =
      f.replacement && propertiesOf(object).some((q) => q.key.toLowerCase() === f.replacement!.toLowerCase())
        ? undefined
        : f.replacement;
    out.push({
      range: keyRange(model, p),
      message: `"${where}.${p.key}" is a deprecated alias since Engine ${f.deprecatedIn}.${f.replacement ? ` Use "${f.replacement}".` : ''}`,
      severity: 'warning',
      fixes: [successor ? renameFix(model, p, successor, true) : removeKeyFix(model, p, { preferred: true })],
    });
  }
  return out;
}

function keepDurationFix(model: DaemonModel, item: Node, keep: JsonProperty, age: string): Fix {
  const title = `Replace keepDuration by "until=${age}" in filter`;
  const filter = field(item, 'filter');
  const until = JSON.stringify(`until=${age}`);
  if (!filter) return { title, edits: [replaceNode(model, keep.node, `"filter": [${until}]`)], isPreferred: true };
  const edits: TextEdit[] = removeKeyFix(model, keep).edits;
  const list = filter.valueNode;
  const current = valueOf(list);
  const hasAge = Array.isArray(current) && current.some((f) => typeof f === 'string' && /^(until|unused-for)=/.test(f));
  if (list?.type === 'array' && !hasAge) {
    const last = list.children?.[list.children.length - 1];
    edits.push(
      last
        ? { range: model.range(last.offset + last.length, last.offset + last.length), newText: `, ${until}` }
        : replaceNode(model, list, `[${until}]`),
    );
  }
  return { title, edits, isPreferred: true };
}

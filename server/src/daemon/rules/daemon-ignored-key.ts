import type { Node } from 'jsonc-parser';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { IgnoredSpelling, NestedField } from '../keyTypes';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from '../model';
import { indentOf, renameKey, replaceNode, valueText } from '../edits';
import { daemonKey, versionAtLeast, BUILDER_FIELDS, KNOWN_FEATURES } from '../keys';
import {
  engineTarget,
  keyRange,
  keysOwnedBy,
  moveIntoProxiesFix,
  quoted,
  removeKeyFix,
  renameFix,
  siblingHas,
  suggest,
  workingProperties,
  CheckedKey,
  KeyVerdict,
} from '../validity';

/** builder fields daemon-removed-key reports (deprecated aliases, and `keepDuration`, which is no field at all). */
const REMOVED_BUILDER_FIELDS = new Set(['defaultkeepstorage', 'keepstorage', 'keepduration']);

export const daemonIgnoredKey: Rule<DaemonContext> = {
  id: 'daemon-ignored-key',
  kind: 'daemon',
  severity: 'error',
  title: 'Key dockerd accepts but ignores',
  rationale:
    "Some keys pass dockerd's check because a command-line flag has that name, yet no setting reads them (`host`, `label`, `log-opt`, top-level `http-proxy` ...): the daemon starts without the setting, and the configuration only looks hardened.",
  remedy: 'Use the key dockerd reads (`hosts`, `labels`, `log-opts`, `proxies` ...), or remove the key.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: [
    'Rename to the key dockerd reads',
    'Move into "proxies"',
    'Move the settings to the top level',
    'Remove the key',
  ],
  fixSafety: 'mixed',
  check({ model }) {
    const out: Report[] = [];
    for (const k of keysOwnedBy(model, 'daemon-ignored-key')) {
      if (k.verdict.kind === 'ignored-spelling') out.push(spellingReport(model, k.prop, k.verdict.spelling));
      else if (k.verdict.kind === 'not-read') out.push(notReadReport(model, k, k.verdict));
    }
    for (const { prop } of workingProperties(model)) {
      if (prop.valueNode?.type !== 'object') continue;
      if (prop.key === 'builder') out.push(...unreadFields(model, prop.valueNode, BUILDER_FIELDS, ['builder']));
      if (prop.key === 'features') out.push(...featureTypos(model, prop.valueNode));
    }
    return out;
  },
};

/**
 * A fix that makes a setting dockerd ignored take effect (a rename, a move into "proxies" or to the top level) changes
 * what the host does: a person reviews it (docs/fixes.md); removing an ignored key changes nothing and stays safe.
 */
function takesEffect(fix: Fix): Fix {
  return { ...fix, manual: true };
}

function spellingReport(model: DaemonModel, prop: JsonProperty, spelling: IgnoredSpelling): Report {
  const range = keyRange(model, prop);
  if (spelling.moveUnder) {
    const moved = moveIntoProxiesFix(model);
    const fix = moved && takesEffect(moved);
    return {
      range,
      message: `Top-level "${prop.key}" is accepted by dockerd but nothing reads it: the daemon's proxy settings live inside "${spelling.moveUnder}" (since Engine 23), so this proxy is not used. Move it into "${spelling.moveUnder}".`,
      fixes: fix ? [fix] : [],
    };
  }
  if (prop.key === 'validate') {
    const on = valueOf(prop.valueNode) === true;
    return {
      range,
      message: on
        ? '"validate": true is pushed into dockerd\'s --validate flag: dockerd checks this file, prints "configuration OK" and exits instead of starting the daemon. Remove it; run `dockerd --validate --config-file <file>` to check a file.'
        : `"validate" is not a setting: dockerd pushes it into its --validate flag (with true, dockerd only checks the file and exits). Remove it.`,
      fixes: [removeKeyFix(model, prop, { preferred: true })],
    };
  }
  if (!spelling.to) {
    return {
      range,
      // a key nobody writes for a setting (version, help, deprecated-key-path): no setting is lost
      ...(spelling.noSetting ? { severity: 'warning' as const } : {}),
      message: `"${prop.key}" is accepted by dockerd but has no effect. ${spelling.effect} Remove it.`,
      fixes: [removeKeyFix(model, prop, { preferred: true })],
    };
  }
  const to = spelling.to;
  const base = `"${prop.key}" is the command-line flag's name: dockerd accepts it in daemon.json, but no setting reads it, so it has no effect. The daemon.json key is "${to}".`;
  if (siblingHas(prop, to)) {
    return {
      range,
      message: `${base} "${to}" is already set, so remove this one.`,
      fixes: [removeKeyFix(model, prop, { preferred: true })],
    };
  }
  const converted = convertFor(to, valueOf(prop.valueNode));
  if (converted === undefined) {
    return {
      range,
      message: `${base} Its value does not fit "${to}" (${daemonKey(to)?.type ?? 'another type'}): write "${to}" with the right value, or remove this key.`,
      fixes: [removeKeyFix(model, prop, { manual: true })],
    };
  }
  const fix: Fix =
    converted.changed && prop.valueNode
      ? {
          title: `Rename to "${to}"`,
          edits: [
            renameKey(model, prop, to),
            replaceNode(model, prop.valueNode, valueText(model, converted.value, indentOf(model, prop.node))),
          ],
          isPreferred: true,
        }
      : renameFix(model, prop, to, true);
  return {
    range,
    message: `${base} Rename it${converted.changed ? ` (the value becomes ${JSON.stringify(converted.value)})` : ''}.`,
    fixes: [takesEffect(fix)],
  };
}

/**
 * The value of a flag spelling as the daemon.json key wants it: a string becomes a one-element list, `k=v` strings
 * become a `log-opts` object, `nofile=soft:hard` a `default-ulimits` entry. Undefined when it cannot be converted.
 */
function convertFor(to: string, value: unknown): { value: unknown; changed: boolean } | undefined {
  const row = daemonKey(to);
  if (!row) return undefined;
  const strings =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  switch (row.type) {
    case 'string-array':
      if (Array.isArray(value)) return { value, changed: false };
      return typeof value === 'string' ? { value: [value], changed: true } : undefined;
    case 'object':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { value, changed: false };
      if (!strings) return undefined;
      if (to === 'log-opts') {
        const pairs = strings.map((s) => /^([^=]+)=(.*)$/s.exec(s));
        return pairs.every(Boolean)
          ? { value: Object.fromEntries(pairs.map((m) => [m![1], m![2]])), changed: true }
          : undefined;
      }
      if (to === 'default-ulimits') {
        const limits = strings.map((s) => /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(s));
        if (!limits.every(Boolean)) return undefined;
        return {
          value: Object.fromEntries(
            limits.map((m) => [m![1], { Name: m![1], Hard: Number(m![3] ?? m![2]), Soft: Number(m![2]) }]),
          ),
          changed: true,
        };
      }
      return undefined;
    default:
      return undefined;
  }
}

function notReadReport(model: DaemonModel, k: CheckedKey, v: Extract<KeyVerdict, { kind: 'not-read' }>): Report {
  const { prop } = k;
  const range = keyRange(model, prop);
  if (k.parent) {
    return {
      range,
      message: `"${prop.key}" inside "${v.container}" is accepted by dockerd (it reads the keys of "${v.container}" as settings) but nothing reads it there: it has no effect. "${v.container}" takes ${quoted(['http-proxy', 'https-proxy', 'no-proxy'])}; move "${prop.key}" to the top level if you meant the setting.`,
      fixes: [removeKeyFix(model, prop, { manual: true })],
    };
  }
  const inner = propertiesOf(prop.valueNode);
  const what = inner.length
    ? `dockerd reads the keys inside an object that is not one of its own as top-level settings, so it accepts ${quoted(
        inner.map((p) => p.key),
        'and',
      )} here, and then nothing reads "${prop.key}": they have no effect.`
    : 'dockerd accepts an empty object under any name, and nothing reads it.';
  const s = v.suggestions;
  const fixes: Fix[] = [];
  if (s.length === 1 && !siblingHas(prop, s[0])) fixes.push(takesEffect(renameFix(model, prop, s[0], true)));
  const hoist = hoistFix(model, prop, inner);
  if (hoist) fixes.push(takesEffect(hoist));
  else if (!inner.length) fixes.push(removeKeyFix(model, prop, { preferred: !s.length }));
  return {
    range,
    message: `"${prop.key}" is not a daemon.json section: ${what}${s.length ? ` Did you mean ${quoted(s)}?` : inner.length ? ' Move them to the top level.' : ' Remove it.'}`,
    fixes,
  };
}

/** Replace `"wrapper": { a, b }` by `a, b` at the top level, when none of them is set there already. */
function hoistFix(model: DaemonModel, prop: JsonProperty, inner: JsonProperty[]): Fix | undefined {
  if (!inner.length || inner.some((p) => model.effective.has(p.key))) return undefined;
  const sep = ',' + model.eol + indentOf(model, prop.node);
  const text = inner.map((p) => model.text.slice(p.node.offset, p.node.offset + p.node.length)).join(sep);
  return { title: 'Move the settings to the top level', edits: [replaceNode(model, prop.node, text)] };
}

/**
 * dockerd does not check the names inside `builder` and matches them case-insensitively: a misspelt field, or one
 * the configured Engine does not have yet, is silently ignored.
 */
function unreadFields(model: DaemonModel, object: Node, fields: readonly NestedField[], path: string[]): Report[] {
  const out: Report[] = [];
  for (const p of propertiesOf(object)) {
    const field = fields.find((f) => f.key.toLowerCase() === p.key.toLowerCase());
    const where = [...path, p.key].join('.');
    if (!field) {
      if (REMOVED_BUILDER_FIELDS.has(p.key.toLowerCase())) continue;
      const s = suggest(
        p.key,
        fields.map((f) => f.key),
      );
      const fixes =
        s.length === 1 && !siblingHas(p, s[0])
          ? [takesEffect(renameFix(model, p, s[0], true))]
          : [removeKeyFix(model, p, { manual: true })];
      out.push({
        range: keyRange(model, p),
        message: `"${where}" is not a field dockerd reads: it does not check the keys inside "builder", so this one is silently ignored.${s.length ? ` Did you mean ${quoted(s)}?` : ` It takes ${quoted(fields.map((f) => f.key))}.`}`,
        fixes,
      });
      continue;
    }
    if (field.since && !versionAtLeast(field.since, model.version)) {
      const alias = fields.find((f) => f.replacement === field.key);
      out.push({
        range: keyRange(model, p),
        message: `"${where}" was added in Engine ${field.since}; ${engineTarget(model)}, and that dockerd silently ignores it.${alias ? ` Engine ${model.version} calls it "${alias.key}".` : ''}`,
        severity: 'warning',
        fixes: [],
      });
      continue;
    }
    if (field.fields && p.valueNode?.type === 'object')
      out.push(...unreadFields(model, p.valueNode, field.fields, [...path, p.key]));
    if (field.fields && field.type === 'object-array' && p.valueNode?.type === 'array') {
      for (const item of p.valueNode.children ?? [])
        if (item.type === 'object') out.push(...unreadFields(model, item, field.fields, [...path, p.key]));
    }
  }
  return out;
}

/** `features` takes any name and ignores the ones it does not know: a near miss of a known feature is a typo. */
function featureTypos(model: DaemonModel, features: Node): Report[] {
  const known = KNOWN_FEATURES.filter((f) => f.platforms.includes(model.platform)).map((f) => f.name);
  const out: Report[] = [];
  for (const p of propertiesOf(features)) {
    if (KNOWN_FEATURES.some((f) => f.name === p.key)) continue;
    const s = suggest(p.key, known);
    if (!s.length) continue;
    out.push({
      range: keyRange(model, p),
      message: `dockerd does not check the names in "features" and ignores "${p.key}". Did you mean ${quoted(s)}?`,
      fixes: s.length === 1 && !siblingHas(p, s[0]) ? [takesEffect(renameFix(model, p, s[0], true))] : [],
    });
  }
  return out;
}

import type { Node } from 'jsonc-parser';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { Fix } from '../rules/types';
import type { DaemonKey, IgnoredSpelling, RejectedField, RemovedKey } from './keyTypes';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from './model';
import { removeProperty, renameKey, replaceNode, indentOf, valueText, insertProperties } from './edits';
import { editDistance } from '../text/editDistance';
import {
  acceptedKeys,
  daemonKey,
  isFlatOption,
  validKeys,
  versionAtLeast,
  IGNORED_SPELLINGS,
  PROXIES_FIELDS,
  REJECTED_FIELDS,
  REMOVED_KEYS,
} from './keys';
import { joinList } from '../text/list';

/*
 * How dockerd checks the names in daemon.json (facts §1.2 steps 4–5), shared by the key rules: daemon-unknown-key,
 * daemon-ignored-key, daemon-removed-key and daemon-wrong-platform each report the keys whose verdict is theirs, so
 * one key is never reported by two of them. daemon-wrong-type and daemon-invalid-value look only at keys whose
 * verdict is `ok`.
 */

// ---------------------------------------------------------------------------------------------------------------
// "Did you mean"
// ---------------------------------------------------------------------------------------------------------------

/** `dataRoot`, `Data_Root`, `data root` → `data-root`. */
function normalized(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
}

/**
 * The candidates a misspelt name most likely means: the same name in another case or separator style; else those at
 * the smallest edit distance (at most 2, or 1 for names of four characters or fewer); else the one candidate the name
 * is the beginning of (`json` → `json-file`).
 */
export function suggest(name: string, candidates: readonly string[]): string[] {
  const n = normalized(name);
  const same = candidates.filter((c) => normalized(c) === n && c !== name);
  if (same.length) return same;
  const limit = n.length <= 4 ? 1 : 2;
  let best = limit + 1;
  let out: string[] = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(n, normalized(c), limit);
    if (d > limit) continue;
    if (d < best) {
      best = d;
      out = [c];
    } else if (d === best) out.push(c);
  }
  if (out.length) return out;
  const starts = n.length >= 3 ? candidates.filter((c) => normalized(c).startsWith(n)) : [];
  return starts.length === 1 ? starts : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Texts and edits shared by the key rules
// ---------------------------------------------------------------------------------------------------------------

/** dockerd's unknown-key error (it lists the keys in random order; here in document order). */
export function unknownDirectives(names: readonly string[]): string {
  return `the following directives don't match any configuration option: ${names.join(', ')}`;
}

export function engineTarget(model: DaemonModel): string {
  return `this file targets Engine ${model.version} (setting bulkhead.daemon.engineVersion)`;
}

export function keyRange(model: DaemonModel, prop: JsonProperty): Range {
  return model.range(prop.keyNode.offset, prop.keyNode.offset + prop.keyNode.length);
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"` (with `and` for a list of things that all hold). */
export function quoted(names: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return joinList(
    names.map((n) => `"${n}"`),
    conjunction,
  );
}

/** Every occurrence of `prop`'s key among its siblings (an earlier duplicate would take over once the last is gone). */
export function occurrences(prop: JsonProperty): JsonProperty[] {
  return propertiesOf(prop.node.parent).filter((p) => p.key === prop.key);
}

/**
 * Remove several properties of one object. Neighbouring ones go as one block, so the edits never overlap (two
 * separate removals of adjacent properties would both claim the comma between them).
 */
export function removeAll(model: DaemonModel, props: readonly JsonProperty[]): TextEdit[] {
  const parent = props[0]?.node.parent;
  const siblings = parent?.children ?? [];
  const marked = new Set(props.map((p) => p.node));
  const edits: TextEdit[] = [];
  for (let i = 0; i < siblings.length; i++) {
    if (!marked.has(siblings[i])) continue;
    let j = i;
    while (j + 1 < siblings.length && marked.has(siblings[j + 1])) j++;
    const first = siblings[i];
    const last = siblings[j];
    // one synthetic property spanning the run, among the siblings that stay
    const block: { -readonly [K in keyof Node]: Node[K] } = {
      ...first,
      length: last.offset + last.length - first.offset,
    };
    block.parent = { ...parent!, children: [...siblings.slice(0, i), block, ...siblings.slice(j + 1)] };
    const keyNode = first.children![0];
    edits.push(removeProperty(model, { key: '', node: block, keyNode, valueNode: undefined }));
    i = j;
  }
  return edits;
}

export function removeKeyFix(
  model: DaemonModel,
  prop: JsonProperty,
  opts: { title?: string; preferred?: boolean; manual?: boolean } = {},
): Fix {
  return {
    title: opts.title ?? `Remove "${prop.key}"`,
    edits: removeAll(model, occurrences(prop)),
    ...(opts.preferred ? { isPreferred: true } : {}),
    ...(opts.manual ? { manual: true } : {}),
  };
}

/** Rename a key (every occurrence, so no earlier duplicate takes over under the old name). */
export function renameFix(model: DaemonModel, prop: JsonProperty, to: string, preferred: boolean): Fix {
  return {
    title: `Rename to "${to}"`,
    edits: occurrences(prop).map((p) => renameKey(model, p, to)),
    ...(preferred ? { isPreferred: true } : {}),
  };
}

/** Whether `prop`'s object already has `key` (a rename to it would write the key twice). */
export function siblingHas(prop: JsonProperty, key: string): boolean {
  return propertiesOf(prop.node.parent).some((p) => p.key === key);
}

/**
 * One fix that moves every top-level proxy setting into `"proxies"` (dockerd ignores them at the top level, and the
 * client's `httpProxy` spellings are unknown there): into the existing object, where a key it already has is just
 * removed (the value inside wins), or as a new `"proxies"` object where the first of them stood. Every finding about
 * a top-level proxy key offers this same fix, so "Fix all" applies it once.
 */
export function moveIntoProxiesFix(model: DaemonModel): Fix | undefined {
  const byTarget = new Map<string, JsonProperty>();
  const moved: JsonProperty[] = [];
  for (const p of effectiveProps(model.properties)) {
    const target = TOP_LEVEL_PROXY_KEYS[p.key];
    if (!target) continue;
    byTarget.set(target, p); // of two spellings of one setting the later wins, as it would inside proxies
    moved.push(p);
  }
  if (!moved.length) return undefined;
  const title = `Move ${quoted(moved.map((p) => p.key))} into "proxies"`;
  const gone = moved.flatMap((p) => occurrences(p));
  const entries = [...byTarget].map(([key, p]) => [key, valueOf(p.valueNode)] as const);
  const proxies = model.effective.get('proxies');
  if (proxies) {
    if (proxies.valueNode?.type !== 'object') return undefined;
    const inside = new Set(propertiesOf(proxies.valueNode).map((p) => p.key));
    const insert = insertProperties(
      model,
      entries.filter(([k]) => !inside.has(k)),
      proxies.valueNode,
    );
    return { title, edits: [...(insert ? [insert] : []), ...removeAll(model, gone)], isPreferred: true };
  }
  const first = gone.reduce((a, b) => (b.node.offset < a.node.offset ? b : a));
  const replaced = `"proxies": ${valueText(model, Object.fromEntries(entries), indentOf(model, first.node))}`;
  return {
    title,
    edits: [
      replaceNode(model, first.node, replaced),
      ...removeAll(
        model,
        gone.filter((p) => p !== first),
      ),
    ],
    isPreferred: true,
  };
}

/** The client's proxy keys (~/.docker/config.json) and their daemon.json names. */
export const CLIENT_PROXY_KEYS: Readonly<Record<string, string>> = {
  httpProxy: 'http-proxy',
  httpsProxy: 'https-proxy',
  noProxy: 'no-proxy',
};

/** Top-level keys that mean a proxy setting, and its name inside `"proxies"`. */
const TOP_LEVEL_PROXY_KEYS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(PROXIES_FIELDS.map((f) => [f.key, f.key])),
  ...CLIENT_PROXY_KEYS,
};

// ---------------------------------------------------------------------------------------------------------------
// The verdict on each name dockerd checks
// ---------------------------------------------------------------------------------------------------------------

/** Keys of the Docker client's ~/.docker/config.json that people paste into daemon.json (facts M7). */
const CLIENT_KEYS = new Set([
  'auths',
  'credsStore',
  'credHelpers',
  'HttpHeaders',
  'psFormat',
  'imagesFormat',
  'detachKeys',
  'currentContext',
  'cliPluginsExtraDirs',
  'plugins',
  'stackOrchestrator',
  'httpProxy',
  'httpsProxy',
  'noProxy',
  'ftpProxy',
  'allProxy',
]);

/** Keys people write as notes. JSON has no comments, and dockerd takes them for settings. */
const COMMENT_KEY = /^(\/\/|#|_+|__.*|_?comments?|_?notes?)$/i;

export type UnknownReason = 'later' | 'rejected' | 'client' | 'comment' | 'none';

export type KeyVerdict =
  | { kind: 'ok' }
  /** An accepted flag name no field reads (daemon-ignored-key). */
  | { kind: 'ignored-spelling'; spelling: IgnoredSpelling }
  /** Accepted after dockerd flattened an object, but nothing reads it (daemon-ignored-key). */
  | { kind: 'not-read'; container: string; suggestions: string[] }
  /** Removed before Engine 27 (daemon-removed-key). */
  | { kind: 'removed'; removed: RemovedKey }
  /** A table key removed by the configured Engine (daemon-removed-key). */
  | { kind: 'removed-row'; row: DaemonKey }
  /** A table key still accepted but deprecated or ignored (daemon-removed-key, warning). */
  | { kind: 'deprecated'; row: DaemonKey }
  /** A key of the other platform (daemon-wrong-platform). */
  | { kind: 'other-platform'; row?: DaemonKey; spelling?: IgnoredSpelling }
  /** Refused as unknown (daemon-unknown-key). */
  | { kind: 'unknown'; reason: UnknownReason; suggestions: string[]; row?: DaemonKey; rejected?: RejectedField };

export interface CheckedKey {
  /** The property whose name is judged. */
  prop: JsonProperty;
  /** The top-level object dockerd flattened it out of. */
  parent?: JsonProperty;
  verdict: KeyVerdict;
  /** When `prop` holds an object dockerd flattens: the names inside that it refuses (they name the error). */
  refused: JsonProperty[];
}

const OWNER: Record<KeyVerdict['kind'], string | undefined> = {
  ok: undefined,
  'ignored-spelling': 'daemon-ignored-key',
  'not-read': 'daemon-ignored-key',
  removed: 'daemon-removed-key',
  'removed-row': 'daemon-removed-key',
  deprecated: 'daemon-removed-key',
  'other-platform': 'daemon-wrong-platform',
  unknown: 'daemon-unknown-key',
};

/** The rule that reports a verdict. */
export function ownerOf(verdict: KeyVerdict): string | undefined {
  return OWNER[verdict.kind];
}

/** The last property of each key, in document order (dockerd decodes into a map: the last one wins). */
export function effectiveProps(props: readonly JsonProperty[]): JsonProperty[] {
  const last = new Map<string, JsonProperty>();
  for (const p of props) last.set(p.key, p);
  return props.filter((p) => last.get(p.key) === p);
}

function unknownVerdict(model: DaemonModel, name: string, within?: string): KeyVerdict {
  const row = daemonKey(name);
  const rejected = REJECTED_FIELDS.find((r) => r.key === name);
  const candidates = within === 'proxies' ? PROXIES_FIELDS.map((f) => f.key) : workingKeyNames(model);
  const suggestions = COMMENT_KEY.test(name)
    ? []
    : within === 'proxies' && CLIENT_PROXY_KEYS[name]
      ? [CLIENT_PROXY_KEYS[name]]
      : suggest(name, candidates);
  if (row && !versionAtLeast(row.since, model.version))
    return { kind: 'unknown', reason: 'later', suggestions: [], row, rejected };
  if (rejected) return { kind: 'unknown', reason: 'rejected', suggestions: [], rejected };
  if (CLIENT_KEYS.has(name) || (within === 'proxies' && name === 'default'))
    return { kind: 'unknown', reason: 'client', suggestions };
  if (COMMENT_KEY.test(name)) return { kind: 'unknown', reason: 'comment', suggestions: [] };
  return { kind: 'unknown', reason: 'none', suggestions };
}

/** Keys that take effect for the file's Engine and platform, deprecated ones left out: what a typo should become. */
function workingKeyNames(model: DaemonModel): string[] {
  return validKeys(model.version, model.platform).filter((k) => {
    const row = daemonKey(k);
    return !(row?.deprecatedIn && versionAtLeast(row.deprecatedIn, model.version));
  });
}

const acceptedCache = new Map<string, Set<string>>();

/** The names dockerd's unknown-key check lets through, for the file's Engine and platform (computed once each). */
function accepted(model: DaemonModel): Set<string> {
  const id = `${model.version}/${model.platform}`;
  let keys = acceptedCache.get(id);
  if (!keys) acceptedCache.set(id, (keys = acceptedKeys(model.version, model.platform)));
  return keys;
}

/** The verdict on a name dockerd checks as it stands (not flattened). */
export function verdictByName(model: DaemonModel, name: string, within?: string): KeyVerdict {
  const { version, platform } = model;
  const row = daemonKey(name);
  if (accepted(model).has(name)) {
    const spelling = IGNORED_SPELLINGS.find(
      (s) => s.key === name && s.platforms.includes(platform) && (!s.since || versionAtLeast(s.since, version)),
    );
    if (spelling && within !== 'proxies') return { kind: 'ignored-spelling', spelling };
    if (within === 'proxies' && !PROXIES_FIELDS.some((f) => f.key === name))
      return { kind: 'not-read', container: within, suggestions: [] };
    if (row) {
      if (row.removedError?.version === version) return { kind: 'removed-row', row };
      if (row.ignoredIn && versionAtLeast(row.ignoredIn, version)) return { kind: 'deprecated', row };
      if (row.deprecatedIn && versionAtLeast(row.deprecatedIn, version)) return { kind: 'deprecated', row };
    }
    return { kind: 'ok' };
  }
  const removed = REMOVED_KEYS.find((k) => k.key === name);
  if (removed) return { kind: 'removed', removed };
  if (row?.removedIn && versionAtLeast(row.removedIn, version)) return { kind: 'removed-row', row };
  if (row && !row.platforms.includes(platform)) return { kind: 'other-platform', row };
  const spelling = IGNORED_SPELLINGS.find((s) => s.key === name);
  if (spelling && !spelling.platforms.includes(platform)) return { kind: 'other-platform', spelling };
  return unknownVerdict(model, name, within);
}

const cache = new WeakMap<DaemonModel, CheckedKey[]>();

/**
 * Every name dockerd checks, with its verdict, in document order. An object value (other than the flat options) is
 * replaced by its children, as dockerd does: the children are judged, except where the object's own name says more
 * (a misspelt `log-opts`, a removed or other-platform key, a typed key given an object), which is then reported once.
 */
export function checkedKeys(model: DaemonModel): CheckedKey[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const out: CheckedKey[] = [];
  for (const top of effectiveProps(model.properties)) {
    const value = top.valueNode;
    if (value?.type !== 'object' || isFlatOption(top.key, model.version)) {
      out.push({ prop: top, verdict: verdictByName(model, top.key), refused: [] });
      continue;
    }
    const children = effectiveProps(propertiesOf(value));
    const refused = children.filter((c) => !accepted(model).has(c.key));
    const own = verdictByName(model, top.key);
    if (own.kind === 'ok' && top.key === 'proxies') {
      out.push({ prop: top, verdict: own, refused: [] });
      for (const c of children)
        out.push({ prop: c, parent: top, verdict: verdictByName(model, c.key, 'proxies'), refused: [] });
    } else if (own.kind === 'ignored-spelling') {
      // `"log-opt": {...}`: flattened, so its keys are checked as settings
      out.push({
        prop: top,
        verdict: refused.length
          ? { kind: 'unknown', reason: 'none', suggestions: own.spelling.to ? [own.spelling.to] : [] }
          : own,
        refused,
      });
    } else if (own.kind !== 'unknown') {
      out.push({ prop: top, verdict: own, refused });
    } else if (!refused.length) {
      out.push({ prop: top, verdict: { kind: 'not-read', container: top.key, suggestions: own.suggestions }, refused });
    } else if (own.reason !== 'none' || own.suggestions.length) {
      out.push({ prop: top, verdict: own, refused });
    } else {
      for (const c of refused) out.push({ prop: c, parent: top, verdict: verdictByName(model, c.key), refused: [] });
    }
  }
  cache.set(model, out);
  return out;
}

/** The checked names a rule reports. */
export function keysOwnedBy(model: DaemonModel, rule: string): CheckedKey[] {
  return checkedKeys(model).filter((k) => ownerOf(k.verdict) === rule);
}

/**
 * The top-level properties whose name is fine (verdict `ok`): the ones daemon-wrong-type and daemon-invalid-value
 * check, with their table row.
 */
export function workingProperties(model: DaemonModel): { prop: JsonProperty; row: DaemonKey }[] {
  const out: { prop: JsonProperty; row: DaemonKey }[] = [];
  for (const k of checkedKeys(model)) {
    if (k.parent || k.verdict.kind !== 'ok') continue;
    const row = daemonKey(k.prop.key);
    if (row) out.push({ prop: k.prop, row });
  }
  return out;
}

/** The names inside an object dockerd flattens that it refuses (for the wrong-type message of `"debug": {...}`). */
export function refusedInside(model: DaemonModel, prop: JsonProperty): string[] {
  return (
    checkedKeys(model)
      .find((k) => k.prop === prop)
      ?.refused.map((r) => r.key) ?? []
  );
}

/**
 * Earlier occurrences of a key whose Go field is a map or a struct (log-opts, proxies, features, runtimes, builder ...),
 * when they and the effective one are objects: dockerd's typed decode (json.Unmarshal into Config) fills the same map
 * or struct with each, so all apply, a later value winning for a key two set (encoding/json decode.go object(): a
 * non-nil map is reused, a struct's fields are set one by one). Top-level keys, in file order.
 */
export function mergedEarlier(model: DaemonModel, prop: JsonProperty): JsonProperty[] {
  if (daemonKey(prop.key)?.type !== 'object' || prop.valueNode?.type !== 'object') return [];
  return model.properties.filter((p) => p.key === prop.key && p.node !== prop.node && p.valueNode?.type === 'object');
}

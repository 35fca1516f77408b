import { parseDocument, visit, Alias, Document, isAlias, isMap, isScalar, isSeq, isPair, Node, Pair, YAMLMap, Scalar } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * A Compose file over the `yaml` AST, with positions. Per service, values are looked up the way Compose resolves
 * them: the service's own keys, then YAML merge keys (`<<: *anchor`, from `x-` extension fields or anywhere), then
 * `extends` of another service in the same file (recursively, cycles ignored). `extends` with `file:` and `include:`
 * point at other files: not followed (their services are unknown, never an error).
 */

/** Where a value was found: in the service itself, through a merge key, or through `extends`. */
export type Origin = 'own' | 'merge' | 'extends';

export interface Found {
  value: unknown;
  /** The value's node (in the document, possibly inside an anchor elsewhere). */
  node: Node | null;
  /** The key's node. */
  keyNode: Node | null;
  origin: Origin;
  /** For `extends`: the service it came from. */
  from?: string;
}

export interface ComposeService {
  name: string;
  keyNode: Scalar;
  /** The service's own mapping (undefined when the service is null or not a mapping). */
  map: YAMLMap | undefined;
  /** A value by key path (`['deploy', 'resources', 'limits', 'memory']`), resolved as Compose does. */
  get(path: readonly string[]): Found | undefined;
  /** Whether the service's definition continues in a file Bulkhead does not read (`extends: {file: …}`). */
  extendsOtherFile: boolean;
}

export interface ComposeModel {
  text: string;
  uri: string;
  doc: TextDocument;
  yaml: Document;
  /** YAML syntax errors (the file may still be partly usable). */
  errors: { start: number; end: number; message: string }[];
  services: ComposeService[];
  servicesNode: YAMLMap | undefined;
  range(start: number, end: number): Range;
  eol: string;
}

const MAX_EXTENDS_DEPTH = 16;

/**
 * Each alias's anchored node, found in one walk of the document. yaml's own `Alias.resolve` walks the whole document
 * for every call: a file full of merge keys (getsentry/self-hosted's, 34 KB) took seconds.
 */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | null>>();

function targetsOf(doc: Document): Map<Alias, Node | null> {
  let targets = aliasTargets.get(doc);
  if (targets) return targets;
  targets = new Map();
  const anchors = new Map<string, Node>();
  const found = targets;
  visit(doc, {
    Node(_, node) {
      // an alias refers to the last anchor of that name before it, as in yaml's own resolution
      if (isAlias(node)) found.set(node, anchors.get(node.source) ?? null);
      else if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, node as Node);
    },
  });
  aliasTargets.set(doc, targets);
  return targets;
}

/** A node with its aliases followed (`*name` → the anchored node); null for a dangling alias or a missing node. */
export function resolveAlias(doc: Document, node: unknown): Node | null {
  let n = node as Node | null;
  for (let i = 0; i < 32 && n && isAlias(n); i++) n = targetsOf(doc).get(n) ?? null;
  return n ?? null;
}

const resolve = resolveAlias;

function keyName(pair: Pair): string | undefined {
  const k = pair.key as unknown;
  if (typeof k === 'symbol') return undefined;
  if (isScalar(k)) return String(k.value);
  return k === null || k === undefined ? undefined : String(k);
}

function isMergeKey(pair: Pair): boolean {
  const k = pair.key as unknown;
  // yaml 2 with `merge: true` parses `<<` as a scalar whose value is a symbol
  return typeof k === 'symbol' || (isScalar(k) && (k.value === '<<' || typeof k.value === 'symbol'));
}

/** A key in a mapping: its own pairs first, then merge keys (`<<: *a` or `<<: [*a, *b]`, earlier wins). */
function lookupInMap(doc: Document, map: YAMLMap, key: string, depth = 0): { pair: Pair; merged: boolean } | undefined {
  for (const item of map.items) if (isPair(item) && !isMergeKey(item) && keyName(item) === key) return { pair: item, merged: false };
  if (depth > 8) return undefined;
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item)) continue;
    const v = item.value as unknown;
    const sources = isSeq(v) ? v.items : [v];
    for (const s of sources) {
      const target = resolve(doc, s);
      if (target && isMap(target)) {
        const found = lookupInMap(doc, target, key, depth + 1);
        if (found) return { pair: found.pair, merged: true };
      }
    }
  }
  return undefined;
}

function jsValue(doc: Document, node: Node | null): unknown {
  if (!node) return null;
  try {
    return (node as { toJS?: (d: Document) => unknown }).toJS?.(doc) ?? (isScalar(node) ? node.value : null);
  } catch {
    return null; // a cyclic alias or similar: treat as unknown
  }
}

export function parseCompose(text: string, uri: string): ComposeModel {
  // yaml reads a byte order mark itself and counts it in its offsets (a space in its place would indent the first
  // top-level key, and the next one would no longer parse)
  const yaml = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false, logLevel: 'error' });
  const errors = yaml.errors.map((e) => ({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message: e.message.split('\n')[0] }));
  const doc = TextDocument.create(uri, 'yaml', 0, text);
  const root = resolve(yaml, yaml.contents);
  const servicesFound = root && isMap(root) ? lookupInMap(yaml, root, 'services') : undefined;
  const servicesNode = servicesFound ? resolve(yaml, servicesFound.pair.value) : null;
  const servicesMap = servicesNode && isMap(servicesNode) ? servicesNode : undefined;

  const byName = new Map<string, { map: YAMLMap | undefined; keyNode: Scalar }>();
  for (const item of servicesMap?.items ?? []) {
    if (!isPair(item) || isMergeKey(item) || !isScalar(item.key)) continue;
    const v = resolve(yaml, item.value);
    byName.set(String(item.key.value), { map: v && isMap(v) ? v : undefined, keyNode: item.key });
  }

  const extendsOf = (map: YAMLMap | undefined): { service?: string; file?: boolean } => {
    if (!map) return {};
    const found = lookupInMap(yaml, map, 'extends');
    const v = found ? resolve(yaml, found.pair.value) : null;
    if (!v) return {};
    if (isScalar(v)) return { service: String(v.value) };
    if (isMap(v)) {
      const file = lookupInMap(yaml, v, 'file');
      const service = lookupInMap(yaml, v, 'service');
      const name = service ? resolve(yaml, service.pair.value) : null;
      return { service: name && isScalar(name) ? String(name.value) : undefined, file: !!file };
    }
    return {};
  };

  const services: ComposeService[] = [...byName].map(([name, { map, keyNode }]) => {
    const ext = extendsOf(map);
    const get = (path: readonly string[]): Found | undefined => {
      const seen = new Set<string>();
      let current: YAMLMap | undefined = map;
      let currentName = name;
      let origin: Origin = 'own';
      for (let depth = 0; current && depth < MAX_EXTENDS_DEPTH; depth++) {
        seen.add(currentName);
        const hit = lookupPath(current, path);
        if (hit) return { ...hit, origin: origin === 'extends' ? 'extends' : hit.merged ? 'merge' : 'own', from: origin === 'extends' ? currentName : undefined };
        const e = extendsOf(current);
        // extends within the file only (a `file:` points elsewhere)
        if (!e.service || e.file || seen.has(e.service)) return undefined;
        const next = byName.get(e.service);
        if (!next) return undefined;
        current = next.map;
        currentName = e.service;
        origin = 'extends';
      }
      return undefined;
    };
    const lookupPath = (start: YAMLMap, path: readonly string[]): (Omit<Found, 'origin'> & { merged: boolean }) | undefined => {
      let map: YAMLMap = start;
      let merged = false;
      for (let i = 0; i < path.length; i++) {
        const found = lookupInMap(yaml, map, path[i]);
        if (!found) return undefined;
        merged ||= found.merged;
        const value = resolve(yaml, found.pair.value);
        if (i === path.length - 1) return { value: jsValue(yaml, value), node: value, keyNode: (found.pair.key as Node) ?? null, merged };
        if (!value || !isMap(value)) return undefined;
        map = value;
      }
      return undefined;
    };
    return { name, keyNode, map, get, extendsOtherFile: !!ext.file };
  });

  return {
    text,
    uri,
    doc,
    yaml,
    errors,
    services,
    servicesNode: servicesMap,
    range: (start, end) => ({ start: doc.positionAt(start), end: doc.positionAt(end) }),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

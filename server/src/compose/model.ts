import {
  parseDocument,
  visit,
  Alias,
  Composer,
  Document,
  Parser,
  YAMLParseError,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  isPair,
  Node,
  Pair,
  YAMLMap,
  Scalar,
} from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { MAX_NESTING, tooDeepMessage, yamlNestingDepth } from '../text/nesting';
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
  /**
   * What Bulkhead could not judge because it nests too deeply: the whole file (its YAML nests past MAX_NESTING, so it
   * is not parsed at all) or a service (merge keys or an `extends` chain past their limits, found as rules look values
   * up). Each is reported, so "too deep" never reads as "clean".
   */
  tooDeep: Map<string, { start: number; end: number; message: string }>;
  /** The service this one extends in this file, or undefined. */
  extendsParent(service: ComposeService): ComposeService | undefined;
  /** The last service of the extends chain (the service itself when it extends none in this file). */
  extendsEnd(service: ComposeService): ComposeService;
  range(start: number, end: number): Range;
  eol: string;
  /** Offsets where the file's comments start, as yaml's lexer reads them (a `#` in a block scalar or a quoted string is none). */
  commentStarts: ReadonlySet<number>;
}

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

/**
 * A pair's key as Compose reads it: scalar keys only. A collection used as a key (`{{{…`) names no Compose setting,
 * and stringifying one costs time exponential in its nesting (yaml renders every nested key twice).
 */
function keyName(pair: Pair): string | undefined {
  const k = pair.key as unknown;
  return isScalar(k) && typeof k.value !== 'symbol' ? String(k.value) : undefined;
}

function isMergeKey(pair: Pair): boolean {
  const k = pair.key as unknown;
  // yaml 2 with `merge: true` parses `<<` as a scalar whose value is a symbol
  return typeof k === 'symbol' || (isScalar(k) && (k.value === '<<' || typeof k.value === 'symbol'));
}

/**
 * How many merge keys (`<<`) deep a lookup follows (each level is a call on the stack): far beyond real files (the
 * corpus's deepest use 3). Past it, the service is reported as too deep to judge (`ComposeModel.tooDeep`), never
 * silently taken as clean. `extends` chains need no limit: they are resolved without recursion (see resolvePath).
 */
export const MAX_MERGE_DEPTH = 64;

/** Say once that a service could not be judged completely, and why (`what` completes "its …"). */
export function markTooDeep(
  tooDeep: ComposeModel['tooDeep'],
  name: string,
  keyNode: Scalar | undefined,
  what: string,
): void {
  if (tooDeep.has(name)) return;
  const [start, , end] = keyNode?.range ?? [0, 0, 0];
  tooDeep.set(name, {
    start,
    end,
    message: `Bulkhead could not fully check service \`${name}\`: its ${what}, too deep to judge safely, so findings inherited from there may be missing. Flatten the chain to have it checked.`,
  });
}

type Lookup = { pair: Pair; merged: boolean } | undefined;
type Answer = { found: Lookup; cut: boolean };
const NOT_FOUND: Answer = { found: undefined, cut: false };
const CUT: Answer = { found: undefined, cut: true };
/**
 * Per mapping: its own keys' answers (the first pair of a key wins, as before any merge), whether it has merge keys,
 * and the answers found through them. Built once per mapping, so a key the mapping lacks (most lookups) costs one
 * Map probe and allocates nothing.
 */
type OwnAnswer = Answer & { viaMerge?: Answer };
type MapIndex = { own: Map<string, OwnAnswer>; hasMerges: boolean; merged: Map<string, Answer> | undefined };
/** The answers, and the state of the walk under way (walks do not overlap: each starts afresh and leaves `walking` empty). */
type MergeMemo = { maps: Map<YAMLMap, MapIndex>; walking: Set<YAMLMap>; walk: { cycle: boolean } };

function indexOf(map: YAMLMap, memo: MergeMemo | undefined): MapIndex {
  const known = memo?.maps.get(map);
  if (known) return known;
  const index: MapIndex = { own: new Map(), hasMerges: false, merged: undefined };
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item)) {
      index.hasMerges = true;
      continue;
    }
    const name = keyName(item);
    if (name !== undefined && !index.own.has(name))
      index.own.set(name, { found: { pair: item, merged: false }, cut: false });
  }
  memo?.maps.set(map, index);
  return index;
}

/**
 * A key in a mapping: its own pairs first, then merge keys (`<<: *a` or `<<: [*a, *b]`, earlier wins). A merge cycle
 * (an anchor merged into itself) is skipped; `tooDeep` is called when the merges nest past MAX_MERGE_DEPTH. With a
 * memo, each mapping's answer for a key is computed once (a chain of services each merging the one before costs one
 * walk, not one per lookup); an answer cut short by the depth limit is kept with that mark (so `tooDeep` is called
 * again on every use), one that met a cycle is not kept (it depends on where the walk began).
 */
export function lookupInMap(doc: Document, map: YAMLMap, key: string, tooDeep?: () => void, memo?: MergeMemo): Lookup {
  const index = indexOf(map, memo);
  const own = index.own.get(key);
  if (own) return own.found;
  if (!index.hasMerges) return undefined;
  const walk = memo?.walk ?? { cycle: false };
  walk.cycle = false;
  return lookupMerged(doc, map, key, tooDeep, memo, 0, undefined, walk).found;
}

/** `walk.cycle` is set when the walk met a merge cycle below this mapping (its answer then depends on where it began). */
function lookupMerged(
  doc: Document,
  map: YAMLMap,
  key: string,
  tooDeep: (() => void) | undefined,
  memo: MergeMemo | undefined,
  depth: number,
  ancestors: Set<YAMLMap> | undefined,
  walk: { cycle: boolean },
): Answer {
  const index = indexOf(map, memo);
  const own = index.own.get(key);
  if (own) return own;
  if (!index.hasMerges) return NOT_FOUND;
  const known = index.merged?.get(key);
  if (known) {
    if (known.cut) tooDeep?.();
    return known;
  }
  if (depth >= MAX_MERGE_DEPTH) {
    tooDeep?.();
    return rememberMerged(index, key, CUT, memo !== undefined);
  }
  let cut = false;
  const cycleAbove = walk.cycle;
  walk.cycle = false;
  const above = ancestors ?? memo?.walking ?? new Set<YAMLMap>();
  above.add(map);
  try {
    for (const item of map.items) {
      if (!isPair(item) || !isMergeKey(item)) continue;
      const v = item.value as unknown;
      const many = isSeq(v);
      for (let i = 0, n = many ? v.items.length : 1; i < n; i++) {
        const target = resolve(doc, many ? v.items[i] : v);
        if (!target || !isMap(target)) continue;
        if (above.has(target)) {
          walk.cycle = true;
          continue;
        }
        const sub = lookupMerged(doc, target, key, tooDeep, memo, depth + 1, above, walk);
        cut ||= sub.cut;
        if (sub.found) {
          // one "found through a merge key" answer per pair, shared by every mapping that merges it
          const merged = cut
            ? { found: { pair: sub.found.pair, merged: true }, cut }
            : sub.found.merged
              ? sub
              : ((sub as OwnAnswer).viaMerge ??= { found: { pair: sub.found.pair, merged: true }, cut: false });
          return rememberMerged(index, key, merged, memo !== undefined && !walk.cycle);
        }
      }
    }
    return rememberMerged(index, key, cut ? CUT : NOT_FOUND, memo !== undefined && !walk.cycle);
  } finally {
    above.delete(map);
    walk.cycle ||= cycleAbove;
  }
}

function rememberMerged(index: MapIndex, key: string, answer: Answer, keep: boolean): Answer {
  if (keep) (index.merged ??= new Map()).set(key, answer);
  return answer;
}

/** Nodes one conversion may visit: an alias bomb (`a: &a [*b, *b, …]`, each level doubling) stays cheap and unknown. */
const MAX_VALUE_NODES = 20000;
/** Levels one conversion follows (aliases can stack anchors beyond the text's own nesting). */
const MAX_VALUE_DEPTH = 256;

/**
 * A node's plain JavaScript value, as Compose reads it: scalars, sequences, mappings with merge keys applied (own keys
 * win, then merge sources in order). Bounded: a collection key is skipped (it names no setting, and yaml's own toJS
 * stringifies it at exponential cost), and past MAX_VALUE_NODES nodes or MAX_VALUE_DEPTH levels the value is unknown
 * (null).
 */
export function plainValue(doc: Document, node: unknown): unknown {
  const direct = resolve(doc, node);
  if (!direct) return null;
  if (isScalar(direct)) return direct.value; // most values: no conversion to set up
  let budget = MAX_VALUE_NODES;
  const exhausted = Symbol('exhausted');
  const convert = (n: unknown, depth: number, ancestors: Set<Node>): unknown => {
    const target = resolve(doc, n);
    if (!target) return null;
    if (--budget < 0 || depth > MAX_VALUE_DEPTH) throw exhausted;
    if (isScalar(target)) return target.value;
    if (ancestors.has(target)) return null; // an alias to its own ancestor: cyclic, unknown
    ancestors.add(target);
    try {
      if (isSeq(target)) return target.items.map((item) => convert(item, depth + 1, ancestors));
      if (!isMap(target)) return null;
      const out: Record<string, unknown> = {};
      const merges: unknown[] = [];
      for (const item of target.items) {
        if (!isPair(item)) continue;
        if (isMergeKey(item)) {
          const v = item.value as unknown;
          merges.push(...(isSeq(v) ? v.items : [v]));
          continue;
        }
        const k = keyName(item);
        if (k !== undefined && !Object.prototype.hasOwnProperty.call(out, k))
          out[k] = convert(item.value, depth + 1, ancestors);
      }
      for (const source of merges) {
        const merged = convert(source, depth + 1, ancestors);
        if (!merged || typeof merged !== 'object' || Array.isArray(merged)) continue;
        for (const [k, v] of Object.entries(merged)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
      }
      return out;
    } finally {
      ancestors.delete(target);
    }
  };
  try {
    return convert(node, 0, new Set());
  } catch (e) {
    if (e === exhausted) return null;
    throw e;
  }
}

const jsValue = plainValue;

const YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false, logLevel: 'error' } as const;

/**
 * yaml's parseDocument over tokens the depth check already lexed (public-api.ts parseDocument: Parser then Composer,
 * the first document kept, a second reported as MULTIPLE_DOCS), so a file is lexed once. yaml reads a byte order mark
 * itself and counts it in its offsets (a space in its place would indent the first top-level key, and the next one
 * would no longer parse).
 */
function composeLexemes(lexemes: readonly string[], length: number): Document {
  const parser = new Parser();
  const composer = new Composer(YAML_OPTIONS);
  function* tokens() {
    for (const lexeme of lexemes) yield* parser.next(lexeme);
    yield* parser.end();
  }
  let doc: Document | null = null;
  for (const next of composer.compose(tokens(), true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError(
          next.range.slice(0, 2) as [number, number],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  return doc ?? parseDocument('', YAML_OPTIONS);
}

export function parseCompose(text: string, uri: string): ComposeModel {
  const doc = TextDocument.create(uri, 'yaml', 0, text);
  const tooDeep: ComposeModel['tooDeep'] = new Map();
  // depth is bounded before yaml's recursive composer sees the text (see text/nesting.ts)
  const lexemes: string[] = [];
  const nesting = yamlNestingDepth(text, MAX_NESTING, lexemes);
  const deep = nesting > MAX_NESTING;
  if (deep) tooDeep.set('', { start: 0, end: 0, message: tooDeepMessage('Compose file', nesting) });
  // yaml makes an Error per bad token; their stack traces (never shown) cost most of the time on broken files
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let yaml: Document;
  try {
    yaml = deep ? parseDocument('') : composeLexemes(lexemes, text.length);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // the comments, from the same tokens (fixes that delete lines keep the comment lines inside)
  const commentStarts = new Set<number>();
  for (let i = 0, offset = 0; i < lexemes.length; i++) {
    const token = lexemes[i];
    if (token === '\u0002' || token === '\u0018' || token === '\u001f') continue; // yaml's control tokens: no text
    if (token.charCodeAt(0) === 35 /* # */) commentStarts.add(offset);
    offset += token.length;
  }
  const errors = yaml.errors.map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0]),
    message: e.message.split('\n')[0],
  }));
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

  const mergeMemo: MergeMemo = { maps: new Map(), walking: new Set(), walk: { cycle: false } };
  const extendsOf = (map: YAMLMap | undefined): { service?: string; file?: boolean } => {
    if (!map) return {};
    const found = lookupInMap(yaml, map, 'extends', undefined, mergeMemo);
    const v = found ? resolve(yaml, found.pair.value) : null;
    if (!v) return {};
    if (isScalar(v)) return { service: String(v.value) };
    if (isMap(v)) {
      const file = lookupInMap(yaml, v, 'file', undefined, mergeMemo);
      const service = lookupInMap(yaml, v, 'service', undefined, mergeMemo);
      const name = service ? resolve(yaml, service.pair.value) : null;
      return { service: name && isScalar(name) ? String(name.value) : undefined, file: !!file };
    }
    return {};
  };

  const unjudged = (name: string, what: string) => markTooDeep(tooDeep, name, byName.get(name)?.keyNode, what);
  const MERGES_TOO_DEEP = `merge keys (\`<<\`) nest more than ${MAX_MERGE_DEPTH} levels deep`;

  /** What one resolution learned on its way: a merge chain cut by the depth limit (the answer may be incomplete). */
  type Walk = { incomplete: boolean };
  // the service lookupPath is looking in (lookups do not nest), for the one depth-limit callback all of them share
  let lookingIn = '';
  let lookingWalk: Walk = { incomplete: false };
  const mergesTooDeep = () => {
    lookingWalk.incomplete = true;
    unjudged(lookingIn, MERGES_TOO_DEEP);
  };
  const lookupPath = (start: YAMLMap, path: readonly string[], holder: string, walk: Walk): Found | undefined => {
    let map: YAMLMap = start;
    let merged = false;
    lookingIn = holder;
    lookingWalk = walk;
    for (let i = 0; i < path.length; i++) {
      const found = lookupInMap(yaml, map, path[i], mergesTooDeep, mergeMemo);
      if (!found) return undefined;
      merged ||= found.merged;
      const value = resolve(yaml, found.pair.value);
      if (i === path.length - 1)
        return {
          value: jsValue(yaml, value),
          node: value,
          keyNode: (found.pair.key as Node) ?? null,
          origin: merged ? 'merge' : 'own',
          from: undefined,
        };
      if (!value || !isMap(value)) return undefined;
      map = value;
    }
    return undefined;
  };

  // The service a service extends within this file (null: none, another file's, or not defined here).
  const parents = new Map<string, string | null>();
  const parentOf = (name: string): string | null => {
    let parent = parents.get(name);
    if (parent === undefined) {
      const e = extendsOf(byName.get(name)?.map);
      parent = e.service && !e.file && byName.has(e.service) ? e.service : null;
      parents.set(name, parent);
    }
    return parent;
  };

  /**
   * A value by path, resolved along `extends` as Compose does: the service's own keys (merge keys included), then the
   * service it extends, and so on. Each service's answer for a path is kept, so a chain of any length costs one walk
   * in all (no cap is needed, and none silently drops what lies further up); a cycle ends the walk.
   */
  type Resolved = { hit: Found | null; holder: string; incomplete: boolean };
  const resolved = new Map<string, Map<string, Resolved>>(); // path key -> service -> answer
  const walk: Walk = { incomplete: false }; // one resolution at a time
  const resolvePath = (start: string, path: readonly string[]): Resolved => {
    const key = path.length === 1 ? path[0] : path.join('\u0000');
    let byService = resolved.get(key);
    if (!byService) resolved.set(key, (byService = new Map()));
    const first = byService.get(start);
    if (first) return first;
    walk.incomplete = false;
    // most services extend none: one step, and no list of visited services is made
    let walked: string[] | undefined;
    let seen: Set<string> | undefined;
    let answer: Resolved | undefined;
    for (let current: string | null = start, steps = 0; ; steps++) {
      const known = current === null || steps === 0 ? undefined : byService.get(current);
      if (known) {
        answer = walk.incomplete && !known.incomplete ? { ...known, incomplete: true } : known;
        break;
      }
      if (current !== null && steps > 0) {
        walked ??= [start];
        if (seen ? seen.has(current) : walked.includes(current))
          current = null; // a cycle: ends here
        else {
          walked.push(current);
          if (seen) seen.add(current);
          else if (walked.length > 8) seen = new Set(walked);
        }
      }
      if (current === null) {
        answer = { hit: null, holder: start, incomplete: walk.incomplete };
        break;
      }
      const holder: string = current;
      const map = byName.get(holder)?.map;
      const hit = map ? lookupPath(map, path, holder, walk) : undefined;
      if (hit) {
        answer = { hit, holder, incomplete: walk.incomplete };
        break;
      }
      current = parentOf(holder);
    }
    if (walked) for (const name of walked) byService.set(name, answer);
    else byService.set(start, answer);
    return answer;
  };

  const services: ComposeService[] = [...byName].map(([name, { map, keyNode }]) => {
    const ext = extendsOf(map);
    // values found up the extends chain, as this service's (made once per path)
    let inherited: Map<string, Found> | undefined;
    const get = (path: readonly string[]): Found | undefined => {
      const r = resolvePath(name, path);
      if (r.incomplete) unjudged(name, MERGES_TOO_DEEP);
      if (!r.hit) return undefined;
      if (r.holder === name) return r.hit;
      const key = path.length === 1 ? path[0] : path.join('\u0000');
      let found = inherited?.get(key);
      if (!found) (inherited ??= new Map()).set(key, (found = { ...r.hit, origin: 'extends', from: r.holder }));
      return found;
    };
    return { name, keyNode, map, get, extendsOtherFile: !!ext.file };
  });
  const serviceByName = new Map(services.map((s) => [s.name, s]));
  const chainEnds = new Map<string, ComposeService>();

  return {
    text,
    uri,
    doc,
    yaml,
    errors,
    services,
    servicesNode: servicesMap,
    tooDeep,
    extendsEnd: (service) => {
      // each service's answer is kept: a chain of n services costs n steps in all
      const walked: string[] = [];
      const seen = new Set<string>();
      let end: ComposeService = service;
      for (let current: ComposeService | undefined = service; current;) {
        const known = chainEnds.get(current.name);
        if (known) {
          end = known;
          break;
        }
        walked.push(current.name);
        seen.add(current.name);
        end = current;
        const parent = parentOf(current.name);
        current = parent === null || seen.has(parent) ? undefined : serviceByName.get(parent);
      }
      for (const name of walked) chainEnds.set(name, end);
      return end;
    },
    extendsParent: (service) => {
      const parent = parentOf(service.name);
      return parent === null ? undefined : serviceByName.get(parent);
    },
    range: (start, end) => ({ start: doc.positionAt(start), end: doc.positionAt(end) }),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    commentStarts,
  };
}

import { isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { ComposeModel, ComposeService, Found, Origin } from './model';
import { markTooDeep, plainValue, resolveAlias } from './model';
import { appendToSequence, indentUnit, insertIntoService } from './edits';
import { describeOrigin, nodeRange, serviceNameRange, writtenInService } from './reportSite';
import { interpolate } from './interpolation';
import { memo } from '../common/memo';

/**
 * What the Compose isolation rules share: a service's values as Compose resolves them, each with the place a finding
 * about it goes, and the few edits their fixes make.
 *
 * Where a finding goes is reportSite's decision: on the value when the service writes it, on the service's name when
 * it inherits it (merge key or `extends`), the message naming where the value is written. Fixes that take something
 * away edit only the service's own text; inherited values get none.
 */

export interface Located {
  /** Where the finding goes (always in the service's own text). */
  at: Range;
  /** The value is written in the service's own text: a fix may edit it in place. */
  own: boolean;
  /** Where an inherited value is written, for messages (`` `x-common` (line 2) ``, `` service `base` ``). */
  from?: string;
  /** The same as a parenthesis for messages: '' when the service writes the value, `` (written in `x-common` (line 2))``. */
  via: string;
}

export interface Setting extends Located {
  value: unknown;
  node: Node | null;
  keyNode: Node | null;
  origin: Origin;
}

export interface ListItem extends Located {
  /** The item as plain JS (a string for short syntax, an object for long syntax). */
  value: unknown;
  /** The item's node as written (an alias stays an alias). */
  node: Node;
  /** The list holding it and its index there. */
  seq: YAMLSeq;
  index: number;
}

function resolveNode(model: ComposeModel, node: unknown): Node | null {
  return resolveAlias(model.yaml, node ?? null);
}

function keyIs(pair: Pair, key: string): boolean {
  return isScalar(pair.key) && String(pair.key.value) === key;
}

/** The service another one extends (same file only) and the node naming it. */
function extendsTarget(service: ComposeService): { name?: string; file: boolean; node: Node | null } {
  const found = service.get(['extends']);
  if (!found) return { file: false, node: null };
  if (typeof found.value === 'string') return { name: found.value, file: false, node: found.node };
  const value = found.value as { service?: unknown; file?: unknown } | null;
  if (!value || typeof value !== 'object') return { file: false, node: found.node };
  let node = found.node;
  if (node && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && keyIs(p, 'service'));
    node = (pair?.value as Node | null) ?? node;
  }
  return { name: typeof value.service === 'string' ? value.service : undefined, file: value.file !== undefined, node };
}

/**
 * The service is only part of a definition: it extends a service in another file (or one this file lacks), or it has
 * neither `image` nor `build` (an override file adding ports or volumes to a service defined elsewhere). Or it only
 * builds an image: `build` with `scale: 0` or `deploy.replicas: 0`, of which Compose starts no container. Rules about
 * a runtime setting that is missing stay quiet: the rest of the service may have it, or nothing runs.
 */
export function definedElsewhere(model: ComposeModel, service: ComposeService): boolean {
  // most rules ask, for every service: answered once per service
  return memo(service, DEFINED_ELSEWHERE, () => definedElsewhereNow(model, service));
}

const DEFINED_ELSEWHERE = Symbol('definedElsewhere');
const WINDOWS = Symbol('windows');

function definedElsewhereNow(model: ComposeModel, service: ComposeService): boolean {
  const last = model.extendsEnd(service);
  const ext = extendsTarget(last);
  // the chain ends in another file, or at a service this file lacks (a cycle ends at a service already in the chain)
  if (ext.file || (ext.name && !model.extendsParent(last))) return true;
  if (!service.get(['image']) && !service.get(['build'])) return true;
  return (
    !!service.get(['build']) &&
    (isZero(service.get(['scale'])?.value) || isZero(service.get(['deploy', 'replicas'])?.value))
  );
}

/** `0` as Compose reads a count (a number or a numeric string). */
function isZero(v: unknown): boolean {
  return v === 0 || (typeof v === 'string' && /^\s*0+\s*$/.test(v));
}

// The same pattern as the Dockerfile model's Windows base images: `windows` as a word in the reference,
// `nanoserver`, `servercore`, and Microsoft's Windows and .NET Framework repositories.
const WINDOWS_IMAGE =
  /(^|[/:_-])(windows|nanoserver|servercore|windowsservercore)([:/@_.-]|$)|mcr\.microsoft\.com\/(windows|dotnet\/framework)/i;
const WINDOWS_PATH = /^([A-Za-z]:[\\/]|\\\\\.\\pipe\\)/;

/** Whether a service (by its own settings alone) is a Windows container. */
function windowsByItself(model: ComposeModel, service: ComposeService): boolean {
  const text = (key: string) => stringValue(service.get([key])?.value);
  if (WINDOWS_IMAGE.test(text('image') ?? '') || /^windows/i.test(text('platform') ?? '')) return true;
  // process and Hyper-V isolation and these users exist on Windows only
  if (
    /^(process|hyperv)$/i.test(text('isolation') ?? '') ||
    /^Container(Administrator|User)$/i.test(text('user') ?? '')
  )
    return true;
  if (WINDOWS_PATH.test(text('working_dir') ?? '')) return true;
  return listItems(model, service, 'volumes').some((v) => {
    const target =
      typeof v.value === 'string'
        ? v.value.replace(/^([A-Za-z]:)?[^:]*:/, '')
        : (v.value as { target?: unknown } | null)?.target;
    return typeof target === 'string' && WINDOWS_PATH.test(target.trim());
  });
}

/** The file's default network is Windows' `nat` network (`networks: {default: {external: {name: nat}}}` or `name: nat`). */
function natDefaultNetwork(model: ComposeModel): boolean {
  // read from the syntax tree, not toJS: a file with many aliases would hit the alias limit
  const at = (path: string[]) => model.yaml.getIn(path);
  return at(['networks', 'default', 'name']) === 'nat' || at(['networks', 'default', 'external', 'name']) === 'nat';
}

/**
 * A Windows container: its image, platform, isolation, user or Windows paths say so, or the file runs on Windows'
 * `nat` network and the service does not say it is Linux (`platform: linux/...`). Linux-only protections
 * (no-new-privileges, capabilities, a read-only root filesystem) do not apply to it.
 */
export function isWindowsService(model: ComposeModel, service: ComposeService): boolean {
  return memo(service, WINDOWS, () => isWindowsServiceNow(model, service));
}

function isWindowsServiceNow(model: ComposeModel, service: ComposeService): boolean {
  if (/^linux/i.test(stringValue(service.get(['platform'])?.value) ?? '')) return false;
  return windowsByItself(model, service) || natDefaultNetwork(model);
}

/** Where a finding about a value goes (see reportSite): its own token when the service writes it, else the service's name. */
function locate(model: ComposeModel, service: ComposeService, found: Found): Located {
  if (found.origin !== 'extends' && writtenInService(service, found.node))
    return { at: nodeRange(model, found.node!), own: true, via: '' };
  const from = describeOrigin(model, found);
  return { at: serviceNameRange(model, service), own: false, from, via: ` (written in ${from})` };
}

/**
 * How a message names the value: `` `privileged: true` `` when the service writes it, `` Service `web` gets
 * `privileged: true` from `x-common` (line 2), which `` when it inherits it. The message goes on with a verb.
 */
export function subject(service: ComposeService, place: Located, text: string): string {
  return place.own ? `\`${text}\`` : `Service \`${service.name}\` gets \`${text}\` from ${place.from}, which`;
}

/** "Remove it", or where an inherited value has to be removed. */
export function removeIt(place: Located): string {
  return place.own ? 'Remove it' : 'Remove it where it is written';
}

/** A service key resolved as Compose does (own, merge keys, then `extends`: the first wins), with its place. */
export function setting(model: ComposeModel, service: ComposeService, key: string): Setting | undefined {
  const found = service.get([key]);
  if (!found) return undefined;
  return {
    value: found.value,
    node: found.node,
    keyNode: found.keyNode,
    origin: found.origin,
    ...locate(model, service, found),
  };
}

/**
 * The items of a list `extends` merges (`cap_add`, `cap_drop`, `security_opt`, `devices`, `volumes`): the service's own
 * (or merged) list, then those of the services it extends. A merge key does not merge lists: the first one wins.
 */
export function listItems(model: ComposeModel, service: ComposeService, key: string): ListItem[] {
  const out: ListItem[] = [];
  let links = linksWithOwnList(model, service, key);
  if (links.length > MAX_LIST_LINKS) {
    // each service's merged list holds every list above it: n services of a chain would hold n² items in all
    links = links.slice(0, MAX_LIST_LINKS);
    markTooDeep(
      model.tooDeep,
      service.name,
      service.keyNode,
      `\`extends\` chain merges \`${key}\` lists from more than ${MAX_LIST_LINKS} services`,
    );
  }
  for (const link of links) {
    const found = link.get([key]);
    if (!found || !found.node || !isSeq(found.node)) continue;
    const seq = found.node;
    const list = locate(model, service, link === service ? found : { ...found, origin: 'extends', from: link.name });
    seq.items.forEach((item, index) => {
      const node = item as Node;
      if (!node?.range) return;
      const resolved = resolveNode(model, node);
      const value = resolved ? jsOf(model, resolved) : null;
      const place: Located = list.own ? { at: nodeRange(model, node), own: true, via: '' } : list;
      out.push({ value, node, seq, index, ...place });
    });
  }
  return out;
}

/** Lists merged along one `extends` chain: far beyond real files (the corpus merges from 2 at most); past it the service is reported as too deep. */
const MAX_LIST_LINKS = 16;

/** Per model: for a service and a list key, the services of its extends chain that write that list themselves. */
const LIST_LINKS = Symbol('listLinks');

/**
 * The links of a service's `extends` chain that hold their own `key` list, nearest first. Each service's answer is
 * built from its parent's, once per file and key, so a chain of n services costs n steps in all, not n per service
 * (a 300-service chain took seconds). A cycle ends the chain.
 */
function linksWithOwnList(model: ComposeModel, service: ComposeService, key: string): ComposeService[] {
  const byKey = memo(model, LIST_LINKS, () => new Map<string, Map<ComposeService, ComposeService[]>>());
  let cache = byKey.get(key);
  if (!cache) byKey.set(key, (cache = new Map()));
  const first = cache.get(service);
  if (first) return first;
  const walked: ComposeService[] = [];
  let seen: Set<ComposeService> | undefined; // made for long chains only: most are one or two services
  let tail: ComposeService[] = [];
  for (let current: ComposeService | undefined = service; current; current = model.extendsParent(current)) {
    const known = cache.get(current);
    if (known) {
      tail = known;
      break;
    }
    if (seen ? seen.has(current) : walked.includes(current)) break; // a cycle
    walked.push(current);
    if (seen) seen.add(current);
    else if (walked.length > 8) seen = new Set(walked);
  }
  for (let i = walked.length - 1; i >= 0; i--) {
    const link = walked[i];
    const found = link.get([key]);
    const own = !!found && found.origin !== 'extends' && !!found.node && isSeq(found.node);
    // kept one past the limit at most, so n services cost n short arrays, not n² entries
    tail = own ? [link, ...tail.slice(0, MAX_LIST_LINKS)] : tail;
    cache.set(link, tail);
  }
  return tail;
}

function jsOf(model: ComposeModel, node: Node): unknown {
  return plainValue(model.yaml, node);
}

/** A Compose boolean that is true: `true`, or a string Compose reads as true (`"true"`, `yes`, `on`, `y`), defaults applied. */
export function isTrue(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value !== 'string') return false;
  const { value: text, unresolved } = interpolate(value.trim());
  return !unresolved && /^(true|yes|y|on)$/i.test(text.trim());
}

/** A string setting's text with defaults applied (undefined when it is not a string or names an unset variable). */
export function stringValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const { value: text, unresolved } = interpolate(value);
  return unresolved ? undefined : text.trim();
}

export { splitSecurityOpt as splitOption } from '../rules/confinement';

// --- edits ---

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break ending the line that holds `offset` (or the end of the text). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The end offset of a node's value (a block collection's range runs to the next line: step back onto its last line). */
function valueEnd(text: string, node: Node): number {
  const [start, end] = node.range!;
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/**
 * Delete whole lines from the line of `start` through the line of `end` (exclusive offset). Comment lines inside
 * (between a key and its only list item) stay: they are the author's notes, often the reason for the value.
 */
function deleteLines(model: ComposeModel, start: number, end: number): TextEdit | undefined {
  const text = model.text;
  const from = lineStartOf(text, start);
  if (!/^[ \t]*(-[ \t]+)?$/.test(text.slice(from, start))) return undefined;
  const to = nextLineStart(text, Math.max(end - 1, start));
  const comments = model.commentStarts;
  let kept = '';
  for (let line = nextLineStart(text, start); line < to; line = nextLineStart(text, line)) {
    const first = line + (/^[ \t]*/.exec(text.slice(line))?.[0].length ?? 0);
    if (comments.has(first)) kept += text.slice(line, nextLineStart(text, line));
  }
  return { range: model.range(from, to), newText: kept };
}

/** Delete item `index` of a flow collection with the separator next to it. */
function deleteFlowEntry(model: ComposeModel, starts: number[], ends: number[], index: number): TextEdit {
  if (index + 1 < starts.length) return { range: model.range(starts[index], starts[index + 1]), newText: '' };
  if (index > 0) return { range: model.range(ends[index - 1], ends[index]), newText: '' };
  return { range: model.range(starts[index], ends[index]), newText: '' };
}

/**
 * Remove a key the service writes in its own mapping: its whole lines in block style (comments on the lines before it
 * and after its value stay), `key: value` with one separator in flow style.
 */
export function removeOwnKey(model: ComposeModel, service: ComposeService, keyNode: Node | null): TextEdit | undefined {
  return service.map ? removeKeyIn(model, service.map, keyNode) : undefined;
}

/** Remove a key of a mapping (see removeOwnKey): its whole lines in block style, `key: value` in flow style. */
export function removeKeyIn(model: ComposeModel, map: YAMLMap, keyNode: Node | null): TextEdit | undefined {
  if (!keyNode) return undefined;
  const index = map.items.findIndex((p) => p.key === keyNode);
  if (index < 0) return undefined;
  const pairs = map.items;
  if (pairs.some((p) => !(p.key as Node | null)?.range)) return undefined;
  const endOf = (p: Pair) => valueEnd(model.text, ((p.value as Node | null)?.range ? p.value : p.key) as Node);
  if (map.flow) {
    const starts = pairs.map((p) => (p.key as Node).range![0]);
    return deleteFlowEntry(model, starts, pairs.map(endOf), index);
  }
  return deleteLines(model, (keyNode.range ?? [0])[0], endOf(pairs[index]));
}

/**
 * Remove one item of a list the service writes itself; when it is the only item, the key goes with it (an empty list
 * is not what the author meant). `key` names the list in the service's own mapping.
 */
export function removeOwnItem(
  model: ComposeModel,
  service: ComposeService,
  key: string,
  seq: YAMLSeq,
  index: number,
): TextEdit | undefined {
  if (seq.items.length === 1) {
    const pair = service.map?.items.find((p) => p.value === seq);
    return pair && keyIs(pair, key) ? removeOwnKey(model, service, pair.key as Node) : undefined;
  }
  const items = seq.items as Node[];
  if (items.some((n) => !n?.range)) return undefined;
  if (seq.flow)
    return deleteFlowEntry(
      model,
      items.map((n) => n.range![0]),
      items.map((n) => valueEnd(model.text, n)),
      index,
    );
  return deleteLines(model, items[index].range![0], valueEnd(model.text, items[index]));
}

/** `item` written the way the list's other items are quoted (double quotes in a flow list when it holds a `:`). */
function quotedLike(seq: YAMLSeq | undefined, item: string, flow: boolean): string {
  const last = seq?.items[seq.items.length - 1];
  const type = isScalar(last) ? (last as Scalar).type : undefined;
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(item);
  if (type === 'QUOTE_SINGLE') return `'${item.replace(/'/g, "''")}'`;
  return flow && /[:#,[\]{}]/.test(item) ? JSON.stringify(item) : item;
}

/** Append an item to a list (own or merged), quoted like its neighbours. */
export function appendItem(model: ComposeModel, seq: YAMLSeq, item: string): TextEdit | undefined {
  return appendToSequence(model, seq, quotedLike(seq, item, !!seq.flow));
}

const sequenceIndents = new WeakMap<ComposeModel, string>();

/** How far the file indents a block list's `-` under its key (`''` when the dashes line up with the key). */
function sequenceIndent(model: ComposeModel): string {
  let indent = sequenceIndents.get(model);
  if (indent === undefined) sequenceIndents.set(model, (indent = findSequenceIndent(model)));
  return indent;
}

function findSequenceIndent(model: ComposeModel): string {
  const text = model.text;
  for (const s of model.services) {
    for (const pair of s.map?.flow ? [] : (s.map?.items ?? [])) {
      const seq = pair.value;
      const first = isSeq(seq) && !seq.flow ? (seq.items[0] as Node | undefined) : undefined;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      if (!first?.range || keyStart === undefined) continue;
      const dash = text.lastIndexOf('-', first.range[0]);
      const step = dash - lineStartOf(text, dash) - (keyStart - lineStartOf(text, keyStart));
      if (step >= 0 && step <= 8) return ' '.repeat(step);
    }
  }
  return indentUnit(model);
}

/** Give the service its own list `key: [item, …]`, block style in a block mapping, one line in a flow one. */
export function insertList(
  model: ComposeModel,
  service: ComposeService,
  key: string,
  item: string | readonly string[],
): TextEdit | undefined {
  const items = typeof item === 'string' ? [item] : item;
  if (!service.map || service.map.flow)
    return insertIntoService(model, service, [
      `${key}: [${items.map((i) => quotedLike(undefined, i, true)).join(', ')}]`,
    ]);
  return insertIntoService(model, service, [`${key}:`, ...items.map((i) => `${sequenceIndent(model)}- ${i}`)]);
}

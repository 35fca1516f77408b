import { isMap, isPair, isSeq, isScalar, Node, YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ComposeModel, ComposeService } from './model';
import { parseCompose } from './model';
import type { Fix } from '../rules/types';

/**
 * Edits for Compose fixes that keep the user's indentation, comments and line endings: keys are inserted after the
 * last line of a block mapping, items after the last item of a sequence, values replaced in place. Flow-style
 * collections (`{ … }`) on one line get inline insertions. Where a safe edit cannot be made, undefined.
 */

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Offset of the end of the line holding `offset` (before its line break). */
function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** The indentation step the file uses (from the services' children), two spaces when it cannot tell. */
export function indentUnit(model: ComposeModel): string {
  const s = model.services.find((x) => x.map && x.map.items.length && !x.map.flow);
  if (s?.map) {
    const first = s.map.items[0];
    const keyStart = (first.key as Node | null)?.range?.[0];
    const serviceCol = columnOf(model.text, s.keyNode.range?.[0] ?? 0);
    if (keyStart !== undefined) {
      const step = columnOf(model.text, keyStart) - serviceCol;
      if (step > 0 && step <= 8) return ' '.repeat(step);
    }
  }
  return '  ';
}

/** The column children of a block mapping start at. */
function childColumn(model: ComposeModel, map: YAMLMap, parentKey: Node | null): number {
  const first = map.items[0]?.key as Node | null | undefined;
  if (first?.range) return columnOf(model.text, first.range[0]);
  const parentCol = parentKey?.range ? columnOf(model.text, parentKey.range[0]) : 0;
  return parentCol + indentUnit(model).length;
}

/**
 * The offset just past the last content a node holds: in a block collection, its last entry's (recursively), since a
 * collection's own range[1] runs to the next token when its last value is empty and followed by a comment (`build:
 * # TODO`): that is the next service's key, on another line. An empty value's range[1] is where it would have started
 * (after `key: `); comments after the content, on its line or below, belong to whatever follows.
 */
function contentEnd(node: Node | null | undefined): number | undefined {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
    const last = node.items[node.items.length - 1];
    if (isPair(last)) return contentEnd(last.value as Node | null) ?? (last.key as Node | null)?.range?.[1];
    return contentEnd(last as Node | null);
  }
  return node?.range?.[1];
}

/**
 * Insert `lines` (YAML, indented relative to the mapping's children; a line may start with more spaces for nesting)
 * as new keys at the end of a block mapping. For the service itself pass `service.map` and `service.keyNode`.
 */
export function insertIntoMap(
  model: ComposeModel,
  map: YAMLMap | undefined,
  parentKey: Node | null,
  lines: readonly string[],
): TextEdit | undefined {
  if (!lines.length) return undefined;
  const text = model.text;
  if (map && map.flow) {
    // `{ image: x }` on one line: add `, key: value` before the closing brace, only for one-line flat insertions
    if (lines.length !== 1 || !map.range) return undefined;
    const close = text.lastIndexOf('}', map.range[1]);
    if (close < 0) return undefined;
    let at = close;
    while (text[at - 1] === ' ') at--;
    const empty = !text.slice(map.range[0] + 1, close).trim();
    return { range: model.range(at, at), newText: (empty ? ' ' : ', ') + lines[0].trim() + (empty ? ' ' : '') };
  }
  if (map && map.items.length) {
    const end = contentEnd(map);
    if (end === undefined) return undefined;
    const at = lineEndOf(text, Math.max(end - 1, 0));
    const indent = ' '.repeat(childColumn(model, map, parentKey));
    return { range: model.range(at, at), newText: lines.map((l) => model.eol + indent + l).join('') };
  }
  // an empty value (`web:` alone): insert the block under the parent key
  if (!parentKey?.range) return undefined;
  const at = lineEndOf(text, parentKey.range[0]);
  const indent = ' '.repeat(columnOf(text, parentKey.range[0]) + indentUnit(model).length);
  const lineRest = text.slice(parentKey.range[1], at);
  if (!/^\s*:\s*(?:(?:null|~)\s*)?(#.*)?$/.test(lineRest)) return undefined;
  return { range: model.range(at, at), newText: lines.map((l) => model.eol + indent + l).join('') };
}

export function insertIntoService(
  model: ComposeModel,
  service: ComposeService,
  lines: readonly string[],
): TextEdit | undefined {
  return insertIntoMap(model, service.map, service.keyNode, lines);
}

/** Append an item to a sequence: a new `- item` line in block style, `, item` in flow style. */
export function appendToSequence(model: ComposeModel, seq: Node | null, item: string): TextEdit | undefined {
  if (!seq || !isSeq(seq) || !seq.range) return undefined;
  const text = model.text;
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range[1]);
    if (close < 0) return undefined;
    const inside = text.slice(seq.range[0] + 1, close);
    return { range: model.range(close, close), newText: inside.trim() ? `, ${item}` : item };
  }
  const last = seq.items[seq.items.length - 1] as Node | null | undefined;
  if (!last?.range) return undefined;
  const lastLineStart = lineStartOf(text, last.range[0]);
  const dash = text.slice(lastLineStart, last.range[0]);
  if (!/^\s*-\s+$/.test(dash)) return undefined;
  const at = lineEndOf(text, Math.max((contentEnd(last) ?? last.range[1]) - 1, last.range[0]));
  return { range: model.range(at, at), newText: model.eol + dash + item };
}

/** Replace a scalar value in place (keeps the key, its comments and the line). */
export function replaceScalar(model: ComposeModel, node: Node | null, newText: string): TextEdit | undefined {
  if (!node || !isScalar(node) || !node.range) return undefined;
  return { range: model.range(node.range[0], node.range[1]), newText };
}

/** Nor is any fix checked on a document this large: each check parses all of it. */
const MAX_CHECKED_LENGTH = 256 * 1024;

/**
 * The fixes to offer on a document with YAML syntax errors, one list a finding: only those that keep clear of the
 * services an error lies in (error recovery read that part, so its nodes need not be where the file has them), each
 * for a person to review, since "Fix all" applies edits unseen. The lists as they are on a document without errors.
 * Whether a fix adds a syntax error is checked when it is offered (`addsYamlErrors`, per code action request), not
 * here: a lint runs on every keystroke, and parsing the file again per fix made broken files ten times slower.
 */
export function fixesOnBrokenYaml(model: ComposeModel, fixLists: readonly Fix[][]): Fix[][] {
  if (!model.errors.length) return [...fixLists];
  const broken = brokenServiceSpans(model);
  const keeps = (fix: Fix): boolean => {
    const spans = fix.edits.map((e) => [model.doc.offsetAt(e.range.start), model.doc.offsetAt(e.range.end)] as const);
    return !fix.otherFile && !spans.some(([a, b]) => broken.some(([s, t]) => a <= t && b >= s));
  };
  return fixLists.map((fixes) => fixes.filter(keeps).map((f) => ({ ...f, manual: true })));
}

/** Whether applying the edits to a document that has YAML syntax errors adds one (too large to check: assume so). */
export function addsYamlErrors(model: ComposeModel, edits: readonly TextEdit[]): boolean {
  if (!model.errors.length) return false;
  if (model.text.length > MAX_CHECKED_LENGTH) return true;
  const spans = edits
    .map((e, k) => [model.doc.offsetAt(e.range.start), model.doc.offsetAt(e.range.end), k] as const)
    .sort((p, q) => q[0] - p[0] || q[2] - p[2]);
  let text = model.text;
  for (const [a, b, k] of spans) text = text.slice(0, a) + edits[k].newText + text.slice(b);
  return parseCompose(text, model.uri).errors.length > model.errors.length;
}

/** The source spans of the services a syntax error lies in: from a service's name to the next service's name. */
function brokenServiceSpans(model: ComposeModel): [number, number][] {
  const starts = model.services
    .map((s) => s.keyNode.range?.[0])
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  const spans: [number, number][] = starts.map((start, i) => [
    start,
    i + 1 < starts.length ? starts[i + 1] : model.text.length,
  ]);
  return spans.filter(([s, t]) => model.errors.some((e) => e.start < t && e.end >= s));
}

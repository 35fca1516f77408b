import { isSeq, isScalar, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ComposeModel, ComposeService } from './model';

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

/** The last document offset a block collection's content uses (its last item's value end). */
function contentEnd(node: YAMLMap | YAMLSeq): number | undefined {
  const r = node.range;
  if (!r) return undefined;
  // range[1] is the end of the value; trailing comment lines after it belong to whatever follows
  return r[1];
}

/**
 * Insert `lines` (YAML, indented relative to the mapping's children; a line may start with more spaces for nesting)
 * as new keys at the end of a block mapping. For the service itself pass `service.map` and `service.keyNode`.
 */
export function insertIntoMap(model: ComposeModel, map: YAMLMap | undefined, parentKey: Node | null, lines: readonly string[]): TextEdit | undefined {
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
  if (!/^\s*:\s*(null|~)?\s*(#.*)?$/.test(lineRest)) return undefined;
  return { range: model.range(at, at), newText: lines.map((l) => model.eol + indent + l).join('') };
}

export function insertIntoService(model: ComposeModel, service: ComposeService, lines: readonly string[]): TextEdit | undefined {
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
  const at = lineEndOf(text, Math.max(last.range[1] - 1, last.range[0]));
  return { range: model.range(at, at), newText: model.eol + dash + item };
}

/** Replace a scalar value in place (keeps the key, its comments and the line). */
export function replaceScalar(model: ComposeModel, node: Node | null, newText: string): TextEdit | undefined {
  if (!node || !isScalar(node) || !node.range) return undefined;
  return { range: model.range(node.range[0], node.range[1]), newText };
}


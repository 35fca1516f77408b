import type { Node } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { DaemonModel, JsonProperty } from './model';
import { propertiesOf } from './model';

/**
 * Edits for daemon.json fixes. They change only what they must: a value, a key, one property (with its comma), or
 * new properties inserted after the last one in the document's own indentation and line endings.
 */

export function replaceNode(model: DaemonModel, node: Node, newText: string): TextEdit {
  return { range: model.range(node.offset, node.offset + node.length), newText };
}

export function renameKey(model: DaemonModel, prop: JsonProperty, newKey: string): TextEdit {
  return replaceNode(model, prop.keyNode, JSON.stringify(newKey));
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function onlySpaceBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** Offset just after the line break that ends the line holding `offset`, when only spaces follow it; else -1. */
function endOfLineAfter(text: string, offset: number): number {
  const m = /^[ \t]*(\r?\n|$)/.exec(text.slice(offset));
  return m ? offset + m[0].length : -1;
}

/** Remove a property and the comma that separates it from its neighbours; whole lines when it stands alone. */
export function removeProperty(model: DaemonModel, prop: JsonProperty): TextEdit {
  const text = model.text;
  const parent = prop.node.parent;
  const siblings = parent?.children ?? [prop.node];
  const i = siblings.indexOf(prop.node);
  const next = siblings[i + 1];
  const previous = siblings[i - 1];
  const propStart = prop.node.offset;
  const propEnd = prop.node.offset + prop.node.length;
  // the comma right after the property, if any
  const after = /^\s*,/.exec(text.slice(propEnd));
  const commaEnd = after ? propEnd + after[0].length : -1;
  if (next || (!previous && commaEnd >= 0)) {
    const end = commaEnd >= 0 ? commaEnd : propEnd;
    if (onlySpaceBefore(text, propStart)) {
      const lineEnd = endOfLineAfter(text, end);
      if (lineEnd >= 0) return { range: model.range(lineStartOf(text, propStart), lineEnd), newText: '' };
    }
    return { range: model.range(propStart, next ? next.offset : end), newText: '' };
  }
  if (previous) {
    // the last property: take the comma before it with it
    return { range: model.range(previous.offset + previous.length, propEnd), newText: '' };
  }
  // the only property
  if (onlySpaceBefore(text, propStart)) {
    const lineEnd = endOfLineAfter(text, propEnd);
    if (lineEnd >= 0) return { range: model.range(lineStartOf(text, propStart), lineEnd), newText: '' };
  }
  return { range: model.range(propStart, propEnd), newText: '' };
}

/** The indentation of the line a node starts on. */
export function indentOf(model: DaemonModel, node: Node): string {
  const start = lineStartOf(model.text, node.offset);
  return /^[ \t]*/.exec(model.text.slice(start))?.[0] ?? '';
}

/** A JSON value as text, nested lines indented to sit under a property indented by `indent`. */
export function formatValue(model: DaemonModel, value: unknown, indent: string): string {
  return JSON.stringify(value, null, model.indentUnit)
    .split('\n')
    .join(model.eol + indent);
}

/** JSON for a value: one line when short and flat (`["ALL"]`, `{ "Name": "nofile", ... }`), else indented like the document. */
export function valueText(model: DaemonModel, value: unknown, indent: string): string {
  if (value !== null && typeof value === 'object') {
    const flat = JSON.stringify(value, null, 1)
      .replace(/\n\s*/g, ' ')
      .replace(/\[ /g, '[')
      .replace(/ \]/g, ']')
      .replace(/{ /g, '{ ')
      .replace(/ }/g, ' }');
    const nested = Object.values(value as object).some((v) => v !== null && typeof v === 'object');
    if (!nested && flat.length <= 60) return flat;
  }
  return formatValue(model, value, indent);
}

/** Set the value of an existing property (the effective one). */
export function setValue(model: DaemonModel, prop: JsonProperty, value: unknown): TextEdit | undefined {
  if (!prop.valueNode) return undefined;
  return replaceNode(model, prop.valueNode, valueText(model, value, indentOf(model, prop.node)));
}

/**
 * Insert properties at the end of an object (the root by default), after its last property, in the document's
 * indentation. Returns undefined when the document has no object to insert into.
 */
export function insertProperties(
  model: DaemonModel,
  entries: readonly (readonly [string, unknown])[],
  object: Node | undefined = model.root,
): TextEdit | undefined {
  if (!object || object.type !== 'object' || !entries.length) return undefined;
  const text = model.text;
  const props = propertiesOf(object);
  const objectIndent = indentOf(model, object);
  const last = props[props.length - 1];
  const indent =
    last && onlySpaceBefore(text, last.node.offset) ? indentOf(model, last.node) : objectIndent + model.indentUnit;
  const lines = entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${valueText(model, v, indent)}`);
  if (last) {
    const lastEnd = last.node.offset + last.node.length;
    const trailing = /^\s*,/.exec(text.slice(lastEnd));
    if (trailing) {
      // a trailing comma is already there: insert after it (it becomes a separator) and end with one, so that
      // several insertions at this point ("Fix all") stay separated; the file's trailing comma stays where it was
      const at = lastEnd + trailing[0].length;
      return { range: model.range(at, at), newText: model.eol + lines.join(',' + model.eol) + ',' };
    }
    const sameLine = !onlySpaceBefore(text, last.node.offset);
    if (sameLine) {
      const inline = entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
      return { range: model.range(lastEnd, lastEnd), newText: ', ' + inline.join(', ') };
    }
    return { range: model.range(lastEnd, lastEnd), newText: ',' + model.eol + lines.join(',' + model.eol) };
  }
  // an empty file (dockerd reads it as {}): write the object
  if (model.blank && object === model.root)
    return {
      range: model.range(0, text.length),
      newText: '{' + model.eol + lines.join(',' + model.eol) + model.eol + '}' + model.eol,
    };
  // empty object: rewrite it from its `{`. The edit replaces that brace, never just inserts at it, so two of these
  // ("Fix all" on `{}`) overlap and only one is applied: two insertions at one point would run together without a
  // comma. Blank space inside is replaced; a comment inside is kept after the new properties.
  const open = object.offset + 1;
  const close = object.offset + object.length - 1;
  const blank = !text.slice(open, close).trim();
  const body = '{' + model.eol + lines.join(',' + model.eol);
  if (blank) return { range: model.range(object.offset, close), newText: body + model.eol + objectIndent };
  return { range: model.range(object.offset, open), newText: body };
}

/** Set a top-level key: change the effective property's value, or insert the key. */
export function setKey(model: DaemonModel, key: string, value: unknown): TextEdit | undefined {
  const existing = model.effective.get(key);
  if (existing) return setValue(model, existing, value);
  return insertProperties(model, [[key, value]]);
}

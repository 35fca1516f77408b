import type { Node } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { DevcontainerModel } from './model';

/**
 * The edit that removes the children `first`..`last` of an array or object node (items, or properties), with the
 * comma that separates them from the rest: up to the next child when one follows (the lines stay as they were
 * indented), else from the end of the previous one; the only children leave `[]` or `{}`. Undefined where that span holds a comment (it would go with it)
 * or the children are not there.
 */
export function removeChildren(
  model: DevcontainerModel,
  parent: Node,
  first: number,
  last: number,
): TextEdit[] | undefined {
  const children = parent.children ?? [];
  const a = children[first];
  const b = children[last];
  if (!a || !b || first > last) return undefined;
  const next = children[last + 1];
  const previous = children[first - 1];
  let start: number;
  let end: number;
  if (next) [start, end] = [a.offset, next.offset];
  else if (previous) [start, end] = [previous.offset + previous.length, b.offset + b.length];
  else {
    // the only children: the brackets close up (`[]`), whatever stood between them goes
    start = parent.offset + 1;
    end = parent.offset + parent.length - 1;
  }
  const span = model.text.slice(start, end);
  // the removed children's own text may hold `//` (a URL); what lies between them and their neighbours may not
  const between = model.text.slice(start, a.offset) + model.text.slice(b.offset + b.length, end);
  if (/\/[/*]/.test(between) || !span) return undefined;
  return [{ range: model.range(start, end), newText: '' }];
}

/** The runArgs items a flag takes: its own, and its value's when that is the next item. */
export function removeRunArg(
  model: DevcontainerModel,
  flag: { index: number; valueIndex?: number },
): TextEdit[] | undefined {
  const runArgs = model.get('runArgs')?.valueNode;
  if (runArgs?.type !== 'array') return undefined;
  return removeChildren(model, runArgs, flag.index, Math.max(flag.index, flag.valueIndex ?? flag.index));
}

/** A top-level property, the last one of its key (the one the Dev Containers CLI reads). */
export function removeProperty(model: DevcontainerModel, key: string): TextEdit[] | undefined {
  const prop = model.get(key);
  if (!model.root || !prop) return undefined;
  const i = (model.root.children ?? []).indexOf(prop.node);
  return i < 0 ? undefined : removeChildren(model, model.root, i, i);
}

/** An item of a top-level array property (`capAdd`, `securityOpt`). */
export function removeItem(model: DevcontainerModel, key: string, index: number): TextEdit[] | undefined {
  const node = model.get(key)?.valueNode;
  return node?.type === 'array' ? removeChildren(model, node, index, index) : undefined;
}

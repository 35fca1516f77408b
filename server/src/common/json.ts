import { createScanner, getNodeValue, Node, SyntaxKind } from 'jsonc-parser';

/**
 * JSON documents as the kinds that read them share them (daemon.json, devcontainer.json): an object's properties with
 * the nodes that locate them, a node's value, and how deep a text nests before jsonc-parser (which recurses) builds
 * its tree.
 */

/** One `"key": value` of an object, with the nodes that locate it. */
export interface JsonProperty {
  key: string;
  /** The property node (key through value). */
  node: Node;
  keyNode: Node;
  valueNode: Node | undefined;
}

export function propertiesOf(object: Node | undefined): JsonProperty[] {
  if (!object || object.type !== 'object' || !object.children) return [];
  const out: JsonProperty[] = [];
  for (const child of object.children) {
    const [keyNode, valueNode] = child.children ?? [];
    if (!keyNode || keyNode.type !== 'string') continue;
    out.push({ key: String(keyNode.value), node: child, keyNode, valueNode });
  }
  return out;
}

/** The value a node holds as plain JSON (undefined for a missing node). */
export function valueOf(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

/** The deepest nesting of objects and arrays in a JSON text (comments and strings skipped): one scan, no recursion. */
export function jsonDepth(text: string): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  let max = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) max = Math.max(max, ++depth);
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken)
      depth = Math.max(0, depth - 1);
  }
  return max;
}

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { jsonDepth, propertiesOf, valueOf, type JsonProperty } from '../common/json';
import { parseRunArgs, type RunFlag } from './runArgs';

export { valueOf, type JsonProperty };

/**
 * A devcontainer.json (containers.dev/implementors/json_reference): JSON with comments and trailing commas, as the Dev
 * Containers CLI reads it (jsonc-parser, devcontainers/cli src/spec-configuration/configurationCommonUtils.ts).
 */
export interface DevcontainerModel {
  text: string;
  uri: string;
  doc: TextDocument;
  /** The top-level object; undefined when the text holds none (or nests too deep to read). */
  root: Node | undefined;
  /** What does not parse (comments and trailing commas are allowed). */
  errors: { start: number; end: number; message: string }[];
  /** Top-level properties in document order. */
  properties: JsonProperty[];
  /** The property the Dev Containers CLI uses for a key: the last one written. */
  get(key: string): JsonProperty | undefined;
  /** `runArgs` as `docker run` flags, each with the item nodes that hold it. */
  runArgs: RunArgFlag[];
  range(start: number, end: number): Range;
  nodeRange(node: Node): Range;
}

export interface RunArgFlag extends RunFlag {
  node: Node;
  valueNode?: Node;
}

/** Nesting beyond this is not turned into a tree (jsonc-parser recurses); real devcontainer.json files nest 6 levels. */
const MAX_TREE_DEPTH = 256;

export function parseDevcontainer(text: string, uri: string): DevcontainerModel {
  // a UTF-8 byte order mark read as a space: offsets stay put
  const source = text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text;
  const errors: DevcontainerModel['errors'] = [];
  let root: Node | undefined;
  if (jsonDepth(source) > MAX_TREE_DEPTH)
    errors.push({ start: 0, end: 0, message: `nested deeper than ${MAX_TREE_DEPTH} levels` });
  else {
    const parseErrors: ParseError[] = [];
    root = parseTree(source, parseErrors, { allowTrailingComma: true, disallowComments: false });
    for (const e of parseErrors)
      errors.push({ start: e.offset, end: e.offset + e.length, message: printParseErrorCode(e.error) });
    if (root?.type !== 'object') root = undefined;
  }
  const properties = propertiesOf(root);
  const last = new Map<string, JsonProperty>();
  for (const p of properties) last.set(p.key, p);
  const doc = TextDocument.create(uri, 'jsonc', 0, text);
  const range = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
  const runArgsNode = last.get('runArgs')?.valueNode;
  const items = runArgsNode?.type === 'array' ? (runArgsNode.children ?? []) : [];
  const runArgs = parseRunArgs(items.map((n) => (n.type === 'string' ? String(n.value) : undefined))).map(
    (f): RunArgFlag => ({
      ...f,
      node: items[f.index],
      valueNode: f.valueIndex === undefined ? undefined : items[f.valueIndex],
    }),
  );
  return {
    text,
    uri,
    doc,
    root,
    errors,
    properties,
    get: (key) => last.get(key),
    runArgs,
    range,
    nodeRange: (node) => range(node.offset, node.offset + node.length),
  };
}

/** The string items of an array property (`capAdd`, `securityOpt`, `mounts`), with their nodes. */
export function stringItems(model: DevcontainerModel, key: string): { value: string; node: Node; index: number }[] {
  const node = model.get(key)?.valueNode;
  if (node?.type !== 'array') return [];
  return (node.children ?? []).flatMap((n, index) =>
    n.type === 'string' ? [{ value: String(n.value), node: n, index }] : [],
  );
}

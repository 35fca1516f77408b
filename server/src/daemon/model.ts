import { parseTree, Node } from 'jsonc-parser';
import { propertiesOf, type JsonProperty } from '../common/json';
import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSyntax, SyntaxReport } from './syntax';
import type { EngineVersion, Platform } from './keyTypes';

export { propertiesOf, valueOf, type JsonProperty } from '../common/json';

/** Nesting beyond this is not turned into a tree (jsonc-parser recurses): real daemon.json files nest 5 levels. */
export const MAX_TREE_DEPTH = 256;

export interface DaemonModel {
  text: string;
  uri: string;
  doc: TextDocument;
  version: EngineVersion;
  platform: Platform;
  syntax: SyntaxReport;
  /**
   * The top-level object, when the document holds one and its structure is sound enough to check keys: comments
   * and trailing commas are tolerated (each is reported), anything else (a missing comma, a second top-level value,
   * a top-level array) leaves it undefined.
   */
  root: Node | undefined;
  /** Top-level properties in document order, duplicates included. */
  properties: JsonProperty[];
  /** The property dockerd uses for a key: the last one written (Go's decoder keeps the last). */
  effective: Map<string, JsonProperty>;
  range(start: number, end: number): Range;
  /** The document is empty or white space only: dockerd reads it as `{}` (root is an empty object spanning it). */
  blank: boolean;
  /** Text of the line ending the document uses. */
  eol: string;
  /** The indentation unit the document uses (two spaces when it cannot tell). */
  indentUnit: string;
}

/** Go's unicode.IsSpace (what bytes.TrimSpace trims), and the part of it JSON does not skip (all but space, tab, CR, LF). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const GO_ONLY_SPACE = /[\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

/** `text` with Go's white space at its start and end as spaces (each one UTF-16 unit: offsets kept). */
function goTrimmed(text: string): string {
  let start = 0;
  while (start < text.length && GO_SPACE.test(text[start])) start++;
  let end = text.length;
  while (end > start && GO_SPACE.test(text[end - 1])) end--;
  if (start === 0 && end === text.length) return text;
  const spaces = (s: string) => s.replace(GO_ONLY_SPACE, ' ');
  return spaces(text.slice(0, start)) + text.slice(start, end) + spaces(text.slice(end));
}

function detectIndent(text: string): string {
  const m = /\n([ \t]+)["}\]]/.exec(text);
  if (!m) return '  ';
  if (m[1].startsWith('\t')) return '\t';
  return m[1].length >= 2 && m[1].length <= 8 ? m[1] : '  ';
}

export function parseDaemonJson(text: string, uri: string, version: EngineVersion, platform: Platform): DaemonModel {
  // A UTF-8 byte order mark is fine for dockerd since Engine 23; parse as if it were a space so offsets stay put.
  // dockerd then trims Go's white space (bytes.TrimSpace, daemon/config/config.go:551 at docker-v29.7.2): what JSON
  // does not take as white space (U+00A0, U+2028 ...) becomes a space at either end, offsets kept.
  const source = goTrimmed(text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text);
  const syntax = analyzeSyntax(source);
  const structural = syntax.problems.some((p) => p.kind !== 'comment' && p.kind !== 'trailing-comma');
  let root: Node | undefined;
  if (!structural && syntax.topLevel === 'object' && syntax.maxDepth <= MAX_TREE_DEPTH) {
    root = parseTree(source, [], { allowTrailingComma: true, disallowComments: false });
    if (root?.type !== 'object') root = undefined;
  }
  // dockerd trims white space and takes an empty file as an empty configuration (daemon/config/config.go
  // getConflictFreeConfiguration, bytes.TrimSpace: line 551 at docker-v29.7.2): the same as `{}`
  const blank = /^[\t\n\r ]*$/.test(source);
  if (blank) root = { type: 'object', offset: 0, length: source.length, children: [] };
  const properties = propertiesOf(root);
  const effective = new Map<string, JsonProperty>();
  for (const p of properties) effective.set(p.key, p);
  const doc = TextDocument.create(uri, 'json', 0, text);
  return {
    text,
    uri,
    doc,
    version,
    platform,
    syntax,
    root,
    properties,
    effective,
    range: (start, end) => ({ start: doc.positionAt(start), end: doc.positionAt(end) }),
    blank,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    indentUnit: detectIndent(text),
  };
}

import { isMap, isPair, isScalar, Node } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ComposeModel, ComposeService, Found } from './model';
import { resolveAlias } from './model';
import { stripFrom } from '../text/scan';

/**
 * Where a Compose finding goes. Decision: a value written inside the service is reported on its own token; a value
 * the service inherits (a YAML merge key `<<: *anchor`, an alias, or `extends`) is reported on the service's name,
 * with the message saying where the value is written. So every service that uses a shared value gets its own finding,
 * on a line that belongs to it, and `# bulkhead-ignore <id>` above the service name silences exactly that service.
 */

/** Whether a node is written inside the service's own mapping (not in an anchor, a merged mapping or another service). */
export function writtenInService(service: ComposeService, node: Node | null | undefined): boolean {
  const own = service.map?.range;
  const at = node?.range;
  if (!own || !at) return false;
  return at[0] >= own[0] && at[1] <= own[2];
}

/** Range of a node (its value, without a trailing comment). */
export function nodeRange(model: ComposeModel, node: Node): Range {
  const r = node.range ?? [0, 0];
  return model.range(r[0], r[1]);
}

export function serviceNameRange(model: ComposeModel, service: ComposeService): Range {
  return nodeRange(model, service.keyNode);
}

/** 1-based line of a node, for messages. */
export function lineOf(model: ComposeModel, node: Node): number {
  return model.doc.positionAt(node.range?.[0] ?? 0).line + 1;
}

/**
 * Where an inherited value is written, for messages: "service `base`" (extends, or a merge from another service's
 * anchor), "`x-defaults` (line 4)" for an extension field, or "line 4".
 */
export function describeOrigin(model: ComposeModel, found: Found): string {
  if (found.origin === 'extends' && found.from) return `service \`${found.from}\``;
  const node = found.node ?? found.keyNode;
  if (!node?.range) return 'elsewhere in the file';
  const at = node.range[0];
  const line = lineOf(model, node);
  for (const s of model.services) {
    if (s.map?.range && at >= s.map.range[0] && at <= s.map.range[2]) return `service \`${s.name}\` (line ${line})`;
  }
  const root = model.yaml.contents;
  if (isMap(root)) {
    for (const item of root.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const r = (item.value as Node | null)?.range;
      if (r && at >= r[0] && at <= r[2]) return `\`${String(item.key.value)}\` (line ${line})`;
    }
  }
  return `line ${line}`;
}

/**
 * The document offset where a single-line scalar's text starts, when the source spells the value verbatim (a plain
 * scalar, or a quoted one without escapes): then a part of the value (the tag of an image, the value of
 * `KEY=value`) can be pointed at or edited. Undefined otherwise.
 */
export function verbatimStart(model: ComposeModel, node: Node | null | undefined): number | undefined {
  if (!node || !isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const source = model.text.slice(start, end);
  const value = String(node.value);
  if (source.includes('\n')) return undefined;
  if (node.type === 'PLAIN') return source === value ? start : undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')
    return source.slice(1, -1) === value ? start + 1 : undefined;
  return undefined;
}

/** The string a scalar holds as Compose reads it (numbers and booleans as written), or undefined for other nodes. */
export function scalarText(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** For messages about an inherited value: `` (from `x-common`, line 2)``, or '' when the service writes it. */
export function fromNote(from: string | undefined): string {
  return from ? ` (from ${from.replace(/ \(line (\d+)\)$/, ', line $1')})` : '';
}

/**
 * Compose's override file (`compose.override.yaml`, `docker-compose.override.yml`), merged over the main file by
 * `docker compose up`: its services are partial by design, so a rule about something missing stays quiet there.
 */
export function isOverrideFile(uri: string): boolean {
  const path = stripFrom(decodeURIComponent(uri), '?#');
  return /compose\.override\.ya?ml$/i.test(path);
}

/** The node an alias (`*anchor`) stands for, followed through chains of aliases; other nodes as they are. */
export function resolvedNode(model: ComposeModel, node: Node | null | undefined): Node | null {
  return resolveAlias(model.yaml, node ?? null);
}

import { isMap, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { ComposeModel, ComposeService } from './model';
import { resolvedNode, scalarText } from './reportSite';
import { memo } from '../common/memo';

/** One variable of a service's `environment:`, as written. */
export interface EnvEntry {
  name: string;
  /** The value as written; null for `- NAME` (passed through from the shell) and `NAME:` with no value. */
  value: string | null;
  /** The node holding the value: the value scalar (mapping syntax) or the `NAME=value` item (list syntax). */
  node: Node;
  /** List syntax: the value starts this many characters into the item. */
  valueIndex?: number;
  /** List syntax: the list is written on one line (`[A=1, B=2]`). */
  flowList?: boolean;
  /** The mapping or list that holds the entry, its key (mapping syntax) and its index (list syntax). */
  container: YAMLMap | YAMLSeq;
  keyNode?: Node;
  index?: number;
}

/** The entries of an `environment:` mapping (merge keys followed, own keys first) or `NAME=value` list. */
export function environmentEntries(model: ComposeModel, node: Node, seen = new Set<string>(), depth = 0): EnvEntry[] {
  const out: EnvEntry[] = [];
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const text = scalarText(item as Node);
      if (text === undefined) return;
      const eq = text.indexOf('=');
      const name = (eq < 0 ? text : text.slice(0, eq)).trim();
      if (!name || seen.has(name)) return;
      seen.add(name);
      out.push({
        name,
        value: eq < 0 ? null : text.slice(eq + 1),
        node: item as Node,
        valueIndex: eq < 0 ? undefined : eq + 1,
        flowList: !!node.flow,
        container: node,
        index,
      });
    });
  } else if (isMap(node)) {
    const merges: Node[] = [];
    for (const pair of node.items) {
      const key = pair.key as unknown;
      // `<<` (yaml parses it to a Scalar holding Symbol(<<))
      if (typeof key === 'symbol' || (isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol'))) {
        const v = pair.value as Node | null;
        if (v) merges.push(...(isSeq(v) ? (v.items as Node[]) : [v]));
        continue;
      }
      if (!isScalar(key)) continue;
      const name = String(key.value);
      if (seen.has(name)) continue;
      seen.add(name);
      const valueNode = resolvedNode(model, pair.value as Node | null);
      const value = valueNode ? (scalarText(valueNode) ?? null) : null;
      out.push({ name, value, node: valueNode ?? (key as Node), container: node, keyNode: key as Node });
    }
    if (depth < 8) {
      for (const m of merges) {
        const target = resolvedNode(model, m);
        if (target && isMap(target)) out.push(...environmentEntries(model, target, seen, depth + 1));
      }
    }
  }
  return out;
}

/** Links of an `extends` chain read for environment: far beyond real files. */
const MAX_LINKS = 16;

/**
 * A service's environment as Compose builds it: its own `environment:` (merge keys followed), then that of each
 * service it extends (Compose merges environment mappings along `extends`, the nearer service winning), and whether
 * an `env_file` of any of them may set more.
 */
export function serviceEnvironment(model: ComposeModel, service: ComposeService): ServiceEnvironment {
  // read by two rules, the hover, and once per datastore for every other service (compose-datastore-egress clients)
  return memo(service, SERVICE_ENVIRONMENT, () => serviceEnvironmentNow(model, service));
}

const SERVICE_ENVIRONMENT = Symbol('serviceEnvironment');

export interface ServiceEnvironment {
  entries: (EnvEntry & { service: ComposeService })[];
  envFile: boolean;
}

function serviceEnvironmentNow(model: ComposeModel, service: ComposeService): ServiceEnvironment {
  const seen = new Set<string>();
  const visited = new Set<ComposeService>();
  const entries: (EnvEntry & { service: ComposeService })[] = [];
  let envFile = false;
  for (let link: ComposeService | undefined = service; link && !visited.has(link) && visited.size < MAX_LINKS;) {
    visited.add(link);
    const found = link.get(['environment']);
    if (found?.node && found.origin !== 'extends') {
      const node = resolvedNode(model, found.node);
      if (node) for (const e of environmentEntries(model, node, seen)) entries.push({ ...e, service: link });
    }
    const file = link.get(['env_file']);
    if (file && file.origin !== 'extends' && file.value !== null) envFile = true;
    link = model.extendsParent(link);
  }
  return { entries, envFile };
}

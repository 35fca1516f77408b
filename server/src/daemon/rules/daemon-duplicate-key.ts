import type { Node } from 'jsonc-parser';
import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { DaemonModel, propertiesOf, JsonProperty, valueOf } from '../model';
import { insertProperties, removeProperty } from '../edits';
import { mergedEarlier, removeAll } from '../validity';

export const daemonDuplicateKey: Rule<DaemonContext> = {
  id: 'daemon-duplicate-key',
  kind: 'daemon',
  severity: 'warning',
  title: 'Key written twice',
  rationale:
    "Go's JSON decoder keeps the last of two equal keys without a word: the earlier setting looks active in review but has no effect, and whoever edits it changes nothing.",
  remedy: 'Keep one occurrence of the key (dockerd uses the last one).',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Remove the earlier occurrence'],
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    if (!model.root) return out;
    // every object of the document (log-opts, runtimes, builder.gc, default-address-pools entries ...), iteratively
    const stack: Node[] = [model.root];
    // per top-level key written again, its merge, built once (a file of many copies stays linear)
    const merges = new Map<JsonProperty, Merge | undefined>();
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'object') {
        const props = propertiesOf(node);
        const last = new Map<string, JsonProperty>();
        for (const p of props) last.set(p.key, p);
        for (const p of props) {
          const winner = last.get(p.key)!;
          if (winner === p) continue;
          const line = model.doc.positionAt(winner.keyNode.offset).line + 1;
          if (node === model.root && !merges.has(winner)) merges.set(winner, mergeOf(model, winner));
          const merge = merges.get(winner);
          if (merge?.earlier.has(p.node)) {
            out.push({
              range: model.range(p.keyNode.offset, p.keyNode.offset + p.keyNode.length),
              message: `"${p.key}" is written again on line ${line}, and dockerd merges the ${merge.count} objects: the keys of all apply, the later one winning where two set a key. Write them as one object, so a review sees every setting in one place.`,
              fixes: [merge.fix],
            });
            continue;
          }
          const where = node === model.root ? '' : ' in this object';
          out.push({
            range: model.range(p.keyNode.offset, p.keyNode.offset + p.keyNode.length),
            message: `"${p.key}" is written again${where} on line ${line}, and dockerd keeps only that last one: this occurrence is silently ignored. Remove it (or move its value to line ${line}).`,
            fixes: [{ title: `Remove the earlier "${p.key}"`, edits: [removeProperty(model, p)], isPreferred: true }],
          });
        }
      }
      for (const child of node.children ?? [])
        if (child.type === 'object' || child.type === 'array' || child.type === 'property') stack.push(child);
    }
    return out;
  },
};

/**
 * A key written more than once with an object each time (mergedEarlier): one object merged from all copies in file
 * order, a later value winning, written into the last copy, and every earlier copy removed. Where a key inside holds
 * an object in two copies, Go replaces a map's value but merges a struct's field by field (builder.entitlements,
 * builder.history: daemon/config/builder.go:142-146 at docker-v29.7.2; builder.gc, with its own UnmarshalJSON at
 * builder.go:98, is replaced whole): the fix is then manual.
 */
type Merge = { earlier: Set<Node>; count: string; fix: Fix };

function mergeOf(model: DaemonModel, winner: JsonProperty): Merge | undefined {
  const earlier = mergedEarlier(model, winner);
  if (!earlier.length) return undefined;
  const later = new Set(propertiesOf(winner.valueNode).map((x) => x.key));
  const merged = new Map<string, unknown>();
  // how many copies hold an object under each key
  const objects = new Map<string, number>();
  for (const copy of [...earlier, winner]) {
    const seen = new Set<string>();
    for (const x of propertiesOf(copy.valueNode)) {
      if (copy.node !== winner.node && !later.has(x.key)) merged.set(x.key, valueOf(x.valueNode));
      if (x.valueNode?.type === 'object' && !seen.has(x.key)) {
        seen.add(x.key);
        objects.set(x.key, (objects.get(x.key) ?? 0) + 1);
      }
    }
  }
  const nested = [...objects.values()].some((n) => n > 1);
  const insert = insertProperties(model, [...merged], winner.valueNode);
  const line = model.doc.positionAt(winner.keyNode.offset).line + 1;
  return {
    earlier: new Set(earlier.map((e) => e.node)),
    count: earlier.length === 1 ? 'two' : `${earlier.length + 1}`,
    fix: {
      title: `Merge into the "${winner.key}" on line ${line}`,
      edits: [...(insert ? [insert] : []), ...removeAll(model, earlier)],
      isPreferred: true,
      // an object inside written in two copies: Go merges a struct's, replaces a map's; a person decides
      ...(nested ? { manual: true } : {}),
    },
  };
}

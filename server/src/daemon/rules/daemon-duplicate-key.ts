import type { Node } from 'jsonc-parser';
import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { DaemonModel, propertiesOf, JsonProperty, valueOf } from '../model';
import { insertProperties, removeProperty } from '../edits';
import { daemonKey } from '../keys';

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
          if (node === model.root && merged(p, winner)) {
            out.push(mergedReport(model, p, winner, line));
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
 * A key whose Go field is a map or a struct (log-opts, proxies, features, runtimes, builder ...) written twice with an
 * object each time: dockerd's typed decode (json.Unmarshal into Config) decodes the second object into the map or
 * struct the first one filled, so both apply, the later value winning for a key both set (encoding/json decode.go
 * object(): a non-nil map is reused, a struct's fields are set one by one).
 */
function merged(p: JsonProperty, winner: JsonProperty): boolean {
  return daemonKey(p.key)?.type === 'object' && p.valueNode?.type === 'object' && winner.valueNode?.type === 'object';
}

function mergedReport(model: DaemonModel, p: JsonProperty, winner: JsonProperty, line: number): Report {
  const later = new Set(propertiesOf(winner.valueNode).map((x) => x.key));
  const entries = propertiesOf(p.valueNode)
    .filter((x) => !later.has(x.key))
    .map((x) => [x.key, valueOf(x.valueNode)] as const);
  const insert = insertProperties(model, entries, winner.valueNode);
  return {
    range: model.range(p.keyNode.offset, p.keyNode.offset + p.keyNode.length),
    message: `"${p.key}" is written again on line ${line}, and dockerd merges the two objects: the keys of both apply, the one on line ${line} winning where both set a key. Write them as one object, so a review sees every setting in one place.`,
    fixes: [
      {
        title: `Merge into the "${p.key}" on line ${line}`,
        edits: [...(insert ? [insert] : []), removeProperty(model, p)],
        isPreferred: true,
      },
    ],
  };
}

import type { Node } from 'jsonc-parser';
import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { propertiesOf, JsonProperty } from '../model';
import { removeProperty } from '../edits';

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

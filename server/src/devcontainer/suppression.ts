import { parseBulkheadIgnore } from '../rules/suppression';
import type { DevcontainerModel } from './model';

/**
 * `// bulkhead-ignore <id>[, <id>] [reason]` on the comment lines directly above a finding's line, or above the
 * top-level key whose value holds it (`runArgs`, `mounts`); `// bulkhead-ignore-file <id>` anywhere. devcontainer.json
 * allows `//` comments (JSON with comments); the ids and reason read as in the other kinds' `#` comments.
 */
export interface DevcontainerSuppressions {
  fileRules: Set<string>;
  isSuppressed(rule: string, offset: number): boolean;
}

const LINE_COMMENT = /^(\s*)\/\/(?!\/)/;

export function devcontainerSuppressions(model: DevcontainerModel): DevcontainerSuppressions {
  const lines = model.text.split(/\r\n|\r|\n/);
  const fileRules = new Set<string>();
  const byLine = new Map<number, string[]>();
  const isComment = (l: number) => LINE_COMMENT.test(lines[l] ?? '');
  lines.forEach((text, i) => {
    if (!text.includes('bulkhead-ignore')) return;
    const m = LINE_COMMENT.exec(text);
    if (!m) return;
    const parsed = parseBulkheadIgnore(`${m[1]}#${text.slice(m[0].length)}`);
    if (!parsed) return;
    if (parsed.file) for (const id of parsed.ids) fileRules.add(id);
    else byLine.set(i, parsed.ids);
  });
  const above = (line: number): string[] => {
    const ids: string[] = [];
    for (let l = line - 1; l >= 0 && isComment(l); l--) ids.push(...(byLine.get(l) ?? []));
    return ids;
  };
  const covers = (ids: string[], rule: string) => ids.includes(rule) || ids.includes('all');
  return {
    fileRules,
    isSuppressed(rule, offset) {
      if (covers([...fileRules], rule)) return true;
      if (!byLine.size) return false;
      if (covers(above(model.doc.positionAt(offset).line), rule)) return true;
      const key = model.properties.find((p) => offset >= p.node.offset && offset <= p.node.offset + p.node.length);
      return !!key && covers(above(model.doc.positionAt(key.keyNode.offset).line), rule);
    },
  };
}

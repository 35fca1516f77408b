import type { TextEdit } from 'vscode-languageserver-types';
import { parseBulkheadIgnore } from '../rules/suppression';
import type { DevcontainerModel } from './model';
import type { SuppressionHelp } from '../rules/language';

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

/** An existing `// bulkhead-ignore[-file]` comment on line `l`: its ids and the document offset just after them. */
function ignoreComment(model: DevcontainerModel, lines: string[], lineStarts: number[], l: number) {
  const text = lines[l] ?? '';
  const m = LINE_COMMENT.exec(text);
  if (!m || !text.includes('bulkhead-ignore')) return null;
  const parsed = parseBulkheadIgnore(`${m[1]}#${text.slice(m[0].length)}`);
  // `//` is one character longer than the `#` it was read as
  return parsed ? { ...parsed, idsEnd: lineStarts[l] + parsed.idsEndInLine + 1 } : null;
}

function lineLayout(text: string): { lines: string[]; lineStarts: number[]; eol: string } {
  const lines = text.split(/\r\n|\r|\n/);
  const lineStarts: number[] = [];
  let at = 0;
  // linear: one pass over the text, each line break matched once
  const breaks = text.matchAll(/\r\n|\r|\n/g);
  for (const line of lines) {
    lineStarts.push(at);
    const b = breaks.next();
    at += line.length + (b.done ? 0 : b.value[0].length);
  }
  return { lines, lineStarts, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * "Ignore <rule> for this key": `// bulkhead-ignore <rule>` on the comment lines above the top-level key whose value
 * holds `offset` (merged into a `// bulkhead-ignore` comment there), as devcontainerSuppressions reads it. Undefined
 * when no key holds the offset or the rule is already there.
 */
export function ignoreKeyEdit(model: DevcontainerModel, offset: number, rule: string): TextEdit | undefined {
  const key = model.properties.find((p) => offset >= p.node.offset && offset <= p.node.offset + p.node.length);
  if (!key) return undefined;
  const { lines, lineStarts, eol } = lineLayout(model.text);
  const keyLine = model.doc.positionAt(key.keyNode.offset).line;
  for (let l = keyLine - 1; l >= 0 && LINE_COMMENT.test(lines[l] ?? ''); l--) {
    const c = ignoreComment(model, lines, lineStarts, l);
    if (!c || c.file) continue;
    if (c.ids.includes(rule) || c.ids.includes('all')) return undefined;
    return { range: model.range(c.idsEnd, c.idsEnd), newText: `,${rule}` };
  }
  const indent = /^[ \t]*/.exec(lines[keyLine] ?? '')?.[0] ?? '';
  // after a byte order mark
  const at = keyLine === 0 && model.text.startsWith('\uFEFF') ? 1 : lineStarts[keyLine];
  // a key on the line of the opening brace (`{ "privileged": true }`): the comment goes above that line
  return { range: model.range(at, at), newText: `${indent}// bulkhead-ignore ${rule}${eol}` };
}

/**
 * "Ignore <rule> in this file": the rule added to the file's `// bulkhead-ignore-file` comment, or one inserted on the
 * first line (before the object: JSON with comments allows it). Undefined when the rule is already there.
 */
export function ignoreFileEdit(model: DevcontainerModel, rule: string): TextEdit | undefined {
  const { lines, lineStarts, eol } = lineLayout(model.text);
  for (let l = 0; l < lines.length; l++) {
    const c = ignoreComment(model, lines, lineStarts, l);
    if (!c?.file) continue;
    if (c.ids.includes(rule) || c.ids.includes('all')) return undefined;
    return { range: model.range(c.idsEnd, c.idsEnd), newText: `,${rule}` };
  }
  const at = model.text.startsWith('\uFEFF') ? 1 : 0;
  return { range: model.range(at, at), newText: `// bulkhead-ignore-file ${rule}${eol}` };
}

/** How a devcontainer.json finding is suppressed, as the hovers and the rule pages say it (its descriptor's). */
export const devcontainerSuppressionHelp: SuppressionHelp = {
  comment: '//',
  hover: (id) => `\`// bulkhead-ignore ${id} -- reason\` above the line, or above the key that holds it`,
  page: (id) =>
    `To suppress: \`// bulkhead-ignore ${id} -- <reason>\` on the comment lines directly above the finding's line, or above the key that holds it (\`runArgs\`, \`mounts\`); \`// bulkhead-ignore-file ${id}\` anywhere in the file for the whole file.`,
};

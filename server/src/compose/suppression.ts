import { parseBulkheadIgnore } from '../rules/suppression';
import type { ComposeModel } from './model';
import type { SuppressionHelp } from '../rules/language';

/**
 * `# bulkhead-ignore <id>[, <id>] [reason]` on the comment lines directly above the line of a finding, or directly
 * above a service's name (then for the whole service); `# bulkhead-ignore-file <id>` anywhere in the file.
 */
export interface ComposeSuppressions {
  fileRules: Set<string>;
  isSuppressed(rule: string, line: number, serviceLine?: number): boolean;
}

export function composeSuppressions(model: ComposeModel): ComposeSuppressions {
  // lines as the findings' positions count them (CR, LF and CRLF end a line, as in LSP)
  const lines = model.text.split(/\r\n|\r|\n/);
  const fileRules = new Set<string>();
  const byLine = new Map<number, string[]>();
  lines.forEach((text, i) => {
    const parsed = parseBulkheadIgnore(text);
    if (!parsed) return;
    if (parsed.file) for (const id of parsed.ids) fileRules.add(id);
    else byLine.set(i, parsed.ids);
  });
  const above = (line: number): string[] => {
    const ids: string[] = [];
    for (let l = line - 1; l >= 0 && /^\s*#/.test(lines[l] ?? ''); l--) ids.push(...(byLine.get(l) ?? []));
    return ids;
  };
  return {
    fileRules,
    isSuppressed(rule, line, serviceLine) {
      if (fileRules.has(rule) || fileRules.has('all')) return true;
      const here = above(line);
      if (here.includes(rule) || here.includes('all')) return true;
      if (serviceLine !== undefined) {
        const service = above(serviceLine);
        if (service.includes(rule) || service.includes('all')) return true;
      }
      return false;
    },
  };
}

/** How a Compose finding is suppressed, as the hovers and the rule pages say it (the Compose descriptor's). */
export const composeSuppressionHelp: SuppressionHelp = {
  comment: '#',
  hover: (id) => `\`# bulkhead-ignore ${id} -- reason\` above the line, or above the service's name for the service`,
  page: (id) =>
    `To suppress: \`# bulkhead-ignore ${id} -- <reason>\` on the comment lines directly above the finding's line, or above the service's name for the whole service; \`# bulkhead-ignore-file ${id}\` anywhere in the file for the whole file.`,
};

import { normalizeAnchorId } from './anchors';
import type { Anchor } from './types';

/**
 * Suppression comments, what every kind shares: our own `# bulkhead-ignore id[,id] [-- reason]` (on the comment lines
 * directly above a finding) and `# bulkhead-ignore-file id[,id]` (anywhere), and the keys a finding is suppressed by.
 * Each kind decides where its comments apply: dockerfile/suppression.ts (also other tools' pragmas),
 * compose/suppression.ts.
 */

export interface IgnoreComment {
  line: number;
  /** Document offsets of the comment line's text (without the newline). */
  start: number;
  end: number;
  ids: string[];
  /** Offset just after the last id (where a merged id goes). */
  idsEnd: number;
  indent: string;
}

/**
 * `# bulkhead-ignore id[, id] [reason]`: ids are kebab-case words separated by commas; whatever follows (after `--`,
 * `:` or a space) is the reason.
 * linear: anchored; ids are runs joined by commas, and nothing after them can fail
 */
const OURS = /^(\s*)#\s*bulkhead-ignore(-file)?\s+([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)/i;

export function parseBulkheadIgnore(
  lineText: string,
): { file: boolean; ids: string[]; idsEndInLine: number; indent: string } | null {
  const m = OURS.exec(lineText);
  if (!m) return null;
  const rest = lineText.slice(m[0].length);
  if (rest && !/^(\s|:|$)/.test(rest)) return null;
  const ids = m[3]
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return { file: !!m[2], ids, idsEndInLine: m[0].length, indent: m[1] };
}

/** Keys a finding can be suppressed by: its rule, `all`, and its anchors (other tools' ids). */
export const ruleKey = (id: string) => `rule:${id}`;
export const anchorKey = (a: Anchor) => `anchor:${a.tool}:${normalizeAnchorId(a.tool, a.id)}`;

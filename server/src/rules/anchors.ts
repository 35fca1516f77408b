import type { Anchor, AnchorTool } from './types';

/** The CIS Docker Benchmark / docker-bench-security check a rule matches (daemon.json and Compose rules). */
export function cisCheck(id: string): Anchor {
  return { tool: 'docker-bench', id };
}

/** Normalise another tool's rule id so `AVD-DS-0002`, `DS002` and `DS-0002` compare equal. */
export function normalizeAnchorId(tool: AnchorTool, id: string): string {
  const upper = id.trim().toUpperCase();
  if (tool === 'trivy') {
    const m = /DS-?0*([1-9]\d*|0)$/.exec(upper);
    return m ? `DS${m[1]}` : upper;
  }
  if (tool === 'buildkit') return upper.replace(/[^A-Z0-9]/g, '');
  return upper;
}

/** Where a rule's documentation lives, relative to a docs base URI. */
export function ruleDocUri(base: string, id: string): string {
  return `${base.replace(/\/$/, '')}/${id}.md`;
}

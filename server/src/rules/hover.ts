import type { Position, Diagnostic, Range } from 'vscode-languageserver-types';
import type { RuleMeta } from './types';
import { severityName, SOURCE } from './diagnostics';

const TOOL_NAMES: Record<string, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit',
  trivy: 'Trivy',
  checkov: 'Checkov',
  kics: 'KICS',
  dockle: 'Dockle',
  'docker-bench': 'Docker Bench / CIS',
};

export function rangeContains(r: Range, p: Position): boolean {
  const { start, end } = r;
  if (p.line < start.line || p.line > end.line) return false;
  if (p.line === start.line && p.character < start.character) return false;
  if (p.line === end.line && p.character > end.character) return false;
  return true;
}

/** A rule by id, over one kind's rule list (a kind's findings are its own rules'). */
export function ruleLookup(rules: readonly RuleMeta[]): (id: string) => RuleMeta | undefined {
  const byId = new Map<string, RuleMeta>(rules.map((r) => [r.id, r]));
  return (id) => byId.get(id);
}

/** Hover sections for Bulkhead's findings under the cursor (the rule explained), and the first one's range. */
export function findingHoverSections(
  diagnostics: readonly Diagnostic[],
  position: Position,
  ruleById: (id: string) => RuleMeta | undefined,
): { sections: string[]; range?: Range } {
  const sections: string[] = [];
  let range: Range | undefined;
  for (const d of diagnostics) {
    if (d.source !== SOURCE || !d.code || !rangeContains(d.range, position)) continue;
    const rule = ruleById(String(d.code));
    sections.push(rule ? ruleHoverMarkdown(rule, d) : typeof d.message === 'string' ? d.message : d.message.value);
    range ??= d.range;
  }
  return { sections, range };
}

/** Hover text for a rule (also used by "Show Rule Documentation" and the CLI's --explain). */
/** How a finding of each kind is suppressed (daemon.json takes no comments: dockerd refuses them). */
const SUPPRESS: Record<RuleMeta['kind'], (id: string) => string> = {
  dockerfile: (id) => `\`# bulkhead-ignore ${id} -- reason\` above the instruction`,
  compose: (id) => `\`# bulkhead-ignore ${id} -- reason\` above the line, or above the service's name for the service`,
  daemon: (id) => `\`"${id}": "off"\` in the \`rules\` of \`.bulkhead.json\` (daemon.json takes no comments)`,
};

export function ruleHoverMarkdown(rule: RuleMeta, d?: Diagnostic): string {
  const parts = [`**${rule.title}** — \`${rule.id}\` (${d ? severityName(d.severity) : rule.severity})`];
  if (d) parts.push(typeof d.message === 'string' ? d.message : (d.message as { value: string }).value);
  parts.push(`**Why it matters:** ${rule.rationale}`);
  parts.push(`**What to do:** ${rule.remedy}`);
  parts.push(`**Guidance:** ${rule.guidance.join('; ')}`);
  if (rule.anchors.length)
    parts.push(`**Same as:** ${rule.anchors.map((a) => `${TOOL_NAMES[a.tool]} ${a.id}`).join(', ')}`);
  const href = d?.codeDescription?.href;
  parts.push(`${href ? `[Rule documentation](${href}) · ` : ''}Suppress: ${SUPPRESS[rule.kind](rule.id)}`);
  return parts.join('\n\n');
}

import type { Position, Diagnostic, Range } from 'vscode-languageserver-types';
import type { RuleMeta } from './types';
import type { SuppressionHelp } from './language';
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

/**
 * Hover sections for Bulkhead's findings under the cursor, and the first one's range: one section per rule (its
 * findings' messages, why it matters, what to do, the documentation and how to suppress it, as the kind's
 * descriptor tells it: `suppression`). With `messages: false` the messages are left out: the editor shows them in the
 * same hover (VS Code's problem hover), so each finding is read once.
 */
export function findingHoverSections(
  diagnostics: readonly Diagnostic[],
  position: Position,
  ruleById: (id: string) => RuleMeta | undefined,
  { suppression, messages = true }: { suppression: SuppressionHelp; messages?: boolean },
): { sections: string[]; range?: Range } {
  const byRule = new Map<string, Diagnostic[]>();
  const other: string[] = [];
  let range: Range | undefined;
  for (const d of diagnostics) {
    if (d.source !== SOURCE || !d.code || !rangeContains(d.range, position)) continue;
    range ??= d.range;
    if (!ruleById(String(d.code))) {
      if (messages) other.push(messageText(d));
      continue;
    }
    const same = byRule.get(String(d.code));
    if (same) same.push(d);
    else byRule.set(String(d.code), [d]);
  }
  const sections = [...byRule].map(([id, found]) => findingMarkdown(ruleById(id)!, found, suppression, messages));
  return { sections: [...sections, ...other], range };
}

function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
}

/** A rule's findings at one place, explained once. */
function findingMarkdown(
  rule: RuleMeta,
  found: readonly Diagnostic[],
  suppression: SuppressionHelp,
  messages: boolean,
): string {
  const d = found[0];
  const parts = [`**${rule.title}** — \`${rule.id}\` (${severityName(d.severity)})`];
  if (messages) parts.push(...found.map(messageText));
  parts.push(`**Why it matters:** ${rule.rationale}`);
  parts.push(`**What to do:** ${rule.remedy}`);
  const href = d.codeDescription?.href;
  // the guidance it enforces is on the rule's page; other tools' ids stay here, on the last line
  const same = rule.anchors.length
    ? `Same as ${rule.anchors.map((a) => `${TOOL_NAMES[a.tool]} ${a.id}`).join(', ')} · `
    : '';
  parts.push(`${href ? `[Rule documentation](${href}) · ` : ''}${same}Suppress: ${suppression.hover(rule.id)}`);
  return parts.join('\n\n');
}

/**
 * A rule explained in full (`bulkhead explain`, SARIF help), with how its kind suppresses it (`suppression`, the
 * kind's descriptor's: service/registry.ts `explainRule` looks it up).
 */
export function ruleHoverMarkdown(rule: RuleMeta, suppression: SuppressionHelp): string {
  const parts = [`**${rule.title}** — \`${rule.id}\` (${rule.severity})`];
  parts.push(`**Why it matters:** ${rule.rationale}`);
  parts.push(`**What to do:** ${rule.remedy}`);
  parts.push(`**Guidance:** ${rule.guidance.join('; ')}`);
  if (rule.anchors.length)
    parts.push(`**Same as:** ${rule.anchors.map((a) => `${TOOL_NAMES[a.tool]} ${a.id}`).join(', ')}`);
  parts.push(`Suppress: ${suppression.hover(rule.id)}`);
  return parts.join('\n\n');
}

import type { Hover, Position, Diagnostic, Range } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import type { DockerfileLintResult } from './dockerfile';
import { ruleById } from './registry';
import type { RuleMeta } from '../rules/types';
import { INSTRUCTION_NOTES, MOUNT_NOTES } from '../dockerfile/instructionHovers';
import { severityName, SOURCE } from './diagnostics';
import { substitute } from '../dockerfile/variables';

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

/** Hover sections for Bulkhead's findings under the cursor (the rule explained), and the first one's range. */
export function findingHoverSections(diagnostics: readonly Diagnostic[], position: Position): { sections: string[]; range?: Range } {
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
export function ruleHoverMarkdown(rule: RuleMeta, d?: Diagnostic): string {
  const parts = [`**${rule.title}** — \`${rule.id}\` (${d ? severityName(d.severity) : rule.severity})`];
  if (d) parts.push(typeof d.message === 'string' ? d.message : (d.message as { value: string }).value);
  parts.push(`**Why it matters:** ${rule.rationale}`);
  parts.push(`**What to do:** ${rule.remedy}`);
  parts.push(`**Guidance:** ${rule.guidance.join('; ')}`);
  if (rule.anchors.length) parts.push(`**Same as:** ${rule.anchors.map((a) => `${TOOL_NAMES[a.tool]} ${a.id}`).join(', ')}`);
  const href = d?.codeDescription?.href;
  parts.push(`${href ? `[Rule documentation](${href}) · ` : ''}Suppress: \`# bulkhead-ignore ${rule.id} -- reason\` above the instruction`);
  return parts.join('\n\n');
}

export function hoverDockerfile(result: DockerfileLintResult, position: Position): Hover | null {
  const findings = result.diagnostics.filter((d) => d.source === SOURCE && rangeContains(d.range, position));
  if (findings.length) {
    const sections = findings.map((d) => {
      const rule = ruleById(String(d.code));
      return rule ? ruleHoverMarkdown(rule, d) : d.message;
    });
    return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: findings[0].range };
  }
  const model = result.model;
  const inst = model.instructionAtLine(position.line);
  if (!inst) return null;
  const offset = model.doc.offsetAt(position);
  // RUN --mount=type=...: explain the mount
  for (const f of inst.flags) {
    if (offset >= f.start && offset <= f.end && f.name === 'mount' && f.value) {
      const type = /(?:^|,)type=([a-z]+)/.exec(f.value)?.[1] ?? 'bind';
      const note = MOUNT_NOTES[type];
      if (note) return { contents: { kind: MarkupKind.Markdown, value: `**RUN --mount=type=${type}**\n\n${note}` }, range: model.range(f.start, f.end) };
    }
  }
  if (offset < inst.keywordStart || offset > inst.keywordEnd) return null;
  const keyword = inst.effectiveKeyword;
  const note = INSTRUCTION_NOTES[keyword];
  if (!note) return null;
  const extra: string[] = [];
  if (keyword === 'FROM' && inst.stage) {
    const s = inst.stage;
    if (s.image.stage) extra.push(`Builds on stage \`${s.image.stage.alias}\` (inherits its USER, SHELL and HEALTHCHECK).`);
    else if (s.image.resolved && s.image.resolved !== s.image.text) extra.push(`Resolves to \`${s.image.resolved}\`.`);
    else if (!s.image.resolved && !s.image.isScratch) extra.push('The image name uses a build argument without a default, so it is unknown until build time.');
    if (s === model.finalStage) extra.push('This is the final stage: its user, packages and files are what ships.');
    else extra.push('A builder stage: only what later stages copy from it ships.');
  }
  if (keyword === 'USER') {
    const raw = inst.body.text.trim();
    const sub = substitute(raw, model.varsAt(inst), model.escapeChar);
    extra.push(`Runs as \`${sub.unresolved ? raw : sub.value}\` from here on${sub.unresolved ? ' (a build argument decides)' : ''}.`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: [`**${keyword}** (security)`, note, ...extra].join('\n\n') },
    range: model.range(inst.keywordStart, inst.keywordEnd),
  };
}

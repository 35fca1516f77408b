import type { RuleMeta, Rule, AnchorTool } from './types';
import type { ComposeContext, DaemonContext, DockerfileContext } from './context';
import { dockerfileRules } from '../dockerfile/rules';
import { daemonRules } from '../daemon/rules';
import { composeRules } from '../compose/rules';

/** Every rule, once. Hovers, docs, settings, SARIF and the README table are derived from this list. */
export const allRules: readonly RuleMeta[] = [...dockerfileRules, ...daemonRules, ...composeRules];

export const dockerfileRuleList: readonly Rule<DockerfileContext>[] = dockerfileRules;
export const daemonRuleList: readonly Rule<DaemonContext>[] = daemonRules;
export const composeRuleList: readonly Rule<ComposeContext>[] = composeRules;

const byId = new Map<string, RuleMeta>(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return byId.get(id);
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

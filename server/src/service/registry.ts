import type { RuleMeta, Rule } from '../rules/types';
import type { DockerfileContext } from '../dockerfile/context';
import type { DaemonContext } from '../daemon/context';
import type { ComposeContext } from '../compose/context';
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

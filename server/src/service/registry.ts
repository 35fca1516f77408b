import type { RuleMeta } from '../rules/types';
import { LANGUAGES } from './languages';

/**
 * Every rule, once: each kind's (`Language.rules`), in the order of LANGUAGES. Hovers, docs, settings, SARIF and the
 * README table are derived from this list.
 */
export const allRules: readonly RuleMeta[] = LANGUAGES.flatMap((l) => l.rules);

const byId = new Map<string, RuleMeta>(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return byId.get(id);
}

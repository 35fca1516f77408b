import type { RuleMeta } from '../rules/types';
import { ruleHoverMarkdown } from '../rules/hover';
import { LANGUAGES, type LintedLanguage } from './languages';

/**
 * Every rule, once: each kind's (`Language.rules`), in the order of LANGUAGES. Hovers, docs, settings, SARIF and the
 * README table are derived from this list.
 */
export const allRules: readonly RuleMeta[] = LANGUAGES.flatMap((l) => l.rules);

const byId = new Map<string, RuleMeta>(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return byId.get(id);
}

/** The descriptor of the kind a rule belongs to (the one whose `rules` list it): its `kind` is a LintedKind. */
export function languageOfRule(rule: RuleMeta): LintedLanguage {
  const language = LANGUAGES.find((l) => l.kind === rule.kind);
  if (!language) throw new Error(`${rule.id}: no document kind ${rule.kind}`);
  return language;
}

/** A rule explained in full, with how its kind suppresses it (`bulkhead explain`, SARIF help). */
export function explainRule(rule: RuleMeta): string {
  return ruleHoverMarkdown(rule, languageOfRule(rule).suppression);
}

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseDevcontainer, type DevcontainerModel } from '../model';
import { devcontainerRules } from '../rules';
import type { EffectiveConfig } from '../../rules/context';
import type { DevcontainerContext } from '../context';
import { byPosition, runRules, SOURCE } from '../../rules/diagnostics';
import { DEFAULT_DOCS_BASE } from '../../common/docsBase';
import type { LintOptions } from '../../rules/language';
import { devcontainerSuppressions } from '../suppression';

export interface DevcontainerLintResult {
  model: DevcontainerModel;
  diagnostics: Diagnostic[];
  failures: { rule: string; error: string }[];
}

/** At most this many JSON syntax errors are shown: the first ones say what is wrong, the rest follow from them. */
const MAX_SYNTAX_ERRORS = 3;

/** The start of the message of a syntax finding (the editor's JSON service reports the same: shownByEditor). */
export const SYNTAX_MESSAGE = 'This devcontainer.json does not parse';

export function lintDevcontainer(
  text: string,
  uri: string,
  config: EffectiveConfig,
  options: LintOptions = { docsBase: DEFAULT_DOCS_BASE },
): DevcontainerLintResult {
  const model = parseDevcontainer(text, uri);
  const ctx: DevcontainerContext = { model, config };
  const suppressions = devcontainerSuppressions(model);
  const diagnostics: Diagnostic[] = model.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({
    range: model.range(e.start, Math.min(e.end, text.length)),
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    message: `${SYNTAX_MESSAGE} (${e.message}): Bulkhead checks only the parts it can read. Fix the syntax for a complete check.`,
  }));
  const run = runRules(devcontainerRules, ctx, config, options.docsBase, {
    uri,
    fixes: options.fixes,
    skip: (rule) => suppressions.fileRules.has(rule.id) || suppressions.fileRules.has('all'),
    keep: (rule, report) => !suppressions.isSuppressed(rule.id, model.doc.offsetAt(report.range.start)),
  });
  diagnostics.push(...run.diagnostics);
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures: run.failures };
}

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseCompose, ComposeModel } from '../compose/model';
import { composeRuleList } from '../rules/registry';
import type { ComposeContext, EffectiveConfig } from '../rules/context';
import { effectiveSeverity, toDiagnostic, SOURCE } from './diagnostics';
import { DEFAULT_DOCS_BASE } from './docsBase';
import type { LintOptions } from './dockerfile';
import { composeSuppressions } from '../compose/suppression';

export interface ComposeLintResult {
  model: ComposeModel;
  diagnostics: Diagnostic[];
  failures: { rule: string; error: string }[];
}

/** At most this many YAML syntax errors are shown: the first ones say what is wrong, the rest follow from them. */
const MAX_SYNTAX_ERRORS = 3;

export function lintCompose(
  text: string,
  uri: string,
  config: EffectiveConfig,
  options: LintOptions = { docsBase: DEFAULT_DOCS_BASE },
): ComposeLintResult {
  const model = parseCompose(text, uri);
  const ctx: ComposeContext = { model, config };
  const suppressions = composeSuppressions(model);
  const diagnostics: Diagnostic[] = [];
  const failures: { rule: string; error: string }[] = [];
  for (const e of model.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    diagnostics.push({
      range: model.range(e.start, Math.min(e.end, model.text.length)),
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      message: `This YAML does not parse (${e.message}): Bulkhead checks only the parts it can read. Fix the syntax for a complete check.`,
    });
  }
  const serviceLine = (line: number): number | undefined => {
    let best: number | undefined;
    for (const s of model.services) {
      const start = s.keyNode.range?.[0];
      if (start === undefined) continue;
      const l = model.doc.positionAt(start).line;
      if (l <= line && (best === undefined || l > best)) best = l;
    }
    return best;
  };
  for (const rule of composeRuleList) {
    if (config.rules[rule.id] === 'off' || suppressions.fileRules.has(rule.id) || suppressions.fileRules.has('all')) continue;
    let reports;
    try {
      reports = rule.check(ctx);
    } catch (e) {
      failures.push({ rule: rule.id, error: (e as Error)?.stack ?? String(e) });
      continue;
    }
    for (const report of reports) {
      const severity = effectiveSeverity(rule, config, report.severity);
      if (!severity) continue;
      const line = report.range.start.line;
      if (suppressions.isSuppressed(rule.id, line, serviceLine(line))) continue;
      diagnostics.push(toDiagnostic(rule, report, severity, options.docsBase));
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, diagnostics, failures };
}

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, Report, RuleMeta, Severity } from '../rules/types';
import { ruleDocUri } from '../rules/registry';
import type { EffectiveConfig } from '../rules/context';
import { maskSecretsIn } from '../rules/secrets';

export const SOURCE = 'bulkhead';

/** What a diagnostic carries in `data`: enough for code actions without re-linting. */
export interface DiagnosticData {
  rule: string;
  fixes: Fix[];
  /** Index of the instruction the finding belongs to (for "ignore for this instruction"). */
  instruction?: number;
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityName(s: DiagnosticSeverity | undefined): Severity {
  switch (s) {
    case DiagnosticSeverity.Error:
      return 'error';
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'info';
  }
}

/** The severity a rule runs at, or null when turned off. */
export function effectiveSeverity(rule: RuleMeta, config: EffectiveConfig, reported?: Severity): Severity | null {
  const configured = config.rules[rule.id];
  if (configured === 'off') return null;
  if (configured) return configured as Severity;
  return reported ?? rule.severity;
}

export function toDiagnostic(rule: RuleMeta, report: Report, severity: Severity, docsBase: string, instruction?: number): Diagnostic {
  const fixes = (report.fixes ?? []).map((f) => ({ ...f, title: maskSecretsIn(f.title) }));
  const data: DiagnosticData = { rule: rule.id, fixes, instruction };
  return {
    range: report.range,
    severity: LSP_SEVERITY[severity],
    source: SOURCE,
    code: rule.id,
    codeDescription: { href: ruleDocUri(docsBase, rule.id) },
    message: maskSecretsIn(report.message),
    data,
  };
}

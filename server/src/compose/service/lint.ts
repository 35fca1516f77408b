import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseCompose, ComposeModel } from '../model';
import { composeRules } from '../rules';
import type { EffectiveConfig, LintEnvironment } from '../../rules/context';
import type { ComposeContext } from '../context';
import { byPosition, runRules, SOURCE, type DiagnosticData } from '../../rules/diagnostics';
import { DEFAULT_DOCS_BASE } from '../../common/docsBase';
import type { LintOptions } from '../../rules/language';
import { composeSuppressions } from '../suppression';
import { fixesOnBrokenYaml } from '../edits';
import { collapseAbsent } from '../collapse';

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
  env: LintEnvironment = {},
): ComposeLintResult {
  const model = parseCompose(text, uri);
  const ctx: ComposeContext = { model, config, env };
  const suppressions = composeSuppressions(model);
  const diagnostics: Diagnostic[] = [];
  for (const e of model.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    diagnostics.push({
      range: model.range(e.start, Math.min(e.end, model.text.length)),
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      message: `This YAML does not parse (${e.message}): Bulkhead checks only the parts it can read. Fix the syntax for a complete check.`,
    });
  }
  // the line of the service a finding's line belongs to: the nearest service name at or above it (lines computed
  // once; a file with hundreds of services gets thousands of findings)
  const serviceLines = model.services
    .map((s) => s.keyNode.range?.[0])
    .filter((start): start is number => start !== undefined)
    .map((start) => model.doc.positionAt(start).line)
    .sort((a, b) => a - b);
  const serviceLine = (line: number): number | undefined => {
    let lo = 0;
    let hi = serviceLines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (serviceLines[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? serviceLines[lo - 1] : undefined;
  };
  const run = runRules(composeRules, ctx, config, options.docsBase, {
    uri: model.uri,
    skip: (rule) => suppressions.fileRules.has(rule.id) || suppressions.fileRules.has('all'),
    keep: (rule, report) =>
      !suppressions.isSuppressed(rule.id, report.range.start.line, serviceLine(report.range.start.line)),
  });
  // YAML that does not parse: fixes only where they keep clear of the broken parts, never for "Fix all"
  const guarded = fixesOnBrokenYaml(
    model,
    run.diagnostics.map((d) => (d.data as DiagnosticData).fixes),
  );
  run.diagnostics.forEach((d, i) => ((d.data as DiagnosticData).fixes = guarded[i]));
  // a setting most services leave out: one finding on `services:`, not one per service
  diagnostics.push(
    ...collapseAbsent(model, run.diagnostics, (rule, line) => suppressions.isSuppressed(rule, line, undefined)),
  );
  // read after the rules ran: a service's merge or extends chain proves too deep when a rule looks a value up
  for (const deep of model.tooDeep.values()) {
    diagnostics.push({
      range: model.range(deep.start, deep.end),
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      message: deep.message,
    });
  }
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures: run.failures };
}

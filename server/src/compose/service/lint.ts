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
    fixes: options.fixes,
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
  markAttachedService(model, diagnostics, env.attachedService);
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures: run.failures };
}

/** Said of the findings on the service a dev container attaches to. */
const ATTACHED =
  " This is the service the dev container attaches to (`service` in devcontainer.json): the editor's terminal, tasks and extensions run in it.";

/**
 * The errors and warnings of rules on the service a dev container attaches to (a devcontainer.json that names this file
 * in `dockerComposeFile` names it in `service`) say so: that is the container the user works in, where what they run
 * (dependencies' scripts, extensions) reaches whatever the finding exposes. Information and hints (an unpinned image, no
 * resource limits) gain nothing from it; findings elsewhere in the file (other services, top-level volumes, what is
 * collapsed onto `services:`) are left as they are.
 */
function markAttachedService(model: ComposeModel, diagnostics: Diagnostic[], name: string | undefined): void {
  const service = name === undefined ? undefined : model.services.find((s) => s.name === name);
  const start = service?.keyNode.range?.[0];
  if (!service || start === undefined) return;
  const end = service.map?.range?.[1] ?? service.keyNode.range?.[1] ?? start;
  for (const d of diagnostics) {
    // Bulkhead's own notices have no rule
    if (d.code === undefined || (d.severity !== DiagnosticSeverity.Error && d.severity !== DiagnosticSeverity.Warning))
      continue;
    const at = model.doc.offsetAt(d.range.start);
    if (at >= start && at <= end) d.message += ATTACHED;
  }
}

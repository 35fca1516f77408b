import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDockerfile, DockerfileModel } from '../dockerfile/model';
import { dockerfileRuleList } from '../rules/registry';
import { anchorKey, computeSuppressions } from '../rules/suppression';
import type { DockerfileContext, EffectiveConfig, LintEnvironment } from '../rules/context';
import { effectiveSeverity, toDiagnostic } from './diagnostics';
import { DEFAULT_DOCS_BASE } from './docsBase';

export interface LintOptions {
  /** Base URI of the rule documentation pages (`codeDescription.href`). */
  docsBase: string;
}


export interface DockerfileLintResult {
  model: DockerfileModel;
  diagnostics: Diagnostic[];
  /** Rules that threw (a bug): reported, never fatal. */
  failures: { rule: string; error: string }[];
}

export function lintDockerfile(
  text: string,
  uri: string,
  config: EffectiveConfig,
  env: LintEnvironment = {},
  options: LintOptions = { docsBase: DEFAULT_DOCS_BASE },
  model: DockerfileModel = parseDockerfile(text, uri),
): DockerfileLintResult {
  const ctx: DockerfileContext = { model, config, env };
  const suppressions = computeSuppressions(model);
  const diagnostics: Diagnostic[] = [];
  const failures: { rule: string; error: string }[] = [];
  const ignored = new Set(config.ignoredAnchors ?? []);
  const keep = new Set(config.unsuppressibleByAnchors ?? []);
  for (const rule of dockerfileRuleList) {
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
      const inst = model.instructionAtLine(report.range.start.line);
      const anchors = report.anchors ?? rule.anchors;
      if (ignored.size && !keep.has(rule.id) && anchors.some((a) => ignored.has(anchorKey(a)))) continue;
      if (suppressions.isSuppressed(rule, inst, anchors)) continue;
      diagnostics.push(toDiagnostic(rule, report, severity, options.docsBase, inst?.index));
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, diagnostics, failures };
}

import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDockerfile, DockerfileModel } from '../dockerfile/model';
import { dockerfileRuleList } from '../rules/registry';
import { anchorKey, computeSuppressions } from '../rules/suppression';
import type { DockerfileContext, EffectiveConfig, LintEnvironment } from '../rules/context';
import { byPosition, runRules } from './diagnostics';
import type { Report } from '../rules/types';
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
  const ignored = new Set(config.ignoredAnchors ?? []);
  const keep = new Set(config.unsuppressibleByAnchors ?? []);
  const instructionOf = (report: Report) => model.instructionAtLine(report.range.start.line);
  const { diagnostics, failures } = runRules(dockerfileRuleList, ctx, config, options.docsBase, {
    skip: (rule) => suppressions.fileRules.has(rule.id) || suppressions.fileRules.has('all'),
    keep: (rule, report) => {
      const anchors = report.anchors ?? rule.anchors;
      if (ignored.size && !keep.has(rule.id) && anchors.some((a) => ignored.has(anchorKey(a)))) return false;
      return !suppressions.isSuppressed(rule, instructionOf(report), anchors);
    },
    instruction: (report) => instructionOf(report)?.index,
  });
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures };
}

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { executedTooDeep } from '../analysis/executed';
import { MAX_SHELL_NESTING } from '../model/shell';
import { parseDockerfile, wordsTooDeep, DockerfileModel } from '../model/model';
import { MAX_WORD_LENGTH, MAX_WORD_NESTING } from '../model/words';
import { dockerfileRules } from '../rules';
import { anchorKey } from '../../rules/suppression';
import { computeSuppressions } from '../suppression';
import type { EffectiveConfig, LintEnvironment } from '../../rules/context';
import type { DockerfileContext } from '../context';
import { byPosition, runRules, SOURCE } from '../../rules/diagnostics';
import type { Report } from '../../rules/types';
import { DEFAULT_DOCS_BASE } from '../../common/docsBase';
import type { LintOptions } from '../../rules/language';

export type { LintOptions };

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
  model: DockerfileModel = parseDockerfile(text, uri, { buildArgs: config.buildArgs }),
): DockerfileLintResult {
  const ctx: DockerfileContext = { model, config, env, wantsFixes: options.fixes !== false };
  const suppressions = computeSuppressions(model);
  const ignored = new Set(config.ignoredAnchors ?? []);
  const keep = new Set(config.unsuppressibleByAnchors ?? []);
  const instructionOf = (report: Report) => model.instructionAtLine(report.range.start.line);
  const { diagnostics, failures } = runRules(dockerfileRules, ctx, config, options.docsBase, {
    fixes: options.fixes,
    // most files turn no rule off for the whole file: no question asked of each rule
    skip: suppressions.fileRules.size
      ? (rule) => suppressions.fileRules.has(rule.id) || suppressions.fileRules.has('all')
      : undefined,
    keep: (rule, report) => {
      const anchors = report.anchors ?? rule.anchors;
      if (ignored.size && !keep.has(rule.id) && anchors.some((a) => ignored.has(anchorKey(a)))) return false;
      return suppressions.none || !suppressions.isSuppressed(rule, instructionOf(report), anchors);
    },
    instruction: (report) => instructionOf(report)?.index,
  });
  // what the shell analysis could not read is said, so "too deep" never reads as "clean"
  for (const inst of executedTooDeep(model)) {
    diagnostics.push({
      range: inst.range,
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      message: `Bulkhead did not read all of this ${inst.keyword}: its commands nest more than ${MAX_SHELL_NESTING} levels deep ($(…), backticks, subshells) or hand shell strings to shells more than 8 levels deep, too deep to judge safely, so findings inside may be missing. Flatten the nesting to have it checked.`,
    });
  }
  const shellReported = new Set(executedTooDeep(model));
  for (const inst of wordsTooDeep(model)) {
    if (shellReported.has(inst)) continue;
    diagnostics.push({
      range: inst.range,
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      message: `Bulkhead did not evaluate all of this ${inst.keyword}: a word in it nests \${…} more than ${MAX_WORD_NESTING} levels deep, grows past ${MAX_WORD_LENGTH / 1024} KB once its variables are substituted, or holds patterns that take too long to match, too deep to judge safely, so findings about it may be missing. Simplify the variables to have it checked.`,
    });
  }
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures };
}

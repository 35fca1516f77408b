import { Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import type { Fix, Report, Rule, RuleMeta, Severity } from './types';
import { ruleDocUri } from './anchors';
import type { EffectiveConfig } from './context';
import { maskSecretsIn } from './secrets';
import { setLintStep } from '../common/budget';

export const SOURCE = 'bulkhead';

/** What a diagnostic carries in `data`: enough for code actions without re-linting. */
export interface DiagnosticData {
  rule: string;
  fixes: Fix[];
  /** Index of the instruction the finding belongs to (for "ignore for this instruction"). */
  instruction?: number;
  /** A Compose service leaves out the setting (Report.absent). */
  absent?: { service: string; summary: string };
  /** The services a finding reported once for several stands for (compose/collapse.ts). */
  services?: string[];
  /** Where the credential the finding is about is written (Report.secret). */
  secret?: Range;
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

export function toDiagnostic(
  rule: RuleMeta,
  report: Report,
  severity: Severity,
  docsBase: string,
  instruction?: number,
  uri?: string,
  withFixes = true,
): Diagnostic {
  // a rule whose fixes all change what the build or the host does (docs/fixes.md) never has one applied unseen, even
  // where the rule's own code forgot to say so
  const manual = rule.fixSafety === 'manual';
  // each fix copied (the LSP server and daemon.json's masking change a diagnostic's fixes, never the rule's report),
  // `manual` set on the copy: where the fix has the key already it stays in its place, as a spread of it would
  const fixes =
    withFixes && report.fixes?.length
      ? report.fixes.map((f) => {
          const copy = { ...f, title: maskSecretsIn(f.title) };
          if (manual) copy.manual = true;
          return copy;
        })
      : [];
  const data: DiagnosticData = { rule: rule.id, fixes, instruction };
  if (report.absent) data.absent = report.absent;
  if (report.secret) data.secret = report.secret;
  const diagnostic: Diagnostic = {
    range: report.range,
    severity: LSP_SEVERITY[severity],
    source: SOURCE,
    code: rule.id,
    codeDescription: { href: docUriOf(docsBase, rule.id) },
    message: maskedMessage(report.message),
    data,
  };
  if (report.related?.length && uri)
    diagnostic.relatedInformation = report.related.map((r) => ({
      location: { uri, range: r.range },
      message: maskSecretsIn(r.message),
    }));
  return diagnostic;
}

/**
 * A finding's message masked (maskSecretsIn). Messages recur across a run's files (the 2,648 corpus Dockerfiles' 16,302
 * findings hold 3,614 different messages) and the search for secret markers in each was ~1.5 % of a long CLI run
 * (issue 21): a message found to hold nothing to mask is remembered as such and not searched again. Only those are
 * kept, so no secret is held in memory longer than its finding (the language server runs for hours).
 */
function maskedMessage(message: string): string {
  if (cleanMessages.has(message)) return message;
  const masked = maskSecretsIn(message);
  if (masked === message && message.length <= MAX_CLEAN_MESSAGE) {
    if (cleanMessages.size >= MAX_CLEAN_MESSAGES) cleanMessages.clear();
    cleanMessages.add(message);
  }
  return masked;
}

/** Messages known to hold nothing to mask: at most this many (emptied when full), each at most this long. */
const cleanMessages = new Set<string>();
const MAX_CLEAN_MESSAGES = 4096;
const MAX_CLEAN_MESSAGE = 1024;

/** The rule pages' addresses for the last docs base asked for: made once per rule, not once per finding. */
let docUris = { base: '', byRule: new Map<string, string>() };
function docUriOf(base: string, id: string): string {
  if (docUris.base !== base) docUris = { base, byRule: new Map() };
  let uri = docUris.byRule.get(id);
  if (uri === undefined) docUris.byRule.set(id, (uri = ruleDocUri(base, id)));
  return uri;
}

/**
 * Run rules over one document: a rule that throws is recorded as a failure (a bug), never fatal; each report gets its
 * effective severity (or is dropped when the rule is off) and is kept unless `keep` says it is suppressed. `instruction`
 * gives a report's instruction index for Dockerfiles ("ignore for this instruction").
 */
export function runRules<Ctx>(
  rules: readonly Rule<Ctx>[],
  ctx: Ctx,
  config: EffectiveConfig,
  docsBase: string,
  options: {
    skip?: (rule: Rule<Ctx>) => boolean;
    keep?: (rule: Rule<Ctx>, report: Report) => boolean;
    instruction?: (report: Report) => number | undefined;
    /** The document's URI, for findings that point at other places in it (Report.related). */
    uri?: string;
    /** False: the diagnostics' fixes are not wanted (LintOptions.fixes), their data.fixes left empty. */
    fixes?: boolean;
  } = {},
): { diagnostics: Diagnostic[]; failures: { rule: string; error: string }[] } {
  const diagnostics: Diagnostic[] = [];
  const failures: { rule: string; error: string }[] = [];
  const steps = stepsOf(rules);
  const stepOf = (i: number, rule: RuleMeta) => (steps.rules[i] === rule ? steps.steps[i] : `rule ${rule.id}`);
  // most runs configure no rule: no look-up of each rule's id, for each rule of each file (issue 21)
  const configured = hasAny(config.rules) ? config.rules : undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (configured?.[rule.id] === 'off' || options.skip?.(rule)) continue;
    let reports: Report[];
    setLintStep(stepOf(i, rule));
    try {
      reports = rule.check(ctx);
    } catch (e) {
      failures.push({ rule: rule.id, error: (e as Error)?.stack ?? String(e) });
      continue;
    }
    for (const report of reports) {
      const severity = effectiveSeverity(rule, config, report.severity);
      if (!severity || (options.keep && !options.keep(rule, report))) continue;
      diagnostics.push(
        toDiagnostic(rule, report, severity, docsBase, options.instruction?.(report), options.uri, options.fixes),
      );
    }
  }
  setLintStep('collecting the findings');
  return { diagnostics, failures };
}

/** Does the record hold any key? */
function hasAny(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * "rule <id>" for each rule of a list, in its order: made once per list (each language's list is made once), not
 * looked up once per rule per lint. A list changed since is answered for the rules still in their place. (Keyed weakly
 * by the four lists that live as long as the process: nothing of a lint is kept here.)
 */
const stepLists = new WeakMap<readonly RuleMeta[], { rules: readonly RuleMeta[]; steps: readonly string[] }>();
function stepsOf(rules: readonly RuleMeta[]): { rules: readonly RuleMeta[]; steps: readonly string[] } {
  let known = stepLists.get(rules);
  if (!known) stepLists.set(rules, (known = { rules: [...rules], steps: rules.map((r) => `rule ${r.id}`) }));
  return known;
}

/** Diagnostics in document order. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

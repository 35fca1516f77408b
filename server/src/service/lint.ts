import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { EffectiveConfig, LintEnvironment } from '../rules/context';
import type { LintedKind } from './documents';
import { lintDockerfile, DockerfileLintResult, LintOptions } from './dockerfile';
import { lintDaemon, DaemonLintResult, DaemonEnvironment } from './daemon';
import { lintCompose, ComposeLintResult } from './compose';
import { DEFAULT_DOCS_BASE } from './docsBase';
import { SOURCE } from './diagnostics';
import { stoppedMessage } from './budget';

/** A lint of any kind, tagged with its kind (hovers and code actions dispatch on it). */
export type KindLintResult =
  | { kind: 'dockerfile'; result: DockerfileLintResult }
  | { kind: 'daemon'; result: DaemonLintResult }
  | { kind: 'compose'; result: ComposeLintResult };

/** What a lint needs beyond the text: the merged configuration, the Dockerfile's environment, the daemon's target. */
export interface LintSetup {
  config: EffectiveConfig;
  env?: LintEnvironment;
  daemon?: DaemonEnvironment;
}

/** Lint a document of a known kind: the one dispatch the LSP server, Scan Workspace and the CLI share. */
export function lintAs(kind: LintedKind, text: string, uri: string, setup: LintSetup, options: LintOptions = { docsBase: DEFAULT_DOCS_BASE }): KindLintResult {
  switch (kind) {
    case 'daemon':
      return { kind, result: lintDaemon(text, uri, setup.config, setup.daemon ?? {}, options) };
    case 'compose':
      return { kind, result: lintCompose(text, uri, setup.config, options) };
    case 'dockerfile':
      return { kind, result: lintDockerfile(text, uri, setup.config, setup.env ?? {}, options) };
  }
}

/** The one information diagnostic that stands for a lint stopped at its deadline (see budget.ts). */
export function stoppedDiagnostic(step: string, ms: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: stoppedMessage(step, ms),
  };
}

/** An error as the log may show it: its type and our top frame, never its message (it could quote the document). */
export function describeError(e: unknown): string {
  const stack = String((e as Error)?.stack ?? e);
  // multiline: an error that passed through node:vm (the lint deadline) has the source line it came from above it
  const kind = /^([A-Za-z]*Error)\b/m.exec(stack)?.[1] ?? 'exception';
  const frame = /\n[^\S\n]*at (.+)/.exec(stack)?.[1];
  return frame ? `${kind} at ${frame}` : kind;
}

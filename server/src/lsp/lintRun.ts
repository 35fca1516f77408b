import type { Diagnostic } from 'vscode-languageserver/node';
import { describeError, stoppedDiagnostic } from '../service/lint';
import type { LintSetup } from '../rules/language';
import { languageOf, type DocumentLint, type LintedKind, type lintDocument } from '../service/languages';
import { runWithDeadline } from '../common/watchdog';
import { DEFAULT_DOCS_BASE } from '../common/docsBase';

/** A lint, or the one diagnostic that says it was stopped at its deadline (nothing else of it is kept). */
export type LintResult = { kind: 'linted'; lint: DocumentLint } | { kind: 'stopped'; diagnostics: Diagnostic[] };

/** Where the server's own messages go (the connection's console). */
export interface ServerLog {
  error(message: string): void;
}

/**
 * One lint within the deadline. A stopped lint leaves one information diagnostic naming the step that ran over, and
 * the server goes on serving every other document. A lint that throws (a bug outside any rule) is reported the same
 * way rather than losing the document's diagnostics without a word.
 */
export async function lintWithinBudget(
  engine: typeof lintDocument,
  budgetMs: number,
  log: ServerLog,
  kind: LintedKind,
  text: string,
  uri: string,
  setup: LintSetup,
): Promise<LintResult> {
  try {
    // what the lint loads on first use, loaded before its deadline starts (Language.preload)
    languageOf(kind).preload?.();
    const outcome = await runWithDeadline(
      () => engine(kind, text, uri, setup, { docsBase: DEFAULT_DOCS_BASE }),
      budgetMs,
    );
    if (outcome.done) {
      reportFailures(log, outcome.value.result.failures, uri);
      return { kind: 'linted', lint: outcome.value };
    }
    log.error(`lint of ${uri} stopped after ${budgetMs} ms: ${outcome.step} did not finish`);
    return { kind: 'stopped', diagnostics: [stoppedDiagnostic(outcome.step, budgetMs)] };
  } catch (e) {
    const reason = describeError(e);
    log.error(`lint of ${uri} failed: ${reason}`);
    return {
      kind: 'stopped',
      diagnostics: [
        {
          ...stoppedDiagnostic('', 0),
          message: `Bulkhead could not check this file (internal error: ${reason}); its findings are missing. Please report this file.`,
        },
      ],
    };
  }
}

/** Error type and top frame only: a message could quote the document (secrets included). */
function reportFailures(log: ServerLog, failures: readonly { rule: string; error: string }[], uri: string): void {
  for (const f of failures)
    log.error(
      `rule ${f.rule} failed on ${uri}: ${f.error
        .split('\n')
        .slice(0, 2)
        .map((l) => l.replace(/^(\w*Error):.*$/, '$1'))
        .join(' ')}`,
    );
}

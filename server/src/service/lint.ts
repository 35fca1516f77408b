import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { SOURCE } from '../rules/diagnostics';
import { stoppedMessage } from '../common/budget';

/** The one information diagnostic that stands for a lint stopped at its deadline (see common/budget.ts). */
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

import type { Diagnostic } from 'vscode-languageserver-types';
import { inspectInput } from './input';
import type { LintedKind } from './languages';
import type { SeverityCounts } from '../../../shared/src/protocol';

// The `bulkhead/scanWorkspace` request's method and shapes live in shared/src/protocol.ts (the client imports them too).
export { SCAN_WORKSPACE_METHOD } from '../../../shared/src/protocol';
export type { ScanWorkspaceParams, ScanWorkspaceSummary, SeverityCounts } from '../../../shared/src/protocol';

/**
 * Scan Workspace, at the service level: lint a list of files that are not open, reading and linting through the
 * deps (the service never touches the file system). It yields to the event loop every few files so a cancellation,
 * a progress notification or another request gets through during a long scan, and it never throws: a file that can
 * not be read, is binary or too large, or makes the linter fail is skipped with the reason.
 */

export interface ScanFile {
  path: string;
  kind: LintedKind;
}

export interface ScanDeps {
  /** The file's text; or `{ skipped }` to skip it with that reason (e.g. too large to read). May throw. */
  read(path: string, kind: LintedKind): string | { skipped: string } | Promise<string | { skipped: string }>;
  /** The file's findings (the language server's lint runs in a macrotask of its own: a promise). */
  lint(kind: LintedKind, text: string, path: string): Diagnostic[] | Promise<Diagnostic[]>;
  /** After each file (linted or skipped): `done` of `total`. */
  onProgress?(done: number, total: number, file: string): void;
  isCancelled?(): boolean;
}

export interface ScanResult {
  results: { path: string; kind: LintedKind; diagnostics: Diagnostic[] }[];
  done: number;
  total: number;
  cancelled: boolean;
  skipped: { path: string; reason: string }[];
}

/** Files between two turns of the event loop. */
export const YIELD_EVERY = 25;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function errorReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // First line only: an error could quote the file (secrets included) on later lines.
  return message.split('\n')[0] || 'unknown error';
}

export async function scanFiles(
  files: readonly ScanFile[],
  deps: ScanDeps,
  { yieldEvery = YIELD_EVERY } = {},
): Promise<ScanResult> {
  const out: ScanResult = { results: [], done: 0, total: files.length, cancelled: false, skipped: [] };
  for (const file of files) {
    if (out.done > 0 && out.done % yieldEvery === 0) await nextTurn();
    if (deps.isCancelled?.()) {
      out.cancelled = true;
      break;
    }
    const skip = (reason: string) => out.skipped.push({ path: file.path, reason });
    try {
      const read = await deps.read(file.path, file.kind);
      const problem = typeof read === 'string' ? inspectInput(read, file.kind) : read.skipped;
      if (problem !== null) skip(problem);
      else {
        try {
          out.results.push({
            path: file.path,
            kind: file.kind,
            diagnostics: await deps.lint(file.kind, read as string, file.path),
          });
        } catch (e) {
          skip(`Bulkhead failed on this file: ${(e instanceof Error ? e.name : 'error') || 'error'}`);
        }
      }
    } catch (e) {
      skip(`cannot read: ${errorReason(e)}`);
    }
    out.done++;
    try {
      deps.onProgress?.(out.done, out.total, file.path);
    } catch {
      // a progress reporter that fails must not stop the scan
    }
  }
  return out;
}

export function countBySeverity(
  diagnostics: Iterable<Diagnostic>,
  into: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 },
): SeverityCounts {
  for (const d of diagnostics) {
    if (d.severity === 1) into.error++;
    else if (d.severity === 2) into.warning++;
    else if (d.severity === 4) into.hint++;
    else into.info++;
  }
  return into;
}

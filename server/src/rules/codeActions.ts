import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  Range,
  WorkspaceEdit,
  TextDocumentEdit,
  CreateFile,
  TextEdit,
} from 'vscode-languageserver-types';
import type { DocumentRef } from './language';
import type { DiagnosticData } from './diagnostics';
import { SOURCE } from './diagnostics';
import type { Fix } from './types';
import { plainText } from '../text/plain';

export type { DocumentRef };

export const FIX_ALL_KIND = 'source.fixAll.bulkhead';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
  return !(before(a.end, b.start) || before(b.end, a.start));
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/**
 * The lint's own diagnostic for one the client sent back. Clients differ: some drop `data`, some (Neovim 0.7's
 * stored copies) keep `data` and `code` but drop `source` and `range`.
 */
export function withData(
  result: { diagnostics: Diagnostic[] },
  d: Diagnostic,
  requested?: Range,
): Diagnostic | undefined {
  const data = d.data as DiagnosticData | undefined;
  const ours = d.source === SOURCE || (!!data?.rule && Array.isArray(data.fixes));
  if (!ours || !d.code) return undefined;
  // Only the current lint's findings give fixes: a diagnostic computed for an older text would apply stale edits.
  const exact = result.diagnostics.find(
    (x) =>
      !!x.data &&
      x.code === d.code &&
      (d.range
        ? sameRange(x.range, d.range)
        : JSON.stringify((x.data as DiagnosticData).fixes) === JSON.stringify(data?.fixes)),
  );
  if (exact || !requested) return exact;
  // The client's copy can lag one edit behind the text (its markers are re-pulled after the change): the same rule's
  // current finding where the user asked answers for it, with edits computed from the current text.
  const here = result.diagnostics.filter((x) => !!x.data && x.code === d.code && overlaps(x.range, requested));
  return (d.range && here.find((x) => overlaps(x.range, d.range))) || here[0];
}

export function fixToWorkspaceEdit(doc: DocumentRef, fix: Fix): WorkspaceEdit {
  if (!fix.otherFile) return { changes: { [doc.uri]: fix.edits } };
  const otherUri = new URL(fix.otherFile.relativePath, doc.uri).toString();
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  if (fix.otherFile.create) changes.push(CreateFile.create(otherUri, { ignoreIfExists: true }));
  changes.push(TextDocumentEdit.create({ uri: otherUri, version: null }, fix.otherFile.edits));
  if (fix.edits.length) changes.push(TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, fix.edits));
  return { documentChanges: changes };
}

/** Whether a `context.only` filter asks for quick fixes (no filter: the light bulb wants them). */
export function wantsQuickFixes(only?: string[]): boolean {
  return !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
}

/** The rule's fixes for a diagnostic the client sent back, as quick fixes; undefined when it is not this lint's. */
export function ruleFixActions(
  result: { diagnostics: Diagnostic[] },
  doc: DocumentRef,
  sent: Diagnostic,
  requested?: Range,
): { data: DiagnosticData; diagnostic: Diagnostic; actions: CodeAction[] } | undefined {
  const d = withData(result, sent, requested);
  if (!d) return undefined;
  const data = d.data as DiagnosticData;
  const actions = data.fixes.map((fix) => ({
    // a menu entry is plain text
    title: plainText(fix.title),
    kind: CodeActionKind.QuickFix,
    diagnostics: [sent],
    isPreferred: !!fix.isPreferred,
    edit: fixToWorkspaceEdit(doc, fix),
  }));
  return { data, diagnostic: d, actions };
}

export type RuleFixes = NonNullable<ReturnType<typeof ruleFixActions>>;

/**
 * The quick fixes of every finding the client sent, each finding answered once: its rule's fixes (those `keep`
 * allows), then, the first time a rule comes up, the kind's "Ignore …" actions (`ignore`). `answered` lists what was
 * answered, for a kind's own actions over several findings.
 */
export function quickFixActions(
  result: { diagnostics: Diagnostic[] },
  doc: DocumentRef,
  range: Range,
  contextDiagnostics: readonly Diagnostic[],
  {
    keep = () => true,
    ignore = () => [],
  }: { keep?: (action: CodeAction) => boolean; ignore?: (fixes: RuleFixes, sent: Diagnostic) => CodeAction[] } = {},
): { actions: CodeAction[]; answered: { sent: Diagnostic; fixes: RuleFixes }[] } {
  const actions: CodeAction[] = [];
  const answered: { sent: Diagnostic; fixes: RuleFixes }[] = [];
  const rules = new Set<string>();
  for (const sent of contextDiagnostics) {
    const fixes = ruleFixActions(result, doc, sent, range);
    if (!fixes || answered.some((a) => a.fixes.diagnostic === fixes.diagnostic)) continue;
    answered.push({ sent, fixes });
    actions.push(...fixes.actions.filter(keep));
    if (rules.has(fixes.data.rule)) continue;
    rules.add(fixes.data.rule);
    actions.push(...ignore(fixes, sent));
  }
  return { actions, answered };
}

/**
 * The batches (Fix.batch) of the fixes of the findings the client sent, each as one action that applies every fix of
 * that batch in the file, when there are two or more; edits written twice (one anchor for two Compose services) once.
 */
export function batchFixActions(
  result: { diagnostics: Diagnostic[] },
  doc: DocumentRef,
  sent: readonly Diagnostic[],
): CodeAction[] {
  const ids = new Set<string>();
  for (const d of sent) {
    const mine = withData(result, d);
    for (const fix of (mine?.data as DiagnosticData | undefined)?.fixes ?? []) if (fix.batch) ids.add(fix.batch.id);
  }
  const actions: CodeAction[] = [];
  for (const id of ids) {
    const { edits, title } = batchEdits(result.diagnostics, id);
    if (edits.length < 2 || !title) continue;
    actions.push({
      title: `${title} (${edits.length})`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [doc.uri]: edits } },
    });
  }
  return actions;
}

/** Every edit of the fixes of batch `id` in these findings, each once, and the batch's title. */
export function batchEdits(diagnostics: readonly Diagnostic[], id: string): { edits: TextEdit[]; title?: string } {
  const edits: TextEdit[] = [];
  let title: string | undefined;
  for (const d of diagnostics) {
    for (const fix of (d.data as DiagnosticData | undefined)?.fixes ?? []) {
      if (fix.batch?.id !== id || fix.otherFile) continue;
      title = fix.batch.title;
      for (const e of fix.edits)
        if (!edits.some((x) => sameRange(x.range, e.range) && x.newText === e.newText)) edits.push(e);
    }
  }
  return { edits, title };
}

import * as vscode from 'vscode';
import { SECURE_BASELINE_COMMAND, type SecureBaselineArguments as Arguments } from '../../../shared/src/protocol';

/**
 * The daemon.json secure baseline's confirmation (the server's action carries this command when the client says it
 * has it): a modal dialog lists what the baseline sets and its caveats, and Apply applies the edit. VS Code's own
 * confirmation of an annotated edit opens the Refactor Preview with every change unticked, where Apply does nothing.
 */
export const APPLY_SECURE_BASELINE = SECURE_BASELINE_COMMAND;

function isArguments(x: unknown): x is Arguments {
  const a = x as Arguments;
  return (
    !!a &&
    typeof a.uri === 'string' &&
    Array.isArray(a.edits) &&
    Array.isArray(a.changes) &&
    Array.isArray(a.caveats) &&
    (a.version === null || typeof a.version === 'number')
  );
}

export async function applySecureBaseline(args: unknown): Promise<void> {
  if (!isArguments(args)) throw new Error('the secure baseline came without its edit');
  const detail = [
    `It sets ${args.changes.join(', ')}.`,
    ...(args.caveats.length ? ['', 'Before you apply it:', ...args.caveats.map((c) => `• ${c}`)] : []),
  ].join('\n');
  const apply = 'Apply';
  const answer = await vscode.window.showWarningMessage(
    'Apply the CIS secure baseline to this daemon.json? It changes what dockerd does for every container on the host.',
    { modal: true, detail },
    apply,
  );
  if (answer !== apply) return;
  const uri = vscode.Uri.parse(args.uri);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc || (args.version !== null && doc.version !== args.version)) {
    void vscode.window.showWarningMessage(
      'Bulkhead: the daemon.json changed after the baseline was worked out. Nothing was applied: choose the quick fix again.',
    );
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(
    uri,
    args.edits.map(
      (e) =>
        new vscode.TextEdit(
          new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
          e.newText,
        ),
    ),
  );
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the secure baseline');
}

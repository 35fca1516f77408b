import * as vscode from 'vscode';

export const FIX_ALL = 'bulkhead.fixAll';

/**
 * Fix All Security Problems in This File: the server's `source.fixAll.bulkhead` action (Dockerfile, daemon.json or Compose
 * file): the safe fixes only (docs/fixes.md).
 */
export async function fixAll(): Promise<void> {
  if (!vscode.window.activeTextEditor) {
    void vscode.window.showInformationMessage('Bulkhead: open a Dockerfile, daemon.json or Compose file first.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.bulkhead', apply: 'first' });
}

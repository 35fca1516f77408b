import * as vscode from 'vscode';

export const FIX_ALL = 'bulkhead.fixAll';

/** Fix All Security Problems in This File: the server's `source.fixAll.bulkhead` action (Dockerfile or daemon.json). */
export async function fixAll(): Promise<void> {
  if (!vscode.window.activeTextEditor) {
    void vscode.window.showInformationMessage('Bulkhead: open a Dockerfile or daemon.json first.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.bulkhead', apply: 'first' });
}

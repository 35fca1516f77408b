import * as vscode from 'vscode';

export const SHOW_RULE_DOCUMENTATION = 'bulkhead.showRuleDocumentation';

/** Show Rule Documentation: the rule's page from docs/rules (picked from the list when no id is given). */
export async function showRuleDocumentation(extensionUri: vscode.Uri, ruleId?: unknown): Promise<void> {
  const docs = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const entries = await vscode.workspace.fs.readDirectory(docs);
    const ids = entries
      .map(([name]) => name)
      .filter((n) => n.endsWith('.md'))
      .map((n) => n.replace(/\.md$/, ''))
      .sort();
    id = await vscode.window.showQuickPick(ids, { placeHolder: 'Which Bulkhead rule?' });
  }
  if (id) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(docs, `${id}.md`));
}

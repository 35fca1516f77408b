import * as vscode from 'vscode';
import { ruleDocHeader } from '../../../shared/src/ruleDocs';

export const SHOW_RULE_DOCUMENTATION = 'bulkhead.showRuleDocumentation';

/**
 * Show Rule Documentation: the rule's page from docs/rules, picked from a list of the rules (id, title, default
 * severity; matched on the title too) when no id is given.
 */
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
    const decoder = new TextDecoder();
    const items: vscode.QuickPickItem[] = await Promise.all(
      ids.map(async (rule) => {
        const text = decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(docs, `${rule}.md`)));
        const { title, severity } = ruleDocHeader(text);
        return { label: rule, description: title, detail: severity ? `Default severity: ${severity}` : undefined };
      }),
    );
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder: 'Which Bulkhead rule? (type an id or words of its title)',
      matchOnDescription: true,
    });
    id = picked?.label;
  }
  if (id) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(docs, `${id}.md`));
}

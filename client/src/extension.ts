import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** The VS Code side: start the language server over IPC for container files, and the commands. */
let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  { language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{Containerfile,Containerfile.*,*.containerfile,*.Containerfile,Dockerfile.*,*.dockerfile,*.Dockerfile}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Bulkhead', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.bulkhead.json,.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'bulkhead', fileEvents: watcher },
    outputChannel: output,
  };
  client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('bulkhead.restartServer', async () => {
      output.info('Restarting the Bulkhead language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('bulkhead.showOutput', () => output.show()),
    vscode.commands.registerCommand('bulkhead.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Bulkhead: open a Dockerfile first.');
        return;
      }
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.bulkhead', apply: 'first' });
    }),
    vscode.commands.registerCommand('bulkhead.showRuleDocumentation', async (ruleId?: string) => {
      const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
      let id = typeof ruleId === 'string' ? ruleId : undefined;
      if (!id) {
        const entries = await vscode.workspace.fs.readDirectory(docs);
        const ids = entries.map(([name]) => name).filter((n) => n.endsWith('.md')).map((n) => n.replace(/\.md$/, '')).sort();
        id = await vscode.window.showQuickPick(ids, { placeHolder: 'Which Bulkhead rule?' });
      }
      if (id) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(docs, `${id}.md`));
    }),
  );

  try {
    await client.start();
    output.info('Bulkhead language server started');
  } catch (e) {
    output.error(`Bulkhead language server failed to start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage('Bulkhead: the language server failed to start. See the "Bulkhead" output for details.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

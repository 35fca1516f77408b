import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { FILES_SETTINGS, selectorWithGlobs } from './documentSelector';

/** The VS Code side: start the language server over IPC for container files, and the commands. */
let client: LanguageClient | undefined;

/** The selector plus the files settings' globs (`bulkhead.daemon.files`, `bulkhead.compose.files`). */
function documentSelector(): NonNullable<LanguageClientOptions['documentSelector']> {
  const config = vscode.workspace.getConfiguration('bulkhead');
  const globs = FILES_SETTINGS.flatMap((key) => {
    const value = config.get<unknown>(key);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  });
  return selectorWithGlobs(globs);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Bulkhead', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  // what the server reads beside a document: its configuration, its baseline, the build context's ignore file, and the
  // devcontainer.json that gives a Dockerfile its build context and a Compose file its attached service
  const watcher = vscode.workspace.createFileSystemWatcher(
    '**/{.bulkhead.json,.bulkhead-baseline.json,.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore,devcontainer.json,.devcontainer.json}',
  );
  context.subscriptions.push(watcher);
  const clientOptions = (): LanguageClientOptions => ({
    documentSelector: documentSelector(),
    synchronize: { configurationSection: 'bulkhead', fileEvents: watcher },
    outputChannel: output,
    // VS Code's JSON language features report JSON syntax errors and show the contributed daemon.json schema's key
    // descriptions, and its hover shows the messages of the problems under the cursor: the server leaves those to it
    // so nothing is reported or explained twice. The secure baseline is confirmed by this client's command, with its
    // caveats in a modal dialog.
    initializationOptions: {
      editorJsonFeatures: true,
      editorHoverShowsDiagnostics: true,
      secureBaselineCommand: true,
      // image facts fetched from registries (bulkhead.registry.enabled) are kept here between sessions
      imageCacheDir: context.globalStorageUri.fsPath,
    },
    middleware: {
      // a quick fix that writes the .dockerignore (creates or extends it) opens it afterwards, so the user sees what
      // was added and can adjust it
      async provideCodeActions(document, range, context, token, next) {
        const actions = await next(document, range, context, token);
        for (const action of actions ?? []) {
          if (!(action instanceof vscode.CodeAction) || !action.edit || action.command) continue;
          const ignore = action.edit
            .entries()
            .map(([uri]) => uri)
            .find((uri) => uri.toString() !== document.uri.toString() && /(^|[./])dockerignore$/.test(uri.path));
          if (ignore) action.command = { title: 'Open .dockerignore', command: 'vscode.open', arguments: [ignore] };
        }
        return actions;
      },
    },
  });
  client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions());

  context.subscriptions.push(
    vscode.commands.registerCommand('bulkhead.restartServer', async () => {
      output.info('Restarting the Bulkhead language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('bulkhead.showOutput', () => output.show()),
    // The document selector is fixed when the client starts: a new daemon.json glob needs a new client.
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (
        !(e.affectsConfiguration('bulkhead.daemon.files') || e.affectsConfiguration('bulkhead.compose.files')) ||
        !client
      )
        return;
      output.info('The daemon.json or Compose file globs changed: restarting the language client');
      await client.stop();
      client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions());
      await client.start();
    }),
  );
  // Fix all, rule documentation, Scan Workspace and the "New …" commands (client/src/commands/, one file each)
  registerCommands(context, () => client, output);

  try {
    await client.start();
    output.info('Bulkhead language server started');
  } catch (e) {
    output.error(`Bulkhead language server failed to start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(
      'Bulkhead: the language server failed to start. See the "Bulkhead" output for details.',
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

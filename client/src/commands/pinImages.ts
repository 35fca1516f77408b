import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PIN_IMAGES_METHOD, type PinImagesResult } from '../../../shared/src/protocol';

export const PIN_IMAGES = 'bulkhead.pinImages';

const ALLOW = 'Allow and Pin';

/**
 * Pin Image to Digest: the image reference under the cursor (or, elsewhere, every one in the file) gets the digest its
 * registry gives for the tag now. Registries are asked only with `bulkhead.registry.enabled`: when it is off, the
 * command asks once, and turning it on is the user's own (global) setting, never the workspace's.
 */
export async function pinImages(client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Bulkhead: open a Dockerfile or Compose file first.');
    return;
  }
  if (!client) {
    void vscode.window.showErrorMessage('Bulkhead: the language server is not running. See the "Bulkhead" output.');
    return;
  }
  const document = editor.document;
  const ask = () =>
    client.sendRequest<PinImagesResult>(PIN_IMAGES_METHOD, {
      uri: document.uri.toString(),
      position: editor.selection.active,
    });
  let result = await withProgress(ask);
  if (result.disabled) {
    const choice = await vscode.window.showWarningMessage(
      'Pinning asks the registries this file names for the digests of its images. Bulkhead contacts no registry ' +
        'until you allow it (the setting bulkhead.registry.enabled, for your user). Credentials from your Docker ' +
        'config go only to the registry they belong to.',
      { modal: true },
      ALLOW,
    );
    if (choice !== ALLOW) return;
    await vscode.workspace
      .getConfiguration('bulkhead')
      .update('registry.enabled', true, vscode.ConfigurationTarget.Global);
    result = await withProgress(ask);
    if (result.disabled) {
      void vscode.window.showWarningMessage(
        'Bulkhead: bulkhead.registry.enabled is still off for this file (a workspace or folder setting turns it off).',
      );
      return;
    }
  }
  for (const p of result.problems) output.warn(`pin: ${p}`);
  if (!result.edits.length) {
    void vscode.window.showInformationMessage(
      result.problems.length
        ? `Bulkhead: nothing pinned. ${result.problems[0]}`
        : 'Bulkhead: nothing to pin here (every image is pinned, or names no version tag).',
    );
    return;
  }
  if (result.version !== null && result.version !== document.version) {
    void vscode.window.showWarningMessage(
      'Bulkhead: the file changed while the registry answered; run the command again.',
    );
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits)
    edit.replace(
      document.uri,
      new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
      e.newText,
    );
  await vscode.workspace.applyEdit(edit);
  const more = result.problems.length
    ? ` ${result.problems.length} could not be asked (see the "Bulkhead" output).`
    : '';
  void vscode.window.showInformationMessage(
    `Bulkhead: pinned ${result.pinned} image reference${result.pinned === 1 ? '' : 's'} to digests.${more}`,
  );
}

function withProgress<T>(run: () => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Bulkhead: asking the registries' },
    run,
  );
}

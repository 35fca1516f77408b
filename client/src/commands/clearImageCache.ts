import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLEAR_IMAGE_CACHE_METHOD } from '../../../shared/src/protocol';

export const CLEAR_IMAGE_CACHE = 'bulkhead.clearImageCache';

/** Clear Image Cache: the server forgets every digest and image configuration it fetched (memory and disk). */
export async function clearImageCache(client: LanguageClient | undefined): Promise<void> {
  if (!client) {
    void vscode.window.showErrorMessage('Bulkhead: the language server is not running. See the "Bulkhead" output.');
    return;
  }
  await client.sendRequest(CLEAR_IMAGE_CACHE_METHOD, null);
  void vscode.window.showInformationMessage(
    'Bulkhead: the image cache is cleared; registries are asked again as needed.',
  );
}

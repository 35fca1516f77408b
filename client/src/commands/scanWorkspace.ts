import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  SCAN_WORKSPACE_METHOD,
  type ScanWorkspaceParams,
  type ScanWorkspaceSummary,
} from '../../../shared/src/protocol';

export const SCAN_WORKSPACE = 'bulkhead.scanWorkspace';

/**
 * Scan Workspace: the server lints every Dockerfile and daemon.json under the workspace folders (open or not) and
 * publishes the findings of unopened files to the Problems view. Progress and cancellation go through one
 * notification: the server reports on our work-done token, and cancelling it cancels the request.
 */
export async function scanWorkspace(
  client: LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (!folders.length) {
    void vscode.window.showInformationMessage(
      'Bulkhead: open a folder to scan (Scan Workspace lints the files on disk).',
    );
    return;
  }
  if (!client) {
    void vscode.window.showErrorMessage('Bulkhead: the language server is not running. See the "Bulkhead" output.');
    return;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Bulkhead: scanning', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `bulkhead-scan-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
        if (p.kind === 'end') return;
        // withProgress adds increments; the server sends absolute percentages
        const increment = typeof p.percentage === 'number' ? Math.max(0, p.percentage - reported) : undefined;
        if (typeof p.percentage === 'number') reported = Math.max(reported, p.percentage);
        progress.report({ message: p.message, increment });
      });
      try {
        const params: ScanWorkspaceParams = { folders: folders.map((f) => f.uri.toString()), workDoneToken };
        return await client.sendRequest<ScanWorkspaceSummary>(SCAN_WORKSPACE_METHOD, params, token);
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        output.error(`Scan Workspace failed: ${(e as Error).message}`);
        void vscode.window.showErrorMessage('Bulkhead: Scan Workspace failed. See the "Bulkhead" output for details.');
        return undefined;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!summary) return;
  for (const s of summary.skipped) output.info(`Scan Workspace skipped ${s.path}: ${s.reason}`);
  const action = await vscode.window.showInformationMessage(
    summaryMessage(summary),
    ...(summary.files ? ['Show Problems'] : []),
  );
  if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function summaryMessage(s: ScanWorkspaceSummary): string {
  if (!s.total) return 'Bulkhead found no Dockerfiles or daemon.json in this workspace.';
  const f = s.findings;
  const counts =
    f.error + f.warning + f.info + f.hint
      ? [
          plural(f.error, 'error'),
          plural(f.warning, 'warning'),
          `${f.info.toLocaleString('en-US')} info`,
          plural(f.hint, 'hint'),
        ].join(', ')
      : 'no findings';
  const scope = s.cancelled
    ? `Scan cancelled after ${plural(s.files, 'file')} of ${s.total.toLocaleString('en-US')}`
    : `Bulkhead scanned ${plural(s.files, 'file')}`;
  const skipped = s.skipped.length
    ? ` (${s.skipped.length.toLocaleString('en-US')} skipped: see the "Bulkhead" output)`
    : '';
  return `${scope}: ${counts}${skipped}.`;
}

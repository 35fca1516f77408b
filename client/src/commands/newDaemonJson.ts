import * as vscode from 'vscode';
import { renderDaemonJson } from '../../../shared/src/templates';
import { showNote, targetFolder, writeRendered } from './workspace';

export const NEW_DAEMON_JSON = 'bulkhead.newDaemonJson';

/** New Hardened daemon.json: for the Engine version set for the folder (`bulkhead.daemon.engineVersion`). */
export async function newDaemonJson(arg?: unknown): Promise<void> {
  const folder = await targetFolder(arg, 'daemon.json');
  if (!folder) return;
  const daemonJson = renderDaemonJson({ platform: 'linux', engineVersion: engineVersionFor(folder) });
  await showNote(
    await writeRendered(folder, daemonJson),
    daemonJson,
    'Read the notes before copying it to /etc/docker/.',
  );
}

function engineVersionFor(folder: vscode.Uri): 27 | 28 | 29 {
  const v = Number(vscode.workspace.getConfiguration('bulkhead', folder).get<string>('daemon.engineVersion'));
  return v === 27 || v === 28 ? v : 29;
}

import * as vscode from 'vscode';
import { RUNTIMES, renderDevcontainer } from '../../../shared/src/templates';
import type { RuntimeId } from '../../../shared/src/templates';
import { showNote, targetFolder, writeRendered } from './workspace';

export const NEW_DEVCONTAINER = 'bulkhead.newDevcontainer';

/**
 * New Hardened Dev Container…: the language whose tools it installs (or none), then a `.devcontainer.json` written
 * without replacing anything, opened, with the template's note.
 */
export async function newDevcontainer(arg?: unknown): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'None',
        description: 'Debian with git and the usual tools',
        runtime: undefined as RuntimeId | undefined,
      },
      ...RUNTIMES.map((r) => ({ label: r.label, description: r.description, runtime: r.id as RuntimeId | undefined })),
    ],
    {
      title: 'New Hardened Dev Container',
      placeHolder: 'Which language tools does it need?',
      matchOnDescription: true,
    },
  );
  if (!picked) return;
  const folder = await targetFolder(arg, '.devcontainer.json');
  if (!folder) return;
  const file = renderDevcontainer({ runtime: picked.runtime });
  await showNote(await writeRendered(folder, file), file);
}

import * as vscode from 'vscode';
import { RUNTIMES, renderDockerfile, renderDockerignore } from '../../../shared/src/templates';
import { formatStartCommand, parsePort, parseStartCommand } from '../../../shared/src/inputs';
import { askParsed, showNote, targetFolder, writeCompanion, writeRendered } from './workspace';

export const NEW_DOCKERFILE = 'bulkhead.newDockerfile';

/**
 * New Hardened Dockerfile…: runtime, port and start command, then a Dockerfile (and a `.dockerignore` when the folder
 * has none) written without replacing anything, opened, with the template's note.
 */
export async function newDockerfile(arg?: unknown): Promise<void> {
  const runtime = await vscode.window.showQuickPick(
    RUNTIMES.map((r) => ({ label: r.label, description: r.description, runtime: r })),
    {
      title: 'New Hardened Dockerfile (1/3)',
      placeHolder: 'Which runtime does the image run?',
      matchOnDescription: true,
    },
  );
  if (!runtime) return;
  const port = await askParsed(
    {
      title: 'New Hardened Dockerfile (2/3)',
      prompt: 'The port the application listens on (EXPOSE). Leave empty for none.',
      value: runtime.runtime.defaultPort === null ? '' : String(runtime.runtime.defaultPort),
    },
    parsePort,
  );
  if (!port) return;
  const startCommand = await askParsed(
    {
      title: 'New Hardened Dockerfile (3/3)',
      prompt:
        'The command that starts the application: a JSON array (["node", "server.js"]) or words (node server.js).',
      value: formatStartCommand(runtime.runtime.defaultStartCommand),
    },
    parseStartCommand,
  );
  if (!startCommand) return;
  const folder = await targetFolder(arg, 'the Dockerfile');
  if (!folder) return;

  const dockerfile = renderDockerfile({
    runtime: runtime.runtime.id,
    port: port.value,
    startCommand: startCommand.value,
  });
  const outcome = await writeRendered(folder, dockerfile);
  if (outcome.status !== 'written' && outcome.status !== 'overwritten') return;
  // The ignore file keeps .git, .env and keys out of the build context; one the user already has is theirs.
  const ignoreWritten = await writeCompanion(folder, renderDockerignore({ runtime: runtime.runtime.id }));
  await showNote(outcome, dockerfile, ignoreWritten ? 'Also wrote .dockerignore.' : '');
}

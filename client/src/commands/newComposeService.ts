import * as vscode from 'vscode';
import { ComposeOptions, renderComposeService } from '../../../shared/src/templates';
import { parsePort } from '../../../shared/src/inputs';
import { askParsed, showNote, targetFolder, writeRendered } from './workspace';

export const NEW_COMPOSE_SERVICE = 'bulkhead.newComposeService';

const TITLE = 'New Hardened Compose Service';
const SERVICE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** New Hardened Compose Service…: service name, image, port and an optional datastore, written as a new compose file. */
export async function newComposeService(arg?: unknown): Promise<void> {
  const serviceName = await vscode.window.showInputBox({
    title: `${TITLE} (1/4)`,
    prompt: 'The service name (lowercase letters, digits, "-", "_", ".").',
    value: 'app',
    validateInput: (v) =>
      SERVICE_NAME.test(v.trim())
        ? undefined
        : 'Compose service names are lowercase letters, digits, "-", "_" and ".", starting with a letter or digit.',
  });
  if (serviceName === undefined) return;
  const image = await vscode.window.showInputBox({
    title: `${TITLE} (2/4)`,
    prompt: 'The image, with a version tag (or a digest). Leave empty to build from the Dockerfile in the folder.',
    placeHolder: 'registry.example.com/app:1.0.0',
    validateInput: (v) => (/\s/.test(v.trim()) ? 'An image reference has no spaces.' : undefined),
  });
  if (image === undefined) return;
  const port = await askParsed(
    {
      title: `${TITLE} (3/4)`,
      prompt: 'The port the service listens on (published on 127.0.0.1 only). Leave empty for none.',
      value: '8080',
    },
    parsePort,
  );
  if (!port) return;
  const datastore = await vscode.window.showQuickPick(
    [
      { label: 'None', value: 'none' as const },
      { label: 'PostgreSQL', description: 'with its password as a Compose secret', value: 'postgres' as const },
      { label: 'Redis', description: 'on an internal network only', value: 'redis' as const },
    ],
    { title: `${TITLE} (4/4)`, placeHolder: 'Add a datastore?' },
  );
  if (!datastore) return;
  const folder = await targetFolder(arg, 'the compose file');
  if (!folder) return;
  const options: ComposeOptions = { serviceName: serviceName.trim(), port: port.value, datastore: datastore.value };
  if (image.trim()) options.image = image.trim();
  const compose = renderComposeService(options);
  await showNote(await writeRendered(folder, compose), compose);
}

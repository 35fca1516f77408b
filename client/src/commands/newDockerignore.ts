import { renderDockerignore } from '../../../shared/src/templates';
import { showNote, targetFolder, writeRendered } from './workspace';

export const NEW_DOCKERIGNORE = 'bulkhead.newDockerignore';

/** New .dockerignore: keeps VCS data, secrets and local build output out of the build context. */
export async function newDockerignore(arg?: unknown): Promise<void> {
  const folder = await targetFolder(arg, '.dockerignore');
  if (!folder) return;
  const ignore = renderDockerignore();
  await showNote(await writeRendered(folder, ignore), ignore);
}

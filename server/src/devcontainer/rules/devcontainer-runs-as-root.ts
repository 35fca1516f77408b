import type { Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { imageUser } from '../../data/imageUsers';
import { parseImage } from '../../common/image';

/**
 * The non-root user an image has that a devcontainer.json could use: the Dev Container images' `vscode`
 * (devcontainers/images src/base-debian/.devcontainer/devcontainer.json `"remoteUser": "vscode"`; `codespace` in
 * `universal`), or an official image's own user (data/imageUsers.ts: node's `node`).
 */
function knownUser(image: string): string | undefined {
  const img = parseImage(image.trim());
  if (img.registry === 'mcr.microsoft.com' && /^(vscode\/)?devcontainers\//.test(img.path))
    return /\/universal$/.test(img.path) ? 'codespace' : 'vscode';
  return imageUser(image.trim())?.user;
}

export const devcontainerRunsAsRoot: DevcontainerRule = {
  id: 'devcontainer-runs-as-root',
  kind: 'devcontainer',
  severity: 'info',
  title: 'Dev container user is root',
  rationale:
    "`remoteUser` or `containerUser` `root` runs the editor's server, the terminals, the extensions and every script the project runs as root in the container: one step less for anything that breaks out, and files created in a bind-mounted project owned by root on the host.",
  remedy:
    "Set `remoteUser` to the image's non-root user (`vscode` in the Dev Container images) or create one in the Dockerfile.",
  guidance: ['Build: run as a non-root user'],
  anchors: [{ tool: 'docker-bench', id: '4.1' }],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    const image = model.get('image')?.valueNode;
    const user = image?.type === 'string' ? knownUser(String(image.value)) : undefined;
    for (const key of ['containerUser', 'remoteUser']) {
      const prop = model.get(key);
      const value = prop?.valueNode;
      if (!prop || value?.type !== 'string') continue;
      const name = String(value.value).trim();
      if (name !== 'root' && name !== '0' && !/^(root|0):/.test(name)) continue;
      const hint = user
        ? ` The image has the non-root user \`${user}\`: set \`"${key}": "${user}"\`.`
        : ' Set it to a non-root user the image has, or create one in the Dockerfile (`useradd`) and use that.';
      out.push({
        range: model.nodeRange(value),
        message: `\`${key}\` is \`${name}\`: ${key === 'containerUser' ? 'every process in the dev container runs' : 'the editor, its terminals and extensions run'} as root in it.${hint}`,
      });
    }
    return out;
  },
};

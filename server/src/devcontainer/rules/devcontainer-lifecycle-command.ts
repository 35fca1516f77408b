import type { Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { commandFindings, CONTAINER_COMMANDS } from '../commands';

export const devcontainerLifecycleCommand: DevcontainerRule = {
  id: 'devcontainer-lifecycle-command',
  kind: 'devcontainer',
  severity: 'error',
  title: 'A lifecycle command runs risky code in the dev container',
  rationale:
    '`onCreateCommand`, `updateContentCommand`, `postCreateCommand`, `postStartCommand` and `postAttachCommand` run in the dev container each time it is created, started or attached, as its remote user, with your workspace (and often your Git credentials and SSH agent) at hand. A download piped into a shell there runs whatever the server sends; TLS checks turned off let anyone on the network path send it; a credential written into devcontainer.json is readable by everyone who can read the repository.',
  remedy:
    'Download tools to a file and verify their checksum before running them (or install them in the Dockerfile, or with a pinned feature); keep TLS checks on; pass credentials in variables set outside the repository (`${localEnv:NAME}`, Codespaces secrets).',
  guidance: ['Build: verify downloads and packages', 'Build: no secrets in images'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const key of CONTAINER_COMMANDS) {
      const node = model.get(key)?.valueNode;
      if (!node) continue;
      for (const f of commandFindings(model, node, { key, host: false }))
        out.push({
          range: model.range(f.start, f.end),
          message:
            f.kind === 'runs-download'
              ? `${f.message} Whatever the server sends runs with access to your workspace. Download the script to a file and verify its checksum before running it, or install the tool in the Dockerfile or with a pinned feature.`
              : f.message,
          severity: f.kind === 'runs-download' ? undefined : 'warning',
        });
    }
    return out;
  },
};

import type { Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { commandFindings } from '../commands';

export const devcontainerHostCommand: DevcontainerRule = {
  id: 'devcontainer-host-command',
  kind: 'devcontainer',
  severity: 'error',
  title: 'initializeCommand runs risky code on the host',
  rationale:
    "`initializeCommand` runs on your machine, not in the container: with your user's rights, before the container exists, each time the dev container starts, straight from the repository. A download piped into a shell there runs whatever the server sends on the host; TLS checks turned off let anyone on the network path send it.",
  remedy:
    'Keep `initializeCommand` to what must happen on the host (creating a folder a mount needs); download and verify tools inside the container (`postCreateCommand`, the Dockerfile), never pipe a download into a shell.',
  guidance: ['Build: verify downloads and packages', 'Isolation: do not break isolation'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const prop = model.get('initializeCommand');
    if (!prop?.valueNode) return [];
    const findings = commandFindings(model, prop.valueNode, { key: 'initializeCommand', host: true });
    const out: Report[] = findings.map((f) => ({
      range: model.range(f.start, f.end),
      message:
        f.kind === 'runs-download'
          ? `${f.message} Whatever the server sends runs with your rights. Download the script to a file and verify its checksum before running it, or move the step into the container (\`postCreateCommand\`).`
          : f.message,
      severity: f.kind === 'runs-download' ? undefined : 'warning',
    }));
    if (!out.length && !(prop.valueNode.type === 'string' && !String(prop.valueNode.value).trim()))
      out.push({
        range: model.nodeRange(prop.keyNode),
        severity: 'info',
        message:
          '`initializeCommand` runs on your machine (the host), not in the container: with your rights, before the container is created, each time the dev container starts. Read what it runs before opening a repository you did not write in a dev container.',
      });
    return out;
  },
};

import { parseTree, type Node } from 'jsonc-parser';
import type { FileReference } from '../rules/language';
import { jsonDepth, propertiesOf } from '../common/json';

/** Deeper nesting is not read (jsonc-parser recurses); references sit two levels down. */
const MAX_DEPTH = 256;

function stringAt(root: Node, ...keys: string[]): string | undefined {
  let node: Node | undefined = root;
  for (const key of keys) {
    // the last of a duplicate key, as the Dev Containers CLI reads it
    node = propertiesOf(node?.type === 'object' ? node : undefined)
      .filter((p) => p.key === key)
      .pop()?.valueNode;
  }
  return node?.type === 'string' && String(node.value).trim() ? String(node.value) : undefined;
}

/**
 * The Dockerfile and Compose files a devcontainer.json names, read as the Dev Containers CLI reads them
 * (devcontainers/cli src/spec-configuration/configuration.ts): the Dockerfile is `build.dockerfile` (or the older
 * top-level `dockerFile`, getDockerfile), its build context `build.context` (or the older `context`), `.` by default;
 * `dockerComposeFile` is a string or an array (getDockerComposeFilePaths), `service` the Compose service the dev
 * container is (devContainer.base.schema.json: "the primary container ... which your editor will connect to"). All
 * paths are relative to the devcontainer.json's folder (getConfigFilePath).
 */
export function devcontainerReferences(text: string): FileReference[] {
  if (jsonDepth(text) > MAX_DEPTH) return [];
  const root = parseTree(text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text, [], {
    allowTrailingComma: true,
    disallowComments: false,
  });
  if (root?.type !== 'object') return [];
  const out: FileReference[] = [];
  const dockerfile = stringAt(root, 'dockerFile') ?? stringAt(root, 'build', 'dockerfile');
  if (dockerfile) {
    const context = stringAt(root, 'context') ?? stringAt(root, 'build', 'context') ?? '.';
    out.push({ path: dockerfile, kind: 'dockerfile', context });
  }
  const compose = propertiesOf(root)
    .filter((p) => p.key === 'dockerComposeFile')
    .pop()?.valueNode;
  const composeFiles = compose?.type === 'array' ? (compose.children ?? []) : compose ? [compose] : [];
  const service = stringAt(root, 'service');
  for (const n of composeFiles)
    if (n.type === 'string' && String(n.value).trim())
      out.push({ path: String(n.value), kind: 'compose', ...(service ? { service } : {}) });
  return out;
}

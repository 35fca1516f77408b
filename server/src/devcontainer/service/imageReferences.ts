import type { ImageReference } from '../../rules/language';
import { propertiesOf } from '../../common/json';
import { parseDevcontainer, type DevcontainerModel } from '../model';

/**
 * Whether the configuration builds its container from a Dockerfile (devcontainers/cli
 * src/spec-configuration/configuration.ts isDockerFileConfig: a top-level `dockerFile`, or `build.dockerfile`, written
 * at all).
 */
function buildsDockerfile(model: DevcontainerModel): boolean {
  if (model.get('dockerFile')) return true;
  return propertiesOf(model.get('build')?.valueNode).some((p) => p.key === 'dockerfile');
}

/**
 * The top-level `image` of a devcontainer.json `bulkhead pin` reads (the last one written, as the Dev Containers CLI
 * reads it with jsonc-parser); `features` are OCI artifacts, not images, and are not read. With a Dockerfile the CLI
 * builds it and tags the result with `image` (devcontainers/cli src/spec-node/singleContainer.ts
 * buildNamedImageAndExtend: `getDefaultName` is `config.image`, passed to buildAndExtendImage as the image's names), so
 * that name is not pulled: not pinned, as Compose's `image:` beside `build:`. A `${...}` in it is one of the
 * configuration's variables (`${localEnv:…}`, containers.dev/implementors/json_reference "Variables in
 * devcontainer.json"), substituted when the container is created: not pinned. A value whose text in the file is not
 * the value itself (written with JSON escapes) is not pinned either, since only the text written is replaced.
 */
export function devcontainerImageReferences(text: string): ImageReference[] {
  const model = parseDevcontainer(text, 'file:///devcontainer.json');
  const node = model.get('image')?.valueNode;
  if (node?.type !== 'string' || typeof node.value !== 'string' || !node.value) return [];
  // a string left open (a parse error) is not rewritten
  if (node.length < 2 || text[node.offset + node.length - 1] !== '"') return [];
  const value = node.value;
  // the string's text between its quotes
  const offset = node.offset + 1;
  const written = text.slice(offset, node.offset + node.length - 1);
  const skip = value.includes('${')
    ? 'variable'
    : written !== value
      ? 'written with JSON escapes'
      : buildsDockerfile(model)
        ? 'built by this file (build.dockerfile)'
        : undefined;
  return [
    {
      line: model.range(offset, offset).start.line,
      offset,
      text: written,
      ...(skip ? { skip } : {}),
    },
  ];
}

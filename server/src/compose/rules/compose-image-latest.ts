import type { Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { Range } from 'vscode-languageserver-types';
import type { ComposeModel } from '../model';
import { fromNote } from '../reportSite';
import { pulledImages } from '../pulledImages';

export const composeImageLatest: Rule<ComposeContext> = {
  id: 'compose-image-latest',
  kind: 'compose',
  severity: 'warning',
  title: 'Image without a version tag (latest)',
  rationale:
    '`latest` (or no tag, which means `latest`) is whatever was pushed last: two deployments of the same file can run different software, a bad or compromised push is picked up on the next pull, and nobody can tell which version was reviewed.',
  remedy:
    'Use an explicit version tag (`postgres:16.4`), and pin its `@sha256:` digest where deployments must be reproducible.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    // not a service with `build:` (its `image:` names what Compose builds), nor a name or tag a variable decides
    // (`app:${TAG}`, `${IMAGE:-nginx}`: the version is chosen at deploy time)
    for (const { service, image, ref, start } of pulledImages(model)) {
      const { tag, digest } = ref.parsed;
      if (digest !== null || (tag !== null && tag !== 'latest')) continue;
      const raw = ref.raw;
      const repo = tag === null ? raw : raw.slice(0, raw.lastIndexOf(':'));
      const what =
        tag === null
          ? `runs \`${raw}\` without a tag, which means \`latest\`: whatever was pushed last when the image is pulled`
          : `runs \`${raw}\`, a tag that moves with every push`;
      out.push({
        range: (image.own && tokenRange(model, start, raw, tag)) || image.at,
        message: `Service \`${service.name}\` ${what}${fromNote(image.from)}, so two deployments of this file can run different software and nobody can tell which version was reviewed. Pin a version tag (\`${repo}:<version>\`), ideally with its @sha256 digest.`,
      });
    }
    return out;
  },
};

/** The `latest` tag when written, the whole reference when untagged; undefined when the scalar is not verbatim. */
function tokenRange(
  model: ComposeModel,
  start: number | undefined,
  raw: string,
  tag: string | null,
): Range | undefined {
  if (start === undefined) return undefined;
  if (tag === null) return model.range(start, start + raw.length);
  const colon = raw.lastIndexOf(':');
  return model.range(start + colon + 1, start + raw.length);
}

import type { Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { pulledImages } from '../pulledImages';
import { fromNote } from '../reportSite';
import { knownFacts, pinTitle, PIN_BATCH } from '../../registry/pins';

/** The Compose counterpart of image-not-pinned-by-digest: the same policy for a service's `image:`. */
export const composeImageNotPinnedByDigest: Rule<ComposeContext> = {
  id: 'compose-image-not-pinned-by-digest',
  kind: 'compose',
  severity: 'info',
  title: 'Service image not pinned by digest',
  rationale:
    'A tag is a movable pointer: the publisher (or anyone who takes over the account or registry) can push different content under the same tag, and every `docker compose pull` picks it up. Only a `@sha256:` digest guarantees the deployment runs the image that was reviewed and scanned.',
  remedy:
    'Append the digest of the reviewed image: `image: postgres:16.4@sha256:<digest>`. With `bulkhead.registry.enabled` the quick fix writes the digest the registry gives for the tag (`bulkhead pin` does it from the command line); else take it from `docker buildx imagetools inspect postgres:16.4`. Let a bot such as Renovate or Dependabot update it.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [],
  fixes: ['Pin to the digest the registry gives for the tag (with `bulkhead.registry.enabled`)'],
  // the deployment then keeps today's image when the tag moves: a decision for a person, never Fix All's
  fixSafety: 'manual',
  check({ model, env }) {
    const out: Report[] = [];
    for (const { service, image, ref, start, literal } of pulledImages(model)) {
      const { tag, digest } = ref.parsed;
      if (digest !== null) continue;
      // `latest` or no tag is compose-image-latest's, whose message asks for a version tag and its digest: one
      // report per problem
      if (tag === null || tag === 'latest') continue;
      const facts = literal ? knownFacts(env.images?.(literal)) : undefined;
      const end = start === undefined ? undefined : start + ref.raw.length;
      out.push({
        range: start === undefined || !image.own ? image.at : model.range(start, start + ref.raw.length),
        message: `Service \`${service.name}\` runs \`${ref.raw}\`${fromNote(image.from)}, which is not pinned by digest, so its content can change under the same tag with every pull. Pin it as \`${ref.raw}@sha256:<digest>\`; get the digest with \`docker buildx imagetools inspect ${ref.raw}\`.`,
        ...(facts && end !== undefined
          ? {
              fixes: [
                {
                  title: pinTitle(ref.raw, facts.digest),
                  manual: true,
                  batch: PIN_BATCH,
                  edits: [{ range: model.range(end, end), newText: `@${facts.digest}` }],
                },
              ],
            }
          : {}),
      });
    }
    return out;
  },
};

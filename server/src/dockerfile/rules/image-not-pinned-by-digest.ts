import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { describeRef, imageUses } from '../analysis/imageRefs';
import { knownFacts, pinTitle, PIN_BATCH } from '../../registry/pins';

export const imageNotPinnedByDigest: DockerfileRule = {
  id: 'image-not-pinned-by-digest',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Image not pinned by digest',
  rationale:
    'A tag is a movable pointer: the publisher (or anyone who takes over the account or registry) can push different content under the same tag. Only a `@sha256:` digest guarantees the build uses the image that was reviewed and scanned.',
  remedy:
    'Append the digest of the reviewed image: `image:tag@sha256:<digest>`. With `bulkhead.registry.enabled` the quick fix writes the digest the registry gives for the tag (`bulkhead pin` does it from the command line); else take it from `docker buildx imagetools inspect image:tag`. Let a bot such as Renovate or Dependabot update it.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [],
  fixes: ['Pin to the digest the registry gives for the tag (with `bulkhead.registry.enabled`)'],
  // the build then keeps today's image when the tag moves: a decision for a person, never Fix All's
  fixSafety: 'manual',
  check({ model, env }) {
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      if (use.parsed.digest !== null) continue;
      // no tag, or `latest`: a digest of the moving tag is not what to pin (image-latest-tag asks for a version first),
      // so the suggestion is built from a version placeholder
      const moving = use.parsed.tag === null || use.parsed.tag === 'latest';
      const pinned = moving ? `${use.resolved.replace(/:latest$/, '')}:<version>` : use.resolved;
      // the registry's digest for a written version tag, once fetched (never for `latest`: pin a version first)
      const facts = !moving && use.literal ? knownFacts(env.images?.(use.resolved)) : undefined;
      out.push({
        range: model.range(use.ref.start, use.ref.end),
        ...(facts
          ? {
              fixes: [
                {
                  title: pinTitle(use.resolved, facts.digest),
                  manual: true,
                  batch: PIN_BATCH,
                  edits: [{ range: model.range(use.ref.end, use.ref.end), newText: `@${facts.digest}` }],
                },
              ],
            }
          : {}),
        message: moving
          ? `${use.where} ${describeRef(use)} is not pinned by digest, so its content can change under the same tag. Pin a version tag, then its digest: \`${pinned}@sha256:<digest>\` (get the digest with \`docker buildx imagetools inspect ${pinned}\`).`
          : `${use.where} ${describeRef(use)} is not pinned by digest, so its content can change under the same tag. Pin it as \`${use.resolved}@sha256:<digest>\`; get the digest with \`docker buildx imagetools inspect ${use.resolved}\`.`,
      });
    }
    return out;
  },
};

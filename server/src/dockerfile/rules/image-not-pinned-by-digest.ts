import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { describeRef, imageUses } from '../analysis/imageRefs';

export const imageNotPinnedByDigest: DockerfileRule = {
  id: 'image-not-pinned-by-digest',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Image not pinned by digest',
  rationale:
    'A tag is a movable pointer: the publisher (or anyone who takes over the account or registry) can push different content under the same tag. Only a `@sha256:` digest guarantees the build uses the image that was reviewed and scanned.',
  remedy:
    'Append the digest of the reviewed image: `image:tag@sha256:<digest>` (from `docker buildx imagetools inspect image:tag`), and let a bot such as Renovate or Dependabot update it.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      if (use.parsed.digest !== null) continue;
      // no tag, or `latest`: a digest of the moving tag is not what to pin (image-latest-tag asks for a version first),
      // so the suggestion is built from a version placeholder
      const moving = use.parsed.tag === null || use.parsed.tag === 'latest';
      const pinned = moving ? `${use.resolved.replace(/:latest$/, '')}:<version>` : use.resolved;
      out.push({
        range: model.range(use.ref.start, use.ref.end),
        message: moving
          ? `${use.where} ${describeRef(use)} is not pinned by digest, so its content can change under the same tag. Pin a version tag, then its digest: \`${pinned}@sha256:<digest>\` (get the digest with \`docker buildx imagetools inspect ${pinned}\`).`
          : `${use.where} ${describeRef(use)} is not pinned by digest, so its content can change under the same tag. Pin it as \`${use.resolved}@sha256:<digest>\`; get the digest with \`docker buildx imagetools inspect ${use.resolved}\`.`,
      });
    }
    return out;
  },
};

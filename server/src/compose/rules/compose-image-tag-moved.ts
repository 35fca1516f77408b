import type { Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { pulledImages } from '../pulledImages';
import { fromNote } from '../reportSite';
import { knownFacts, shortDigest, tagMoved, updateTitle, TAG_MOVED_REMEDY } from '../../registry/pins';

/**
 * The Compose counterpart of image-tag-moved: a service's `image: name:tag@sha256:…` whose tag the registry now gives
 * another digest for (known only once the registry was asked, `bulkhead.registry.enabled`). Compose pulls by the
 * digest and ignores the tag, so the deployment keeps the old image.
 */
export const composeImageTagMoved: Rule<ComposeContext> = {
  id: 'compose-image-tag-moved',
  kind: 'compose',
  severity: 'hint',
  title: 'Pinned service image tag has moved',
  rationale:
    'A digest keeps the deployment on the image that was reviewed, but the tag next to it tells readers which version that is. When the publisher pushes a new image under the tag (usually a security rebuild), the pinned digest stays on the old one: without a look, the service keeps the unpatched image for good.',
  remedy: TAG_MOVED_REMEDY,
  guidance: ['Keep patching'],
  anchors: [],
  fixes: ['Update the digest to where the tag points now'],
  fixSafety: 'manual',
  check({ model, env }) {
    if (!env.images) return [];
    const out: Report[] = [];
    for (const { service, image, ref, start, literal } of pulledImages(model)) {
      const { tag, digest } = ref.parsed;
      if (!tag || !digest || !literal) continue;
      const facts = knownFacts(env.images(literal));
      if (!facts || !tagMoved(digest, facts)) continue;
      const tagged = ref.raw.slice(0, ref.raw.lastIndexOf('@'));
      const at = start === undefined ? undefined : start + ref.raw.lastIndexOf('@') + 1;
      const range = at === undefined ? undefined : model.range(at, at + digest.length);
      out.push({
        range: range && image.own ? range : image.at,
        message: `Service \`${service.name}\` pins \`${tagged}\`${fromNote(image.from)} to ${shortDigest(digest)}, but the tag now points to ${shortDigest(facts.digest)}: the publisher pushed a new image under it (often a security rebuild), and this service keeps the old one. Review the new image, then update the digest.`,
        ...(range
          ? {
              fixes: [
                { title: updateTitle(tagged, facts.digest), manual: true, edits: [{ range, newText: facts.digest }] },
              ],
            }
          : {}),
      });
    }
    return out;
  },
};

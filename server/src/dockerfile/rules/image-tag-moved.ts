import type { Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { imageUses } from '../analysis/imageRefs';
import { knownFacts, shortDigest, tagMoved, updateTitle, TAG_MOVED_REMEDY } from '../../registry/pins';

/**
 * A reference pinned as `name:tag@sha256:…` whose tag the registry now gives another digest for. Only known once the
 * registry was asked (`bulkhead.registry.enabled`): the build still uses the pinned image (BuildKit resolves a
 * reference with a digest by the digest and ignores the tag), so this is news, not a fault.
 */
export const imageTagMoved: DockerfileRule = {
  id: 'image-tag-moved',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'Pinned tag has moved',
  rationale:
    'A digest keeps the build on the image that was reviewed, but the tag next to it tells readers which version that is. When the publisher pushes a new image under the tag (usually a security rebuild), the pinned digest stays on the old one: without a look, the build keeps the unpatched image for good.',
  remedy: TAG_MOVED_REMEDY,
  guidance: ['Keep patching'],
  anchors: [],
  fixes: ['Update the digest to where the tag points now'],
  // a new image goes into the build: someone reviews it first
  fixSafety: 'manual',
  check({ model, env }) {
    if (!env.images) return [];
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      const { tag, digest } = use.parsed;
      if (!tag || !digest || !use.literal) continue;
      const tagged = use.resolved.slice(0, use.resolved.lastIndexOf('@'));
      const facts = knownFacts(env.images(use.resolved));
      if (!facts || !tagMoved(digest, facts)) continue;
      const at = use.ref.start + use.ref.text.lastIndexOf('@') + 1;
      const range = model.range(at, use.ref.end);
      out.push({
        range,
        message: `${use.where} \`${tagged}\` now points to ${shortDigest(facts.digest)}, not to the pinned ${shortDigest(digest)}: the publisher pushed a new image under this tag (often a security rebuild), and this build keeps the old one. Review the new image, then update the digest.`,
        fixes: [{ title: updateTitle(tagged, facts.digest), manual: true, edits: [{ range, newText: facts.digest }] }],
      });
    }
    return out;
  },
};

import type { Anchor, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { describeRef, imageUses, nameSpan, tagSpan } from '../analysis/imageRefs';

export const imageLatestTag: DockerfileRule = {
  id: 'image-latest-tag',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Image without a version tag (latest)',
  rationale:
    '`latest` (or no tag, which means `latest`) points at whatever was pushed last: two builds of the same Dockerfile can get different base images, a bad or compromised push flows straight in, and nobody can tell which image was reviewed.',
  remedy:
    'Use an explicit version tag (`node:22.11-alpine3.20`), and pin its `@sha256:` digest where builds must be reproducible.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [
    { tool: 'hadolint', id: 'DL3006' },
    { tool: 'hadolint', id: 'DL3007' },
    { tool: 'trivy', id: 'DS-0001' },
    { tool: 'checkov', id: 'CKV_DOCKER_7' },
    { tool: 'kics', id: "Image Version Using 'latest'" },
    { tool: 'kics', id: 'Image Version Not Explicit' },
  ],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      const { tag, digest } = use.parsed;
      if (digest !== null) continue; // a digest pins the content whatever the tag says
      if (tag !== null && tag !== 'latest') continue;
      const span = (tag !== null && tagSpan(use)) || nameSpan(use);
      const what = describeRef(use);
      const repo = use.resolved.replace(/:latest$/, '');
      out.push({
        range: model.range(span.start, span.end),
        anchors: tag === null ? UNTAGGED : LATEST,
        message:
          tag === null
            ? `${use.where} ${what} has no tag, so it pulls whatever \`latest\` is at build time. Pin a version tag (\`${repo}:<version>\`), ideally with its @sha256 digest.`
            : `${use.where} ${what} uses \`:latest\`, which moves with every push. Pin a version tag (\`${repo}:<version>\`), ideally with its @sha256 digest.`,
      });
    }
    // `FROM ${REGISTRY}/ubuntu`: whatever the build argument is, nothing after it can be a tag or digest
    for (const stage of model.stages) {
      const ref = stage.image;
      if (ref.resolved !== null || !ref.untaggedTail || ref.word.error) continue;
      const unknown = ref.word.parts
        .filter((p) => 'unknown' in p)
        .map((p) => ('unknown' in p ? `\`${p.unknown}\`` : ''));
      out.push({
        range: model.range(ref.start, ref.end),
        anchors: UNTAGGED,
        message: `FROM \`${ref.text}\` has no tag whatever ${unknown.join(' and ')} ${unknown.length > 1 ? 'are' : 'is'}: the tag would follow \`${ref.untaggedTail}\`, and nothing does, so it pulls whatever \`latest\` is at build time. Pin a version tag (\`${ref.text}:<version>\`), ideally with its @sha256 digest.`,
      });
    }
    return out;
  },
};

/** hadolint and KICS have one check for a missing tag and one for `:latest`; Trivy and Checkov one for both. */
const BOTH: Anchor[] = [
  { tool: 'trivy', id: 'DS-0001' },
  { tool: 'checkov', id: 'CKV_DOCKER_7' },
];
const UNTAGGED: Anchor[] = [
  { tool: 'hadolint', id: 'DL3006' },
  { tool: 'kics', id: 'Image Version Not Explicit' },
  ...BOTH,
];
const LATEST: Anchor[] = [
  { tool: 'hadolint', id: 'DL3007' },
  { tool: 'kics', id: "Image Version Using 'latest'" },
  ...BOTH,
];

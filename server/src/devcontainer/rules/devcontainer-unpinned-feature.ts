import type { Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { parseImage } from '../../common/image';
import { featureEntries } from '../features';

/**
 * A feature id's version as the Dev Containers CLI reads an OCI feature reference
 * (devcontainers/cli src/spec-configuration/containerFeaturesOCI.ts getRef: `registry/namespace/id[:tag|@digest]`,
 * the tag `latest` when none is written). Local (`./x`), tarball URLs and legacy short ids (no `/`) are not OCI
 * references: undefined.
 */
function ociVersion(id: string): { tag: string | null; digest: boolean } | undefined {
  if (/^\.{0,2}\//.test(id) || /^https?:\/\//i.test(id) || !id.includes('/')) return undefined;
  if (id.includes('@')) return { tag: null, digest: true };
  const slash = id.lastIndexOf('/');
  const colon = id.indexOf(':', slash);
  return { tag: colon < 0 ? null : id.slice(colon + 1), digest: false };
}

export const devcontainerUnpinnedFeature: DevcontainerRule = {
  id: 'devcontainer-unpinned-feature',
  kind: 'devcontainer',
  severity: 'warning',
  title: 'Feature or image without a version (latest)',
  rationale:
    'A feature referenced without a version, or by `latest`, installs whatever its publisher pushed last, as root, each time the dev container is built: two people building the same repository get different tools, and a bad or compromised release is picked up on the next rebuild. The same holds for an image without a tag or tagged `latest`.',
  remedy:
    'Write the major version the project uses (`ghcr.io/devcontainers/features/node:1`), or a digest for a build that never changes; give the image a version tag.',
  guidance: ['Images: tag thoughtfully, check digests'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const feature of featureEntries(model)) {
      const version = ociVersion(feature.id);
      if (!version || version.digest || (version.tag !== null && version.tag !== 'latest')) continue;
      out.push({
        range: model.nodeRange(feature.keyNode),
        message: `The feature \`${feature.id}\` has ${version.tag === 'latest' ? 'the tag `latest`' : 'no version'}: each rebuild installs whatever its publisher pushed last, as root in the container. Write the major version the project uses (\`${feature.id.replace(/:latest$/, '')}:1\`, the version its documentation names) or a digest.`,
      });
    }
    const image = model.get('image')?.valueNode;
    if (image?.type === 'string') {
      const ref = String(image.value).trim();
      if (ref && !ref.includes('${')) {
        const img = parseImage(ref);
        if (!img.digest && (img.tag === null || img.tag === 'latest'))
          out.push({
            range: model.nodeRange(image),
            message: `The image \`${ref}\` ${img.tag === null ? 'has no tag, which means `latest`' : 'is tagged `latest`'}: each rebuild can start from different software. Give it the version tag the project uses (a digest pins it exactly).`,
          });
      }
    }
    return out;
  },
};

import type { Sourced } from './types';
import { officialName, parseImage, repositoryName } from '../common/image';
import { imagePatterns } from './nonRootImages';

/**
 * Base images known to run as root when the Dockerfile built on them sets no USER. Beyond this table (and the Docker
 * Official Images, which run as root unless nonRootImages.ts lists them), a base image's user is not known here: a
 * third-party image may well end with `USER app`, so root-user says "may run as root" rather than "runs as root".
 *
 * Patterns match the fully qualified repository (`docker.io/rockylinux/rockylinux`, see repositoryName) with the tag
 * (`:9`), in nonRootImages.ts's pattern language.
 */
export interface RootImage extends Sourced {
  pattern: string;
}

export const ROOT_IMAGES: readonly RootImage[] = [
  // Red Hat's base images (the language images, which run as 1001 or 185, are in nonRootImages.ts)
  ...['registry.access.redhat.com', 'registry.redhat.io'].flatMap((registry) =>
    ['ubi', 'ubi-minimal', 'ubi-micro', 'ubi-init'].map((name) => ({
      pattern: `${registry}/ubi*/${name}:*`,
      source: 'https://catalog.redhat.com/software/base-images (UBI base images: root is the default user)',
      checked: '2026-12-06',
    })),
  ),
  {
    // distroless runs as root unless a :nonroot tag is used (matched first, in nonRootImages.ts)
    pattern: 'gcr.io/distroless/**',
    source:
      'https://github.com/GoogleContainerTools/distroless#what-images-are-available (root unless the nonroot tag)',
    checked: '2026-12-06',
  },
  {
    // .NET images other than chiseled ones: an `app` user exists, root is the default
    pattern: 'mcr.microsoft.com/dotnet/**',
    source:
      'https://learn.microsoft.com/dotnet/core/docker/container-images (non-root app user available, root by default)',
    checked: '2026-12-06',
  },
  // distribution base images: a root filesystem with no USER
  ...(
    [
      ['docker.io/rockylinux/rockylinux', 'https://hub.docker.com/r/rockylinux/rockylinux'],
      ['quay.io/rockylinux/rockylinux', 'https://quay.io/repository/rockylinux/rockylinux'],
      ['quay.io/centos/centos', 'https://quay.io/repository/centos/centos'],
      ['quay.io/fedora/fedora', 'https://quay.io/repository/fedora/fedora'],
      ['registry.fedoraproject.org/fedora', 'https://registry.fedoraproject.org/'],
      ['docker.io/opensuse/leap', 'https://hub.docker.com/r/opensuse/leap'],
      ['docker.io/opensuse/tumbleweed', 'https://hub.docker.com/r/opensuse/tumbleweed'],
      ['registry.opensuse.org/opensuse/leap', 'https://registry.opensuse.org/'],
      ['registry.opensuse.org/opensuse/tumbleweed', 'https://registry.opensuse.org/'],
      ['public.ecr.aws/amazonlinux/amazonlinux', 'https://gallery.ecr.aws/amazonlinux/amazonlinux'],
      ['docker.io/kalilinux/kali-rolling', 'https://hub.docker.com/r/kalilinux/kali-rolling'],
      ['docker.io/redhat/ubi*', 'https://hub.docker.com/u/redhat (the UBI base images on Docker Hub)'],
      ['mcr.microsoft.com/cbl-mariner/base/**', 'https://github.com/microsoft/azurelinux (CBL-Mariner base images)'],
      ['mcr.microsoft.com/azurelinux/base/**', 'https://github.com/microsoft/azurelinux (Azure Linux base images)'],
      ['mcr.microsoft.com/powershell', 'https://github.com/PowerShell/PowerShell-Docker (images without a USER)'],
      ['docker.io/nvidia/cuda', 'https://hub.docker.com/r/nvidia/cuda'],
    ] as const
  ).map(([repo, source]) => ({ pattern: `${repo}:*`, source, checked: '2026-12-06' })),
];

const rootMatch = imagePatterns(ROOT_IMAGES.map((e) => e.pattern));

/** Docker Official Images on Docker Hub and its public mirrors (data/officialImages.ts): `ubuntu`, `library/node`. */
function officialImage(reference: string): string | null {
  const img = parseImage(reference);
  const official = officialName(img);
  if (official !== null) return official;
  // mirror.gcr.io serves Docker Hub's official images both as `library/<name>` and as `<name>`
  if (img.registry === 'mirror.gcr.io' && !img.path.includes('/')) return img.path;
  for (const mirror of ['public.ecr.aws/docker/library/', 'mirror.gcr.io/library/']) {
    const repo = `${img.registry}/${img.path}`;
    if (repo.startsWith(mirror) && !repo.slice(mirror.length).includes('/')) return repo.slice(mirror.length);
  }
  return null;
}

/**
 * Why a base image (already known not to be one of the non-root images) runs as root, or null when that is not known.
 */
export function rootImage(reference: string): string | null {
  const official = officialImage(reference);
  if (official !== null) return `${official} is a Docker Official Image, which runs as root`;
  const img = parseImage(reference);
  const qualified = `${repositoryName(img)}${img.tag !== null ? `:${img.tag}` : ''}`;
  return rootMatch(qualified) ? `${repositoryName(img)} runs as root` : null;
}

import type { Sourced } from './types';

/**
 * Base images whose default user is not root, so a Dockerfile without USER does not run as root.
 * Patterns match the resolved image reference without digest: `*` matches within a path segment or tag,
 * `**` matches anything.
 */
export interface NonRootImage extends Sourced {
  pattern: string;
  /** The user the image runs as. */
  user: string;
}

export const NON_ROOT_IMAGES: readonly NonRootImage[] = [
  { pattern: 'gcr.io/distroless/**:nonroot', user: 'nonroot (65532)', source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available', checked: '2026-11-28' },
  { pattern: 'gcr.io/distroless/**:debug-nonroot', user: 'nonroot (65532)', source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available', checked: '2026-11-28' },
  { pattern: 'gcr.io/distroless/**:*-nonroot', user: 'nonroot (65532)', source: 'https://github.com/GoogleContainerTools/distroless#what-images-are-available', checked: '2026-11-28' },
  { pattern: 'cgr.dev/chainguard/**', user: 'nonroot (65532) for most images', source: 'https://edu.chainguard.dev/chainguard/chainguard-images/overview/', checked: '2026-11-28' },
  { pattern: 'nginxinc/nginx-unprivileged**', user: 'nginx (101)', source: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged', checked: '2026-11-28' },
  { pattern: 'docker.io/nginxinc/nginx-unprivileged**', user: 'nginx (101)', source: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged', checked: '2026-11-28' },
  { pattern: '**-rootless', user: 'a non-root user (image variant built rootless)', source: 'https://hub.docker.com/_/docker (the *-rootless variants)', checked: '2026-11-28' },
  { pattern: '**:*-rootless', user: 'a non-root user (image variant built rootless)', source: 'https://hub.docker.com/_/docker (the *-rootless variants)', checked: '2026-11-28' },
  { pattern: 'bitnami/**', user: '1001', source: 'https://docs.bitnami.com/tutorials/work-with-non-root-containers/', checked: '2026-11-28' },
  { pattern: 'docker.io/bitnami/**', user: '1001', source: 'https://docs.bitnami.com/tutorials/work-with-non-root-containers/', checked: '2026-11-28' },
  { pattern: 'registry.access.redhat.com/ubi*/*-*', user: '1001 (application images such as ubi9/nodejs-20)', source: 'https://catalog.redhat.com/software/containers/ubi9/nodejs-20 (USER 1001 in the image)', checked: '2026-11-28' },
  { pattern: 'mcr.microsoft.com/dotnet/**-chiseled**', user: 'app (1654)', source: 'https://learn.microsoft.com/dotnet/core/docker/container-images#ubuntu-chiseled-images', checked: '2026-11-28' },
];

function toRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/:]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

const compiled = NON_ROOT_IMAGES.map((e) => ({ entry: e, re: toRegex(e.pattern) }));

/** The table entry when the image is known to default to a non-root user. */
export function nonRootImage(reference: string): NonRootImage | undefined {
  const noDigest = reference.replace(/@.*$/, '');
  return compiled.find((c) => c.re.test(noDigest))?.entry;
}

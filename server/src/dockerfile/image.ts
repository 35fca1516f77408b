/** Parsing of image references (`[registry/]path[:tag][@digest]`) after ARG substitution. */
export interface ParsedImage {
  /** Registry host; `docker.io` when none is written. */
  registry: string;
  /** Whether a registry was written explicitly. */
  explicitRegistry: boolean;
  /** Repository path as written after the registry (`ubuntu`, `user/app`, `library/nginx`). */
  path: string;
  tag: string | null;
  digest: string | null;
}

export function parseImage(ref: string): ParsedImage {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry = 'docker.io';
  let explicitRegistry = false;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      explicitRegistry = true;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  return { registry, explicitRegistry, path: rest, tag, digest };
}

/** Official Docker Hub images are `library/<name>`; `ubuntu` and `library/ubuntu` are the same image. */
export function officialName(img: ParsedImage): string | null {
  if (img.registry !== 'docker.io') return null;
  if (!img.path.includes('/')) return img.path;
  if (img.path.startsWith('library/')) return img.path.slice('library/'.length);
  return null;
}

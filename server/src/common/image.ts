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
    // A registry holds `.` or `:`, is `localhost`, or is not lower-case, as no repository namespace may be
    // (github.com/distribution/reference normalize.go, splitDockerDomain at commit 4ca14034).
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
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

/**
 * Whether a resolved reference has the shape of a real image reference (docker/distribution grammar, lower-case
 * repository). Template placeholders (`{{ .from }}`) and half-substituted names are not, so rules leave them alone.
 */
export function isWellFormedReference(ref: string): boolean {
  return WELL_FORMED.test(ref);
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
// linear: anchored reference grammar: runs joined by separators, each ended by what it cannot read (recheck: safe)
const WELL_FORMED = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** The fully qualified repository (`docker.io/library/ubuntu`, `ghcr.io/org/app`): the name registries and allow-lists use. */
export function repositoryName(img: ParsedImage): string {
  const official = officialName(img);
  if (official !== null) return `docker.io/library/${official}`;
  return `${img.registry}/${img.path}`;
}

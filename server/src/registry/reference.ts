import { isWellFormedReference, parseImage } from '../common/image';

/**
 * An image reference as a registry client needs it: the host to ask, the repository path on that host, and the tag or
 * digest to resolve. Docker Hub's familiar names are normalised as github.com/distribution/reference does
 * (normalize.go, splitDockerDomain and ParseNormalizedNamed at commit 4ca14034): a first component is a registry
 * when it holds `.` or `:` or is `localhost` (or is not lower-case; common/image.ts parseImage decides that), `index.docker.io`
 * is `docker.io`, a Docker Hub name without a `/` gets `library/`, and no tag means `latest` (TagNameOnly). Docker
 * Hub's API is served from `registry-1.docker.io` (normalize.go's defaultDomain comment), so that is the host asked.
 */
export interface ImageReference {
  /** The registry as written or normalised (`docker.io`, `ghcr.io`, `localhost:5000`): what credentials are keyed by. */
  registry: string;
  /** The host (and port) the client connects to: `registry-1.docker.io` for Docker Hub, else the registry. */
  host: string;
  /** The repository on that registry (`library/ubuntu`, `org/app`). */
  repository: string;
  /** The tag (`latest` when neither a tag nor a digest is written), or null when only a digest is. */
  tag: string | null;
  digest: string | null;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_HOST = 'registry-1.docker.io';

/** Parses `[registry/]repository[:tag][@digest]`; undefined for what is not a well-formed reference. */
export function parseImageReference(ref: string): ImageReference | undefined {
  const text = ref.trim();
  if (!isWellFormedReference(text)) return undefined;
  const parsed = parseImage(text);
  // parseImage folds registry-1.docker.io and index.docker.io into docker.io, which is where both lead.
  const hub = parsed.registry === DOCKER_HUB;
  const repository = hub && !parsed.path.includes('/') ? `library/${parsed.path}` : parsed.path;
  return {
    registry: parsed.registry,
    host: hub ? DOCKER_HUB_HOST : parsed.registry,
    repository,
    tag: parsed.tag ?? (parsed.digest ? null : 'latest'),
    digest: parsed.digest,
  };
}

import { parseImageReference } from './reference';

/**
 * What Bulkhead knows about an image from its registry: the digest its tag points to and, for the platform in use,
 * what its configuration says (the user it runs as, its HEALTHCHECK, ports, environment, creation date). Rules and
 * hovers read these through a synchronous look-up (`ImageLookup`) into what was already fetched: a lint never waits
 * on the network.
 */

/** A platform as an OCI index names one (`linux/amd64`, `linux/arm64/v8`). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The parts of an image configuration (OCI image-spec config.md, `config` object) rules and hovers use. */
export interface ImageConfigFacts {
  /** `User` as written in the config: '' when the image sets none (it runs as root). */
  user: string;
  /** `Healthcheck.Test`, or null when the image has none (`["NONE"]` disables an inherited one). */
  healthcheck: string[] | null;
  /** `ExposedPorts` keys (`8080/tcp`). */
  exposedPorts: string[];
  /** `Env` entries (`PATH=…`). */
  env: string[];
  /** `created` (RFC 3339), or null when absent. */
  created: string | null;
}

export interface ImageFacts {
  /** The digest the tag points to: the index's for a multi-platform image, else the manifest's. */
  digest: string;
  mediaType: string;
  /** Platforms the index lists (`linux/amd64`…); one entry for a single manifest whose config names it. */
  platforms: string[];
  /** The platform whose manifest and config were read (`linux/amd64`), or null when the index has none for it. */
  platform: string | null;
  /** That platform's configuration, or null when it has none (no such platform, or an artifact that is no image). */
  config: ImageConfigFacts | null;
  /** Bytes of that platform's config and layers as the manifest lists them (compressed), or null. */
  size: number | null;
  /** The digests of the platform manifests the index lists (empty for a single manifest). */
  manifestDigests?: string[];
  /** When these facts were fetched (epoch milliseconds). */
  fetchedAt: number;
  /** The digest the tag pointed to at the fetch before, when it differs: the tag has moved since. */
  previousDigest?: string;
}

/**
 * What is known of one image reference at lint time: its facts, a fetch under way, or why it could not be fetched.
 * `undefined` from the look-up means the registry is not asked (the setting is off, or the reference is a variable).
 */
export type ImageKnowledge =
  { state: 'known'; facts: ImageFacts } | { state: 'pending' } | { state: 'failed'; message: string };

/** The synchronous look-up rules and hovers get (`LintEnvironment.images`). */
export type ImageLookup = (reference: string) => ImageKnowledge | undefined;

/** `os/architecture[/variant]` */
export const platformName = (p: Platform) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;

/**
 * The key facts are known under: `registry/repository:tag` as the registry client normalises it (Docker Hub's
 * `library/`, `latest` when no tag is written); a digest written after the tag is left out, since what moves is the
 * tag. Undefined for what is not an image reference, or one written by digest alone (nothing to look up).
 */
export function factsKey(reference: string): string | undefined {
  const parsed = parseImageReference(reference);
  if (!parsed || parsed.tag === null) return undefined;
  return `${parsed.registry}/${parsed.repository}:${parsed.tag}`;
}

/** A look-up over facts already at hand (keys are references, normalised with factsKey): tests, and the CLI. */
export function tableLookup(table: Readonly<Record<string, ImageFacts>>): ImageLookup {
  const byKey = new Map<string, ImageFacts>();
  for (const [ref, facts] of Object.entries(table)) {
    const key = factsKey(ref);
    if (key) byKey.set(key, facts);
  }
  return (reference) => {
    const key = factsKey(reference);
    const facts = key === undefined ? undefined : byKey.get(key);
    return facts ? { state: 'known', facts } : undefined;
  };
}

/** Whether a config's `User` is root: empty (none set), `root` or UID 0, with or without a group. */
export function runsAsRoot(config: ImageConfigFacts): boolean {
  const user = config.user.trim().split(':')[0];
  return user === '' || user === 'root' || /^0+$/.test(user);
}

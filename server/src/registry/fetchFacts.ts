/**
 * An image's facts from its registry: the tag's manifest or index (its digest is the tag's), for an index the
 * manifest of the platform in use, and that manifest's config blob (OCI image-spec manifest.md, image-index.md,
 * config.md). Every body is verified against its digest and read under a size cap; a body of the wrong shape is a
 * `protocol` error, never a crash.
 */
import { ImageConfigFacts, ImageFacts, Platform, platformName } from './facts';
import {
  FetchedManifest,
  getBlob,
  getManifest,
  headDigest,
  MEDIA_TYPES,
  openSession,
  parsedReference,
  RegistryError,
  ResolveOptions,
  Session,
  SHA256,
} from './client';
import { ImageReference } from './reference';

/** Config media types of an image (image-spec media-types.md; Docker's schema 2 config). */
const IMAGE_CONFIG_TYPES = [
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
];
const INDEX_TYPES: string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
/** An image config is a few KB; a megabyte is far beyond any real one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

export type FactsOptions = ResolveOptions & {
  /** The platform whose manifest and config are read from an index: linux/amd64 when not given. */
  platform?: Platform;
  /** The clock for `fetchedAt` (Date.now when not given). */
  now?: () => number;
  /**
   * The facts already known for a digest on a platform (FactsCache.byDigest). When given, the tag is asked with a
   * HEAD first and, when its digest is known, nothing more is fetched: an unchanged tag costs one HEAD, which Docker
   * Hub does not count as a pull as it counts manifest GETs (docs.docker.com/docker-hub/usage/pulls; containers/image
   * PR 1078 reads the digest by HEAD for the same reason).
   */
  known?: (digest: string, platform: Platform) => DigestFacts | undefined;
};

/** What a digest's facts are without what belongs to a tag's fetch. */
export type DigestFacts = Omit<ImageFacts, 'fetchedAt' | 'previousDigest'>;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error for a body of the wrong shape: what it is and which image, never its content. */
const malformed = (session: Session, what: string) =>
  new RegistryError(
    'protocol',
    `${session.ref.host} sent ${what} for ${session.ref.registry}/${session.ref.repository} that is not valid`,
  );

function parseJson(session: Session, body: Buffer, what: string): Json {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('protocol', `${session.ref.host} sent ${what} that is not JSON`);
  }
  if (!isRecord(json)) throw malformed(session, what);
  return json;
}

/**
 * containerd/platforms database.go normalizeArch: arm64's v8 is its default variant (so `linux/arm64` matches an
 * index entry `linux/arm64/v8` and the reverse), amd64's v1 likewise, and a bare `arm` is v7.
 */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  let architecture = p.architecture.toLowerCase();
  let variant = (p.variant ?? '').toLowerCase();
  if (architecture === 'aarch64') architecture = 'arm64';
  if (architecture === 'x86_64' || architecture === 'x86-64') architecture = 'amd64';
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = '';
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  if (architecture === 'arm' && (variant === '' || variant === '7')) variant = 'v7';
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** containerd/platforms' default matcher: os, architecture and variant equal once normalised. */
export function platformMatches(wanted: Platform, entry: Platform): boolean {
  const a = normalizePlatform(wanted);
  const b = normalizePlatform(entry);
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/** A descriptor's `platform` (image-index.md), or undefined when absent or not of the right shape. */
function platformOf(value: unknown): Platform | undefined {
  if (!isRecord(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string') return undefined;
  if (!value.os || !value.architecture) return undefined;
  return {
    os: value.os,
    architecture: value.architecture,
    ...(typeof value.variant === 'string' && value.variant ? { variant: value.variant } : {}),
  };
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

/** A descriptor (image-spec descriptor.md): mediaType, a sha256 digest and a size; anything else is malformed. */
function descriptor(session: Session, value: unknown, what: string): Descriptor {
  if (
    !isRecord(value) ||
    typeof value.digest !== 'string' ||
    !SHA256.test(value.digest) ||
    !Number.isSafeInteger(value.size) ||
    (value.size as number) < 0 ||
    (value.mediaType !== undefined && typeof value.mediaType !== 'string')
  )
    throw malformed(session, what);
  const platform = platformOf(value.platform);
  return {
    mediaType: (value.mediaType as string | undefined) ?? '',
    digest: value.digest,
    size: value.size as number,
    ...(platform ? { platform } : {}),
  };
}

/**
 * The platforms an index lists, and the entry for `wanted`. Attestation manifests BuildKit adds are listed as
 * `unknown/unknown` (Docker docs, build/metadata/attestations/attestation-storage): not a platform. The first
 * matching entry is read.
 */
function pickFromIndex(session: Session, index: Json, wanted: Platform) {
  if (!Array.isArray(index.manifests)) throw malformed(session, 'an index');
  const platforms: string[] = [];
  const digests: string[] = [];
  let chosen: Descriptor | undefined;
  for (const entry of index.manifests) {
    const d = descriptor(session, entry, 'an index entry');
    if (!d.platform || (d.platform.os === 'unknown' && d.platform.architecture === 'unknown')) continue;
    // a reference pinned to one platform's manifest is pinned to this image too (image-tag-moved)
    if (!digests.includes(d.digest)) digests.push(d.digest);
    const name = platformName(d.platform);
    if (!platforms.includes(name)) platforms.push(name);
    if (!chosen && platformMatches(wanted, d.platform)) chosen = d;
  }
  return { platforms, digests, chosen };
}

const isIndex = (m: FetchedManifest, json: Json) =>
  INDEX_TYPES.includes(m.mediaType) || INDEX_TYPES.includes(json.mediaType as string) || Array.isArray(json.manifests);

/** An image manifest's config descriptor and size (config + layers, manifest.md). */
function readManifest(session: Session, json: Json) {
  const config = descriptor(session, json.config, 'a manifest');
  if (!Array.isArray(json.layers)) throw malformed(session, 'a manifest');
  let size = config.size;
  for (const layer of json.layers) size += descriptor(session, layer, 'a manifest layer').size;
  return { config, size: Number.isSafeInteger(size) ? size : null };
}

const stringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The parts of the config's `config` object rules use (config.md); a field of the wrong type is malformed. */
export function configFacts(session: Session, json: Json): ImageConfigFacts {
  const c = json.config ?? {};
  const created = json.created ?? null;
  if (!isRecord(c) || (created !== null && typeof created !== 'string')) throw malformed(session, 'an image config');
  const user = c.User ?? '';
  const env = c.Env ?? [];
  const ports = c.ExposedPorts ?? {};
  const health = c.Healthcheck ?? null;
  if (typeof user !== 'string' || !stringArray(env) || !isRecord(ports) || (health !== null && !isRecord(health)))
    throw malformed(session, 'an image config');
  const test = health?.Test ?? null;
  if (test !== null && !stringArray(test)) throw malformed(session, 'an image config');
  return { user, healthcheck: test, exposedPorts: Object.keys(ports), env, created };
}

/** The config blob's facts and the platform it names, or null when the manifest's config is not an image's. */
async function readConfig(session: Session, config: Descriptor) {
  if (!IMAGE_CONFIG_TYPES.includes(config.mediaType)) return null;
  if (config.size > MAX_CONFIG_BYTES)
    throw new RegistryError('protocol', `${session.ref.host} lists an image config of ${config.size} bytes; refused`);
  const json = parseJson(session, await getBlob(session, config.digest, MAX_CONFIG_BYTES), 'an image config');
  return { facts: configFacts(session, json), platform: platformOf(json) };
}

/**
 * The facts of `ref` for `options.platform` (linux/amd64 by default). The digest is the tag's: the index's for a
 * multi-platform image. An index without the platform gives `platform` and `config` null; a single manifest gives
 * its own config whatever the platform (docker pulls it, warning when the platform differs).
 */
export async function fetchImageFacts(ref: string | ImageReference, options: FactsOptions = {}): Promise<ImageFacts> {
  const parsed = parsedReference(ref);
  const session = openSession(parsed, options);
  const wanted = options.platform ?? DEFAULT_PLATFORM;
  if (options.known && !parsed.digest) {
    const head = await headDigest(session, parsed.tag!);
    const known = head && options.known(head.digest, wanted);
    if (known && known.digest === head.digest) return done({ ...known, fetchedAt: 0 }, options);
  }
  const top = await getManifest(session, parsed.digest ?? parsed.tag!);
  const topJson = parseJson(session, top.body, 'a manifest');
  const facts: ImageFacts = {
    digest: top.digest,
    mediaType: top.mediaType || (typeof topJson.mediaType === 'string' ? topJson.mediaType : ''),
    platforms: [],
    platform: null,
    config: null,
    size: null,
    fetchedAt: 0,
  };
  let manifestJson = topJson;
  if (isIndex(top, topJson)) {
    const { platforms, digests, chosen } = pickFromIndex(session, topJson, wanted);
    facts.platforms = platforms;
    facts.manifestDigests = digests;
    // a nested index or an artifact is no image manifest: no config for the platform
    if (!chosen || INDEX_TYPES.includes(chosen.mediaType)) return done(facts, options);
    facts.platform = platformName(chosen.platform!);
    manifestJson = parseJson(session, (await getManifest(session, chosen.digest)).body, 'a manifest');
  }
  const { config, size } = readManifest(session, manifestJson);
  facts.size = size;
  const read = await readConfig(session, config);
  if (!read) return done(facts, options);
  facts.config = read.facts;
  if (!facts.platform && read.platform) {
    facts.platform = platformName(read.platform);
    facts.platforms = [facts.platform];
  }
  return done(facts, options);
}

function done(facts: ImageFacts, options: FactsOptions): ImageFacts {
  facts.fetchedAt = (options.now ?? Date.now)();
  return facts;
}

/**
 * A registry client (OCI Distribution Spec, "Pulling manifests"): resolves `name:tag` to the digest of its manifest or
 * index. Nothing in the linter calls it yet, so no lint ever touches the network; a later step wires it to an
 * explicit user action behind a setting that is off by default.
 *
 * Credentials come from a Docker config object the caller passes (`~/.docker/config.json`'s `auths`), are looked up
 * by the registry's host alone, and go only to that host over HTTPS (plain HTTP only for a registry listed in
 * `insecureRegistries`), or to the token service its challenge names when that service is on the registry's own
 * domain; never on a redirect to another origin. No error message carries a credential or a token.
 */
import { createHash } from 'node:crypto';
import { parseChallenges } from './challenge';
import { DOCKER_HUB, ImageReference, parseImageReference } from './reference';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const ACCEPT = Object.values(MEDIA_TYPES).join(', ');

export type RegistryErrorKind =
  'invalid-reference' | 'unauthorized' | 'not-found' | 'unreachable' | 'timeout' | 'protocol';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** One `auths` entry of a Docker config: `auth` is base64 of `user:password`. */
export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
}

export interface ResolveOptions {
  /** The user's Docker config (only `auths` is read); no credentials when absent. */
  dockerConfig?: DockerConfig;
  /** Registries (`host[:port]`) spoken to over plain HTTP; every other one over HTTPS. */
  insecureRegistries?: readonly string[];
  /** The limit on each request, body included, in milliseconds (10 s when not given). */
  timeoutMs?: number;
}

export interface ResolvedDigest {
  digest: string;
  mediaType: string;
}

const MAX_REDIRECTS = 5;
/** Challenges answered per request: one to get a token, one more where the first token's scope was refused. */
const MAX_CHALLENGES = 2;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;
// linear: one fixed-length run (recheck: safe)
const SHA256 = /^sha256:[0-9a-f]{64}$/;
// linear: one character class run (recheck: safe)
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

interface Credentials {
  username: string;
  password: string;
}

/**
 * The credentials stored for a registry: an `auths` key matches when its host is the registry's (docker/cli's
 * ConvertToHostname, cli/config/credentials/file_store.go: the key without `http://` or `https://` and without
 * any path), and Docker Hub's are stored under `https://index.docker.io/v1/` (registry.IndexServer).
 */
export function credentialsFor(config: DockerConfig | undefined, registry: string): Credentials | undefined {
  const auths = config?.auths;
  if (!auths || typeof auths !== 'object') return undefined;
  const wanted = registry.toLowerCase();
  const hub = wanted === DOCKER_HUB;
  for (const [key, entry] of Object.entries(auths)) {
    const host = key
      .replace(/^https?:\/\//i, '')
      .split('/')[0]
      .toLowerCase();
    const matches = hub ? ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host) : host === wanted;
    if (!matches || !entry || typeof entry !== 'object') continue;
    if (typeof entry.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof entry.username === 'string' && entry.username && typeof entry.password === 'string')
      return { username: entry.username, password: entry.password };
  }
  return undefined;
}

const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

/** What one resolve knows: the registry's origin, its credentials and the Authorization that origin accepted. */
interface Session {
  ref: ImageReference;
  origin: string;
  credentials: Credentials | undefined;
  insecure: Set<string>;
  timeoutMs: number;
  authorization?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body?: Buffer;
}

/** The name in messages: host, repository and tag or digest; never a credential. */
const shown = (ref: ImageReference) =>
  `${ref.registry}/${ref.repository}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;

/** One request under its own deadline; the body is read (up to `limit` bytes) when `limit` is given. */
async function send(
  session: Session,
  url: URL,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  limit?: number,
): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, session.timeoutMs);
  const where = `${url.protocol}//${url.host}`;
  try {
    const res = await fetch(url, { method, headers, redirect: 'manual', signal: controller.signal });
    if (limit === undefined) {
      await res.body?.cancel();
      return { status: res.status, headers: res.headers };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw new RegistryError('protocol', `${where} sent more than ${limit} bytes for ${url.pathname}`);
      }
      chunks.push(value);
    }
    return { status: res.status, headers: res.headers, body: Buffer.concat(chunks) };
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    if (timedOut)
      throw new RegistryError(
        'timeout',
        `${where} did not answer ${method} ${url.pathname} within ${session.timeoutMs} ms`,
      );
    const code = (e as { cause?: { code?: unknown } })?.cause?.code;
    throw new RegistryError('unreachable', `cannot reach ${where}${typeof code === 'string' ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `url` may be spoken to: HTTPS, or plain HTTP to a registry listed as insecure. */
function allowedUrl(session: Session, url: URL): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && session.insecure.has(url.host.toLowerCase());
}

/**
 * Whether a token service on `realmHost` may receive the credentials of the registry on `registryHost`: the same
 * host, or one on the registry's parent domain (`registry-1.docker.io` → `auth.docker.io`, `registry.gitlab.com` →
 * `gitlab.com`); never through a parent of fewer than two labels (`ghcr.io` shares nothing with `evil.io`) nor an IP
 * address's. The service must also be one the registry may be spoken to over (HTTPS, or listed as insecure).
 */
export function tokenServiceMayGetCredentials(registryHost: string, realmHost: string): boolean {
  const registry = registryHost.toLowerCase();
  const realm = realmHost.toLowerCase();
  if (realm === registry) return true;
  // linear: one character class run (recheck: safe)
  if (/^[0-9.]+$/.test(registry) || registry.startsWith('[')) return false;
  const parent = registry.slice(registry.indexOf('.') + 1);
  if (!registry.includes('.') || !parent.includes('.')) return false;
  return realm === parent || realm.endsWith(`.${parent}`);
}

/** Answers a 401's challenge: the Authorization header to retry with. */
async function authorize(session: Session, header: string | null): Promise<string> {
  const challenges = parseChallenges(header ?? '');
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  const name = shown(session.ref);
  if (bearer) {
    let realm: URL;
    try {
      realm = new URL(bearer.params.realm ?? '');
    } catch {
      throw new RegistryError('protocol', `${session.ref.host} asked for a token without a valid realm`);
    }
    if (!allowedUrl(session, realm))
      throw new RegistryError(
        'protocol',
        `${session.ref.host} named a token service over plain HTTP or with a user in its address (${realm.protocol}//${realm.host}); refused`,
      );
    const url = new URL(realm.href);
    if (bearer.params.service) url.searchParams.set('service', bearer.params.service);
    url.searchParams.set('scope', bearer.params.scope || `repository:${session.ref.repository}:pull`);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const withCredentials =
      session.credentials && tokenServiceMayGetCredentials(new URL(session.origin).hostname, realm.hostname);
    if (withCredentials) headers.Authorization = basic(session.credentials!);
    const answer = await send(session, url, 'GET', headers, MAX_TOKEN_BYTES);
    if (answer.status === 401 || answer.status === 403)
      throw new RegistryError(
        'unauthorized',
        `the token service ${realm.host} refused ${withCredentials ? 'the stored credentials' : 'anonymous access'} for ${name}`,
      );
    if (answer.status !== 200)
      throw new RegistryError('protocol', `the token service ${realm.host} answered ${answer.status} for ${name}`);
    let token: unknown;
    try {
      const json = JSON.parse(answer.body!.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = json.token || json.access_token;
    } catch {
      token = undefined;
    }
    // linear: one character class run (recheck: safe)
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      throw new RegistryError('protocol', `the token service ${realm.host} sent no usable token for ${name}`);
    return `Bearer ${token}`;
  }
  if (challenges.some((c) => c.scheme === 'basic')) {
    if (!session.credentials)
      throw new RegistryError(
        'unauthorized',
        `${session.ref.host} needs credentials for ${name} and none are stored for it`,
      );
    return basic(session.credentials);
  }
  throw new RegistryError(
    'unauthorized',
    `${session.ref.host} refused ${name} without a challenge this client answers`,
  );
}

/** One manifest request: redirects followed (credentials only to the registry's origin), challenges answered. */
async function manifestRequest(session: Session, method: 'GET' | 'HEAD'): Promise<Answer> {
  const reference = session.ref.digest ?? session.ref.tag;
  let url = new URL(`${session.origin}/v2/${session.ref.repository}/manifests/${reference}`);
  let redirects = 0;
  let challenges = 0;
  for (;;) {
    const headers: Record<string, string> = { Accept: ACCEPT };
    const home = url.origin === session.origin;
    if (home && session.authorization) headers.Authorization = session.authorization;
    const answer = await send(session, url, method, headers, method === 'GET' ? MAX_MANIFEST_BYTES : undefined);
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      if (++redirects > MAX_REDIRECTS)
        throw new RegistryError('protocol', `${session.ref.host} redirected more than ${MAX_REDIRECTS} times`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError('protocol', `${session.ref.host} redirected to an invalid address`);
      }
      if (!allowedUrl(session, next))
        throw new RegistryError(
          'protocol',
          `${session.ref.host} redirected to ${next.protocol}//${next.host}, over plain HTTP or with a user in its address; refused`,
        );
      url = next;
      continue;
    }
    if (answer.status === 401 && home && challenges < MAX_CHALLENGES) {
      challenges++;
      session.authorization = await authorize(session, answer.headers.get('www-authenticate'));
      continue;
    }
    return answer;
  }
}

function failure(session: Session, status: number): RegistryError {
  const name = shown(session.ref);
  if (status === 401 || status === 403)
    return new RegistryError('unauthorized', `${session.ref.host} refused access to ${name} (${status})`);
  if (status === 404) return new RegistryError('not-found', `${name} is not in ${session.ref.host}`);
  if (status === 429 || status >= 500)
    return new RegistryError('unreachable', `${session.ref.host} is unavailable for ${name} (${status})`);
  return new RegistryError('protocol', `${session.ref.host} answered ${status} for ${name}`);
}

const mediaTypeOf = (headers: Headers) => (headers.get('content-type') ?? '').split(';')[0].trim();

/**
 * The digest `ref` points to: HEAD with the four manifest types accepted, its `Docker-Content-Digest`; where HEAD
 * gives none (or is not served), GET and the sha256 of the body, which must match the header when one is sent and
 * the reference's digest when one is written.
 */
export async function resolveDigest(
  ref: string | ImageReference,
  options: ResolveOptions = {},
): Promise<ResolvedDigest> {
  const parsed = typeof ref === 'string' ? parseImageReference(ref) : ref;
  if (!parsed) throw new RegistryError('invalid-reference', 'not an image reference');
  const insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
  const session: Session = {
    ref: parsed,
    origin: `${insecure.has(parsed.host.toLowerCase()) ? 'http' : 'https'}://${parsed.host}`,
    credentials: credentialsFor(options.dockerConfig, parsed.registry),
    insecure,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const head = await manifestRequest(session, 'HEAD');
  if (head.status === 200) {
    const digest = head.headers.get('docker-content-digest') ?? '';
    if (DIGEST.test(digest) && (!parsed.digest || digest === parsed.digest))
      return { digest, mediaType: mediaTypeOf(head.headers) };
  } else if ([401, 403, 404, 429].includes(head.status) || head.status >= 500) throw failure(session, head.status);
  const get = await manifestRequest(session, 'GET');
  if (get.status !== 200) throw failure(session, get.status);
  const body = get.body!;
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const sent = get.headers.get('docker-content-digest');
  if (sent && SHA256.test(sent) && sent !== digest)
    throw new RegistryError(
      'protocol',
      `${session.ref.host} sent a manifest for ${shown(parsed)} whose digest is not the one it named`,
    );
  if (parsed.digest && SHA256.test(parsed.digest) && parsed.digest !== digest)
    throw new RegistryError('protocol', `${session.ref.host} sent a manifest for ${shown(parsed)} with another digest`);
  let mediaType = mediaTypeOf(get.headers);
  if (!mediaType || mediaType === 'application/json') {
    try {
      const json = JSON.parse(body.toString('utf8')) as { mediaType?: unknown };
      if (typeof json.mediaType === 'string') mediaType = json.mediaType;
    } catch {
      throw new RegistryError('protocol', `${session.ref.host} sent a manifest for ${shown(parsed)} that is not JSON`);
    }
  }
  return { digest, mediaType };
}

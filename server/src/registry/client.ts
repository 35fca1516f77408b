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
import { ProxySettings, proxyFor, requestThroughProxy } from './proxy';
import { Credentials, CredentialSource, credentialsFor, DockerConfig } from './dockerConfig';
import { ImageReference, parseImageReference } from './reference';

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

export type { Credentials, CredentialSource, DockerAuthEntry, DockerConfig } from './dockerConfig';
export { credentialsFor } from './dockerConfig';

export interface ResolveOptions {
  /** The user's Docker config (only `auths` is read); no credentials when absent. */
  dockerConfig?: DockerConfig;
  /**
   * Where credentials come from instead of `dockerConfig` (dockerConfig.ts credentialSource: `auths`, or the
   * credential helpers when the caller opts in); asked only when the registry challenges.
   */
  credentials?: CredentialSource;
  /** Registries (`host[:port]`) spoken to over plain HTTP; every other one over HTTPS. */
  insecureRegistries?: readonly string[];
  /** The limit on each request, body included, in milliseconds (10 s when not given). */
  timeoutMs?: number;
  /** Proxies (VS Code's `http.proxy`, `HTTPS_PROXY`…: proxy.ts); requests go directly when absent. */
  proxy?: ProxySettings;
}

export interface ResolvedDigest {
  digest: string;
  mediaType: string;
}

const MAX_REDIRECTS = 5;
/** Challenges answered per request: one to get a token, one more where the first token's scope was refused. */
const MAX_CHALLENGES = 2;
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;
// linear: one fixed-length run (recheck: safe)
export const SHA256 = /^sha256:[0-9a-f]{64}$/;
// linear: one character class run (recheck: safe)
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

/**
 * What one conversation with a registry knows: its origin, where its credentials come from (asked once, on the first
 * challenge) and the Authorization that origin accepted. Manifest and blob requests of one image share it.
 */
export interface Session {
  ref: ImageReference;
  origin: string;
  credentials: () => Promise<Credentials | undefined>;
  insecure: Set<string>;
  timeoutMs: number;
  /** The proxies requests go through (none: directly). */
  proxy?: ProxySettings;
  authorization?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body?: Buffer;
}

/** The name in messages: host, repository and tag or digest; never a credential. */
export const shown = (ref: ImageReference) =>
  `${ref.registry}/${ref.repository}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;

/** The reference parsed, or an invalid-reference error. */
export function parsedReference(ref: string | ImageReference): ImageReference {
  const parsed = typeof ref === 'string' ? parseImageReference(ref) : ref;
  if (!parsed) throw new RegistryError('invalid-reference', 'not an image reference');
  return parsed;
}

/** A session for one image: HTTPS unless the registry is listed as insecure; credentials asked for lazily. */
export function openSession(ref: ImageReference, options: ResolveOptions = {}): Session {
  const insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
  const source: CredentialSource =
    options.credentials ?? ((registry) => Promise.resolve(credentialsFor(options.dockerConfig, registry)));
  let asked: Promise<Credentials | undefined> | undefined;
  return {
    ref,
    origin: `${insecure.has(ref.host.toLowerCase()) ? 'http' : 'https'}://${ref.host}`,
    credentials: () =>
      (asked ??= source(ref.registry).catch((e: unknown) => {
        // a credential helper's failure: its message names the helper, never the secret
        throw new RegistryError('unauthorized', e instanceof Error ? e.message : 'the credential source failed');
      })),
    insecure,
    timeoutMs: options.timeoutMs ?? 10_000,
    proxy: options.proxy,
  };
}

interface Request {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** One request under its own deadline; the body is read (up to `limit` bytes) when `limit` is given. */
async function send(session: Session, url: URL, request: Request, limit?: number): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, session.timeoutMs);
  const where = `${url.protocol}//${url.host}`;
  const proxy = proxyFor(url, session.proxy);
  try {
    let answer: { status: number; headers: Headers; body: AsyncIterable<Uint8Array> | null; stop(): void };
    if (proxy) {
      const res = await requestThroughProxy(url, proxy, request, controller.signal);
      answer = { ...res, stop: () => res.body.destroy() };
    } else {
      const res = await fetch(url, { ...request, redirect: 'manual', signal: controller.signal });
      answer = {
        status: res.status,
        headers: res.headers,
        body: res.body,
        stop: () => void res.body?.cancel().catch(() => undefined),
      };
    }
    if (limit === undefined) {
      answer.stop();
      return { status: answer.status, headers: answer.headers };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    // leaving the loop early (too large) cancels the stream
    for await (const value of answer.body ?? []) {
      total += value.length;
      if (total > limit)
        throw new RegistryError('protocol', `${where} sent more than ${limit} bytes for ${url.pathname}`);
      chunks.push(value);
    }
    return { status: answer.status, headers: answer.headers, body: Buffer.concat(chunks) };
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    if (timedOut)
      throw new RegistryError(
        'timeout',
        `${where} did not answer ${request.method} ${url.pathname} within ${session.timeoutMs} ms`,
      );
    const err = e as { code?: unknown; cause?: { code?: unknown } };
    const code = err?.cause?.code ?? err?.code;
    const via = proxy ? ` through the proxy ${proxy.host}` : '';
    throw new RegistryError(
      'unreachable',
      `cannot reach ${where}${via}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
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

/**
 * The token request: with an identity token, the OAuth2 refresh-token grant POSTed to the realm (distribution's
 * token spec, oauth.md; distribution internal/client/auth/session.go fetchTokenWithOAuth: form scope, service,
 * client_id, grant_type=refresh_token, refresh_token); otherwise a GET with service and scope, with Basic
 * credentials when there are some (session.go fetchTokenWithBasicAuth).
 */
function tokenRequest(
  realm: URL,
  service: string | undefined,
  scope: string,
  credentials: Credentials | undefined,
): { url: URL; request: Request } {
  const url = new URL(realm.href);
  if (credentials?.identityToken) {
    const form = new URLSearchParams({ scope, ...(service ? { service } : {}) });
    form.set('client_id', 'bulkhead');
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', credentials.identityToken);
    const headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
    return { url, request: { method: 'POST', headers, body: form.toString() } };
  }
  if (service) url.searchParams.set('service', service);
  url.searchParams.set('scope', scope);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (credentials) headers.Authorization = basic(credentials);
  return { url, request: { method: 'GET', headers } };
}

/** Answers a bearer challenge: a token from the realm it names. */
async function bearerToken(session: Session, params: Readonly<Record<string, string>>): Promise<string> {
  const name = shown(session.ref);
  let realm: URL;
  try {
    realm = new URL(params.realm ?? '');
  } catch {
    throw new RegistryError('protocol', `${session.ref.host} asked for a token without a valid realm`);
  }
  if (!allowedUrl(session, realm))
    throw new RegistryError(
      'protocol',
      `${session.ref.host} named a token service over plain HTTP or with a user in its address (${realm.protocol}//${realm.host}); refused`,
    );
  const mayGet = tokenServiceMayGetCredentials(new URL(session.origin).hostname, realm.hostname);
  const credentials = mayGet ? await session.credentials() : undefined;
  const scope = params.scope || `repository:${session.ref.repository}:pull`;
  const { url, request } = tokenRequest(realm, params.service, scope, credentials);
  const answer = await send(session, url, request, MAX_TOKEN_BYTES);
  if (answer.status === 401 || answer.status === 403 || (credentials?.identityToken && answer.status === 400))
    throw new RegistryError(
      'unauthorized',
      `the token service ${realm.host} refused ${credentials ? 'the stored credentials' : 'anonymous access'} for ${name}`,
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

/** Answers a 401's challenge: the Authorization header to retry with. */
async function authorize(session: Session, header: string | null): Promise<string> {
  const challenges = parseChallenges(header ?? '');
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  if (bearer) return bearerToken(session, bearer.params);
  const name = shown(session.ref);
  if (challenges.some((c) => c.scheme === 'basic')) {
    const credentials = await session.credentials();
    // an identity token is for a token service; a Basic challenge needs a user and password
    if (!credentials || credentials.identityToken)
      throw new RegistryError(
        'unauthorized',
        `${session.ref.host} needs credentials for ${name} and ${credentials ? 'only an identity token is' : 'none are'} stored for it`,
      );
    return basic(credentials);
  }
  throw new RegistryError(
    'unauthorized',
    `${session.ref.host} refused ${name} without a challenge this client answers`,
  );
}

/**
 * One request to the registry's API (`/v2/<name>/manifests/…` or `/v2/<name>/blobs/…`): redirects followed, the
 * Authorization sent only to the registry's own origin (a blob is commonly redirected to storage elsewhere, which gets
 * none), challenges of that origin answered.
 */
export async function registryRequest(
  session: Session,
  path: string,
  method: 'GET' | 'HEAD',
  accept: string,
  limit?: number,
): Promise<Answer> {
  let url = new URL(`${session.origin}/v2/${session.ref.repository}/${path}`);
  let redirects = 0;
  let challenges = 0;
  for (;;) {
    const headers: Record<string, string> = { Accept: accept };
    const home = url.origin === session.origin;
    if (home && session.authorization) headers.Authorization = session.authorization;
    const answer = await send(session, url, { method, headers }, method === 'GET' ? limit : undefined);
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      if (++redirects > MAX_REDIRECTS)
        throw new RegistryError('protocol', `${session.ref.host} redirected more than ${MAX_REDIRECTS} times`);
      url = redirectTarget(session, url, location);
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

function redirectTarget(session: Session, from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new RegistryError('protocol', `${session.ref.host} redirected to an invalid address`);
  }
  if (!allowedUrl(session, next))
    throw new RegistryError(
      'protocol',
      `${session.ref.host} redirected to ${next.protocol}//${next.host}, over plain HTTP or with a user in its address; refused`,
    );
  return next;
}

/** The error for a status the registry answered instead of 200. */
export function failure(session: Session, status: number, what = shown(session.ref)): RegistryError {
  if (status === 401 || status === 403)
    return new RegistryError('unauthorized', `${session.ref.host} refused access to ${what} (${status})`);
  if (status === 404) return new RegistryError('not-found', `${what} is not in ${session.ref.host}`);
  if (status === 429 || status >= 500)
    return new RegistryError('unreachable', `${session.ref.host} is unavailable for ${what} (${status})`);
  return new RegistryError('protocol', `${session.ref.host} answered ${status} for ${what}`);
}

const mediaTypeOf = (headers: Headers) => (headers.get('content-type') ?? '').split(';')[0].trim();

export const sha256Of = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/** A manifest or index as the registry sent it: its bytes, their digest and its media type. */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  body: Buffer;
}

/**
 * GET a manifest by tag or digest with the four manifest types accepted. Its digest is the sha256 of the bytes, which
 * must be the `Docker-Content-Digest` the registry sends and the digest asked for (distribution spec, "Pulling
 * manifests": a client should verify the returned manifest's digest).
 */
export async function getManifest(session: Session, reference: string): Promise<FetchedManifest> {
  const what = `${session.ref.registry}/${session.ref.repository}${reference.includes(':') ? '@' : ':'}${reference}`;
  const get = await registryRequest(session, `manifests/${reference}`, 'GET', ACCEPT, MAX_MANIFEST_BYTES);
  if (get.status !== 200) throw failure(session, get.status, what);
  const body = get.body!;
  const digest = sha256Of(body);
  const sent = get.headers.get('docker-content-digest');
  if (sent && SHA256.test(sent) && sent !== digest)
    throw new RegistryError(
      'protocol',
      `${session.ref.host} sent a manifest for ${what} whose digest is not the one it named`,
    );
  if (SHA256.test(reference) && reference !== digest)
    throw new RegistryError('protocol', `${session.ref.host} sent a manifest for ${what} with another digest`);
  let mediaType = mediaTypeOf(get.headers);
  if (!mediaType || mediaType === 'application/json') {
    try {
      const json = JSON.parse(body.toString('utf8')) as { mediaType?: unknown };
      if (typeof json.mediaType === 'string') mediaType = json.mediaType;
    } catch {
      throw new RegistryError('protocol', `${session.ref.host} sent a manifest for ${what} that is not JSON`);
    }
  }
  return { digest, mediaType, body };
}

/**
 * GET a blob (`/v2/<name>/blobs/<digest>`, distribution spec "Pulling blobs"), at most `limit` bytes, whose sha256
 * must be its digest. A redirect to storage on another origin is followed without credentials.
 */
export async function getBlob(session: Session, digest: string, limit: number): Promise<Buffer> {
  const what = `${session.ref.registry}/${session.ref.repository}@${digest}`;
  if (!SHA256.test(digest))
    throw new RegistryError('protocol', `${what}: only sha256 digests are verified, not this one`);
  const get = await registryRequest(session, `blobs/${digest}`, 'GET', '*/*', limit);
  if (get.status !== 200) throw failure(session, get.status, what);
  if (sha256Of(get.body!) !== digest)
    throw new RegistryError('protocol', `${session.ref.host} sent a blob for ${what} whose sha256 is another`);
  return get.body!;
}

/**
 * The digest `ref` points to: HEAD with the four manifest types accepted, its `Docker-Content-Digest`; where HEAD
 * gives none (or is not served), GET and the sha256 of the body, which must match the header when one is sent and
 * the reference's digest when one is written.
 */
export async function resolveDigest(
  ref: string | ImageReference,
  options: ResolveOptions = {},
): Promise<ResolvedDigest> {
  const parsed = parsedReference(ref);
  const session = openSession(parsed, options);
  const reference = parsed.digest ?? parsed.tag!;
  const digest = await headDigest(session, reference);
  if (digest) return digest;
  const got = await getManifest(session, reference);
  return { digest: got.digest, mediaType: got.mediaType };
}

/**
 * HEAD a manifest with the four types accepted: its `Docker-Content-Digest` and media type, or undefined where HEAD
 * gives no usable digest (or is not served), so the caller GETs. Refusals, not-found and outages are errors.
 */
export async function headDigest(session: Session, reference: string): Promise<ResolvedDigest | undefined> {
  const head = await registryRequest(session, `manifests/${reference}`, 'HEAD', ACCEPT);
  if (head.status === 200) {
    const digest = head.headers.get('docker-content-digest') ?? '';
    const asked = session.ref.digest;
    if (DIGEST.test(digest) && (!asked || digest === asked)) return { digest, mediaType: mediaTypeOf(head.headers) };
  } else if ([401, 403, 404, 429].includes(head.status) || head.status >= 500) throw failure(session, head.status);
  return undefined;
}

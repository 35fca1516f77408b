// Image facts (registry/fetchFacts.ts) against in-process fake registries: a single manifest and an index, platform
// selection (variants as containerd/platforms normalises them, a platform the index lacks), digest checks of every
// body, a config blob redirected to storage on another origin (which gets no Authorization), hostile bodies; and the
// facts cache (registry/cache.ts): TTL with an injected clock, a tag that moved, the disk round trip, corrupt files,
// the size cap and clear().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MEDIA_TYPES, RegistryError } from '../../server/src/registry/client';
import { fetchImageFacts, normalizePlatform, platformMatches } from '../../server/src/registry/fetchFacts';
import { cacheKey, FactsCache } from '../../server/src/registry/cache';
import { ImageFacts } from '../../server/src/registry/facts';

const sha256 = (b: string | Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json';

/** A content-addressed store: blobs and manifests by digest, tags to digests. */
class Store {
  readonly blobs = new Map<string, Buffer>();
  readonly manifests = new Map<string, { type: string; body: Buffer }>();
  readonly tags = new Map<string, string>();

  blob(content: string | Buffer) {
    const body = Buffer.from(content);
    const digest = sha256(body);
    this.blobs.set(digest, body);
    return { digest, size: body.length };
  }

  manifest(type: string, json: unknown, tag?: string) {
    const body = Buffer.from(JSON.stringify(json));
    const digest = sha256(body);
    this.manifests.set(digest, { type, body });
    if (tag) this.tags.set(tag, digest);
    return { mediaType: type, digest, size: body.length };
  }

  /** An image: its config (`config` object given) and one layer; the manifest's descriptor. */
  image(config: unknown, arch = 'amd64', tag?: string, configType = CONFIG_TYPE) {
    const cfg = this.blob(JSON.stringify({ architecture: arch, os: 'linux', created: '2026-01-02T03:04:05Z', config }));
    const layer = this.blob(Buffer.alloc(100));
    return this.manifest(
      MEDIA_TYPES.ociManifest,
      {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: configType, ...cfg },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
      },
      tag,
    );
  }
}

type Hook = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/** A registry serving `store` on 127.0.0.1; `hook` may answer a request first. */
async function serveStore(store: Store, hook?: Hook) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    if (hook?.(req, res)) return;
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(req.url ?? '');
    if (!m) return res.writeHead(404).end();
    if (m[2] === 'blobs') {
      const blob = store.blobs.get(m[3]);
      if (!blob) return res.writeHead(404).end();
      return res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(blob);
    }
    const digest = store.tags.get(m[3]) ?? m[3];
    const manifest = store.manifests.get(digest);
    if (!manifest) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': manifest.type, 'Docker-Content-Digest': digest });
    res.end(req.method === 'HEAD' ? undefined : manifest.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    host,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function protocolError(p: Promise<unknown>, pattern?: RegExp) {
  const e = await p.then(
    () => assert.fail('resolved, expected a protocol error'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof RegistryError, String(e));
  assert.equal(e.kind, 'protocol', e.message);
  if (pattern) assert.match(e.message, pattern);
  return e;
}

const CONFIG = {
  User: 'app',
  Env: ['PATH=/usr/bin'],
  ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
  Healthcheck: { Test: ['CMD', 'true'] },
};

test('containerd/platforms normalisation: arm64 is arm64/v8, amd64/v1 is amd64, arm is arm/v7', () => {
  assert.deepEqual(normalizePlatform({ os: 'Linux', architecture: 'aarch64', variant: 'v8' }), {
    os: 'linux',
    architecture: 'arm64',
  });
  assert.ok(
    platformMatches({ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
  );
  assert.ok(
    platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }),
  );
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v7' }));
  assert.ok(
    !platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm' }),
  );
  assert.ok(
    platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64', variant: 'v1' }),
  );
  assert.ok(!platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }));
});

test('a single manifest: its digest, its config facts, size = config + layers, its platform', async () => {
  const store = new Store();
  const m = store.image(CONFIG, 'amd64', '1.0');
  const s = await serveStore(store);
  try {
    const facts = await fetchImageFacts(`${s.host}/team/app:1.0`, { insecureRegistries: [s.host], now: () => 42 });
    const manifest = JSON.parse(store.manifests.get(m.digest)!.body.toString());
    assert.deepEqual(facts, {
      digest: m.digest,
      mediaType: MEDIA_TYPES.ociManifest,
      platforms: ['linux/amd64'],
      platform: 'linux/amd64',
      config: {
        user: 'app',
        healthcheck: ['CMD', 'true'],
        exposedPorts: ['8080/tcp', '53/udp'],
        env: ['PATH=/usr/bin'],
        created: '2026-01-02T03:04:05Z',
      },
      size: manifest.config.size + 100,
      fetchedAt: 42,
    });
    // a single manifest's config is read whatever the platform asked (docker pulls it)
    const arm = await fetchImageFacts(`${s.host}/team/app:1.0`, {
      insecureRegistries: [s.host],
      platform: { os: 'linux', architecture: 'arm64' },
    });
    assert.equal(arm.platform, 'linux/amd64');
    assert.equal(arm.config?.user, 'app');
  } finally {
    s.close();
  }
});

test('an index: platforms listed (attestations skipped), the platform picked by os/arch/variant, a missing one null', async () => {
  const store = new Store();
  const amd = store.image({ User: 'amd' }, 'amd64');
  const arm = store.image({ User: 'arm' }, 'arm64');
  const armv7 = store.image({ User: 'armv7' }, 'arm');
  const attestation = store.manifest(MEDIA_TYPES.ociManifest, { schemaVersion: 2, config: {}, layers: [] });
  const index = store.manifest(
    MEDIA_TYPES.ociIndex,
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        { ...amd, platform: { os: 'linux', architecture: 'amd64' } },
        { ...arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { ...armv7, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
        { ...attestation, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    },
    '2.0',
  );
  const s = await serveStore(store);
  const get = (platform?: { os: string; architecture: string; variant?: string }) =>
    fetchImageFacts(`${s.host}/team/app:2.0`, { insecureRegistries: [s.host], ...(platform ? { platform } : {}) });
  try {
    const def = await get();
    assert.equal(def.digest, index.digest, "the tag's digest is the index's");
    assert.equal(def.mediaType, MEDIA_TYPES.ociIndex);
    assert.deepEqual(def.platforms, ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
    assert.equal(def.platform, 'linux/amd64');
    assert.equal(def.config?.user, 'amd');
    const a64 = await get({ os: 'linux', architecture: 'arm64' });
    assert.equal(a64.platform, 'linux/arm64/v8', 'linux/arm64 matches arm64/v8');
    assert.equal(a64.config?.user, 'arm');
    assert.equal((await get({ os: 'linux', architecture: 'arm', variant: 'v7' })).config?.user, 'armv7');
    const none = await get({ os: 'linux', architecture: 's390x' });
    assert.equal(none.platform, null);
    assert.equal(none.config, null);
    assert.equal(none.size, null);
    assert.equal(none.digest, index.digest);
    assert.equal(none.platforms.length, 3);
  } finally {
    s.close();
  }
});

test('an artifact whose config is not an image config: config null, no blob fetched', async () => {
  const store = new Store();
  store.image({ User: 'x' }, 'amd64', 'sig', 'application/vnd.example.signature.v1+json');
  const s = await serveStore(store);
  try {
    const facts = await fetchImageFacts(`${s.host}/team/app:sig`, { insecureRegistries: [s.host] });
    assert.equal(facts.config, null);
    assert.ok(!s.requests.some((r) => r.url?.includes('/blobs/')));
  } finally {
    s.close();
  }
});

test('digests are verified: a manifest, a platform manifest or a config whose sha256 is another is a protocol error', async () => {
  const store = new Store();
  const m = store.image(CONFIG, 'amd64', '1.0');
  store.manifest(
    MEDIA_TYPES.ociIndex,
    { schemaVersion: 2, manifests: [{ ...m, platform: { os: 'linux', architecture: 'amd64' } }] },
    '2.0',
  );
  const manifest = JSON.parse(store.manifests.get(m.digest)!.body.toString());
  let tamper: 'none' | 'tag' | 'platform' | 'config' = 'none';
  const s = await serveStore(store, (req, res) => {
    if (tamper === 'tag' && req.url?.endsWith('/manifests/1.0')) {
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest, 'Docker-Content-Digest': m.digest });
      res.end(JSON.stringify({ ...manifest, annotations: { x: 'y' } }));
      return true;
    }
    if (tamper === 'platform' && req.url?.endsWith(`/manifests/${m.digest}`)) {
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest });
      res.end(JSON.stringify({ ...manifest, annotations: { x: 'y' } }));
      return true;
    }
    if (tamper === 'config' && req.url?.includes('/blobs/')) {
      res.writeHead(200).end(JSON.stringify({ config: { User: 'root' } }));
      return true;
    }
    return false;
  });
  const options = { insecureRegistries: [s.host] };
  try {
    assert.equal((await fetchImageFacts(`${s.host}/team/app:2.0`, options)).config?.user, 'app');
    tamper = 'tag';
    await protocolError(fetchImageFacts(`${s.host}/team/app:1.0`, options), /digest is not the one it named/);
    tamper = 'platform';
    await protocolError(fetchImageFacts(`${s.host}/team/app:2.0`, options), /with another digest/);
    tamper = 'config';
    await protocolError(fetchImageFacts(`${s.host}/team/app:1.0`, options), /sha256 is another/);
  } finally {
    s.close();
  }
});

test('a config blob redirected to storage on another origin: followed without the Authorization', async () => {
  const store = new Store();
  store.image(CONFIG, 'amd64', '1.0');
  const storage = await serveStore(store, (req, res) => {
    const digest = /^\/storage\/(.+)$/.exec(req.url ?? '')?.[1];
    if (!digest) return false;
    res.writeHead(200).end(store.blobs.get(digest));
    return true;
  });
  const good = `Basic ${Buffer.from('u:pw').toString('base64')}`;
  const s = await serveStore(store, (req, res) => {
    if (req.headers.authorization !== good) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"' }).end();
      return true;
    }
    const blob = /\/blobs\/(.+)$/.exec(req.url ?? '')?.[1];
    if (!blob) return false;
    res.writeHead(307, { Location: `http://${storage.host}/storage/${blob}` }).end();
    return true;
  });
  try {
    const facts = await fetchImageFacts(`${s.host}/team/app:1.0`, {
      insecureRegistries: [s.host, storage.host],
      dockerConfig: { auths: { [s.host]: { username: 'u', password: 'pw' } } },
    });
    assert.equal(facts.config?.user, 'app');
    assert.equal(storage.requests.length, 1);
    assert.equal(storage.requests[0].headers.authorization, undefined, 'no credentials to another origin');
    assert.ok(s.requests.some((r) => r.url?.includes('/blobs/') && r.headers.authorization === good));
  } finally {
    s.close();
    storage.close();
  }
});

test('hostile bodies: non-JSON, wrong types, oversized config, huge bodies are protocol errors, never a crash', async () => {
  const store = new Store();
  let serve: { type: string; body: Buffer | string } | undefined;
  let blobOverride: Buffer | undefined;
  const s = await serveStore(store, (req, res) => {
    if (blobOverride && req.url?.includes('/blobs/')) {
      res.writeHead(200).end(blobOverride);
      return true;
    }
    if (!serve || !req.url?.endsWith('/manifests/x')) return false;
    res.writeHead(200, { 'Content-Type': serve.type }).end(serve.body);
    return true;
  });
  const get = () => fetchImageFacts(`${s.host}/team/app:x`, { insecureRegistries: [s.host] });
  const manifestWith = (config: unknown, layers: unknown = []) =>
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers });
  try {
    for (const body of [
      'not json',
      '[1,2]',
      '"text"',
      manifestWith(undefined),
      manifestWith({ mediaType: CONFIG_TYPE, digest: 'sha256:xyz', size: 1 }),
      manifestWith({ mediaType: CONFIG_TYPE, digest: sha256('a'), size: -1 }),
      manifestWith({ mediaType: CONFIG_TYPE, digest: sha256('a'), size: '1' }),
      manifestWith({ mediaType: CONFIG_TYPE, digest: sha256('a'), size: 1 }, 'layers'),
      manifestWith({ mediaType: CONFIG_TYPE, digest: sha256('a'), size: 1 }, [{ size: 1 }]),
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: {} }),
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [null] }),
    ]) {
      serve = { type: MEDIA_TYPES.ociManifest, body };
      await protocolError(get());
    }
    serve = { type: MEDIA_TYPES.ociManifest, body: Buffer.alloc(5 * 1024 * 1024, 32) };
    await protocolError(get(), /more than/);
    // a config listed larger than the cap is refused before it is fetched
    serve = {
      type: MEDIA_TYPES.ociManifest,
      body: manifestWith({ mediaType: CONFIG_TYPE, digest: sha256('a'), size: 2e6 }),
    };
    await protocolError(get(), /refused/);
    // a config blob of the wrong shape, or larger than it said
    for (const config of [
      'not json',
      JSON.stringify({ config: { User: 0 } }),
      JSON.stringify({ config: { Env: 'PATH=/' } }),
      JSON.stringify({ config: { Healthcheck: { Test: 'CMD true' } } }),
      JSON.stringify({ config: { ExposedPorts: ['80/tcp'] } }),
      JSON.stringify({ config: [], created: 1 }),
      JSON.stringify({ created: 5 }),
      Buffer.alloc(1024 * 1024 + 1, 32),
    ]) {
      const blob = Buffer.from(config);
      blobOverride = blob;
      serve = {
        type: MEDIA_TYPES.ociManifest,
        body: manifestWith({ mediaType: CONFIG_TYPE, digest: sha256(blob), size: 10 }),
      };
      await protocolError(get());
    }
    // a config without a `config` object is valid: an image that sets nothing (root, no healthcheck)
    blobOverride = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux' }));
    serve = {
      type: MEDIA_TYPES.ociManifest,
      body: manifestWith({ mediaType: CONFIG_TYPE, digest: sha256(blobOverride), size: 10 }),
    };
    assert.deepEqual((await get()).config, { user: '', healthcheck: null, exposedPorts: [], env: [], created: null });
  } finally {
    s.close();
  }
});

const facts = (digest: string, fetchedAt: number, user = 'app'): ImageFacts => ({
  digest,
  mediaType: MEDIA_TYPES.ociManifest,
  platforms: ['linux/amd64'],
  platform: 'linux/amd64',
  config: { user, healthcheck: null, exposedPorts: ['80/tcp'], env: ['A=1'], created: null },
  size: 10,
  fetchedAt,
});
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

test('cacheKey: normalised name, tag or digest, platform', () => {
  assert.equal(cacheKey('nginx:1.27'), 'docker.io/library/nginx:1.27#linux/amd64');
  assert.equal(cacheKey('nginx'), 'docker.io/library/nginx:latest#linux/amd64');
  assert.equal(
    cacheKey('ghcr.io/o/a:1', { os: 'linux', architecture: 'aarch64', variant: 'v8' }),
    'ghcr.io/o/a:1#linux/arm64',
  );
  assert.equal(cacheKey(`nginx:1@${D1}`), `docker.io/library/nginx@${D1}#linux/amd64`);
  assert.equal(cacheKey('not a ref'), undefined);
});

test('FactsCache in memory: TTL with an injected clock, allowStale, a tag that moved keeps previousDigest', () => {
  let now = 1000;
  const cache = new FactsCache({ ttlMs: 100, now: () => now });
  assert.equal(cache.get('nginx:1'), undefined);
  assert.equal(cache.put('nginx:1', facts(D1, now)).previousDigest, undefined);
  assert.equal(cache.get('nginx:1')?.config?.user, 'app');
  assert.equal(cache.get('docker.io/library/nginx:1#linux/amd64')?.digest, D1, 'the key itself works too');
  now += 101;
  assert.equal(cache.get('nginx:1'), undefined, 'stale after the TTL');
  assert.equal(cache.get('nginx:1', { allowStale: true })?.digest, D1);
  const moved = cache.put('nginx:1', facts(D2, now, 'other'));
  assert.equal(moved.previousDigest, D1);
  assert.equal(cache.get('nginx:1')?.previousDigest, D1);
  assert.equal(cache.put('nginx:1', facts(D2, now)).previousDigest, D1, 'kept until the tag moves again');
  assert.equal(cache.put('nginx:1', facts(D3, now)).previousDigest, D2);
  // a digest reference never goes stale
  cache.put(`nginx@${D1}`, facts(D1, now));
  now += 1e9;
  assert.equal(cache.get(`nginx@${D1}`)?.digest, D1);
  cache.clear();
  assert.equal(cache.get(`nginx@${D1}`), undefined);
});

test('FactsCache on disk: round trip, atomic files named by digest, corrupt files ignored, cap, clear()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-facts-'));
  try {
    let now = 5000;
    const first = new FactsCache({ dir, now: () => now });
    first.put('ghcr.io/o/a:1', facts(D1, now));
    first.put('ghcr.io/o/a:1', facts(D2, now));
    const files = fs.readdirSync(path.join(dir, 'facts')).sort();
    assert.deepEqual(files, [`sha256-${'1'.repeat(64)}.linux-amd64.json`, `sha256-${'2'.repeat(64)}.linux-amd64.json`]);
    assert.ok(!fs.readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temporary file left');
    const second = new FactsCache({ dir, now: () => now });
    assert.deepEqual(second.get('ghcr.io/o/a:1'), { ...facts(D2, 5000), previousDigest: D1 });
    // a damaged facts file: absent; a damaged tags index: empty
    fs.writeFileSync(path.join(dir, 'facts', files[1]), '{"digest": 3');
    assert.equal(new FactsCache({ dir }).get('ghcr.io/o/a:1'), undefined);
    fs.writeFileSync(path.join(dir, 'facts', files[1]), JSON.stringify({ ...facts(D1, 0), fetchedAt: undefined }));
    assert.equal(new FactsCache({ dir }).get('ghcr.io/o/a:1'), undefined, 'a file whose digest is another');
    fs.writeFileSync(path.join(dir, 'tags.json'), 'garbage');
    assert.equal(new FactsCache({ dir }).get('ghcr.io/o/a:1'), undefined);
    fs.writeFileSync(path.join(dir, 'tags.json'), JSON.stringify({ version: 1, tags: { x: 5, y: { digest: 1 } } }));
    assert.equal(new FactsCache({ dir }).get('x'), undefined);
    fs.writeFileSync(path.join(dir, 'tags.json'), Buffer.alloc(5 * 1024 * 1024, 32));
    assert.equal(new FactsCache({ dir }).get('ghcr.io/o/a:1'), undefined, 'oversized: ignored');
    // the cap: the least recently stored tags go, with the files only they pointed to
    const capped = new FactsCache({ dir, maxEntries: 2, now: () => now });
    capped.clear();
    capped.put('a:1', facts(D1, now));
    capped.put('b:1', facts(D2, now));
    capped.put('c:1', facts(D3, now));
    assert.equal(capped.get('a:1'), undefined);
    assert.equal(capped.get('c:1')?.digest, D3);
    assert.equal(fs.readdirSync(path.join(dir, 'facts')).length, 2);
    const reread = new FactsCache({ dir, now: () => now });
    assert.equal(reread.get('a:1'), undefined);
    assert.equal(reread.get('b:1')?.digest, D2);
    // clear(): memory and disk
    reread.clear();
    assert.equal(reread.get('b:1'), undefined);
    assert.equal(new FactsCache({ dir }).get('b:1'), undefined);
    assert.ok(!fs.existsSync(path.join(dir, 'tags.json')));
    now++;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('FactsCache with a folder it cannot write: memory only, no throw', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-facts-'));
  try {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const cache = new FactsCache({ dir: file });
    assert.equal(cache.put('a:1', facts(D1, 0)).digest, D1);
    assert.equal(cache.get('a:1', { allowStale: true })?.digest, D1);
    cache.clear();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('known facts: an unchanged tag costs one HEAD; a tag that moved is read again', async () => {
  const store = new Store();
  store.image(CONFIG, 'amd64', '1.0');
  const s = await serveStore(store);
  const cache = new FactsCache();
  const ref = `${s.host}/team/app:1.0`;
  const options = { insecureRegistries: [s.host], known: cache.byDigest.bind(cache) };
  try {
    const first = cache.put(ref, await fetchImageFacts(ref, { ...options, now: () => 1 }));
    assert.equal(first.config?.user, 'app');
    const before = s.requests.length;
    const second = await fetchImageFacts(ref, { ...options, now: () => 2 });
    assert.deepEqual(
      s.requests.slice(before).map((r) => r.method),
      ['HEAD'],
    );
    assert.deepEqual(second, { ...first, fetchedAt: 2 });
    assert.equal(cache.byDigest(first.digest, { os: 'linux', architecture: 'arm64' }), undefined, 'per platform');
    store.image({ User: 'moved' }, 'amd64', '1.0');
    const third = cache.put(ref, await fetchImageFacts(ref, options));
    assert.equal(third.config?.user, 'moved');
    assert.equal(third.previousDigest, first.digest);
  } finally {
    s.close();
  }
});

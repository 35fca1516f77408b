// The registry client against a real registry (CNCF distribution's `docker-registry`, Debian's package) on
// 127.0.0.1: images pushed with skopeo from an OCI layout written here, without and with htpasswd Basic auth, a
// single manifest and a multi-platform index. The digest must be the registry's own: the sha256 of the manifest bytes
// `skopeo inspect --raw` reads from it. Token auth too: the registry's `auth: token` mode trusts a certificate made
// here with openssl, and an in-process token service signs the JWTs it checks (distribution registry/auth/token).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MEDIA_TYPES, RegistryError, ResolveOptions, resolveDigest } from '../../server/src/registry/client';
import { fetchImageFacts } from '../../server/src/registry/fetchFacts';
import { skipUnlessAvailable } from '../tiers.mjs';
import { moveTag, push, selfSignedCert, skopeo, startRegistry, stop } from './registry-helpers';
import { FactsCache } from '../../server/src/registry/cache';

// Skipped, naming the apt-get command, where the tools are missing; under CI=true it runs and fails instead.
const tier = skipUnlessAvailable('Real registry');
const skip = tier.skip;

/** The facts of tags 1.0 (a manifest) and 2.0 (an index) as the layout of registry-helpers.ts writes them. */
async function assertFacts(
  host: string,
  options: ResolveOptions,
  want: { single: string; index: string },
  creds: string[] = [],
) {
  const config = { user: '1000', healthcheck: ['CMD', 'true'], exposedPorts: ['8080/tcp'], env: [], created: null };
  const single = await fetchImageFacts(`${host}/team/app:1.0`, options);
  assert.equal(single.digest, want.single);
  assert.equal(single.mediaType, MEDIA_TYPES.ociManifest);
  assert.deepEqual(single.platforms, ['linux/amd64']);
  assert.equal(single.platform, 'linux/amd64');
  assert.deepEqual(single.config, config);
  // skopeo compresses the layer on the way: the size is the one the registry's manifest lists
  const raw = JSON.parse(
    (await skopeo(['inspect', '--raw', '--tls-verify=false', ...creds, `docker://${host}/team/app:1.0`])).toString(),
  ) as { config: { size: number }; layers: { size: number }[] };
  assert.equal(single.size, raw.config.size + raw.layers.reduce((n, l) => n + l.size, 0));
  const index = await fetchImageFacts(`${host}/team/app:2.0`, options);
  assert.equal(index.digest, want.index);
  assert.equal(index.mediaType, MEDIA_TYPES.ociIndex);
  assert.deepEqual(index.platforms, ['linux/amd64', 'linux/arm64']);
  assert.deepEqual(index.config, config);
  const arm = await fetchImageFacts(`${host}/team/app:2.0`, {
    ...options,
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  });
  assert.equal(arm.platform, 'linux/arm64', 'arm64/v8 asked, the index entry says arm64');
  const none = await fetchImageFacts(`${host}/team/app:2.0`, {
    ...options,
    platform: { os: 'linux', architecture: 's390x' },
  });
  assert.equal(none.config, null);
}

async function kindOf(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  assert.ok(e instanceof RegistryError, `expected a RegistryError, got ${e}`);
  return e.kind;
}

test(
  "a real registry without auth: manifest and index digests are the registry's; unknown tag is not-found",
  { skip },
  async () => {
    if (tier.missing) assert.fail(tier.missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-registry-'));
    const { host, child } = await startRegistry(dir);
    try {
      const want = await push(dir, host);
      const options = { insecureRegistries: [host] };
      assert.deepEqual(await resolveDigest(`${host}/team/app:1.0`, options), {
        digest: want.single,
        mediaType: MEDIA_TYPES.ociManifest,
      });
      assert.deepEqual(await resolveDigest(`${host}/team/app:2.0`, options), {
        digest: want.index,
        mediaType: MEDIA_TYPES.ociIndex,
      });
      assert.equal((await resolveDigest(`${host}/team/app@${want.index}`, options)).digest, want.index);
      assert.equal(await kindOf(resolveDigest(`${host}/team/app:9.9`, options)), 'not-found');
      await assertFacts(host, options, want);
      assert.equal(await kindOf(fetchImageFacts(`${host}/team/app:9.9`, options)), 'not-found');
      assert.equal(await kindOf(resolveDigest(`${host}/team/other:1.0`, options)), 'not-found');
    } finally {
      await stop(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'a real registry with htpasswd Basic auth: stored credentials by host; none or wrong ones are unauthorized',
  { skip },
  async () => {
    if (tier.missing) assert.fail(tier.missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-registry-'));
    const user = { name: 'ci-user', password: 'Real-Pa55word' };
    const { host, child } = await startRegistry(dir, user);
    try {
      const want = await push(dir, host, `${user.name}:${user.password}`);
      const auth = Buffer.from(`${user.name}:${user.password}`).toString('base64');
      const options = { insecureRegistries: [host], dockerConfig: { auths: { [host]: { auth } } } };
      assert.deepEqual(await resolveDigest(`${host}/team/app:1.0`, options), {
        digest: want.single,
        mediaType: MEDIA_TYPES.ociManifest,
      });
      assert.deepEqual(await resolveDigest(`${host}/team/app:2.0`, options), {
        digest: want.index,
        mediaType: MEDIA_TYPES.ociIndex,
      });
      assert.equal(await kindOf(resolveDigest(`${host}/team/app:1.0`, { insecureRegistries: [host] })), 'unauthorized');
      await assertFacts(host, options, want, ['--creds', `${user.name}:${user.password}`]);
      assert.equal(
        await kindOf(fetchImageFacts(`${host}/team/app:1.0`, { insecureRegistries: [host] })),
        'unauthorized',
      );
      const wrong = await resolveDigest(`${host}/team/app:1.0`, {
        insecureRegistries: [host],
        dockerConfig: { auths: { [host]: { username: user.name, password: 'not-it' } } },
      }).catch((e) => e);
      assert.equal(wrong.kind, 'unauthorized');
      assert.ok(!wrong.message.includes('not-it'), wrong.message);
      // credentials stored for another port of the same host are not this registry's
      const port = Number(host.split(':')[1]);
      const elsewhere = { auths: { [`127.0.0.1:${port + 1}`]: { auth } } };
      assert.equal(
        await kindOf(resolveDigest(`${host}/team/app:1.0`, { insecureRegistries: [host], dockerConfig: elsewhere })),
        'unauthorized',
      );
    } finally {
      await stop(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

/**
 * A token service as distribution's token auth expects (registry/auth/token/token.go): an RS256 JWT whose `x5c`
 * header holds a certificate in the registry's rootcertbundle, `iss`/`aud` the configured issuer and service, and
 * `access` the granted actions per scope. It grants only to `user`'s Basic credentials.
 */
async function tokenService(dir: string, user: { name: string; password: string }) {
  const { key, cert } = selfSignedCert(dir, 'token', '/CN=bulkhead-test-token');
  const der = fs.readFileSync(cert, 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
  const privateKey = fs.readFileSync(key, 'utf8');
  const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    const url = new URL(req.url, 'http://x');
    if (req.headers.authorization !== `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return res.end('{"details":"no"}');
    }
    const access = url.searchParams.getAll('scope').map((scope) => {
      const first = scope.indexOf(':');
      const last = scope.lastIndexOf(':');
      return {
        type: scope.slice(0, first),
        name: scope.slice(first + 1, last),
        actions: scope.slice(last + 1).split(','),
      };
    });
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der] }));
    const claims = b64url(
      JSON.stringify({
        iss: 'bulkhead-test-issuer',
        sub: user.name,
        aud: url.searchParams.get('service'),
        exp: now + 600,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = b64url(sign('RSA-SHA256', Buffer.from(`${head}.${claims}`), privateKey));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token: `${head}.${claims}.${signature}`, expires_in: 600 }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const authYaml =
    `auth:\n  token:\n    realm: http://${host}/token\n    service: bulkhead-registry\n` +
    `    issuer: bulkhead-test-issuer\n    rootcertbundle: ${cert}\n`;
  return {
    host,
    authYaml,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

test(
  'a real registry with token auth: the bearer flow with stored credentials; without them the token service refuses',
  { skip },
  async () => {
    if (tier.missing) assert.fail(tier.missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-registry-'));
    const user = { name: 'token-user', password: 'T0ken-Pa55' };
    const tokens = await tokenService(dir, user);
    let registry: ChildProcess | undefined;
    try {
      const started = await startRegistry(dir, undefined, tokens.authYaml);
      registry = started.child;
      const host = started.host;
      const want = await push(dir, host, `${user.name}:${user.password}`);
      const auth = Buffer.from(`${user.name}:${user.password}`).toString('base64');
      // the token service is on the registry's host (another port) and is spoken to over plain HTTP: listed as insecure
      const insecureRegistries = [host, tokens.host];
      const before = tokens.requests.length;
      assert.deepEqual(
        await resolveDigest(`${host}/team/app:2.0`, {
          insecureRegistries,
          dockerConfig: { auths: { [host]: { auth } } },
        }),
        {
          digest: want.index,
          mediaType: MEDIA_TYPES.ociIndex,
        },
      );
      const asked = tokens.requests.slice(before);
      assert.equal(asked.length, 1);
      const q = new URL(asked[0].url, 'http://x').searchParams;
      assert.equal(q.get('service'), 'bulkhead-registry');
      assert.equal(q.get('scope'), 'repository:team/app:pull');
      await assertFacts(host, { insecureRegistries, dockerConfig: { auths: { [host]: { auth } } } }, want, [
        '--creds',
        `${user.name}:${user.password}`,
      ]);
      assert.equal(await kindOf(fetchImageFacts(`${host}/team/app:2.0`, { insecureRegistries })), 'unauthorized');
      const anonymous = await resolveDigest(`${host}/team/app:2.0`, { insecureRegistries }).catch((e) => e);
      assert.equal(anonymous.kind, 'unauthorized');
      assert.match(anonymous.message, /refused anonymous access/);
      // a token service over plain HTTP that is not listed as insecure gets nothing
      assert.equal(
        await kindOf(
          resolveDigest(`${host}/team/app:2.0`, {
            insecureRegistries: [host],
            dockerConfig: { auths: { [host]: { auth } } },
          }),
        ),
        'protocol',
      );
    } finally {
      if (registry) await stop(registry);
      tokens.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a real registry, a tag that moved: the facts cache gives the digest it pointed to before', { skip }, async () => {
  if (tier.missing) assert.fail(tier.missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-registry-'));
  const { host, child } = await startRegistry(dir);
  try {
    const want = await push(dir, host);
    const options = { insecureRegistries: [host] };
    const cache = new FactsCache({ dir: path.join(dir, 'cache') });
    const ref = `${host}/team/app:1.0`;
    const first = cache.put(ref, await fetchImageFacts(ref, options));
    assert.equal(first.digest, want.single);
    assert.equal(first.previousDigest, undefined);
    const moved = await moveTag(dir, host);
    assert.notEqual(moved, want.single);
    const second = cache.put(ref, await fetchImageFacts(ref, options));
    assert.equal(second.digest, moved);
    assert.equal(second.previousDigest, want.single);
    assert.equal(second.config?.user, '1001');
    // another process reading the same folder sees the move too
    const reread = new FactsCache({ dir: path.join(dir, 'cache') }).get(ref);
    assert.equal(reread?.previousDigest, want.single);
    assert.equal(reread?.config?.user, '1001');
  } finally {
    await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

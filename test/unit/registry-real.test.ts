// The registry client against a real registry (CNCF distribution's `docker-registry`, Debian's package) on
// 127.0.0.1: images pushed with skopeo from an OCI layout written here, without and with htpasswd Basic auth, a
// single manifest and a multi-platform index. The digest must be the registry's own: the sha256 of the manifest bytes
// `skopeo inspect --raw` reads from it. Token auth against the real registry is not covered here (in-process servers
// in registry-client.test.ts cover the bearer flow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MEDIA_TYPES, RegistryError, resolveDigest } from '../../server/src/registry/client';
import { skipUnlessAvailable } from '../tiers.mjs';

// Skipped, naming the apt-get command, where the tools are missing; under CI=true it runs and fails instead.
const tier = skipUnlessAvailable('Real registry');
const skip = tier.skip;

const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Starts a registry in `dir` (with htpasswd Basic auth when `user` is given); its host once it listens. */
async function startRegistry(dir: string, user?: { name: string; password: string }) {
  let auth = '';
  if (user) {
    const line = spawnSync('htpasswd', ['-Bbn', user.name, user.password], { encoding: 'utf8' });
    assert.equal(line.status, 0, line.stderr);
    fs.writeFileSync(path.join(dir, 'htpasswd'), line.stdout);
    auth = `auth:\n  htpasswd:\n    realm: test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  }
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\n` +
      `http:\n  addr: 127.0.0.1:0\n  secret: bulkhead-test\n${auth}`,
  );
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const host = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`docker-registry exited (${code}) before listening:\n${log}`)));
  });
  return { host, child };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}

/** Writes an OCI layout: one image per architecture; tag `1.0` is the amd64 manifest, `2.0` an index of all. */
function writeLayout(dir: string, architectures: string[]) {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const blob = (content: Buffer | string) => {
    const digest = sha256(content);
    fs.writeFileSync(path.join(blobs, digest.slice('sha256:'.length)), content);
    return { digest, size: Buffer.byteLength(content) };
  };
  const layer = blob(Buffer.alloc(1024)); // an empty tar archive: two zero blocks
  const manifests = architectures.map((architecture) => {
    const config = blob(
      JSON.stringify({
        architecture,
        os: 'linux',
        config: { User: '1000', ExposedPorts: { '8080/tcp': {} }, Healthcheck: { Test: ['CMD', 'true'] } },
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    );
    const manifest = blob(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
      }),
    );
    return { mediaType: MEDIA_TYPES.ociManifest, ...manifest, platform: { architecture, os: 'linux' } };
  });
  const index = blob(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }));
  const ref = (name: string) => ({ 'org.opencontainers.image.ref.name': name });
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { ...manifests[0], annotations: ref('1.0') },
        { mediaType: MEDIA_TYPES.ociIndex, ...index, annotations: ref('2.0') },
      ],
    }),
  );
}

function skopeo(args: string[]) {
  const r = spawnSync('skopeo', ['--insecure-policy', ...args], { timeout: 120_000 });
  assert.equal(r.status, 0, `skopeo ${args.join(' ')}: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** Pushes tags 1.0 (a manifest) and 2.0 (an index, --all) and returns the digests the registry holds for them. */
function push(dir: string, host: string, creds?: string) {
  const layout = path.join(dir, 'oci');
  writeLayout(layout, ['amd64', 'arm64']);
  const dest = creds ? ['--dest-creds', creds] : [];
  const src = creds ? ['--creds', creds] : [];
  skopeo(['copy', '--dest-tls-verify=false', ...dest, `oci:${layout}:1.0`, `docker://${host}/team/app:1.0`]);
  skopeo(['copy', '--all', '--dest-tls-verify=false', ...dest, `oci:${layout}:2.0`, `docker://${host}/team/app:2.0`]);
  const raw = (tag: string) =>
    skopeo(['inspect', '--raw', '--tls-verify=false', ...src, `docker://${host}/team/app:${tag}`]);
  return { single: sha256(raw('1.0')), index: sha256(raw('2.0')) };
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
      const want = push(dir, host);
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
      const want = push(dir, host, `${user.name}:${user.password}`);
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

// A real registry for tests (CNCF distribution's `docker-registry`, Debian's package) on 127.0.0.1, and images pushed
// to it with skopeo from an OCI layout written here. Used by registry-real.test.ts and cli-pin.test.ts.
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { MEDIA_TYPES } from '../../server/src/registry/client';

export const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/**
 * Starts a registry in `dir` (with htpasswd Basic auth when `user` is given, or with the `auth:` section `authYaml`);
 * its host once it listens.
 */
export async function startRegistry(dir: string, user?: { name: string; password: string }, authYaml = '') {
  let auth = authYaml;
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

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}

/**
 * Writes an OCI layout: one image per architecture (running as `user`); tag `1.0` is the amd64 manifest, `2.0` an
 * index of all.
 */
export function writeLayout(dir: string, architectures: string[], user = '1000') {
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
        config: { User: user, ExposedPorts: { '8080/tcp': {} }, Healthcheck: { Test: ['CMD', 'true'] } },
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

/** Runs skopeo without blocking (the token service answering it lives in this process); its stdout. */
export async function skopeo(args: string[]): Promise<Buffer> {
  const child = spawn('skopeo', ['--insecure-policy', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const [code] = await once(child, 'close');
  assert.equal(code, 0, `skopeo ${args.join(' ')}: ${Buffer.concat(err).toString()}`);
  return Buffer.concat(out);
}

/** Pushes tags 1.0 (a manifest) and 2.0 (an index, --all) and returns the digests the registry holds for them. */
export async function push(dir: string, host: string, creds?: string) {
  const layout = path.join(dir, 'oci');
  writeLayout(layout, ['amd64', 'arm64']);
  const dest = creds ? ['--dest-creds', creds] : [];
  const src = creds ? ['--creds', creds] : [];
  await skopeo(['copy', '--dest-tls-verify=false', ...dest, `oci:${layout}:1.0`, `docker://${host}/team/app:1.0`]);
  await skopeo([
    'copy',
    '--all',
    '--dest-tls-verify=false',
    ...dest,
    `oci:${layout}:2.0`,
    `docker://${host}/team/app:2.0`,
  ]);
  const raw = (tag: string) =>
    skopeo(['inspect', '--raw', '--tls-verify=false', ...src, `docker://${host}/team/app:${tag}`]);
  return { single: sha256(await raw('1.0')), index: sha256(await raw('2.0')) };
}

/** Pushes another image (User 1001) to tag 1.0, as a tag that moves; the digest the registry now holds for it. */
export async function moveTag(dir: string, host: string, creds?: string) {
  const layout = path.join(dir, 'oci-moved');
  writeLayout(layout, ['amd64'], '1001');
  const dest = creds ? ['--dest-creds', creds] : [];
  const src = creds ? ['--creds', creds] : [];
  await skopeo(['copy', '--dest-tls-verify=false', ...dest, `oci:${layout}:1.0`, `docker://${host}/team/app:1.0`]);
  return sha256(await skopeo(['inspect', '--raw', '--tls-verify=false', ...src, `docker://${host}/team/app:1.0`]));
}

/** A self-signed certificate and its key, made with openssl in `dir` (`name`.crt, `name`.key); extra `-addext` values. */
export function selfSignedCert(dir: string, name: string, subject: string, ...extensions: string[]) {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  const made = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'],
      ...['-subj', subject, ...extensions.flatMap((e) => ['-addext', e])],
    ],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  return { key, cert };
}

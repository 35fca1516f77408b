// Credentials from the Docker config (registry/dockerConfig.ts): credential helpers run only when the caller opts in,
// by the docker-credential-helpers protocol (`docker-credential-<name> get`, the server URL on stdin, {ServerURL,
// Username, Secret} on stdout; Username `<token>` is an identity token); a fake helper is a shell script written
// here into a temporary folder put first on PATH. And the identity token exchanged at the token service by the OAuth2
// refresh_token grant (distribution internal/client/auth/session.go fetchTokenWithOAuth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MEDIA_TYPES, RegistryError, resolveDigest } from '../../server/src/registry/client';
import {
  credentialSource,
  helperFor,
  readDockerConfig,
  runCredentialHelper,
} from '../../server/src/registry/dockerConfig';

/** A folder with `docker-credential-<name>` scripts; `env` has it first on PATH; `asked(name)` what stdin it got. */
function helpers(scripts: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-helpers-'));
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(dir, `docker-credential-${name}`);
    // each run records its arguments and stdin beside it, then does what the test says
    fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$*" > "$0.args"\ncat > "$0.stdin"\n${body}\n`, { mode: 0o755 });
  }
  const read = (name: string, ext: string) => {
    const file = path.join(dir, `docker-credential-${name}.${ext}`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  };
  return {
    env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    asked: (name: string) => read(name, 'stdin'),
    args: (name: string) => read(name, 'args'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const SECRET = 'Sup3r-Secret-Value';

test('runCredentialHelper: get with the server URL on stdin; Username/Secret, <token>, not found, failures', async () => {
  const h = helpers({
    test: `printf '{"ServerURL":"x","Username":"robot","Secret":"${SECRET}"}'`,
    token: `printf '{"ServerURL":"x","Username":"<token>","Secret":"refresh-abc"}'`,
    none: `echo "credentials not found in native keychain"; exit 1`,
    broken: `echo "error: ${SECRET} leaked"; exit 3`,
    garbage: `echo "${SECRET}"`,
    big: `head -c 100000 /dev/zero`,
    hang: `exec tail -f /dev/null`,
  });
  const env = h.env;
  try {
    assert.deepEqual(await runCredentialHelper('test', 'registry.example:5000', { env }), {
      username: 'robot',
      password: SECRET,
    });
    assert.equal(h.asked('test'), 'registry.example:5000');
    assert.equal(h.args('test'), 'get\n');
    assert.deepEqual(await runCredentialHelper('token', 'ghcr.io', { env }), {
      username: '',
      password: '',
      identityToken: 'refresh-abc',
    });
    assert.equal(await runCredentialHelper('none', 'ghcr.io', { env }), undefined);
    for (const [name, pattern] of [
      ['broken', /failed \(exit code 3\)/],
      ['garbage', /did not answer with/],
      ['big', /more than 65536 bytes/],
      ['missing', /is not on PATH/],
    ] as const) {
      const e = await runCredentialHelper(name, 'ghcr.io', { env }).catch((err: Error) => err);
      assert.ok(e instanceof Error, name);
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes(SECRET), `the message quotes the secret: ${e.message}`);
    }
    const hung = await runCredentialHelper('hang', 'ghcr.io', { env, timeoutMs: 300 }).catch((err: Error) => err);
    assert.match(String(hung), /did not answer within 300 ms/);
    for (const bad of ['../evil', 'a b', 'UPPER', 'x;rm', '']) {
      const e = await runCredentialHelper(bad, 'ghcr.io', { env }).catch((err: Error) => err);
      assert.match(String(e), /is not \[a-z0-9._-\]/, bad);
    }
  } finally {
    h.remove();
  }
});

test('helperFor and readDockerConfig: credHelpers by host beats credsStore', () => {
  const config = { credsStore: 'desktop', credHelpers: { 'ghcr.io': 'gh', 'https://index.docker.io/v1/': 'hub' } };
  assert.equal(helperFor(config, 'ghcr.io'), 'gh');
  assert.equal(helperFor(config, 'docker.io'), 'hub');
  assert.equal(helperFor(config, 'quay.io'), 'desktop');
  assert.equal(helperFor({ auths: {} }, 'quay.io'), undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-config-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: {}, credsStore: 'desktop', credHelpers: { 'ghcr.io': 'gh', bad: 5 } }),
    );
    assert.deepEqual(readDockerConfig({ DOCKER_CONFIG: dir }).config, {
      auths: {},
      credsStore: 'desktop',
      credHelpers: { 'ghcr.io': 'gh' },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [] });
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

/** A registry asking for Basic `user:SECRET`. */
async function basicRegistry(user: string) {
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`${user}:${SECRET}`).toString('base64')}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"' }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest, 'Docker-Content-Digest': DIGEST });
    res.end(req.method === 'HEAD' ? undefined : MANIFEST);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { host: `127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

test('credentialSource: the helper runs only when opted in, and only on a challenge; its credentials reach the registry', async () => {
  const h = helpers({ test: `printf '{"ServerURL":"x","Username":"robot","Secret":"${SECRET}"}'` });
  const { host, server } = await basicRegistry('robot');
  const config = { auths: {}, credsStore: 'test' };
  try {
    const off = await resolveDigest(`${host}/app:1`, {
      insecureRegistries: [host],
      credentials: credentialSource(config, { env: h.env }),
    }).catch((e: RegistryError) => e);
    assert.ok(off instanceof RegistryError && off.kind === 'unauthorized');
    assert.equal(h.asked('test'), undefined, 'not opted in: the helper never ran');
    const on = credentialSource(config, { env: h.env, useCredentialHelpers: true });
    assert.equal(
      (await resolveDigest(`${host}/app:1`, { insecureRegistries: [host], credentials: on })).digest,
      DIGEST,
    );
    assert.equal(h.asked('test'), host, 'asked for the registry host');
    // opted in but the config names no helper: auths are used
    const auths = { auths: { [host]: { username: 'robot', password: SECRET } } };
    const plain = credentialSource(auths, { env: h.env, useCredentialHelpers: true });
    assert.equal(
      (await resolveDigest(`${host}/app:1`, { insecureRegistries: [host], credentials: plain })).digest,
      DIGEST,
    );
    // Docker Hub is asked by its index URL
    await credentialSource(config, { env: h.env, useCredentialHelpers: true })('docker.io');
    assert.equal(h.asked('test'), 'https://index.docker.io/v1/');
  } finally {
    server.closeAllConnections();
    server.close();
    h.remove();
  }
});

test('a failing helper is an unauthorized error naming the helper, not the secret', async () => {
  const h = helpers({ test: `echo "${SECRET}"; exit 1` });
  const { host, server } = await basicRegistry('robot');
  try {
    const e = await resolveDigest(`${host}/app:1`, {
      insecureRegistries: [host],
      credentials: credentialSource({ credsStore: 'test' }, { env: h.env, useCredentialHelpers: true }),
    }).catch((err: RegistryError) => err);
    assert.ok(e instanceof RegistryError);
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.message, /docker-credential-test failed/);
    assert.ok(!e.message.includes(SECRET));
  } finally {
    server.closeAllConnections();
    server.close();
    h.remove();
  }
});

test('an identity token is exchanged at the token service by the OAuth2 refresh_token grant', async () => {
  const forms: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        forms.push(form);
        const ok = req.method === 'POST' && form.get('refresh_token') === 'refresh-abc';
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(ok ? JSON.stringify({ access_token: 'access-xyz', expires_in: 300 }) : '{}');
      });
      return;
    }
    if (req.headers.authorization !== 'Bearer access-xyz') {
      const port = (server.address() as { port: number }).port;
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="svc"` }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest, 'Docker-Content-Digest': DIGEST });
    res.end(req.method === 'HEAD' ? undefined : MANIFEST);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const options = {
      insecureRegistries: [host],
      dockerConfig: { auths: { [host]: { identitytoken: 'refresh-abc' } } },
    };
    assert.equal((await resolveDigest(`${host}/team/app:1`, options)).digest, DIGEST);
    const form = forms[0];
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('service'), 'svc');
    assert.equal(form.get('scope'), 'repository:team/app:pull');
    assert.ok(form.get('client_id'));
    const wrong = { ...options, dockerConfig: { auths: { [host]: { identitytoken: 'revoked' } } } };
    const e = await resolveDigest(`${host}/team/app:1`, wrong).catch((err: RegistryError) => err);
    assert.ok(e instanceof RegistryError && e.kind === 'unauthorized');
    assert.ok(!e.message.includes('revoked'));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

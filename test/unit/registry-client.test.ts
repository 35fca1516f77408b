// The registry client against in-process HTTP servers: reference normalisation (distribution/reference's
// normalize.go), challenge parsing, the bearer and Basic flows, redirects (no credentials to another origin), the
// errors (not found, refused, unreachable, a server that never answers) and that no message carries a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { parseImageReference } from '../../server/src/registry/reference';
import { parseChallenges } from '../../server/src/registry/challenge';
import {
  credentialsFor,
  RegistryError,
  resolveDigest,
  MEDIA_TYPES,
  tokenServiceMayGetCredentials,
} from '../../server/src/registry/client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, port: number) => void;

/** A server on 127.0.0.1 with its port; `close` ends it and every connection. */
async function serve(handler: Handler) {
  let port = 0;
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res, port);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
  return {
    port,
    host: `127.0.0.1:${port}`,
    requests,
    server,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [] });
const MANIFEST_DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

function manifest(res: http.ServerResponse, method: string, withDigest = true) {
  res.writeHead(200, {
    'Content-Type': MEDIA_TYPES.ociManifest,
    ...(withDigest ? { 'Docker-Content-Digest': MANIFEST_DIGEST } : {}),
  });
  res.end(method === 'HEAD' ? undefined : MANIFEST);
}

async function rejects(p: Promise<unknown>, kind: string, ...secrets: string[]): Promise<RegistryError> {
  const e = await p.then(
    () => assert.fail(`resolved, expected a ${kind} error`),
    (err) => err,
  );
  assert.ok(e instanceof RegistryError, String(e));
  assert.equal(e.kind, kind, e.message);
  for (const s of secrets) assert.ok(!e.message.includes(s), `message reveals a secret: ${e.message}`);
  return e;
}

test('parseImageReference normalises as distribution/reference does', () => {
  const r = (s: string) => {
    const p = parseImageReference(s);
    return p && `${p.registry} ${p.host} ${p.repository} ${p.tag} ${p.digest}`;
  };
  assert.equal(r('ubuntu'), 'docker.io registry-1.docker.io library/ubuntu latest null');
  assert.equal(r('ubuntu:22.04'), 'docker.io registry-1.docker.io library/ubuntu 22.04 null');
  assert.equal(r('docker.io/ubuntu'), 'docker.io registry-1.docker.io library/ubuntu latest null');
  assert.equal(r('index.docker.io/library/ubuntu:24.04'), 'docker.io registry-1.docker.io library/ubuntu 24.04 null');
  assert.equal(r('user/app:1'), 'docker.io registry-1.docker.io user/app 1 null');
  assert.equal(r('localhost:5000/x'), 'localhost:5000 localhost:5000 x latest null');
  assert.equal(r('localhost/x:2'), 'localhost localhost x 2 null');
  assert.equal(r('ghcr.io/org/app:v1'), 'ghcr.io ghcr.io org/app v1 null');
  assert.equal(r('example:5000/one'), 'example:5000 example:5000 one latest null', 'a port makes a registry');
  assert.equal(r('Registry/app'), 'registry registry app latest null', 'an upper-case first part is a host');
  const d = `sha256:${'a'.repeat(64)}`;
  assert.equal(r(`ghcr.io/org/app@${d}`), `ghcr.io ghcr.io org/app null ${d}`);
  assert.equal(r(`nginx:1.27@${d}`), `docker.io registry-1.docker.io library/nginx 1.27 ${d}`);
  for (const bad of ['', 'Ubuntu', 'a b', '{{ .image }}', 'app:', '/app']) assert.equal(r(bad), undefined, bad);
});

test('challenges: quoted commas and escapes, several challenges, unquoted values, hostile input', () => {
  const [c] = parseChallenges(
    'Bearer realm="https://auth.example/token",service="reg,istry",scope="repository:a/b:pull,push", error="x\\"y"',
  );
  assert.equal(c.scheme, 'bearer');
  assert.deepEqual(
    { ...c.params },
    {
      realm: 'https://auth.example/token',
      service: 'reg,istry',
      scope: 'repository:a/b:pull,push',
      error: 'x"y',
    },
  );
  const two = parseChallenges('Basic realm=test, Bearer REALM = "https://t/x" , service=svc');
  assert.deepEqual(
    two.map((x) => [x.scheme, { ...x.params }]),
    [
      ['basic', { realm: 'test' }],
      ['bearer', { realm: 'https://t/x', service: 'svc' }],
    ],
  );
  const proto = parseChallenges('Bearer __proto__="x",realm="r"')[0];
  assert.equal(proto.params.realm, 'r');
  assert.equal(Object.getPrototypeOf({}).x, undefined);
  for (const hostile of [
    '"'.repeat(100_000),
    '='.repeat(100_000),
    'a="'.repeat(30_000),
    ',,, =  "\\',
    'x'.repeat(100_000),
  ])
    assert.ok(Array.isArray(parseChallenges(hostile)));
  assert.deepEqual(parseChallenges(''), []);
});

test('credentialsFor: by host only, auth or username/password, Docker Hub under its index key', () => {
  const config = {
    auths: {
      'https://index.docker.io/v1/': { auth: Buffer.from('hub:hubpw').toString('base64') },
      'registry.example.com': { username: 'u', password: 'p:w' },
      'https://other.example.com/v2/': { auth: Buffer.from('o:op').toString('base64') },
      'bad.example': { auth: 'not base64 with no colon' },
    },
  };
  assert.deepEqual(credentialsFor(config, 'docker.io'), { username: 'hub', password: 'hubpw' });
  assert.deepEqual(credentialsFor(config, 'registry.example.com'), { username: 'u', password: 'p:w' });
  assert.deepEqual(credentialsFor(config, 'other.example.com'), { username: 'o', password: 'op' });
  assert.equal(credentialsFor(config, 'example.com'), undefined);
  assert.equal(credentialsFor(config, 'registry.example.com:5000'), undefined, 'another port is another registry');
  assert.equal(credentialsFor(config, 'bad.example'), undefined);
  assert.equal(credentialsFor(undefined, 'docker.io'), undefined);
  assert.equal(credentialsFor({ auths: null }, 'docker.io'), undefined);
});

test("token services that may get a registry's credentials: its host or its parent domain, never a bare TLD's", () => {
  const may = (registry: string, realm: string) => tokenServiceMayGetCredentials(registry, realm);
  assert.ok(may('registry-1.docker.io', 'auth.docker.io'));
  assert.ok(may('registry.gitlab.com', 'gitlab.com'));
  assert.ok(may('ghcr.io', 'ghcr.io'));
  assert.ok(may('x.azurecr.io', 'X.AZURECR.IO'));
  assert.ok(may('127.0.0.1', '127.0.0.1'), 'the same host, another port');
  assert.ok(!may('ghcr.io', 'evil.io'));
  assert.ok(!may('ghcr.io', 'auth.ghcr.io.evil.com'));
  assert.ok(!may('registry-1.docker.io', 'docker.io.evil.com'));
  assert.ok(!may('registry-1.docker.io', 'evildocker.io'));
  assert.ok(!may('10.0.0.5', '10.0.0.6'));
  assert.ok(!may('10.0.0.5', '0.0.5'));
  assert.ok(!may('localhost', 'evil.localhost.example'));
});

test('HEAD with Docker-Content-Digest: that digest, the four manifest types accepted, no GET', async () => {
  const s = await serve((req, res) => manifest(res, req.method));
  try {
    const got = await resolveDigest(`${s.host}/app:1.0`, { insecureRegistries: [s.host] });
    assert.deepEqual(got, { digest: MANIFEST_DIGEST, mediaType: MEDIA_TYPES.ociManifest });
    assert.deepEqual(
      s.requests.map((r) => `${r.method} ${r.url}`),
      ['HEAD /v2/app/manifests/1.0'],
    );
    for (const t of Object.values(MEDIA_TYPES)) assert.ok(s.requests[0].headers.accept.includes(t), t);
  } finally {
    s.close();
  }
});

test('HEAD without a digest falls back to GET and hashes the body; a wrong header digest is an error', async () => {
  let lie = false;
  const s = await serve((req, res) => {
    if (req.method === 'HEAD') return manifest(res, 'HEAD', false);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(lie ? { 'Docker-Content-Digest': `sha256:${'0'.repeat(64)}` } : {}),
    });
    res.end(MANIFEST);
  });
  try {
    const got = await resolveDigest(`${s.host}/app`, { insecureRegistries: [s.host] });
    assert.deepEqual(got, { digest: MANIFEST_DIGEST, mediaType: MEDIA_TYPES.ociManifest }, 'mediaType from the body');
    assert.deepEqual(
      s.requests.map((r) => `${r.method} ${r.url}`),
      ['HEAD /v2/app/manifests/latest', 'GET /v2/app/manifests/latest'],
    );
    lie = true;
    await rejects(resolveDigest(`${s.host}/app`, { insecureRegistries: [s.host] }), 'protocol');
  } finally {
    s.close();
  }
});

test('anonymous bearer flow: the challenge service (with a quoted comma) and scope reach the token service', async () => {
  const s = await serve((req, res, port) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/token') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ token: 'tok-123', access_token: 'ignored' }));
    }
    if (req.headers.authorization !== 'Bearer tok-123') {
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="reg,svc",scope="repository:team/app:pull"`,
      });
      return res.end();
    }
    manifest(res, req.method);
  });
  try {
    const got = await resolveDigest(`${s.host}/team/app:2`, { insecureRegistries: [s.host] });
    assert.equal(got.digest, MANIFEST_DIGEST);
    const token = s.requests.find((r) => r.url.startsWith('/token'));
    const q = new URL(token.url, 'http://x').searchParams;
    assert.equal(q.get('service'), 'reg,svc');
    assert.equal(q.get('scope'), 'repository:team/app:pull');
    assert.equal(token.headers.authorization, undefined, 'no credentials stored, none sent');
    assert.equal(s.requests.length, 3);
  } finally {
    s.close();
  }
});

test('bearer flow with stored credentials: Basic to the token service on the registry host; refused → unauthorized without secrets', async () => {
  let accept = true;
  const s = await serve((req, res, port) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/token') {
      const ok = accept && req.headers.authorization === `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      return res.end(ok ? JSON.stringify({ access_token: 'private-token' }) : '{}');
    }
    if (req.headers.authorization !== 'Bearer private-token') {
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="svc"` });
      return res.end();
    }
    manifest(res, req.method);
  });
  const dockerConfig = { auths: { [s.host]: { username: 'alice', password: 's3cret' } } };
  try {
    const got = await resolveDigest(`${s.host}/app:1`, { insecureRegistries: [s.host], dockerConfig });
    assert.equal(got.digest, MANIFEST_DIGEST);
    const token = s.requests.find((r) => r.url.startsWith('/token'));
    assert.equal(new URL(token.url, 'http://x').searchParams.get('scope'), 'repository:app:pull', 'default scope');
    accept = false;
    const e = await rejects(
      resolveDigest(`${s.host}/app:1`, { insecureRegistries: [s.host], dockerConfig }),
      'unauthorized',
      's3cret',
      Buffer.from('alice:s3cret').toString('base64'),
      'private-token',
    );
    assert.match(e.message, /refused the stored credentials/);
  } finally {
    s.close();
  }
});

test('a token service on another host gets no credentials (the token request goes anonymous)', async () => {
  const auth = await serve((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token: 'anon' }));
  });
  const s = await serve((req, res) => {
    if (req.headers.authorization !== 'Bearer anon') {
      // localhost is another host name than 127.0.0.1
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://localhost:${auth.port}/token"` });
      return res.end();
    }
    manifest(res, req.method);
  });
  try {
    const got = await resolveDigest(`${s.host}/app:1`, {
      insecureRegistries: [s.host, `localhost:${auth.port}`],
      dockerConfig: { auths: { [s.host]: { username: 'alice', password: 's3cret' } } },
    });
    assert.equal(got.digest, MANIFEST_DIGEST);
    assert.equal(auth.requests.length, 1);
    assert.equal(auth.requests[0].headers.authorization, undefined);
    // and a token service over plain HTTP that is not listed as insecure is refused
    await rejects(resolveDigest(`${s.host}/app:1`, { insecureRegistries: [s.host] }), 'protocol');
  } finally {
    s.close();
    auth.close();
  }
});

test('Basic challenge: credentials of that host only; without any → unauthorized; wrong ones → unauthorized, bounded', async () => {
  const good = `Basic ${Buffer.from('bob:pw:with:colons').toString('base64')}`;
  const s = await serve((req, res) => {
    if (req.headers.authorization !== good) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Registry Realm"' });
      return res.end();
    }
    manifest(res, req.method);
  });
  try {
    const auth = Buffer.from('bob:pw:with:colons').toString('base64');
    const got = await resolveDigest(`${s.host}/app:1`, {
      insecureRegistries: [s.host],
      dockerConfig: { auths: { [`http://${s.host}`]: { auth } } },
    });
    assert.equal(got.digest, MANIFEST_DIGEST);
    await rejects(resolveDigest(`${s.host}/app:1`, { insecureRegistries: [s.host] }), 'unauthorized');
    await rejects(
      resolveDigest(`${s.host}/app:1`, {
        insecureRegistries: [s.host],
        dockerConfig: { auths: { '127.0.0.1': { auth }, 'elsewhere.example': { auth } } },
      }),
      'unauthorized',
    );
    const before = s.requests.length;
    await rejects(
      resolveDigest(`${s.host}/app:1`, {
        insecureRegistries: [s.host],
        dockerConfig: { auths: { [s.host]: { username: 'bob', password: 'wrong-pw' } } },
      }),
      'unauthorized',
      'wrong-pw',
    );
    assert.ok(s.requests.length - before <= 3, 'challenges are bounded');
  } finally {
    s.close();
  }
});

test('a redirect to another port carries no credentials; a redirect loop and a redirect to plain HTTP are refused', async () => {
  const other = await serve((req, res) => manifest(res, req.method));
  const good = `Basic ${Buffer.from('u:p').toString('base64')}`;
  let target = `http://127.0.0.1:${other.port}/elsewhere`;
  const s = await serve((req, res) => {
    if (req.headers.authorization !== good) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"' });
      return res.end();
    }
    res.writeHead(307, { Location: target });
    res.end();
  });
  const options = {
    insecureRegistries: [s.host, other.host],
    dockerConfig: { auths: { [s.host]: { username: 'u', password: 'p' } } },
  };
  try {
    assert.equal((await resolveDigest(`${s.host}/app:1`, options)).digest, MANIFEST_DIGEST);
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0].headers.authorization, undefined);
    target = `/v2/app/manifests/again`;
    await rejects(resolveDigest(`${s.host}/app:1`, options), 'protocol');
    target = `http://127.0.0.1:${other.port}/x`;
    await rejects(resolveDigest(`${s.host}/app:1`, { ...options, insecureRegistries: [s.host] }), 'protocol');
    target = `http://u:p@127.0.0.1:${other.port}/x`;
    const e = await rejects(resolveDigest(`${s.host}/app:1`, options), 'protocol');
    assert.ok(!e.message.includes('u:p'), e.message);
  } finally {
    s.close();
    other.close();
  }
});

test('404 is not-found, 500 is unreachable, a refused connection is unreachable', async () => {
  let status = 404;
  const s = await serve((req, res) => {
    res.writeHead(status);
    res.end();
  });
  try {
    const e = await rejects(resolveDigest(`${s.host}/app:9`, { insecureRegistries: [s.host] }), 'not-found');
    assert.match(e.message, /app:9 is not in 127\.0\.0\.1/);
    status = 503;
    await rejects(resolveDigest(`${s.host}/app:9`, { insecureRegistries: [s.host] }), 'unreachable');
  } finally {
    s.close();
  }
  await once(s.server, 'close');
  await rejects(resolveDigest(`${s.host}/app:9`, { insecureRegistries: [s.host] }), 'unreachable');
  await rejects(resolveDigest('Not A Ref'), 'invalid-reference');
});

test('a server that never answers: timeout error', async () => {
  const s = await serve(() => {
    /* never answers */
  });
  try {
    const e = await rejects(
      resolveDigest(`${s.host}/app:1`, { insecureRegistries: [s.host], timeoutMs: 200 }),
      'timeout',
    );
    assert.match(e.message, /did not answer HEAD \/v2\/app\/manifests\/1 within 200 ms/);
    assert.equal(s.requests.length, 1);
  } finally {
    s.close();
  }
});

test('without insecureRegistries the client speaks HTTPS only (an HTTP server cannot answer it)', async () => {
  const s = await serve((req, res) => manifest(res, req.method));
  try {
    await rejects(
      resolveDigest(`${s.host}/app:1`, {
        dockerConfig: { auths: { [s.host]: { username: 'u', password: 'zz-pw-zz' } } },
      }),
      'unreachable',
      'zz-pw-zz',
    );
    assert.ok(s.requests.every((r) => r.headers.authorization === undefined));
  } finally {
    s.close();
  }
});

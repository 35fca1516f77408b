// Registry requests through an HTTP proxy (registry/proxy.ts): which hosts go through it (NO_PROXY as curl and Go's
// httpproxy read it), a plain-HTTP registry reached with absolute-form requests through a forwarding proxy (the real
// registry), and an HTTPS registry reached through a CONNECT tunnel whose TLS the proxy never sees (a child process
// that trusts the test's certificate with NODE_EXTRA_CA_CERTS, as a user's machine trusts a private CA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { proxyFor, proxySettings, proxySettingsFromEnv } from '../../server/src/registry/proxy';
import { resolveDigest } from '../../server/src/registry/client';
import { skipUnlessAvailable } from '../tiers.mjs';
import { push, selfSignedCert, sha256, startRegistry, stop } from './registry-helpers';

const ROOT = path.resolve(__dirname, '../..');

test('which requests go through the proxy: the scheme, NO_PROXY entries, loopback never', () => {
  const settings = proxySettingsFromEnv({
    HTTPS_PROXY: 'http://proxy.corp:3128',
    http_proxy: 'proxy.corp:8080',
    NO_PROXY: 'internal.corp, .svc.local ,registry.corp:5000,[fd00::1]',
  });
  const via = (url: string) => proxyFor(new URL(url), settings)?.href;
  assert.equal(via('https://registry-1.docker.io/v2/'), 'http://proxy.corp:3128/');
  assert.equal(via('http://insecure.example:5000/v2/'), 'http://proxy.corp:8080/', 'no scheme means http://');
  assert.equal(via('https://internal.corp/v2/'), undefined, 'the host itself');
  assert.equal(via('https://registry.internal.corp/v2/'), undefined, 'and its subdomains');
  assert.equal(via('https://notinternal.corp/v2/'), 'http://proxy.corp:3128/', 'not a suffix without a dot');
  assert.equal(via('https://a.svc.local/v2/'), undefined, 'a leading dot: the subdomains');
  assert.equal(via('https://svc.local/v2/'), 'http://proxy.corp:3128/', 'a leading dot: not the domain itself');
  assert.equal(via('https://registry.corp:5000/v2/'), undefined, 'an entry with a port: that port');
  assert.equal(via('https://registry.corp/v2/'), 'http://proxy.corp:3128/', 'another port goes through the proxy');
  assert.equal(via('https://[fd00::1]/v2/'), undefined, 'an IPv6 address');
  assert.equal(via('https://127.0.0.1:5000/v2/'), undefined, 'loopback is never proxied');
  assert.equal(via('https://localhost/v2/'), undefined);
  assert.equal(proxyFor(new URL('https://ghcr.io/'), { https: 'http://p:1', noProxy: ['*'] }), undefined, '* is all');
  assert.equal(proxyFor(new URL('https://ghcr.io/'), { noProxy: [] }), undefined, 'no proxy set');
  assert.equal(
    proxyFor(new URL('https://ghcr.io/'), { https: 'socks5://p:1', noProxy: [] }),
    undefined,
    'SOCKS is not spoken',
  );
  // the editor's http.proxy serves both schemes and its http.noProxy adds to NO_PROXY
  const editor = proxySettings(
    { proxy: 'http://user:pw@editor.proxy:9000', noProxy: ['ghcr.io'] },
    { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'quay.io' },
  );
  assert.equal(editor.https, 'http://user:pw@editor.proxy:9000');
  assert.equal(editor.http, 'http://user:pw@editor.proxy:9000');
  assert.deepEqual(editor.noProxy, ['quay.io', 'ghcr.io']);
  assert.equal(proxySettings({ proxy: '' }, { HTTPS_PROXY: 'http://env:1' }).https, 'http://env:1');
});

/**
 * A forwarding proxy: absolute-form requests forwarded, CONNECT tunnels opened; what it saw is recorded. It resolves
 * `registry.test` to 127.0.0.1 itself (as a proxy resolves the names it is asked for), since the client never
 * proxies a loopback address.
 */
async function startProxy() {
  const seen: { method: string; target: string; auth?: string }[] = [];
  const resolve = (host: string) => (host === 'registry.test' ? '127.0.0.1' : host);
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, target: req.url!, auth: req.headers['proxy-authorization'] });
    const url = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      {
        host: resolve(url.hostname),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const tunnels = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tunnels.add(socket);
    seen.push({ method: 'CONNECT', target: req.url!, auth: req.headers['proxy-authorization'] });
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), resolve(host), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    seen,
    port,
    close: () =>
      new Promise<void>((done) => {
        // a tunnel's socket left the server's keeping when it was upgraded
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const registryTier = skipUnlessAvailable('Real registry');

test(
  'a plain-HTTP registry through a forwarding proxy: the digest is the registry own, and every request went through the proxy with the proxy credentials',
  { skip: registryTier.skip },
  async () => {
    if (registryTier.missing) assert.fail(registryTier.missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-proxy-'));
    const { host, child } = await startRegistry(dir);
    const proxy = await startProxy();
    try {
      const want = await push(dir, host);
      const name = `registry.test:${host.split(':')[1]}`;
      const { digest } = await resolveDigest(`${name}/team/app:2.0`, {
        insecureRegistries: [name],
        proxy: { http: `http://bulk:head@127.0.0.1:${proxy.port}`, noProxy: [] },
      });
      assert.equal(digest, want.index);
      assert.ok(proxy.seen.length > 0);
      for (const s of proxy.seen) {
        assert.match(s.target, new RegExp(`^http://registry\\.test:\\d+/v2/team/app/manifests/2\\.0$`));
        assert.equal(s.auth, `Basic ${Buffer.from('bulk:head').toString('base64')}`);
      }
      // without the proxy the name does not resolve: the request could only have gone through it
      const direct = await resolveDigest(`${name}/team/app:2.0`, { insecureRegistries: [name], timeoutMs: 5000 }).catch(
        (e: Error) => e.message,
      );
      assert.match(String(direct), /cannot reach http:\/\/registry\.test/);
    } finally {
      await proxy.close();
      await stop(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an HTTPS registry through a CONNECT tunnel: TLS to the registry inside it, the proxy sees only host and port', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-proxy-tls-'));
  const { key, cert } = selfSignedCert(dir, 'registry', '/CN=registry.test', 'subjectAltName=DNS:registry.test');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {},
    layers: [],
  });
  const paths: string[] = [];
  const registry = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    paths.push(`${req.method} ${req.url}`);
    res.writeHead(200, {
      'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
      'Docker-Content-Digest': sha256(manifest),
    });
    res.end(req.method === 'HEAD' ? undefined : manifest);
  });
  registry.listen(0, '127.0.0.1');
  await once(registry, 'listening');
  const port = (registry.address() as net.AddressInfo).port;
  const proxy = await startProxy();
  try {
    const script = `require(${JSON.stringify(path.join(ROOT, 'server/src/registry/client.ts'))})
      .resolveDigest('registry.test:${port}/team/app:1.0', { proxy: { https: 'http://127.0.0.1:${proxy.port}', noProxy: [] } })
      .then((r) => console.log(r.digest), (e) => { console.log('error: ' + e.message); process.exitCode = 1; });`;
    const childProcess = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, HTTPS_PROXY: '', HTTP_PROXY: '', NO_PROXY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    childProcess.stdout.on('data', (b: Buffer) => (out += b));
    childProcess.stderr.on('data', (b: Buffer) => (out += b));
    const [code] = await once(childProcess, 'close');
    assert.equal(code, 0, out);
    assert.equal(out.trim(), sha256(manifest));
    assert.deepEqual(
      proxy.seen.map((s) => `${s.method} ${s.target}`),
      [`CONNECT registry.test:${port}`],
      'one tunnel, and no path or header of the registry request in the clear',
    );
    assert.deepEqual(paths, ['HEAD /v2/team/app/manifests/1.0'], 'the registry answered inside the tunnel');
  } finally {
    await proxy.close();
    registry.closeAllConnections();
    await new Promise<void>((done) => registry.close(() => done()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

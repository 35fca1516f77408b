/**
 * Registry requests through an HTTP proxy: the proxy named by the editor (VS Code's `http.proxy`) or by the
 * environment (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, upper or lower case, as curl and Go's
 * golang.org/x/net/http/httpproxy read them). Node 20's fetch ignores these, so a proxied request goes over node:http:
 * an `https:` registry through a CONNECT tunnel (RFC 9110 §9.3.6) with TLS to the registry inside it (the proxy sees
 * only the host), a plain-HTTP one (listed as insecure) as an absolute-form request (RFC 9112 §3.2.2).
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { lazy } from '../common/memo';

/**
 * Node's HTTP and TLS modules, loaded on first use: a run that asks no registry through a proxy (every `bulkhead
 * check`) does not load them (issue 21: 10–15 ms of a one-file run).
 */
const net = lazy(() => ({
  /* eslint-disable @typescript-eslint/no-require-imports -- built-in modules loaded when a proxied request is made */
  http: require('node:http') as typeof Http,
  https: require('node:https') as typeof Https,
  tls: require('node:tls') as typeof Tls,
  /* eslint-enable @typescript-eslint/no-require-imports */
}));

export interface ProxySettings {
  /** The proxy for `http:` requests. */
  http?: string;
  /** The proxy for `https:` requests. */
  https?: string;
  /** Hosts reached directly (`NO_PROXY`): `example.com` and its subdomains, `.example.com`, `host:port`, `*`. */
  noProxy: string[];
}

/** The environment's proxies: upper case first, then lower (curl reads `http_proxy` in lower case only; Go both). */
export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string) => (env[name.toUpperCase()] || env[name.toLowerCase()] || '').trim() || undefined;
  return {
    http: read('http_proxy'),
    https: read('https_proxy'),
    noProxy: splitNoProxy(read('no_proxy') ?? ''),
  };
}

/** VS Code's `http.proxy` (one proxy for both schemes) and `http.noProxy` over the environment's. */
export function proxySettings(
  editor: { proxy?: unknown; noProxy?: unknown } | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ProxySettings {
  const fromEnv = proxySettingsFromEnv(env);
  const proxy = typeof editor?.proxy === 'string' && editor.proxy.trim() ? editor.proxy.trim() : undefined;
  const extra = Array.isArray(editor?.noProxy)
    ? editor.noProxy.filter((h): h is string => typeof h === 'string').flatMap(splitNoProxy)
    : [];
  return proxy
    ? { http: proxy, https: proxy, noProxy: [...fromEnv.noProxy, ...extra] }
    : { ...fromEnv, noProxy: [...fromEnv.noProxy, ...extra] };
}

const splitNoProxy = (value: string) =>
  value
    .split(/[,\s]+/)
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .slice(0, 256);

/**
 * The proxy for `url`, or undefined to go directly: none set for its scheme, or its host listed in `noProxy`
 * (golang.org/x/net/http/httpproxy, proxy.go useProxy, which dockerd and the docker CLI use: `*` matches all,
 * `example.com` the host and its subdomains, `.example.com` the subdomains, an entry with a port only that port;
 * `localhost` and loopback addresses are never proxied).
 */
export function proxyFor(url: URL, settings: ProxySettings | undefined): URL | undefined {
  const raw = url.protocol === 'https:' ? settings?.https : settings?.http;
  if (!raw) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const entry of settings?.noProxy ?? []) {
    if (entry === '*') return undefined;
    const colon = entry.lastIndexOf(':');
    const withPort = colon > 0 && !entry.includes(']') && /^\d+$/.test(entry.slice(colon + 1));
    const name = (withPort ? entry.slice(0, colon) : entry).replace(/^\[|\]$/g, '');
    if (withPort && entry.slice(colon + 1) !== port) continue;
    const bare = name.startsWith('.') ? name.slice(1) : name;
    if (host === bare && !name.startsWith('.')) return undefined;
    if (host.endsWith(`.${bare}`)) return undefined;
  }
  try {
    // `proxy:3128` without a scheme means http:// (curl, httpproxy)
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What a proxied request answers: status, headers, and the body as a stream of chunks. */
export interface ProxiedResponse {
  status: number;
  headers: Headers;
  body: AsyncIterable<Buffer> & { destroy(): void };
}

/** `Proxy-Authorization` from the proxy URL's user and password (Basic), never sent to the registry. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return { 'Proxy-Authorization': `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

const requestTo = (proxy: URL) => (proxy.protocol === 'https:' ? net().https.request : net().http.request);
const proxyPort = (proxy: URL) => Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));

/** A CONNECT tunnel to `url`'s host through `proxy`, and TLS to the registry over it. */
function tunnel(url: URL, proxy: URL, signal: AbortSignal): Promise<Tls.TLSSocket> {
  const target = `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const req = requestTo(proxy)({
      host: proxy.hostname,
      port: proxyPort(proxy),
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...proxyAuthorization(proxy) },
      signal,
    });
    req.once('connect', (res: Http.IncomingMessage, socket: Duplex) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(Object.assign(new Error(`the proxy answered ${res.statusCode} to CONNECT`), { code: 'EPROXY' }));
        return;
      }
      const secure = net().tls.connect({ socket, servername: url.hostname, ALPNProtocols: ['http/1.1'] });
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', reject);
      signal.addEventListener('abort', () => secure.destroy(), { once: true });
    });
    req.once('error', reject);
    req.end();
  });
}

/** One request to `url` through `proxy`; errors carry a `code` as fetch's causes do. */
export async function requestThroughProxy(
  url: URL,
  proxy: URL,
  request: { method: string; headers: Record<string, string>; body?: string },
  signal: AbortSignal,
): Promise<ProxiedResponse> {
  const headers = {
    ...request.headers,
    ...(request.body ? { 'Content-Length': String(Buffer.byteLength(request.body)) } : {}),
  };
  const res = await new Promise<Http.IncomingMessage>((resolve, reject) => {
    const start = (req: Http.ClientRequest) => {
      req.once('response', resolve);
      req.once('error', reject);
      req.end(request.body);
    };
    if (url.protocol === 'https:') {
      tunnel(url, proxy, signal).then(
        (socket) =>
          start(
            net().https.request({
              host: url.hostname,
              path: `${url.pathname}${url.search}`,
              method: request.method,
              headers: { Host: url.host, ...headers },
              // no agent: the request goes over the tunnel's socket (node:http ClientRequest uses createConnection then)
              createConnection: () => socket,
              signal,
            }),
          ),
        reject,
      );
    } else {
      start(
        requestTo(proxy)({
          host: proxy.hostname,
          port: proxyPort(proxy),
          method: request.method,
          path: url.href,
          headers: { Host: url.host, ...headers, ...proxyAuthorization(proxy) },
          signal,
        }),
      );
    }
  });
  const out = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return { status: res.statusCode ?? 0, headers: out, body: res };
}

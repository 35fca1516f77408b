import type { ShellCommand, Word } from '../model/shell';
import { unwrap } from './commands';
import { applet, stdoutFile } from './executed';
import { OptionSpec, ParsedArgs, parseOptions } from './options';
import { maskUrl } from '../../rules/secrets';

/** curl and wget command lines: what they fetch and where the content goes. */

export const CURL_OPTIONS: OptionSpec = {
  shortValue: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
  longValue: [
    'output',
    'output-dir',
    'user-agent',
    'cookie',
    'cookie-jar',
    'continue-at',
    'data',
    'data-ascii',
    'data-binary',
    'data-raw',
    'data-urlencode',
    'dump-header',
    'referer',
    'cert',
    'cert-type',
    'key',
    'key-type',
    'form',
    'form-string',
    'header',
    'config',
    'max-time',
    'connect-timeout',
    'proxy',
    'proxy-user',
    'request',
    'user',
    'write-out',
    'retry',
    'retry-delay',
    'retry-max-time',
    'url',
    'cacert',
    'capath',
    'range',
    'upload-file',
    'limit-rate',
    'resolve',
    'connect-to',
    'interface',
    'max-filesize',
    'max-redirs',
    'proto',
    'proto-redir',
    'proto-default',
    'speed-limit',
    'speed-time',
    'time-cond',
    'telnet-option',
    'quote',
    'ftp-port',
    'netrc-file',
    'oauth2-bearer',
    'pinnedpubkey',
    'dns-servers',
    'unix-socket',
    'abstract-unix-socket',
    'expect100-timeout',
    'ciphers',
    'tls-max',
    'happy-eyeballs-timeout-ms',
  ],
};

export const WGET_OPTIONS: OptionSpec = {
  shortValue: 'oaOiBtTwPUlARDIXQe',
  longValue: [
    'output-document',
    'output-file',
    'append-output',
    'input-file',
    'base',
    'tries',
    'timeout',
    'wait',
    'waitretry',
    'directory-prefix',
    'user-agent',
    'header',
    'execute',
    'user',
    'password',
    'http-user',
    'http-password',
    'level',
    'accept',
    'reject',
    'domains',
    'exclude-domains',
    'include-directories',
    'exclude-directories',
    'quota',
    'post-data',
    'post-file',
    'method',
    'body-data',
    'body-file',
    'ca-certificate',
    'certificate',
    'private-key',
    'ca-directory',
    'dns-timeout',
    'connect-timeout',
    'read-timeout',
    'limit-rate',
    'referer',
    'load-cookies',
    'save-cookies',
    'secure-protocol',
    'progress',
    'bind-address',
    'restrict-file-names',
    'default-page',
    'local-encoding',
    'remote-encoding',
    'check-certificate',
  ],
};

export interface Download {
  tool: 'curl' | 'wget';
  parsed: ParsedArgs;
  /** URL operands (and `--url` values). */
  urls: Word[];
  /** The content goes to standard output (into a pipe or a substitution). */
  toStdout: boolean;
}

const URLISH = /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$)|^\$/i;

/** The download a command performs (curl, wget, wget2, `busybox wget`), or null. */
export function downloadOf(cmd: ShellCommand): Download | null {
  const u = unwrap(cmd);
  if (!u) return null;
  const { name, args } = applet(u);
  if (name === 'curl') {
    const parsed = parseOptions(args, CURL_OPTIONS);
    const urls = [
      ...parsed.operands.filter((w) => URLISH.test(w.value)),
      ...parsed.options.filter((o) => o.name === 'url' && o.valueWord).map((o) => o.valueWord as Word),
    ];
    if (!urls.length) return null;
    const toFile = parsed.options.some(
      (o) =>
        ((o.name === 'o' || o.name === 'output') && o.value !== '-') ||
        o.name === 'O' ||
        o.name === 'remote-name' ||
        o.name === 'remote-name-all',
    );
    return { tool: 'curl', parsed, urls, toStdout: !toFile && !stdoutFile(cmd) };
  }
  if (name === 'wget' || name === 'wget2') {
    const parsed = parseOptions(args, WGET_OPTIONS);
    const urls = parsed.operands.filter((w) => URLISH.test(w.value));
    if (!urls.length) return null;
    const toStdout = parsed.options.some(
      (o) => (o.name === 'O' || o.name === 'output-document') && (o.value === '-' || o.value === '/dev/stdout'),
    );
    return { tool: 'wget', parsed, urls, toStdout: toStdout && !stdoutFile(cmd) };
  }
  return null;
}

/** A URL for a message: credentials (userinfo, token and signature query parameters) masked, long ones shortened. */
export function displayUrl(url: string): string {
  const masked = maskUrl(url);
  return masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
}

/** Every URL a download names points at this machine (health checks and local services need no TLS trust). */
export function onlyLoopback(urls: readonly Word[]): boolean {
  return urls.length > 0 && urls.every((w) => isLoopbackHost(hostOf(w.value)));
}

/** The host of a URL (`[::1]` with its brackets), lower case; '' when there is none. */
export function hostOf(url: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^/@\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(url);
  return (m?.[1] ?? '').toLowerCase();
}

/** The host is this machine: `localhost` (and `*.localhost`), 127.0.0.0/8, `::1`, and `0.0.0.0` (which Linux connects to itself). */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '0.0.0.0' ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1' ||
    host.endsWith('.localhost')
  );
}

/**
 * The user's Docker config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`) and the credentials it gives a
 * registry: the `auths` entries, and, only when the caller opts in, the credential helpers it names (`credsStore`,
 * `credHelpers`). A helper is a program on PATH, so running it is the caller's explicit decision: nothing here runs
 * one unless `useCredentialHelpers` is true.
 */
import { execFile } from 'node:child_process';
import fs = require('node:fs');
import os = require('node:os');
import path = require('node:path');
import { DOCKER_HUB } from './reference';

/** One `auths` entry of a Docker config: `auth` is base64 of `user:password`; `identitytoken` an OAuth2 refresh token. */
export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  /** The default credential helper: `docker-credential-<credsStore>` (docker/cli configfile.GetCredentialsStore). */
  credsStore?: string;
  /** A helper per registry host, which wins over `credsStore`. */
  credHelpers?: Record<string, string>;
}

/**
 * What a registry gets: a user and password, or an identity token (an OAuth2 refresh token `docker login` stored for
 * registries that issue one), exchanged at the registry's token service.
 */
export interface Credentials {
  username: string;
  password: string;
  identityToken?: string;
}

/** Where a client gets the credentials for a registry (`docker.io`, `ghcr.io`, `localhost:5000`), asked only on a 401. */
export type CredentialSource = (registry: string) => Promise<Credentials | undefined>;

/** Docker Hub's key in `auths` and the server URL its helper is asked for (docker/cli registry.IndexServer). */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** An `auths`/`credHelpers` key's host: without `http(s)://` nor any path (docker/cli file_store.go ConvertToHostname). */
const hostOfKey = (key: string) =>
  key
    .replace(/^https?:\/\//i, '')
    .split('/')[0]
    .toLowerCase();

const keyMatches = (key: string, registry: string) => {
  const host = hostOfKey(key);
  const wanted = registry.toLowerCase();
  return wanted === DOCKER_HUB ? HUB_HOSTS.includes(host) : host === wanted;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The credentials stored in `auths` for a registry: a key matches when its host is the registry's, and Docker Hub's
 * are stored under `https://index.docker.io/v1/`.
 */
export function credentialsFor(config: DockerConfig | undefined, registry: string): Credentials | undefined {
  const auths = config?.auths;
  if (!isRecord(auths)) return undefined;
  for (const [key, entry] of Object.entries(auths)) {
    if (!keyMatches(key, registry) || !isRecord(entry)) continue;
    const token = typeof entry.identitytoken === 'string' && entry.identitytoken ? entry.identitytoken : undefined;
    let user: Credentials | undefined;
    if (typeof entry.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) user = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (!user && typeof entry.username === 'string' && entry.username && typeof entry.password === 'string')
      user = { username: entry.username, password: entry.password };
    if (token) return { username: user?.username ?? '', password: '', identityToken: token };
    if (user) return user;
  }
  return undefined;
}

/** The Docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json), and a warning if it is unreadable. */
export function readDockerConfig(env: Readonly<Record<string, string | undefined>>): {
  config?: DockerConfig;
  warning?: string;
} {
  const dir = env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not an object');
    const { auths, credsStore, credHelpers } = parsed;
    if (auths !== undefined && !isRecord(auths)) throw new Error('auths is not an object');
    const config: DockerConfig = { auths: auths as DockerConfig['auths'] };
    if (typeof credsStore === 'string' && credsStore) config.credsStore = credsStore;
    if (isRecord(credHelpers))
      config.credHelpers = Object.fromEntries(
        Object.entries(credHelpers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    return { config };
  } catch {
    return { warning: `${file} is not a valid Docker config (JSON with an "auths" object); no credentials are used` };
  }
}

/** The helper the config names for a registry: `credHelpers` by host first, then `credsStore` (docker/cli configfile). */
export function helperFor(config: DockerConfig | undefined, registry: string): string | undefined {
  if (!config) return undefined;
  if (isRecord(config.credHelpers))
    for (const [key, helper] of Object.entries(config.credHelpers))
      if (keyMatches(key, registry) && typeof helper === 'string' && helper) return helper;
  return typeof config.credsStore === 'string' && config.credsStore ? config.credsStore : undefined;
}

// linear: one character class run (recheck: safe)
const HELPER_NAME = /^[a-z0-9._-]{1,64}$/;
const MAX_HELPER_OUTPUT = 64 * 1024;
/**
 * docker-credential-helpers credentials/error.go: a helper that has nothing for the server says this on stdout and
 * exits non-zero; docker/cli native_store.go getCredentialsFromStore then uses no credentials rather than failing.
 */
const NOT_FOUND = 'credentials not found in native keychain';
/** docker/cli native_store.go tokenUsername: a helper's Secret is an identity token when its Username is this. */
const TOKEN_USERNAME = '<token>';

export interface HelperOptions {
  /** The limit on the helper's run (10 s when not given). */
  timeoutMs?: number;
  /** The environment it runs with (PATH decides which program runs); the process's when not given. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `docker-credential-<helper> get` with the server URL on stdin and reads `{ServerURL, Username, Secret}` from
 * stdout (docker-credential-helpers client/client.go Get). No shell: execFile with the program's name, looked up on
 * PATH. Errors name the helper and what went wrong, never its output (which may hold the secret).
 */
export function runCredentialHelper(
  helper: string,
  serverUrl: string,
  options: HelperOptions = {},
): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(helper))
    return Promise.reject(new Error(`the credential helper name "${helper.slice(0, 64)}" is not [a-z0-9._-]`));
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      ['get'],
      {
        timeout: options.timeoutMs ?? 10_000,
        maxBuffer: MAX_HELPER_OUTPUT,
        env: options.env ?? process.env,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout) => {
        if (error) {
          if (stdout.trim() === NOT_FOUND) return resolve(undefined);
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
          const why =
            e.code === 'ENOENT'
              ? 'is not on PATH'
              : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
                ? `wrote more than ${MAX_HELPER_OUTPUT} bytes`
                : e.killed
                  ? `did not answer within ${options.timeoutMs ?? 10_000} ms`
                  : `failed${typeof e.code === 'number' ? ` (exit code ${e.code})` : ''}`;
          return reject(new Error(`the credential helper ${program} ${why}`));
        }
        try {
          resolve(parseHelperAnswer(stdout));
        } catch {
          reject(new Error(`the credential helper ${program} did not answer with {"Username", "Secret"} JSON`));
        }
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverUrl);
  });
}

/** The helper's JSON answer as credentials; throws (with no detail) on anything else. */
function parseHelperAnswer(stdout: string): Credentials | undefined {
  const json: unknown = JSON.parse(stdout);
  if (!isRecord(json) || typeof json.Secret !== 'string' || typeof json.Username !== 'string') throw new Error();
  if (!json.Secret) return undefined;
  if (json.Username === TOKEN_USERNAME) return { username: '', password: '', identityToken: json.Secret };
  return { username: json.Username, password: json.Secret };
}

/**
 * The credential source for a Docker config: with `useCredentialHelpers`, the helper the config names for the
 * registry (its answer alone, as docker/cli's native store does); otherwise, or where no helper is named, `auths`.
 * Each registry's helper runs at most once per source.
 */
export function credentialSource(
  config: DockerConfig | undefined,
  options: HelperOptions & { useCredentialHelpers?: boolean } = {},
): CredentialSource {
  const asked = new Map<string, Promise<Credentials | undefined>>();
  return (registry) => {
    const helper = options.useCredentialHelpers ? helperFor(config, registry) : undefined;
    if (!helper) return Promise.resolve(credentialsFor(config, registry));
    let answer = asked.get(registry);
    if (!answer) {
      // docker/cli asks a helper for Docker Hub by its index URL, and for any other registry by its host
      const server = registry.toLowerCase() === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
      answer = runCredentialHelper(helper, server, options);
      asked.set(registry, answer);
    }
    return answer;
  };
}

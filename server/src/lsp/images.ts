/**
 * The server's side of image facts: what the registry said about the references the open documents name, fetched in
 * the background and never waited for by a lint. A lint gets a synchronous look-up (`lookupFor`) that answers from
 * what is known and records what it was asked; the server then fetches the references that are not known
 * (`fetchMissing`) and, when their facts arrive, lints again the documents that asked for them (`onSettled`).
 *
 * Nothing is asked while `bulkhead.registry.enabled` is off: the look-up is then absent and the rules that would use
 * it behave as without a registry.
 */
import type { ImageFacts, ImageLookup, Platform } from '../registry/facts';
import { factsKey, platformName } from '../registry/facts';
import { describeError } from '../service/lint';
import { ProxySettings, proxySettingsFromEnv } from '../registry/proxy';
import { RegistryError } from '../registry/client';
import { DEFAULT_PLATFORM } from '../registry/fetchFacts';

/** `bulkhead.registry.*` as the server uses it (registrySettings reads the raw values). */
export interface RegistrySettings {
  enabled: boolean;
  insecureRegistries: string[];
  platform: Platform;
  useCredentialHelpers: boolean;
  /** How long a tag's digest is trusted before the registry is asked again. */
  cacheTtlMs: number;
  /** Proxies: the editor's `http.proxy` over `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (withEditorProxy). */
  proxy: ProxySettings;
}

const DEFAULT_TTL_HOURS = 24;
// `host` or `host:port`, as `insecure-registries` in daemon.json names a registry (a CIDR range is not supported here)
// linear: one character class run and an optional port (recheck: safe)
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
// linear: three character class runs separated by single slashes (recheck: safe)
const PLATFORM = /^([a-z0-9_]+)\/([a-z0-9_]+)(?:\/([a-z0-9_]+))?$/;

/** The registry settings from the client's `bulkhead.registry` section (any value may arrive); problems go to `warn`. */
export function registrySettings(raw: unknown, warn: (line: string) => void): RegistrySettings {
  const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const insecure = Array.isArray(r.insecureRegistries) ? r.insecureRegistries : [];
  const insecureRegistries = insecure.filter((h): h is string => typeof h === 'string' && HOST.test(h.trim()));
  if (insecureRegistries.length !== insecure.length)
    warn('bulkhead.registry.insecureRegistries: entries that are not `host` or `host:port` are ignored');
  let platform = DEFAULT_PLATFORM;
  if (typeof r.platform === 'string' && r.platform.trim()) {
    const m = PLATFORM.exec(r.platform.trim());
    if (m) platform = { os: m[1], architecture: m[2], ...(m[3] ? { variant: m[3] } : {}) };
    else
      warn(
        `bulkhead.registry.platform: "${r.platform.slice(0, 40)}" is not os/architecture[/variant]; linux/amd64 is used`,
      );
  }
  const hours =
    typeof r.cacheHours === 'number' && Number.isFinite(r.cacheHours) && r.cacheHours >= 0
      ? r.cacheHours
      : DEFAULT_TTL_HOURS;
  return {
    enabled: r.enabled === true,
    insecureRegistries: insecureRegistries.map((h) => h.trim()),
    platform,
    useCredentialHelpers: r.useCredentialHelpers === true,
    cacheTtlMs: hours * 3_600_000,
    proxy: proxySettingsFromEnv(process.env),
  };
}

/** Fetches the facts of one reference (normalised with factsKey) under these settings. */
export type FactsFetcher = (key: string, settings: RegistrySettings) => Promise<ImageFacts>;

type Entry =
  | { state: 'known'; facts: ImageFacts }
  | { state: 'pending'; settled: Promise<void> }
  | { state: 'failed'; message: string; at: number };

export interface ImageServiceOptions {
  fetchFacts: FactsFetcher;
  /** Called with the keys whose facts (or failures) arrived; the server lints again the documents that asked. */
  onSettled: (keys: string[]) => void;
  log: (line: string) => void;
  /** Fetches under way at once. */
  concurrency?: number;
  /** A failed fetch is tried again after this long (a registry that was down may be back). */
  retryAfterMs?: number;
  now?: () => number;
}

export interface ImageService {
  /** The look-up one lint gets (undefined when the registry is off), and the keys it was asked for. */
  lookupFor(settings: RegistrySettings): { images: ImageLookup | undefined; asked: Set<string> };
  /** Fetches, in the background, the asked keys that are neither known nor under way. */
  fetchMissing(keys: Iterable<string>, settings: RegistrySettings): void;
  /** Resolves when every key is known or failed (for explicit commands, which may wait). */
  settle(keys: Iterable<string>, settings: RegistrySettings): Promise<void>;
  /** Forgets every fact (the "Clear image cache" command; the disk cache is the fetcher's). */
  clear(): void;
}

/** Facts differ per platform: the key of an entry is the platform and the reference. */
const entryKey = (settings: RegistrySettings, key: string) => `${platformName(settings.platform)} ${key}`;

export function createImageService(options: ImageServiceOptions): ImageService {
  const concurrency = options.concurrency ?? 4;
  const retryAfterMs = options.retryAfterMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const queue: { key: string; settings: RegistrySettings; done: () => void }[] = [];
  let running = 0;
  // clear() moves the epoch on: a fetch begun before it must not store what it brings back
  let epoch = 0;

  function pump(): void {
    while (running < concurrency && queue.length) {
      const job = queue.shift()!;
      running++;
      const started = epoch;
      const at = entryKey(job.settings, job.key);
      options
        .fetchFacts(job.key, job.settings)
        .then(
          (facts): Entry => ({ state: 'known', facts }),
          (e: unknown): Entry => ({ state: 'failed', message: describeFailure(e), at: now() }),
        )
        .then((entry) => {
          running--;
          if (started === epoch) {
            entries.set(at, entry);
            if (entry.state === 'failed') options.log(`registry: ${job.key}: ${entry.message}`);
          }
          job.done();
          pump();
          if (started === epoch) options.onSettled([job.key]);
        })
        .catch((e: unknown) => options.log(`registry: internal error: ${describeError(e)}`));
    }
  }

  function enqueue(key: string, settings: RegistrySettings): Promise<void> {
    const at = entryKey(settings, key);
    const entry = entries.get(at);
    if (entry?.state === 'known') return Promise.resolve();
    if (entry?.state === 'pending') return entry.settled;
    if (entry?.state === 'failed' && now() - entry.at < retryAfterMs) return Promise.resolve();
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    entries.set(at, { state: 'pending', settled });
    queue.push({ key, settings, done });
    pump();
    return settled;
  }

  return {
    lookupFor(settings) {
      const asked = new Set<string>();
      if (!settings.enabled) return { images: undefined, asked };
      const images: ImageLookup = (reference) => {
        const key = factsKey(reference);
        if (!key) return undefined;
        asked.add(key);
        const entry = entries.get(entryKey(settings, key));
        if (!entry || entry.state === 'pending') return { state: 'pending' };
        return entry.state === 'known' ? entry : { state: 'failed', message: entry.message };
      };
      return { images, asked };
    },
    fetchMissing(keys, settings) {
      if (!settings.enabled) return;
      for (const key of keys) void enqueue(key, settings);
    },
    async settle(keys, settings) {
      if (!settings.enabled) return;
      await Promise.all([...keys].map((key) => enqueue(key, settings)));
    },
    clear() {
      epoch++;
      entries.clear();
      // a command waiting on a queued key is answered (with nothing known) rather than left waiting
      for (const job of queue.splice(0)) job.done();
    },
  };
}

/** A registry's error says what happened (never with a credential: registry/client.ts builds them so). */
function describeFailure(e: unknown): string {
  return e instanceof RegistryError ? e.message : `internal error: ${describeError(e)}`;
}

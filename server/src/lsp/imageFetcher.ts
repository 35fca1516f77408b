/**
 * Where the server's image facts come from: the registries themselves (registry/), with the user's Docker config for
 * credentials, through a cache on disk (facts by digest, tags with a time to live) that also answers when a registry
 * cannot be reached. Replaceable in tests (ServerOptions.facts), which must never reach a registry they did not start.
 */
import os = require('node:os');
import path = require('node:path');
import type { FactsFetcher } from './images';
import { RegistryError } from '../registry/client';
import { fetchImageFacts } from '../registry/fetchFacts';
import { FactsCache, cacheKey } from '../registry/cache';
import { credentialSource, readDockerConfig } from '../registry/dockerConfig';

export interface FactsSource {
  fetch: FactsFetcher;
  /** Forgets what was fetched (the disk cache included). */
  clear(): void;
}

/** The cache folder when the client names none: `$XDG_CACHE_HOME/bulkhead/images`, else `~/.cache/bulkhead/images`. */
export function defaultImageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'bulkhead', 'images');
}

/**
 * The registries, through the cache in `cacheDir()` (read when the first fetch runs: the client names it at
 * initialize). `log` gets what the user should know (an unreadable Docker config), never a credential.
 */
export function registryFactsSource(cacheDir: () => string, log: (line: string) => void): FactsSource {
  const caches = new Map<number, FactsCache>();
  const cacheFor = (ttlMs: number) => {
    let cache = caches.get(ttlMs);
    if (!cache) caches.set(ttlMs, (cache = new FactsCache({ dir: cacheDir(), ttlMs })));
    return cache;
  };
  return {
    async fetch(key, settings) {
      const cache = cacheFor(settings.cacheTtlMs);
      const at = cacheKey(key, settings.platform) ?? key;
      const fresh = cache.get(at);
      if (fresh) return fresh;
      // the Docker config is read for each fetch: a `docker login` since is used without a restart
      const { config, warning } = readDockerConfig(process.env);
      if (warning) log(warning);
      try {
        const facts = await fetchImageFacts(key, {
          platform: settings.platform,
          insecureRegistries: settings.insecureRegistries,
          proxy: settings.proxy,
          credentials: credentialSource(config, { useCredentialHelpers: settings.useCredentialHelpers }),
          // an unchanged tag costs one HEAD: the facts of a digest already stored are not fetched again
          known: (digest, platform) => cache.byDigest(digest, platform),
        });
        return cache.put(at, facts);
      } catch (e) {
        // offline: what was fetched before still answers (a hover says when it was asked)
        const stale =
          e instanceof RegistryError &&
          ['unreachable', 'timeout'].includes(e.kind) &&
          cache.get(at, { allowStale: true });
        if (stale) return stale;
        throw e;
      }
    },
    clear() {
      for (const cache of caches.values()) cache.clear();
      // a cache for another time to live shares the folder: one clear empties it
      if (!caches.size) new FactsCache({ dir: cacheDir() }).clear();
    },
  };
}

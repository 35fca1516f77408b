/**
 * Where the server's image facts come from: the registries themselves (registry/), with the user's Docker config for
 * credentials. Replaceable in tests (ServerOptions.facts), which must never reach a registry they did not start.
 */
import type { FactsFetcher, RegistrySettings } from './images';
import { resolveDigest } from '../registry/client';

export interface FactsSource {
  fetch: FactsFetcher;
  /** Forgets what was fetched (the disk cache included). */
  clear(): void;
}

export function registryFactsSource(): FactsSource {
  return {
    async fetch(key: string, settings: RegistrySettings) {
      const { digest, mediaType } = await resolveDigest(key, { insecureRegistries: settings.insecureRegistries });
      return { digest, mediaType, platforms: [], platform: null, config: null, size: null, fetchedAt: Date.now() };
    },
    clear() {},
  };
}

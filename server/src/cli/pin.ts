/**
 * `bulkhead pin`: rewrites the `name:tag` image references a kind's descriptor finds (`Language.imageReferences`: in
 * Dockerfiles FROM, COPY --from=<image>, RUN --mount=from=<image>; in Compose files `image:`; in a devcontainer.json
 * `image`) to `name:tag@sha256:…`, the digest the registry gives for the tag (the multi-platform index's when the tag
 * names one). Unlike `check`, this contacts the registries the files name. Only the reference's own text changes.
 */
import { RegistryError, resolveDigest, SHA256 } from '../registry/client';
import { CredentialSource, DockerConfig } from '../registry/dockerConfig';
import { parseImageReference } from '../registry/reference';
import type { ProxySettings } from '../registry/proxy';
import type { ImageReference } from '../rules/language';

/**
 * What becomes of a reference: pinned, skipped (with why), not resolved (with why); for one already pinned with its
 * tag, whether the tag still points to the digest written (`current`) or has moved since (`moved`).
 */
export type PinOutcome =
  | { kind: 'skip'; reason: string }
  | { kind: 'pin'; digest: string }
  | { kind: 'error'; message: string }
  | { kind: 'current' }
  | { kind: 'moved'; tagged: string; from: string; to: string };

/** Why a reference is not pinned, or null when it should be. */
export function skipReason(ref: ImageReference): string | null {
  if (ref.skip) return ref.skip;
  if (ref.text.includes('$')) return 'variable';
  const parsed = parseImageReference(ref.text);
  if (!parsed) return 'not an image reference';
  if (parsed.digest) return 'already pinned';
  // the tag is written only when the last path component has a colon (a registry port is before a slash)
  if (!ref.text.slice(ref.text.lastIndexOf('/') + 1).includes(':')) return 'no tag';
  return null;
}

/**
 * A reference written with a tag and a sha256 digest (`name:tag@sha256:…`): the `name:tag` part and the digest, so
 * the tag can be resolved again; null for anything else (a digest alone has no tag to follow).
 */
export function pinnedTag(ref: ImageReference): { tagged: string; digest: string } | null {
  const parsed = parseImageReference(ref.text);
  if (!parsed?.digest || !SHA256.test(parsed.digest)) return null;
  const tagged = ref.text.slice(0, ref.text.lastIndexOf('@'));
  if (!tagged.slice(tagged.lastIndexOf('/') + 1).includes(':')) return null;
  return { tagged, digest: parsed.digest };
}

/** Whether the tag of a pinned reference still points to the digest written: `current`, `moved`, or why unknown. */
export async function checkPinned(
  pinned: { tagged: string; digest: string },
  resolve: (ref: string) => Promise<PinOutcome>,
): Promise<PinOutcome> {
  const now = await resolve(pinned.tagged);
  if (now.kind !== 'pin') return now;
  if (now.digest === pinned.digest) return { kind: 'current' };
  return { kind: 'moved', tagged: pinned.tagged, from: pinned.digest, to: now.digest };
}

const KIND_WORDS: Record<string, string> = {
  unauthorized: 'unauthorized',
  'not-found': 'not found',
  unreachable: 'unreachable',
  timeout: 'timed out',
  protocol: 'protocol error',
  'invalid-reference': 'invalid reference',
};

/** Resolves each distinct reference once per run. */
export function digestResolver(options: {
  dockerConfig?: DockerConfig;
  credentials?: CredentialSource;
  insecureRegistries: readonly string[];
  timeoutMs?: number;
  proxy?: ProxySettings;
}): (ref: string) => Promise<PinOutcome> {
  const cache = new Map<string, Promise<PinOutcome>>();
  return (ref) => {
    let outcome = cache.get(ref);
    if (!outcome) {
      outcome = resolveDigest(ref, options).then(
        (r): PinOutcome => ({ kind: 'pin', digest: r.digest }),
        (e: unknown): PinOutcome => ({
          kind: 'error',
          message:
            e instanceof RegistryError
              ? `${KIND_WORDS[e.kind] ?? e.kind}: ${e.message}`
              : `error: ${e instanceof Error ? e.message : String(e)}`,
        }),
      );
      cache.set(ref, outcome);
    }
    return outcome;
  };
}

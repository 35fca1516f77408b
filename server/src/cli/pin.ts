/**
 * `bulkhead pin`: rewrites `name:tag` image references in Dockerfiles (FROM, COPY --from=<image>, RUN --mount=from=<image>) and Compose files
 * (`image:`) to `name:tag@sha256:…`, the digest the registry gives for the tag (the multi-platform index's when the
 * tag names one). Unlike `check`, this contacts the registries the files name. Only the reference's own text changes.
 */
import { RegistryError, resolveDigest, SHA256 } from '../registry/client';
import { CredentialSource, DockerConfig } from '../registry/dockerConfig';
import { parseImageReference } from '../registry/reference';
import type { ProxySettings } from '../registry/proxy';
import { parseDockerfile } from '../dockerfile/model/model';
import { imageUses } from '../dockerfile/analysis/imageRefs';
import { parseCompose } from '../compose/model';
import { setting } from '../compose/serviceValues';

/** One image reference in a file: where its text is and what it says. */
export interface FoundReference {
  /** 0-based line. */
  line: number;
  /** Offset of the reference in the whole text. */
  offset: number;
  text: string;
  /** Why it is not pinned, when that is known from the file alone. */
  skip?: string;
}

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

/**
 * The image references of a Dockerfile (FROM, COPY --from=<image>, RUN --mount=from=<image>: analysis/imageRefs.ts,
 * which follows line continuations, heredocs and the escape directive), with why a FROM is not pinned: a stage name,
 * scratch, or a variable (pinning it would mean rewriting the ARG, which the user should decide).
 */
export function dockerfileReferences(text: string): FoundReference[] {
  const model = parseDockerfile(text);
  const lineOf = (offset: number) => model.range(offset, offset).start.line;
  const refs: FoundReference[] = [];
  const pinnable = new Set<number>();
  for (const use of imageUses(model)) {
    const ref = use.ref;
    pinnable.add(ref.start);
    refs.push({
      line: lineOf(ref.start),
      offset: ref.start,
      text: model.text.slice(ref.start, ref.end),
      ...(use.literal ? {} : { skip: 'variable' }),
    });
  }
  for (const stage of model.stages) {
    const ref = stage.image;
    if (pinnable.has(ref.start)) continue;
    const skip = ref.stage
      ? 'stage'
      : ref.isScratch
        ? 'scratch'
        : !ref.resolved
          ? 'variable'
          : 'not an image reference';
    refs.push({ line: lineOf(ref.start), offset: ref.start, text: model.text.slice(ref.start, ref.end), skip });
  }
  return refs.sort((a, b) => a.offset - b.offset);
}

/**
 * The `image:` of each service of a Compose file, where the service writes it (a value inherited from an anchor or
 * `extends` is pinned where it is written, when that is a service). A service with `build:` names the image Compose
 * builds and tags, not one it pulls: not pinned.
 */
export function composeReferences(text: string): FoundReference[] {
  const model = parseCompose(text, 'file:///compose.yaml');
  const refs: FoundReference[] = [];
  for (const service of model.services) {
    const image = setting(model, service, 'image');
    const range = image?.node?.range;
    if (!image?.own || typeof image.value !== 'string' || !range) continue;
    const value = image.value;
    const at = value && !value.includes('\n') ? text.slice(range[0], range[1]).indexOf(value) : -1;
    if (at < 0) continue;
    const offset = range[0] + at;
    refs.push({
      line: model.range(offset, offset).start.line,
      offset,
      text: value,
      ...(service.get(['build']) ? { skip: 'built by this file (build:)' } : {}),
    });
  }
  return refs.sort((a, b) => a.offset - b.offset);
}

/** Why a reference is not pinned, or null when it should be. */
export function skipReason(ref: FoundReference): string | null {
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
export function pinnedTag(ref: FoundReference): { tagged: string; digest: string } | null {
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

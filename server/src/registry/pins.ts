/**
 * The words and edits both kinds' pinning rules share: how a digest is shown, and what the pin and update fixes say.
 * The digests come from the registry through `LintEnvironment.images`; the rules decide where they go.
 */
import type { ImageFacts, ImageKnowledge } from './facts';

/** `sha256:0123456789ab…`: enough to tell digests apart in a title or message. */
export const shortDigest = (digest: string) => {
  const colon = digest.indexOf(':');
  return digest.length > colon + 13 ? `${digest.slice(0, colon + 13)}…` : digest;
};

/** The facts when they are known. */
export const knownFacts = (k: ImageKnowledge | undefined): ImageFacts | undefined =>
  k?.state === 'known' ? k.facts : undefined;

/** The pin fixes of both kinds, offered together as one action ("Pin all …") and answered by `bulkhead/pinImages`. */
export const PIN_BATCH = { id: 'pin-images', title: 'Pin all images in this file to their digests' };

/** The title of the fix that appends the digest the tag points to now. */
export const pinTitle = (reference: string, digest: string) =>
  `Pin ${reference} to ${shortDigest(digest)} (what the registry gives for it now)`;

/** The title of the fix that moves a pinned reference to the digest its tag points to now. */
export const updateTitle = (tagged: string, digest: string) =>
  `Update the digest to ${shortDigest(digest)}, where ${tagged} points now (review the new image first)`;

/**
 * Whether the digest written next to a tag is no longer what the tag gives: not the tag's digest, and not one of the
 * platform manifests of the index it gives (a reference pinned to its amd64 manifest is pinned to the same image).
 */
export function tagMoved(pinned: string, facts: ImageFacts): boolean {
  return pinned !== facts.digest && !(facts.manifestDigests ?? []).includes(pinned);
}

/** What to do about a tag that moved, for both kinds' rules. */
export const TAG_MOVED_REMEDY =
  'Review what changed in the new image (its release notes, a scan), then update the digest: the quick fix, `bulkhead pin --update`, or a bot such as Renovate.';

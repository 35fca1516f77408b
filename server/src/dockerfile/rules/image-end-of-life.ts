import type { Fix, Report } from '../../rules/types';
import type { DockerfileContext, DockerfileRule } from '../context';
import type { EolRelease } from '../../data/baseImageEol';
import { describeRef, imageUses, ImageUse, tagSpan } from '../analysis/imageRefs';
import {
  ImageRelease,
  compareVersions,
  describeEnd,
  hasEnded,
  imageRelease,
  isoDay,
  successorOf,
} from './image-end-of-life/versions';
import { RECOMMENDED_RELEASES } from '../../../../shared/src/recommended';
import { replaceRange } from '../analysis/edits';
import { repositoryName } from '../../common/image';

export const imageEndOfLife: DockerfileRule = {
  id: 'image-end-of-life',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Base image past end of life',
  rationale:
    'Once a distribution or language release reaches end of life, nobody publishes security fixes for it any more: every vulnerability found afterwards stays in the image, however often it is rebuilt. Scanners only report it after the image is built.',
  remedy:
    'Move the base image to a supported release (the oldest supported successor keeps the upgrade small), and plan the next move before its end-of-life date.',
  guidance: ['Keep patching'],
  anchors: [],
  fixes: ['Move to the oldest supported successor release'],
  fixSafety: 'manual',
  check({ model, env }) {
    const today = isoDay(env.today ?? new Date());
    const out: Report[] = [];
    for (const use of imageUses(model)) {
      if (use.where !== 'FROM') continue;
      const found = imageRelease(use.parsed);
      if (!found) continue;
      const ended = endedParts(found, today);
      if (!ended.length) continue;
      // the image's own release (or the listed one it is older than), when that is what ended
      const own = ended.find((p) => p.product === found.product.id)?.release ?? null;
      const next = own
        ? successorOf(found.product, found.release ? found.release.version : versionOf(found), today)
        : undefined;
      const tag = newTag(use, found, own, next);
      const fixes = fixFor(model, use, tag);
      // the release Bulkhead recommends (its templates use it), when it is not that successor
      const recommended = own && next ? recommendedRelease(found, next, today) : undefined;
      const recommendedTag = recommended && fixes.length ? newTag(use, found, own, recommended) : null;
      const also = recommendedTag !== null ? fixFor(model, use, recommendedTag) : [];
      for (const f of also)
        fixes.push({ ...f, title: `${f.title} (the release Bulkhead recommends)`, isPreferred: false });
      const span = (use.literal && tagSpan(use)) || { start: use.ref.start, end: use.ref.end };
      const rest = also.length
        ? ` Or move to \`${nameOf(use)}:${recommendedTag}\`: ${releaseName(found.product.name, recommended!)} is the release Bulkhead recommends (its templates use it).`
        : '';
      out.push({
        range: model.range(span.start, span.end),
        message: message(use, found, ended, next, fixes.length ? tag : null) + rest,
        fixes,
      });
    }
    return out;
  },
};

/**
 * The recommended release of the product (shared/src/recommended.ts), when it is supported, not interim and newer than
 * the successor the finding names.
 */
function recommendedRelease(found: ImageRelease, next: EolRelease, today: string): EolRelease | undefined {
  const version = (RECOMMENDED_RELEASES as Readonly<Record<string, string>>)[found.product.id];
  if (version === undefined || compareVersions(version, next.version) <= 0) return undefined;
  const release = found.product.releases.find((r) => r.version === version);
  return release && !release.interim && !hasEnded(release, today) ? release : undefined;
}

interface EndedPart {
  /** Id of the product the release belongs to (the image's own, or its base distribution's). */
  product: string;
  what: string;
  release: EolRelease;
  inferred: boolean;
}

/** The release of the image and the distribution releases its tag names, those that have ended on `today`. */
function endedParts(found: ImageRelease, today: string): EndedPart[] {
  const { product } = found;
  const parts: EndedPart[] = [];
  if (found.release && hasEnded(found.release, today)) {
    parts.push({
      product: product.id,
      what: releaseName(product.name, found.release),
      release: found.release,
      inferred: false,
    });
  } else if (!found.release && found.olderThan) {
    parts.push({
      product: product.id,
      what: `${product.name} ${versionOf(found)}`,
      release: found.olderThan,
      inferred: true,
    });
  }
  for (const base of found.bases) {
    if (!hasEnded(base.release, today)) continue;
    parts.push({
      product: base.product.id,
      what: releaseName(base.product.name, base.release),
      release: base.release,
      inferred: false,
    });
  }
  return parts;
}

function releaseName(product: string, release: EolRelease): string {
  return release.codename ? `${product} ${release.version} (${release.codename})` : `${product} ${release.version}`;
}

/** The version part of what the tag writes (`3.8.10` of `3.8.10`, `17.0.9` of `17.0.9_9`). */
function versionOf(found: ImageRelease): string {
  return found.written.replace(/_\d+$/, '');
}

/**
 * The tag to move to, or null when none can be named safely: the successor release (or the written version when only
 * the distribution ended), with the variant kept and the distribution words dropped, so that the image's current
 * default distribution applies (`3.12-slim-buster` → `3.12-slim`, `20-alpine3.19` → `22-alpine`): whether a successor
 * is still built on the old distribution is not known.
 */
function newTag(
  use: ImageUse,
  found: ImageRelease,
  own: EolRelease | null,
  next: EolRelease | undefined,
): string | null {
  const { product } = found;
  if (found.fromPath || !product.variants || !product.variants.includes(found.variant)) return null;
  if (product.noFixRepositories?.includes(repositoryName(use.parsed))) return null;
  let version: string;
  if (own) {
    if (!next) return null;
    if (product.noFixAcrossMajor && next.version.split('.')[0] !== versionOf(found).split('.')[0]) return null;
    version = found.byCodename && next.codename ? next.codename : next.version;
  } else {
    version = found.written;
  }
  return found.variant ? `${version}-${found.variant}` : version;
}

function message(
  use: ImageUse,
  found: ImageRelease,
  ended: EndedPart[],
  next: EolRelease | undefined,
  fixedTag: string | null,
): string {
  const { product } = found;
  const facts = ended.map((p) => {
    const when = describeEnd(p.release.eol!);
    if (p.inferred) return `is ${p.what}, older than ${releaseName(product.name, p.release)} (end of life ${when})`;
    if (p.product === product.id) return `is ${p.what}, ${product.ended ?? 'which reached end of life'} ${when}`;
    return `is built on ${p.what}, which reached end of life ${when}`;
  });
  const none = ended.length > 1 ? 'neither gets security fixes any more' : 'it gets no security fixes any more';
  const own = ended.some((p) => p.product === product.id);
  const until = (r: EolRelease) => (r.eol ? `until ${r.eol}` : 'with no end announced');
  let todo: string;
  if (fixedTag !== null) {
    todo = `Move to \`${nameOf(use)}:${fixedTag}\`${next ? ` (${releaseName(product.name, next)}, supported ${until(next)})` : ''}.`;
  } else if (own && next) {
    const digest =
      use.parsed.digest !== null
        ? '; the pinned digest belongs to the old image, so pin the digest of the new one'
        : '';
    todo = `Move to ${releaseName(product.name, next)}, the oldest supported successor (supported ${until(next)})${digest}.`;
  } else if (own) {
    todo = product.advice
      ? `${product.advice[0].toUpperCase()}${product.advice.slice(1)}.`
      : 'Move to a supported release.';
  } else {
    todo = 'Move to a tag built on a supported distribution release.';
  }
  return `${use.where} ${describeRef(use)} ${facts.join('; it ')}: ${none}. ${todo}`;
}

function nameOf(use: ImageUse): string {
  const text = use.resolved;
  const at = text.indexOf('@');
  const noDigest = at >= 0 ? text.slice(0, at) : text;
  return use.parsed.tag !== null ? noDigest.slice(0, noDigest.length - use.parsed.tag.length - 1) : noDigest;
}

/** Replace the tag, only when it is written literally and no digest pins the old image. */
function fixFor(model: DockerfileContext['model'], use: ImageUse, tag: string | null): Fix[] {
  if (tag === null || !use.literal || use.parsed.digest !== null) return [];
  const span = tagSpan(use);
  if (!span) return [];
  return [
    {
      title: `Move to ${nameOf(use)}:${tag}`,
      edits: [replaceRange(model, span.start, span.end, tag)],
      isPreferred: true,
      manual: true,
    },
  ];
}

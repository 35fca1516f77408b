import type { ParsedImage } from '../../../common/image';
import { repositoryName } from '../../../common/image';
import { EOL_PRODUCTS, EolProduct, EolRelease, distributionOfCodename, eolProduct } from '../../../data/baseImageEol';
import { lazy, remembered } from '../../../common/memo';

/**
 * What release of which product an image reference names, read from its tag (`python:3.11-slim-bookworm` is Python
 * 3.11 on Debian 12) or, for Red Hat images, from its path (`ubi8/ubi-minimal` is RHEL 8). Tags that name no fixed
 * release (`latest`, `lts`, `stable`, `3`, `1.21rc1`) give nothing: the rules only judge what they can read.
 */
export interface ImageRelease {
  product: EolProduct;
  /**
   * The table release the tag names; null when the table does not list it (unknown: only the distribution words of the
   * tag can be judged) or when the tag is older than every listed release (see `olderThan`).
   */
  release: EolRelease | null;
  /** The oldest listed release, when the tag names an older one and the product's older releases have all ended. */
  olderThan?: EolRelease;
  /** The version as the tag writes it, without the product prefix (`3.11.4`, `bookworm`, `17.0.9_9`). */
  written: string;
  /** The tag names the release by codename (`bookworm`, `jammy`). */
  byCodename: boolean;
  /** The variant after the version, without distribution words and date stamps (`slim`, `fpm-alpine`, `jdk`). */
  variant: string;
  /** Distribution releases the tag names as its base (`-bookworm`, `-alpine3.19`, `-al2`). */
  bases: { word: string; product: EolProduct; release: EolRelease }[];
  /** The release comes from the repository path (Red Hat), so a fix cannot rewrite the tag. */
  fromPath: boolean;
}

/** The products by image repository, made when a first image is looked up (not when the CLI loads: issue 21). */
const byRepository = lazy(() => {
  const map = new Map<string, EolProduct[]>();
  for (const product of EOL_PRODUCTS) {
    for (const repo of product.repositories) {
      const list = map.get(repo) ?? [];
      list.push(product);
      map.set(repo, list);
    }
  }
  return map;
});

const RED_HAT_REGISTRIES = new Set(['registry.access.redhat.com', 'registry.redhat.io']);

export function imageRelease(img: ParsedImage): Readonly<ImageRelease> | undefined {
  // a line break in a part (a variable's value) would split the name wrongly: not kept
  if (img.registry.includes('\n') || img.path.includes('\n') || img.tag?.includes('\n')) return releaseNow(img);
  return releaseByName(`${img.registry}\n${img.path}\n${img.tag === null ? '' : `:${img.tag}`}`);
}

/**
 * imageRelease by the registry, path and tag (all it reads), one line each. Answers kept, read-only: the same base
 * images recur across files, and each look-up reads the tag against the product's releases (issue 21: 2 % of a warm
 * lint of typical Dockerfiles).
 */
const releaseByName = remembered((name: string): ImageRelease | undefined => {
  const [registry, path, tag] = name.split('\n');
  return releaseNow({
    registry,
    path,
    tag: tag ? tag.slice(1) : null,
    explicitRegistry: registry !== 'docker.io',
    digest: null,
  });
});

function releaseNow(img: ParsedImage): ImageRelease | undefined {
  const repo = repositoryName(img).toLowerCase();
  return listedRelease(img, repo) ?? basesInTag(img, repo);
}

function listedRelease(img: ParsedImage, repo: string): ImageRelease | undefined {
  const redHat = redHatRelease(img, repo);
  if (redHat) return redHat;
  const products = byRepository().get(repo);
  if (!products || img.tag === null) return undefined;
  let tag = img.tag;
  if (
    /^(latest|lts|stable|mainline|current|innovation|edge|rawhide|testing|unstable|sid|oldstable|oldoldstable)(-|$)/i.test(
      tag,
    )
  )
    return undefined;
  let product = products[0];
  if (repo.endsWith('/centos')) {
    // docker.io centos:centos7 / 7; quay.io/centos/centos:stream9
    const stream = /^stream(\d.*)$/.exec(tag);
    if (stream) {
      product = eolProduct('centos-stream')!;
      tag = stream[1];
    } else {
      product = eolProduct('centos')!;
      tag = tag.replace(/^centos(?=\d)/, '');
    }
  }
  return parseTag(product, tag);
}

function parseTag(product: EolProduct, tag: string): ImageRelease | undefined {
  let written: string;
  let rest: string;
  let byCodename = false;
  const numeric = /^(\d+(?:\.\d+)*)(_\d+)?(?=-|$)/.exec(tag);
  if (numeric) {
    written = numeric[0];
    rest = tag.slice(numeric[0].length);
  } else {
    // a codename tag of the distribution itself (`bookworm-slim`, `jammy-20240125`)
    const word = /^([a-z]+)(?=-|$)/.exec(tag);
    if (!word) return undefined;
    const release = product.releases.find((r) => r.codename === word[1]);
    if (!release) return undefined;
    written = word[1];
    rest = tag.slice(word[1].length);
    byCodename = true;
  }
  if (rest && !rest.startsWith('-')) return undefined;
  const words = joinAlpineVersions(rest ? rest.slice(1).split('-') : []);
  const variant: string[] = [];
  const bases: ImageRelease['bases'] = [];
  for (const w of words) {
    if (!w) return undefined;
    if (/^\d{8}(\.\d+)?$/.test(w)) continue; // date stamp (`jammy-20240125`, `bookworm-20240110-slim`)
    const base = baseOf(w);
    if (base && base.product.id !== product.id) {
      bases.push({ word: w, ...base });
      if (base.product.id === 'alpine') variant.push('alpine');
      continue;
    }
    if (base) return undefined; // `debian:12-bookworm`: not a form these images use
    if (/^alpine\d/.test(w)) variant.push('alpine');
    else variant.push(w);
  }
  const match = byCodename ? product.releases.find((r) => r.codename === written)! : releaseOf(product, numeric![1]);
  const result: ImageRelease = {
    product,
    release: match === 'older' || match === undefined ? null : match,
    written,
    byCodename,
    variant: variant.join('-'),
    bases,
    fromPath: false,
  };
  if (match === 'older') result.olderThan = oldest(product);
  return result;
}

/**
 * An image the tables have no releases for, or a tag that names no fixed release of it (`node:lts-buster`), may still
 * name the distribution it is built on in a tag word: `rust:1-buster`, `buildpack-deps:stretch-scm`,
 * `openjdk:8-jdk-stretch`, `ghcr.io/acme/tool:2.1-bullseye`. A Debian codename, an Ubuntu codename of a release that is
 * not interim (interim ones, `disco`, `cosmic`, `lunar`, are ordinary words in tags too often and are not published as
 * image variants), `alpineX.Y` or Amazon Linux `al2`: only those releases are judged, as the image's base.
 */
function basesInTag(img: ParsedImage, repo: string): ImageRelease | undefined {
  if (img.tag === null) return undefined;
  const bases: ImageRelease['bases'] = [];
  for (const word of joinAlpineVersions(img.tag.toLowerCase().split(/[-_]/))) {
    const base = baseOf(word);
    if (base && !base.release.interim && !bases.some((b) => b.release === base.release)) bases.push({ word, ...base });
  }
  if (!bases.length) return undefined;
  return {
    product: unlistedProduct(repo),
    release: null,
    written: img.tag,
    byCodename: false,
    variant: '',
    bases,
    fromPath: false,
  };
}

/** The image itself, for an image without a release table: no releases, no variants (so no tag is suggested). */
function unlistedProduct(repo: string): EolProduct {
  return {
    id: `unlisted:${repo}`,
    name: repo,
    support: '',
    repositories: [repo],
    releases: [],
    source: '',
    checked: '',
  };
}

/**
 * Tag words with `alpine` and its version apart (`eclipse-temurin:21-jre-alpine-3.21`, the form Temurin's tags use)
 * joined into the one word other images write (`alpine3.21`).
 */
function joinAlpineVersions(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'alpine' && i + 1 < words.length && /^\d+\.\d+$/.test(words[i + 1])) {
      out.push(`alpine${words[i + 1]}`);
      i++;
    } else out.push(words[i]);
  }
  return out;
}

/**
 * The distribution release a tag word names: a Debian or Ubuntu codename, `alpine3.19`, Red Hat `ubi9`, or Amazon Linux
 * `al2`/`al2023`.
 */
function baseOf(word: string): { product: EolProduct; release: EolRelease } | undefined {
  const codename = distributionOfCodename(word);
  if (codename) return codename;
  const alpine = /^alpine(\d+\.\d+)$/.exec(word);
  if (alpine) {
    const product = eolProduct('alpine')!;
    const release = product.releases.find((r) => r.version === alpine[1]);
    return release ? { product, release } : undefined;
  }
  // Red Hat UBI as the base of a language image (`eclipse-temurin:21-jre-ubi9-minimal`)
  const ubi = /^ubi(\d+)$/.exec(word);
  if (ubi) {
    const product = eolProduct('rhel')!;
    const release = product.releases.find((r) => r.version === ubi[1]);
    return release ? { product, release } : undefined;
  }
  const amazon = /^al(2|2023)$/.exec(word);
  if (amazon) {
    const product = eolProduct('amazonlinux')!;
    const release = product.releases.find((r) => r.version === amazon[1]);
    return release ? { product, release } : undefined;
  }
  return undefined;
}

/**
 * The listed release whose version is a prefix of the tag's (`3.11.4` → `3.11`, `10.5` → `10`, `2.0.2023…` → `2`);
 * 'older' when the tag is older than every listed release and those are known to have ended; undefined otherwise
 * (unknown or ambiguous: `python:3`).
 */
function releaseOf(product: EolProduct, version: string): EolRelease | 'older' | undefined {
  const parts = version.split('.');
  let best: EolRelease | undefined;
  for (const r of product.releases) {
    const rp = partsOf(r);
    if (rp.length > parts.length) continue;
    if (rp.every((p, i) => p === parts[i]) && (!best || rp.length > partsOf(best).length)) best = r;
  }
  if (best) return best;
  // `0.0` and the like are template placeholders, not releases
  if (!product.olderReleasesEnded || parts.every((p) => /^0+$/.test(p))) return undefined;
  const first = oldest(product);
  if (parts.length < partsOf(first).length) return undefined;
  return compareVersions(version, first.version) < 0 ? 'older' : undefined;
}

function oldest(product: EolProduct): EolRelease {
  let first = oldestRelease.get(product);
  if (!first)
    oldestRelease.set(
      product,
      (first = product.releases.reduce((a, b) => (compareVersions(b.version, a.version) < 0 ? b : a))),
    );
  return first;
}

/** The tables are fixed: each release's version split on dots, and each product's oldest release, are worked out once. */
const releaseParts = new Map<EolRelease, string[]>();
const oldestRelease = new Map<EolProduct, EolRelease>();

/** The numbers of every listed release version (compared again and again), split once. */
const releaseNumbers = lazy(() => {
  const map = new Map<string, number[]>();
  for (const product of EOL_PRODUCTS)
    for (const r of product.releases) map.set(r.version, r.version.split('.').map(Number));
  return map;
});

function numbersOf(version: string): number[] {
  return releaseNumbers().get(version) ?? version.split('.').map(Number);
}

function partsOf(release: EolRelease): string[] {
  let parts = releaseParts.get(release);
  if (!parts) releaseParts.set(release, (parts = release.version.split('.')));
  return parts;
}

/** Red Hat images carry the RHEL release in their path: `ubi8`, `ubi9/ubi-minimal`, `ubi8-minimal`, `redhat/ubi9`, `rhel7`. */
function redHatRelease(img: ParsedImage, repo: string): ImageRelease | undefined {
  let path: string;
  if (RED_HAT_REGISTRIES.has(img.registry)) path = img.path.toLowerCase();
  else if (repo.startsWith('docker.io/redhat/')) path = repo.slice('docker.io/redhat/'.length);
  else return undefined;
  const m = /^(ubi|rhel)(\d+)(?:-(?:minimal|micro|init))?(?:\/|$)/.exec(path);
  if (!m) return undefined;
  const product = eolProduct('rhel')!;
  const match = releaseOf(product, m[2]);
  if (match === undefined) return undefined;
  return {
    product,
    release: match === 'older' ? null : match,
    olderThan: match === 'older' ? oldest(product) : undefined,
    written: `${m[1]}${m[2]}`,
    byCodename: false,
    variant: '',
    bases: [],
    fromPath: true,
  };
}

/** Numeric comparison of dotted versions (`3.9` < `3.10`, `0.12` < `4`). */
export function compareVersions(a: string, b: string): number {
  const pa = numbersOf(a);
  const pb = numbersOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The last day asked for (every lint asks, mostly for the same day): its number since 1970 and its string. */
let lastDay = NaN;
let lastIsoDay = '';

/** The calendar day (UTC) of a date, as `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  const day = Math.floor(date.getTime() / 86_400_000);
  if (day === lastDay) return lastIsoDay;
  // from the UTC fields: a process's first toISOString costs ~0.7 ms (issue 21: a one-file check asks once); a year
  // outside 0-9999 (or an invalid date, which throws) goes to toISOString as before
  const year = date.getUTCFullYear();
  const iso =
    year >= 0 && year <= 9999
      ? `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`
      : date.toISOString().slice(0, 10);
  lastDay = day;
  lastIsoDay = iso;
  return iso;
}

/** The first day without support: the date itself, or the first day after a `YYYY-MM` month. */
function firstUnsupportedDay(eol: string): string {
  if (/^\d{4}-\d{2}$/.test(eol)) {
    const [y, m] = eol.split('-').map(Number);
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return eol;
}

/** The release has reached its end of life on `today` (`YYYY-MM-DD`). */
export function hasEnded(release: EolRelease, today: string): boolean {
  return release.eol !== null && today >= firstUnsupportedDay(release.eol);
}

/** How a message states an end date: `on 2024-06-30`, `at the end of 2026-10`. */
export function describeEnd(eol: string): string {
  return /^\d{4}-\d{2}$/.test(eol) ? `at the end of ${eol}` : `on ${eol}`;
}

/**
 * The release to move to: the oldest release newer than `version` that is supported on `today` and is not an interim
 * (short-lived) release. Undefined when the table knows none.
 */
export function successorOf(product: EolProduct, version: string, today: string): EolRelease | undefined {
  let best: EolRelease | undefined;
  for (const r of product.releases) {
    if (r.interim || hasEnded(r, today) || compareVersions(r.version, version) <= 0) continue;
    if (!best || compareVersions(r.version, best.version) < 0) best = r;
  }
  return best;
}

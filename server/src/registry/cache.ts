/**
 * What was fetched about images, kept so a lint can read it without the network: in memory, and on disk when given a
 * folder. On disk the facts are content-addressed (one file per digest and platform: what a digest names never
 * changes) and a small tags index maps each `registry/repository:tag` to the digest it pointed to, when, and the
 * digest before when the tag has moved. Every file is written to a temporary name and renamed (readers never see half
 * a file); a file that is unreadable, corrupt or too large is treated as absent. Nothing but image facts is written:
 * no credential or token ever reaches this class.
 */
import fs = require('node:fs');
import path = require('node:path');
import { randomBytes } from 'node:crypto';
import { ImageConfigFacts, ImageFacts, Platform, platformName } from './facts';
import { DEFAULT_PLATFORM, DigestFacts, normalizePlatform } from './fetchFacts';
import { parseImageReference } from './reference';

export interface FactsCacheOptions {
  /** The folder of the disk cache; memory only when absent. */
  dir?: string;
  /** How long a tag's digest is fresh, in milliseconds (24 h when not given). A digest's facts never go stale. */
  ttlMs?: number;
  /** The most tags kept (2,000 when not given); the least recently stored go first. */
  maxEntries?: number;
  now?: () => number;
}

interface TagEntry {
  digest: string;
  fetchedAt: number;
  previousDigest?: string;
}

/** The facts of one digest on one platform, as stored: without what belongs to the tag (fetchedAt, previousDigest). */
type StoredFacts = DigestFacts;

const TAGS_FILE = 'tags.json';
const FACTS_DIR = 'facts';
const MAX_TAGS_FILE = 4 * 1024 * 1024;
const MAX_FACTS_FILE = 1024 * 1024;
// linear: fixed-length run (recheck: safe)
const SHA256 = /^sha256:[0-9a-f]{64}$/;
// linear: one character class run (recheck: safe)
const SAFE_SEGMENT = /^[a-z0-9._-]{1,64}$/;

/**
 * The cache key of an image reference for a platform: `registry/repository:tag#os/arch[/variant]` as
 * distribution/reference normalises the name (reference.ts), or `registry/repository@digest#…` when a digest is
 * written (what a digest names never changes). Undefined when `ref` is no image reference.
 */
export function cacheKey(ref: string, platform: Platform = DEFAULT_PLATFORM): string | undefined {
  const parsed = parseImageReference(ref);
  if (!parsed) return undefined;
  const name = `${parsed.registry}/${parsed.repository}`;
  const target = parsed.digest ? `@${parsed.digest}` : `:${parsed.tag}`;
  return `${name}${target}#${platformName(normalizePlatform(platform))}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isConfig(v: unknown): v is ImageConfigFacts {
  return (
    isRecord(v) &&
    typeof v.user === 'string' &&
    (v.healthcheck === null || strings(v.healthcheck)) &&
    strings(v.exposedPorts) &&
    strings(v.env) &&
    (v.created === null || typeof v.created === 'string')
  );
}

/** Whether a stored file holds facts of the expected shape (a file edited or damaged on disk is ignored). */
function isStoredFacts(v: unknown): v is StoredFacts {
  return (
    isRecord(v) &&
    typeof v.digest === 'string' &&
    typeof v.mediaType === 'string' &&
    strings(v.platforms) &&
    (v.platform === null || typeof v.platform === 'string') &&
    (v.config === null || isConfig(v.config)) &&
    (v.size === null || Number.isSafeInteger(v.size)) &&
    (v.manifestDigests === undefined || strings(v.manifestDigests))
  );
}

function isTagEntry(v: unknown): v is TagEntry {
  return (
    isRecord(v) &&
    typeof v.digest === 'string' &&
    Number.isFinite(v.fetchedAt) &&
    (v.previousDigest === undefined || typeof v.previousDigest === 'string')
  );
}

/** A file's JSON, or undefined when it is missing, larger than `limit` or not JSON. */
function readJson(file: string, limit: number): unknown {
  try {
    if (fs.statSync(file).size > limit) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes `text` to a temporary file beside `file` and renames it over: a reader sees the old or the new file whole. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    // a cache that cannot be written is a cache in memory only
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // no temporary file was made
    }
  }
}

export class FactsCache {
  private readonly tags = new Map<string, TagEntry>();
  private readonly facts = new Map<string, StoredFacts>();
  private loaded = false;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: FactsCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 2000);
    this.now = options.now ?? Date.now;
  }

  /**
   * The facts stored for a key (`cacheKey`; an image reference is turned into its key for linux/amd64), or undefined
   * when none are, or when the tag's digest is older than the TTL and `allowStale` is not set.
   */
  get(reference: string, options: { allowStale?: boolean } = {}): ImageFacts | undefined {
    this.load();
    const key = this.keyOf(reference);
    const tag = this.tags.get(key);
    if (!tag) return undefined;
    const immutable = key.includes('@');
    if (!immutable && !options.allowStale && this.now() - tag.fetchedAt > this.ttlMs) return undefined;
    const stored = this.factsFor(factsId(tag.digest, key));
    if (!stored) return undefined;
    return {
      ...stored,
      fetchedAt: tag.fetchedAt,
      ...(tag.previousDigest ? { previousDigest: tag.previousDigest } : {}),
    };
  }

  /**
   * Stores facts fetched for a key and returns them with `previousDigest`: the digest the tag pointed to before when
   * it now points to another, kept on later stores until the tag moves again.
   */
  put(reference: string, facts: ImageFacts): ImageFacts {
    this.load();
    const key = this.keyOf(reference);
    const before = this.tags.get(key);
    const previousDigest =
      before && before.digest !== facts.digest ? before.digest : (before?.previousDigest ?? facts.previousDigest);
    const entry: TagEntry = {
      digest: facts.digest,
      fetchedAt: facts.fetchedAt,
      ...(previousDigest ? { previousDigest } : {}),
    };
    // re-inserted, so the Map's order is the order of storing: the first keys are the least recently stored
    this.tags.delete(key);
    this.tags.set(key, entry);
    const id = factsId(facts.digest, key);
    const { fetchedAt: _at, previousDigest: _previous, ...stored } = facts;
    this.facts.set(id, stored);
    this.writeFacts(id, stored);
    this.evict();
    this.writeTags();
    return { ...facts, ...(previousDigest ? { previousDigest } : {}) };
  }

  /**
   * The facts stored for a digest on a platform, whichever tag they came by (fetchImageFacts' `known`: a tag whose
   * HEAD gives a digest already read needs nothing more).
   */
  byDigest(digest: string, platform: Platform = DEFAULT_PLATFORM): DigestFacts | undefined {
    this.load();
    return this.factsFor(`${digest}#${platformName(normalizePlatform(platform))}`);
  }

  /** Forgets everything, in memory and on disk (the cache's own files only). */
  clear(): void {
    this.tags.clear();
    this.facts.clear();
    this.loaded = true;
    const dir = this.options.dir;
    if (!dir) return;
    try {
      fs.rmSync(path.join(dir, TAGS_FILE), { force: true });
      fs.rmSync(path.join(dir, FACTS_DIR), { recursive: true, force: true });
    } catch {
      // nothing more to do: what is left is ignored once unreadable
    }
  }

  private keyOf(reference: string): string {
    return reference.includes('#') ? reference : (cacheKey(reference) ?? reference);
  }

  /** Reads the tags index once; entries of the wrong shape are dropped. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.options.dir) return;
    const json = readJson(path.join(this.options.dir, TAGS_FILE), MAX_TAGS_FILE);
    if (!isRecord(json) || json.version !== 1 || !isRecord(json.tags)) return;
    for (const [key, entry] of Object.entries(json.tags)) if (isTagEntry(entry)) this.tags.set(key, entry);
    this.evict();
  }

  private factsFor(id: string): StoredFacts | undefined {
    const known = this.facts.get(id);
    if (known || !this.options.dir) return known;
    const file = this.factsFile(id);
    const json = file ? readJson(file, MAX_FACTS_FILE) : undefined;
    if (!isStoredFacts(json) || `${json.digest}#${id.split('#')[1]}` !== id) return undefined;
    this.facts.set(id, json);
    return json;
  }

  /** The file of a digest's facts on a platform, or undefined for a digest that cannot name a file safely. */
  private factsFile(id: string): string | undefined {
    const [digest, platform] = id.split('#');
    const slug = platform.replace(/\//g, '-');
    if (!this.options.dir || !SHA256.test(digest) || !SAFE_SEGMENT.test(slug)) return undefined;
    return path.join(this.options.dir, FACTS_DIR, `${digest.replace(':', '-')}.${slug}.json`);
  }

  private writeFacts(id: string, stored: StoredFacts): void {
    const file = this.factsFile(id);
    if (file) writeAtomically(file, JSON.stringify(stored));
  }

  private writeTags(): void {
    if (!this.options.dir) return;
    writeAtomically(
      path.join(this.options.dir, TAGS_FILE),
      JSON.stringify({ version: 1, tags: Object.fromEntries(this.tags) }),
    );
  }

  /** Drops the least recently stored tags beyond the cap, and the facts no tag points to any more. */
  private evict(): void {
    if (this.tags.size <= this.maxEntries) return;
    const dropped: string[] = [];
    for (const [key, tag] of this.tags) {
      if (this.tags.size <= this.maxEntries) break;
      this.tags.delete(key);
      dropped.push(factsId(tag.digest, key));
    }
    const live = new Set([...this.tags].map(([key, tag]) => factsId(tag.digest, key)));
    for (const id of dropped) {
      if (live.has(id)) continue;
      this.facts.delete(id);
      const file = this.factsFile(id);
      try {
        if (file) fs.rmSync(file, { force: true });
      } catch {
        // left behind: an unreferenced file is never read
      }
    }
  }
}

/** Facts are per digest and platform: the platform is the key's part after `#` (`default` when a key has none). */
function factsId(digest: string, key: string): string {
  const hash = key.lastIndexOf('#');
  return `${digest}#${hash < 0 ? 'default' : key.slice(hash + 1)}`;
}

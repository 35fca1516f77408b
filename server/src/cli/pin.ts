/**
 * `bulkhead pin`: rewrites `name:tag` image references in Dockerfiles (FROM, COPY --from=<image>) and Compose files
 * (`image:`) to `name:tag@sha256:…`, the digest the registry gives for the tag (the multi-platform index's when the
 * tag names one). Unlike `check`, this contacts the registries the files name. Only the reference's own text changes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerConfig, RegistryError, resolveDigest } from '../registry/client';
import { parseImageReference } from '../registry/reference';

/** One image reference in a file: where its text is and what it says. */
export interface FoundReference {
  /** 0-based line. */
  line: number;
  /** Offset of the reference in the whole text. */
  offset: number;
  text: string;
}

/** What becomes of a reference: pinned, skipped (with why), or not resolved (with why). */
export type PinOutcome =
  { kind: 'skip'; reason: string } | { kind: 'pin'; digest: string } | { kind: 'error'; message: string };

// FROM [--platform=…] image [AS name]; the flags are \S+ runs separated by blanks, so no two quantifiers overlap
const FROM_LINE = /^([ \t]*FROM[ \t]+(?:--\S+[ \t]+)*)(\S+)(?:[ \t]+AS[ \t]+(\S+))?/i;
const COPY_FROM = /^([ \t]*COPY[ \t]+(?:--\S+[ \t]+)*?--from=)(\S+)/i;
// Compose: `image: name:tag`, optionally quoted
const COMPOSE_IMAGE = /^([ \t]*image:[ \t]*["']?)([^\s"'#]+)/;

/** The FROM and COPY --from=<image> references of a Dockerfile, and the stage names declared before each. */
export function dockerfileReferences(text: string): { refs: FoundReference[]; stages: Set<string> } {
  const refs: FoundReference[] = [];
  const stages = new Set<string>();
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const from = FROM_LINE.exec(line);
    if (from) {
      refs.push({ line: i, offset: offset + from[1].length, text: from[2] });
      if (from[3]) stages.add(from[3].toLowerCase());
    } else {
      const copy = COPY_FROM.exec(line);
      // a stage index (`--from=0`) names no image
      if (copy && !/^\d+$/.test(copy[2])) refs.push({ line: i, offset: offset + copy[1].length, text: copy[2] });
    }
    offset += line.length + 1;
  }
  return { refs, stages };
}

/** The `image:` references of a Compose file. */
export function composeReferences(text: string): FoundReference[] {
  const refs: FoundReference[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = COMPOSE_IMAGE.exec(lines[i]);
    if (m) refs.push({ line: i, offset: offset + m[1].length, text: m[2] });
    offset += lines[i].length + 1;
  }
  return refs;
}

/** Why a reference is not pinned, or null when it should be. */
export function skipReason(ref: string, stages: ReadonlySet<string>): string | null {
  if (ref.includes('$')) return 'variable';
  if (ref.toLowerCase() === 'scratch') return 'scratch';
  if (stages.has(ref.toLowerCase())) return 'stage';
  const parsed = parseImageReference(ref);
  if (!parsed) return 'not an image reference';
  if (parsed.digest) return 'already pinned';
  // the tag is written only when the last path component has a colon (a registry port is before a slash)
  if (!ref.slice(ref.lastIndexOf('/') + 1).includes(':')) return 'no tag';
  return null;
}

/** The Docker config's `auths` ($DOCKER_CONFIG/config.json or ~/.docker/config.json), and a warning if unreadable. */
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
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const auths = (parsed as { auths?: unknown }).auths;
    if (auths !== undefined && (typeof auths !== 'object' || auths === null || Array.isArray(auths)))
      throw new Error('auths is not an object');
    return { config: { auths: auths as DockerConfig['auths'] } };
  } catch {
    return { warning: `${file} is not a valid Docker config (JSON with an "auths" object); no credentials are used` };
  }
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
  insecureRegistries: readonly string[];
  timeoutMs?: number;
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

import { isWellFormedReference, parseImage, ParsedImage, repositoryName } from '../common/image';
import { interpolate } from './interpolation';

/**
 * A service's `image:` as Compose would pull it when no variable is set: defaults filled in (`${TAG:-16}`), variables
 * without a default unknown. The registry and namespace may be unknown (`${REGISTRY}/app:1.2`) while the name and tag
 * are still readable.
 */
export interface ComposeImage {
  raw: string;
  parsed: ParsedImage;
  /** The fully qualified repository (`docker.io/library/postgres`); a variable without a default reads `bulkhead-unresolved-variable`. */
  repository: string;
  /** The repository's last component (`postgres`), or null when a variable decides it. */
  name: string | null;
  /** The name, tag or digest is written with a variable (`app:${TAG}`, `${IMAGE:-nginx:1.27}`): chosen at deploy time. */
  nameOrTagFromVariable: boolean;
}

/** Stands for a variable without a default; valid in a reference, so the rest can still be parsed. */
const UNKNOWN = 'bulkhead-unresolved-variable';

/** The index of the last `/` outside `${…}`, or -1. */
function lastSlash(raw: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (raw[i] === '}' && depth > 0) depth--;
    else if (raw[i] === '/' && depth === 0) last = i;
  }
  return last;
}

export function composeImage(raw: string): ComposeImage | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const { value } = interpolate(text, () => UNKNOWN);
  if (!isWellFormedReference(value)) return undefined;
  const parsed = parseImage(value);
  const repository = repositoryName(parsed);
  const last = repository.slice(repository.lastIndexOf('/') + 1);
  const rawLast = text.slice(lastSlash(text) + 1);
  return {
    raw: text,
    parsed,
    repository,
    name: last.includes(UNKNOWN) ? null : last,
    nameOrTagFromVariable: interpolate(rawLast).hadVariables,
  };
}

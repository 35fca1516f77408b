/**
 * A USER value as the runtime reads it (moby/sys user/v0.4.1 user.go, GetExecUser, which `docker run` and BuildKit's
 * RUN steps both use): the spec is split at every `:` and only the first two fields count (parseLine, user.go 59-97,
 * 308-310); an id is numeric when Go's strconv.Atoi reads it (user.go 245-267: an optional sign, decimal digits,
 * leading zeros allowed); an empty user part means the default uid 0 (user.go 325-327).
 */
export interface UserSpec {
  user: string;
  /** The group part, when the spec has a `:`. */
  group?: string;
}

export function parseUserSpec(spec: string): UserSpec {
  const fields = spec.split(':');
  return fields.length > 1 ? { user: fields[0], group: fields[1] } : { user: fields[0] };
}

/** Largest uid or gid the runtime accepts (user.go 16: 1<<31 - 1). */
export const MAX_ID = 2 ** 31 - 1;

/** Go's strconv.Atoi for an id: the number, or null when the text is not a decimal integer (then it is a name). */
export function atoi(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return Object.is(n, -0) ? 0 : n;
}

/**
 * The spec runs as uid 0: `root`, `0`, `000`, `+0`, `-0`, `0:1000`, `:1000` (an empty user part). An empty spec is not
 * judged: BuildKit refuses a USER without an argument.
 */
export function isRootUser(spec: string): boolean {
  return spec !== '' && isRootUserPart(parseUserSpec(spec).user);
}

/** A user part (before any `:`) that runs as uid 0: `root`, an id Atoi reads as 0, or empty (the default uid). */
export function isRootUserPart(user: string): boolean {
  return user === '' || user === 'root' || atoi(user) === 0;
}

/** The user part is a numeric uid the runtime accepts (`1000`, `+1000`, `01000`). */
export function isNumericUser(user: string): boolean {
  const n = atoi(user);
  return n !== null && n >= 0 && n <= MAX_ID;
}

/**
 * Glob patterns matched in time linear in the text for a given pattern. The patterns come from files a repository
 * ships and from workspace settings (`trustedRegistries`, `.dockerignore`, `bulkhead.daemon.files`): a RegExp built from
 * one backtracks exponentially (`*a*a*a…*b` took more than 30 seconds for one image name), so a glob is compiled to a small
 * nondeterministic automaton instead and run over the set of its states (Thompson's construction): each character of
 * the text is read once, against at most every state, never tried again.
 */

/**
 * Limits on the globs a repository or a setting supplies, far beyond real lists (a handful of registries, a few file
 * patterns): each one is matched against every image or every opened file, so an unbounded list is unbounded work.
 */
export const MAX_GLOB_LENGTH = 256;
export const MAX_GLOBS = 64;

/** Whether one character of the text may be consumed here. */
export type CharTest = (c: string) => boolean;

/** A glob as its parts, in order. */
export type GlobPart =
  /** these characters, as written (under `ignoreCase`, in either case) */
  | string
  /** exactly one character that passes (`?`, `[a-z]`) */
  | { one: CharTest }
  /** any run of characters that pass, the empty one included (`*`, `**`) */
  | { any: CharTest }
  /** the parts, or nothing (a leading `**` and slash is `{ optional: [{ any: notLineBreak }, '/'] }`) */
  | { optional: GlobPart[] }
  /** one of the alternatives (`{a,b}`) */
  | { oneOf: GlobPart[][] };

export const notSlash: CharTest = (c) => c !== '/';
/** What `.` matches in a RegExp: anything but a line terminator. */
export const notLineBreak: CharTest = (c) => c !== '\n' && c !== '\r' && c !== '\u2028' && c !== '\u2029';

export interface CompiledGlob {
  /** per state: the character it consumes (canonical case), or null */
  literal: (string | null)[];
  /** per state: the test of the character it consumes, when not a literal */
  test: (CharTest | null)[];
  /** per state: where consuming its character leads */
  to: number[];
  /** per state: the states it reaches without consuming anything */
  free: number[][];
  accept: number;
  ignoreCase: boolean;
}

/** Compile the parts of a glob (state 0 is the start). The automaton has O(pattern length) states. */
export function compileGlob(parts: readonly GlobPart[], { ignoreCase = false } = {}): CompiledGlob {
  const nfa: CompiledGlob = { literal: [], test: [], to: [], free: [], accept: 0, ignoreCase };
  const state = (): number => {
    nfa.literal.push(null);
    nfa.test.push(null);
    nfa.to.push(-1);
    nfa.free.push([]);
    return nfa.literal.length - 1;
  };
  // every part starts at a state that consumes nothing yet and ends at a fresh one
  const build = (ps: readonly GlobPart[], from: number): number => {
    let at = from;
    for (const p of ps) {
      if (typeof p === 'string') {
        for (let i = 0; i < p.length; i++) {
          const next = state();
          nfa.literal[at] = ignoreCase ? canonical(p[i]) : p[i];
          nfa.to[at] = next;
          at = next;
        }
      } else if ('one' in p) {
        const next = state();
        nfa.test[at] = p.one;
        nfa.to[at] = next;
        at = next;
      } else if ('any' in p) {
        const next = state();
        nfa.test[at] = p.any;
        nfa.to[at] = at;
        nfa.free[at].push(next);
        at = next;
      } else if ('optional' in p) {
        const start = state();
        const end = state();
        nfa.free[at].push(start, end);
        nfa.free[build(p.optional, start)].push(end);
        at = end;
      } else {
        const end = state();
        for (const alternative of p.oneOf) {
          const start = state();
          nfa.free[at].push(start);
          nfa.free[build(alternative, start)].push(end);
        }
        at = end;
      }
    }
    return at;
  };
  nfa.accept = build(parts, state());
  return nfa;
}

/**
 * Whether the glob matches the text: the whole text, or with `anyFolder` what follows any `/` of it too (a pattern for
 * a name at any depth), and with `orParent` the text up to any `/` of it too (the path or one of its folders).
 * Cost: O(text length × states).
 */
export function matchGlob(nfa: CompiledGlob, text: string, { anyFolder = false, orParent = false } = {}): boolean {
  const n = nfa.literal.length;
  // seen[s] === i + 1: state s is already in the set for position i
  const seen = new Int32Array(n);
  let current: number[] = [];
  const stack: number[] = [];
  const add = (s: number, position: number, into: number[]) => {
    stack.push(s);
    while (stack.length) {
      const t = stack.pop() as number;
      if (seen[t] === position + 1) continue;
      seen[t] = position + 1;
      into.push(t);
      for (const u of nfa.free[t]) if (seen[u] !== position + 1) stack.push(u);
    }
  };
  for (let i = 0; ; i++) {
    if (i === 0 || (anyFolder && text[i - 1] === '/')) add(0, i, current);
    const boundary = i === text.length || (orParent && text[i] === '/');
    if (boundary && seen[nfa.accept] === i + 1) return true;
    if (i === text.length || (!current.length && !anyFolder)) return false;
    const c = text[i];
    const key = nfa.ignoreCase ? canonical(c) : c;
    const next: number[] = [];
    for (const s of current) {
      const literal = nfa.literal[s];
      const test = nfa.test[s];
      if (literal !== null ? literal === key : test !== null && test(c)) add(nfa.to[s], i + 1, next);
    }
    current = next;
  }
}

/** A character as a case-insensitive RegExp without the `u` flag compares it (ECMA-262 Canonicalize). */
export function canonical(c: string): string {
  const upper = c.toUpperCase();
  if (upper.length !== 1) return c;
  return c.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128 ? c : upper;
}

/**
 * Data derived once from a model, a stage, an instruction or a script (the executed commands, the package index, a
 * stage's variables …), kept on that object under a key of its own.
 *
 * Not in module-level WeakMaps: V8's young-generation collector keeps every WeakMap value alive until a full
 * collection, so each lint's derived data was copied and promoted by every scavenge of the lints that followed, and
 * garbage collection took a fifth of the lint time. Kept on its owner, it dies with it. The store is one property,
 * not enumerable: spreads, JSON and deep equality do not see it.
 */
const STORE = Symbol('derived');

type Owner = { [STORE]?: Map<symbol, unknown> };

export function memo<T>(owner: object, key: symbol, compute: () => T): T {
  const known = recall<T>(owner, key);
  if (known !== undefined) return known;
  const value = compute();
  remember(owner, key, value);
  return value;
}

/** What is kept on owner under key, if anything. */
export function recall<T>(owner: object, key: symbol): T | undefined {
  return (owner as Owner)[STORE]?.get(key) as T | undefined;
}

export function remember<T>(owner: object, key: symbol, value: T): void {
  let store = (owner as Owner)[STORE];
  if (!store) {
    store = new Map();
    Object.defineProperty(owner, STORE, { value: store, enumerable: false });
  }
  store.set(key, value);
}

/**
 * A function of one string whose answers are kept: for a look-up that runs a table of patterns over a value that recurs
 * across files and keystrokes (the same few hundred base images, COPY sources). Bounded: emptied when `limit` answers
 * are kept; a key longer than `maxKey` characters is answered and not kept.
 */
export function remembered<T>(lookUp: (key: string) => T, limit = 4096, maxKey = 1024): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    const kept = known.get(key);
    if (kept !== undefined || known.has(key)) return kept as T;
    const answer = lookUp(key);
    if (key.length > maxKey) return answer;
    if (known.size >= limit) known.clear();
    known.set(key, answer);
    return answer;
  };
}

/**
 * A value computed on first use, then kept: for a table a module derives from its data (patterns compiled, paths
 * split) that a run may never need, so loading the module costs nothing for it (issue 21: the CLI's cold start).
 */
export function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

import type * as V8 from 'node:v8';

/**
 * V8's optimizer, tuned for a CLI run over many files (issue 21). In a cold run over the 2,648 corpus Dockerfiles the
 * lint thread spent ~3 s while V8's background threads spent ~5 s more compiling hot functions with TurboFan, again
 * after each deoptimization; on a 2-core CI machine they take the lint thread's core. Inlining less makes each of
 * those compilations smaller (the optimized code is a little slower, which a run of seconds does not win back).
 * Measured on that machine, whole process, cumulative inlining budget 920 (V8's) / 460 / 300 / 200 / 100: the corpus
 * 5.8 / 4.7 / 4.3-4.8 / 4.7 / 4.7 s, a 10,000-file tree 5.3 / 5.0 / 4.9-5.7 / 6.3 / 6.5 s (medians of 2-5 runs on a
 * shared machine); 300 is best or level on both. A larger tier-up budget (--interrupt-budget, fewer optimizations)
 * helped the corpus more but slowed the tree (more files of one kind, where optimizing early pays). The language
 * server, which runs for hours, keeps V8's defaults.
 *
 * Set once the run knows it has many files (loading node:v8 costs ~4 ms, more than a one-file check could gain), after
 * the bundle was compiled; put back before the process exits: V8 stamps its flags into the code cache written at exit
 * (common/codeCache.ts) and rejects a cache made under other flags, and a cache a long run writes must serve the next
 * short one (test/unit/code-cache.test.ts). Putting back means setting V8's default values, so this is done only on a
 * V8 whose defaults were checked (the test reads them from `node --v8-options`); setting a flag V8 does not know would
 * also print an error on stderr.
 */
export const TUNED_FLAGS: readonly { flag: string; value: number; default: number }[] = [
  { flag: 'max-inlined-bytecode-size-cumulative', value: 300, default: 920 },
];

/** The V8 releases (major.minor) whose flags and defaults TUNED_FLAGS was checked against: Node 20's. */
export const CHECKED_V8 = ['11.3'];

/** At least this many files: the run is long enough for the tuning to pay. */
export const MANY_FILES = 64;

/**
 * Sets TUNED_FLAGS for a run over `files` files when that pays and this V8 is one they were checked against; returns
 * what puts V8's defaults back (nothing to do when nothing was set; once is enough).
 */
export function tuneOptimizer(files: number): () => void {
  // the user's own flags are on the command line (Node 20 allows none of V8's optimizer flags in NODE_OPTIONS)
  if (!tunes(files, process.versions.v8, process.execArgv)) return () => undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module loaded only for a long run
  const v8 = require('node:v8') as typeof V8;
  const set = (pick: (f: (typeof TUNED_FLAGS)[number]) => number) =>
    v8.setFlagsFromString(TUNED_FLAGS.map((f) => `--${f.flag}=${pick(f)}`).join(' '));
  set((f) => f.value);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    set((f) => f.default);
  };
}

/**
 * Whether a run over `files` files is tuned: enough files, a V8 whose flags were checked, and none of the flags set by
 * the user for this run (`node --max-inlined-bytecode-size-cumulative=…`; V8 reads `_` as `-`): theirs stays as they
 * set it, and is not put back to V8's default at the end.
 */
export function tunes(files: number, v8Version: string, options: readonly string[]): boolean {
  if (files < MANY_FILES || !CHECKED_V8.includes(v8Version.split('.').slice(0, 2).join('.'))) return false;
  const given = options.map((o) => o.replace(/_/g, '-'));
  return !TUNED_FLAGS.some((f) => given.some((o) => o === `--${f.flag}` || o.startsWith(`--${f.flag}=`)));
}

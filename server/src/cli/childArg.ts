/**
 * argv[2] of a long check's child (cli/childProcess.ts): `node --v8-pool-size=N <entry> --bulkhead-check-child
 * <parent's process id>`. Internal; its check comes on descriptor 3. In a module of its own so that the entry
 * (cliEntry.ts) knows it without loading the CLI.
 */
export const CHECK_CHILD_ARG = '--bulkhead-check-child';

/**
 * The V8 options of that child besides its pool, for the run's peak memory (issue 21: the target counts the parent's
 * ~60 MB too), measured on a 2-CPU machine at the same speed over the corpus and a 50,000-file tree:
 * - a young generation of at most 8 MB a half (V8's default here is 16): a 50,000-file check's peak ~248 → ~215 MB;
 * - an old generation let grow by half its live size between full collections (`--heap-growing-percent=50`) rather
 *   than by V8's factor of up to four: a check keeps ~30 MB of its own (the folders' listings and ignore files) while
 *   ~230 KB a file passes through and dies, and the heap grew to ~160 MB of that before it was collected. Peaks:
 *   50,000 files 209 → 134 MB, a 10,000-file tree 139 → 107 MB, the 2,648 corpus Dockerfiles 125 → 107 MB
 *   (`--heap-growing-percent=20`: 124 MB at 50,000 files, but 4 % slower there).
 * V8 stamps its flags into a code cache and rejects one made under others, so the child keeps a cache of its own
 * (CHILD_CACHE_VARIANT in the file's name).
 */
export const CHILD_V8_OPTIONS = ['--max-semi-space-size=8', '--heap-growing-percent=50'];
export const CHILD_CACHE_VARIANT = 'long-check';

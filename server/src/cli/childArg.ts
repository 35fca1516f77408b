/**
 * argv[2] of a long check's child (cli/childProcess.ts): `node --v8-pool-size=N <entry> --bulkhead-check-child`.
 * Internal; its check comes on descriptor 3. In a module of its own so that the entry (cliEntry.ts) knows it without
 * loading the CLI.
 */
export const CHECK_CHILD_ARG = '--bulkhead-check-child';

/**
 * The V8 options of that child besides its pool: a young generation of at most 8 MB a half (V8's default here is 16),
 * which kept a 50,000-file check's peak at ~215 MB rather than ~248 MB, at the same speed over the corpus (issue 21:
 * the target counts the parent's ~60 MB too). V8 stamps its flags into a code cache and rejects one made under others,
 * so the child keeps a cache of its own (CHILD_CACHE_VARIANT in the file's name).
 */
export const CHILD_V8_OPTIONS = ['--max-semi-space-size=8'];
export const CHILD_CACHE_VARIANT = 'long-check';

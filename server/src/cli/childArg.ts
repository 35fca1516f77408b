/**
 * argv[2] of a long check's child (cli/childProcess.ts): `node --v8-pool-size=N <entry> --bulkhead-check-child`.
 * Internal; its check comes on descriptor 3. In a module of its own so that the entry (cliEntry.ts) knows it without
 * loading the CLI.
 */
export const CHECK_CHILD_ARG = '--bulkhead-check-child';

// dist/cli.js, the `bulkhead` command: runs the CLI bundle (dist/cli-main.js, built from cli.ts) through the V8 code
// cache (common/codeCache.ts). Kept to Node's built-in modules so that it costs nothing to load.
import path = require('node:path');
import { codeCacheDir, runWithCodeCache } from './common/codeCache';
import { CHECK_CHILD_ARG, CHILD_CACHE_VARIANT } from './cli/childArg';

/** esbuild.mjs defines it: a hash of dist/cli-main.js as built. */
declare const BULKHEAD_BUNDLE_HASH: string;

runWithCodeCache({
  bundle: path.join(__dirname, 'cli-main.js'),
  bundleHash: BULKHEAD_BUNDLE_HASH,
  dir: codeCacheDir(),
  // a check writes the cache: what it compiled is what the next check needs first (a worker thread never does: its
  // argv[2] is cli.ts's CHECK_WORKER_ARG; a long check's child does, and its parent not: CODE_CACHE_LEFT_TO_CHILD);
  // `lsp` runs the language server (server.js: the server's entry, with its own cache)
  produce: process.argv[2] === 'check' || process.argv[2] === CHECK_CHILD_ARG,
  variant: process.argv[2] === CHECK_CHILD_ARG ? CHILD_CACHE_VARIANT : undefined,
});

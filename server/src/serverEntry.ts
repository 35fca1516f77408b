// dist/server.js, the language server (`bulkhead-language-server`, the VS Code client's server module, `bulkhead lsp`):
// runs the server bundle (dist/server-main.js, built from server.ts) through the V8 code cache (common/codeCache.ts).
// Kept to Node's built-in modules so that it costs nothing to load.
import path = require('node:path');
import { codeCacheDir, runWithCodeCache } from './common/codeCache';

/** esbuild.mjs defines it: a hash of dist/server-main.js as built. */
declare const BULKHEAD_BUNDLE_HASH: string;

runWithCodeCache({
  bundle: path.join(__dirname, 'server-main.js'),
  bundleHash: BULKHEAD_BUNDLE_HASH,
  dir: codeCacheDir(),
  // written when the server exits (the client's shutdown and exit): by then it holds what a session compiled
  produce: true,
});

// The one build script: bundles the client, the server, the CLI and the pure service (for the scripts and the
// benchmarks).
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD build requires its modules dynamically; its ESM build bundles cleanly
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/service/index.ts'], outfile: 'dist/service.js' },
  // the server wiring without a transport, for the benchmark's in-memory client (test/bench/lsp-pair.mjs)
  { entryPoints: ['server/src/lsp.ts'], outfile: 'dist/lsp.js' },
];

// `node esbuild.mjs service` builds only the named bundles (quick iteration on the engine).
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = only.length ? entries.filter((e) => only.some((o) => e.outfile === `dist/${o}.js`)) : entries;

if (watch) {
  const { context } = await import('esbuild');
  for (const e of selected) await (await context({ ...common, ...e })).watch();
} else {
  await Promise.all(selected.map((e) => build({ ...common, ...e })));
}
// `bin` points at dist/cli.js (bulkhead) and dist/server.js (bulkhead-language-server): they must be executable when
// run directly or linked by npm/npx.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);

// The one build script: bundles the client, the server, the CLI and the pure service (for the scripts and the
// benchmarks).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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
  plugins: [yamlModules(), sideEffectFree('jsonc-parser')],
};

/**
 * Modules of a package that do nothing when loaded but define what they export, so esbuild may leave out those whose
 * exports no one uses. jsonc-parser's formatter (unused: Bulkhead edits JSON itself) builds 1,200 indentation strings
 * when loaded (~240 KB, issue 21); its package.json does not say `"sideEffects": false`, which would let esbuild drop it.
 */
function sideEffectFree(pkg) {
  const inside = (file) => file.split(/[\\/]/).includes(pkg);
  return {
    name: 'side-effect-free',
    setup(b) {
      // the package itself, and the relative imports of its own modules
      b.onResolve({ filter: new RegExp(`^(${pkg}$|\\.)`) }, async (args) => {
        if (args.pluginData?.sideEffectFree) return undefined;
        if (args.path.startsWith('.') && !inside(args.importer)) return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { sideEffectFree: true },
        });
        if (r.errors.length || !inside(r.path)) return undefined;
        return { path: r.path, namespace: r.namespace, sideEffects: false };
      });
    },
  };
}

/**
 * `yaml` from its ES module build (the one its package.json gives every platform but Node): Node's CommonJS build
 * made each of the 22 modules that import it copy its ~60 exports into a namespace of getters at load, and every
 * call go through one (issue 21: ~6 ms of a one-file run). The two builds are compiled from the same sources; the
 * ES one would print a warning through console.warn, not process.emitWarning (the engine parses with logLevel 'error':
 * it prints none) and has no LOG_TOKENS/LOG_STREAM debugging switches (which print to stdout).
 */
function yamlModules() {
  const esm = path.join(
    path.dirname(createRequire(import.meta.url).resolve('yaml/package.json')),
    'browser/dist/index.js',
  );
  return {
    name: 'yaml-esm',
    setup(b) {
      b.onResolve({ filter: /^yaml$/ }, () => ({ path: esm }));
    },
  };
}

/**
 * The server and CLI bundles are CommonJS modules that, run as a plain script by their entry (which sets a global mark
 * while it does), evaluate to their module function: the entries compile the file as it is (codeCache.ts), where
 * wrapping it as Node's loader does would copy the whole 1.2-1.5 MB text into a new string first (V8 flattens the
 * wrapper and the text into one: ~6 ms of a one-file run here). Loaded by Node (`require`, `node dist/cli-main.js`)
 * the function runs at once, as any module. BUNDLE_HEAD in
 * server/src/common/codeCache.ts must be this banner, byte for byte (a test compares them).
 */
function wrapped() {
  return {
    banner: {
      js:
        '(function (main) { if (globalThis[Symbol.for("bulkhead.entry")] === true) return main; ' +
        'main.call(exports, exports, require, module, __filename, __dirname); })' +
        '(function (exports, require, module, __filename, __dirname) {',
    },
    footer: { js: '});' },
    // without the indentation and with shorter syntax (names kept: stack traces still name the functions; the source
    // map maps them back): every start reads, copies and pages in the whole text, 1.66 MB → 1.25 MB (issue 21: ~4 ms
    // of a one-file check)
    minifyWhitespace: true,
    minifySyntax: true,
  };
}

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  // the server and CLI bundles; dist/server.js and dist/cli.js (ENTRIES) run them through the V8 code cache
  // (server/src/common/codeCache.ts)
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', name: 'server', ...wrapped() },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', name: 'cli', ...wrapped() },
  { entryPoints: ['server/src/service/index.ts'], outfile: 'dist/service.js' },
  // the server wiring without a transport, for the benchmark's in-memory client (test/bench/lsp-pair.mjs)
  { entryPoints: ['server/src/lsp.ts'], outfile: 'dist/lsp.js' },
];

// `node esbuild.mjs service` builds only the named bundles (quick iteration on the engine).
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nameOf = (e) => e.name ?? e.outfile.replace(/^dist\/|\.js$/g, '');
const selected = (only.length ? entries.filter((e) => only.includes(nameOf(e))) : entries).map(
  ({ name, ...options }) => options,
);

/**
 * dist/cli.js (the `bulkhead` command) and dist/server.js (the language server): each built after its bundle, whose
 * hash it carries (the code cache's key).
 */
const ENTRIES = [
  { source: 'server/src/cliEntry.ts', outfile: 'dist/cli.js', bundle: 'dist/cli-main.js' },
  { source: 'server/src/serverEntry.ts', outfile: 'dist/server.js', bundle: 'dist/server-main.js' },
];
const entryOptions = (e, hash) => ({
  entryPoints: [e.source],
  outfile: e.outfile,
  banner: { js: '#!/usr/bin/env node' },
  define: { BULKHEAD_BUNDLE_HASH: JSON.stringify(hash) },
});
const selectedEntries = ENTRIES.filter((e) => selected.some((s) => s.outfile === e.bundle));

if (watch) {
  const { context } = await import('esbuild');
  for (const e of selected) await (await context({ ...common, ...e })).watch();
  // rebuilt bundles keep this hash: the cache key's size and modification time tell them apart
  for (const e of selectedEntries) await (await context({ ...common, ...entryOptions(e, 'watch') })).watch();
} else {
  await Promise.all(selected.map((e) => build({ ...common, ...e })));
  for (const e of selected) assertAscii(e.outfile);
  for (const e of selectedEntries) {
    const hash = createHash('sha256').update(readFileSync(e.bundle)).digest('hex').slice(0, 16);
    await build({ ...common, ...entryOptions(e, hash) });
  }
}

/**
 * The bundles are ASCII (esbuild escapes strings, but keeps comments and regular expressions as written): Node reads an
 * ASCII file into a one-byte string without decoding UTF-8, and the entries read their bundle as Latin-1 when it is.
 */
function assertAscii(file) {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[\u0080-\u00ff]/);
  if (at < 0) return;
  const line = text.slice(0, at).split('\n').length;
  console.error(
    `${file}:${line}: a character outside ASCII; write it as an escape (\\u00b7) or in ASCII in the source`,
  );
  process.exit(1);
}
/**
 * dist/package.json: the package scope of the bundles. Node reads the nearest package.json of the file it starts (is it
 * an ES module?); without this one that is the project's, 65 KB of extension manifest parsed on every start (issue 21:
 * ~3 ms of a one-file check). It says what the project's says by leaving `type` out: CommonJS.
 */
const DIST_PACKAGE_JSON = '{ "type": "commonjs" }\n';
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', DIST_PACKAGE_JSON);

// `bin` points at dist/cli.js (bulkhead) and dist/server.js (bulkhead-language-server): they must be executable when
// run directly or linked by npm/npx.
for (const bin of ['dist/cli.js', 'dist/server.js']) if (existsSync(bin)) chmodSync(bin, 0o755);

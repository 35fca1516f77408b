// Child process of run.mjs: resident memory after linting the corpus once and twice, in a fresh process (the
// throughput runs would otherwise blur it). Prints one JSON line. Run with --expose-gc so the figures follow a GC;
// with --jitless too for the leak check (no compiled code or type feedback grows the heap: what grows is kept data).
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCorpus } from './inputs.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { lintDockerfile } = require(path.join(root, 'dist/service.js'));
const corpus = loadCorpus(process.argv[2]);
const config = { rules: {}, trustedRegistries: [] };

const snapshot = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  // code_space: the JIT's compiled code (it grows as more functions are optimized, then levels off)
  const code = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space')?.space_used_size ?? 0;
  return { rss: m.rss, heapUsed: m.heapUsed, code };
};
const pass = () => {
  for (const f of corpus.files) lintDockerfile(f.text, pathToFileURL(f.path).href, config, { dockerignore: null });
};
const before = snapshot();
pass();
const once = snapshot();
pass();
const twice = snapshot();
pass();
const thrice = snapshot();
process.stdout.write(JSON.stringify({ gc: typeof globalThis.gc === 'function', before, once, twice, thrice }) + '\n');

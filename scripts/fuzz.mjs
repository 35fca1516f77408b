// The fuzzer ("Never hang, never crash, never leak"): mutated Dockerfiles, Compose files and daemon.json files, built
// from the shared corpus (../shared/corpus beside the repository, read-only, optional) and the test fixtures, go
// through the built engine (dist/fuzz.js: the engine and the shared helpers of test/unit/fuzz-helpers.ts, bundled by
// esbuild when the fuzzer starts). Each input is linted with its kind,
// hovered, asked for code actions, has every offered fix applied (a sample of them re-linted) and Fix All applied until
// it stops changing. Every step runs under a vm timeout inside a worker thread, so an endless loop is recorded as a
// hang (its input saved) instead of stopping the run; a worker that dies (out of memory) is replaced. A hang or a slow
// input is run once more under the CPU profiler, which names the engine function the time went to.
//
// Prints counts (inputs, exceptions, hangs, invariant violations, inputs over 50 ms per 10 KB), the ten slowest
// inputs, and each class of failure with a minimised reproducer (the smallest example, for slowness); writes the
// inputs worth keeping and summary.json to .fuzz-out/ (git-ignored). Exits 1 when anything failed.
//
//   node scripts/fuzz.mjs [--count N] [--seed S] [--workers N] [--timeout MS] [--corpus DIR] [--out DIR]
//   node scripts/fuzz.mjs --replay .fuzz-out/<file>      one saved input again (kind from its extension), unguarded
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import inspector from 'node:inspector';
import { createRequire, findSourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const SERVICE = path.join(ROOT, 'dist/fuzz.js');
// the main thread bundles, the workers load what it built (the options are esbuild.mjs's)
if (isMainThread)
  buildSync({
    stdin: {
      contents: [
        "export * from './test/unit/fuzz-helpers';",
        "export { secureBaselineEdits } from './server/src/daemon/service/baseline';",
      ].join('\n'),
      resolveDir: ROOT,
      sourcefile: 'fuzz-entry.ts',
      loader: 'ts',
    },
    outfile: SERVICE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    // the helpers find the repository from their own file (helpers.ts's import.meta.url), not from the bundle's
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(ROOT, 'test/unit/helpers.ts')).href) },
  });
// stacks and profiles name the TypeScript sources: the bundle's source map is read when the bundle loads, so this
// first. (Error.stackTraceLimit stays at its default: every error the YAML parser creates captures that many frames,
// and a larger limit would make broken YAML look three times slower than it is in the editor.)
process.setSourceMapsEnabled?.(true);
const H = createRequire(import.meta.url)(SERVICE);
const { KINDS } = H;

/** An input is slow when one lint takes longer than this per 10 KB (inputs under 10 KB count as 10 KB). */
const SLOW_MS_PER_10KB = 50;
/** Fixes whose output is re-linted, per input (all are applied and checked; re-linting each would triple the run). */
const FIX_RELINTS = 2;
/** Longer inputs are cut: the engine declines files over 2 MiB, and the mutations aim at structure, not bulk. */
const MAX_INPUT_CHARS = 400_000;
const MINIMIZE_MS = 6_000;
const HANG_MINIMIZE_MS = 10_000;
const HANG_TRIAL_MS = 500;

function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

function wholeNumber(name, fallback, min = 0) {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}`);
    process.exit(2);
  }
  return value;
}

/** Milliseconds one step (a lint, a Fix All) may take before it counts as a hang: generous, scaled by size. */
function stepTimeout(base, text) {
  return base + Math.ceil(text.length / 1024) * 30;
}

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');
const perTenKb = (ms, text) => ms / Math.max(1, Buffer.byteLength(text) / 10240);

// ---------------------------------------------------------------------------------------------------------------
// Where a failure comes from
// ---------------------------------------------------------------------------------------------------------------

/** Stack frames as [function, file], paths relative to the repository. */
function frames(stack) {
  return String(stack)
    .split('\n')
    .map((l) => /^\s+at (?:(.+?) \()?(.+?):\d+:\d+\)?$/.exec(l))
    .filter(Boolean)
    .map(([, fn, file]) => [fn ?? '<anonymous>', file.startsWith(ROOT) ? rel(file) : file]);
}

const ours = ([, file]) => file.startsWith('server/src/');

/**
 * Where an error comes from: for a stack overflow the functions that recur (the cycle, whichever frame the overflow
 * hit), else the top frame of the engine's own code.
 */
function stackKey(error) {
  const all = frames(error);
  if (/Maximum call stack size exceeded/.test(error)) {
    const counts = new Map();
    for (const [fn, file] of all.filter(ours)) counts.set(`${fn} (${file})`, (counts.get(`${fn} (${file})`) ?? 0) + 1);
    const cycle = [...counts]
      .filter(([, n]) => n >= 2)
      .map(([f]) => f)
      .sort();
    return cycle.length ? `recursion in ${cycle.join(', ')}` : 'recursion';
  }
  const top = all.find(ours) ?? all[0];
  return top ? `${top[0]} (${top[1]})` : 'no stack';
}

function errorHead(error) {
  return String(error)
    .split('\n')[0]
    .replace(/\d+/g, '#')
    .replace(/(["'`]).{12,}?\1/g, '$1…$1')
    .slice(0, 140);
}

/**
 * Run `fn` under the CPU profiler and name where the time went: the engine function (server/src, through the
 * bundle's source map) that the most samples were in or under, nearest the leaf, with its caller.
 */
function profiled(fn) {
  const session = new inspector.Session();
  session.connect();
  let profile = null;
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  try {
    fn();
  } finally {
    session.post('Profiler.stop', (err, result) => (profile = result?.profile ?? null));
    session.disconnect();
  }
  return profile && hotspot(profile);
}

function hotspot(profile) {
  const map = findSourceMap(SERVICE);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sources = new Map();
  const sourceOf = (node) => {
    if (!sources.has(node.id)) {
      const { url, lineNumber, columnNumber, functionName } = node.callFrame;
      const entry = url.endsWith('dist/fuzz.js') ? map?.findEntry(lineNumber, columnNumber) : undefined;
      const at = entry?.originalSource?.indexOf('server/src/') ?? -1;
      sources.set(node.id, at >= 0 ? `${functionName || '<anonymous>'} (${entry.originalSource.slice(at)})` : null);
    }
    return sources.get(node.id);
  };
  const counts = new Map();
  let total = 0;
  for (const id of profile.samples) {
    const chain = [];
    for (let cur = id; cur !== undefined && chain.length < 2; cur = parent.get(cur)) {
      const s = sourceOf(byId.get(cur));
      if (s && s !== chain[0]) chain.push(s);
    }
    if (!chain.length) continue;
    const key = chain.map((c, i) => (i ? c.replace(/ \(.*\)$/, '') : c)).join(' ← ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top ? { where: top[0], share: Math.round((100 * top[1]) / total) } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The work on one input (in a worker, or in --replay)
// ---------------------------------------------------------------------------------------------------------------

class Hang extends Error {
  constructor(phase) {
    super(`hang in ${phase}`);
    this.phase = phase;
  }
}
class Abort extends Error {}

/**
 * Lint, hover, code actions, every fix, Fix All. `guard(fn, ms)` runs fn and throws when it takes longer (vm's timeout
 * interrupts synchronous code); a hang throws Hang. `phases: 'lint'` stops after the first lint.
 */
function exercise(kind, text, opts, { guard, base, relints = FIX_RELINTS, phases = 'all' }) {
  const K = KINDS[kind];
  const problems = [];
  const step = (phase, fn, forText) => {
    try {
      return guard(fn, stepTimeout(base, forText));
    } catch (e) {
      if (e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Hang(phase);
      const error = e?.stack ?? String(e);
      problems.push({ type: 'exception', phase, error, key: `${errorHead(error)} | ${stackKey(error)}` });
      return undefined;
    }
  };
  const failures = (phase, result) => {
    for (const f of result.failures)
      problems.push({
        type: 'exception',
        phase,
        rule: f.rule,
        error: f.error,
        key: `${errorHead(f.error)} | ${stackKey(f.error)}`,
      });
  };
  const invariant = (what, rule, detail) =>
    problems.push({ type: 'invariant', phase: what, rule, error: detail, key: `${what} | ${rule}` });

  const started = performance.now();
  const result = step('lint', () => K.lint(text, opts), text);
  let lintMs = performance.now() - started;
  if (!result) return { problems, lintMs };
  failures('lint', result);
  let slow = null;
  if (phases === 'all' && perTenKb(lintMs, text) > SLOW_MS_PER_10KB) {
    // a single slow sample is often a garbage-collection pause or a busy machine: the best of three counts
    for (let i = 0; i < 2; i++) {
      const again = performance.now();
      step('lint', () => K.lint(text, opts), text);
      lintMs = Math.min(lintMs, performance.now() - again);
    }
    if (perTenKb(lintMs, text) > SLOW_MS_PER_10KB) slow = profiled(() => step('lint', () => K.lint(text, opts), text));
  }
  const lines = H.documentLines(text);
  for (const d of result.diagnostics) {
    if (!H.rangeInside(lines, d.range))
      invariant('range-outside-document', d.code ?? 'syntax', JSON.stringify(d.range));
  }
  if (phases === 'lint') return { problems, lintMs, slow };

  step('hover', () => K.hovers(result), text);
  step('code-actions', () => K.actionTitles(result), text);
  if (kind === 'daemon') step('secure-baseline', () => H.secureBaselineEdits(result.model), text);

  const fixed = [];
  for (const d of result.diagnostics) {
    for (const fix of d.data?.fixes ?? []) {
      const bad = fix.edits.find((e) => !H.rangeInside(lines, e.range));
      if (bad) invariant('fix-edit-outside-document', d.code, `${fix.title}: ${JSON.stringify(bad.range)}`);
      try {
        const out = H.applyDocumentEdits(text, fix.edits);
        if (out !== text) fixed.push({ rule: d.code, out });
      } catch (e) {
        invariant('fix-edits-overlap', d.code, `${fix.title}: ${e.message}`);
      }
    }
  }
  // an even spread of the fixes, so every finding's fixes get their turn across inputs
  const stride = Math.max(1, fixed.length / relints);
  for (let i = 0; i < fixed.length && i / stride < relints; i += stride) {
    const { rule, out } = fixed[Math.floor(i)];
    const re = step(`after-fix:${rule}`, () => K.lint(out, opts), out);
    if (re) failures(`after-fix:${rule}`, re);
  }

  try {
    const run = H.fixAllToFixedPoint(kind, text, opts, {
      lint: (t, o, round) => {
        if (round === 0) return result;
        const re = step('after-fix-all', () => K.lint(t, o), t);
        if (!re) throw new Abort();
        failures('after-fix-all', re);
        return re;
      },
      fixAll: (r) => {
        const edits = step('fix-all', () => K.fixAll(r), text);
        if (!edits) throw new Abort();
        return edits;
      },
    });
    if (!run.converged) {
      const rounds = run.texts
        .map((t, i) => `--- round ${i}\n${t.length > 600 ? `${t.slice(0, 600)}…` : t}`)
        .join('\n');
      invariant(
        'fix-all-not-converging',
        run.rules.join(',') || '?',
        `still changing after ${run.rounds} rounds:\n${rounds}`,
      );
    }
  } catch (e) {
    if (e instanceof Hang) throw e;
    if (!(e instanceof Abort)) invariant('fix-edits-overlap', 'fix-all', e.message);
  }
  return { problems, lintMs, slow };
}

/** Smaller and smaller inputs (lines, then characters) for which `still(text)` holds, within `budgetMs`. */
function minimize(text, still, budgetMs) {
  const deadline = performance.now() + budgetMs;
  const pass = (units) => {
    let n = 2;
    while (units.length > 1 && performance.now() < deadline) {
      const chunk = Math.ceil(units.length / n);
      let removed = false;
      for (let i = 0; i < units.length && performance.now() < deadline; i += chunk) {
        const candidate = units.slice(0, i).concat(units.slice(i + chunk));
        if (still(candidate.join(''))) {
          units = candidate;
          n = Math.max(n - 1, 2);
          removed = true;
          break;
        }
      }
      if (!removed) {
        if (chunk === 1) break;
        n = Math.min(n * 2, units.length);
      }
    }
    return units.join('');
  };
  let out = pass(text.split(/(?<=\n)/));
  if (out.length <= 4000) out = pass([...out]);
  return out;
}

function workerMain() {
  const context = vm.createContext({});
  const script = new vm.Script('job()');
  const guard = (fn, timeout) => {
    context.job = fn;
    try {
      return script.runInContext(context, { timeout });
    } finally {
      context.job = undefined;
    }
  };
  const { base } = workerData;
  parentPort.on('message', (msg) => {
    if (msg.type === 'run') {
      try {
        const { problems, lintMs, slow } = exercise(msg.kind, msg.text, msg.opts, { guard, base });
        parentPort.postMessage({ id: msg.id, problems, lintMs, slow });
      } catch (e) {
        if (!(e instanceof Hang)) throw e;
        // once more under the profiler, to learn where it spins
        const where = profiled(() => {
          try {
            exercise(msg.kind, msg.text, msg.opts, { guard, base });
          } catch {
            // the same hang
          }
        });
        parentPort.postMessage({ id: msg.id, problems: [], hang: e.phase, where });
      }
    } else if (msg.type === 'minimize') {
      const trialGuard = msg.hang ? (fn) => guard(fn, HANG_TRIAL_MS) : guard;
      const still = (candidate) => {
        try {
          const { problems } = exercise(msg.kind, candidate, msg.opts, {
            guard: trialGuard,
            base,
            phases: msg.phases,
            relints: 1000,
          });
          return !msg.hang && problems.some((p) => p.key === msg.key);
        } catch (e) {
          return !!msg.hang && e instanceof Hang;
        }
      };
      parentPort.postMessage({
        id: msg.id,
        minimized: minimize(msg.text, still, msg.hang ? HANG_MINIMIZE_MS : MINIMIZE_MS),
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// --replay: one saved input, unguarded
// ---------------------------------------------------------------------------------------------------------------

function replay(file) {
  const kind = option('kind', H.kindOfFile(file));
  if (!KINDS[kind]) {
    console.error(`--replay: say which kind ${file} is with --kind dockerfile|compose|daemon|devcontainer`);
    process.exit(2);
  }
  const sidecar = file.replace(/(\.Dockerfile|\.compose\.yaml|\.daemon\.json|\.devcontainer\.json)$/, '.json');
  const opts =
    sidecar !== file && fs.existsSync(sidecar) ? (JSON.parse(fs.readFileSync(sidecar, 'utf8')).opts ?? {}) : {};
  const text = fs.readFileSync(file, 'utf8');
  const started = performance.now();
  const { problems, lintMs, slow } = exercise(kind, text, opts, { guard: (fn) => fn(), base: 0, relints: 1000 });
  console.log(
    `${kind}, ${text.length} characters: first lint ${lintMs.toFixed(1)} ms (${perTenKb(lintMs, text).toFixed(1)} ms per 10 KB), all steps ${(performance.now() - started).toFixed(0)} ms`,
  );
  if (slow) console.log(`slow: ${slow.share}% of the time in ${slow.where}`);
  for (const p of problems)
    console.log(`\n[${p.type}] ${p.phase}${p.rule ? ` (${p.rule})` : ''}: ${p.key}\n${p.error}`);
  process.exit(problems.length || slow ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

/** A reproducer as a JSON string, with long repetitions written ‹unit›×n. */
function escapeForDisplay(text, max = 400) {
  const json = JSON.stringify(text).replace(/(.{1,8}?)\1{7,}/g, (run, unit) => `‹${unit}›×${run.length / unit.length}`);
  return json.length > max ? `${json.slice(0, max)}…" (${text.length} characters)` : json;
}

async function main() {
  const count = wholeNumber('count', 20_000, 1);
  const seed = wholeNumber('seed', 1);
  const workers = wholeNumber('workers', Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length)), 1);
  const base = wholeNumber('timeout', 3000, 100);
  const outDir = path.resolve(ROOT, option('out', '.fuzz-out'));
  const corpusDir = path.resolve(ROOT, option('corpus', '../shared/corpus'));

  const fixtures = H.fixtureFiles();
  const corpus = H.corpusFiles(corpusDir);
  if (!corpus)
    console.log(
      `No corpus at ${corpusDir} (it lives beside the repository, in ../shared/corpus): fuzzing from the fixtures and generated documents only.`,
    );
  const seeds = Object.fromEntries(
    Object.keys(KINDS).map((k) => [k, { corpus: corpus?.[k] ?? [], fixtures: fixtures[k] }]),
  );
  const texts = new Map();
  const read = (file) => {
    if (!texts.has(file)) texts.set(file, fs.readFileSync(file, 'utf8'));
    return texts.get(file);
  };
  const origin = (file) =>
    file.startsWith(ROOT) ? rel(file) : `corpus:${path.relative(corpusDir, file).split(path.sep).join('/')}`;
  const kindWeights = [
    ['dockerfile', 50],
    ['compose', 25],
    ['daemon', 15],
    ['devcontainer', 10],
  ];

  /** The seed document of an input: a corpus file, a fixture or a generated document. */
  function seedDocument(kind, r) {
    const pool = seeds[kind];
    if (r.chance(0.15)) return { text: H.GENERATORS[kind](r), from: `generated ${kind}` };
    const file =
      pool.corpus.length && r.chance(kind === 'daemon' ? 0.3 : 0.7) ? r.pick(pool.corpus) : r.pick(pool.fixtures);
    return { text: read(file), from: origin(file) };
  }

  /** Input `index` of the run: the same seed and corpus give the same input. */
  function makeInput(index) {
    const r = H.seededRandom((seed * 0x9e3779b1 + index) >>> 0);
    const kind = r.weighted(kindWeights);
    const { text: original, from } = seedDocument(kind, r);
    const donor = (rr) => seedDocument(rr.weighted(kindWeights), rr).text;
    const { text: mutated, ops } = H.mutate(original, r, { kind, donor });
    const text = mutated.length > MAX_INPUT_CHARS ? mutated.slice(0, MAX_INPUT_CHARS) : mutated;
    const opts = {};
    if (kind === 'dockerfile') {
      opts.env = { dockerignore: r.pick(['.git\n.env\n', null]) };
      if (r.chance(0.05)) opts.config = { rules: {}, trustedRegistries: ['docker.io/library/*', '*.corp.io'] };
    } else if (kind === 'daemon') {
      opts.env = { engineVersion: r.pick([27, 28, 29]), platform: r.pick(['linux', 'windows', 'auto']) };
      if (r.chance(0.1)) opts.uri = 'file:///C:/ProgramData/docker/config/daemon.json';
    } else if (kind === 'compose' && r.chance(0.2)) opts.uri = 'file:///work/app/docker-compose.override.yml';
    return { id: index, kind, text, opts, ops, from };
  }

  fs.mkdirSync(outDir, { recursive: true });
  for (const name of fs.readdirSync(outDir))
    if (/^(hang|class|slow|crash)-|^summary\.json$/.test(name)) fs.rmSync(path.join(outDir, name));
  const save = (name, input, extra = {}) => {
    const file = path.join(outDir, `${name}${KINDS[input.kind].ext}`);
    fs.writeFileSync(file, input.text);
    fs.writeFileSync(
      path.join(outDir, `${name}.json`),
      JSON.stringify(
        { kind: input.kind, opts: input.opts, from: input.from, ops: input.ops, seed, index: input.id, ...extra },
        null,
        2,
      ),
    );
    return rel(file);
  };

  const stats = {
    inputs: 0,
    byKind: { dockerfile: 0, compose: 0, daemon: 0, devcontainer: 0 },
    binary: 0,
    exceptionInputs: 0,
    invariantInputs: 0,
    hangs: 0,
    slow: 0,
  };
  /** key -> { type, key, count, kinds, rules, phases, example, exampleFile, minimized, minimizedFile } */
  const classes = new Map();
  let slowest = [];
  const tasks = []; // minimisations, run by the pool before further inputs
  const started = performance.now();

  const classFor = (type, key, input, error) => {
    let c = classes.get(key);
    if (!c) {
      c = {
        type,
        key,
        count: 0,
        kinds: new Set(),
        rules: new Set(),
        phases: new Set(),
        example: { input, error },
        n: classes.size + 1,
      };
      classes.set(key, c);
    }
    c.count++;
    c.kinds.add(input.kind);
    return c;
  };
  const minimizeLater = (c, input, hang, phases) =>
    tasks.push({
      type: 'minimize',
      hang,
      kind: input.kind,
      text: input.text,
      opts: input.opts,
      key: c.key,
      phases,
      cls: c,
    });

  function record(input, msg) {
    if (msg.hang) {
      stats.hangs++;
      const where = msg.where ? `in ${msg.where.where}` : `${input.kind}, ${msg.hang}`;
      const c = classFor(
        'hang',
        `hang | ${where}`,
        input,
        `no answer within ${stepTimeout(base, input.text)} ms in ${msg.hang}`,
      );
      c.phases.add(msg.hang);
      const file = save(`hang-${input.id}`, input, { phase: msg.hang, where: msg.where });
      c.exampleFile ??= file;
      if (c.count === 1) minimizeLater(c, input, true, 'all');
      return;
    }
    const types = new Set(msg.problems.map((p) => p.type));
    if (types.has('exception')) stats.exceptionInputs++;
    if (types.has('invariant')) stats.invariantInputs++;
    for (const p of msg.problems) {
      const c = classFor(p.type, p.key, input, p.error);
      if (p.rule) c.rules.add(p.rule);
      c.phases.add(p.phase.replace(/:.*/, ''));
      if (c.count === 1) {
        c.exampleFile = save(`class-${c.n}`, input, { error: p.error });
        minimizeLater(c, input, false, p.phase === 'lint' ? 'lint' : 'all');
      }
    }
    const kb = Buffer.byteLength(input.text) / 1024;
    const timing = {
      id: input.id,
      kind: input.kind,
      kb,
      ms: msg.lintMs,
      perTenKb: perTenKb(msg.lintMs, input.text),
      ops: input.ops,
      from: input.from,
      input,
    };
    if (timing.perTenKb > SLOW_MS_PER_10KB) {
      stats.slow++;
      const c = classFor(
        'slow',
        `slow | ${msg.slow ? `in ${msg.slow.where}` : input.kind}`,
        input,
        `${timing.perTenKb.toFixed(0)} ms per 10 KB`,
      );
      c.shares = [...(c.shares ?? []), msg.slow?.share ?? 0];
      // the smallest slow input of the class is its reproducer
      if (!c.smallest || input.text.length < c.smallest.input.text.length) c.smallest = timing;
    }
    slowest.push(timing);
    if (slowest.length > 40) slowest = slowest.sort((a, b) => b.perTenKb - a.perTenKb).slice(0, 10);
  }

  let next = 0;
  let done = 0;
  const pool = [];
  await new Promise((resolveAll) => {
    const spawnWorker = () => {
      const w = {
        worker: new Worker(SELF, {
          workerData: { base },
          resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 1 },
        }),
        job: null,
        timer: null,
      };
      w.worker.on('message', (msg) => onMessage(w, msg));
      w.worker.on('error', (e) => onDeath(w, e));
      w.worker.on('exit', (code) => w.job && onDeath(w, new Error(`worker exited with code ${code}`)));
      return w;
    };
    const replace = (w) => {
      clearTimeout(w.timer);
      w.job = null;
      w.dead = true;
      w.worker.removeAllListeners();
      w.worker.terminate();
      const fresh = spawnWorker();
      pool[pool.indexOf(w)] = fresh;
      dispatch(fresh);
    };
    const dispatch = (w) => {
      let job;
      if (tasks.length) {
        const task = tasks.shift();
        job = { ...task, id: `m${task.cls.n}` };
      } else if (next < count) job = { type: 'run', ...makeInput(next++) };
      else {
        if (done >= count && pool.every((p) => !p.job)) resolveAll();
        return;
      }
      w.job = job;
      const { cls, ...message } = job;
      // the watchdog behind the vm timeouts: a worker silent this long is stuck outside them
      const limit = job.type === 'minimize' ? HANG_MINIMIZE_MS + 60_000 : 30 * stepTimeout(base, job.text) + 60_000;
      w.timer = setTimeout(() => onDeath(w, new Error(`no answer within ${limit} ms`), true), limit);
      w.worker.postMessage(message);
    };
    const progress = () => {
      done++;
      if (done % 1000 === 0) {
        const s = ((performance.now() - started) / 1000).toFixed(0);
        console.error(
          `  ${done}/${count} inputs, ${s} s: ${stats.exceptionInputs} with exceptions, ${stats.hangs} hangs, ${stats.invariantInputs} with invariant violations, ${stats.slow} slow`,
        );
      }
    };
    const count_ = (job) => {
      stats.inputs++;
      stats.byKind[job.kind]++;
      if (job.text.includes('\u0000')) stats.binary++;
    };
    const onMessage = (w, msg) => {
      const job = w.job;
      if (!job || msg.id !== job.id) return;
      clearTimeout(w.timer);
      w.job = null;
      if (job.type === 'minimize') {
        const c = job.cls;
        c.minimized = msg.minimized;
        c.minimizedFile = save(`class-${c.n}.min`, { ...c.example.input, text: msg.minimized });
        return job.hang ? replace(w) : dispatch(w);
      }
      count_(job);
      record(job, msg);
      progress();
      // after a hang the interrupted engine may have left a cache half-written: start afresh
      return msg.hang ? replace(w) : dispatch(w);
    };
    const onDeath = (w, error, watchdog = false) => {
      const job = w.job;
      if (w.dead) return;
      if (job?.type === 'run') {
        count_(job);
        if (watchdog) record(job, { hang: 'watchdog', problems: [] });
        else {
          stats.exceptionInputs++;
          const c = classFor('exception', `worker died: ${errorHead(error)}`, job, String(error));
          c.phases.add('worker');
          c.exampleFile ??= save(`crash-${job.id}`, job, { error: String(error) });
        }
        progress();
      } else if (job?.type === 'minimize') job.cls.minimized = null;
      replace(w);
    };
    for (let i = 0; i < workers; i++) pool.push(spawnWorker());
    for (const w of [...pool]) dispatch(w);
  });
  for (const w of pool) await w.worker.terminate();

  // ------------------------------------------------------------------------------------------------------------
  const seconds = (performance.now() - started) / 1000;
  slowest = slowest.sort((a, b) => b.perTenKb - a.perTenKb).slice(0, 10);
  slowest.forEach((t, i) => (t.file = save(`slow-${i + 1}`, t.input, { lintMs: t.ms })));
  const ofType = (type) => [...classes.values()].filter((c) => c.type === type);

  console.log(
    `\nBulkhead fuzz, seed ${seed}: ${stats.inputs} inputs in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s (${workers} workers)`,
  );
  console.log(
    `  kinds: ${Object.entries(stats.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}; ${stats.binary} hold NUL (the editor skips them as binary; linted anyway)`,
  );
  console.log(`  inputs with exceptions: ${stats.exceptionInputs} (${ofType('exception').length} distinct)`);
  console.log(`  hangs: ${stats.hangs} (${ofType('hang').length} distinct)`);
  console.log(
    `  inputs with invariant violations (ranges, overlapping edits, Fix All not converging): ${stats.invariantInputs} (${ofType('invariant').length} distinct)`,
  );
  console.log(`  inputs over ${SLOW_MS_PER_10KB} ms per 10 KB: ${stats.slow} (${ofType('slow').length} distinct)`);
  console.log('\nSlowest ten (first lint, best of three when slow; inputs under 10 KB count as 10 KB):');
  for (const t of slowest) {
    console.log(
      `  ${t.perTenKb.toFixed(1).padStart(8)} ms/10KB  ${t.ms.toFixed(1).padStart(8)} ms  ${t.kb.toFixed(1).padStart(7)} KB  ${t.kind.padEnd(10)} #${t.id} ${t.from} [${t.ops.join(', ')}]  ${t.file}`,
    );
  }
  const describe = (c) => {
    console.log(`\n[${c.type}] ${c.key}`);
    const share = c.shares
      ? `; ${Math.round(c.shares.reduce((a, b) => a + b, 0) / c.shares.length)}% of the time there`
      : '';
    console.log(
      `  ${c.count} inputs; kinds: ${[...c.kinds].join(', ')}${c.phases.size ? `; phases: ${[...c.phases].join(', ')}` : ''}${c.rules.size ? `; rules: ${[...c.rules].slice(0, 12).join(', ')}${c.rules.size > 12 ? ', …' : ''}` : ''}${share}`,
    );
    const example = c.example.input;
    console.log(
      `  first: input #${example.id} from ${example.from} [${example.ops.join(', ')}]${c.exampleFile ? `, saved as ${c.exampleFile}` : ''}`,
    );
    if (c.type === 'exception') console.log(`  ${String(c.example.error).split('\n').slice(0, 3).join('\n  ')}`);
    if (c.smallest) {
      const s = c.smallest;
      c.smallestFile = save(`class-${c.n}.smallest`, s.input, { lintMs: s.ms });
      console.log(
        `  smallest: ${s.ms.toFixed(0)} ms for ${s.kb.toFixed(1)} KB (${s.perTenKb.toFixed(0)} ms per 10 KB), ${c.smallestFile}: ${escapeForDisplay(s.input.text, 300)}`,
      );
    }
    if (c.minimized !== undefined)
      console.log(
        c.minimized === null
          ? '  minimising failed'
          : `  minimised (${c.minimized.length} characters, ${c.minimizedFile}): ${escapeForDisplay(c.minimized)}`,
      );
  };
  ['exception', 'hang', 'invariant', 'slow'].forEach((type) => ofType(type).forEach(describe));

  const summary = {
    seed,
    count,
    seconds: Math.round(seconds),
    stats,
    slowest: slowest.map(({ input, ...t }) => t),
    classes: [...classes.values()].map((c) => ({
      type: c.type,
      key: c.key,
      count: c.count,
      kinds: [...c.kinds],
      rules: [...c.rules],
      phases: [...c.phases],
      example: c.exampleFile,
      error: String(c.example.error).split('\n').slice(0, 8).join('\n'),
      minimized: c.minimized,
      minimizedFile: c.minimizedFile,
      smallest: c.smallestFile,
    })),
  };
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(
    `\nInputs and summary.json in ${rel(outDir)}/; run one again with: node scripts/fuzz.mjs --replay <file>`,
  );
  const failed = stats.exceptionInputs || stats.hangs || stats.slow || stats.invariantInputs;
  process.exit(failed ? 1 : 0);
}

if (!isMainThread) workerMain();
else if (option('replay')) replay(path.resolve(option('replay')));
else await main();

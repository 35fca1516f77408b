// The cold CI run (issue 21): what a CI job pays. Each tool runs in its own fresh Node process that loads the tool,
// checks every file once and exits; wall time, CPU time and peak RSS of the whole process, median of N rounds
// (round-robin, so load from other processes falls on every tool alike), the same files named explicitly for each.
//   node test/bench/cold.mjs [--corpus-root=DIR] [--runs=N] [--tree-runs=N] [--tree-files=N] [--only=corpus|one|tree]
// run.mjs runs it as its section 5; alone it prints the same section.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TYPICAL_40 } from './inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = path.join(root, 'dist/cli.js');

/** The helpers run.mjs's other sections share. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

/** Print rows as an aligned table (first row = header). */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) =>
    r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

/**
 * Preloaded into every Node process of a run (NODE_OPTIONS, which child processes inherit): each appends its peak RSS
 * (KB) and CPU time (ms). A run's peak is the sum of its processes' peaks, and its CPU time the sum of theirs:
 * `bulkhead check` over many files checks them in a child while the parent waits (server/src/cli/childProcess.ts), and
 * both hold their memory meanwhile. (/usr/bin/time would give the largest single process.)
 */
const RSS_PROBE = path.join(here, 'rss-probe.cjs');

/**
 * One fresh process: wall time (spawn → exit, ms), peak RSS (MB) and CPU time (ms) of all its Node processes (NaN with
 * `probe` false), the exit code and the bytes written to stdout (stdout and stderr go to files, as in a CI job that
 * keeps the report).
 */
function runOnce(args, { cwd, scratch }, env = {}, probe = true) {
  const out = path.join(scratch, 'stdout');
  const err = path.join(scratch, 'stderr');
  const rss = path.join(scratch, 'rss');
  rmSync(rss, { force: true });
  const outFd = openSync(out, 'w');
  const errFd = openSync(err, 'w');
  const nodeOptions = [process.env.NODE_OPTIONS, ...(probe ? [`--require ${JSON.stringify(RSS_PROBE)}`] : [])]
    .filter(Boolean)
    .join(' ');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    stdio: ['ignore', outFd, errFd],
    env: {
      ...process.env,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : { NODE_OPTIONS: undefined }),
      ...(probe ? { BULKHEAD_RSS_FILE: rss } : {}),
      ...env,
    },
  });
  const ms = performance.now() - t0;
  closeSync(outFd);
  closeSync(errFd);
  let rssMb = NaN;
  let cpuMs = NaN;
  try {
    // a line per Node process: its peak RSS (KB) and CPU time (ms)
    const lines = readFileSync(rss, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    rssMb = lines.reduce((a, [kb]) => a + kb, 0) / 1024;
    cpuMs = lines.reduce((a, [, ms]) => a + ms, 0);
  } catch {
    // no figure
  }
  const code = r.status;
  return { ms, rssMb, cpuMs, code, stdout: readFileSync(out), stderr: readFileSync(err, 'utf8') };
}

/** Does this build's CLI take --files-from? (Older builds take the files on the command line only.) */
function cliTakesFilesFrom() {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  return r.stdout.includes('--files-from');
}

/** The corpus's Dockerfiles by name (MANIFEST.tsv kinds dockerfile and dockerfile-template), relative to its root. */
function corpusDockerfiles(corpusRoot) {
  const manifest = path.join(corpusRoot, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return null;
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter(([kind, file]) => file && (kind === 'dockerfile' || kind === 'dockerfile-template'))
    .map(([, file]) => file)
    .filter((f) => existsSync(path.join(corpusRoot, f)));
}

/**
 * Round-robin: each round runs every tool once, in a fresh process; `RUNS` rounds. With `rssRuns`, the timed rounds run
 * the tools as they are, and the peak RSS and CPU time come from that many more rounds with the probe: its exit handler
 * (loading node:worker_threads, reading /proc) is ~5 ms of a one-file check's ~150 (24 paired rounds: 1.04x), which a
 * run of seconds does not notice but a one-file figure does. A probed run that left no figure (it crashed before its
 * exit handler) is counted in `codes` and left out of the medians, not read as a number.
 */
function compare(tools, runs, options, { rssRuns = 0 } = {}) {
  for (const t of tools) {
    t.samples = [];
    t.probed = [];
  }
  for (let round = 0; round < runs; round++)
    for (const t of tools) {
      const r = runOnce(t.args, options, t.env, !rssRuns);
      t.samples.push(r);
      if (!rssRuns) t.probed.push(r);
      t.last = r;
    }
  for (let round = 0; round < rssRuns; round++) for (const t of tools) t.probed.push(runOnce(t.args, options, t.env));
  return tools.map((t) => {
    const ms = t.samples.map((s) => s.ms);
    const rss = t.probed.map((s) => s.rssMb).filter(Number.isFinite);
    const cpu = t.probed.map((s) => s.cpuMs).filter(Number.isFinite);
    return {
      name: t.name,
      runs: ms.length,
      ms: median(ms),
      min: Math.min(...ms),
      max: Math.max(...ms),
      rss: rss.length ? median(rss) : NaN,
      rssMax: rss.length ? Math.max(...rss) : NaN,
      cpuMs: cpu.length ? median(cpu) : NaN,
      codes: [...new Set([...t.samples, ...t.probed].map((s) => s.code))].join(','),
      outBytes: t.last.stdout.length,
      stderrTail: t.last.stderr.trim().split('\n').pop(),
    };
  });
}

function printRows(results, extra = () => []) {
  table([
    [
      'tool (whole process)',
      'runs',
      'median ms',
      'min ms',
      'max ms',
      'CPU ms',
      'peak RSS MB (median/max)',
      'exit',
      ...extra(),
    ],
    ...results.map((r) => [
      r.name,
      r.runs,
      fmt(r.ms),
      fmt(r.min),
      fmt(r.max),
      fmt(r.cpuMs, 0),
      `${fmt(r.rss)} / ${fmt(r.rssMax)}`,
      r.codes,
      ...extra(r),
    ]),
  ]);
}

/** A repository-like tree: `dirs` folders of `perDir` Dockerfiles, half of them with a .dockerignore. */
function generateTree(dir, files) {
  const perDir = 10;
  const variants = [
    TYPICAL_40,
    TYPICAL_40.replace('USER 10001:10001', 'USER root'),
    'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nRUN curl -fsSL https://example.com/i.sh | sh\nCOPY . /app\nCMD ["/app/run"]\n',
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nUSER 1000\nCMD ["python", "app.py"]\n',
  ];
  let n = 0;
  for (let d = 0; n < files; d++) {
    const folder = path.join(dir, `svc-${String(d).padStart(5, '0')}`);
    mkdirSync(folder, { recursive: true });
    if (d % 2 === 0) writeFileSync(path.join(folder, '.dockerignore'), '.git\n.env*\nnode_modules\n');
    for (let i = 0; i < perDir && n < files; i++, n++)
      writeFileSync(path.join(folder, i === 0 ? 'Dockerfile' : `Dockerfile.v${i}`), variants[n % variants.length]);
  }
}

/** Rounds of the one-file section that measure peak RSS and CPU time (its timed rounds run without the probe). */
const ONE_FILE_RSS_RUNS = 2;

/** Runs the section; returns the figures for run.mjs's targets. */
export function coldSection({ corpusRoot, runs = 5, treeRuns = 3, treeFiles = 50_000, only } = {}) {
  const want = (part) => !only || only === part;
  const results = {};
  if (!existsSync(cli)) {
    console.log('5. Cold CI run: dist/cli.js is missing (run `node esbuild.mjs`): skipping.');
    return results;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bulkhead-cold-'));
  try {
    // The CLI's V8 code cache (server/src/common/codeCache.ts): warm in a folder of this run (a developer's machine, a CI
    // job that keeps the folder), and off (a CI runner's first run): both are measured.
    const warmCache = { BULKHEAD_CODE_CACHE: path.join(scratch, 'code-cache') };
    const noCache = { BULKHEAD_CODE_CACHE: 'off' };
    const primer = path.join(scratch, 'primer');
    mkdirSync(primer);
    writeFileSync(path.join(primer, 'Dockerfile'), TYPICAL_40);
    runOnce([cli, 'check', 'Dockerfile'], { cwd: primer, scratch }, warmCache);
    const filesFrom = cliTakesFilesFrom();
    const files = corpusDockerfiles(corpusRoot);
    console.log(
      `5. Cold CI run: each tool in its own fresh process (spawn → exit), ${runs} rounds round-robin; peak RSS and CPU time (median; every thread, user and system): the sums over the run's Node processes`,
    );
    if (want('corpus')) {
      if (!files) {
        console.log(
          `  No corpus at ${corpusRoot} (MANIFEST.tsv): skipping the corpus run. (It lives in ../shared/corpus.)`,
        );
      } else {
        const list = path.join(scratch, 'files.txt');
        writeFileSync(list, files.join('\n') + '\n');
        const peer = (tool) => [path.join(here, 'cold-peer.cjs'), tool, list];
        const bulkheadArgs = filesFrom
          ? [cli, 'check', '--format', 'json', '--files-from', list]
          : [cli, 'check', '--format', 'json', ...files];
        const tools = [
          {
            name: `bulkhead check --format json (${filesFrom ? '--files-from' : 'files as arguments'})`,
            args: bulkheadArgs,
            env: warmCache,
          },
          { name: '  the same, no code cache (BULKHEAD_CODE_CACHE=off)', args: bulkheadArgs, env: noCache },
          // Node's own thread pool: the check in the one process (a Node option given keeps it there), for comparison
          {
            name: '  the same in one process (node --v8-pool-size=4)',
            args: ['--v8-pool-size=4', ...bulkheadArgs],
            env: warmCache,
          },
          // the other choice of threads: what worker threads bring on this machine (the default uses them from 3 CPUs)
          ...(filesFrom
            ? [
                os.availableParallelism() < 3
                  ? {
                      name: 'bulkhead check --format json --jobs 2',
                      args: [...bulkheadArgs, '--jobs', '2'],
                      env: warmCache,
                    }
                  : {
                      name: 'bulkhead check --format json --jobs 1',
                      args: [...bulkheadArgs, '--jobs', '1'],
                      env: warmCache,
                    },
              ]
            : []),
          { name: 'dockerfile-utils validate (script)', args: peer('dockerfile-utils') },
          { name: 'dockerfilelint run (script)', args: peer('dockerfilelint') },
          { name: 'dockerfile-ast parse, bare (script)', args: peer('dockerfile-ast') },
        ];
        console.log(`  ${files.length} corpus Dockerfiles named explicitly (MANIFEST.tsv; cwd ${corpusRoot})`);
        const r = compare(tools, runs, { cwd: corpusRoot, scratch });
        printRows(r, (x) => (x ? [x.outBytes, x.stderrTail.slice(0, 60)] : ['stdout bytes', 'stderr (last line)']));
        const at = (prefix) => r.find((x) => x.name.startsWith(prefix));
        results.corpus = {
          bulkhead: r[0],
          noCodeCache: r[1],
          oneProcess: r[2],
          otherThreads: filesFrom ? r[3] : undefined,
          utils: at('dockerfile-utils'),
          dockerfilelint: at('dockerfilelint'),
          parse: at('dockerfile-ast'),
        };
        const utils = results.corpus.utils;
        const speedup = utils.ms / r[0].ms;
        console.log(
          `  Bulkhead vs the dockerfile-utils script: ${fmt(speedup, 2)}x (range over rounds: ${fmt(utils.min / r[0].max, 2)}x–${fmt(utils.max / r[0].min, 2)}x)`,
        );
        console.log(`  Bulkhead without its code cache vs the dockerfile-utils script: ${fmt(utils.ms / r[1].ms, 2)}x`);
        console.log(`  Bulkhead in one process vs the dockerfile-utils script: ${fmt(utils.ms / r[2].ms, 2)}x`);
        if (filesFrom) console.log(`  ${r[3].name} vs the dockerfile-utils script: ${fmt(utils.ms / r[3].ms, 2)}x`);
        results.corpus.speedup = speedup;
      }
    }
    if (want('one')) {
      const one = path.join(scratch, 'one');
      mkdirSync(one);
      writeFileSync(path.join(one, 'Dockerfile'), TYPICAL_40);
      const r = compare(
        [
          {
            name: 'bulkhead check --format json Dockerfile (40 lines)',
            args: [cli, 'check', '--format', 'json', 'Dockerfile'],
            env: warmCache,
          },
          {
            name: '  the same, no code cache (BULKHEAD_CODE_CACHE=off)',
            args: [cli, 'check', '--format', 'json', 'Dockerfile'],
            env: noCache,
          },
          { name: '(for scale) node -e 0', args: ['-e', '0'] },
          // a machine that names extra CA certificates has Node parse them at every start, before any program runs
          ...(process.env.NODE_EXTRA_CA_CERTS
            ? [
                {
                  name: '  the check, NODE_EXTRA_CA_CERTS unset',
                  args: [cli, 'check', '--format', 'json', 'Dockerfile'],
                  env: { ...warmCache, NODE_EXTRA_CA_CERTS: undefined },
                },
                {
                  name: '  node -e 0, NODE_EXTRA_CA_CERTS unset',
                  args: ['-e', '0'],
                  env: { NODE_EXTRA_CA_CERTS: undefined },
                },
              ]
            : []),
        ],
        runs,
        { cwd: one, scratch },
        { rssRuns: ONE_FILE_RSS_RUNS },
      );
      console.log(
        `  One file (timed without the peak-RSS probe, whose exit handler is ~5 ms of such a run; peak RSS and CPU ms from ${ONE_FILE_RSS_RUNS} more rounds with it):`,
      );
      printRows(r);
      if (process.env.NODE_EXTRA_CA_CERTS)
        console.log(
          `  This machine sets NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}): Node reads those certificates when it starts, ${fmt(r[2].ms - r[4].ms)} ms of its own start here.`,
        );
      results.one = r[0];
      results.oneNoCodeCache = r[1];
      results.oneNode = r[2];
      results.oneNoCerts = r[3];
      results.oneNodeNoCerts = r[4];
    }
    if (want('tree')) {
      const tree = path.join(scratch, 'tree');
      const t0 = performance.now();
      generateTree(tree, treeFiles);
      console.log(
        `  A generated tree: ${treeFiles} Dockerfiles in ${Math.ceil(treeFiles / 10)} folders (half with a .dockerignore), made in ${fmt((performance.now() - t0) / 1000)} s; bulkhead check --format json <tree>, ${treeRuns} runs`,
      );
      const r = compare(
        [
          {
            name: `bulkhead check --format json (${treeFiles} files)`,
            args: [cli, 'check', '--format', 'json', 'tree'],
            env: warmCache,
          },
        ],
        treeRuns,
        {
          cwd: scratch,
          scratch,
        },
      );
      printRows(r, (x) => (x ? [x.outBytes] : ['stdout bytes']));
      results.tree = r[0];
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('');
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const r = coldSection({
    corpusRoot: path.resolve(root, option('corpus-root', '../shared/corpus')),
    runs: Number(option('runs', 5)),
    treeRuns: Number(option('tree-runs', 3)),
    treeFiles: Number(option('tree-files', 50_000)),
    only: option('only', undefined),
  });
  console.log(JSON.stringify(r, (k, v) => (k === 'stderrTail' ? undefined : v)));
}

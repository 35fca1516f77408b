// The CLI over many files (issue 21): worker threads share the files and the output is byte for byte the one-thread
// run's (stdout and stderr, every format); --files-from names the files; the deadline holds with one watchdog per
// slice of files. Work is counted (BULKHEAD_STATS=1 prints what the run did), never timed. Needs `node esbuild.mjs`.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { childPoolHere, CLI, tempDir, writeTree } from './cli-helpers';
import { FIXTURES, ROOT } from './helpers';
import { BUDGET_SLICE_MS, eachWithinBudget } from '../../server/src/common/budget';
import { filesPerJob, maxAheadFor, MAX_FILES_PER_JOB, MIN_FILES_PER_JOB } from '../../server/src/cli/parallel';
import { formatJunit, type Finding } from '../../server/src/cli/report';
import { SPILL_AT } from '../../server/src/cli/spool';
import { parseArgs } from '../../server/src/cli/args';
import {
  CHECK_CHILD_ARG,
  checkInChild,
  childEnv,
  childPoolSize,
  REEXEC_MIN_FILES,
  type PoolQuestion,
} from '../../server/src/cli/childProcess';
import { READ_AHEAD_MIN_FILES } from '../../server/src/cli/prefetch';

/** `node [node options] dist/cli.js <args>` with BULKHEAD_STATS=1: the exit code, stdout, stderr and the stats line. */
function run(
  args: string[],
  {
    cwd = ROOT,
    input,
    node = [],
    env = {},
  }: { cwd?: string; input?: string; node?: string[]; env?: NodeJS.ProcessEnv } = {},
) {
  const r = spawnSync(process.execPath, [...node, CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, BULKHEAD_STATS: '1', ...env },
  });
  assert.equal(r.error, undefined, `the CLI did not run: ${r.error}`);
  const lines = r.stderr.split('\n');
  const statsLine = lines.find((l) => l.startsWith('bulkhead: stats '));
  const stats = statsLine ? JSON.parse(statsLine.slice('bulkhead: stats '.length)) : undefined;
  return { code: r.status, stdout: r.stdout, stderr: lines.filter((l) => l !== statsLine).join('\n'), stats };
}

test('worker threads: every format prints byte for byte what one thread prints, over every fixture', () => {
  // the fixtures hold Dockerfiles, Compose files and daemon.json files, configuration files that apply per folder,
  // files that are skipped: every kind of line a run prints
  for (const format of ['json', 'text', 'sarif']) {
    const one = run(['check', '--format', format, '--jobs', '1', 'test/fixtures']);
    assert.equal(one.stats.threads, 1);
    assert.ok(one.stdout.length > 10_000, `${format}: the fixtures give findings`);
    for (const jobs of ['2', '3']) {
      const many = run(['check', '--format', format, '--jobs', jobs, 'test/fixtures']);
      assert.equal(many.stats.threads, Number(jobs), `${format}: --jobs ${jobs} runs that many threads`);
      assert.ok(many.stats.pool.byWorkers > 0, `${format}: the workers checked some of the files`);
      assert.ok(many.stats.pool.local > 0, 'this thread checked some too');
      assert.equal(many.stats.pool.requeued, 0);
      assert.equal(many.code, one.code, `${format} --jobs ${jobs}: exit code`);
      assert.ok(many.stdout === one.stdout, `${format} --jobs ${jobs}: stdout differs from the one-thread run`);
      assert.equal(many.stderr, one.stderr, `${format} --jobs ${jobs}: stderr`);
    }
  }
});

test('jobs grow with the run (fewer watchdogs and messages), within bounds; the results waiting are bounded', () => {
  assert.equal(filesPerJob(100, 4), MIN_FILES_PER_JOB);
  assert.equal(filesPerJob(2_648, 2), 83);
  assert.equal(filesPerJob(50_000, 2), MAX_FILES_PER_JOB);
  assert.equal(filesPerJob(1_024, 0), MIN_FILES_PER_JOB * 2, 'no thread counts as one');
  let last = 0;
  for (let files = 1; files < 20_000; files += 97) {
    const size = filesPerJob(files, 3);
    assert.ok(size >= last && size >= MIN_FILES_PER_JOB && size <= MAX_FILES_PER_JOB, `${files} files: ${size}`);
    last = size;
  }
  // jobs of the smallest size may wait as many as before (16); larger ones about as many files, never fewer jobs than
  // the workers hold (two each) and this thread runs
  assert.equal(maxAheadFor(MIN_FILES_PER_JOB, 1), 16);
  assert.equal(maxAheadFor(64, 1), 8, 'about 512 files');
  assert.equal(maxAheadFor(MAX_FILES_PER_JOB, 1), 4);
  assert.equal(maxAheadFor(MIN_FILES_PER_JOB, 15), 32, 'the jobs 15 workers hold, and this thread’s');
  assert.equal(maxAheadFor(MAX_FILES_PER_JOB, 7), 16);
});

test('a run of many files is shared in larger jobs, and prints what one thread prints; JUnit spills to a file', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const n = 1_500;
  manyDockerfiles(dir, n);
  // and files without findings (JUnit lists them after the others)
  const clean = ['clean/a.Dockerfile', 'clean/b.Dockerfile'];
  writeTree(dir, Object.fromEntries(clean.map((f) => [f, '# bulkhead-ignore-file all\nFROM alpine:3.20\n'])));
  const one = run(['check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir });
  const two = run(['check', '--format', 'json', '--jobs', '2', '.'], { cwd: dir });
  assert.equal(two.stats.threads, 2);
  const jobs = two.stats.pool.byWorkers + two.stats.pool.local;
  const total = n + clean.length;
  assert.equal(jobs, Math.ceil(total / filesPerJob(total, 2)), `jobs of ${filesPerJob(total, 2)} files`);
  assert.ok(jobs < Math.ceil(total / MIN_FILES_PER_JOB));
  assert.ok(two.stats.pool.byWorkers > 0 && two.stats.pool.local > 0, 'both threads checked files');
  assert.equal(two.code, one.code);
  assert.ok(two.stdout === one.stdout, 'stdout differs from the one-thread run');
  assert.equal(two.stderr, one.stderr);

  // JUnit's test suites wait for its counts: over 4 MB of them go to a temporary file whose name is gone at once
  const tmp = tempDir();
  t.after(tmp.cleanup);
  const env = { TMPDIR: tmp.dir, TMP: tmp.dir, TEMP: tmp.dir }; // os.tmpdir() on POSIX, on Windows
  const junit = run(['check', '--format', 'junit', '--jobs', '2', '.'], { cwd: dir, env });
  assert.ok(junit.stdout.length > SPILL_AT, `${junit.stdout.length} bytes: more than the spool keeps in memory`);
  assert.ok(junit.stats.spilled > 0, `the test suites went to a file (${junit.stats.spilled} bytes)`);
  assert.deepEqual(fs.readdirSync(tmp.dir), [], 'nothing left in the temporary folder');
  const findings = JSON.parse(one.stdout) as Finding[];
  const files = [...new Set(findings.map((f) => f.file))];
  assert.equal(files.length, n, 'every other file has findings');
  const checked = [...clean.map((f) => f.split('/').join(path.sep)), ...files].sort();

  // SARIF's results wait for the notices and the rules: they go to a temporary file too
  const sarif = run(['check', '--format', 'sarif', '--jobs', '2', '.'], { cwd: dir, env });
  assert.ok(sarif.stats.spilled > SPILL_AT, `${sarif.stats.spilled} bytes of results went to a file`);
  assert.deepEqual(fs.readdirSync(tmp.dir), [], 'nothing left in the temporary folder');
  const log = JSON.parse(sarif.stdout);
  assert.ok(sarif.stdout === JSON.stringify(log, null, 2) + '\n', 'the layout JSON.stringify gives the whole log');
  const rules = log.runs[0].tool.driver.rules;
  for (const r of log.runs[0].results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
  assert.deepEqual(
    log.runs[0].results.map(
      (r: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [
        r.ruleId,
        r.locations[0].physicalLocation.region.startLine,
      ],
    ),
    findings.map((f) => [f.rule, f.line]),
  );
  assert.ok(junit.stdout === formatJunit(findings, checked), 'the document formatJunit prints at once');
  assert.match(
    junit.stdout,
    /<testcase name="bulkhead check" classname="clean.a\.Dockerfile"[^\n]*\n {2}<\/testsuite>\n {2}<testsuite name="clean.b\.Dockerfile"[^]*<\/testsuite>\n<\/testsuites>\n$/,
  );
});

test('the streamed JSON array is what JSON.stringify prints for all the findings at once', () => {
  const r = run(['check', '--format', 'json', '--jobs', '2', 'test/fixtures/dockerfile']);
  const parsed = JSON.parse(r.stdout);
  assert.ok(parsed.length > 100);
  assert.equal(r.stdout, JSON.stringify(parsed, null, 2) + '\n');
});

test('a few files, or standard input, stay on this thread; --jobs 1 keeps every file on it', () => {
  const few = run(['check', '--format', 'json', 'test/fixtures/dockerfile/root-user']);
  assert.equal(few.stats.threads, 1);
  assert.equal(few.stats.pool, undefined);
  const stdin = run(['check', '--jobs', '4', '-', 'test/fixtures/dockerfile'], { input: 'FROM alpine:3.20\n' });
  assert.equal(stdin.stats.threads, 1);
  const usage = run(['check', '--jobs', '0', '.']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--jobs must be a whole number from 1 to 256/);
});

test('--files-from: the listed paths after the command line, the same findings as naming them; "-" reads the list from standard input', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const files = fs
    .readdirSync(path.join(FIXTURES, 'dockerfile/root-user'))
    .filter((f) => f.endsWith('.Dockerfile'))
    .map((f) => path.join('test/fixtures/dockerfile/root-user', f));
  const list = path.join(dir, 'list.txt');
  fs.writeFileSync(list, `${files.slice(1).join('\r\n')}\n\n`);
  const named = run(['check', '--format', 'json', ...files]);
  const listed = run(['check', '--format', 'json', files[0], '--files-from', list]);
  assert.equal(listed.stdout, named.stdout);
  assert.equal(listed.stderr, named.stderr);
  const piped = run(['check', '--format', 'json', files[0], '--files-from', '-'], { input: files.slice(1).join('\n') });
  assert.equal(piped.stdout, named.stdout);
  const missing = run(['check', '--files-from', path.join(dir, 'absent.txt')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--files-from .*absent\.txt: no such file or directory/);
  const twice = run(['check', '-', '--files-from', '-'], { input: '' });
  assert.equal(twice.code, 2);
  const empty = path.join(dir, 'empty.txt');
  fs.writeFileSync(empty, '');
  const nothing = run(['check', '--format', 'json', '--files-from', empty]);
  assert.equal(nothing.code, 0);
  assert.equal(nothing.stdout, '[]\n', 'an empty array, as JSON.stringify prints it');
  assert.match(nothing.stderr, /no files checked/);
  // a list that never ends (a device, a pipe): read up to 64 MB, as from standard input, then refused
  const folder = run(['check', '--files-from', dir]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--files-from .*: is a directory/);
  if (fs.existsSync('/dev/zero')) {
    const endless = run(['check', '--files-from', '/dev/zero']);
    assert.equal(endless.code, 2, endless.stderr);
    assert.match(endless.stderr, /^bulkhead: --files-from \/dev\/zero: the list is larger than 64 MB\n$/);
  } else t.diagnostic('no /dev/zero here: the endless list is not tried');
});

test('a run over many folders lists each folder once and reads each .dockerignore and configuration file once', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const files: Record<string, string> = { '.bulkhead.json': '{"rules":{"image-not-pinned-by-digest":"off"}}' };
  for (let d = 0; d < 10; d++) {
    files[`svc${d}/.dockerignore`] = '.git\n';
    for (let i = 0; i < 10; i++) files[`svc${d}/Dockerfile.v${i}`] = 'FROM alpine:3.20\nCOPY . /app\n';
  }
  writeTree(dir, files);
  const r = run(['check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir });
  assert.match(r.stderr, /100 files checked/);
  // the walk listed every folder: none listed again; 10 .dockerignore and one .bulkhead.json read
  assert.equal(r.stats.listed, 0);
  assert.equal(r.stats.read, 11);
  assert.ok(r.stats.watchdogs < 100, `one watchdog per slice of files, not per file (${r.stats.watchdogs})`);
});

test('eachWithinBudget: one watchdog for many quick jobs, outcomes in order, a job that never ends stopped alone', () => {
  let clock = 0;
  const seen: string[] = [];
  const watchdogs = eachWithinBudget(
    [1, 2, 3, 4, 5, 6],
    (n) => {
      if (n === 4) throw new Error('four');
      return n * 10;
    },
    1000,
    (n, outcome) => seen.push(`${n}:${outcome.done === true ? outcome.value : outcome.done}`),
    () => clock++,
  );
  assert.deepEqual(seen, ['1:10', '2:20', '3:30', '4:error', '5:50', '6:60']);
  assert.equal(watchdogs, 1);
  // a clock that moves 60% of a slice a reading: a new watchdog every other job
  clock = 0;
  const slices = eachWithinBudget(
    [1, 2, 3, 4],
    (n) => n,
    1000,
    () => {},
    () => (clock += BUDGET_SLICE_MS * 0.6),
  );
  assert.equal(slices, 2);
  const stopped: string[] = [];
  eachWithinBudget(
    ['a', 'hang', 'b'],
    (s) => {
      // eslint-disable-next-line no-empty -- a job that never ends, stopped by the watchdog
      while (s === 'hang') {}
      return s;
    },
    20,
    (s, outcome) => stopped.push(`${s}:${outcome.done}`),
  );
  assert.deepEqual(stopped, ['a:true', 'hang:false', 'b:true']);
});

test('eachWithinBudget: settle turns each value into what done gets, in the slice; stopped or failing, the value stays', () => {
  const got: string[] = [];
  let settled = 0;
  eachWithinBudget(
    ['a', 'boom', 'error', 'b'],
    (s) => {
      if (s === 'error') throw new Error('job');
      return s;
    },
    1000,
    (s, outcome) => got.push(`${s}:${outcome.done === true ? outcome.value : outcome.done}`),
    undefined,
    (_, value) => {
      settled++;
      if (value === 'boom') throw new Error('settle');
      return value.toUpperCase();
    },
  );
  // a job that threw is not settled; a settle that threw leaves the value as the job returned it
  assert.deepEqual(got, ['a:A', 'boom:boom', 'error:error', 'b:B']);
  assert.equal(settled, 3);
  // a settle that never ends is stopped by the watchdog: its item keeps its value and is not run again, the rest go on
  const runs: string[] = [];
  const stopped: string[] = [];
  eachWithinBudget(
    ['x', 'hang', 'y'],
    (s) => {
      runs.push(s);
      return s;
    },
    20,
    (s, outcome) => stopped.push(`${s}:${outcome.done === true ? outcome.value : outcome.done}`),
    undefined,
    (s, value) => {
      // eslint-disable-next-line no-empty -- a settle that never ends, stopped by the watchdog
      while (s === 'hang') {}
      return `${value}!`;
    },
  );
  assert.deepEqual(runs, ['x', 'hang', 'y']);
  assert.deepEqual(stopped, ['x:x!', 'hang:hang', 'y:y!']);
});

test('no Node module is first loaded under a lint deadline: a module V8 stopped half-loaded would stay broken', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, {
    // findings, so SARIF makes fingerprints (node:crypto, in the settled outcomes); an address check (node:net)
    Dockerfile: 'FROM alpine\nRUN curl http://x.example/i.sh | sh\n',
    'daemon.json': '{ "dns": ["not-an-address"], "bip": "10.0.0.1" }\n',
  });
  // a preload that notes each built-in module loaded after the program started, and whether a lint's watchdog slice
  // (node:vm's script `bulkhead-lint-budget`) was on the stack
  const hook = path.join(dir, 'hook.cjs');
  fs.writeFileSync(
    hook,
    `const Module = require('node:module');
const load = Module._load;
const seen = new Map();
Module._load = function (request, ...rest) {
  const name = String(request).replace(/^node:/, '');
  if (Module.isBuiltin(name) && !seen.has(name)) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    seen.set(name, new Error().stack.includes('bulkhead-lint-budget'));
    Error.stackTraceLimit = limit;
  }
  return load.call(this, request, ...rest);
};
process.on('exit', () => require('node:fs').writeSync(2, 'LOADED ' + JSON.stringify([...seen]) + '\\n'));
`,
  );
  const r = spawnSync(process.execPath, ['-r', hook, CLI, 'check', '--format', 'sarif', 'Dockerfile', 'daemon.json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  const loaded = new Map<string, boolean>(JSON.parse(line.slice('LOADED '.length)));
  // both were needed, so the test saw them loaded
  assert.ok(loaded.has('crypto') && loaded.has('net'), line);
  assert.deepEqual(
    [...loaded].filter(([, inside]) => inside).map(([name]) => name),
    [],
    line,
  );
  // the fingerprints were made
  const prints = JSON.parse(r.stdout).runs[0].results.map(
    (x: { partialFingerprints: object }) => x.partialFingerprints,
  );
  assert.ok(prints.length && prints.every((p: object) => Object.values(p).every((v) => /^[0-9a-f]{32}$/.test(v))));
});

test('a reader that goes away (| head) stops the run: status 141 as for SIGPIPE, no stack trace, no more files linted', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const files: Record<string, string> = {};
  // enough findings that the JSON report is many 64 KB pieces
  for (let i = 0; i < 600; i++)
    files[`d${i % 20}/Dockerfile.${i}`] = 'FROM alpine\nRUN curl http://x.example/i.sh | sh\n';
  writeTree(dir, files);
  for (const jobs of ['1', '2']) {
    const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '--jobs', jobs, '.'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // the first piece read, the reader closes its end, as head does
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 141, `--jobs ${jobs}: ${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /, `--jobs ${jobs}: no stack trace`);
    assert.doesNotMatch(stderr, /files checked/, `--jobs ${jobs}: stopped before the summary`);
  }
});

test('a report that cannot be written (a full disk) is said as such: exit 2, no internal error', (t) => {
  if (!fs.existsSync('/dev/full')) {
    t.skip('no /dev/full here (it fails every write with ENOSPC)');
    return;
  }
  for (const args of [
    ['check', '--jobs', '1', 'test/fixtures/dockerfile'],
    ['check', '--format', 'json', '--jobs', '2', 'test/fixtures/dockerfile'],
    ['rules'],
  ]) {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, 'bulkhead: cannot write to standard output: no space left on device\n', args.join(' '));
    } finally {
      fs.closeSync(full);
    }
  }
});

test('the other commands meet a reader that has gone away as check does: status 141, no stack trace', async () => {
  for (const args of [['rules'], ['rules', '--format', 'json'], ['--help'], ['explain', 'DL3002']]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // closed before the child (still starting Node) writes anything: its first write meets EPIPE
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 141, `${args.join(' ')}: ${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /, `${args.join(' ')}: no stack trace`);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// A long check on few CPUs runs in a child with a smaller V8 pool (cli/childProcess.ts)
// ---------------------------------------------------------------------------------------------------------------

test('the child for a long check: only for many files on one thread, few CPUs, a plain Node given no options', () => {
  const base: PoolQuestion = {
    files: REEXEC_MIN_FILES,
    threads: 1,
    cpus: 2,
    platform: 'linux',
    execArgv: [],
    nodeOptions: '',
    plainNode: true,
    hasEntry: true,
  };
  assert.equal(childPoolSize(base), 1, 'two CPUs: one background thread beside the lint thread');
  assert.equal(childPoolSize({ ...base, cpus: 1 }), 1);
  assert.equal(childPoolSize({ ...base, cpus: 4 }), 3);
  assert.equal(childPoolSize({ ...base, cpus: 5 }), undefined, "Node's own four are not more than the CPUs free");
  assert.equal(childPoolSize({ ...base, files: REEXEC_MIN_FILES - 1 }), undefined, 'a short run: the start costs more');
  assert.equal(childPoolSize({ ...base, threads: 2 }), undefined, 'worker threads share the pool');
  assert.equal(childPoolSize({ ...base, hasEntry: false }), undefined);
  assert.equal(childPoolSize({ ...base, plainNode: false }), undefined, 'another runtime may not know the option');
  assert.equal(childPoolSize({ ...base, platform: 'win32' }), undefined);
  for (const own of [['--inspect'], ['--cpu-prof'], ['--max-old-space-size=4096'], ['--v8-pool-size=2']])
    assert.equal(childPoolSize({ ...base, execArgv: own }), undefined, `node ${own.join(' ')}: the user's options`);
  for (const own of ['--inspect=9229', '--v8-pool-size=8', '--cpu-prof --cpu-prof-dir=/p', '--heap-prof'])
    assert.equal(childPoolSize({ ...base, nodeOptions: own }), undefined, `NODE_OPTIONS=${own}`);
  assert.equal(
    childPoolSize({ ...base, nodeOptions: '--max-old-space-size=4096' }),
    1,
    'NODE_OPTIONS the child inherits',
  );
});

/** A tree of `n` small Dockerfiles with findings, in folders of 25 (half with a .dockerignore). */
function manyDockerfiles(dir: string, n: number) {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const folder = `svc${Math.floor(i / 25)}`;
    if (i % 50 === 0) files[`${folder}/.dockerignore`] = '.git\n';
    files[`${folder}/Dockerfile.${i}`] =
      `FROM alpine:3.${i % 20}\nRUN apk add curl && curl http://x.example/${i}.sh | sh\nCOPY . /app\n`;
  }
  writeTree(dir, files);
}

test('a long check prints byte for byte what it prints in this process: stdout, stderr, exit code, every format', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  manyDockerfiles(dir, REEXEC_MIN_FILES + 20);
  const cpus = os.availableParallelism();
  const expected = childPoolSize({
    files: REEXEC_MIN_FILES + 20,
    threads: 1,
    cpus,
    platform: process.platform,
    execArgv: [],
    nodeOptions: process.env.NODE_OPTIONS ?? '',
    plainNode: true,
    hasEntry: true,
  });
  if (expected === undefined)
    t.diagnostic(`${cpus} CPUs (or NODE_OPTIONS of the user's): no child here; the runs are compared all the same`);
  // a path that is not there: said once (the child walks the paths again; the parent says nothing), exit code 2 both ways
  const args = ['check', '--jobs', '1', 'missing-folder', '.'];
  for (const format of ['json', 'text', 'sarif']) {
    const child = run([...args, '--format', format], { cwd: dir });
    // the user's own --v8-pool-size: the check stays in this process
    const here = run([...args, '--format', format], { cwd: dir, node: ['--v8-pool-size=4'] });
    assert.equal(child.stats.platformThreads, expected, `${format}: the child's pool`);
    assert.equal(here.stats.platformThreads, undefined, `${format}: no child`);
    // the options the child really runs under: its pool, and the young and old generations kept small (its peak memory)
    if (expected !== undefined)
      assert.deepEqual(
        child.stats.v8Options,
        [`--v8-pool-size=${expected}`, '--max-semi-space-size=8', '--heap-growing-percent=50'],
        `${format}: the child's V8 options`,
      );
    assert.equal(here.stats.v8Options, undefined, `${format}: no child, no options of its own`);
    assert.equal(child.code, 2, `${format}: ${child.stderr}`);
    assert.equal(child.code, here.code, `${format}: exit code`);
    assert.ok(child.stdout === here.stdout, `${format}: stdout differs`);
    assert.equal(child.stderr, here.stderr, `${format}: stderr`);
    assert.match(child.stderr, /missing-folder/);
    // the same work: the child walks the folders once, as the one process does (its parent stopped at 500 files)
    const work = ({ threads, listed, read, resolved }: Record<string, number>) => ({ threads, listed, read, resolved });
    assert.deepEqual(work(child.stats), work(here.stats), `${format}: the same work`);
  }
});

test('a long check reads its files ahead on a reader thread and prints what it prints reading them itself', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  manyDockerfiles(dir, READ_AHEAD_MIN_FILES + 30);
  // beside them: a binary file and one over the size limit (each skipped with a line on stderr), a missing one
  writeTree(dir, {
    'odd/Dockerfile.binary': Buffer.from([0, 1, 2, 0, 255]),
    'odd/Dockerfile.huge': 'FROM a\n'.repeat(1 << 20),
  });
  const names = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /Dockerfile/.test(f))
    .sort();
  // (in the first part: a name the walk cannot find is said before the files' lines)
  names.splice(100, 0, 'odd/Dockerfile.missing');
  const list = path.join(dir, 'list.txt');
  const check = (files: string[]) => {
    fs.writeFileSync(list, files.join('\n'));
    return run(['check', '--format', 'text', '--jobs', '1', '--files-from', list], { cwd: dir });
  };
  const whole = check(names);
  assert.equal(whole.code, 2, whole.stderr);
  if (os.availableParallelism() >= 2) {
    const { taken, missed } = whole.stats.readAhead;
    // the missing name is said by the walk, not read
    assert.equal(taken + missed, names.length - 1, 'every file taken or read here');
    assert.ok(taken > 0, `files read ahead: ${taken} of ${names.length}`);
  } else {
    t.diagnostic('one CPU: no reader thread (the runs are compared all the same)');
    assert.equal(whole.stats.readAhead, undefined);
  }
  // the same files in two lists too short for a reader thread
  const parts = [names.slice(0, READ_AHEAD_MIN_FILES - 1), names.slice(READ_AHEAD_MIN_FILES - 1)].map(check);
  for (const part of parts) assert.equal(part.stats.readAhead, undefined, 'a shorter check reads its files itself');
  assert.ok(whole.stdout === parts.map((p) => p.stdout).join(''), 'the same findings');
  const lines = (stderr: string) => stderr.split('\n').filter((l) => !/^bulkhead: \d+ problems|^$/.test(l));
  assert.deepEqual(
    lines(whole.stderr),
    parts.flatMap((p) => lines(p.stderr)),
    'the same lines on stderr',
  );
  for (const odd of ['binary', 'huge', 'missing']) assert.match(whole.stderr, new RegExp(`Dockerfile\\.${odd}`));
});

/**
 * `bulkhead check --format text --jobs 1` over 520 files in a temporary folder, its stdout and stderr piped; skips the
 * test (undefined) where such a check has no child or its process id cannot be read (/proc: Linux).
 */
function startLongCheck(t: TestContext): ChildProcessByStdio<null, Readable, Readable> | undefined {
  if (process.platform !== 'linux') {
    t.skip("the child's process id is read from /proc (Linux)");
    return undefined;
  }
  if (childPoolHere(REEXEC_MIN_FILES + 20) === undefined) {
    t.skip(`${os.availableParallelism()} CPUs: a long check runs in this process here (no child)`);
    return undefined;
  }
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  manyDockerfiles(dir, REEXEC_MIN_FILES + 20);
  return spawn(process.execPath, [CLI, 'check', '--format', 'text', '--jobs', '1', '.'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('SIGTERM to a long check ends its child too, and the check ends by SIGTERM as before', async (t) => {
  if (process.platform !== 'linux') return t.skip("the child's process id is read from /proc (Linux)");
  const parent = startLongCheck(t);
  if (!parent) return;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    parent.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // the first output is the child's; unread, the rest fills the pipe and the child waits on it
  await new Promise<void>((resolve) => parent.stdout.once('data', () => resolve()));
  parent.stdout.pause();
  const children = fs
    .readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  assert.equal(children.length, 1, 'one child');
  parent.kill('SIGTERM');
  assert.deepEqual(await ended, { code: null, signal: 'SIGTERM' });
  // the parent ends after its child did
  assert.throws(() => process.kill(children[0], 0), { code: 'ESRCH' });
  parent.stdout.destroy();
});

test("the child's argument typed by hand: a usage error at once (exit 2), not a hang or a stack trace", () => {
  const r = spawnSync(process.execPath, [CLI, CHECK_CHILD_ARG], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--bulkhead-check-child is internal/);
  assert.doesNotMatch(r.stderr, /at |internal error/);
});

test('a child that cannot be started: nothing printed, undefined (the check runs in this process), no handler left', async () => {
  const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));
  const execPath = process.execPath;
  process.execPath = path.join(ROOT, 'no-such-node');
  try {
    const code = await checkInChild(CLI, {
      command: { command: 'check' },
      cwd: ROOT,
      today: 0,
      paths: [],
      platformThreads: 1,
    });
    assert.equal(code, undefined);
  } finally {
    process.execPath = execPath;
  }
  assert.deepEqual(
    ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s)),
    before,
  );
});

test('a long check given its list on standard input (--files-from -) prints in its child what it prints here', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  manyDockerfiles(dir, REEXEC_MIN_FILES + 5);
  const list = collectList(dir);
  const child = run(['check', '--jobs', '1', '--format', 'text', '--files-from', '-'], { cwd: dir, input: list });
  const here = run(['check', '--jobs', '1', '--format', 'text', '--files-from', '-'], {
    cwd: dir,
    input: list,
    node: ['--v8-pool-size=4'],
  });
  assert.equal(child.stats.platformThreads, childPoolHere(REEXEC_MIN_FILES + 5));
  assert.equal(child.code, here.code);
  assert.ok(child.stdout === here.stdout, 'stdout differs');
  assert.equal(child.stderr, here.stderr);
  assert.match(child.stderr, /505 files checked/);
});

test("a long check's child starts without NODE_EXTRA_CA_CERTS: Node reads those certificates once, in the parent", (t) => {
  // the rest of the environment is passed on as it is
  const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/extra.pem', BULKHEAD_STATS: '1', TMPDIR: '/tmp/x' };
  assert.deepEqual(childEnv(env), { PATH: '/bin', BULKHEAD_STATS: '1', TMPDIR: '/tmp/x' });
  assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/extra.pem', "the parent's own environment is left as it is");
  // an unreadable file: a Node that reads it at start (Node 20) warns at each start; with a child that read it too, a
  // run warned twice. How many times one start of this Node warns is asked first (a Node that reads the file only
  // when TLS is loaded never warns for a check)
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const missing = path.join(dir, 'no-such-bundle.pem');
  const isWarning = (l: string) => l.includes('Ignoring extra certs');
  const once = spawnSync(process.execPath, ['-e', '0'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: missing },
  })
    .stderr.split('\n')
    .filter(isWarning).length;
  manyDockerfiles(dir, REEXEC_MIN_FILES + 5);
  const pool = childPoolHere(REEXEC_MIN_FILES + 5);
  if (pool === undefined)
    t.diagnostic(`${os.availableParallelism()} CPUs: no child here, so one start however the child is started`);
  if (once === 0) t.diagnostic('this Node does not read NODE_EXTRA_CA_CERTS at start: no warning either way');
  const args = ['check', '--jobs', '1', '--format', 'json', '.'];
  const certs = run(args, { cwd: dir, env: { NODE_EXTRA_CA_CERTS: missing } });
  const plain = run(args, { cwd: dir, env: { NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(certs.stats.platformThreads, pool);
  const warnings = certs.stderr.split('\n').filter(isWarning);
  assert.equal(warnings.length, once, certs.stderr);
  assert.equal(certs.code, plain.code);
  assert.ok(certs.stdout === plain.stdout, 'stdout differs');
  assert.equal(
    certs.stderr
      .split('\n')
      .filter((l) => !isWarning(l))
      .join('\n'),
    plain.stderr,
  );
});

/** The Dockerfiles under dir, one relative path a line. */
function collectList(dir: string): string {
  const out: string[] = [];
  for (const folder of fs.readdirSync(dir).sort())
    for (const name of fs.readdirSync(path.join(dir, folder)).sort())
      if (name.startsWith('Dockerfile')) out.push(`${folder}/${name}`);
  return out.join('\n') + '\n';
}

test('--config is read before the --files-from list: its problem is the one said when both have one (exit 2)', () => {
  const r = run(['check', '--config', 'no-such-config.json', '--files-from', 'no-such-list.txt']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--config no-such-config\.json/);
  assert.doesNotMatch(r.stderr, /--files-from/);
});

test("a long check's child whose parent is killed (SIGKILL, not passed on) stops within a few files", async (t) => {
  const parent = startLongCheck(t);
  if (!parent) return;
  let stdout = '';
  let stderr = '';
  parent.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<void>((resolve) => parent.stdout.on('end', () => resolve()));
  const parentEnded = new Promise<void>((resolve) => parent.on('exit', () => resolve()));
  // the first output is the child's; unread, the rest fills the pipe and the child waits on it
  await new Promise<void>((resolve) => parent.stdout.once('data', (d: Buffer) => ((stdout += d), resolve())));
  parent.stdout.pause();
  parent.kill('SIGKILL');
  await parentEnded;
  // read on: the child writes what it holds, sees within a few files (cli.ts's PARENT_CHECK_EVERY) that nobody waits,
  // and ends (the pipe closes)
  parent.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  parent.stdout.resume();
  await closed;
  assert.doesNotMatch(stderr, /files checked/, 'no summary: the child stopped');
  const lines = stdout.split('\n').filter((l) => /^svc\d+\/Dockerfile\.\d+:\d+/.test(l));
  const files = new Set(lines.map((l) => l.split(':')[0]));
  assert.ok(files.size < REEXEC_MIN_FILES + 20, `stopped before the last file (${files.size} files reported)`);
});

/**
 * The child started by hand as checkInChild starts it, its parent's process id `parent` on its command line and `sent`
 * on descriptor 3 (the bytes of a check, or a check to serialize): its status, stdout and stderr.
 */
async function startChild(sent: unknown, cwd: string, parent: number) {
  const child = spawn(process.execPath, [CLI, CHECK_CHILD_ARG, String(parent)], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  (child.stdio[3] as NodeJS.WritableStream).end(Buffer.isBuffer(sent) ? sent : v8.serialize(sent));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

test("a long check's child whose parent is gone before it read the check, or while it sent it, stops at once and quietly", async (t) => {
  // the check on descriptor 3 is a socket pair's end: POSIX (on Windows a long check stays in one process)
  if (process.platform === 'win32') return t.skip('no long-check child on Windows');
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  manyDockerfiles(dir, 3);
  const payload = { command: parseArgs(['check', '.']), cwd: dir, today: Date.now(), paths: ['.'], platformThreads: 1 };
  // started by this process, which is the child's parent: the check runs
  const ours = await startChild(payload, dir, process.pid);
  assert.equal(ours.code, 1, ours.stderr);
  assert.match(ours.stderr, /3 files checked/);
  const quiet = (r: { code: number | null; stdout: string; stderr: string }) => {
    assert.equal(r.code, 141, r.stderr);
    assert.equal(r.stdout, '', 'nothing checked');
    assert.equal(r.stderr, '');
  };
  // started by a process that is no longer its parent (the one that started it was killed, and this one adopted it)
  quiet(await startChild(payload, dir, process.pid + 1));
  // that parent killed before it sent the check (the pipe closes empty), or while it sent a long one (cut short)
  const long = v8.serialize({ ...payload, paths: Array.from({ length: 20_000 }, (_, i) => `svc${i}/Dockerfile`) });
  quiet(await startChild(Buffer.alloc(0), dir, process.pid + 1));
  quiet(await startChild(long.subarray(0, 100_000), dir, process.pid + 1));
  // the same bytes from a parent still there are not a check: the usage error (exit 2)
  for (const sent of [Buffer.alloc(0), long.subarray(0, 100_000)]) {
    const r = await startChild(sent, dir, process.pid);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--bulkhead-check-child is internal/);
  }
});

import { MessageChannel, Worker } from 'node:worker_threads';
import { withinBudget, lintStep, restoreAfterStop, setLintStep, type Budgeted } from './budget';

/**
 * The language server's lint deadline without a thread per lint. node:vm's `timeout` (budget.ts) starts and joins a
 * watchdog thread on every call: a third of a keystroke's time on a 40-line Dockerfile. Here one watchdog thread
 * lives as long as the server and costs nothing per lint but two atomic writes:
 *
 * - a job runs on this thread in a macrotask of its own (a private MessagePort), so nothing but the job is on the stack;
 * - before it runs, the job's sequence number, start and budget go into shared memory; the watchdog sleeps until that
 *   deadline (Atomics.wait with a timeout; with nothing running it sleeps until woken);
 * - a job still running at its deadline is claimed by the watchdog (compare-and-exchange, so a job that finished at
 *   that instant is never stopped by mistake) and terminated with the inspector protocol's Runtime.terminateExecution
 *   (V8 unwinds this thread's stack, whatever loop it is in, and lets the next macrotask run), then the watchdog says
 *   which job it stopped;
 * - a job that finds itself claimed as it finishes waits for the termination, so it never lands on other code.
 *
 * Where the inspector is unavailable (a Node built without it), or until the watchdog has started, each job runs under
 * node:vm's timeout as before.
 */

const WATCHDOG_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData, 0, 4);
const times = new Float64Array(workerData, 16, 2);
const until = new BigInt64Array(workerData, 32, 1);
let session;
try {
  const inspector = require('node:inspector');
  session = new inspector.Session();
  session.connectToMainThread();
  parentPort.postMessage({ ready: true });
} catch (e) {
  session = undefined;
  parentPort.postMessage({ unavailable: true });
}
// the process's monotonic clock, the same on both threads (each thread has its own performance.timeOrigin)
const now = () => Number(process.hrtime.bigint()) / 1e6;
while (session) {
  const seq = Atomics.load(state, 0);
  if (seq <= 0) {
    // nothing running: sleep until a job starts (it clears the flag and wakes us)
    Atomics.store(state, 1, 1);
    if (Atomics.load(state, 0) <= 0) Atomics.wait(state, 1, 1);
    Atomics.store(state, 1, 0);
    continue;
  }
  const deadline = times[0] + times[1];
  const left = deadline - now();
  if (left > 0) {
    // sleep until this deadline; a job that starts with an earlier one moves state[2] on and wakes us
    const generation = Atomics.load(state, 2);
    Atomics.store(until, 0, BigInt(Math.ceil(deadline)));
    if (Atomics.load(state, 0) === seq) Atomics.wait(state, 2, generation, left);
    continue;
  }
  if (Atomics.compareExchange(state, 0, seq, -seq) === seq) {
    try {
      session.post('Runtime.terminateExecution');
      parentPort.postMessage({ terminated: seq });
    } catch (e) {
      // cannot stop it: give the job back (it finishes unwatched) and let node:vm's watchdog take the next ones
      Atomics.store(state, 0, seq);
      session = undefined;
      parentPort.postMessage({ unavailable: true });
    }
  }
}
`;

interface Job {
  run: () => unknown;
  ms: number;
  resolve: (b: Budgeted<unknown>) => void;
  reject: (e: unknown) => void;
  seq?: number;
  /** Error.stackTraceLimit before the job: a stopped job's `finally` blocks never run (restoreAfterStop). */
  stackTraceLimit?: number;
}

/**
 * [0] the running job's sequence number (0 idle, negative: claimed by the watchdog), [1] the watchdog sleeps idle,
 * [2] moves on to wake the watchdog from a sleep until a later deadline.
 */
let state: Int32Array;
/** [0] the running job's start (ms since the epoch), [1] its budget (ms). */
let times: Float64Array;
/** The deadline the watchdog sleeps until (ms since the epoch). */
let until: BigInt64Array;
let watchdog: 'starting' | 'ready' | 'unavailable' | undefined;
let port: MessageChannel | undefined;
const queue: Job[] = [];
let running: Job | undefined;
let lastSeq = 0;

/** The process's monotonic clock in ms, as the watchdog thread reads it (performance.timeOrigin is per thread). */
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** The longest deadline kept exactly (a budget that is not a finite number of ms waits this long). */
const MAX_BUDGET_MS = 2 ** 31 - 1;

const settled: ((ready: boolean) => void)[] = [];
function settle(to: 'ready' | 'unavailable'): void {
  watchdog = to;
  for (const s of settled.splice(0)) s(to === 'ready');
}

/** Resolves true once the watchdog thread runs (jobs are stopped by it from then on), false if it cannot. */
export function watchdogStarted(): Promise<boolean> {
  if (watchdog === undefined) start();
  if (watchdog === 'ready' || watchdog === 'unavailable') return Promise.resolve(watchdog === 'ready');
  return new Promise((resolve) => settled.push(resolve));
}

function start(): void {
  const shared = new SharedArrayBuffer(40);
  state = new Int32Array(shared, 0, 4);
  times = new Float64Array(shared, 16, 2);
  until = new BigInt64Array(shared, 32, 1);
  watchdog = 'starting';
  let worker: Worker;
  try {
    // it never writes: its stdout is the process's (over --stdio, the LSP stream), so it prints nothing at all
    worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: shared });
  } catch {
    settle('unavailable');
    return;
  }
  worker.on('message', (m: { ready?: true; unavailable?: true; terminated?: number }) => {
    if (m.ready) settle('ready');
    else if (m.unavailable) settle('unavailable');
    else if (m.terminated !== undefined) stopped(m.terminated);
  });
  // a watchdog that ends after claiming a job never says it stopped it: the job is reported stopped now
  const ended = () => {
    settle('unavailable');
    if (running?.seq !== undefined && Atomics.load(state, 0) === -running.seq) stopped(running.seq);
  };
  worker.on('error', ended);
  worker.on('exit', ended);
  // the process ends when its work does, whatever the watchdog is waiting for (once it has started: a caller may be
  // waiting for that, watchdogStarted)
  const started = watchdogStarted().then(() => worker.unref());
  void started;
}

/** The private port each job is posted to: one job per macrotask. */
function jobPort(): MessageChannel {
  const channel = new MessageChannel();
  channel.port2.on('message', runNext); // (listening refs the port: unref after)
  channel.port1.unref();
  channel.port2.unref();
  return channel;
}

/**
 * Run `job` on this thread, stopping it after `ms` milliseconds; exceptions from the job reject unchanged. The first
 * job runs under node:vm's watchdog and starts the watchdog thread after it (a server's first diagnostics do not wait
 * for a thread to start).
 */
export function runWithDeadline<T>(job: () => T, ms: number): Promise<Budgeted<T>> {
  port ??= jobPort();
  ms = Number.isFinite(ms) ? Math.min(Math.max(ms, 1), MAX_BUDGET_MS) : MAX_BUDGET_MS;
  return new Promise<Budgeted<T>>((resolve, reject) => {
    queue.push({ run: job, ms, resolve: resolve as (b: Budgeted<unknown>) => void, reject });
    if (queue.length === 1 && !running) schedule();
  });
}

function schedule(): void {
  if (!port) return;
  port.port2.ref(); // a job is waiting: the process stays up for it
  port.port1.postMessage(null);
}

/** One job per macrotask: when the watchdog stops it, nothing but the job is on the stack it unwinds. */
function runNext(): void {
  const job = queue.shift();
  if (!job) {
    port?.port2.unref();
    return;
  }
  if (watchdog !== 'ready') {
    // the watchdog is starting (or cannot): node:vm's watchdog thread, as before
    try {
      job.resolve(withinBudget(job.run, job.ms));
    } catch (e) {
      job.reject(e);
    }
    return next();
  }
  running = job;
  const seq = ++lastSeq;
  job.seq = seq;
  job.stackTraceLimit = Error.stackTraceLimit;
  setLintStep('parsing the file');
  const started = now();
  times[0] = started;
  times[1] = job.ms;
  Atomics.store(state, 0, seq);
  // wake the watchdog if it sleeps idle, or until a deadline later than this job's (jobs of one budget never do)
  if (Atomics.compareExchange(state, 1, 1, 0) === 1) Atomics.notify(state, 1);
  else if (BigInt(Math.floor(started + job.ms)) < Atomics.load(until, 0)) {
    Atomics.add(state, 2, 1);
    Atomics.notify(state, 2);
  }
  let value: unknown;
  let error: { e: unknown } | undefined;
  try {
    value = job.run();
  } catch (e) {
    error = { e };
  }
  // claimed by the watchdog at this very instant: its termination is on its way and must land here, on nothing else
  // (or handed back, when the watchdog cannot stop it after all)
  while (Atomics.compareExchange(state, 0, seq, 0) !== seq);
  running = undefined;
  if (error) job.reject(error.e);
  else job.resolve({ done: true, value });
  next();
}

function next(): void {
  // after the job's answer has gone out (its continuations run first)
  if (watchdog === undefined) setImmediate(() => watchdog === undefined && start());
  if (queue.length) schedule();
  else port?.port2.unref();
}

/** The watchdog terminated job `seq`: its stack is gone; it is reported where it stopped, and the queue moves on. */
function stopped(seq: number): void {
  const job = running;
  if (!job || job.seq !== seq) return;
  Atomics.compareExchange(state, 0, -seq, 0);
  running = undefined;
  restoreAfterStop(job.stackTraceLimit ?? Error.stackTraceLimit);
  job.resolve({ done: false, step: lintStep() });
  next();
}

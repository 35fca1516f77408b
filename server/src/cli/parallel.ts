import type { Worker } from 'node:worker_threads';

/**
 * Jobs shared between this thread and worker threads, their results delivered in job order: whichever thread ran a
 * job, `deliver` sees the results in the order of `jobs`, so what is printed does not depend on the sharing. This
 * thread runs a job itself whenever no result is waiting to be delivered and not too many are ahead; a worker that
 * fails (crashes, exits) has its jobs run here instead.
 *
 * Protocol: the pool posts `{ id, job }`; a worker answers `{ id, result }` or `{ id, error }` (a job it could not
 * run: it is run here instead).
 */
export interface OrderedPool<J, R> {
  jobs: readonly J[];
  /** Start one worker thread (it is given jobs as soon as it is started: messages queue until it listens). */
  start: () => Worker;
  workers: number;
  /** Run a job on this thread. */
  local: (job: J) => R;
  deliver: (result: R) => void;
  /** Jobs a worker holds at once (one running, the others queued in its port): it never waits for the next. */
  perWorker?: number;
  /** Results that may wait for an earlier one (memory bound). */
  maxAhead?: number;
}

/** What the pool did, for tests: jobs run by workers, run here, and given back by a failed worker. */
export interface PoolCounts {
  byWorkers: number;
  local: number;
  requeued: number;
}

/**
 * Files one job holds when `files` are shared between `threads` threads (this one and the workers): about
 * JOBS_PER_THREAD jobs a thread, so the threads' last jobs end close together, of at least MIN_FILES_PER_JOB and at
 * most MAX_FILES_PER_JOB files. A job costs more than its files: at least one watchdog thread started and joined
 * (common/budget.ts: the join waits for the scheduler when every CPU is busy) and two messages. Issue 21, measured on a
 * 2-CPU machine with --jobs 2 in paired rounds: jobs of 32 files started ~1,600 watchdogs over 50,000 files; jobs of
 * 128 were 6 % faster (0.89-0.99 of the time, 1.8 s less CPU); the 2,648 corpus Dockerfiles (jobs of 83) level.
 */
export function filesPerJob(files: number, threads: number): number {
  const even = Math.ceil(files / (Math.max(1, threads) * JOBS_PER_THREAD));
  return Math.min(MAX_FILES_PER_JOB, Math.max(MIN_FILES_PER_JOB, even));
}
export const MIN_FILES_PER_JOB = 32;
export const MAX_FILES_PER_JOB = 128;
const JOBS_PER_THREAD = 16;

/**
 * OrderedPool's maxAhead for jobs of `size` files: results for about AHEAD_FILES files may wait for an earlier one
 * (memory), but never fewer jobs than the workers hold at once and this thread runs (so that, in the steady state, no
 * worker waits for the next job). With large jobs or many workers the second bound is the larger: up to (2w + 4) jobs'
 * results at once, about 768 files with one worker of jobs of 128.
 */
export function maxAheadFor(size: number, workers: number, perWorker = PER_WORKER): number {
  return Math.max(Math.ceil(AHEAD_FILES / size), perWorker * workers + 2);
}
const AHEAD_FILES = 512;
const PER_WORKER = 2;

export async function runOrdered<J, R>(pool: OrderedPool<J, R>): Promise<PoolCounts> {
  const { jobs, deliver } = pool;
  const perWorker = pool.perWorker ?? PER_WORKER;
  const maxAhead = pool.maxAhead ?? 16;
  const counts: PoolCounts = { byWorkers: 0, local: 0, requeued: 0 };
  const results = new Map<number, R>();
  /** Jobs not yet given out: ids in order (a failed worker's jobs go back to the front). */
  const queue: number[] = jobs.map((_, i) => i);
  let delivered = 0;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const flush = () => {
    while (results.has(delivered)) {
      const r = results.get(delivered) as R;
      results.delete(delivered++);
      deliver(r);
    }
  };

  interface Slot {
    worker: Worker;
    held: Set<number>;
    dead: boolean;
  }
  const slots: Slot[] = [];
  const giveOut = (slot: Slot) => {
    while (!slot.dead && slot.held.size < perWorker && queue.length && results.size + inFlight() < maxAhead) {
      const id = queue.shift()!;
      slot.held.add(id);
      slot.worker.postMessage({ id, job: jobs[id] });
    }
  };
  const inFlight = () => slots.reduce((n, s) => n + s.held.size, 0);
  const fail = (slot: Slot) => {
    if (slot.dead) return;
    slot.dead = true;
    // its jobs are run here, in order, ahead of the rest
    const back = [...slot.held].sort((a, b) => a - b);
    counts.requeued += back.length;
    queue.unshift(...back);
    queue.sort((a, b) => a - b);
    slot.held.clear();
    void slot.worker.terminate();
    poke();
  };

  for (let i = 0; i < pool.workers && queue.length > 1; i++) {
    let worker: Worker;
    try {
      worker = pool.start();
    } catch {
      break; // no worker: this thread does all the work
    }
    const slot: Slot = { worker, held: new Set(), dead: false };
    slots.push(slot);
    worker.on('message', (m: { id: number; result?: R; error?: string }) => {
      if (slot.dead || !slot.held.has(m.id)) return;
      if (m.error !== undefined) {
        fail(slot);
        return;
      }
      slot.held.delete(m.id);
      results.set(m.id, m.result as R);
      counts.byWorkers++;
      poke();
    });
    worker.on('error', () => fail(slot));
    worker.on('exit', () => fail(slot));
    giveOut(slot);
  }

  try {
    while (delivered < jobs.length) {
      flush();
      for (const slot of slots) giveOut(slot);
      if (delivered >= jobs.length) break;
      // this thread's turn: the next job nobody holds, unless too many results are already waiting
      // (the job due next, when nobody holds it, is always run: a failed worker's, back in the queue)
      if (queue.length && (queue[0] === delivered || results.size + inFlight() < maxAhead + perWorker)) {
        const id = queue.shift()!;
        results.set(id, pool.local(jobs[id]));
        counts.local++;
        // let the workers' answers in before the next job
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    for (const slot of slots) {
      slot.dead = true;
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
    }
  }
  return counts;
}

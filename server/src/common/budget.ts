import vm = require('node:vm');

/**
 * A lint deadline that holds whatever a rule does. A linter that runs on every keystroke must not let one document
 * (a rule with an unforeseen loop, a parser on hostile input) stop every other document's diagnostics; nor may one
 * file stop a CI run. JavaScript cannot interrupt a synchronous loop from inside, but V8 can terminate it from its
 * watchdog: node:vm's `timeout` does exactly that for the code it runs, including functions called from it. The
 * job's half-done work is dropped (nothing of a stopped lint is cached or published), and the caller reports which
 * step was running.
 */

/**
 * Defaults: generous against the slowest real file (the largest of ~2,650 public Dockerfiles lints in ~50 ms) and
 * against the 2 MB limit (~2 s on a quiet machine), with room for a busy CI machine.
 */
export const EDITOR_LINT_BUDGET_MS = 5000;
export const CLI_LINT_BUDGET_MS = 30000;

/** The step of the lint running now ("parsing", "rule <id>"), kept so a stopped lint can say where it stopped. */
let currentStep = 'parsing the file';

export function setLintStep(step: string): void {
  currentStep = step;
}

/** The step running now (read after a lint was stopped from outside: watchdog.ts). */
export function lintStep(): string {
  return currentStep;
}

/**
 * The job node:vm runs under its timeout: a function the script finds on this context's global object under a
 * registered symbol, not a name (nothing enumerates, shadows or overwrites it by accident). Not a context of its own:
 * a new context is ~150 KB and a millisecond at every start (issue 21).
 */
const JOB = Symbol.for('bulkhead.lintBudget.job');
const host = globalThis as unknown as { [JOB]: null | (() => unknown) };
host[JOB] = null;
const runJob = new vm.Script("globalThis[Symbol.for('bulkhead.lintBudget.job')]()", {
  filename: 'bulkhead-lint-budget',
});

export type Budgeted<T> = { done: true; value: T } | { done: false; step: string };

/** Run `job` synchronously, stopping it after `ms` milliseconds. Exceptions from the job propagate unchanged. */
export function withinBudget<T>(job: () => T, ms: number): Budgeted<T> {
  currentStep = 'parsing the file';
  host[JOB] = job;
  const stackTraceLimit = Error.stackTraceLimit;
  try {
    return { done: true, value: runJob.runInThisContext({ timeout: Math.max(1, Math.round(ms)) }) as T };
  } catch (e) {
    if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      restoreAfterStop(stackTraceLimit);
      return { done: false, step: currentStep };
    }
    throw e;
  } finally {
    host[JOB] = null;
  }
}

/**
 * How long one watchdog call runs jobs one after another before the next call starts a fresh watchdog (ms). Each call
 * of node:vm with a timeout starts a watchdog thread and joins it on return: per file, on a busy CI machine, that join
 * waits for the scheduler and cost more wall time than the lints (issue 21's profile). A slice of jobs shares one.
 */
export const BUDGET_SLICE_MS = 200;

/**
 * A monotonic clock in ms. Not `performance.now()`: the global `performance` loads Node's perf_hooks (ten modules,
 * issue 21: ~1.5 ms of a one-file check) the first time it is touched.
 */
function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

/**
 * `withinBudget` for many jobs in a row, with one watchdog per slice of jobs instead of one per job: each job still
 * gets at least `ms` of its own (a job starts only within the first BUDGET_SLICE_MS of its watchdog's `ms` +
 * BUDGET_SLICE_MS) and is stopped within BUDGET_SLICE_MS more. `done` gets each item's outcome in order (the job's
 * exception as `error`), outside the watchdog. Returns the number of watchdogs started (for tests: the work is counted).
 *
 * `settle`, when given, turns a job's value into what `done` needs, within the slice, as soon as the job returns: what
 * the slice keeps until it ends is then that, not the job's whole value. It must be pure (it may be stopped half-way,
 * by the watchdog or by an exception: the job's value is then kept as it was, and `done` gets that) and load no module
 * (one stopped half-loaded stays broken: load it before, as the CLI does node:crypto).
 */
export function eachWithinBudget<I, T>(
  items: readonly I[],
  job: (item: I) => T,
  ms: number,
  done: (item: I, outcome: Budgeted<T> | { done: 'error'; error: unknown }) => void,
  now: () => number = monotonicMs,
  settle?: (item: I, value: T) => T,
): number {
  let next = 0;
  let watchdogs = 0;
  const timeout = Math.max(1, Math.round(ms)) + BUDGET_SLICE_MS;
  while (next < items.length) {
    const started = now();
    const stackTraceLimit = Error.stackTraceLimit;
    const outcomes: (Budgeted<T> | { done: 'error'; error: unknown })[] = [];
    const first = next;
    /** A job is running (not between two): the watchdog stopped it if it fires now. */
    let running = false;
    host[JOB] = () => {
      // at least one job per slice, so the loop always advances
      do {
        currentStep = 'parsing the file';
        let outcome: Budgeted<T> | { done: 'error'; error: unknown };
        running = true;
        try {
          outcome = { done: true, value: job(items[next]) };
        } catch (e) {
          outcome = { done: 'error', error: e };
        }
        running = false;
        outcomes.push(outcome);
        next++;
        if (settle && outcome.done === true) {
          // the job's value is kept already: stopped here, the slice ends with it as it is
          try {
            outcomes[outcomes.length - 1] = { done: true, value: settle(items[next - 1], outcome.value) };
          } catch {
            // kept as it is: `done` meets the same problem and says it
          }
        }
      } while (next < items.length && now() - started < BUDGET_SLICE_MS);
    };
    try {
      watchdogs++;
      runJob.runInThisContext({ timeout });
    } catch (e) {
      if ((e as { code?: string })?.code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
      restoreAfterStop(stackTraceLimit);
      // the job running when the watchdog fired is the one stopped; the outcomes before it stand (a job that had
      // finished but whose outcome was not kept yet is run again in the next slice)
      next = first + outcomes.length;
      if (running) {
        outcomes.push({ done: false, step: currentStep });
        next++;
      }
    } finally {
      host[JOB] = null;
    }
    outcomes.forEach((outcome, i) => done(items[first + i], outcome));
  }
  return watchdogs;
}

/**
 * After a job was stopped: V8 unwinds a terminated job without running its `finally` blocks, so what the engine sets
 * around a step and restores in one is restored here (the YAML parser's Error.stackTraceLimit: compose/model.ts).
 */
export function restoreAfterStop(stackTraceLimit: number): void {
  Error.stackTraceLimit = stackTraceLimit;
}

/** Seconds as people read them: `5 s`, `0.2 s`. */
function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 1 ? Math.round(s * 10) / 10 : Math.round(s * 1000) / 1000} s`;
}

/** The message for a lint stopped at its deadline (the editor's diagnostic, the CLI's error line). */
export function stoppedMessage(step: string, ms: number): string {
  return `Bulkhead stopped checking this file after ${seconds(ms)} (${step} did not finish): its findings are incomplete. Other files are still checked; please report this file.`;
}

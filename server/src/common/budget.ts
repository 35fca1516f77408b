import * as vm from 'node:vm';

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

const context = vm.createContext({ job: null as null | (() => unknown) });
const runJob = new vm.Script('job()', { filename: 'bulkhead-lint-budget' });

export type Budgeted<T> = { done: true; value: T } | { done: false; step: string };

/** Run `job` synchronously, stopping it after `ms` milliseconds. Exceptions from the job propagate unchanged. */
export function withinBudget<T>(job: () => T, ms: number): Budgeted<T> {
  currentStep = 'parsing the file';
  context.job = job;
  const stackTraceLimit = Error.stackTraceLimit;
  try {
    return { done: true, value: runJob.runInContext(context, { timeout: Math.max(1, Math.round(ms)) }) as T };
  } catch (e) {
    if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      restoreAfterStop(stackTraceLimit);
      return { done: false, step: currentStep };
    }
    throw e;
  } finally {
    context.job = null;
  }
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

// Cost without wall-clock assertions: a guard that turns a hang into a test failure, and a linearity check that
// compares the cost of n with 4n measured in the same test (linear ≈ 4x, quadratic ≈ 16x).
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';

const guardContext = vm.createContext({ job: null as (() => unknown) | null });
const guardScript = new vm.Script('job()');

/**
 * Run fn and return its result; a hang (a loop that never ends) fails the test instead of stopping the whole run.
 * node:vm's watchdog can stop a synchronous loop, which no timer or test timeout can. The bound only tells a hang from
 * slow work: it is never the thing a test asserts.
 */
export function finishes<T>(fn: () => T, what: string, hangMs = 120_000): T {
  guardContext.job = fn;
  try {
    return guardScript.runInContext(guardContext, { timeout: hangMs });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      assert.fail(`${what}: did not finish (a hang)`);
    throw e;
  } finally {
    guardContext.job = null;
  }
}

/**
 * One timing of fn, in nanoseconds, less the time V8 spent collecting garbage meanwhile (v8.GCProfiler reports each
 * collection's cost, synchronously). Collection cost is not linear in the work: it jumps as the live heap outgrows the
 * young generation, and a collection of earlier garbage can land in any timing (measured: the same linear rule gave
 * 4n/n ratios of 7 to 12 with collections counted, 3.7 to 4.6 without). What the engine does itself stays measured,
 * allocation included, so a quadratic algorithm still shows as 16x.
 */
function time(fn: () => unknown): number {
  const gc = new v8.GCProfiler();
  gc.start();
  const t = process.hrtime.bigint();
  fn();
  const elapsed = Number(process.hrtime.bigint() - t);
  const collecting = gc.stop().statistics.reduce((sum, s) => sum + s.cost, 0) * 1000; // cost is in microseconds
  return Math.max(0, elapsed - collecting);
}

/**
 * fn(4n) costs about 4 times fn(n) when linear and 16 times when quadratic: fails at 12 times (garbage collection
 * left out, see time). Robust on a busy machine: n is doubled until fn(n) takes at least 5 ms at best of three (timer noise, a collection and fixed costs
 * cannot dominate), the two sizes are timed alternately five times (a burst of load hits both), up to three rounds, and the best of each
 * counts (load only adds time); when the best of n then falls short of 5 ms and the ratio fails, n is doubled again (twice at most).
 */
export function assertLinear(fn: (n: number) => unknown, n: number, what: string): void {
  let size = n;
  fn(size); // warm up the JIT
  // the best of three: one timing that a busy machine stretched past 5 ms must not keep n too small to measure
  const best = (m: number) =>
    Math.min(
      time(() => fn(m)),
      time(() => fn(m)),
      time(() => fn(m)),
    );
  while (size < n * 256 && best(size) < 5e6) size *= 2;
  let small: number;
  let large: number;
  for (let attempt = 0; ; attempt++) {
    fn(4 * size);
    small = Infinity;
    large = Infinity;
    // up to three rounds of five alternated timings, stopping at the first round whose best figures are linear: a burst
    // of load that stretched the large size in every timing of one round is not a verdict, while a quadratic fn stays
    // at 16x in every round (load only adds time, so the best figures only come closer to the truth)
    for (let round = 0; round < 3 && !(large < 12 * small); round++) {
      for (let k = 0; k < 5; k++) {
        small = Math.min(
          small,
          time(() => fn(size)),
        );
        large = Math.min(
          large,
          time(() => fn(4 * size)),
        );
      }
    }
    // a verdict, unless the small size ran well under the 5 ms the sizing measured (load had stretched those timings,
    // and a size that short is timer noise and fixed costs): then twice the size, at most twice more (a quadratic fn
    // stays at 16x at every size)
    if (large < 12 * small || small >= 5e6 || attempt === 2) break;
    size *= 2;
  }
  assert.ok(
    large < 12 * small,
    `${what}: n=${size} took ${(small / 1e6).toFixed(1)} ms, 4n ${(large / 1e6).toFixed(1)} ms (ratio ${(large / small).toFixed(1)})`,
  );
}

// Cost without wall-clock assertions: a guard that turns a hang into a test failure, and a linearity check that
// compares the cost of n with 4n measured in the same test (linear ≈ 4x, quadratic ≈ 16x).
import assert from 'node:assert/strict';
import vm from 'node:vm';

const guardContext = vm.createContext({ job: null });
const guardScript = new vm.Script('job()');

/**
 * Run fn and return its result; a hang (a loop that never ends) fails the test instead of stopping the whole run.
 * node:vm's watchdog can stop a synchronous loop, which no timer or test timeout can. The bound only tells a hang from
 * slow work: it is never the thing a test asserts.
 */
export function finishes(fn, what, hangMs = 120_000) {
  guardContext.job = fn;
  try {
    return guardScript.runInContext(guardContext, { timeout: hangMs });
  } catch (e) {
    if (e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') assert.fail(`${what}: did not finish (a hang)`);
    throw e;
  } finally {
    guardContext.job = null;
  }
}

/** The best of three timings of fn, in nanoseconds: noise from a busy machine only ever adds time. */
function cost(fn) {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t));
  }
  return best;
}

/**
 * fn(4n) costs about 4 times fn(n) when linear and 16 times when quadratic: fails at 10 times. Costs under 2 ms are
 * counted as 2 ms, so timer noise on tiny inputs cannot fail it.
 */
export function assertLinear(fn, n, what) {
  fn(n); // warm up the JIT
  const small = Math.max(cost(() => fn(n)), 2e6);
  const large = cost(() => fn(4 * n));
  assert.ok(large < 10 * small, `${what}: n=${n} took ${(small / 1e6).toFixed(1)} ms, 4n ${(large / 1e6).toFixed(1)} ms (ratio ${(large / small).toFixed(1)})`);
}

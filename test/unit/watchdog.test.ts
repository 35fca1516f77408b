// The language server's lint deadline (server/src/common/watchdog.ts): one watchdog thread stops a job that runs past
// its deadline, whatever loop it is in, and everything else on the thread goes on. Waits are on the jobs' own
// promises and on events the test schedules; nothing asserts on elapsed time.
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import assert from 'node:assert/strict';
import { runWithDeadline, watchdogStarted } from '../../server/src/common/watchdog';
import { setLintStep } from '../../server/src/common/budget';

test('a job that never returns is stopped at its deadline, naming its step; the thread and the next jobs go on', async () => {
  assert.equal(await watchdogStarted(), true, 'node here has the inspector: the watchdog thread runs');
  assert.deepEqual(await runWithDeadline(() => 6 * 7, 5000), { done: true, value: 42 });

  // scheduled before the stopped job: they still run after it (its termination unwinds nothing but the job)
  const immediate = new Promise<string>((resolve) => setImmediate(() => resolve('immediate')));
  const channel = new MessageChannel();
  const message = new Promise<string>((resolve) => channel.port2.once('message', resolve));
  channel.port1.postMessage('message');
  let iterations = 0;
  const stopped = await runWithDeadline(() => {
    setLintStep('rule endless-rule');
    for (;;) iterations++;
  }, 150);
  assert.deepEqual(stopped, { done: false, step: 'rule endless-rule' });
  assert.ok(iterations > 0);
  assert.deepEqual(await Promise.all([immediate, message]), ['immediate', 'message']);
  channel.port1.close();

  // what a stopped job set around a step and would have restored in a `finally` block (V8 does not run those)
  const limit = Error.stackTraceLimit;
  const unwound = await runWithDeadline(() => {
    Error.stackTraceLimit = 0;
    try {
      for (;;);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }, 150);
  assert.equal(unwound.done, false);
  assert.equal(Error.stackTraceLimit, limit);

  // the next job starts from the first step again, and is not stopped
  assert.deepEqual(await runWithDeadline(() => 'after', 5000), { done: true, value: 'after' });
});

test('a job that throws rejects with its own error; jobs queued together run in order, each under its own deadline', async () => {
  assert.equal(await watchdogStarted(), true);
  await assert.rejects(
    runWithDeadline(() => {
      throw new RangeError('bad input');
    }, 5000),
    RangeError,
  );
  const order: number[] = [];
  // the first job's deadline is ten minutes away: the watchdog sleeps until then unless the second job's earlier
  // deadline wakes it (without that, this test runs into the test runner's own timeout)
  const results = await Promise.all([
    runWithDeadline(() => order.push(1), 600_000),
    runWithDeadline(() => {
      order.push(2);
      for (;;);
    }, 100),
    runWithDeadline(() => order.push(3), 5000),
  ]);
  assert.deepEqual(order, [1, 2, 3]);
  assert.equal(results[0].done, true);
  assert.equal(results[1].done, false);
  assert.deepEqual(results[2], { done: true, value: 3 });
});

test('a budget that is not a finite number of milliseconds runs the job (under the longest deadline), never stalls the queue', async () => {
  assert.equal(await watchdogStarted(), true);
  for (const ms of [Infinity, NaN])
    assert.deepEqual(await runWithDeadline(() => String(ms), ms), { done: true, value: String(ms) }, String(ms));
  assert.deepEqual(await runWithDeadline(() => 'after', 5000), { done: true, value: 'after' });
});

test('a regular expression that backtracks past the deadline is stopped too', async () => {
  assert.equal(await watchdogStarted(), true);
  // exponential backtracking (never in Bulkhead's own rules: every regex there is linear); V8 checks for interrupts
  // inside the matcher, so a stopped match ends like a stopped loop
  const evil = /^(a+)+$/;
  const outcome = await runWithDeadline(() => evil.test('a'.repeat(40) + '!'), 150);
  assert.equal(outcome.done, false);
  assert.deepEqual(await runWithDeadline(() => 'still fine', 5000), { done: true, value: 'still fine' });
});

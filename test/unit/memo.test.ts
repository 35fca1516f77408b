// The kept answers of common/memo.ts: counted look-ups, never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lazy, memo, recall, remembered } from '../../server/src/common/memo';

test('remembered: each key looked up once, an undefined answer kept too', () => {
  const asked: string[] = [];
  const f = remembered((k: string) => (asked.push(k), k === 'none' ? undefined : k.length));
  assert.equal(f('abc'), 3);
  assert.equal(f('abc'), 3);
  assert.equal(f('none'), undefined);
  assert.equal(f('none'), undefined);
  assert.deepEqual(asked, ['abc', 'none']);
});

test('remembered: bounded (emptied when full), and a key longer than maxKey is answered but not kept', () => {
  const asked: string[] = [];
  const f = remembered((k: string) => (asked.push(k), k.toUpperCase()), 3, 8);
  for (const k of ['a', 'b', 'c']) f(k);
  assert.equal(f('a'), 'A');
  assert.equal(asked.length, 3, 'all three kept');
  // a fourth key empties the store: 'a' is looked up again
  f('d');
  f('a');
  assert.deepEqual(asked, ['a', 'b', 'c', 'd', 'a']);
  const long = 'x'.repeat(9);
  assert.equal(f(long), long.toUpperCase());
  assert.equal(f(long), long.toUpperCase());
  assert.equal(asked.filter((k) => k === long).length, 2, 'not kept');
});

test('lazy computes once, on first use; memo keeps a value on its owner, unseen by spreads and JSON', () => {
  let computed = 0;
  const table = lazy(() => ++computed);
  assert.equal(computed, 0);
  assert.equal(table(), 1);
  assert.equal(table(), 1);
  const owner = { a: 1 };
  const key = Symbol('k');
  assert.equal(
    memo(owner, key, () => 'v'),
    'v',
  );
  assert.equal(
    memo(owner, key, () => 'other'),
    'v',
  );
  assert.equal(recall(owner, key), 'v');
  assert.deepEqual({ ...owner }, { a: 1 });
  assert.equal(JSON.stringify(owner), '{"a":1}');
  assert.equal(recall({ ...owner }, key), undefined);
});

// The one list joiner messages use (server/src/text/list.ts): Compose, daemon.json and Dockerfile messages alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinList } from '../../server/src/text/list';

test('joinList: a, a and b, a, b and c; or for alternatives; empty for none', () => {
  assert.equal(joinList([]), '');
  assert.equal(joinList(['a']), 'a');
  assert.equal(joinList(['a', 'b']), 'a and b');
  assert.equal(joinList(['a', 'b', 'c']), 'a, b and c');
  assert.equal(joinList(['"x"', '"y"', '"z"'], 'or'), '"x", "y" or "z"');
});

// Files derived from the registry (schema, settings, README table) must match it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

test('schemas/bulkhead.schema.json, package.json bulkhead.rules and the README rule table match the registry', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/generate.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

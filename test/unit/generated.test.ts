// Files derived from the registry and the daemon.json key table (schemas, settings, README table, the daemon.json
// template's baseline data, the header of every rule page in docs/rules/) must match them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers';

test("the schemas, package.json bulkhead.rules, the README rule table, the daemon.json template baseline and the rule pages' headers match their sources", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/generate.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

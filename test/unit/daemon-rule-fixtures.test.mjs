// Every daemon.json rule: at least 3 firing and 3 non-firing fixtures, expected lines where given, and every fix
// applied and re-linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { svc, daemonFindings, daemonFixtures, checkDaemonFixes } from './daemon-helpers.mjs';

for (const rule of svc.allRules.filter((r) => r.kind === 'daemon')) {
  test(`${rule.id}: fixtures`, async (t) => {
    const { fires, passes } = daemonFixtures(rule.id);
    assert.ok(fires.length >= 3, `${rule.id} needs at least 3 firing fixtures (has ${fires.length})`);
    assert.ok(passes.length >= 3, `${rule.id} needs at least 3 non-firing fixtures (has ${passes.length})`);
    for (const f of fires) {
      await t.test(`fires: ${f.name}`, () => {
        const found = daemonFindings(f.text, rule.id, f.opts);
        assert.ok(found.length > 0, `${rule.id} did not fire on ${f.name}`);
        if (f.lines) assert.deepEqual(found.map((d) => d.range.start.line + 1), f.lines, `${f.name}: lines`);
        for (const d of found) {
          assert.equal(d.source, 'bulkhead');
          assert.ok(d.codeDescription.href.endsWith(`/${rule.id}.md`));
          assert.ok(d.message.length > 20, 'message says what to do');
        }
      });
    }
    for (const f of passes) {
      await t.test(`passes: ${f.name}`, () => {
        const found = daemonFindings(f.text, rule.id, f.opts);
        assert.deepEqual(found.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], `${rule.id} fired on ${f.name}`);
      });
    }
    if (rule.fixes?.length) {
      await t.test('fixes apply cleanly', () => {
        let n = 0;
        for (const f of fires) n += checkDaemonFixes(f.text, rule.id, f.opts, rule.allowNewAfterFix ?? []);
        assert.ok(n > 0, `${rule.id} declares fixes but none was offered on its fixtures`);
      });
    }
  });
}

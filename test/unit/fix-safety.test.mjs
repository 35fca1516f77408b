// Every rule's `fixSafety` (server/src/rules/types.ts), which its doc page's generated header states, is what its
// fixes are on its fixtures (test/fixtures/<kind>/<rule>/, fires and passes alike, linted as the fixture suites lint
// them): `safe`, none is `manual`; `manual`, every one is; `mixed`, both sorts are seen; absent, no fix at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { svc, findings, ruleFixtures } from './helpers.mjs';
import { daemonFindings, daemonFixtures } from './daemon-helpers.mjs';
import { composeFindings, composeFixtures } from './compose-helpers.mjs';

const KINDS = {
  dockerfile: { findings, fixtures: ruleFixtures },
  daemon: { findings: daemonFindings, fixtures: daemonFixtures },
  compose: { findings: composeFindings, fixtures: composeFixtures },
};

/** The fixes a rule offers on its fixtures, by sort: `<fixture>: <fix title>` each. */
function fixesSeen(rule) {
  const { findings: find, fixtures } = KINDS[rule.kind];
  const { fires, passes } = fixtures(rule.id);
  const seen = { safe: [], manual: [], fixtures: fires.length + passes.length };
  for (const f of [...fires, ...passes])
    for (const d of find(f.text, rule.id, f.opts))
      for (const fix of d.data.fixes) (fix.manual ? seen.manual : seen.safe).push(`${f.name}: ${fix.title}`);
  return seen;
}

/** What is wrong with a declared fix safety, given the fixes seen; empty when they agree. */
export function disagreement(declared, { safe, manual }) {
  const some = (list) => list.slice(0, 3).join('; ') + (list.length > 3 ? ` (and ${list.length - 3} more)` : '');
  switch (declared) {
    case undefined:
      return safe.length || manual.length
        ? [`declares no fix, but fixes are offered: ${some([...safe, ...manual])}`]
        : [];
    case 'safe':
      return [
        ...(manual.length ? [`declared safe, but manual fixes are offered: ${some(manual)}`] : []),
        ...(safe.length || manual.length ? [] : ['declared safe, but no fix is offered on its fixtures']),
      ];
    case 'manual':
      return [
        ...(safe.length ? [`declared manual, but fixes "Fix all" may apply are offered: ${some(safe)}`] : []),
        ...(safe.length || manual.length ? [] : ['declared manual, but no fix is offered on its fixtures']),
      ];
    case 'mixed':
      return safe.length && manual.length
        ? []
        : [
            `declared mixed, but only ${safe.length ? 'safe' : manual.length ? 'manual' : 'no'} fixes are offered on its fixtures`,
          ];
    default:
      return [`unknown fixSafety ${JSON.stringify(declared)} (safe, manual or mixed, or absent for no fix)`];
  }
}

for (const rule of svc.allRules) {
  test(`${rule.id}: fixSafety ${rule.fixSafety ?? '(none)'} is what its fixtures offer`, () => {
    const seen = fixesSeen(rule);
    assert.ok(seen.fixtures > 0, `${rule.id} has no fixtures`);
    assert.deepEqual(disagreement(rule.fixSafety, seen), []);
    assert.equal(
      !!rule.fixSafety,
      !!rule.fixes?.length,
      `${rule.id}: fixSafety ${rule.fixSafety ?? 'absent'} but fixes ${JSON.stringify(rule.fixes ?? [])}`,
    );
  });
}

test('the check itself: each wrong declaration is reported, each right one passes', () => {
  const none = { safe: [], manual: [] };
  const safe = { safe: ['a: Remove -k'], manual: [] };
  const manual = { safe: [], manual: ['b: Run as an unprivileged user'] };
  const both = { safe: safe.safe, manual: manual.manual };
  const wrong = (declared, seen) => disagreement(declared, seen).length > 0;
  assert.deepEqual(
    [
      [undefined, none],
      ['safe', safe],
      ['manual', manual],
      ['mixed', both],
    ].filter(([d, s]) => wrong(d, s)),
    [],
  );
  for (const [declared, seen] of [
    [undefined, safe],
    [undefined, manual],
    ['safe', manual],
    ['safe', both],
    ['safe', none],
    ['manual', safe],
    ['manual', both],
    ['manual', none],
    ['mixed', safe],
    ['mixed', manual],
    ['mixed', none],
    ['sometimes', safe],
  ])
    assert.ok(wrong(declared, seen), `${declared} with ${JSON.stringify(seen)} is not reported`);
  assert.match(disagreement('safe', manual)[0], /declared safe, but manual fixes are offered: b: Run as/);
});

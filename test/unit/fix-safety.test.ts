// Every rule's `fixSafety` (server/src/rules/types.ts), which its doc page's generated header states, is what its
// fixes are on its fixtures (test/fixtures/<kind>/<rule>/, fires and passes alike, linted as the fixture suites lint
// them): `safe`, none is `manual`; `manual`, every one is; `mixed`, both sorts are seen; absent, no fix at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentKind, RuleMeta } from '../../server/src/rules/types';
import { allRules } from '../../server/src/service/registry';
import { findings, fixesOf, ruleFixtures, type FixtureKind } from './helpers';
import { daemonFindings, daemonFixtures } from './daemon-helpers';
import { composeFindings, composeFixtures } from './compose-helpers';

/** The fixes offered, by sort: `<fixture>: <fix title>` each. */
interface Seen {
  safe: string[];
  manual: string[];
}

/** The fixes a rule offers on the fixtures of its kind, by sort, and how many fixtures it has. */
function offered<O>(
  { findings: find, fixtures }: Pick<FixtureKind<O>, 'findings' | 'fixtures'>,
  rule: string,
): Seen & { fixtures: number } {
  const { fires, passes } = fixtures(rule);
  const seen: Seen & { fixtures: number } = { safe: [], manual: [], fixtures: fires.length + passes.length };
  for (const f of [...fires, ...passes])
    for (const d of find(f.text, rule, f.opts))
      for (const fix of fixesOf(d)) (fix.manual ? seen.manual : seen.safe).push(`${f.name}: ${fix.title}`);
  return seen;
}

const KINDS: Record<DocumentKind, (rule: string) => Seen & { fixtures: number }> = {
  dockerfile: (rule) => offered({ findings, fixtures: ruleFixtures }, rule),
  daemon: (rule) => offered({ findings: daemonFindings, fixtures: daemonFixtures }, rule),
  compose: (rule) => offered({ findings: composeFindings, fixtures: composeFixtures }, rule),
};

/** The fixes a rule offers on its fixtures, by sort: `<fixture>: <fix title>` each. */
function fixesSeen(rule: RuleMeta) {
  return KINDS[rule.kind](rule.id);
}

/** What is wrong with a declared fix safety, given the fixes seen; empty when they agree. */
export function disagreement(declared: string | undefined, { safe, manual }: Seen): string[] {
  const some = (list: string[]) =>
    list.slice(0, 3).join('; ') + (list.length > 3 ? ` (and ${list.length - 3} more)` : '');
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

for (const rule of allRules) {
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
  const none: Seen = { safe: [], manual: [] };
  const safe: Seen = { safe: ['a: Remove -k'], manual: [] };
  const manual: Seen = { safe: [], manual: ['b: Run as an unprivileged user'] };
  const both: Seen = { safe: safe.safe, manual: manual.manual };
  const wrong = (declared: string | undefined, seen: Seen) => disagreement(declared, seen).length > 0;
  const right: [string | undefined, Seen][] = [
    [undefined, none],
    ['safe', safe],
    ['manual', manual],
    ['mixed', both],
  ];
  assert.deepEqual(
    right.filter(([d, s]) => wrong(d, s)),
    [],
  );
  const wrongs: [string | undefined, Seen][] = [
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
  ];
  for (const [declared, seen] of wrongs)
    assert.ok(wrong(declared, seen), `${declared} with ${JSON.stringify(seen)} is not reported`);
  assert.match(disagreement('safe', manual)[0], /declared safe, but manual fixes are offered: b: Run as/);
});

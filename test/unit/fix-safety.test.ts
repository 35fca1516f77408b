// Every rule's `fixSafety` (server/src/rules/types.ts), which its doc page's generated header states, is what its
// fixes are on its fixtures (test/fixtures/<kind>/<rule>/, fires and passes alike, linted as the fixture suites lint
// them): `safe`, none is `manual`; `manual`, every one is; `mixed`, both sorts are seen; absent, no fix at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RuleMeta } from '../../server/src/rules/types';
import type { LintedKind } from '../../server/src/service/languages';
import { allRules } from '../../server/src/service/registry';
import { findings, fixesOf, ROOT, ruleFixtures, type FixtureKind } from './helpers';
import { daemonFindings, daemonFixtures } from './daemon-helpers';
import { composeFindings, composeFixtures } from './compose-helpers';
import { devcontainerFindings, devcontainerFixtures } from './devcontainer-helpers';

/** The fixes offered, by sort: `<fixture>: <fix title>` each. */
interface Seen {
  safe: string[];
  manual: string[];
  /** Every fix offered: its title and whether it is manual. */
  all?: { title: string; manual: boolean }[];
}

/** The fixes a rule offers on the fixtures of its kind, by sort, and how many fixtures it has. */
function offered<O>(
  { findings: find, fixtures }: Pick<FixtureKind<O>, 'findings' | 'fixtures'>,
  rule: string,
): Seen & { fixtures: number } {
  const { fires, passes } = fixtures(rule);
  const seen: Seen & { fixtures: number } = { safe: [], manual: [], all: [], fixtures: fires.length + passes.length };
  for (const f of [...fires, ...passes])
    for (const d of find(f.text, rule, f.opts))
      for (const fix of fixesOf(d)) {
        (fix.manual ? seen.manual : seen.safe).push(`${f.name}: ${fix.title}`);
        seen.all!.push({ title: fix.title, manual: !!fix.manual });
      }
  return seen;
}

const KINDS: Record<LintedKind, (rule: string) => Seen & { fixtures: number }> = {
  dockerfile: (rule) => offered({ findings, fixtures: ruleFixtures }, rule),
  daemon: (rule) => offered({ findings: daemonFindings, fixtures: daemonFixtures }, rule),
  compose: (rule) => offered({ findings: composeFindings, fixtures: composeFixtures }, rule),
  devcontainer: (rule) => offered({ findings: devcontainerFindings, fixtures: devcontainerFixtures }, rule),
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

/** A row of docs/fixes.md: the rule, its fix-title patterns (`…` is any text), the class. */
interface DefinedFix {
  rule: string;
  patterns: RegExp[];
  written: string;
  safety: 'safe' | 'manual';
}

const DEFINITION: DefinedFix[] = fs
  .readFileSync(path.join(ROOT, 'docs/fixes.md'), 'utf8')
  .split('\n')
  .filter((line) => /^\| [a-z]/.test(line) && !line.startsWith('| Rule |'))
  .map((line) => {
    const [rule, fixes, safety] = line
      .split(' | ')
      .map((c) => c.replace(/^\| /, '').trim())
      .slice(0, 3);
    const spans = [...fixes.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const patterns = spans.map(
      (t) =>
        new RegExp(
          `^${t
            .split('…')
            .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ),
    );
    assert.ok(safety === 'safe' || safety === 'manual', `docs/fixes.md: class "${safety}" for ${rule}`);
    return { rule, patterns, written: fixes, safety: safety as 'safe' | 'manual' };
  });

/** The class docs/fixes.md gives a fix title: its rule's first row that matches it. */
function definedSafety(rule: string, title: string): DefinedFix | undefined {
  return DEFINITION.find((d) => d.rule === rule && d.patterns.some((p) => p.test(title)));
}

for (const rule of allRules) {
  test(`${rule.id}: each fix is of the class docs/fixes.md defines`, () => {
    const rows = DEFINITION.filter((d) => d.rule === rule.id);
    const seen = fixesSeen(rule).all!;
    if (!rule.fixes?.length) {
      assert.deepEqual(rows, [], 'a rule without fixes has no row');
      return;
    }
    assert.ok(rows.length, `${rule.id} offers fixes but docs/fixes.md has no row for it`);
    const wrong = seen
      .map((f) => ({ f, row: definedSafety(rule.id, f.title) }))
      .filter(({ f, row }) => !row || (row.safety === 'manual') !== f.manual)
      .map(({ f, row }) =>
        row
          ? `"${f.title}" is ${f.manual ? 'manual' : 'safe'}, docs/fixes.md says ${row.safety}`
          : `"${f.title}" matches no row`,
      );
    assert.deepEqual([...new Set(wrong)], []);
    for (const row of rows)
      assert.ok(
        seen.some((f) => definedSafety(rule.id, f.title) === row),
        `the row ${row.written} (${row.safety}) matches no fix offered on the fixtures`,
      );
  });
}

test('docs/fixes.md names only real rules, and every class a rule declares agrees with its rows', () => {
  for (const d of DEFINITION) {
    const rule = allRules.find((r) => r.id === d.rule);
    assert.ok(rule, `docs/fixes.md: unknown rule ${d.rule}`);
    if (rule.fixSafety === 'manual' || rule.fixSafety === 'safe')
      assert.equal(d.safety, rule.fixSafety, `${d.rule} is declared ${rule.fixSafety}`);
  }
});

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

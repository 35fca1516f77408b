// `bulkhead explain` with another tool's id: mapped through the registry's anchors (no second table), any case, Trivy's
// AVD-/DS forms; an unknown id gets the nearest known ids, within a bounded distance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-helpers';
import { allRules, ruleById } from '../../server/src/service/registry';
import { explainTarget } from '../../server/src/cli/explain';

/** The rules whose anchors name this tool's id, read from the registry as the test's own expectation. */
function anchoredRules(tool: string, id: string): string[] {
  return allRules.filter((r) => r.anchors.some((a) => a.tool === tool && a.id === id)).map((r) => r.id);
}

test("explain <other tool's id>: hadolint, Checkov, Trivy (AVD-DS-0002, DS002), BuildKit, any case", () => {
  const cases: [input: string, tool: string, id: string][] = [
    ['DL3002', 'hadolint', 'DL3002'],
    ['dl3002', 'hadolint', 'DL3002'],
    ['CKV_DOCKER_3', 'checkov', 'CKV_DOCKER_3'],
    ['AVD-DS-0002', 'trivy', 'DS-0002'],
    ['DS002', 'trivy', 'DS-0002'],
    ['avd-ds-0002', 'trivy', 'DS-0002'],
    ['SecretsUsedInArgOrEnv', 'buildkit', 'SecretsUsedInArgOrEnv'],
    ['secretsusedinargorenv', 'buildkit', 'SecretsUsedInArgOrEnv'],
  ];
  for (const [input, tool, id] of cases) {
    const expected = anchoredRules(tool, id);
    assert.ok(expected.length, `no rule anchors ${tool} ${id}`);
    const target = explainTarget(input);
    assert.equal(target.kind, 'anchor', input);
    if (target.kind !== 'anchor') continue;
    assert.deepEqual(
      target.rules.map((r) => r.id),
      expected,
      input,
    );
  }
  const r = runCli(['explain', 'DL3002']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^hadolint DL3002 is checked by Bulkhead's rule root-user\.\n\n/);
  assert.ok(r.stdout.includes(ruleById('root-user').title));
  assert.match(r.stdout, /Documentation: file:\S+root-user\.md\n/);
});

test('explain: an id several rules cover explains each of them', () => {
  const expected = anchoredRules('trivy', 'DS-0031');
  assert.ok(expected.length > 1);
  const r = runCli(['explain', 'AVD-DS-0031']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith(`trivy DS-0031 is checked by Bulkhead's rules ${expected.join(', ')}.\n`), r.stdout);
  for (const id of expected) assert.ok(r.stdout.includes(`/${id}.md\n`), id);
});

test('explain: a Bulkhead id in any case; an unknown id gets the nearest ids, or none when nothing is near', () => {
  assert.equal(explainTarget('ROOT-USER').kind, 'rule');
  const near = (input: string) => {
    const t = explainTarget(input);
    assert.equal(t.kind, 'unknown', input);
    return t.kind === 'unknown' ? t.suggestions : [];
  };
  assert.deepEqual(near('root-usr'), ['root-user']);
  assert.ok(near('DL3O02').includes('DL3002'), 'a letter O for a zero');
  assert.ok(near('CKV_DOCKER_33').includes('CKV_DOCKER_3'));
  assert.deepEqual(near('nothing-like-this-at-all'), []);
  assert.deepEqual(near('x'.repeat(100_000)), [], 'long input: no suggestions, no time spent');
  assert.ok(near('DL39999').length <= 3);

  const r = runCli(['explain', 'root-usr']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'bulkhead: unknown rule "root-usr" (did you mean "root-user"?); run "bulkhead rules" for the list\n',
  );
});

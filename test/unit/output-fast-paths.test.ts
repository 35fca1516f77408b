import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markerTrie, holdsAnyMarker, SECRET_PATTERNS } from '../../server/src/data/secretPatterns';
import { maskQuerySecrets, maskSecretsIn } from '../../server/src/rules/secrets';
import { formatJson, formatJsonItem, type Finding } from '../../server/src/cli/report';
import { runRules, toDiagnostic } from '../../server/src/rules/diagnostics';
import { withinBudget } from '../../server/src/common/budget';
import type { EffectiveConfig } from '../../server/src/rules/context';
import { ruleDocUri } from '../../server/src/rules/anchors';
import type { Fix, Rule, RuleMeta } from '../../server/src/rules/types';

const MARKERS = [...new Set(SECRET_PATTERNS.flatMap((p) => p.markers))];
/** What the trie stands for: an alternation of the escaped literals. */
const naive = (literals: readonly string[]) =>
  new RegExp(literals.map((m) => m.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));

test('markerTrie matches exactly where one of the literals is', () => {
  const texts = [
    '',
    'no marker at all here',
    ...MARKERS.flatMap((m) => [m, `x ${m} y`, m.slice(0, -1), `${m.slice(0, -1)} ${m.slice(1)}`, m.toLowerCase()]),
    'gh_ ghx_ github_pa glpat - us -----BEGIN',
    'https://example.com/?token=1',
  ];
  const all = naive(MARKERS);
  for (const t of texts) assert.equal(holdsAnyMarker(t), all.test(t), t);
  // literals sharing first characters, one a prefix of another, metacharacters
  const literals = ['ab', 'abc', 'a.c', 'b(', '-x', '--y', 'z'];
  const trie = new RegExp(markerTrie(literals));
  const reference = naive(literals);
  for (const t of ['ab', 'a', 'axc', 'a.c', 'b(', 'b', '-x', '-y', '--y', '-', 'z', 'abd', 'xabcx', 'b'])
    assert.equal(trie.test(t), reference.test(t), t);
});

test('maskQuerySecrets: a text without `=` comes back as it is; with one, its secrets are masked', () => {
  const plain = 'curl https://example.com/file?download&x';
  assert.equal(maskQuerySecrets(plain), plain);
  assert.equal(
    maskQuerySecrets('get https://h/x?private_token=abc123&a=b'),
    'get https://h/x?private_token=********&a=b',
  );
  assert.equal(maskSecretsIn('see https://h/x?sig=abcdef'), 'see https://h/x?sig=********');
});

const finding = (over: Partial<Finding> = {}): Finding => ({
  file: 'a/Dockerfile',
  uri: 'a/Dockerfile',
  rule: 'root-user',
  severity: 'warning',
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 12,
  message: 'A "quoted" \\ message\twith\ncontrol \u0001 and unicode é \u2028 ☃',
  fingerprint: 'ff',
  ...over,
});

test('formatJsonItem is byte for byte an element of formatJson', () => {
  const cases = [
    finding(),
    finding({ file: 'dir with space/ä"b\\c', message: '' }),
    finding({ related: [{ line: 1, column: 2, endLine: 1, endColumn: 3, message: 'there' }] }),
    finding({ line: Number.NaN }),
    finding({ message: undefined as unknown as string }),
  ];
  for (const f of cases) {
    const one = formatJson([f]);
    assert.equal(formatJsonItem(f), one.slice(2, one.length - 3));
  }
  const two = formatJson([cases[0], cases[1]]);
  assert.equal(`[\n${formatJsonItem(cases[0])},\n${formatJsonItem(cases[1])}\n]\n`, two);
});

test('toDiagnostic: the rule page for each docs base, fixes copied with `manual` where a spread put it', () => {
  const rule = { id: 'root-user', fixSafety: 'manual' } as unknown as RuleMeta;
  const fixA: Fix = { title: 'Fix https://u:pw@h/', edits: [], manual: false, isPreferred: true };
  const fixB: Fix = { title: 'Other', edits: [] };
  const report = {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    message: 'm',
    fixes: [fixA, fixB],
  };
  for (const base of ['https://a.example/rules/', 'file:///x', 'https://a.example/rules/']) {
    const d = toDiagnostic(rule, report, 'warning', base);
    assert.equal(d.codeDescription?.href, ruleDocUri(base, rule.id));
    const fixes = (d.data as { fixes: Fix[] }).fixes;
    assert.deepEqual(
      JSON.stringify(fixes),
      JSON.stringify([
        { ...fixA, title: 'Fix https://u:********@h/', ...{ manual: true } },
        { ...fixB, ...{ manual: true } },
      ]),
    );
    assert.notEqual(fixes[0], fixA);
    assert.notEqual(fixes[1], fixB);
  }
  assert.equal(fixA.manual, false, "the rule's own fix is not changed");
  const none = toDiagnostic({ id: 'x' } as RuleMeta, { ...report, fixes: undefined }, 'info', 'https://b/');
  assert.deepEqual((none.data as { fixes: Fix[] }).fixes, []);
  // fixes not wanted (LintOptions.fixes: false): none copied or masked, the rest of the diagnostic as it was
  const wanted = toDiagnostic(rule, report, 'warning', 'https://b/', 3, 'file:///d');
  const unwanted = toDiagnostic(rule, report, 'warning', 'https://b/', 3, 'file:///d', false);
  assert.deepEqual(unwanted, { ...wanted, data: { ...(wanted.data as object), fixes: [] } });
});

test('toDiagnostic masks every message, the same one again and one too long to keep, as maskSecretsIn does', () => {
  const rule = { id: 'x' } as RuleMeta;
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const messages = [
    'Download from https://ci:hunter2@example.com/a.tgz is not verified',
    'Download from https://ci:hunter2@example.com/a.tgz is not verified',
    'plain `code` message',
    'plain `code` message',
    // clean, then the same text with a secret after it
    'Download from https://example.com/a.tgz is not verified',
    'Download from https://example.com/a.tgz is not verified?private_token=abcdef123456',
    // longer than the 1,024 characters of a message remembered as holding nothing to mask
    `token ghp_${'a'.repeat(36)} in ${'x '.repeat(700)}https://u:pw@h/`,
  ];
  for (const round of [1, 2])
    for (const message of messages) {
      const d = toDiagnostic(rule, { range: at, message }, 'warning', 'https://b/');
      assert.equal(d.message, maskSecretsIn(message), `round ${round}: ${message.slice(0, 40)}`);
      assert.ok(!/hunter2|:pw@|abcdef123456/.test(String(d.message)));
    }
});

test('runRules: a rule stopped at its deadline is named, in a list changed since it was first run too; rules configured off do not run', () => {
  const ran: string[] = [];
  const quick = (id: string) => ({ id, check: () => (ran.push(id), []) }) as unknown as Rule<null>;
  let spins = 0;
  const endless = (id: string) =>
    ({
      id,
      check: () => {
        for (;;) spins++;
      },
    }) as unknown as Rule<null>;
  const rules = [quick('first'), endless('endless-a'), quick('last')];
  const config = { rules: {} } as unknown as EffectiveConfig;
  const stopped = withinBudget(() => runRules(rules, null, config, 'https://b/'), 50);
  assert.deepEqual(stopped, { done: false, step: 'rule endless-a' });
  // the same list, its second rule replaced: the step names the rule that runs there now
  rules[1] = endless('endless-b');
  assert.deepEqual(
    withinBudget(() => runRules(rules, null, config, 'https://b/'), 50),
    { done: false, step: 'rule endless-b' },
  );
  assert.ok(spins > 0);
  ran.length = 0;
  const off = { rules: { 'endless-b': 'off' } } as unknown as EffectiveConfig;
  const done = withinBudget(() => runRules(rules, null, off, 'https://b/'), 5000);
  assert.equal(done.done, true);
  assert.deepEqual(ran, ['first', 'last']);
});

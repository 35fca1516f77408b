// Severity resolution: default → setting → .hadolint.yaml → .bulkhead.json; problems reported, never thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './helpers';
import { mergeConfig } from '../../server/src/service/config';

const ADD = 'FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\nHEALTHCHECK NONE\n';

test('settings override the default; .bulkhead.json overrides settings; off disables', () => {
  const { config, problems } = mergeConfig({
    settings: { rules: { 'add-instead-of-copy': 'error', 'root-user': 'info' } },
    bulkheadJson: { path: '/w/.bulkhead.json', text: '{ // comments are fine\n "rules": { "root-user": "off" }, }' },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(config.rules, { 'add-instead-of-copy': 'error', 'root-user': 'off' });
  const d = lint(ADD, { config }).diagnostics.find((x) => x.code === 'add-instead-of-copy');
  assert.equal(d.severity, 1);
});

test('.hadolint.yaml: ignored codes turn mapped rules off; trustedRegistries merge', () => {
  const { config } = mergeConfig({
    settings: { trustedRegistries: ['registry.corp.com'] },
    hadolintYaml: {
      path: '/w/.hadolint.yaml',
      text: 'ignored:\n  - DL3020\n  - DL9999\ntrustedRegistries:\n  - docker.io\n',
    },
  });
  assert.deepEqual(config.ignoredAnchors, ['anchor:hadolint:DL3020', 'anchor:hadolint:DL9999']);
  assert.deepEqual(config.trustedRegistries, ['registry.corp.com', 'docker.io']);
  assert.ok(!lint(ADD, { config }).diagnostics.some((x) => x.code === 'add-instead-of-copy'));
});

test('bad configuration is reported with its path, not thrown', () => {
  const { config, problems } = mergeConfig({
    settings: { rules: { 'no-such-rule': 'error', 'root-user': 'loud' } },
    bulkheadJson: { path: '/w/.bulkhead.json', text: '[1, 2' },
    hadolintYaml: { path: '/w/.hadolint.yaml', text: 'ignored: [\n' },
  });
  assert.deepEqual(config.rules, {});
  const messages = problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  assert.match(messages, /unknown rule "no-such-rule"/);
  assert.match(messages, /severity must be one of/);
  assert.match(messages, /\/w\/.bulkhead.json: invalid JSON/);
  assert.match(messages, /\/w\/.hadolint.yaml: cannot parse/);
});

test('hint and info severities map to LSP 4 and 3', () => {
  const { config } = mergeConfig({ settings: { rules: { 'add-instead-of-copy': 'hint' } } });
  assert.equal(lint(ADD, { config }).diagnostics.find((x) => x.code === 'add-instead-of-copy').severity, 4);
});

test('buildArgs: settings, then .bulkhead.json, then the command line, name by name; bad entries reported', () => {
  const { config, problems } = mergeConfig({
    settings: { buildArgs: { TAG: '3.19', USER_ID: 10001, DEBUG: true } },
    bulkheadJson: {
      path: '/w/.bulkhead.json',
      text: '{"buildArgs": {"TAG": "3.20", "BASE": "alpine", "BAD NAME": "x", "NESTED": {"a": 1}}}',
    },
    buildArgs: { BASE: 'debian' },
  });
  assert.deepEqual(config.buildArgs, { TAG: '3.20', USER_ID: '10001', DEBUG: 'true', BASE: 'debian' });
  assert.deepEqual(
    problems.map((p) => p.message),
    ['"buildArgs": build argument name "BAD NAME" has a blank or "=" in it', '"buildArgs": "NESTED" must be a string'],
  );
  const list = mergeConfig({ bulkheadJson: { path: '/w/.bulkhead.json', text: '{"buildArgs": ["TAG=1"]}' } });
  assert.equal(list.config.buildArgs, undefined);
  assert.match(list.problems[0].message, /"buildArgs" must be an object/);
  // a repository's configuration is bounded: a value past the limit is not read, and the message does not echo it
  const long = mergeConfig({ settings: { buildArgs: { A: 'x'.repeat(70_000) } } });
  assert.equal(long.config.buildArgs, undefined);
  assert.ok(long.problems[0].message.length < 200);
});

test('buildArgs change the verdict: the value the build passes is the one judged', () => {
  const text = 'FROM alpine:3.20\nARG RUN_AS\nUSER ${RUN_AS:-10001}\nHEALTHCHECK NONE\n';
  const rootUser = (buildArgs?: Record<string, string>) =>
    lint(text, { config: { rules: {}, trustedRegistries: [], buildArgs } }).diagnostics.some(
      (d) => d.code === 'root-user',
    );
  assert.equal(rootUser(), false, 'the default the author wrote is a non-root user');
  assert.equal(rootUser({ RUN_AS: 'root' }), true, 'the build that passes root runs as root');
  assert.equal(rootUser({ RUN_AS: '1000' }), false);
});

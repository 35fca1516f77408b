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

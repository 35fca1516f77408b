// The severity policy (docs/severity.md): every rule's default severity is the one the page lists for it, and the
// policy's per-finding exceptions behave as the page says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, lint } from './helpers';
import { allRules } from '../../server/src/service/registry';
import { lintDaemon } from './daemon-helpers';
import { mergeConfig } from '../../server/src/service/config';
import { severityName } from '../../server/src/rules/diagnostics';

const PAGE = fs.readFileSync(path.join(ROOT, 'docs/severity.md'), 'utf8');

/** The "Default severity of every rule" table: severity → rule ids. */
function listed(): Map<string, string[]> {
  const section = PAGE.slice(PAGE.indexOf('## Default severity of every rule'));
  const out = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\| (error|warning|info|hint) \| (.*) \|$/.exec(line);
    if (m)
      out.set(
        m[1],
        [...m[2].matchAll(/`([a-z0-9-]+)`/g)].map((x) => x[1]),
      );
  }
  return out;
}

test('every rule is listed once, under its default severity', () => {
  const table = listed();
  assert.deepEqual([...table.keys()], ['error', 'warning', 'info', 'hint']);
  const all = [...table.values()].flat();
  assert.equal(new Set(all).size, all.length, 'a rule listed twice');
  for (const rule of allRules) {
    const where = [...table].find(([, ids]) => ids.includes(rule.id))?.[0];
    assert.equal(where, rule.severity, `${rule.id} is ${rule.severity} but docs/severity.md lists it under ${where}`);
  }
  assert.deepEqual(
    all.filter((id) => !allRules.some((r) => r.id === id)),
    [],
    'unknown rules listed',
  );
});

/** The severity of each CIS finding on a file, by rule. */
function severities(text: string, config = {}) {
  return Object.fromEntries(
    lintDaemon(text, { config })
      .diagnostics.filter((d) => d.code)
      .map((d) => [d.code, severityName(d.severity)]),
  );
}

test('daemon.json: settings a file leaves out are advice (Level 1 info, Level 2 hint); written values keep the rule severity', () => {
  const workstation = severities('{\n  "registry-mirrors": ["https://mirror.gcr.io"]\n}\n');
  assert.deepEqual(
    Object.entries(workstation).filter(([, s]) => s === 'warning' || s === 'error'),
    [],
    'a workstation file with only a mirror gets no warning',
  );
  assert.equal(workstation['icc-enabled'], 'info');
  assert.equal(workstation['no-new-privileges-disabled'], 'info');
  assert.equal(workstation['userns-remap-missing'], 'hint');
  assert.equal(workstation['remote-logging-missing'], 'hint');
  assert.equal(workstation['authorization-plugins-missing'], 'hint');
  assert.equal(workstation['default-ulimits-missing'], 'hint', 'never above the rule severity');
  const written = severities('{\n  "icc": true,\n  "log-driver": "json-file",\n  "no-new-privileges": false\n}\n');
  assert.equal(written['icc-enabled'], 'warning');
  assert.equal(written['remote-logging-missing'], 'warning');
  assert.equal(written['no-new-privileges-disabled'], 'warning');
});

test('"profile": "cis" judges left-out settings at the rule severity; a rule setting still wins', () => {
  const { config, problems } = mergeConfig({
    bulkheadJson: { path: '/w/.bulkhead.json', text: '{"profile": "cis", "rules": {"icc-enabled": "error"}}' },
  });
  assert.deepEqual(problems, []);
  assert.equal(config.profile, 'cis');
  const cis = severities('{}\n', config);
  assert.equal(cis['icc-enabled'], 'error');
  assert.equal(cis['userland-proxy-enabled'], 'warning');
  assert.equal(cis['remote-logging-missing'], 'warning');
  assert.equal(cis['userns-remap-missing'], 'info');
  const bad = mergeConfig({ settings: { profile: 'strict' } });
  assert.match(bad.problems[0].message, /"profile" must be "cis" or "default"/);
  assert.equal(
    mergeConfig({ settings: { profile: 'cis' }, bulkheadJson: { path: '/w/x', text: '{"profile": "default"}' } }).config
      .profile,
    undefined,
  );
});

test('suggestions never contradict each other: no digest or minimal variant is built from `latest`', () => {
  for (const from of ['node:latest', 'node', 'python:latest', 'docker.io/library/node:latest']) {
    const { diagnostics } = lint(`FROM ${from}\nUSER 1000\nCMD ["node", "server.js"]\n`);
    const said = diagnostics.map((d) => String(d.message)).join('\n');
    assert.doesNotMatch(said, /latest@sha256|latest-slim|latest-alpine/, from);
    const titles = diagnostics.flatMap((d) => (d.data?.fixes ?? []).map((f: { title: string }) => f.title));
    assert.ok(!titles.some((t) => /latest-/.test(t)), `${from}: ${titles.join(' | ')}`);
    assert.match(said, /<version>@sha256:<digest>/, from);
  }
});

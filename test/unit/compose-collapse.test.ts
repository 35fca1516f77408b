// A setting most services of a Compose file leave out is reported once, on `services:`, naming the services (with
// related information pointing at each), with one fix for all of them and one per service; fewer services, a
// written value, or services only partly defined here keep their own findings. Severity of left-out settings:
// advice (docs/severity.md), the rule's own under the CIS profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits, composeFindings, composeServiceFindings, lintCompose } from './compose-helpers';
import type { DiagnosticData } from '../../server/src/rules/diagnostics';
import { codeActionsCompose } from '../../server/src/compose/service/features';

const lines = (...l: string[]) => [...l, ''].join('\n');

const THREE = lines(
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '  db:',
  '    image: postgres:17',
  '  cache:',
  '    image: redis:7.4',
);

test('three services without no-new-privileges: one finding on services:, naming them, related to each', () => {
  const found = composeFindings(THREE, 'compose-no-new-privileges');
  assert.equal(found.length, 1);
  const [d] = found;
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } });
  assert.equal(
    d.message,
    'All 3 services (`web`, `db` and `cache`) do not set `no-new-privileges:true`: a process in them can gain privileges through setuid and setgid binaries (`su`, `sudo`, a planted setuid shell). Add `security_opt: ["no-new-privileges:true"]` to each.',
  );
  assert.deepEqual(
    d.relatedInformation?.map((r) => [r.location.range.start.line, r.message.split(':')[0]]),
    [
      [1, 'Service `web` does not set `no-new-privileges'],
      [3, 'Service `db` does not set `no-new-privileges'],
      [5, 'Service `cache` does not set `no-new-privileges'],
    ],
    "each service's own finding, where it is",
  );
  assert.equal(d.severity, DiagnosticSeverity.Information, 'a setting left out is advice');
  const data = d.data as DiagnosticData;
  assert.deepEqual(data.services, ['web', 'db', 'cache']);
  assert.deepEqual(
    data.fixes.map((f) => [f.title, !!f.isPreferred, !!f.manual]),
    [
      ['Add no-new-privileges:true to security_opt (all 3 services)', true, true],
      ['Add no-new-privileges:true to security_opt (service `web`)', false, true],
      ['Add no-new-privileges:true to security_opt (service `db`)', false, true],
      ['Add no-new-privileges:true to security_opt (service `cache`)', false, true],
    ],
  );
  // the fix for all adds the entry to each service, and nothing is left to report
  const fixed = applyEdits(THREE, data.fixes[0].edits).text;
  assert.equal((fixed.match(/no-new-privileges:true/g) ?? []).length, 3, fixed);
  assert.deepEqual(composeFindings(fixed, 'compose-no-new-privileges'), []);
  // one service's fix leaves the other two: still most of three, still one finding
  const one = applyEdits(THREE, data.fixes[2].edits).text;
  const after = composeFindings(one, 'compose-no-new-privileges');
  assert.equal(after.length, 1);
  assert.match(after[0].message, /^Services `web` and `cache` do not set/);
});

test('every rule about a left-out setting collapses the same way, at its advice severity', () => {
  // the images' digests are another matter (one finding per image, where it is written)
  const all = lintCompose(THREE, { config: { rules: { 'compose-image-not-pinned-by-digest': 'off' } } }).diagnostics;
  // compose-datastore-egress is about the datastores alone (db, cache), each on its own name with its own fix
  const egress = all.filter((d) => d.code === 'compose-datastore-egress');
  assert.deepEqual(
    egress.map((d) => d.range.start.line),
    [3, 5],
  );
  const result = { diagnostics: all.filter((d) => d.code !== 'compose-datastore-egress') };
  const byRule = new Map<string, number[]>();
  for (const d of result.diagnostics) byRule.set(String(d.code), [...(byRule.get(String(d.code)) ?? []), d.severity!]);
  assert.deepEqual(Object.fromEntries(byRule), {
    'compose-no-new-privileges': [DiagnosticSeverity.Information],
    'compose-no-resource-limits': [DiagnosticSeverity.Information],
    'compose-dangerous-capabilities': [DiagnosticSeverity.Hint],
    'compose-writable-rootfs': [DiagnosticSeverity.Hint],
  });
  for (const d of result.diagnostics) assert.equal(d.range.start.line, 0, `${d.code} on services:`);
});

test('the CIS profile judges left-out settings at the rules’ own severity', () => {
  const result = lintCompose(THREE, { config: { profile: 'cis' } });
  const severity = (rule: string) => result.diagnostics.find((d) => d.code === rule)?.severity;
  assert.equal(severity('compose-no-new-privileges'), DiagnosticSeverity.Warning);
  assert.equal(severity('compose-no-resource-limits'), DiagnosticSeverity.Warning);
  assert.equal(severity('compose-dangerous-capabilities'), DiagnosticSeverity.Information);
  assert.equal(severity('compose-writable-rootfs'), DiagnosticSeverity.Information);
});

test('one service, or a minority of services, keeps a finding per service', () => {
  const single = lines('services:', '  web:', '    image: nginx:1.27');
  const [d] = composeFindings(single, 'compose-no-new-privileges');
  assert.equal(d.range.start.line, 1, 'on the service name');
  assert.match(d.message, /^Service `web` does not set/);

  const minority = lines(
    'services:',
    '  a:',
    '    image: nginx:1.27',
    '  b:',
    '    image: nginx:1.27',
    '  c:',
    '    image: nginx:1.27',
    '    security_opt: [no-new-privileges:true]',
    '  d:',
    '    image: nginx:1.27',
    '    security_opt: [no-new-privileges:true]',
  );
  assert.deepEqual(
    composeFindings(minority, 'compose-no-new-privileges').map((f) => f.range.start.line),
    [1, 3],
    'two of four is not most',
  );
});

test('a written value is never collapsed: read_only: false on two services stays two findings', () => {
  const text = lines(
    'services:',
    '  a:',
    '    image: nginx:1.27',
    '    read_only: false',
    '  b:',
    '    image: nginx:1.27',
    '    read_only: false',
  );
  assert.deepEqual(
    composeFindings(text, 'compose-writable-rootfs').map((f) => f.range.start.line),
    [3, 6],
  );
});

test('services only partly defined here do not count: two full services of four are most of those judged', () => {
  const text = lines(
    'services:',
    '  a:',
    '    image: nginx:1.27',
    '  b:',
    '    image: nginx:1.27',
    '  c:',
    '    ports: ["8080:80"]',
    '  d:',
    '    extends: { file: base.yaml, service: d }',
  );
  const found = composeFindings(text, 'compose-no-new-privileges');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^All 2 services \(`a` and `b`\)/);
});

test('ignore comments: one above services: drops the collapsed finding; one above a service takes it out of the group', () => {
  const above = `# bulkhead-ignore compose-no-new-privileges\n${THREE}`;
  assert.deepEqual(composeFindings(above, 'compose-no-new-privileges'), []);
  const oneIgnored = THREE.replace('  db:\n', '  # bulkhead-ignore compose-no-new-privileges\n  db:\n');
  const found = composeFindings(oneIgnored, 'compose-no-new-privileges');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^Services `web` and `cache`/);
});

test('services sharing an anchored list: the fix for all appends to that list once', () => {
  const text = lines(
    'x-common: &common',
    '  security_opt: &opts',
    '    - apparmor:docker-default',
    'services:',
    '  a:',
    '    <<: *common',
    '    image: nginx:1.27',
    '  b:',
    '    <<: *common',
    '    image: nginx:1.27',
  );
  const [d] = composeFindings(text, 'compose-no-new-privileges');
  assert.equal(d.range.start.line, 3);
  const all = (d.data as DiagnosticData).fixes[0];
  assert.match(all.title, /all 2 services/);
  assert.equal(all.edits.length, 1);
  const fixed = applyEdits(text, all.edits).text;
  assert.deepEqual(composeFindings(fixed, 'compose-no-new-privileges'), [], fixed);
});

test('override files leave settings to the file they override: no finding about a left-out setting', () => {
  const uri = 'file:///work/app/compose.override.yaml';
  for (const rule of [
    'compose-no-new-privileges',
    'compose-no-resource-limits',
    'compose-dangerous-capabilities',
    'compose-writable-rootfs',
  ]) {
    assert.deepEqual(composeFindings(THREE, rule, { uri }), [], rule);
  }
});

test('the quick fixes of a finding for several services: for all, one per service, and an ignore comment above services:', () => {
  const result = lintCompose(THREE);
  const d = result.diagnostics.find((x) => x.code === 'compose-no-new-privileges')!;
  const actions = codeActionsCompose(result, { uri: 'file:///work/app/compose.yaml', version: 1 }, d.range, [d]);
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles.slice(0, 4), [
    'Add no-new-privileges:true to security_opt (all 3 services)',
    'Add no-new-privileges:true to security_opt (service "web")',
    'Add no-new-privileges:true to security_opt (service "db")',
    'Add no-new-privileges:true to security_opt (service "cache")',
  ]);
  const ignore = actions.find((a) => a.title === 'Ignore compose-no-new-privileges for these services');
  assert.ok(ignore, titles.join('\n'));
  const edits = ignore.edit!.changes!['file:///work/app/compose.yaml'];
  const ignored = applyEdits(THREE, edits).text;
  assert.ok(ignored.startsWith('# bulkhead-ignore compose-no-new-privileges\nservices:\n'), ignored);
  assert.deepEqual(composeFindings(ignored, 'compose-no-new-privileges'), []);
});

test('a service that only builds an image (build with scale: 0 or deploy.replicas: 0) is judged as partial', () => {
  const text = lines(
    'services:',
    '  base:',
    '    build: ./base',
    '    image: acme/base:1',
    '    scale: 0',
    '  builder:',
    '    build: ./builder',
    '    deploy:',
    '      replicas: 0',
    '  web:',
    '    image: nginx:1.27',
  );
  for (const rule of [
    'compose-no-new-privileges',
    'compose-no-resource-limits',
    'compose-dangerous-capabilities',
    'compose-writable-rootfs',
  ]) {
    const found = composeServiceFindings(text, rule);
    assert.deepEqual(
      found.map((d) => d.range.start.line),
      [9],
      `${rule}: only web, which runs`,
    );
  }
  // with replicas above 0 it runs, and is judged
  const runs = text.replace('replicas: 0', 'replicas: 2');
  assert.equal(composeServiceFindings(runs, 'compose-no-new-privileges').length, 2);
});

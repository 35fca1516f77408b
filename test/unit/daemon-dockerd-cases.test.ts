// dockerd's own verdicts on daemon.json (test/fixtures/daemon/dockerd/cases.jsonc): for each case, whether dockerd
// starts or refuses at that Engine version and platform, and the exact error Bulkhead quotes. A re-audit against
// moby's source extends the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { FIXTURES } from './helpers';
import { lintDaemon } from './daemon-helpers';
import { daemonKey } from '../../server/src/daemon/keys';

interface Expected {
  rule: string;
  severity?: string;
  includes?: string;
}

interface Case {
  name: string;
  source: string;
  input: string;
  version: 27 | 28 | 29;
  platform: 'linux' | 'windows';
  dockerd: 'starts' | 'refuses';
  message?: string;
  rule?: string;
  findings?: Expected[];
  absent?: string[];
  sameAs?: string;
}

/** The rules whose error findings mean "dockerd does not start". */
const REFUSALS = new Set([
  'daemon-invalid-json',
  'daemon-unknown-key',
  'daemon-wrong-type',
  'daemon-invalid-value',
  'daemon-conflict',
  'daemon-removed-key',
  'daemon-wrong-platform',
]);

/** LSP DiagnosticSeverity → Bulkhead's words. */
const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

const file = path.join(FIXTURES, 'daemon', 'dockerd', 'cases.jsonc');
const errors: ParseError[] = [];
const cases = parse(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: false }) as Case[];

test('the dockerd case table reads', () => {
  assert.deepEqual(errors, []);
  assert.ok(Array.isArray(cases) && cases.length >= 40);
  for (const c of cases) {
    assert.ok(c.name && c.source && typeof c.input === 'string', `${c.name}: name, source and input`);
    assert.ok([27, 28, 29].includes(c.version) && ['linux', 'windows'].includes(c.platform), c.name);
    assert.ok(c.dockerd === 'starts' || (c.dockerd === 'refuses' && c.message), `${c.name}: a refusal has its message`);
  }
});

for (const c of cases) {
  test(`dockerd ${c.version} ${c.platform}, ${c.name}: ${c.dockerd}`, () => {
    const env = { engineVersion: c.version, platform: c.platform };
    const found = lintDaemon(c.input, { env }).diagnostics.map((d) => ({
      ...d,
      severity: SEVERITY[d.severity ?? 1],
    }));
    const shown = found.map((d) => `${d.code} ${d.severity}: ${d.message}`).join('\n');
    const refusals = found.filter((d) => REFUSALS.has(String(d.code)) && d.severity === 'error');
    if (c.dockerd === 'refuses') {
      const quoted = `"${c.message}"`;
      const hit = refusals.find((d) => d.message.includes(quoted));
      assert.ok(hit, `${c.name}: no refusal quotes ${quoted}:\n${shown}`);
      if (c.rule) assert.equal(hit.code, c.rule, `${c.name}: the rule`);
    } else {
      assert.deepEqual(
        refusals.map((d) => `${d.code}: ${d.message}`),
        [],
        `${c.name}: dockerd starts, but Bulkhead says it refuses`,
      );
    }
    for (const e of c.findings ?? []) {
      const hit = found.find(
        (d) =>
          d.code === e.rule &&
          (e.severity === undefined || d.severity === e.severity) &&
          (e.includes === undefined || d.message.includes(e.includes)),
      );
      assert.ok(hit, `${c.name}: expected ${JSON.stringify(e)}:\n${shown}`);
    }
    for (const rule of c.absent ?? [])
      assert.ok(!found.some((d) => d.code === rule), `${c.name}: ${rule} should not fire:\n${shown}`);
    if (c.sameAs !== undefined) {
      const same = lintDaemon(c.sameAs, { env }).diagnostics;
      const key = (d: { code?: unknown; severity?: unknown; message: string }) =>
        `${String(d.code)} ${String(d.severity)}: ${d.message}`;
      assert.deepEqual(
        found.map(key).sort(),
        same
          .map((d) => ({ ...d, severity: SEVERITY[d.severity ?? 1] }))
          .map(key)
          .sort(),
        `${c.name}: the findings of ${c.sameAs}`,
      );
    }
  });
}

// daemon/reload_unix.go lines 31-36 (v27.5.1, v28.5.2, docker-v29.7.2): both defaults are applied on reload
test('default-ipc-mode and default-cgroupns-mode are reloaded', () => {
  assert.equal(daemonKey('default-ipc-mode')?.reload, true);
  assert.equal(daemonKey('default-cgroupns-mode')?.reload, true);
});

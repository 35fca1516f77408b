// Helpers for the daemon.json rules: lint through the built service, fixtures, fix checks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { svc, FIXTURES, applyEdits, verifyFixes } from './helpers.mjs';

export { svc, applyEdits };

/** Lint a daemon.json text. `env`: { engineVersion: 27|28|29, platform: 'linux'|'windows'|'auto' }. */
export function lintDaemon(text, { config = {}, env = {}, uri = 'file:///etc/docker/daemon.json' } = {}) {
  const merged = { rules: {}, trustedRegistries: [], ...config };
  const result = svc.lintDaemon(text, uri, merged, env);
  assert.deepEqual(result.failures, [], `a rule threw: ${result.failures.map((f) => f.error).join('\n')}`);
  return result;
}

/** "Fix all" as the editor runs it (the pipeline's, until stable): its one edit, or none. */
export function daemonFixAll(text, { config = {}, env = {}, uri = 'file:///etc/docker/daemon.json' } = {}) {
  const merged = { rules: {}, trustedRegistries: [], ...config };
  return svc.lintDocument('daemon', text, uri, { config: merged, daemon: env }).fixAll();
}

export function daemonFindings(text, rule, opts) {
  return lintDaemon(text, opts).diagnostics.filter((d) => d.code === rule);
}

/** `{...}` from an object, as people write daemon.json (two-space indent, trailing newline). */
export function daemonJson(obj) {
  return JSON.stringify(obj, null, 2) + '\n';
}

/**
 * For every fix of every `rule` finding: apply it, check the text outside the edits is byte-identical, re-lint, and
 * check the finding is gone and no finding of another rule appeared (`allowNew` lists rules a fix may legitimately
 * surface, e.g. a CIS key set where the file had none). Returns the number of fixes checked.
 */
export function checkDaemonFixes(text, rule, opts = {}, allowNew = []) {
  return verifyFixes(text, rule, (t) => lintDaemon(t, opts), {
    allowNew,
    // a fix never breaks the JSON
    after: (fixed, fix, before, re) =>
      assert.ok(
        !re.diagnostics.some((x) => x.code === 'daemon-invalid-json') ||
          before.diagnostics.some((x) => x.code === 'daemon-invalid-json'),
        `${fix.title}: the JSON became invalid:\n${fixed}`,
      ),
  });
}

/**
 * Fixtures of a daemon rule: test/fixtures/daemon/<rule>/{fires,passes}-*.json. Sidecars beside a fixture:
 * `<name>.env.json` ({ engineVersion, platform }), `<name>.config.json` (rule severities), `<name>.lines` (the
 * 1-based lines the findings start on, comma separated). A fixture's name may carry the version and platform instead:
 * `fires-v27-windows-foo.json`.
 */
export function daemonFixtures(rule) {
  const dir = path.join(FIXTURES, 'daemon', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name) => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.json$/, '');
    const opts = { env: {}, config: {} };
    const v = /-v(27|28|29)\b/.exec(name);
    if (v) opts.env.engineVersion = Number(v[1]);
    if (/-windows\b/.test(name)) opts.env.platform = 'windows';
    if (fs.existsSync(`${base}.env.json`))
      Object.assign(opts.env, JSON.parse(fs.readFileSync(`${base}.env.json`, 'utf8')));
    if (fs.existsSync(`${base}.config.json`)) opts.config = JSON.parse(fs.readFileSync(`${base}.config.json`, 'utf8'));
    const lines = fs.existsSync(`${base}.lines`)
      ? fs
          .readFileSync(`${base}.lines`, 'utf8')
          .split(/[,\s]+/)
          .filter(Boolean)
          .map(Number)
      : null;
    return { name, file, text, opts, lines };
  };
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.env.json') && !n.endsWith('.config.json'))
    .sort();
  return {
    fires: names.filter((n) => n.startsWith('fires')).map(load),
    passes: names.filter((n) => n.startsWith('passes')).map(load),
  };
}

// Helpers for the Compose rules: lint through the built service, fixtures, fix checks that re-parse the YAML.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { svc, FIXTURES, applyEdits, verifyFixes } from './helpers.mjs';

export { svc, applyEdits };

export function lintCompose(text, { config = {}, uri = 'file:///work/app/compose.yaml' } = {}) {
  const merged = { rules: {}, trustedRegistries: [], ...config };
  const result = svc.lintCompose(text, uri, merged);
  assert.deepEqual(result.failures, [], `a rule threw: ${result.failures.map((f) => f.error).join('\n')}`);
  return result;
}

export function composeFindings(text, rule, opts) {
  return lintCompose(text, opts).diagnostics.filter((d) => d.code === rule);
}

/**
 * For every fix of every `rule` finding: apply it, check the text outside the edits is byte-identical, re-parse the
 * YAML (no errors, and the same services), re-lint, and check the finding is gone and no finding of another rule
 * appeared (`allowNew`: rules a fix may legitimately surface). Returns the number of fixes checked.
 */
export function checkComposeFixes(text, rule, opts = {}, allowNew = []) {
  const servicesBefore = Object.keys(parseDocument(text, { merge: true }).toJS()?.services ?? {});
  return verifyFixes(text, rule, (t) => lintCompose(t, opts), {
    allowNew,
    after: (fixed, fix) => {
      const reparsed = parseDocument(fixed, { merge: true });
      assert.deepEqual(
        reparsed.errors.map((e) => e.message),
        [],
        `${fix.title}: the YAML no longer parses:\n${fixed}`,
      );
      assert.deepEqual(
        Object.keys(reparsed.toJS()?.services ?? {}),
        servicesBefore,
        `${fix.title}: services changed:\n${fixed}`,
      );
    },
  });
}

/**
 * Fixtures of a Compose rule: test/fixtures/compose/<rule>/{fires,passes}-*.yaml; sidecars `<name>.lines` (1-based
 * lines the findings start on) and `<name>.config.json`.
 */
export function composeFixtures(rule) {
  const dir = path.join(FIXTURES, 'compose', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name) => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.ya?ml$/, '');
    const opts = { config: {} };
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
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
  return {
    fires: names.filter((n) => n.startsWith('fires')).map(load),
    passes: names.filter((n) => n.startsWith('passes')).map(load),
  };
}

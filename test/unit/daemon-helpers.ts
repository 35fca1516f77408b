// Helpers for the daemon.json rules: lint through the engine's modules, fixtures, fix checks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { lintDaemon as lintDaemonText, type DaemonLintResult } from '../../server/src/daemon/service/lint';
import { lintDocument } from '../../server/src/service/languages';
import type { DaemonEnvironment, EffectiveConfig } from '../../server/src/rules/context';
import {
  FIXTURES,
  checked,
  fixtureConfig,
  fixtureLines,
  verifyFixes,
  type Checked,
  type Finding,
  type Fixture,
} from './helpers';

export { applyEdits } from './helpers';

/** How a test lints a daemon.json: severities and registries (merged over none), the dockerd it is for, its URI. */
export interface DaemonLintOpts {
  config?: Partial<EffectiveConfig>;
  /** { engineVersion: 27|28|29, platform: 'linux'|'windows'|'auto' } */
  env?: DaemonEnvironment;
  uri?: string;
}

/** Lint a daemon.json text. `env`: { engineVersion: 27|28|29, platform: 'linux'|'windows'|'auto' }. */
export function lintDaemon(
  text: string,
  { config = {}, env = {}, uri = 'file:///etc/docker/daemon.json' }: DaemonLintOpts = {},
): Checked<DaemonLintResult> {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  return checked(lintDaemonText(text, uri, merged, env));
}

/** "Fix all" as the editor runs it (the pipeline's, until stable): its one edit, or none. */
export function daemonFixAll(
  text: string,
  { config = {}, env = {}, uri = 'file:///etc/docker/daemon.json' }: DaemonLintOpts = {},
): TextEdit[] {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  return lintDocument('daemon', text, uri, { config: merged, daemon: env }).fixAll();
}

export function daemonFindings(text: string, rule: string, opts?: DaemonLintOpts): Finding[] {
  return lintDaemon(text, opts).diagnostics.filter((d) => d.code === rule);
}

/**
 * For every fix of every `rule` finding: apply it, check the text outside the edits is byte-identical, re-lint, and
 * check the finding is gone and no finding of another rule appeared (`allowNew` lists rules a fix may legitimately
 * surface, e.g. a CIS key set where the file had none). Returns the number of fixes checked.
 */
export function checkDaemonFixes(
  text: string,
  rule: string,
  opts: DaemonLintOpts = {},
  allowNew: readonly string[] = [],
): number {
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

/** A daemon fixture's options: the dockerd it is for and its rule severities. */
export type DaemonFixture = Fixture<{ env: DaemonEnvironment; config: Partial<EffectiveConfig> }>;

/**
 * Fixtures of a daemon rule: test/fixtures/daemon/<rule>/{fires,passes}-*.json. Sidecars beside a fixture:
 * `<name>.env.json` ({ engineVersion, platform }), `<name>.config.json` (rule severities), `<name>.lines` (the
 * 1-based lines the findings start on, comma separated). A fixture's name may carry the version and platform instead:
 * `fires-v27-windows-foo.json`.
 */
export function daemonFixtures(rule: string): { fires: DaemonFixture[]; passes: DaemonFixture[] } {
  const dir = path.join(FIXTURES, 'daemon', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name: string): DaemonFixture => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.json$/, '');
    const opts: DaemonFixture['opts'] = { env: {}, config: {} };
    const v = /-v(27|28|29)\b/.exec(name);
    if (v) opts.env.engineVersion = Number(v[1]);
    if (/-windows\b/.test(name)) opts.env.platform = 'windows';
    if (fs.existsSync(`${base}.env.json`))
      Object.assign(opts.env, JSON.parse(fs.readFileSync(`${base}.env.json`, 'utf8')));
    opts.config = fixtureConfig(base);
    const lines = fixtureLines(base);
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

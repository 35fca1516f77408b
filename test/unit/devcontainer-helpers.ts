// Helpers for the devcontainer.json rules: lint through the kind's modules, fixtures, fix checks that re-parse the JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import {
  lintDevcontainer as lintDevcontainerText,
  type DevcontainerLintResult,
} from '../../server/src/devcontainer/service/lint';
import type { EffectiveConfig } from '../../server/src/rules/context';
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

export interface DevcontainerLintOpts {
  config?: Partial<EffectiveConfig>;
  uri?: string;
}

export function lintDevcontainer(
  text: string,
  { config = {}, uri = 'file:///work/app/.devcontainer/devcontainer.json' }: DevcontainerLintOpts = {},
): Checked<DevcontainerLintResult> {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  return checked(lintDevcontainerText(text, uri, merged));
}

export function devcontainerFindings(text: string, rule: string, opts?: DevcontainerLintOpts): Finding[] {
  return lintDevcontainer(text, opts).diagnostics.filter((d) => d.code === rule);
}

/**
 * For every fix of every `rule` finding: apply it, check the text outside the edit is unchanged, re-parse the JSON (as
 * the Dev Containers CLI reads it: comments and trailing commas allowed, no new error), re-lint, and check the finding
 * is gone and no other appeared. Returns the number of fixes checked.
 */
export function checkDevcontainerFixes(
  text: string,
  rule: string,
  opts: DevcontainerLintOpts = {},
  allowNew: readonly string[] = [],
): number {
  const errors = (t: string) => {
    const e: ParseError[] = [];
    parseTree(t, e, { allowTrailingComma: true, disallowComments: false });
    return e.length;
  };
  const before = errors(text);
  return verifyFixes(text, rule, (t) => lintDevcontainer(t, opts), {
    allowNew,
    after: (fixed, fix) => assert.ok(errors(fixed) <= before, `${fix.title}: the JSON no longer parses:\n${fixed}`),
  });
}

export type DevcontainerFixture = Fixture<{ config: Partial<EffectiveConfig> }>;

/**
 * Fixtures of a devcontainer.json rule: test/fixtures/devcontainer/<rule>/{fires,passes}-*.json; sidecars
 * `<name>.lines` (1-based lines the findings start on) and `<name>.config.json`.
 */
export function devcontainerFixtures(rule: string): { fires: DevcontainerFixture[]; passes: DevcontainerFixture[] } {
  const dir = path.join(FIXTURES, 'devcontainer', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name: string): DevcontainerFixture => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.json$/, '');
    const opts: DevcontainerFixture['opts'] = { config: {} };
    opts.config = fixtureConfig(base);
    const lines = fixtureLines(base);
    return { name, file, text, opts, lines };
  };
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.config.json'))
    .sort();
  return {
    fires: names.filter((n) => n.startsWith('fires')).map(load),
    passes: names.filter((n) => n.startsWith('passes')).map(load),
  };
}

/** A Compose file with two privileged services, `app` (line 4) and `db` (line 7), for the attached-service note. */
export const TWO_PRIVILEGED_SERVICES = [
  'services:',
  '  app:',
  '    image: alpine:3.20',
  '    privileged: true',
  '  db:',
  '    image: postgres:17',
  '    privileged: true',
  '',
].join('\n');

/** The note on the findings of the Compose service a dev container attaches to. */
export const ATTACHED_NOTE = /This is the service the dev container attaches to \(.service. in devcontainer\.json\)/;

/**
 * TWO_PRIVILEGED_SERVICES linted with `app` as the attached service: the note on app's compose-privileged only, db's
 * still reported without it.
 */
export function assertAttachedToApp(items: readonly { code?: unknown; message: unknown; range: Range }[]): void {
  assert.deepEqual(
    items.filter((d) => ATTACHED_NOTE.test(String(d.message))).map((d) => [d.code, d.range.start.line]),
    [['compose-privileged', 3]],
  );
  assert.ok(items.some((d) => d.code === 'compose-privileged' && d.range.start.line === 6));
}

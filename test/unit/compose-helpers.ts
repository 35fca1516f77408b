// Helpers for the Compose rules: lint through the engine's modules, fixtures, fix checks that re-parse the YAML.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { lintCompose as lintComposeText, type ComposeLintResult } from '../../server/src/compose/service/lint';
import type { EffectiveConfig, LintEnvironment } from '../../server/src/rules/context';
import type { DiagnosticData } from '../../server/src/rules/diagnostics';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  FIXTURES,
  checked,
  fixtureConfig,
  fixtureLines,
  fixtureImages,
  verifyFixes,
  type Checked,
  type Finding,
  type Fixture,
} from './helpers';

export { applyEdits } from './helpers';

/** How a test lints a Compose file: severities and registries (merged over none), its URI. */
export interface ComposeLintOpts {
  config?: Partial<EffectiveConfig>;
  uri?: string;
  env?: LintEnvironment;
}

export function lintCompose(
  text: string,
  { config = {}, uri = 'file:///work/app/compose.yaml', env = {} }: ComposeLintOpts = {},
): Checked<ComposeLintResult> {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  return checked(lintComposeText(text, uri, merged, undefined, env));
}

export function composeFindings(text: string, rule: string, opts?: ComposeLintOpts): Finding[] {
  return lintCompose(text, opts).diagnostics.filter((d) => d.code === rule);
}

/**
 * Findings one per service: a finding reported once for several services (compose/collapse.ts) becomes one per
 * service, at that service's place, with that service's fixes as the rule wrote them (the first preferred). For tests
 * about where a service's own finding and fixes go.
 */
export function perService<D extends Diagnostic>(diagnostics: readonly D[]): D[] {
  return diagnostics.flatMap((d) => {
    const data = d.data as DiagnosticData | undefined;
    if (!data?.services) return [d];
    return (d.relatedInformation ?? []).map((r, i) => {
      const name = data.services![i];
      const suffix = ` (service \`${name}\`)`;
      const fixes = data.fixes
        .filter((f) => f.title.endsWith(suffix))
        .map((f, i) => ({ ...f, title: f.title.slice(0, -suffix.length), isPreferred: i === 0 }));
      const { services: _services, ...rest } = data;
      return {
        ...d,
        range: r.location.range,
        message: r.message,
        relatedInformation: undefined,
        data: { ...rest, fixes },
      } as D;
    });
  });
}

/** composeFindings, one per service (perService). */
export function composeServiceFindings(text: string, rule: string, opts?: ComposeLintOpts): Finding[] {
  return perService(composeFindings(text, rule, opts));
}

/**
 * For every fix of every `rule` finding: apply it, check the text outside the edits is byte-identical, re-parse the
 * YAML (no errors, and the same services), re-lint, and check the finding is gone and no finding of another rule
 * appeared (`allowNew`: rules a fix may legitimately surface). Returns the number of fixes checked.
 */
export function checkComposeFixes(
  text: string,
  rule: string,
  opts: ComposeLintOpts = {},
  allowNew: readonly string[] = [],
): number {
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

/** A Compose fixture's options: its rule severities. */
export type ComposeFixture = Fixture<{ config: Partial<EffectiveConfig>; env?: LintEnvironment }>;

/**
 * Fixtures of a Compose rule: test/fixtures/compose/<rule>/{fires,passes}-*.yaml; sidecars `<name>.lines` (1-based
 * lines the findings start on; a finding reported once for several services, at each service's place) and `<name>.config.json`.
 */
export function composeFixtures(rule: string): { fires: ComposeFixture[]; passes: ComposeFixture[] } {
  const dir = path.join(FIXTURES, 'compose', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name: string): ComposeFixture => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.ya?ml$/, '');
    const opts: ComposeFixture['opts'] = { config: {} };
    opts.config = fixtureConfig(base);
    const images = fixtureImages(base);
    if (images) opts.env = { images };
    const lines = fixtureLines(base);
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

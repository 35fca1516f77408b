// Helpers for the Compose rules: lint through the engine's modules, fix checks that re-parse the YAML.
// (compose-helpers.mjs is the same over the built dist/service.js, for the .mjs tests not converted yet.)
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { lintCompose as lintComposeText, type ComposeLintResult } from '../../server/src/compose/service/lint';
import type { EffectiveConfig } from '../../server/src/rules/context';
import { checked, verifyFixes, type Checked, type Finding } from './helpers';

export { applyEdits } from './helpers';

/** How a test lints a Compose file: severities and registries (merged over none), its URI. */
export interface ComposeLintOpts {
  config?: Partial<EffectiveConfig>;
  uri?: string;
}

export function lintCompose(
  text: string,
  { config = {}, uri = 'file:///work/app/compose.yaml' }: ComposeLintOpts = {},
): Checked<ComposeLintResult> {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  return checked(lintComposeText(text, uri, merged));
}

export function composeFindings(text: string, rule: string, opts?: ComposeLintOpts): Finding[] {
  return lintCompose(text, opts).diagnostics.filter((d) => d.code === rule);
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

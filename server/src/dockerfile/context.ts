import type { EffectiveConfig, LintEnvironment } from '../rules/context';
import type { Rule } from '../rules/types';
import type { DockerfileModel } from './model/model';

/** What a Dockerfile rule sees: the parsed document, the configuration and what is known beyond the text. */
export interface DockerfileContext {
  model: DockerfileModel;
  config: EffectiveConfig;
  env: LintEnvironment;
  /**
   * False when the findings' fixes will be dropped (LintOptions.fixes: `bulkhead check` without --fix): a rule may
   * leave out the work that only builds its fixes (a distribution's user lines, a SHELL rewrite). What it finds and
   * says must not change (test/unit/languages.test.ts compares both lints). Absent: the fixes are wanted.
   */
  wantsFixes?: boolean;
}

/** A finding's fixes, built only when they are wanted (DockerfileContext.wantsFixes). */
export function fixesIfWanted<T>(ctx: Pick<DockerfileContext, 'wantsFixes'>, build: () => T[]): T[] {
  return ctx.wantsFixes === false ? [] : build();
}

/** A Dockerfile rule: the shared rule shape and what only Dockerfile rules say about themselves. */
export interface DockerfileRule extends Rule<DockerfileContext> {
  /**
   * The rule reads shell commands (docs and tooling); it needs no check of its own for Windows stages, whose RUNs the
   * model gives no shell scripts.
   */
  shell?: boolean;
}

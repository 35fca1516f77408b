import type { EffectiveConfig, LintEnvironment } from '../rules/context';
import type { Rule } from '../rules/types';
import type { DockerfileModel } from './model/model';

/** What a Dockerfile rule sees: the parsed document, the configuration and what is known beyond the text. */
export interface DockerfileContext {
  model: DockerfileModel;
  config: EffectiveConfig;
  env: LintEnvironment;
}

/** A Dockerfile rule: the shared rule shape and what only Dockerfile rules say about themselves. */
export interface DockerfileRule extends Rule<DockerfileContext> {
  /**
   * The rule reads shell commands (docs and tooling); it needs no check of its own for Windows stages, whose RUNs the
   * model gives no shell scripts.
   */
  shell?: boolean;
}

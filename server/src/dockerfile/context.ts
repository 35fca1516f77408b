import type { EffectiveConfig, LintEnvironment } from '../rules/context';
import type { DockerfileModel } from './model/model';

/** What a Dockerfile rule sees: the parsed document, the configuration and what is known beyond the text. */
export interface DockerfileContext {
  model: DockerfileModel;
  config: EffectiveConfig;
  env: LintEnvironment;
}

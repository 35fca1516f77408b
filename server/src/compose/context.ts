import type { EffectiveConfig, LintEnvironment } from '../rules/context';
import type { ComposeModel } from './model';

/** What a Compose rule sees: the parsed file (services resolved through merge keys and `extends`) and the configuration. */
export interface ComposeContext {
  model: ComposeModel;
  config: EffectiveConfig;
  /** What is known beyond the file (the registry's image facts). */
  env: LintEnvironment;
}

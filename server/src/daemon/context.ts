import type { EffectiveConfig } from '../rules/context';
import type { DaemonModel } from './model';

/** What a daemon.json rule sees: the parsed document (with the Engine version and platform it targets) and the configuration. */
export interface DaemonContext {
  model: DaemonModel;
  config: EffectiveConfig;
}

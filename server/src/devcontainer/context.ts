import type { EffectiveConfig } from '../rules/context';
import type { Rule } from '../rules/types';
import type { DevcontainerModel } from './model';

/** What a devcontainer.json rule sees: the parsed document and the configuration. */
export interface DevcontainerContext {
  model: DevcontainerModel;
  config: EffectiveConfig;
}

export type DevcontainerRule = Rule<DevcontainerContext>;

import type { DevcontainerRule } from '../context';

/** The devcontainer.json rules, in catalogue order. */
export const devcontainerRules: readonly DevcontainerRule[] = [];

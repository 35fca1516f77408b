import type { Node } from 'jsonc-parser';
import { propertiesOf } from '../common/json';
import type { DevcontainerModel } from './model';

/**
 * The `features` of a devcontainer.json: the id each key names (`ghcr.io/devcontainers/features/node:1`, a local
 * `./feature`, a tarball URL, or a legacy short id such as `docker-in-docker`) and its node.
 */
export interface FeatureEntry {
  id: string;
  keyNode: Node;
}

export function featureEntries(model: DevcontainerModel): FeatureEntry[] {
  return propertiesOf(model.get('features')?.valueNode).map((p) => ({ id: p.key, keyNode: p.keyNode }));
}

import type { Sourced } from './types';
import { NON_ROOT_IMAGES } from './nonRootImages';
import { ROOT_IMAGES } from './rootImages';
import { IMAGE_USERS } from './imageUsers';
import { HEALTHCHECK_IMAGES } from './healthcheckImages';
import { INTERACTIVE_IMAGES } from './interactiveImages';
import { SECRET_NAME_RULES, SECRET_PATTERNS, SECRET_QUERY_PARAMS, WEAK_PASSWORDS } from './secretPatterns';
import { EOL_PRODUCTS, EOL_RELEASES } from './baseImageEol';
import { MINIMAL_IMAGES } from './minimalImages';
import { DATASTORE_IMAGES } from './datastoreImages';
import { AUTH_SWITCHES } from './authSwitches';

/**
 * Every dated data table, by name, so that one test can hold each entry to `Sourced` (a source and a checked date).
 * A new table is added here.
 */
export const DATA_TABLES: Readonly<Record<string, readonly Sourced[]>> = {
  nonRootImages: NON_ROOT_IMAGES,
  rootImages: ROOT_IMAGES,
  imageUsers: IMAGE_USERS,
  healthcheckImages: HEALTHCHECK_IMAGES,
  interactiveImages: INTERACTIVE_IMAGES,
  secretPatterns: SECRET_PATTERNS,
  secretNameRules: [SECRET_NAME_RULES],
  secretQueryParams: [SECRET_QUERY_PARAMS],
  weakPasswords: [WEAK_PASSWORDS],
  baseImageEolProducts: EOL_PRODUCTS,
  baseImageEolReleases: EOL_RELEASES,
  minimalImages: MINIMAL_IMAGES,
  datastoreImages: DATASTORE_IMAGES,
  authSwitches: AUTH_SWITCHES,
};

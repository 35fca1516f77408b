import type { Rule } from '../../rules/types';
import type { DockerfileContext } from '../../rules/context';
import { rootUser } from './root-user';
import { addInsteadOfCopy } from './add-instead-of-copy';

/** The Dockerfile rules, in catalogue order. */
export const dockerfileRules: Rule<DockerfileContext>[] = [rootUser, addInsteadOfCopy];

import type { Fix, Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';
import { isTrueFlag } from '../runArgs';
import { removeProperty, removeRunArg } from '../edits';
import { featureEntries } from '../features';

const RISK =
  'gives the dev container every capability, every host device and no seccomp or AppArmor confinement: root in it is root on the host (it can mount the host disk or load kernel modules), and the container runs whatever the repository and its extensions run';
const TODO =
  'Remove it; if a tool needs one device or capability, add that alone (`--device`, a `capAdd` entry) with a comment saying why';

/**
 * Features whose metadata makes the container privileged (the feature's devcontainer-feature.json says
 * `"privileged": true`): devcontainers/features src/docker-in-docker/devcontainer-feature.json.
 */
const PRIVILEGED_FEATURES = /^(ghcr\.io\/devcontainers\/features\/docker-in-docker|docker-in-docker)([:@]|$)/i;

export const devcontainerPrivileged: DevcontainerRule = {
  id: 'devcontainer-privileged',
  kind: 'devcontainer',
  severity: 'error',
  title: 'Dev container runs privileged',
  rationale:
    'A privileged container has every capability and every host device, without seccomp or AppArmor: root inside is root on the host. A dev container runs the code of the repository it opens and of every extension and feature it installs.',
  remedy: 'Remove `"privileged": true` and `--privileged`; add back only the device or capability a tool needs.',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: [cisCheck('5.5'), { tool: 'kics', id: 'Privileged Containers Enabled' }],
  fixes: ['Remove "privileged": true', 'Remove --privileged from runArgs'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    const prop = model.get('privileged');
    if (prop?.valueNode?.type === 'boolean' && prop.valueNode.value === true) {
      const edits = removeProperty(model, 'privileged');
      // a tool in the container may need it (Docker in Docker, a device): a person removes it and tests
      const fixes: Fix[] = edits
        ? [{ title: 'Remove "privileged": true', edits, isPreferred: true, manual: true }]
        : [];
      out.push({
        range: model.range(prop.node.offset, prop.node.offset + prop.node.length),
        message: `\`"privileged": true\` ${RISK}. ${TODO}.`,
        fixes,
      });
    }
    for (const flag of model.runArgs) {
      if (flag.name !== 'privileged' || !isTrueFlag(flag)) continue;
      const edits = removeRunArg(model, flag);
      const fixes: Fix[] = edits
        ? [{ title: 'Remove --privileged from runArgs', edits, isPreferred: true, manual: true }]
        : [];
      out.push({
        range: model.nodeRange(flag.node),
        message: `\`--privileged\` in \`runArgs\` ${RISK}. ${TODO}.`,
        fixes,
      });
    }
    for (const feature of featureEntries(model)) {
      if (!PRIVILEGED_FEATURES.test(feature.id)) continue;
      out.push({
        range: model.nodeRange(feature.keyNode),
        message: `The feature \`${feature.id}\` runs the dev container privileged (its metadata sets \`"privileged": true\`), which ${RISK}. If the project only needs to run \`docker\` commands, use rootless Docker or a remote Docker host; keep this feature only where nested Docker is the point, with a comment saying why.`,
      });
    }
    return out;
  },
};

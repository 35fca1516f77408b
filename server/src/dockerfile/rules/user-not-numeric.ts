import type { Fix } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { isNumericUser, isRootUser, parseUserSpec } from '../analysis/users';
import { createdAccounts } from './user-not-numeric/accounts';
import { replaceRange } from '../analysis/edits';

export const userNotNumeric: DockerfileRule = {
  id: 'user-not-numeric',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'USER is a name, not a numeric UID',
  rationale:
    'Kubernetes `runAsNonRoot` and similar admission checks can only verify a numeric UID; with a user name they must trust /etc/passwd inside the image, or refuse to start the pod.',
  remedy:
    'Write the final USER as `uid:gid` (for example `USER 10001:10001`), matching the user the Dockerfile creates.',
  guidance: ['Build: run as a non-root user'],
  anchors: [{ tool: 'hadolint', id: 'DL3066' }],
  fixes: ['Replace the name by the UID[:GID] the Dockerfile creates'],
  fixSafety: 'safe',
  check({ model }) {
    const stage = model.finalStage;
    const user = stage?.user;
    if (!stage || !user || user.unresolved || stage.windows) return [];
    const value = user.value.trim();
    // root is root-user's finding; a numeric UID (with or without a group) is what we want
    if (!value || isRootUser(value)) return [];
    const { user: name, group } = parseUserSpec(value);
    if (isNumericUser(name)) return [];
    const inst = user.inst;
    const body = inst.body;
    const lead = body.text.length - body.text.trimStart().length;
    const start = body.offsets[lead] ?? inst.end;
    const end = body.offsets.length ? body.offsets[body.text.trimEnd().length - 1] + 1 : inst.end;
    const fixes: Fix[] = [];
    const accounts = createdAccounts(model, stage);
    const account = accounts.users.get(name);
    let numeric: string | undefined;
    if (account && account.uid !== '0') {
      let gid = account.gid;
      if (group !== undefined) gid = isNumericUser(group) ? group : (accounts.groups.get(group) ?? group);
      numeric = gid !== undefined ? `${account.uid}:${gid}` : account.uid;
      // a USER written with a build argument stays as the author wrote it: only the message names the number
      if (!body.text.includes('$'))
        fixes.push({
          title: `Use USER ${numeric}`,
          edits: [replaceRange(model, start, end, numeric)],
          isPreferred: true,
        });
    }
    const advice = numeric
      ? `Write the numeric id the Dockerfile gives it: USER ${numeric}.`
      : 'Create the user with an explicit id (`useradd -u 10001`) and write `USER 10001:10001`.';
    return [
      {
        range: model.range(start, end),
        message: `USER ${value} is a name, so runtimes cannot verify that the container runs as non-root (runAsNonRoot). ${advice}`,
        fixes,
      },
    ];
  },
};

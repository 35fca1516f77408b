import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { SECCOMP_ANCHORS, unconfined } from '../../rules/confinement';
import { listItems, removeIt, removeOwnItem, splitOption, stringValue, subject } from '../serviceValues';

export const composeUnconfinedProfile: Rule<ComposeContext> = {
  id: 'compose-unconfined-profile',
  kind: 'compose',
  severity: 'error',
  title: 'Seccomp, AppArmor or SELinux confinement turned off',
  rationale:
    '`seccomp:unconfined`, `apparmor:unconfined` and `label:disable` switch off the kernel confinement Docker gives every container by default: the system calls, mounts and files it blocks become a way to the host.',
  remedy: 'Remove the entry, or replace it with a profile written for the service.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SECCOMP_ANCHORS, cisCheck('5.2'), cisCheck('5.3')],
  fixes: ['Remove the entry from security_opt'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'security_opt')) {
        const text = stringValue(item.value);
        if (text === undefined) continue;
        const { name, value } = splitOption(text);
        const found = unconfined(name, value);
        if (!found) continue;
        const edit = item.own ? removeOwnItem(model, service, 'security_opt', item.seq, item.index) : undefined;
        // the service may depend on it (an old libseccomp, io_uring): a person removes it and tests
        const fixes: Fix[] = edit
          ? [{ title: `Remove ${text} from security_opt`, edits: [edit], isPreferred: true, manual: true }]
          : [];
        const todo = found.todo.replace(/^Remove it/, removeIt(item));
        out.push({
          range: item.at,
          message: `${subject(service, item, `security_opt: ${text}`)} ${found.risk}. ${todo}`,
          fixes,
          anchors: found.anchors.length ? found.anchors : undefined,
        });
      }
    }
    return out;
  },
};

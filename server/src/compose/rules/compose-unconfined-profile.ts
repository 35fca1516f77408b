import type { Anchor, Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { listItems, removeIt, removeOwnItem, splitOption, stringValue, subject } from '../serviceValues';

interface Unconfined {
  risk: string;
  todo: string;
  anchors: Anchor[];
}

const SECCOMP: Anchor[] = [cisCheck('5.22'), { tool: 'kics', id: 'Default Seccomp Profile Disabled' }];

/** The `security_opt` entries that switch a kernel confinement off, by `name:value` (dockerd also takes `name=value`). */
function unconfined(name: string, value: string | undefined): Unconfined | undefined {
  // dockerd compares the exact values: `seccomp:Unconfined` would be read as a profile file (and fail to load)
  const v = value;
  if (name === 'seccomp' && v === 'unconfined')
    return {
      risk: "runs the container without Docker's default seccomp filter, opening the system calls it blocks (`keyctl`, `bpf`, `unshare`, `mount` ...): a kernel bug in any of them is a way to the host",
      todo: 'Remove it, or give a profile that allows only the extra calls the service needs (`seccomp:./seccomp.json`).',
      anchors: SECCOMP,
    };
  if (name === 'apparmor' && v === 'unconfined')
    return {
      risk: 'turns off the AppArmor profile Docker applies, which keeps the container from mounting and from writing to /proc and /sys',
      todo: 'Remove it, or name a profile written for the service (`apparmor:<profile>`).',
      anchors: [cisCheck('5.2')],
    };
  if (name === 'label' && v === 'disable')
    return {
      risk: 'turns off SELinux separation for the container: on an SELinux host it reaches files and processes its label kept it from',
      todo: 'Remove it; if it was added so bind mounts are readable, relabel them with `:z` or `:Z` instead.',
      anchors: [cisCheck('5.3')],
    };
  if (name === 'label' && v === 'type:spc_t')
    return {
      risk: 'runs the container as an SELinux "super privileged container" (`spc_t`), which SELinux does not confine',
      todo: 'Remove it; if it was added so bind mounts are readable, relabel them with `:z` or `:Z` instead.',
      anchors: [cisCheck('5.3')],
    };
  if (name === 'systempaths' && v === 'unconfined')
    return {
      risk: 'unmasks the /proc and /sys paths Docker hides from containers (`/proc/kcore`, `/proc/sysrq-trigger`, `/sys/firmware` ...)',
      todo: 'Remove it.',
      anchors: [],
    };
  return undefined;
}

export const composeUnconfinedProfile: Rule<ComposeContext> = {
  id: 'compose-unconfined-profile',
  kind: 'compose',
  severity: 'error',
  title: 'Seccomp, AppArmor or SELinux confinement turned off',
  rationale:
    '`seccomp:unconfined`, `apparmor:unconfined` and `label:disable` switch off the kernel confinement Docker gives every container by default: the system calls, mounts and files it blocks become a way to the host.',
  remedy: 'Remove the entry, or replace it with a profile written for the service.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SECCOMP, cisCheck('5.2'), cisCheck('5.3')],
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

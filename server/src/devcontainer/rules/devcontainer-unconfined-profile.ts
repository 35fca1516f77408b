import type { Fix, Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';
import { SECCOMP_ANCHORS, splitSecurityOpt, unconfined } from '../../rules/confinement';
import { listSetting } from '../listSettings';

/**
 * What to do about `seccomp=unconfined` in a dev container, where a debugger is the usual reason it was added: Docker's
 * default profile allows `ptrace`, `process_vm_readv` and `process_vm_writev` on kernels 4.8 and later, and on any
 * kernel once `SYS_PTRACE` is added (moby profiles/seccomp/default.json: the `minKernel: 4.8` and the `CAP_SYS_PTRACE`
 * entries).
 */
const SECCOMP_TODO =
  "Remove it: a debugger (gdb, lldb, Delve) does not need it, since Docker's default profile allows `ptrace` on kernels 4.8 and later and whenever `SYS_PTRACE` is added; if another tool does, give a profile that allows only the extra calls it needs.";

export const devcontainerUnconfinedProfile: DevcontainerRule = {
  id: 'devcontainer-unconfined-profile',
  kind: 'devcontainer',
  severity: 'error',
  title: 'Seccomp, AppArmor or SELinux confinement turned off in the dev container',
  rationale:
    '`seccomp=unconfined`, `apparmor=unconfined` and `label=disable` switch off the kernel confinement Docker gives every container by default: the system calls, mounts and files it blocks become a way to the host for whatever the dev container runs.',
  remedy:
    'Remove the option; a debugger needs no unconfined seccomp on Docker 19.03 and later (its default profile allows `ptrace` on kernels 4.8+).',
  guidance: ['Isolation: do not break isolation'],
  anchors: [...SECCOMP_ANCHORS, cisCheck('5.2'), cisCheck('5.3')],
  fixes: ['Remove the entry from securityOpt', 'Remove --security-opt from runArgs'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const entry of listSetting(model, 'securityOpt', 'security-opt')) {
      const { name, value } = splitSecurityOpt(entry.value);
      const found = unconfined(name, value, 'the dev container');
      if (!found) continue;
      // a tool may depend on it (an old libseccomp, io_uring): a person removes it and tests
      const fixes: Fix[] = entry.removal
        ? [{ title: `Remove ${entry.removed}`, edits: entry.removal, isPreferred: true, manual: true }]
        : [];
      out.push({
        range: entry.range,
        message: `${entry.where} \`${entry.value.trim()}\` ${found.risk}. ${name === 'seccomp' ? SECCOMP_TODO : found.todo}`,
        fixes,
        anchors: found.anchors.length ? found.anchors : undefined,
      });
    }
    return out;
  },
};

import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { cisApplies, effectiveValue, fixes, removeKeyFix, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const seccompUnconfined: Rule<DaemonContext> = {
  id: 'seccomp-unconfined',
  kind: 'daemon',
  severity: 'error',
  title: 'Seccomp disabled for every container',
  rationale:
    '`"seccomp-profile": "unconfined"` runs every container without a seccomp filter, so the 40-odd system calls Docker\'s default profile blocks (`keyctl`, `mount`, `unshare`, `bpf`, `kexec_load`, ...) are open to every container: a kernel bug in any of them is a way out to the host.',
  remedy: 'Remove `seccomp-profile` (the built-in default profile applies) or point it at a custom profile file.',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: [cisCheck('2.17'), cisCheck('5.22')],
  fixes: ['Remove "seccomp-profile": "unconfined"'],
  fixSafety: 'manual',
  check({ model }) {
    if (!cisApplies(model, 'seccomp-profile')) return [];
    const { prop, value } = effectiveValue(model, 'seccomp-profile');
    // dockerd compares the exact string: "Unconfined" would be read as a file name (and fail to load)
    if (!prop || value !== 'unconfined') return [];
    return [
      {
        range: valueRange(model, prop),
        message:
          '"seccomp-profile": "unconfined" turns the seccomp filter off for every container, opening the system calls Docker\'s default profile blocks (CIS 2.17, 5.22). Remove it to get the built-in default profile, or give the path of a custom profile; a single container that needs it can use --security-opt seccomp=unconfined.',
        fixes: fixes(removeKeyFix(model, prop, '"seccomp-profile": "unconfined"', 'builtin')),
      },
    ];
  },
};

import type { Anchor } from './types';
import { cisCheck } from './anchors';

/**
 * The security options that switch a kernel confinement off, what that opens and what to do: what
 * compose-unconfined-profile (`security_opt`) and devcontainer-unconfined-profile (`securityOpt`, `--security-opt`)
 * report, read once.
 */

export interface Unconfined {
  risk: string;
  todo: string;
  anchors: Anchor[];
}

export const SECCOMP_ANCHORS: Anchor[] = [cisCheck('5.22'), { tool: 'kics', id: 'Default Seccomp Profile Disabled' }];

/** The `security_opt` (`--security-opt`, `securityOpt`) entries that switch a kernel confinement off, by `name:value` (dockerd also takes `name=value`). */
export function unconfined(
  name: string,
  value: string | undefined,
  /** What the container is to the reader: Compose's "the service", a devcontainer.json's "the dev container". */
  workload = 'the service',
): Unconfined | undefined {
  // dockerd compares the exact values: `seccomp:Unconfined` would be read as a profile file (and fail to load)
  const v = value;
  if (name === 'seccomp' && v === 'unconfined')
    return {
      risk: "runs the container without Docker's default seccomp filter, opening the system calls it blocks (`keyctl`, `bpf`, `unshare`, `mount` ...): a kernel bug in any of them is a way to the host",
      todo: `Remove it, or give a profile that allows only the extra calls ${workload} needs (\`seccomp:./seccomp.json\`).`,
      anchors: SECCOMP_ANCHORS,
    };
  if (name === 'apparmor' && v === 'unconfined')
    return {
      risk: 'turns off the AppArmor profile Docker applies, which keeps the container from mounting and from writing to /proc and /sys',
      todo: `Remove it, or name a profile written for ${workload} (\`apparmor:<profile>\`).`,
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

/** `name:value` or `name=value` (dockerd takes either), the name lower case. */
export function splitSecurityOpt(entry: string): { name: string; value: string | undefined } {
  const m = /^([^:=]*)[:=](.*)$/s.exec(entry.trim());
  return m
    ? { name: m[1].trim().toLowerCase(), value: m[2].trim() }
    : { name: entry.trim().toLowerCase(), value: undefined };
}

/**
 * Linux capabilities that each open a way out of the container or onto the host, and what they allow: what
 * compose-dangerous-capabilities (`cap_add`) and devcontainer-dangerous-capabilities (`capAdd`, `--cap-add`) report.
 * `host` names how the configuration shares the host's network and process namespaces (`network_mode: host`,
 * `--network=host`), which makes NET_ADMIN and SYS_PTRACE reach the host's own.
 */
export function dangerousCapabilityRisk(
  capability: string,
  host: { network: string; pid: string },
): string | undefined {
  switch (capability) {
    case 'ALL':
      return 'adds every capability, which is nearly `privileged: true`';
    case 'SYS_ADMIN':
      return 'allows mounts, namespaces and many administrative system calls: the usual way out of a container';
    case 'NET_ADMIN':
      return `lets the container reconfigure interfaces, routes and firewall rules (the host's own with \`${host.network}\`)`;
    case 'SYS_PTRACE':
      return `lets the container trace and read the memory of other processes (every host process with \`${host.pid}\`)`;
    case 'SYS_MODULE':
      return 'lets the container load kernel modules: its code then runs in the host kernel';
    case 'DAC_READ_SEARCH':
      return 'bypasses file read permissions and allows `open_by_handle_at`, which reads host files from inside a container';
    default:
      return undefined;
  }
}

/** `sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` name the same capability (the engine upper-cases and adds `CAP_`: moby oci/caps). */
export function capabilityName(text: string): string {
  return text.toUpperCase().replace(/^CAP_/, '');
}

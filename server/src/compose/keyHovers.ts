/**
 * Hovers on the security-relevant service keys of a Compose file: what the key does to isolation, and the safe way to
 * write it. Keyed by the path below the service (`deploy.resources`).
 */
export const COMPOSE_KEY_HOVERS: Readonly<Record<string, { title: string; text: string; safe: string }>> = {
  privileged: {
    title: 'privileged',
    text: 'Gives the container every capability, all host devices, and turns off seccomp, AppArmor/SELinux confinement: root in the container is root on the host.',
    safe: 'Leave it out; add the one capability (`cap_add`) or device (`devices`) the service needs.',
  },
  cap_add: {
    title: 'cap_add',
    text: 'Adds Linux capabilities to the default set. `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH` and `ALL` each open a path out of the container.',
    safe: 'Start from `cap_drop: [ALL]` and add back only what the process needs (e.g. `NET_BIND_SERVICE`).',
  },
  cap_drop: {
    title: 'cap_drop',
    text: 'Removes Linux capabilities. `[ALL]` leaves the process none; most services run fine without any.',
    safe: '`cap_drop: [ALL]`, then `cap_add` the few that are needed.',
  },
  security_opt: {
    title: 'security_opt',
    text: 'Security options of the container: `no-new-privileges:true` stops setuid binaries from gaining privileges; `seccomp:unconfined`, `apparmor:unconfined` and `label:disable` switch off the kernel confinement Docker applies by default.',
    safe: '`security_opt: ["no-new-privileges:true"]`, and keep the default seccomp/AppArmor/SELinux profiles (or name a stricter one).',
  },
  network_mode: {
    title: 'network_mode',
    text: "`host` shares the host's network stack: no network isolation, the container can bind any host port and reach services listening on localhost.",
    safe: 'Use the default bridge or a user-defined network; publish only the ports needed.',
  },
  pid: {
    title: 'pid',
    text: "`host` shares the host's process namespace: the container sees (and with enough privileges signals or traces) every host process.",
    safe: 'Leave it out.',
  },
  ipc: {
    title: 'ipc',
    text: "`host` shares the host's IPC namespace (shared memory, semaphores).",
    safe: 'Leave it out, or `shareable`/`service:<name>` between cooperating services.',
  },
  userns_mode: {
    title: 'userns_mode',
    text: "`host` turns off user-namespace remapping for this container: its root is the host's root.",
    safe: 'Leave it out where the daemon runs with `userns-remap`.',
  },
  volumes: {
    title: 'volumes',
    text: "Bind mounts give the container a host path. `/var/run/docker.sock` is full control of the Docker daemon (root on the host); `/`, system folders (`/etc`, `/proc`, `/sys`), the engine's state (`/var/lib/docker`) and SSH keys (`~/.ssh`) expose the host. `:shared`/`:rshared` propagation lets the container's mounts reach the host.",
    safe: 'Mount only application data, read-only (`:ro`) where possible, with the default propagation; never the Docker socket.',
  },
  read_only: {
    title: 'read_only',
    text: "`true` mounts the container's root filesystem read-only: an attacker cannot drop tools or change binaries.",
    safe: '`read_only: true` with `tmpfs: [/tmp]` (and volumes) for the paths the service writes.',
  },
  user: {
    title: 'user',
    text: 'The user the process runs as. `root` or `0` gives it root inside the container (and on the host, without user namespaces).',
    safe: 'A numeric unprivileged `uid:gid` (e.g. `"10001:10001"`).',
  },
  ports: {
    title: 'ports',
    text: '`"5432:5432"` publishes on every host interface (0.0.0.0), past most host firewalls (Docker writes its own iptables rules).',
    safe: 'Publish only what must be reachable, bound to an address: `"127.0.0.1:5432:5432"`; keep datastores on an internal network.',
  },
  'deploy.resources': {
    title: 'deploy.resources',
    text: "CPU, memory and process limits (`limits`) and reservations. Without limits one container can starve the host and its neighbours; without a PIDs limit a fork bomb fills the host's process table.",
    safe: '`deploy: { resources: { limits: { cpus: "1.0", memory: 512M, pids: 256 } } }` (or `mem_limit` / `pids_limit` / `cpus`).',
  },
  pids_limit: {
    title: 'pids_limit',
    text: "Caps the container's processes and threads (the PIDs cgroup). `-1` or `0` is unlimited: a fork bomb or a thread leak fills the host's process table.",
    safe: 'A number sized for the service (e.g. `256`), or `deploy.resources.limits.pids`.',
  },
  devices: {
    title: 'devices',
    text: 'Passes host devices into the container: direct hardware access bypasses the container boundary.',
    safe: 'Only the device the service needs, read-only permissions (`:r`) where possible.',
  },
};

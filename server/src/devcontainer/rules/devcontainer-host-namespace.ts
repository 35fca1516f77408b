import type { Anchor, Report } from '../../rules/types';
import type { DevcontainerRule } from '../context';
import { cisCheck } from '../../rules/anchors';

interface Namespace {
  risk: string;
  anchors: Anchor[];
}

/** The `docker run` flags that can share a host namespace (docker/cli opts.go: `--network`, `--pid`, `--ipc` ...). */
const NAMESPACES: Readonly<Record<string, Namespace>> = {
  network: {
    risk: "shares the host's network stack: the container can bind any host port and reach services that listen only on the host's localhost",
    anchors: [cisCheck('5.10'), { tool: 'kics', id: 'Shared Host Network Namespace' }],
  },
  pid: {
    risk: "shares the host's process namespace: the container sees every host process (with its command line and environment) and, with enough privilege, can signal or trace it",
    anchors: [cisCheck('5.16'), { tool: 'kics', id: 'Host Namespace is Shared' }],
  },
  ipc: {
    risk: "shares the host's IPC namespace: shared memory and semaphores of host processes are open to the container",
    anchors: [cisCheck('5.17'), { tool: 'kics', id: 'Shared Host IPC Namespace' }],
  },
  uts: {
    risk: "shares the host's UTS namespace: the container uses the host's hostname and, with `SYS_ADMIN`, can change it for the whole host",
    anchors: [cisCheck('5.21')],
  },
  userns: {
    risk: "turns off the daemon's user-namespace remapping for the container: root in it is root on the host again",
    anchors: [cisCheck('5.31'), { tool: 'kics', id: 'Shared Host User Namespace' }],
  },
  cgroupns: {
    risk: "shares the host's cgroup namespace: the container sees and, with enough privilege, changes the host's cgroup tree",
    anchors: [],
  },
};

export const devcontainerHostNamespace: DevcontainerRule = {
  id: 'devcontainer-host-namespace',
  kind: 'devcontainer',
  severity: 'error',
  title: 'Dev container shares a host namespace',
  rationale:
    "`--network=host`, `--pid=host`, `--ipc=host` and `--userns=host` in `runArgs` take away a layer of the container's isolation: host ports and localhost services, host processes, host shared memory, or the user-namespace remapping.",
  remedy: 'Remove the flag; forward the ports the project needs (`forwardPorts`) instead of sharing the host network.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [
    cisCheck('5.10'),
    cisCheck('5.16'),
    cisCheck('5.17'),
    cisCheck('5.21'),
    cisCheck('5.31'),
    { tool: 'kics', id: 'Shared Host Network Namespace' },
    { tool: 'kics', id: 'Host Namespace is Shared' },
    { tool: 'kics', id: 'Shared Host IPC Namespace' },
    { tool: 'kics', id: 'Shared Host User Namespace' },
  ],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const flag of model.runArgs) {
      const ns = NAMESPACES[flag.name];
      // the engine compares the exact word (moby api/types/container hostconfig.go: `IsHost`)
      if (!ns || flag.value !== 'host') continue;
      const todo =
        flag.name === 'network' ? 'Remove it and forward the ports the project needs (`forwardPorts`)' : 'Remove it';
      out.push({
        range: model.nodeRange(flag.node),
        message: `\`${flag.written}${flag.valueIndex === flag.index ? '=' : ' '}${flag.value}\` in \`runArgs\` ${ns.risk}. ${todo}.`,
        anchors: ns.anchors.length ? ns.anchors : undefined,
      });
    }
    return out;
  },
};

import type { Anchor, Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { removeIt, removeOwnKey, setting, stringValue, subject } from '../serviceValues';

interface Namespace {
  key: string;
  risk: string;
  todo: string;
  anchors: Anchor[];
}

/** The service keys that can share a host namespace, in the order Compose documents them. */
const NAMESPACES: readonly Namespace[] = [
  {
    key: 'network_mode',
    risk: "shares the host's network stack: the container can bind any host port and reach services that listen only on the host's localhost, and network isolation no longer applies",
    todo: 'Remove it, put the service on a user-defined network and publish only the ports it needs.',
    anchors: [cisCheck('5.10'), { tool: 'kics', id: 'Shared Host Network Namespace' }],
  },
  {
    key: 'pid',
    risk: "shares the host's process namespace: the container sees every host process (with its command line and environment) and, with enough privilege, can signal or trace it",
    todo: 'Remove it.',
    anchors: [cisCheck('5.16'), { tool: 'kics', id: 'Host Namespace is Shared' }],
  },
  {
    key: 'ipc',
    risk: "shares the host's IPC namespace: shared memory and semaphores of host processes are open to the container",
    todo: 'Remove it, or share IPC only between cooperating services (`ipc: shareable` and `ipc: service:<name>`).',
    anchors: [cisCheck('5.17'), { tool: 'kics', id: 'Shared Host IPC Namespace' }],
  },
  {
    key: 'uts',
    risk: "shares the host's UTS namespace: the container uses the host's hostname and, with `SYS_ADMIN`, can change it for the whole host",
    todo: 'Remove it; set `hostname:` if the service needs a particular name.',
    anchors: [cisCheck('5.21')],
  },
  {
    key: 'userns_mode',
    risk: "turns user-namespace remapping off for this container: its root is the host's root even where the daemon remaps the others (`userns-remap`)",
    todo: 'Remove it.',
    anchors: [cisCheck('5.31'), { tool: 'kics', id: 'Shared Host User Namespace' }],
  },
];

export const composeHostNamespace: Rule<ComposeContext> = {
  id: 'compose-host-namespace',
  kind: 'compose',
  severity: 'error',
  title: 'Host namespace shared with the container',
  rationale:
    "`network_mode`, `pid`, `ipc`, `uts` or `userns_mode` set to `host` gives the container the host's own namespace: the wall between it and the host's network, processes, shared memory or users is gone.",
  remedy:
    'Remove the `host` setting; share a namespace only with another service (`service:<name>`) where that is needed.',
  guidance: ['Isolation: do not break isolation'],
  anchors: NAMESPACES.flatMap((n) => n.anchors),
  fixes: ['Remove the host namespace setting'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const ns of NAMESPACES) {
        const found = setting(model, service, ns.key);
        // dockerd compares the exact word (`HOST` would be read as a network or container name)
        if (!found || stringValue(found.value) !== 'host') continue;
        const edit = found.own ? removeOwnKey(model, service, found.keyNode) : undefined;
        // the service may be built around it (a network monitor, a VPN gateway): a person removes it and tests
        const fixes: Fix[] = edit
          ? [{ title: `Remove ${ns.key}: host`, edits: [edit], isPreferred: true, manual: true }]
          : [];
        const todo = ns.todo.replace(/^Remove it/, removeIt(found));
        out.push({
          range: found.at,
          message: `${subject(service, found, `${ns.key}: host`)} ${ns.risk}. ${todo}`,
          fixes,
          anchors: ns.anchors,
        });
      }
    }
    return out;
  },
};

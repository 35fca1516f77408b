import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { valueOf } from '../model';

/** The flags Docker's packaged `docker.service` passes: `ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock`. */
const UNIT_FLAGS: Record<string, { flag: string; flagValue: string }> = {
  hosts: { flag: '-H fd://', flagValue: '[fd://]' },
  containerd: { flag: '--containerd=/run/containerd/containerd.sock', flagValue: '/run/containerd/containerd.sock' },
};

/** A JSON value as Go's `%v` prints the `interface{}` dockerd decoded it into (`[a b]`, `map[k:v]`). */
export function goFormat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (value === null) return '<nil>';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`;
  }
  return String(value);
}

export const daemonFlagConflict: Rule<DaemonContext> = {
  id: 'daemon-flag-conflict',
  kind: 'daemon',
  severity: 'info',
  title: 'Setting also given as a flag by the packaged systemd unit',
  rationale:
    "dockerd refuses to start when a setting is both a command-line flag and a daemon.json key. Docker's packaged systemd unit passes `-H fd://` and `--containerd=…`, so `hosts` or `containerd` in the file stop the daemon on a standard Linux install.",
  remedy: 'Remove the key, or drop the flag with a systemd drop-in (`ExecStart=` then `ExecStart=/usr/bin/dockerd`).',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    if (!model.root || model.platform !== 'linux') return out;
    for (const [key, unit] of Object.entries(UNIT_FLAGS)) {
      const prop = model.effective.get(key);
      // an object value is flattened away before dockerd compares file keys with flags
      if (!prop || prop.valueNode?.type === 'object') continue;
      const fromFile = goFormat(valueOf(prop.valueNode));
      // the flags the drop-in keeps: those whose setting is not in this file
      const kept = Object.entries(UNIT_FLAGS)
        .filter(([k]) => !model.effective.has(k))
        .map(([, u]) => ` ${u.flag}`)
        .join('');
      out.push({
        range: model.range(prop.keyNode.offset, prop.keyNode.offset + prop.keyNode.length),
        message:
          `Docker's packaged systemd unit starts dockerd with ${unit.flag}; with "${key}" also in daemon.json dockerd refuses to start: ` +
          `"the following directives are specified both as a flag and in the configuration file: ${key}: (from flag: ${unit.flagValue}, from file: ${fromFile})". ` +
          `Keep "${key}" here only with a drop-in that drops the flag (systemctl edit docker: [Service] ExecStart= then ExecStart=/usr/bin/dockerd${kept}), or remove "${key}" from this file.`,
      });
    }
    return out;
  },
};

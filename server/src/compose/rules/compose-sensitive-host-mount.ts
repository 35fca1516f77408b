import { isMap, isScalar } from 'yaml';
import type { Anchor, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { lineOf, nodeRange } from '../reportSite';
import { listItems } from '../serviceValues';
import { engineExposure, hostPath, mountOf, parseVolumeSpec, UNKNOWN, type Mount } from '../mounts';
import { interpolate } from '../interpolation';
import { judgeHostPath, shown, type MountAdvice, type Verdict } from '../../common/sensitiveHostPaths';

/** What to do instead, in Compose's terms. */
const ADVICE: MountAdvice = {
  ssh: "give the service a key of its own as a secret (`secrets:`), or forward an SSH agent's socket.",
  gpg: "give the service a key of its own as a secret (`secrets:`), or forward a GPG agent's socket.",
  engine:
    "for containers' metadata, logs or metrics use the engine's API through a filtering socket proxy, or a logging driver.",
  credentials: 'give the service credentials of its own as a secret (`secrets:`).',
  sockets: 'mount only the one socket the service needs.',
  narrow: (readOnly) =>
    `or mount only the file or directory the service needs${readOnly ? '' : ', read-only (`:ro`)'}.`,
  device: (own) =>
    `Pass the device the service needs with \`devices:\` and the fewest permissions, or remove the mount${own ? '' : ' where it is written'}.`,
};

const ANCHORS: Anchor[] = [
  { tool: 'docker-bench', id: '5.6' },
  { tool: 'kics', id: 'Volume Has Sensitive Host Directory' },
];

/** The variables whose value a rule may take as set: the home directory, which every shell Compose runs from sets. */
const HOME = (name: string) => (name === 'HOME' || name === 'USERPROFILE' ? '~' : undefined);

/** A top-level volume that the local driver binds to a host path (`driver_opts: {type: none, o: bind, device: …}`). */
function boundVolume(
  model: ComposeModel,
  name: string,
): { device: string; line: number; readOnly: boolean } | undefined {
  if (!isMap(model.yaml.contents) || !isMap(model.yaml.getIn(['volumes', name], true))) return undefined;
  const text = (path: string[]) => {
    const v = model.yaml.getIn(['volumes', name, ...path], true);
    return isScalar(v) && typeof v.value === 'string' ? { value: interpolate(v.value).value, node: v } : undefined;
  };
  const driver = text(['driver']);
  if (driver && driver.value !== 'local') return undefined;
  const o = text(['driver_opts', 'o']);
  const device = text(['driver_opts', 'device']);
  const options = o?.value.split(',').map((x) => x.trim()) ?? [];
  if (!device || !options.some((x) => x === 'bind' || x === 'rbind')) return undefined;
  return {
    device: interpolate(device.value, () => UNKNOWN, HOME).value,
    line: lineOf(model, device.node),
    readOnly: options.includes('ro'),
  };
}

/** The host paths a service's `devices` name (compose-devices reports those: not again here). */
function devicePaths(model: ComposeModel, service: ComposeService): Set<string> {
  const out = new Set<string>();
  for (const item of listItems(model, service, 'devices')) {
    const v = item.value;
    const source =
      typeof v === 'string' ? (parseVolumeSpec(v.trim())?.source ?? v.trim()) : (v as { source?: unknown })?.source;
    const path = typeof source === 'string' ? hostPath(source.trim()) : undefined;
    if (path) out.add(shown(path.root, path.parts));
  }
  return out;
}

export const composeSensitiveHostMount: Rule<ComposeContext> = {
  id: 'compose-sensitive-host-mount',
  kind: 'compose',
  severity: 'error',
  title: 'Sensitive host directory mounted',
  rationale:
    "A bind mount of the host's system directories (`/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/lib/modules`, `/root`) lets the container read the host's secrets and, writable, change what the host runs: root on the host. The engine's state (`/var/lib/docker`), users' SSH and GnuPG keys (`~/.ssh`, `~/.gnupg`) and their credential stores (`~/.docker`, `~/.aws`, `~/.kube`, `~/.git-credentials`, `~/.npmrc` ...) are secrets even read-only.",
  remedy:
    'Remove the mount, or mount only the file the service needs, read-only; give the service its own credentials as secrets.',
  guidance: ['Isolation: do not break isolation', 'Host: least privilege'],
  anchors: ANCHORS,
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      let devices: Set<string> | undefined;
      for (const item of listItems(model, service, 'volumes')) {
        // the engine's socket and the host's root are compose-docker-socket's
        const plain = mountOf(model, item);
        if (!plain || engineExposure(plain)) continue;
        const mount = mountOf(model, item, HOME);
        if (!mount || mount.type === 'npipe') continue;
        const found = sensitive(model, mount);
        if (!found) continue;
        if (found.device) {
          devices ??= devicePaths(model, service);
          if (devices.has(found.device)) continue;
        }
        const subject = item.own
          ? `Mounting \`${mount.written}\`${found.via}`
          : `Service \`${service.name}\` mounts \`${mount.written}\`${found.via}${item.via}, which`;
        out.push({
          range: item.own ? nodeRange(model, mount.node) : item.at,
          message: found.verdict.message(subject, item.own),
          severity: found.verdict.severity,
        });
      }
    }
    return out;
  },
};

/** The verdict on a mount: a bind mount's host path, or the path a named volume binds (local driver). */
function sensitive(model: ComposeModel, mount: Mount): { verdict: Verdict; via: string; device?: string } | undefined {
  let source = mount.source;
  let readOnly = mount.readOnly;
  let via = '';
  if (mount.type === 'volume') {
    const bound = boundVolume(model, source);
    if (!bound) return undefined;
    source = bound.device;
    readOnly ||= bound.readOnly;
    via = ` (volume \`${mount.source}\` binds the host's \`${bound.device.replace(/\0/g, '…')}\`, line ${bound.line})`;
  } else if (mount.type !== 'bind') return undefined;
  const path = hostPath(source);
  const verdict = path && judgeHostPath(path, readOnly, ADVICE);
  if (!path || !verdict) return undefined;
  const device =
    path.root === '/' && path.parts[0] === 'dev' && path.parts.length > 1 ? shown('/', path.parts) : undefined;
  return { verdict, via, device };
}

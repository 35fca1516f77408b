import type { Node } from 'jsonc-parser';
import { isFilePath, UNKNOWN, type HostMount } from '../common/hostMounts';
import { valueOf, type DevcontainerModel } from './model';

/**
 * What a devcontainer.json mounts: `mounts` (strings in `docker run --mount` syntax, or objects with `source`, `target`,
 * `type`), `workspaceMount`, and `runArgs`' `--mount` and `-v`/`--volume`. Its variables are the Dev Containers ones
 * (containers.dev/implementors/json_reference, "Variables in devcontainer.json"): `${localWorkspaceFolder}` is the
 * project, `${localEnv:HOME}` (and `USERPROFILE`, written beside it for Windows) the user's home; any other is unknown.
 */
export interface DevcontainerMount extends HostMount {
  /** The node a finding points at. */
  node: Node;
  /** What a message quotes: the host side as written (a spec's other fields may hold a volume driver's credentials). */
  written: string;
  /** Mounted read-only (`readonly`/`ro` in a --mount spec, `ro` among -v's options). */
  readOnly: boolean;
}

/** The user's home folder: `HOME` (Linux, macOS) or `USERPROFILE` (Windows), with or without a default. */
const HOME_VARIABLE = /^(localEnv|env):(HOME|USERPROFILE)(:.*)?$/;

/**
 * `${localWorkspaceFolder}` and friends as the rules compare host paths; `${localEnv:X}` unknown but the home folder.
 * Home variables that start the text are the home folder (`~`): one alone, or the portable
 * `${localEnv:HOME}${localEnv:USERPROFILE}`, where whichever is unset is empty. Only the Dev Containers variables are
 * replaced: `$HOME` and `${HOME}` stay as written (the CLI substitutes `${localEnv:…}`, and docker runs no shell).
 */
function expand(text: string): string {
  let homeEnd = 0;
  return text.replace(/\$\{([^${}]*)\}/g, (whole: string, name: string, offset: number) => {
    if (name === 'localWorkspaceFolder' || name === 'containerWorkspaceFolder') return '.';
    if (!HOME_VARIABLE.test(name)) return UNKNOWN;
    if (offset !== homeEnd) return UNKNOWN; // a home folder in the middle of a path: not one Bulkhead can place
    homeEnd = offset + whole.length;
    return offset === 0 ? '~' : '';
  });
}

/**
 * docker/cli opts/mount.go MountOpt.Set: comma-separated `key=value` fields (`src`/`source`, `dst`/`destination`/
 * `target`, `type`; a bare `readonly`), the type `volume` unless it says otherwise.
 */
export function parseMountSpec(spec: string): (HostMount & { written: string; readOnly: boolean }) | undefined {
  let type = 'volume';
  let source = '';
  let target = '';
  let readOnly = false;
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const name = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    // `readonly`/`ro` alone, or with a value strconv.ParseBool reads (mount.go: "readonly", "ro")
    if (name === 'readonly' || name === 'ro') {
      readOnly = eq < 0 || /^(1|t|true)$/i.test(field.slice(eq + 1).trim());
      continue;
    }
    if (eq < 0) continue;
    const key = name;
    const value = field.slice(eq + 1).trim();
    if (key === 'type') type = value.toLowerCase();
    else if (key === 'source' || key === 'src') source = value;
    else if (key === 'target' || key === 'destination' || key === 'dst') target = value;
  }
  if (type !== 'bind' && type !== 'volume' && type !== 'npipe') return undefined;
  return { type, source: expand(source), target: expand(target), written: source, readOnly };
}

/** `-v SOURCE:TARGET[:OPTIONS]` (a drive letter's colon kept: `C:\data:/data`); a name without a path is a volume. */
export function parseVolumeFlag(spec: string): (HostMount & { written: string; readOnly: boolean }) | undefined {
  const expanded = expand(spec);
  const drive = /^\p{L}:[\\/]/u.test(expanded) ? 2 : 0;
  const colon = expanded.indexOf(':', drive);
  if (colon < 0) return undefined; // an anonymous volume
  const source = expanded.slice(0, colon);
  const rest = expanded.slice(colon + 1);
  const targetEnd = rest.indexOf(':');
  const target = targetEnd < 0 ? rest : rest.slice(0, targetEnd);
  // the options after the target: `ro` among them (docker/cli volume spec: comma-separated)
  const readOnly =
    targetEnd >= 0 &&
    rest
      .slice(targetEnd + 1)
      .split(',')
      .some((o) => o.trim().toLowerCase() === 'ro');
  const type = isFilePath(source) || source.startsWith(UNKNOWN) ? 'bind' : 'volume';
  // what a message quotes: the host side as written (its options may hold a volume driver's credentials); the colons
  // of variables (`${localEnv:HOME}`) are not separators
  const masked = spec.replace(/\$\{[^${}]*\}/g, (v) => 'x'.repeat(v.length));
  const end = masked.indexOf(':', /^\p{L}:[\\/]/u.test(masked) ? 2 : 0);
  return { type, source, target, written: end < 0 ? spec : spec.slice(0, end), readOnly };
}

export function devcontainerMounts(model: DevcontainerModel): DevcontainerMount[] {
  const out: DevcontainerMount[] = [];
  const mounts = model.get('mounts')?.valueNode;
  for (const item of mounts?.type === 'array' ? (mounts.children ?? []) : []) {
    if (item.type === 'string') {
      const m = parseMountSpec(String(item.value));
      if (m) out.push({ ...m, node: item });
    } else if (item.type === 'object') {
      const v = valueOf(item) as { source?: unknown; target?: unknown; type?: unknown };
      if (typeof v.source !== 'string') continue;
      const type = typeof v.type === 'string' ? v.type.toLowerCase() : 'volume';
      if (type !== 'bind' && type !== 'volume') continue;
      out.push({
        type,
        source: expand(v.source),
        target: typeof v.target === 'string' ? expand(v.target) : '',
        node: item,
        written: v.source,
        // the specification's Mount object has no read-only field (devContainer.base.schema.json, Mount)
        readOnly: false,
      });
    }
  }
  const workspace = model.get('workspaceMount')?.valueNode;
  if (workspace?.type === 'string') {
    const m = parseMountSpec(String(workspace.value));
    if (m) out.push({ ...m, node: workspace });
  }
  for (const f of model.runArgs) {
    if (f.value === undefined || !f.valueNode) continue;
    const m = f.name === 'mount' ? parseMountSpec(f.value) : f.name === 'volume' ? parseVolumeFlag(f.value) : undefined;
    if (m) out.push({ ...m, node: f.valueNode });
  }
  return out;
}

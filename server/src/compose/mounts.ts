import { isMap, isScalar, Node } from 'yaml';
import type { ComposeModel } from './model';
import { lookupInMap, resolveAlias } from './model';
import { interpolate } from './interpolation';
import { verbatimStart } from './reportSite';
import { isTrue, type ListItem } from './serviceValues';
import { isFilePath, UNKNOWN } from '../common/hostMounts';

export { engineExposure, hostPath, UNKNOWN, type HostPath } from '../common/hostMounts';

/**
 * A service's `volumes` entries as Compose reads them: the short syntax split as compose-go's `ParseVolume` splits it
 * (compose-spec/compose-go `format/volume.go`, `loader/volume.go` before v2), the long syntax's `type`, `source`,
 * `read_only` and `bind.propagation`, every value interpolated first, as Compose interpolates the file before it
 * parses a volume. What the rules about mounts (the engine socket, sensitive host paths, mount propagation) share, so
 * they agree on what each entry mounts.
 */

/** The propagation modes compose-go's short syntax recognises (`types.Propagation*`); any other option is ignored. */
const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

export interface Mount {
  /** The long syntax (a mapping) rather than `SOURCE:TARGET[:MODE]`. */
  long: boolean;
  /**
   * `bind` for a host path (and the long syntax without a type), `npipe`, `volume` for a named volume, `unknown` for
   * a short-syntax source that starts with a variable Bulkhead has no value for (a path or a volume name).
   */
  type: string;
  /** The host side (a volume's name), interpolated; UNKNOWN for each variable without a value. */
  source: string;
  target: string;
  readOnly: boolean;
  /** The propagation mode in effect (the last one the short syntax names), with where it is written. */
  propagation?: Propagation;
  /** The node a finding about the mount points at: the entry (short syntax), or its `source` (long syntax). */
  node: Node;
  /** What messages quote: the entry (short syntax) or its `source` (long syntax), as written. */
  written: string;
}

export interface Propagation {
  value: string;
  /**
   * Its own scalar: the long syntax's `propagation` value (the entry when that comes from outside it, an anchor other
   * entries share), or the whole entry (short syntax).
   */
  node: Node;
  /** Document offsets of the option itself inside a short-syntax entry written verbatim (no variable in it). */
  span?: [number, number];
}

/** A short-syntax entry's fields (compose-go's `ServiceVolumeConfig`): undefined where Compose refuses the entry. */
export interface VolumeSpec {
  /** Absent for an anonymous volume (`/data`). */
  source?: string;
  target: string;
  /** The comma-separated options of the third field (`ro`, `rw`, `nocopy`, propagation, `z`/`Z`), as written. */
  options: string[];
}

/**
 * compose-go's `ParseVolume` on interpolated text: fields split at `:` (one after a single letter is a Windows drive's,
 * as in `C:\data`), a spec of one or two characters is an anonymous volume's target, and an empty field or a fourth
 * one is an error (undefined: Compose refuses the file, nothing runs).
 */
export function parseVolumeSpec(spec: string): VolumeSpec | undefined {
  const chars = [...spec];
  if (chars.length === 0) return undefined;
  if (chars.length <= 2) return { target: spec, options: [] };
  let source: string | undefined;
  let target: string | undefined;
  let options: string[] = [];
  let buffer: string[] = [];
  for (let i = 0; i <= chars.length; i++) {
    const end = i === chars.length;
    const c = chars[i];
    // (the Unicode letter class is built when first needed, not when the CLI loads: issue 21)
    if (!end && c === ':' && buffer.length === 1 && /^\p{L}$/u.test(buffer[0])) {
      buffer.push(c); // a Windows drive
      continue;
    }
    if (!end && c !== ':') {
      buffer.push(c);
      continue;
    }
    const field = buffer.join('');
    buffer = [];
    if (!field) return undefined; // "empty section between colons"
    if (source === undefined && end) target = field;
    else if (source === undefined) source = field;
    else if (target === undefined) target = field;
    else if (!end)
      return undefined; // "too many colons"
    else options = field.split(',');
  }
  return source === undefined ? { target: target ?? '', options } : { source, target: target ?? '', options };
}

/** A value with the defaults of its variables applied, UNKNOWN for each variable without one (or `known`'s value). */
function interpolated(text: string, known?: (name: string) => string | undefined): string {
  return interpolate(text, () => UNKNOWN, known).value;
}

/** Whether `inner` lies within `outer` in the document (where a finding about an own entry may point). */
function within(inner: Node | null | undefined, outer: Node): inner is Node {
  const a = inner?.range;
  const b = outer.range;
  return !!a && !!b && a[0] >= b[0] && a[1] <= b[1];
}

/**
 * What a `volumes` entry mounts; undefined for tmpfs, cluster and image mounts and for entries Compose refuses.
 * `known` gives the values of variables a rule takes as set (HOME), the others stay UNKNOWN.
 */
export function mountOf(
  model: ComposeModel,
  item: ListItem,
  known?: (name: string) => string | undefined,
): Mount | undefined {
  if (typeof item.value === 'string') return shortMount(model, item, item.value.trim(), known);
  const map = resolveAlias(model.yaml, item.node);
  if (!map || !isMap(map) || !item.value || typeof item.value !== 'object') return undefined;
  const v = item.value as { type?: unknown; source?: unknown; target?: unknown; read_only?: unknown; bind?: unknown };
  const type = typeof v.type === 'string' ? interpolated(v.type.trim()) : v.type === undefined ? 'bind' : '';
  // a named volume: the rules that read one see where its driver binds it (compose-sensitive-host-mount)
  if (type !== 'bind' && type !== 'npipe' && type !== 'volume') return undefined;
  if (typeof v.source !== 'string') return undefined;
  // own pairs, then merge keys (`<<: *a`, `<<: [*a, *b]`), cycles skipped and depth bounded
  const sourceNode = lookupInMap(model.yaml, map, 'source')?.pair.value as Node | null | undefined;
  const bind = lookupInMap(model.yaml, map, 'bind')?.pair.value;
  const bindMap = bind ? resolveAlias(model.yaml, bind) : null;
  const propagationNode =
    bindMap && isMap(bindMap)
      ? (lookupInMap(model.yaml, bindMap, 'propagation')?.pair.value as Node | null | undefined)
      : null;
  const propagationValue = isScalar(propagationNode) ? propagationNode.value : undefined;
  return {
    long: true,
    type,
    source: interpolated(v.source.trim(), known),
    target: typeof v.target === 'string' ? interpolated(v.target.trim()) : '',
    readOnly: isTrue(v.read_only),
    propagation:
      type === 'bind' && typeof propagationValue === 'string' && propagationNode
        ? // a value from an anchor shared by other entries is reported (without a fix) at the entry that uses it
          {
            value: interpolated(propagationValue.trim()),
            node: within(propagationNode, item.node) ? propagationNode : item.node,
          }
        : undefined,
    node: within(sourceNode, item.node) ? sourceNode : item.node,
    written: v.source.trim(),
  };
}

function shortMount(
  model: ComposeModel,
  item: ListItem,
  written: string,
  known?: (name: string) => string | undefined,
): Mount | undefined {
  const spec = parseVolumeSpec(interpolated(written, known));
  if (!spec?.source) return undefined; // an anonymous volume, or an entry Compose refuses
  let readOnly = false;
  let propagation: Propagation | undefined;
  // where the options start in the document, when the entry is written as Compose reads it (no variable in it)
  const valueStart = written.includes('$') ? undefined : verbatimStart(model, item.node);
  let at =
    valueStart === undefined
      ? undefined
      : valueStart + (item.value as string).indexOf(written) + written.length - spec.options.join(',').length;
  for (const option of spec.options) {
    if (option === 'ro') readOnly = true;
    else if (option === 'rw') readOnly = false;
    // the last propagation mode named wins (compose-go sets it for each)
    else if (PROPAGATIONS.has(option))
      propagation = { value: option, node: item.node, span: at === undefined ? undefined : [at, at + option.length] };
    if (at !== undefined) at += option.length + 1;
  }
  const type = spec.source.startsWith(UNKNOWN) ? 'unknown' : isFilePath(spec.source) ? 'bind' : 'volume';
  return {
    long: false,
    type,
    source: spec.source,
    target: spec.target,
    readOnly,
    propagation,
    node: item.node,
    written,
  };
}

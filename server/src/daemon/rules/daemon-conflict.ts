import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonModel, JsonProperty } from '../model';
import { valueOf, propertiesOf } from '../model';
import { replaceNode } from '../edits';
import { tlsSetup } from '../cis';
import { keyRange, quoted, removeKeyFix, suggest, workingProperties } from '../validity';

/** The property and value of a key whose name and type are fine (other problems are the other rules'). */
function setting(model: DaemonModel, key: string): { prop: JsonProperty; value: unknown } | undefined {
  const w = workingProperties(model).find((x) => x.prop.key === key);
  return w ? { prop: w.prop, value: valueOf(w.prop.valueNode) } : undefined;
}

function isFalse(model: DaemonModel, key: string): boolean {
  return setting(model, key)?.value === false;
}

function isTrue(model: DaemonModel, key: string): boolean {
  return setting(model, key)?.value === true;
}

function nonEmptyString(model: DaemonModel, key: string): { prop: JsonProperty; value: string } | undefined {
  const s = setting(model, key);
  return s && typeof s.value === 'string' && s.value !== '' ? { prop: s.prop, value: s.value } : undefined;
}

/** dockerd's own runtime names: runc on Linux, the two Windows shims. */
const BUILT_IN_RUNTIMES = { linux: ['runc'], windows: ['com.docker.hcsshim.v1', 'io.containerd.runhcs.v1'] };

/** containerd's default plugins namespace for dockerd; daemon.json cannot change it (containerd-plugins-namespace is ignored). */
const PLUGINS_NAMESPACE = 'plugins.moby';

export const daemonConflict: Rule<DaemonContext> = {
  id: 'daemon-conflict',
  kind: 'daemon',
  severity: 'error',
  title: 'Settings that contradict each other',
  rationale:
    'Some settings are valid alone but not together (`icc: false` without iptables, `bridge` with `bip`, a `default-runtime` that is not defined ...): dockerd checks them at start and refuses to run.',
  remedy: 'Change one of the two settings, as the message says.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Remove the deprecated host-gateway-ip', 'Use the suggested runtime name'],
  fixSafety: 'safe',
  check({ model }) {
    if (!model.root) return [];
    return [
      ...(model.platform === 'linux'
        ? [...iccWithoutFirewall(model), ...bridgeWithBip(model), ...cgroupParentSlice(model)]
        : []),
      ...hostGatewayBoth(model),
      ...defaultRuntime(model),
      ...namespaces(model),
      ...criWithEmbeddedContainerd(model),
      ...tlsWithoutCertificate(model),
    ];
  },
};

function iccWithoutFirewall(model: DaemonModel): Report[] {
  if (!isFalse(model, 'icc')) return [];
  const out: Report[] = [];
  for (const table of ['iptables', 'ip6tables'] as const) {
    if (!isFalse(model, table) || (table === 'ip6tables' && !isTrue(model, 'ipv6'))) continue;
    const prop = setting(model, table)!.prop;
    out.push({
      range: keyRange(model, prop),
      message: `"icc": false is enforced with ${table} rules, and "${table}" is false: dockerd refuses to start with "You specified --${table}=false with --icc=false. ICC=false uses ${table} to function. Please set --icc or --${table} to true". Remove "${table}": false (the secure choice, CIS 2.4) or drop "icc": false.`,
    });
    break; // dockerd stops at the first
  }
  return out;
}

function bridgeWithBip(model: DaemonModel): Report[] {
  if (!nonEmptyString(model, 'bridge')) return [];
  const out: Report[] = [];
  for (const key of ['bip', 'bip6']) {
    const bip = nonEmptyString(model, key);
    if (!bip) continue;
    out.push({
      range: keyRange(model, bip.prop),
      message: `"bridge" and "${key}" are mutually exclusive: dockerd refuses to start with "You specified -b & --${key}, mutually exclusive options. Please specify only one". "${key}" configures the default docker0 bridge; with your own "bridge" interface, set its address on the interface and remove "${key}".`,
    });
  }
  return out;
}

/** host-gateway-ip (deprecated) and host-gateway-ips together: refused from Engine 28. */
function hostGatewayBoth(model: DaemonModel): Report[] {
  const old = model.effective.get('host-gateway-ip');
  const list = model.effective.get('host-gateway-ips');
  if (model.version < 28 || !old || !list) return [];
  const value = valueOf(old.valueNode);
  const listed = valueOf(list.valueNode);
  const fixes: Fix[] = [];
  // removing the old key is safe when the list already holds its address
  if (Array.isArray(listed) && listed.includes(value))
    fixes.push(removeKeyFix(model, old, { title: 'Remove the deprecated "host-gateway-ip"', preferred: true }));
  return [
    {
      range: keyRange(model, old),
      message: `dockerd refuses to start with "host-gateway-ip and host-gateway-ips must not both be specified in the config file". "host-gateway-ip" is the deprecated form: put its address into "host-gateway-ips" and remove it.`,
      fixes,
    },
  ];
}

/**
 * A containerd shim name (`io.containerd.runsc.v1`) is accepted as a runtime too (dockerd passes any name with a dot
 * and no slash to containerd). Decision: those are not reported.
 */
function isShimName(name: string): boolean {
  return name.includes('.') && !name.includes('/') && !name.startsWith('.');
}

function defaultRuntime(model: DaemonModel): Report[] {
  const def = nonEmptyString(model, 'default-runtime');
  if (!def) return [];
  const runtimes = model.platform === 'linux' ? setting(model, 'runtimes') : undefined;
  const defined =
    runtimes?.prop.valueNode?.type === 'object' ? propertiesOf(runtimes.prop.valueNode).map((p) => p.key) : [];
  const known = [...BUILT_IN_RUNTIMES[model.platform], ...defined];
  if (known.includes(def.value) || (model.platform === 'linux' && isShimName(def.value))) return [];
  const node = def.prop.valueNode!;
  const range = model.range(node.offset, node.offset + node.length);
  const s = suggest(def.value, known);
  const mean = s.length ? ` Did you mean ${quoted(s)}?` : '';
  const fixes: Fix[] = s.map((v) => ({ title: `Write "${v}"`, edits: [replaceNode(model, node, JSON.stringify(v))] }));
  if (model.platform === 'windows') {
    return [
      {
        range,
        message: `"${def.value}" is not a Windows runtime: dockerd on Windows runs ${quoted(BUILT_IN_RUNTIMES.windows)} only, and refuses to start.${mean}`,
        fixes,
      },
    ];
  }
  return [
    {
      range,
      message: `dockerd refuses to start with "specified default runtime '${def.value}' does not exist": the default runtime must be runc or a name defined under "runtimes"${defined.length ? ` (${quoted(defined)})` : ''}.${mean}${!s.length ? ' Define it under "runtimes" or remove "default-runtime".' : ''}`,
      fixes,
    },
  ];
}

function namespaces(model: DaemonModel): Report[] {
  const ns = nonEmptyString(model, 'containerd-namespace');
  if (ns?.value !== PLUGINS_NAMESPACE) return [];
  const node = ns.prop.valueNode!;
  return [
    {
      range: model.range(node.offset, node.offset + node.length),
      message: `"${PLUGINS_NAMESPACE}" is the namespace dockerd keeps for plugins: it refuses to start with "containers namespace and plugins namespace cannot be the same". Use another name (the default is "moby").`,
    },
  ];
}

function criWithEmbeddedContainerd(model: DaemonModel): Report[] {
  if (model.version < 29 || !isTrue(model, 'cri-containerd')) return [];
  const features = setting(model, 'features');
  const embedded =
    features?.prop.valueNode?.type === 'object'
      ? propertiesOf(features.prop.valueNode)
          .filter((p) => p.key === 'embedded-containerd')
          .pop()
      : undefined;
  if (valueOf(embedded?.valueNode) !== true) return [];
  return [
    {
      range: keyRange(model, setting(model, 'cri-containerd')!.prop),
      message:
        '"cri-containerd": true conflicts with features "embedded-containerd": true in Engine 29, and dockerd refuses the combination. Turn one of them off (for CRI, run containerd separately).',
    },
  ];
}

/** With the systemd cgroup driver, cgroup-parent must name a slice. */
function cgroupParentSlice(model: DaemonModel): Report[] {
  const parent = nonEmptyString(model, 'cgroup-parent');
  if (!parent) return [];
  const opts = setting(model, 'exec-opts')?.value;
  const systemd =
    Array.isArray(opts) &&
    opts.some((o) => {
      if (typeof o !== 'string' || !o.includes('=')) return false;
      const [k, v] = [
        o.slice(0, o.indexOf('=')).trim().toLowerCase(),
        o
          .slice(o.indexOf('=') + 1)
          .trim()
          .toLowerCase(),
      ];
      return k === 'native.cgroupdriver' && v === 'systemd';
    });
  if (!systemd || (parent.value.length > 6 && parent.value.endsWith('.slice'))) return [];
  const node = parent.prop.valueNode!;
  return [
    {
      range: model.range(node.offset, node.offset + node.length),
      message: `With "native.cgroupdriver=systemd", dockerd refuses to start with "cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"". Name a systemd slice (e.g. "docker.slice"), or remove "cgroup-parent".`,
    },
  ];
}

/**
 * TLS turned on in the file without a certificate and key: dockerd loads the pair when it sets up the API
 * (newAPIServerTLSConfig, daemon/command/daemon.go line 916 at docker-v29.7.2, cmd/dockerd/daemon.go line 772 at
 * v27.5.1) with go-connections tlsconfig.Server (tls.LoadX509KeyPair: an empty path is "open : no such file or
 * directory"), and stops. Whatever "hosts" holds: a Unix socket gets TLS too.
 */
function tlsWithoutCertificate(model: DaemonModel): Report[] {
  const t = tlsSetup(model);
  if (!t.on || !t.by || (t.cert.trim() && t.key.trim())) return [];
  const missing = [t.cert.trim() ? '' : '"tlscert"', t.key.trim() ? '' : '"tlskey"'].filter(Boolean);
  const turnedOn =
    t.by.key === 'tlsverify'
      ? `"tlsverify" turns TLS on whatever its value`
      : `"tls": true turns TLS on${t.verify ? ' and, with no "tlsverify", client certificate verification too' : ''}`;
  return [
    {
      range: keyRange(model, t.by),
      message: `${turnedOn}, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: dockerd refuses to start with "invalid TLS configuration: could not load X509 key pair (cert: ${JSON.stringify(t.cert)}, key: ${JSON.stringify(t.key)}): open : no such file or directory"${t.cert.trim() ? ' (once the certificate file is read)' : ''}. The $DOCKER_CERT_PATH and ~/.docker defaults apply only to TLS turned on on the command line. Set "tlscert" and "tlskey" (and "tlscacert", the CA client certificates must be signed by), or remove "${t.by.key}".`,
    },
  ];
}

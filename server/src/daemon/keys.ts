/**
 * The daemon.json key table for Docker Engine 27, 28 and 29: the one place the schema, hovers, key sets and rules
 * read what dockerd knows about a key.
 *
 * Facts come from moby's source at v27.5.1, v28.5.2 and docker-v29.7.2 (config structs, flag registration,
 * `getConflictFreeConfiguration`, `Validate`, `verifyDaemonSettings`), docker/cli docs and the CIS Docker Benchmark
 * (see shared/reference/daemon-json-keys.md). A comment "inferred from source" marks a fact read from the code but
 * not confirmed against a running dockerd.
 *
 * Versions: `since`/`removedIn`/`deprecatedIn` are Engine releases ("28.2"); the table is used per major version
 * (27, 28, 29), so a key added in 28.2 counts as available in 28 (see `versionAtLeast`).
 */
import type {
  DaemonKey,
  EngineVersion,
  IgnoredSpelling,
  NestedField,
  Platform,
  RejectedField,
  RemovedKey,
} from './keyTypes';
import { lazy } from '../common/memo';

const BOTH: readonly Platform[] = ['linux', 'windows'];
const LINUX: readonly Platform[] = ['linux'];
const WINDOWS: readonly Platform[] = ['windows'];

const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Log drivers and their options
// ---------------------------------------------------------------------------------------------------------------

export interface LogDriver {
  name: string;
  platforms: readonly Platform[];
  /** Ships logs off the host (CIS 2.13 "centralized and remote logging"). journald stays in the host journal. */
  remote: boolean;
  description: string;
}

/** The built-in logging drivers (a logging plugin's name is valid too). */
export const LOG_DRIVERS: readonly LogDriver[] = [
  {
    name: 'json-file',
    platforms: BOTH,
    remote: false,
    description: 'JSON lines in a file per container (the default).',
  },
  { name: 'local', platforms: BOTH, remote: false, description: 'Compact, rotated local files per container.' },
  {
    name: 'journald',
    platforms: LINUX,
    remote: false,
    description: 'The host systemd journal (forward it off the host to count as remote).',
  },
  {
    name: 'syslog',
    platforms: BOTH,
    remote: true,
    description: 'A syslog server (local or remote, optionally over TLS).',
  },
  {
    name: 'gelf',
    platforms: BOTH,
    remote: true,
    description: 'Graylog Extended Log Format endpoint (Graylog, Logstash).',
  },
  { name: 'fluentd', platforms: BOTH, remote: true, description: 'A Fluentd or Fluent Bit collector.' },
  { name: 'awslogs', platforms: BOTH, remote: true, description: 'Amazon CloudWatch Logs.' },
  { name: 'splunk', platforms: BOTH, remote: true, description: 'Splunk HTTP Event Collector.' },
  { name: 'gcplogs', platforms: BOTH, remote: true, description: 'Google Cloud Logging.' },
  { name: 'etwlogs', platforms: WINDOWS, remote: false, description: 'Event Tracing for Windows.' },
  { name: 'none', platforms: BOTH, remote: false, description: 'No logs are kept; docker logs shows nothing.' },
];

/** Options every driver accepts: delivery mode (`max-buffer-size` needs `mode: non-blocking`). */
const GENERIC_LOG_OPTS = ['mode', 'max-buffer-size'] as const;
/** Dual-logging cache options, accepted for every driver (dockerd filters them out before the driver's own check). */
const CACHE_LOG_OPTS = ['cache-disabled', 'cache-max-size', 'cache-max-file', 'cache-compress'] as const;
/** Metadata options shared by most drivers. */
const META_LOG_OPTS = ['tag', 'labels', 'labels-regex', 'env', 'env-regex'] as const;

/**
 * `log-opts` keys each driver accepts; dockerd refuses others with "unknown log opt 'x' for <driver> log driver".
 * json-file, local, syslog, gelf and fluentd follow moby's source (§1.5 of the facts). The awslogs, splunk, gcplogs,
 * journald and etwlogs lists come from the docs.docker.com logging driver pages (engine/logging/drivers/<driver>).
 * Removed options are in REMOVED_LOG_OPTS, not here.
 */
export const LOG_OPTS: Readonly<Record<string, readonly string[]>> = {
  'json-file': [...GENERIC_LOG_OPTS, ...CACHE_LOG_OPTS, 'max-size', 'max-file', 'compress', ...META_LOG_OPTS],
  local: [...GENERIC_LOG_OPTS, ...CACHE_LOG_OPTS, 'max-size', 'max-file', 'compress'],
  journald: [...GENERIC_LOG_OPTS, ...CACHE_LOG_OPTS, ...META_LOG_OPTS],
  syslog: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'syslog-address',
    'syslog-facility',
    'syslog-tls-ca-cert',
    'syslog-tls-cert',
    'syslog-tls-key',
    'syslog-tls-skip-verify',
    'syslog-format',
    ...META_LOG_OPTS,
  ],
  gelf: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'gelf-address',
    'gelf-compression-type',
    'gelf-compression-level',
    'gelf-tcp-max-reconnect',
    'gelf-tcp-reconnect-delay',
    ...META_LOG_OPTS,
  ],
  fluentd: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'fluentd-address',
    'fluentd-async',
    'fluentd-async-reconnect-interval',
    'fluentd-buffer-limit',
    'fluentd-max-retries',
    'fluentd-request-ack',
    'fluentd-retry-wait',
    'fluentd-sub-second-precision',
    'fluentd-write-timeout',
    ...META_LOG_OPTS,
  ],
  awslogs: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'awslogs-region',
    'awslogs-endpoint',
    'awslogs-group',
    'awslogs-stream',
    'awslogs-create-group',
    'awslogs-create-stream',
    'awslogs-datetime-format',
    'awslogs-multiline-pattern',
    'awslogs-credentials-endpoint',
    'awslogs-force-flush-interval-seconds',
    'awslogs-max-buffered-events',
    'awslogs-format',
    'tag',
  ],
  splunk: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'splunk-token',
    'splunk-url',
    'splunk-source',
    'splunk-sourcetype',
    'splunk-index',
    'splunk-capath',
    'splunk-caname',
    'splunk-insecureskipverify',
    'splunk-format',
    'splunk-verify-connection',
    'splunk-gzip',
    'splunk-gzip-level',
    'splunk-index-acknowledgment',
    ...META_LOG_OPTS,
  ],
  gcplogs: [
    ...GENERIC_LOG_OPTS,
    ...CACHE_LOG_OPTS,
    'gcp-project',
    'gcp-log-cmd',
    'gcp-meta-zone',
    'gcp-meta-name',
    'gcp-meta-id',
    'labels',
    'labels-regex',
    'env',
    'env-regex',
  ],
  // etwlogs documents no options of its own.
  etwlogs: [...GENERIC_LOG_OPTS, ...CACHE_LOG_OPTS],
  // none keeps nothing, so options are meaningless.
  none: [...GENERIC_LOG_OPTS, ...CACHE_LOG_OPTS],
};

/**
 * Drivers whose options dockerd does not check (no option validator is registered, or validation is skipped):
 * an unknown option there is useless but not fatal. Plugins are not checked either.
 * (inferred from source: daemon/logger/factory.go ValidateLogOpts; etwlogs registers no validator)
 */
export const UNCHECKED_LOG_DRIVERS: readonly string[] = ['none', 'etwlogs'];

export interface RemovedLogOpt {
  driver: string;
  key: string;
  deprecatedIn?: string;
  removedIn: string;
  replacement?: string;
}

export const REMOVED_LOG_OPTS: readonly RemovedLogOpt[] = [
  {
    driver: 'fluentd',
    key: 'fluentd-async-connect',
    deprecatedIn: '20.10',
    removedIn: '28.0',
    replacement: 'fluentd-async',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Other value tables
// ---------------------------------------------------------------------------------------------------------------

/** Names `default-ulimits` accepts (go-units). */
export const ULIMIT_NAMES: readonly string[] = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
];

export interface KnownFeature {
  name: string;
  since: string;
  platforms: readonly Platform[];
  description: string;
  /** Set when the feature is on its way out. */
  deprecated?: string;
}

/** Keys of `features` dockerd reads. It does not check the names, so a misspelt one is silently ignored. */
export const KNOWN_FEATURES: readonly KnownFeature[] = [
  {
    name: 'containerd-snapshotter',
    since: '27',
    platforms: BOTH,
    description: 'Use the containerd image store and snapshotters instead of the classic storage drivers.',
  },
  {
    name: 'cdi',
    since: '27',
    platforms: LINUX,
    description: 'Container Device Interface support for --device requests; false disables CDI.',
  },
  {
    name: 'buildkit',
    since: '27',
    platforms: BOTH,
    description:
      'Whether the daemon advertises BuildKit as the default builder; false makes clients use the legacy builder.',
  },
  {
    name: 'windows-dns-proxy',
    since: '27',
    platforms: WINDOWS,
    description: 'Windows: containers forward DNS queries they cannot answer to the host resolvers through the daemon.',
    deprecated: 'Slated for removal: the behaviour it switches becomes the only one.',
  },
  // The four Engine 29 features: names from the facts file, descriptions from their names and the 29 release notes.
  {
    name: 'embedded-containerd',
    since: '29',
    platforms: LINUX,
    description: 'Run containerd embedded in the daemon; conflicts with cri-containerd.',
  },
  {
    name: 'swarm-nftables',
    since: '29',
    platforms: LINUX,
    description: 'Let Swarm mode networking use the nftables firewall backend.',
  },
  {
    name: 'containerd-migration',
    since: '29',
    platforms: LINUX,
    description: 'Migrate images from the storage-driver store into the containerd image store.',
  },
  { name: 'time-namespaces', since: '29', platforms: LINUX, description: 'Give containers their own time namespace.' },
];

/** `storage-opts` keys per storage driver (prefixes name the driver). */
export const STORAGE_OPTS: Readonly<Record<string, readonly string[]>> = {
  overlay2: ['overlay2.size'],
  btrfs: ['btrfs.min_space'],
  zfs: ['zfs.fsname'],
  vfs: ['size'],
  'fuse-overlayfs': [],
  windowsfilter: ['size'],
};

/** The driver a `storage-opts` key belongs to, by its prefix. */
export const STORAGE_OPT_PREFIXES: Readonly<Record<string, string>> = {
  'overlay2.': 'overlay2',
  'btrfs.': 'btrfs',
  'zfs.': 'zfs',
  'dm.': 'devicemapper',
};

export interface RemovedStorageOpt {
  /** The option key, or a prefix when `prefix` is true. */
  match: string;
  prefix: boolean;
  removedIn: string;
  explanation: string;
}

export const REMOVED_STORAGE_OPTS: readonly RemovedStorageOpt[] = [
  {
    match: 'dm.',
    prefix: true,
    removedIn: '25.0',
    explanation: 'The devicemapper storage driver and its dm.* options were removed in Engine 25.0.',
  },
  {
    match: 'overlay2.override_kernel_check',
    prefix: false,
    removedIn: '24.0',
    explanation: 'Removed in Engine 24.0: overlay2 checks the kernel itself.',
  },
];

/** `builder.gc.policy[].filter` keys (`unused-for` is a deprecated synonym of `until`). */
export const BUILDER_GC_FILTER_KEYS: readonly string[] = [
  'type',
  'id',
  'parent',
  'description',
  'inuse',
  'shared',
  'private',
  'until',
  'unused-for',
];

// ---------------------------------------------------------------------------------------------------------------
// Nested shapes
// ---------------------------------------------------------------------------------------------------------------

export const PROXIES_FIELDS: readonly NestedField[] = [
  { key: 'http-proxy', type: 'string', description: 'Proxy URL for HTTP requests of the daemon.' },
  { key: 'https-proxy', type: 'string', description: 'Proxy URL for HTTPS requests of the daemon.' },
  {
    key: 'no-proxy',
    type: 'string',
    description: 'Comma-separated hosts, domains and CIDRs reached without the proxy.',
  },
];

export const NRI_OPTS_FIELDS: readonly NestedField[] = [
  { key: 'enable', type: 'boolean', description: 'Turn NRI support on.' },
  { key: 'plugin-path', type: 'string', description: 'Directory of NRI plugins started by the daemon.' },
  { key: 'plugin-config-path', type: 'string', description: "Directory of the NRI plugins' configuration files." },
  { key: 'socket-path', type: 'string', description: 'Socket on which externally started NRI plugins connect.' },
];

export const RUNTIME_FIELDS: readonly NestedField[] = [
  { key: 'path', type: 'string', description: 'Path of an OCI runtime binary (not with runtimeType).' },
  { key: 'runtimeArgs', type: 'string-array', description: 'Arguments passed to the binary (only with path).' },
  {
    key: 'runtimeType',
    type: 'string',
    description: 'containerd shim name, e.g. io.containerd.runc.v2 (not with path).',
  },
  { key: 'options', type: 'object', description: 'Shim-specific options (only with runtimeType).' },
];

export const ADDRESS_POOL_FIELDS: readonly NestedField[] = [
  { key: 'base', type: 'string', description: 'CIDR the pool is carved from, e.g. 10.10.0.0/16.' },
  {
    key: 'size',
    type: 'integer',
    description: 'Prefix length of each network taken from the pool; at least the prefix length of base.',
  },
];

/** Field names are matched case-insensitively by dockerd; the canonical spelling is capitalised. */
export const ULIMIT_FIELDS: readonly NestedField[] = [
  {
    key: 'Name',
    type: 'string',
    description: 'The ulimit name; should equal the key it is under.',
    values: ULIMIT_NAMES,
  },
  { key: 'Hard', type: 'integer', description: 'Hard limit (int64).' },
  { key: 'Soft', type: 'integer', description: 'Soft limit (int64), not above Hard.' },
];

const GC_POLICY_FIELDS: readonly NestedField[] = [
  { key: 'all', type: 'boolean', description: 'The rule applies to all cache records, not only unused ones.' },
  {
    key: 'filter',
    type: 'string-array',
    description:
      'Filters (type=, id=, parent=, description=, inuse, shared, private, until=48h): records the rule prunes. Use until= for a keep duration.',
  },
  { key: 'reservedSpace', type: 'string', since: '28', description: 'Space always kept for the cache, e.g. "10GB".' },
  { key: 'maxUsedSpace', type: 'string', since: '28', description: 'Cache size above which the rule prunes.' },
  { key: 'minFreeSpace', type: 'string', since: '28', description: 'Free disk space below which the rule prunes.' },
  {
    key: 'keepStorage',
    type: 'string',
    deprecatedIn: '28',
    replacement: 'reservedSpace',
    description: 'Deprecated alias of reservedSpace.',
  },
];

/**
 * `builder`, v28/v29 shape. dockerd does not check these keys and matches them case-insensitively. `keepDuration`
 * (in the official example) is NOT a field: dockerd ignores it; a keep duration is `filter: ["until=48h"]`
 * (inferred from source: daemon/config/builder.go, builder-next/controller.go getGCPolicy).
 */
export const BUILDER_FIELDS: readonly NestedField[] = [
  {
    key: 'gc',
    type: 'object',
    description: 'Garbage collection of the build cache.',
    fields: [
      {
        key: 'enabled',
        type: 'boolean',
        description: 'Run build-cache GC (default true from 28 when omitted; false in 27).',
      },
      {
        key: 'defaultReservedSpace',
        type: 'string',
        since: '28',
        description: 'Space kept for the cache by the default policy, e.g. "10GB".',
      },
      {
        key: 'defaultMaxUsedSpace',
        type: 'string',
        since: '28',
        description: 'Cache size above which the default policy prunes.',
      },
      {
        key: 'defaultMinFreeSpace',
        type: 'string',
        since: '28',
        description: 'Free disk space below which the default policy prunes.',
      },
      {
        key: 'defaultKeepStorage',
        type: 'string',
        deprecatedIn: '28',
        replacement: 'defaultReservedSpace',
        description: 'Deprecated alias of defaultReservedSpace.',
      },
      {
        key: 'policy',
        type: 'object-array',
        description: 'GC rules, applied in order (replace the default policy).',
        fields: GC_POLICY_FIELDS,
      },
    ],
  },
  {
    key: 'entitlements',
    type: 'object',
    description: 'Which privileged build options builds may be granted.',
    fields: [
      { key: 'network-host', type: 'boolean', description: 'Allow RUN --network=host.' },
      {
        key: 'security-insecure',
        type: 'boolean',
        description: 'Allow RUN --security=insecure (privileged build steps).',
      },
      { key: 'device', type: 'boolean', since: '29', description: 'Allow builds to request devices (CDI).' },
    ],
  },
  {
    key: 'history',
    type: 'object',
    description: 'Retention of build history records.',
    fields: [
      { key: 'maxAge', type: 'string', description: 'Age after which records are deleted, e.g. "48h".' },
      { key: 'maxEntries', type: 'integer', description: 'Number of records kept.' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The key table
// ---------------------------------------------------------------------------------------------------------------

const WINDOWS_REJECTS_IT =
  'Registered as a Linux-only flag: a Windows daemon should reject it as unknown, although the official Windows example contains it (inferred from source: config_unix.go).';

/**
 * Every top-level key that takes effect in some Engine 27–29 release, in the order of the facts table (§1.6). Made on
 * first use: a Dockerfile check never asks for it (issue 21).
 */
export const daemonKeys = lazy((): readonly DaemonKey[] => [
  {
    key: 'authorization-plugins',
    type: 'string-array',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--authorization-plugin',
    reload: true,
    cis: {
      id: '2.12',
      title: 'Ensure that authorization for Docker client commands is enabled',
      secure: 'non-empty (an authorization plugin configured)',
    },
    description: 'Authorization plugins that allow or deny each Docker API request.',
    security: 'Without one, anyone who can reach the daemon socket has full control of the host.',
    goType: '[]string',
    goPath: 'CommonConfig',
    notes: [
      'On reload, an entry that fails validation is fatal: dockerd logs "Error validating authorization plugin" and exits.',
      'Install and start the plugin before dockerd uses it.',
    ],
  },
  {
    key: 'bridge',
    type: 'string',
    default: '"" (docker0; Windows: nat)',
    platforms: BOTH,
    since: '27',
    flag: '-b, --bridge',
    reload: false,
    description: 'Existing interface the default bridge network attaches to; "none" disables the default bridge.',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig.commonBridgeConfig',
    notes: [
      'Mutually exclusive with bip and bip6: "You specified -b & --bip, mutually exclusive options. Please specify only one".',
    ],
  },
  {
    key: 'builder',
    type: 'object',
    default: '{} (build-cache GC enabled from 28; in 27 gc.enabled defaults to false)',
    platforms: BOTH,
    since: '27',
    reload: false,
    description: 'BuildKit settings: build-cache garbage collection, entitlements and build history.',
    security: 'entitlements.security-insecure: true lets builds run privileged steps.',
    goType: 'config.BuilderConfig',
    goPath: 'CommonConfig',
    notes: [
      'dockerd does not check the keys inside builder and matches them case-insensitively: a misspelt field is silently ignored.',
      'keepDuration (used in the official example) is not a field; express the age as filter ["until=48h"]. (inferred from source)',
      'The gc fields changed in 28: reservedSpace, maxUsedSpace and minFreeSpace replace keepStorage.',
    ],
  },
  {
    key: 'cdi-spec-dirs',
    type: 'string-array',
    format: 'path',
    default: '["/etc/cdi", "/var/run/cdi"]',
    platforms: BOTH,
    since: '27',
    flag: '--cdi-spec-dir',
    reload: false,
    description: 'Directories searched for Container Device Interface (CDI) specs; [""] disables CDI.',
    security: 'Whoever can write a spec into these directories can give containers host devices and mounts.',
    goType: '[]string',
    goPath: 'CommonConfig',
  },
  {
    key: 'containerd',
    type: 'string',
    format: 'path',
    default: '"" (dockerd starts and manages its own containerd)',
    platforms: BOTH,
    since: '27',
    flag: '--containerd',
    reload: false,
    description: 'containerd socket (Linux) or named pipe (Windows) to use instead of a managed containerd.',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      'The packaged systemd unit passes --containerd=/run/containerd/containerd.sock: setting it here too stops dockerd ("specified both as a flag and in the configuration file").',
    ],
  },
  {
    key: 'containerd-namespace',
    type: 'string',
    default: '"moby"',
    platforms: BOTH,
    since: '27',
    flag: '--containerd-namespace',
    reload: false,
    description: "containerd namespace holding the daemon's containers and images.",
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      'Must differ from the plugins namespace: "containers namespace and plugins namespace cannot be the same".',
      'The plugins namespace cannot be set in this file: containerd-plugins-namespace is ignored and containerd-plugin-namespace is rejected.',
    ],
  },
  {
    key: 'cri-containerd',
    type: 'boolean',
    default: 'false',
    platforms: BOTH,
    since: '27',
    flag: '--cri-containerd',
    reload: false,
    description: 'Start containerd with the CRI plugin enabled.',
    goType: 'bool',
    goPath: 'CommonConfig',
    notes: ['Engine 29: conflicts with features.embedded-containerd.'],
  },
  {
    key: 'data-root',
    type: 'string',
    format: 'absolute-path',
    default: '"/var/lib/docker" (rootless: ~/.local/share/docker; Windows: %ProgramData%\\docker)',
    platforms: BOTH,
    since: '27',
    flag: '--data-root',
    reload: false,
    description: "Directory of the daemon's persistent state: images, containers, volumes.",
    security: 'It holds every image layer and volume: it must be owned by root and not writable by others.',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: ['Replaces graph, removed in 23.0.'],
  },
  {
    key: 'debug',
    type: 'boolean',
    default: 'false',
    platforms: BOTH,
    since: '27',
    flag: '-D, --debug',
    reload: true,
    description: 'Debug mode: the daemon logs at debug level.',
    security: 'Debug logs are verbose and may record request details; CIS 2.3 expects the info level.',
    goType: 'bool',
    goPath: 'CommonConfig',
    notes: ['If the service already passes -D, setting debug here stops dockerd (flag and file conflict).'],
  },
  {
    key: 'default-network-opts',
    type: 'object',
    default: '{}',
    platforms: BOTH,
    since: '27',
    flag: '--default-network-opt',
    reload: false,
    description:
      'Default driver options of new networks, per driver, e.g. {"bridge": {"com.docker.network.driver.mtu": "1400"}}.',
    goType: 'map[string]map[string]string',
    goPath: 'CommonConfig.NetworkConfig',
    notes: ['Option values must be JSON strings.', 'Only networks created afterwards are affected.'],
  },
  {
    key: 'default-runtime',
    type: 'string',
    default: '"runc" (Windows: "", chosen automatically)',
    platforms: BOTH,
    since: '27',
    flag: '--default-runtime',
    reload: true,
    description: "OCI runtime of containers that don't ask for one.",
    security: 'Every container started without --runtime runs under it.',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      'Linux: runc or a name from runtimes, else "specified default runtime \'x\' does not exist".',
      'Windows: com.docker.hcsshim.v1 or io.containerd.runhcs.v1.',
    ],
  },
  {
    key: 'default-stop-timeout',
    type: 'integer',
    min: 0,
    default: '10 (Windows: 30)',
    platforms: BOTH,
    since: '29.7',
    flag: '--default-stop-timeout',
    reload: true,
    description: 'Seconds a container gets to stop after SIGTERM before it is killed (0: kill at once).',
    goType: 'int',
    goPath: 'CommonConfig.ContainerDefaults',
  },
  {
    key: 'dns',
    type: 'string-array',
    format: 'ip',
    default: "[] (containers use the host's resolvers)",
    platforms: BOTH,
    since: '27',
    flag: '--dns',
    reload: false,
    description: 'DNS servers of containers.',
    // Engine 29 decodes it as a list of netip.Addr (a NamedOption); the table keeps the 27/28 name.
    goType: '[]string',
    goPath: 'CommonConfig.DNSConfig',
    notes: ['Engine 29 decodes the entries as IP addresses: anything else is refused.'],
  },
  {
    key: 'dns-opts',
    type: 'string-array',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--dns-opt',
    reload: false,
    description: 'resolv.conf options of containers, e.g. "ndots:2".',
    goType: '[]string',
    goPath: 'CommonConfig.DNSConfig',
  },
  {
    key: 'dns-search',
    type: 'string-array',
    format: 'dns-search',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--dns-search',
    reload: false,
    description: 'DNS search domains of containers.',
    goType: '[]string',
    goPath: 'CommonConfig.DNSConfig',
  },
  {
    key: 'exec-opts',
    type: 'string-array',
    format: 'key-value',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--exec-opt',
    reload: false,
    description:
      'Runtime execution options: native.cgroupdriver=cgroupfs|systemd (Linux), isolation=process|hyperv (Windows).',
    goType: '[]string',
    goPath: 'CommonConfig',
    notes: [
      'Each entry is opt=value ("invalid exec-opt (x): must be formatted \'opt=value\'"); unknown options are refused; isolation is Windows-only.',
      'native.cgroupdriver=systemd requires cgroup v2 in rootless mode.',
    ],
  },
  {
    key: 'exec-root',
    type: 'string',
    format: 'absolute-path',
    default: '"/var/run/docker" (Windows: %ProgramData%\\docker\\exec-root)',
    platforms: BOTH,
    since: '27',
    flag: '--exec-root',
    reload: false,
    description: "Directory of the daemon's runtime state (sockets, container runtime files).",
    goType: 'string',
    goPath: 'CommonConfig',
  },
  {
    key: 'experimental',
    type: 'boolean',
    default: 'false',
    platforms: BOTH,
    since: '27',
    flag: '--experimental',
    reload: false,
    cis: { id: '2.18', title: 'Ensure that experimental features are not implemented in production', secure: 'false' },
    description: 'Enable experimental daemon features.',
    security: 'Experimental features carry no stability or security guarantees: keep them off in production.',
    goType: 'bool',
    goPath: 'CommonConfig',
  },
  {
    key: 'features',
    type: 'object',
    default: '{}',
    platforms: BOTH,
    since: '27',
    flag: '--feature',
    reload: true,
    description: 'Named daemon features switched on or off, e.g. {"containerd-snapshotter": true}.',
    goType: 'map[string]bool',
    goPath: 'CommonConfig',
    notes: ['dockerd does not check feature names: a misspelt one is silently ignored.'],
  },
  {
    key: 'fixed-cidr',
    type: 'string',
    format: 'ipv4-cidr',
    default: '""',
    platforms: BOTH,
    since: '27',
    flag: '--fixed-cidr',
    reload: false,
    description: 'IPv4 range, inside the bridge subnet, from which the default bridge gives containers addresses.',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig.commonBridgeConfig',
  },
  {
    key: 'group',
    type: 'string',
    default: '"docker" (Windows: "")',
    platforms: BOTH,
    since: '27',
    flag: '-G, --group',
    reload: false,
    description: "Group owning the daemon's Unix socket (Windows: users or groups allowed on the named pipe).",
    security: 'Members can control the daemon, which is as good as root on the host.',
    goType: 'string',
    goPath: 'CommonConfig',
  },
  {
    key: 'host-gateway-ip',
    type: 'string',
    format: 'ip',
    default: '"" (the default bridge\'s address)',
    platforms: BOTH,
    since: '27',
    deprecatedIn: '28.0',
    replacement: 'host-gateway-ips',
    flag: '--host-gateway-ip',
    reload: false,
    description: 'Address the special name host-gateway stands for (in --add-host).',
    goType: 'net.IP',
    goPath: 'CommonConfig.DNSConfig',
    notes: [
      'From 28 it is moved into host-gateway-ips; setting both is an error: "host-gateway-ip and host-gateway-ips must not both be specified in the config file".',
    ],
  },
  {
    key: 'host-gateway-ips',
    type: 'string-array',
    format: 'ip',
    default: "[] (the default bridge's addresses)",
    platforms: BOTH,
    since: '28',
    flag: '--host-gateway-ip',
    reload: false,
    description: 'Addresses the special name host-gateway stands for: at most one IPv4 and one IPv6.',
    // (inferred from source: Config.HostGatewayIPs is a []netip.Addr in v28)
    goType: '[]netip.Addr',
    goPath: 'CommonConfig.DNSConfig',
  },
  {
    key: 'hosts',
    type: 'string-array',
    format: 'daemon-host',
    default: '["unix:///var/run/docker.sock"] (Windows: ["npipe:////./pipe/docker_engine"])',
    platforms: BOTH,
    since: '27',
    flag: '-H, --host',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'any tcp:// address needs tlsverify: true with tlscacert, tlscert and tlskey',
    },
    description: 'Sockets the daemon listens on: unix://, tcp://, fd://, npipe://.',
    security: 'A tcp:// socket without TLS client verification gives root on the host to anyone who reaches the port.',
    goType: '[]string',
    goPath: 'CommonConfig',
    notes: [
      'The packaged systemd unit starts dockerd with -H fd://: setting hosts here stops dockerd ("specified both as a flag and in the configuration file") unless a drop-in overrides ExecStart.',
      'A tcp:// socket without tlsverify only gets a warning and a startup delay (1 s, plus 15 s off loopback) in 28 and 29.',
    ],
  },
  {
    key: 'insecure-registries',
    type: 'string-array',
    format: 'registry-host',
    default: '[] (127.0.0.0/8 is always insecure)',
    platforms: BOTH,
    since: '27',
    flag: '--insecure-registry',
    reload: true,
    cis: { id: '2.5', title: 'Ensure insecure registries are not used', secure: '[] or absent' },
    description: 'Registries (host[:port] or CIDR) reached over plain HTTP or with unverified TLS.',
    security: 'Images pulled from them can be read and altered in transit.',
    goType: '[]string',
    goPath: 'CommonConfig.ServiceOptions',
    notes: ['No scheme: http:// and https:// are stripped with a warning, other schemes are refused.'],
  },
  {
    key: 'labels',
    type: 'string-array',
    format: 'label',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--label',
    reload: true,
    description: 'Labels of the daemon (key=value), shown by docker info and usable in Swarm placement constraints.',
    goType: '[]string',
    goPath: 'CommonConfig',
    notes: [
      'com.docker.*, io.docker.* and org.dockerproject.* are reserved; one key with two different values is an error.',
    ],
  },
  {
    key: 'log-driver',
    type: 'string',
    values: LOG_DRIVERS.map((d) => d.name),
    default: '"json-file"',
    platforms: BOTH,
    since: '27',
    flag: '--log-driver',
    reload: false,
    cis: {
      id: '2.13',
      title: 'Ensure centralized and remote logging is configured',
      secure:
        'a driver that ships logs off the host (syslog, gelf, fluentd, awslogs, splunk, gcplogs; journald with a forwarder)',
    },
    description: 'Default logging driver of containers.',
    security: 'Logs kept only on the host are lost with it and can be wiped by an intruder.',
    goType: 'string',
    goPath: 'CommonConfig.LogConfig',
    notes: ["A logging plugin's name is valid too.", 'journald is Linux-only, etwlogs Windows-only.'],
  },
  {
    key: 'log-format',
    type: 'string',
    values: ['text', 'json'],
    default: '"text"',
    platforms: BOTH,
    since: '27',
    flag: '--log-format',
    reload: false,
    description: "Format of the daemon's own log lines.",
    // (inferred from source: Config.LogFormat is a containerd log.OutputFormat)
    goType: 'log.OutputFormat',
    goPath: 'CommonConfig.DaemonLogConfig',
    goPath28: 'CommonConfig',
  },
  {
    key: 'log-level',
    type: 'string',
    values: LOG_LEVELS,
    caseInsensitive: true,
    default: '"info"',
    platforms: BOTH,
    since: '27',
    flag: '-l, --log-level',
    reload: false,
    cis: { id: '2.3', title: "Ensure the logging level is set to 'info'", secure: '"info" (or absent)' },
    description: "Level of the daemon's own logs.",
    security: 'Below info, security-relevant events go unrecorded; debug and trace record request details.',
    goType: 'string',
    goPath: 'CommonConfig.DaemonLogConfig',
    goPath28: 'CommonConfig',
    notes: ['Not applied on reload; debug (which is) switches debug logging live.'],
  },
  {
    key: 'log-opts',
    type: 'object',
    default: '{}',
    platforms: BOTH,
    since: '27',
    flag: '--log-opt',
    reload: false,
    cis: {
      id: '2.13',
      title: 'Ensure centralized and remote logging is configured',
      secure: "the remote driver's address set (e.g. syslog-address)",
    },
    description: 'Default options of the logging driver, e.g. {"max-size": "10m"}.',
    security: 'json-file without max-size grows until the disk is full.',
    goType: 'map[string]string',
    goPath: 'CommonConfig.LogConfig',
    notes: [
      'Every value must be a JSON string ("max-file": "3"): a number stops dockerd.',
      'Keys are checked by the selected driver: "unknown log opt \'x\' for <driver> log driver".',
      'max-buffer-size works only with mode non-blocking.',
    ],
  },
  {
    key: 'max-concurrent-downloads',
    type: 'integer',
    min: 0,
    default: '3',
    platforms: BOTH,
    since: '27',
    flag: '--max-concurrent-downloads',
    reload: true,
    description: 'Layers downloaded in parallel per pull.',
    goType: 'int',
    goPath: 'CommonConfig',
  },
  {
    key: 'max-concurrent-uploads',
    type: 'integer',
    min: 0,
    default: '5',
    platforms: BOTH,
    since: '27',
    flag: '--max-concurrent-uploads',
    reload: true,
    description: 'Layers uploaded in parallel per push.',
    goType: 'int',
    goPath: 'CommonConfig',
  },
  {
    key: 'max-download-attempts',
    type: 'integer',
    min: 0,
    default: '5',
    platforms: BOTH,
    since: '27',
    flag: '--max-download-attempts',
    reload: true,
    description: 'Attempts per layer download before a pull fails.',
    goType: 'int',
    goPath: 'CommonConfig',
  },
  {
    key: 'metrics-addr',
    type: 'string',
    format: 'host-port',
    default: '"" (off)',
    platforms: BOTH,
    since: '27',
    flag: '--metrics-addr',
    reload: false,
    description: 'Address of the Prometheus metrics endpoint.',
    security: 'The endpoint has no authentication: bind it to 127.0.0.1 unless the network is trusted.',
    goType: 'string',
    goPath: 'CommonConfig',
  },
  {
    key: 'min-api-version',
    type: 'string',
    format: 'api-version',
    default: '"1.40"',
    platforms: BOTH,
    since: '29',
    reload: false,
    description: 'Oldest API version clients may use, e.g. "1.44".',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      'Engine 27 and 28 reject it as unknown.',
      'Between 1.24 and the daemon\'s API version, without "v"; DOCKER_MIN_API_VERSION sets it too.',
    ],
  },
  {
    key: 'mtu',
    type: 'integer',
    min: 0,
    default: '1500',
    platforms: BOTH,
    since: '27',
    flag: '--mtu',
    reload: false,
    description: 'MTU of the default bridge network.',
    goType: 'int',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
    notes: ['Windows ignores it with a warning.'],
  },
  {
    key: 'network-control-plane-mtu',
    type: 'integer',
    default: '1500',
    platforms: BOTH,
    since: '27',
    flag: '--network-control-plane-mtu',
    reload: false,
    description: "MTU of Swarm's network control-plane traffic.",
    goType: 'int',
    goPath: 'CommonConfig.NetworkConfig',
  },
  {
    key: 'network-diagnostic-port',
    type: 'integer',
    min: 0,
    max: 65535,
    default: '0 (off)',
    platforms: BOTH,
    since: '27',
    flag: '--network-diagnostic-port',
    reload: true,
    description: 'Port of the network diagnostic HTTP server (0: off).',
    security: 'The diagnostic server has no authentication: keep it off in production.',
    goType: 'int',
    goPath: 'CommonConfig',
    notes: [
      'The flag is hidden.',
      'Out of range: "invalid network-diagnostic-port (N): value must be between 0 and 65535".',
    ],
  },
  {
    key: 'node-generic-resources',
    type: 'string-array',
    format: 'key-value',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--node-generic-resource',
    reload: false,
    description: 'Generic resources the node advertises to Swarm, NAME=value (e.g. NVIDIA-GPU=UUID1).',
    goType: '[]string',
    goPath: 'CommonConfig',
  },
  {
    key: 'nri-opts',
    type: 'object',
    default: 'NRI off',
    platforms: BOTH,
    since: '29.2',
    flag: '--nri-opts',
    reload: true,
    description: 'Node Resource Interface (NRI) settings: enable, plugin-path, plugin-config-path, socket-path.',
    security:
      "NRI plugins can change every container's spec (mounts, devices, capabilities): enable only trusted ones.",
    // (inferred from source: the v29 config field is an opts.NRIOpts struct)
    goType: 'opts.NRIOpts',
    goPath: 'CommonConfig',
    notes: ['Engine 29 treats it as a flat option: its children are not checked by name.'],
  },
  {
    key: 'pidfile',
    type: 'string',
    format: 'path',
    default: '"/var/run/docker.pid" (Windows: %ProgramData%\\docker\\docker.pid)',
    platforms: BOTH,
    since: '27',
    flag: '-p, --pidfile',
    reload: false,
    description: 'File the daemon writes its process id to.',
    goType: 'string',
    goPath: 'CommonConfig',
  },
  {
    key: 'proxies',
    type: 'object',
    default: '{} (HTTP_PROXY, HTTPS_PROXY and NO_PROXY of the environment apply)',
    platforms: BOTH,
    since: '27', // added in 23.0
    flag: '--http-proxy, --https-proxy, --no-proxy',
    reload: false,
    description:
      'Proxy the daemon uses for pulls, pushes and its other outgoing requests: http-proxy, https-proxy, no-proxy.',
    security: 'Credentials in proxy URLs sit in clear text in this file (dockerd masks them in logs).',
    goType: 'config.Proxies',
    goPath: 'CommonConfig',
    notes: [
      'Top-level http-proxy, https-proxy and no-proxy are accepted but ignored: they belong inside proxies.',
      'Not the client\'s ~/.docker/config.json shape: {"default": {"httpProxy": ...}} gives unknown directive "default".',
    ],
  },
  {
    key: 'raw-logs',
    type: 'boolean',
    default: 'false',
    platforms: BOTH,
    since: '27',
    flag: '--raw-logs',
    reload: false,
    description: 'Daemon logs with full timestamps and without ANSI colours.',
    goType: 'bool',
    goPath: 'CommonConfig.DaemonLogConfig',
    goPath28: 'CommonConfig',
  },
  {
    key: 'registry-mirrors',
    type: 'string-array',
    format: 'mirror-url',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--registry-mirror',
    reload: true,
    description: 'Pull-through mirrors for Docker Hub, as full http:// or https:// URLs.',
    security: 'A mirror serves every Docker Hub image you pull: use one you trust, over https.',
    goType: '[]string',
    goPath: 'CommonConfig.ServiceOptions',
    notes: [
      'Used only for Docker Hub images.',
      'No credentials, query or fragment; a missing scheme is refused ("invalid mirror: no scheme specified").',
    ],
  },
  {
    key: 'shutdown-timeout',
    type: 'integer',
    min: 0,
    default: '15',
    platforms: BOTH,
    since: '27',
    flag: '--shutdown-timeout',
    reload: true,
    description: 'Seconds the daemon waits for containers to stop when it shuts down.',
    goType: 'int',
    goPath: 'CommonConfig',
  },
  {
    key: 'storage-opts',
    type: 'string-array',
    format: 'key-value',
    default: '[]',
    platforms: BOTH,
    since: '27',
    flag: '--storage-opt',
    reload: false,
    cis: {
      id: '2.11',
      title: 'Ensure base device size is not changed until needed',
      secure: 'no dm.basesize (devicemapper was removed in 25.0)',
    },
    description: 'Storage driver options, key=value: overlay2.size, btrfs.min_space, zfs.fsname (Windows: size).',
    goType: '[]string',
    goPath: 'CommonConfig',
    notes: [
      'Write key=value only, not "--storage-opt key=value".',
      'dm.* went with devicemapper in 25.0; overlay2.override_kernel_check was removed in 24.0.',
    ],
  },
  {
    key: 'swarm-default-advertise-addr',
    type: 'string',
    default: '""',
    platforms: BOTH,
    since: '27',
    flag: '--swarm-default-advertise-addr',
    reload: false,
    description: 'Address or interface swarm init and join advertise by default.',
    goType: 'string',
    goPath: 'CommonConfig',
  },
  {
    key: 'tls',
    type: 'boolean',
    default: 'false',
    platforms: BOTH,
    since: '27',
    flag: '--tls',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'true, with tlsverify',
    },
    description: 'Serve the API over TLS (implied by tlsverify).',
    security: 'TLS without tlsverify encrypts but lets any client in.',
    goType: 'bool',
    goPath: 'CommonConfig',
  },
  {
    key: 'tlscacert',
    type: 'string',
    format: 'path',
    default: '"~/.docker/ca.pem" (under $DOCKER_CERT_PATH when set)',
    platforms: BOTH,
    since: '27',
    flag: '--tlscacert',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'set when listening on tcp://',
    },
    description: 'CA certificate client certificates must be signed by.',
    security: 'CIS 3.9/3.10: the file should be root:root with mode 444.',
    goType: 'string',
    goPath: 'CommonConfig.TLSOptions',
  },
  {
    key: 'tlscert',
    type: 'string',
    format: 'path',
    default: '"~/.docker/cert.pem"',
    platforms: BOTH,
    since: '27',
    flag: '--tlscert',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'set when listening on tcp://',
    },
    description: 'Certificate the daemon presents on its TLS socket.',
    security: 'CIS 3.11/3.12: the file should be root:root with mode 444.',
    goType: 'string',
    goPath: 'CommonConfig.TLSOptions',
  },
  {
    key: 'tlskey',
    type: 'string',
    format: 'path',
    default: '"~/.docker/key.pem"',
    platforms: BOTH,
    since: '27',
    flag: '--tlskey',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'set when listening on tcp://',
    },
    description: "Private key of the daemon's TLS certificate.",
    security: 'Whoever reads it can impersonate the daemon; CIS 3.13/3.14: root:root with mode 400.',
    goType: 'string',
    goPath: 'CommonConfig.TLSOptions',
  },
  {
    key: 'tlsverify',
    type: 'boolean',
    default: 'false (true when DOCKER_TLS_VERIFY is set)',
    platforms: BOTH,
    since: '27',
    flag: '--tlsverify',
    reload: false,
    cis: {
      id: '2.7',
      title: 'Ensure TLS authentication for Docker daemon is configured',
      secure: 'true when listening on tcp://',
    },
    description: 'Serve TLS and accept only clients with a certificate signed by tlscacert.',
    security: 'The only setting that authenticates clients of a tcp:// socket.',
    goType: 'bool',
    goPath: 'CommonConfig',
  },
  {
    key: 'allow-direct-routing',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '28.2',
    flag: '--allow-direct-routing',
    reload: false,
    description:
      "Let other hosts reach container ports directly at the container's address, not only through published ports.",
    security: 'Container ports become reachable from the network without being published.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
  },
  {
    key: 'bip',
    type: 'string',
    format: 'ipv4-cidr',
    default: '"" (chosen from the address pools, e.g. 172.17.0.1/16)',
    platforms: LINUX,
    since: '27',
    flag: '--bip',
    reload: false,
    description: 'IPv4 address and prefix of the default bridge (docker0), e.g. "172.26.0.1/16".',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
    notes: ['Mutually exclusive with bridge.'],
  },
  {
    key: 'bip6',
    type: 'string',
    format: 'ipv6-cidr',
    default: '""',
    platforms: LINUX,
    since: '28',
    flag: '--bip6',
    reload: false,
    description: 'IPv6 address and prefix of the default bridge.',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
    notes: ['Mutually exclusive with bridge.'],
  },
  {
    key: 'bridge-accept-fwmark',
    type: 'string',
    format: 'fwmark',
    default: '""',
    platforms: LINUX,
    since: '29',
    flag: '--bridge-accept-fwmark',
    reload: false,
    description: "Packets carrying this firewall mark (mark[/mask]) are accepted by bridge networks' filter rules.",
    security: "Any traffic marked this way passes Docker's filtering of container ports.",
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig',
    notes: ['uint32 values, 0x... allowed; otherwise "invalid bridge-accept-fwmark".'],
  },
  {
    key: 'cgroup-parent',
    type: 'string',
    format: 'cgroup-parent',
    default: '"" (/docker; system.slice with the systemd cgroup driver)',
    platforms: LINUX,
    since: '27',
    flag: '--cgroup-parent',
    reload: false,
    cis: {
      id: '2.10',
      title: 'Ensure the default cgroup usage has been confirmed',
      secure: 'unset (confirm the value if set)',
    },
    description: 'Parent cgroup of all containers.',
    security: 'Decides under which cgroup container resources are limited and accounted.',
    goType: 'string',
    goPath: '',
    notes: [
      'With the systemd cgroup driver it must be a slice: "cgroup-parent for systemd cgroup should be a valid slice named as \\"xxx.slice\\"".',
    ],
  },
  {
    key: 'cpu-rt-period',
    type: 'integer',
    default: '0',
    platforms: LINUX,
    since: '27',
    flag: '--cpu-rt-period',
    reload: false,
    description: 'Real-time CPU period (µs) of the parent cgroup, for containers with real-time scheduling.',
    goType: 'int64',
    goPath: '',
    notes: ['cgroup v1 only: "daemon-scoped cpu-rt-period and cpu-rt-runtime are not implemented for cgroup v2".'],
  },
  {
    key: 'cpu-rt-runtime',
    type: 'integer',
    default: '0',
    platforms: LINUX,
    since: '27',
    flag: '--cpu-rt-runtime',
    reload: false,
    description: 'Real-time CPU runtime (µs) of the parent cgroup, for containers with real-time scheduling.',
    goType: 'int64',
    goPath: '',
    notes: ['cgroup v1 only: "daemon-scoped cpu-rt-period and cpu-rt-runtime are not implemented for cgroup v2".'],
  },
  {
    key: 'default-address-pools',
    type: 'object-array',
    default: 'built-in pools (172.17.0.0/16 to 172.31.0.0/16, 192.168.0.0/16 split into /20)',
    platforms: LINUX,
    since: '27',
    flag: '--default-address-pool',
    reload: false,
    description: 'Pools new networks take their subnets from: [{"base": "10.10.0.0/16", "size": 24}].',
    // (inferred from source: opts.PoolsOpt.UnmarshalJSON decodes into its Values, []*ipamutils.NetworkToSplit)
    goType: '[]*ipamutils.NetworkToSplit',
    goPath: 'CommonConfig.NetworkConfig',
    notes: [
      'size must be at least the prefix length of base ("has a smaller prefix than the target size of that pool").',
    ],
  },
  {
    key: 'default-cgroupns-mode',
    type: 'string',
    values: ['host', 'private'],
    default: '"private" on cgroup v2 ("host" on cgroup v1)',
    platforms: LINUX,
    since: '27',
    flag: '--default-cgroupns-mode',
    reload: true, // daemon/reload_unix.go lines 31-36 (v27.5.1, v28.5.2, docker-v29.7.2)
    description: 'Default cgroup namespace mode of containers.',
    security: '"host" shows containers the host\'s whole cgroup tree.',
    goType: 'string',
    goPath: '',
  },
  {
    key: 'default-gateway',
    type: 'string',
    format: 'ipv4',
    default: '""',
    platforms: LINUX,
    since: '27',
    flag: '--default-gateway',
    reload: false,
    description: 'IPv4 default gateway of containers on the default bridge.',
    goType: 'net.IP',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
  },
  {
    key: 'default-gateway-v6',
    type: 'string',
    format: 'ipv6',
    default: '""',
    platforms: LINUX,
    since: '27',
    flag: '--default-gateway-v6',
    reload: false,
    description: 'IPv6 default gateway of containers on the default bridge.',
    goType: 'net.IP',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
  },
  {
    key: 'default-ipc-mode',
    type: 'string',
    values: ['private', 'shareable'],
    default: '"private"',
    platforms: LINUX,
    since: '27',
    flag: '--default-ipc-mode',
    reload: true, // daemon/reload_unix.go lines 31-36 (v27.5.1, v28.5.2, docker-v29.7.2)
    description: 'Default IPC namespace mode of containers.',
    security: '"shareable" lets other containers join a container\'s IPC namespace and shared memory.',
    goType: 'string',
    goPath: '',
  },
  {
    key: 'default-shm-size',
    type: 'string',
    format: 'size',
    default: '"64M"',
    platforms: LINUX,
    since: '27',
    flag: '--default-shm-size',
    reload: true,
    description: 'Default size of /dev/shm in containers.',
    goType: 'opts.MemBytes',
    goPath: '',
    notes: ['A string with a unit ("64M", "1g"): a JSON number fails with "invalid size".'],
  },
  {
    key: 'default-ulimits',
    type: 'object',
    default: '{}',
    platforms: LINUX,
    since: '27',
    flag: '--default-ulimit',
    reload: false,
    cis: {
      id: '2.8',
      title: 'Ensure the default ulimit is configured appropriately',
      secure: 'set (e.g. nofile and nproc)',
    },
    description: 'Default ulimits of containers: {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}}.',
    security: "Limits keep one container from exhausting the host's file descriptors or processes.",
    goType: 'map[string]*units.Ulimit',
    goPath: '',
    notes: [
      'The shorthand {"nofile": "100:200"} fails to decode: "json: cannot unmarshal string into Go struct field Config.default-ulimits of type units.Ulimit".',
      'dockerd checks neither that Soft is at most Hard nor the ulimit name.',
      WINDOWS_REJECTS_IT,
    ],
  },
  {
    key: 'firewall-backend',
    type: 'string',
    values: ['iptables', 'nftables'],
    default: '"" (iptables)',
    platforms: LINUX,
    since: '29',
    flag: '--firewall-backend',
    reload: false,
    description: 'Firewall the bridge driver programs: iptables or nftables.',
    goType: 'string',
    goPath: 'CommonConfig.NetworkConfig',
    notes: [
      'Other values: "invalid firewall-backend: allowed values are \\"iptables\\" and \\"nftables\\"".',
      'CIS 2.4 checks only the iptables key.',
    ],
  },
  {
    key: 'fixed-cidr-v6',
    type: 'string',
    format: 'ipv6-cidr',
    default: '""',
    platforms: LINUX,
    since: '27',
    flag: '--fixed-cidr-v6',
    reload: false,
    description: 'IPv6 range from which the default bridge gives containers addresses.',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
  },
  {
    key: 'icc',
    type: 'boolean',
    default: 'true',
    platforms: LINUX,
    since: '27',
    flag: '--icc',
    reload: false,
    cis: {
      id: '2.2',
      title: 'Ensure network traffic is restricted between containers on the default bridge',
      secure: 'false',
    },
    description: 'Allow unrestricted traffic between containers on the default bridge.',
    security: "With true, every container on docker0 can reach every other one's ports.",
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
    notes: [
      'icc: false needs iptables: true (and ip6tables with ipv6), else dockerd refuses to start.',
      'Only the default bridge: user-defined networks use com.docker.network.bridge.enable_icc.',
      'Containers with NET_RAW can still bypass it with raw Ethernet frames.',
    ],
  },
  {
    key: 'init',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '27',
    flag: '--init',
    reload: false,
    description: 'Run an init process as PID 1 in every container to reap zombies and forward signals.',
    goType: 'bool',
    goPath: '',
  },
  {
    key: 'init-path',
    type: 'string',
    format: 'path',
    default: 'docker-init from the libexec directories or PATH',
    platforms: LINUX,
    since: '27',
    flag: '--init-path',
    reload: false,
    description: 'Path of the docker-init binary.',
    security: 'The binary runs as PID 1 in every container started with --init.',
    goType: 'string',
    goPath: '',
  },
  {
    key: 'ip',
    type: 'string',
    format: 'ip',
    default: '"0.0.0.0"',
    platforms: LINUX,
    since: '27',
    flag: '--ip',
    reload: false,
    description: 'Default host address published ports bind to.',
    security: '0.0.0.0 publishes ports on every interface; 127.0.0.1 keeps them on the host.',
    goType: 'net.IP',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
  },
  {
    key: 'ip-forward',
    type: 'boolean',
    default: 'true',
    platforms: LINUX,
    since: '27',
    flag: '--ip-forward',
    reload: false,
    description: 'Enable kernel IP forwarding at startup.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
  },
  {
    key: 'ip-forward-no-drop',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '28',
    flag: '--ip-forward-no-drop',
    reload: false,
    description: "Don't set the FORWARD policy to DROP when dockerd enables IP forwarding.",
    security: 'The host may then route traffic between all its interfaces, not only to containers.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
  },
  {
    key: 'ip-masq',
    type: 'boolean',
    default: 'true',
    platforms: LINUX,
    since: '27',
    flag: '--ip-masq',
    reload: false,
    description: 'Masquerade outgoing traffic of bridge networks.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
    notes: ['Forced to false when iptables is false.'],
  },
  {
    key: 'ip6tables',
    type: 'boolean',
    default: 'true (false before 27)',
    platforms: LINUX,
    since: '27',
    flag: '--ip6tables',
    reload: false,
    description: 'Let dockerd program ip6tables rules for IPv6 networks.',
    security: 'false leaves IPv6 container traffic unfiltered.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
  },
  {
    key: 'iptables',
    type: 'boolean',
    default: 'true',
    platforms: LINUX,
    since: '27',
    flag: '--iptables',
    reload: false,
    cis: { id: '2.4', title: 'Ensure Docker is allowed to make changes to iptables', secure: 'true (or absent)' },
    description: 'Let dockerd program iptables rules for container networking and published ports.',
    security: "false removes Docker's isolation and port filtering rules.",
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
    notes: ['false forces ip-masq off and makes icc: false fatal.'],
  },
  {
    key: 'ipv6',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '27',
    flag: '--ipv6',
    reload: false,
    description: 'Enable IPv6 on the default bridge network.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig.DefaultBridgeConfig',
  },
  {
    key: 'live-restore',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '27',
    flag: '--live-restore',
    reload: true,
    cis: { id: '2.15', title: 'Ensure live restore is enabled', secure: 'true' },
    description: 'Keep containers running while the daemon is stopped or restarting.',
    security: 'Lets dockerd be patched and restarted without stopping workloads.',
    goType: 'bool',
    goPath: 'CommonConfig',
    notes: [
      'Incompatible with swarm mode: swarm init fails with "--live-restore daemon configuration is incompatible with swarm mode".',
      'Registered as a Linux-only flag: a Windows daemon rejects it.',
    ],
  },
  {
    key: 'no-new-privileges',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '27',
    flag: '--no-new-privileges',
    reload: false,
    cis: { id: '2.14', title: 'Ensure containers are restricted from acquiring new privileges', secure: 'true' },
    description: 'Start every container with no-new-privileges: setuid and file capabilities grant nothing.',
    security: 'Blocks privilege escalation through setuid binaries inside containers (CIS 2.14, 5.26).',
    goType: 'bool',
    goPath: '',
  },
  {
    key: 'rootless',
    type: 'boolean',
    default: 'automatic (true under RootlessKit)',
    platforms: LINUX,
    since: '27',
    flag: '--rootless',
    reload: false,
    cis: {
      id: '2.1',
      title: 'Run the Docker daemon as a non-root user, if possible',
      secure: 'a rootless daemon where possible',
    },
    description: 'Rootless mode; set automatically when dockerd runs under RootlessKit.',
    security: 'Control of a rootless daemon is not root on the host.',
    goType: 'bool',
    goPath: '',
    notes: ['A rootless daemon reads ~/.config/docker/daemon.json, not /etc/docker/daemon.json.'],
  },
  {
    key: 'runtimes',
    type: 'object',
    default: '{}',
    platforms: LINUX,
    since: '27',
    flag: '--add-runtime',
    reload: true,
    description:
      'Extra OCI runtimes containers can pick with --runtime: {"name": {"path": ...}} or {"name": {"runtimeType": ...}}.',
    security: 'A runtime runs containers with root on the host: register only trusted binaries.',
    goType: 'map[string]system.Runtime',
    goPath: '',
    notes: [
      'The name runc is reserved.',
      'Each runtime needs path or runtimeType, not both; runtimeArgs go with path, options with runtimeType.',
      'Merged with --add-runtime without a flag/file conflict.',
    ],
  },
  {
    key: 'seccomp-profile',
    type: 'string',
    format: 'path',
    default: '"builtin"',
    platforms: LINUX,
    since: '27',
    flag: '--seccomp-profile',
    reload: false,
    cis: {
      id: '2.17',
      title: 'Ensure that a daemon-wide custom seccomp profile is applied if appropriate',
      secure: 'a custom profile if needed; never "unconfined"',
    },
    description: 'Default seccomp profile of containers: a JSON file path, "builtin" or "unconfined".',
    security: '"unconfined" turns off system-call filtering for every container (CIS 2.17, 5.22).',
    goType: 'string',
    goPath: '',
  },
  {
    key: 'selinux-enabled',
    type: 'boolean',
    default: 'false',
    platforms: LINUX,
    since: '27',
    flag: '--selinux-enabled',
    reload: false,
    description: 'SELinux labelling of containers.',
    security: 'On SELinux hosts, labels confine a container that escapes its namespaces (CIS 5.3).',
    goType: 'bool',
    goPath: '',
  },
  {
    key: 'storage-driver',
    type: 'string',
    values: ['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs'],
    removedValues: {
      aufs: { removedIn: '24.0', instead: 'overlay2' },
      overlay: { removedIn: '24.0', instead: 'overlay2' },
      devicemapper: { removedIn: '25.0', instead: 'overlay2' },
    },
    default: 'automatic (first that works of overlay2, fuse-overlayfs, btrfs, zfs, vfs)',
    platforms: LINUX,
    since: '27',
    flag: '-s, --storage-driver',
    reload: false,
    cis: { id: '2.6', title: 'Ensure aufs storage driver is not used', secure: 'not "aufs"' },
    description: 'Storage driver of image layers and container filesystems.',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      'aufs and overlay were removed in 24.0, devicemapper in 25.0: dockerd does not start with them.',
      'With the containerd image store (features.containerd-snapshotter) it names a containerd snapshotter.',
      WINDOWS_REJECTS_IT,
    ],
  },
  {
    key: 'userland-proxy',
    type: 'boolean',
    default: 'true',
    platforms: LINUX,
    since: '27',
    flag: '--userland-proxy',
    reload: false,
    cis: { id: '2.16', title: 'Ensure Userland Proxy is Disabled', secure: 'false' },
    description: 'Run a docker-proxy process per published port; false relies on NAT rules alone.',
    security: 'Each published port otherwise keeps a root proxy process listening on the host.',
    goType: 'bool',
    goPath: 'CommonConfig.BridgeConfig',
    notes: ['false needs hairpin NAT for traffic from the host or containers to published ports.'],
  },
  {
    key: 'userland-proxy-path',
    type: 'string',
    format: 'absolute-path',
    default: 'docker-proxy from the libexec directories or PATH',
    platforms: LINUX,
    since: '27',
    flag: '--userland-proxy-path',
    reload: false,
    description: 'Path of the docker-proxy binary.',
    goType: 'string',
    goPath: 'CommonConfig.BridgeConfig',
  },
  {
    key: 'userns-remap',
    type: 'string',
    format: 'userns',
    default: '"" (off)',
    platforms: LINUX,
    since: '27',
    flag: '--userns-remap',
    reload: false,
    cis: { id: '2.9', title: 'Enable user namespace support', secure: 'set, e.g. "default"' },
    description: 'Run containers in a user namespace: root in a container maps to an unprivileged host user.',
    security: 'Without it, root in a container is root on the host once it escapes.',
    goType: 'string',
    goPath: '',
    notes: [
      '"default" creates and uses the dockremap user.',
      'Changes the data-root layout (a subdirectory per remapped user): existing images and containers seem to vanish.',
      '--privileged, --pid=host and --network=host need --userns=host on the container.',
    ],
  },
  // Deprecated keys (facts section 1.7): still in the table because some supported release accepts them.
  {
    key: 'allow-nondistributable-artifacts',
    type: 'string-array',
    format: 'registry-host',
    default: '[]',
    platforms: BOTH,
    since: '27',
    deprecatedIn: '28.0',
    ignoredIn: '28.0',
    flag: '--allow-nondistributable-artifacts',
    reload: false,
    description: 'Registries to which foreign (non-distributable) layers are pushed.',
    goType: '[]string',
    goPath: 'CommonConfig.ServiceOptions',
    notes: ['28 and 29 accept the key but ignore it (it has no field or flag any more): remove it.'],
  },
  {
    key: 'api-cors-header',
    type: 'string',
    default: '""',
    platforms: BOTH,
    since: '27',
    deprecatedIn: '27.0',
    removedIn: '28.0',
    removedError: {
      version: 28,
      text: 'DEPRECATED: The "api-cors-header" config parameter and the dockerd "--api-cors-header" option have been removed; use a reverse proxy if you need CORS headers',
    },
    flag: '--api-cors-header',
    reload: false,
    description: 'CORS header (Access-Control-Allow-Origin) of the API.',
    security: 'Lets web pages call the Docker API from a browser: any site a user visits could control the daemon.',
    goType: 'string',
    goPath: 'CommonConfig',
    notes: [
      '27: ignored unless DOCKERD_DEPRECATED_CORS_HEADER is set.',
      '28: dockerd refuses to start with it; 29: unknown directive. Put a reverse proxy in front of the API if you need CORS.',
    ],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
// Keys that are not (or no longer) keys
// ---------------------------------------------------------------------------------------------------------------

const IGNORED = 'No field reads it (only a dockerd flag has this name): the setting silently does nothing.';

/** Facts §1.3 A: flag names without a JSON field. dockerd accepts them and ignores them. */
export const IGNORED_SPELLINGS: readonly IgnoredSpelling[] = [
  { key: 'host', to: 'hosts', platforms: BOTH, effect: IGNORED },
  { key: 'label', to: 'labels', platforms: BOTH, effect: IGNORED },
  { key: 'storage-opt', to: 'storage-opts', platforms: BOTH, effect: IGNORED },
  { key: 'log-opt', to: 'log-opts', platforms: BOTH, effect: IGNORED },
  { key: 'exec-opt', to: 'exec-opts', platforms: BOTH, effect: IGNORED },
  { key: 'dns-opt', to: 'dns-opts', platforms: BOTH, effect: IGNORED },
  { key: 'insecure-registry', to: 'insecure-registries', platforms: BOTH, effect: IGNORED },
  { key: 'registry-mirror', to: 'registry-mirrors', platforms: BOTH, effect: IGNORED },
  { key: 'authorization-plugin', to: 'authorization-plugins', platforms: BOTH, effect: IGNORED },
  {
    key: 'default-ulimit',
    to: 'default-ulimits',
    platforms: LINUX,
    effect: `${IGNORED} default-ulimits takes an object of {Name, Hard, Soft}.`,
  },
  { key: 'add-runtime', to: 'runtimes', platforms: LINUX, effect: IGNORED },
  { key: 'feature', to: 'features', platforms: BOTH, effect: IGNORED },
  { key: 'cdi-spec-dir', to: 'cdi-spec-dirs', platforms: BOTH, effect: IGNORED },
  { key: 'node-generic-resource', to: 'node-generic-resources', platforms: BOTH, effect: IGNORED },
  { key: 'default-network-opt', to: 'default-network-opts', platforms: BOTH, effect: IGNORED },
  { key: 'default-address-pool', to: 'default-address-pools', platforms: LINUX, effect: IGNORED },
  {
    key: 'containerd-plugins-namespace',
    platforms: BOTH,
    effect:
      'Ignored (a flag has this name, no field reads it), and the real field containerd-plugin-namespace is rejected: the plugins namespace cannot be set in daemon.json. Pass --containerd-plugins-namespace to dockerd instead.',
  },
  { key: 'http-proxy', moveUnder: 'proxies', platforms: BOTH, effect: `${IGNORED} Its field lives inside "proxies".` },
  { key: 'https-proxy', moveUnder: 'proxies', platforms: BOTH, effect: `${IGNORED} Its field lives inside "proxies".` },
  { key: 'no-proxy', moveUnder: 'proxies', platforms: BOTH, effect: `${IGNORED} Its field lives inside "proxies".` },
  { key: 'config-file', platforms: BOTH, effect: `${IGNORED} The file cannot name another configuration file.` },
  {
    // daemon/config/config.go skipValidateOptions ("Deprecated options that are safe to ignore if present", line 107
    // at docker-v29.7.2): no field reads it. An object here is still flattened first (configValuesSet), so its keys
    // are checked as top-level settings.
    key: 'deprecated-key-path',
    noSetting: true,
    platforms: BOTH,
    effect: 'dockerd lets it through as a deprecated option that is safe to ignore: nothing reads it.',
  },
  // dockerd's own flags (daemon/command/docker.go line 62 and cobra.go line 20 at docker-v29.7.2; cmd/dockerd/ at
  // v27.5.1 lines 48 and 20): the unknown-key check finds them (daemon/config/config.go findConfigurationConflicts),
  // and the value pushed into the flag comes after cobra has acted on --version and --help.
  {
    key: 'version',
    noSetting: true,
    platforms: BOTH,
    effect:
      'The name of the --version flag, which acts only on the command line (before dockerd reads this file): the setting does nothing.',
  },
  {
    key: 'help',
    noSetting: true,
    platforms: BOTH,
    effect:
      'The name of the --help flag, which acts only on the command line (before dockerd reads this file): the setting does nothing.',
  },
  {
    key: 'validate',
    platforms: BOTH,
    // (inferred from source: cmd/dockerd/docker.go RunE checks opts.Validate after loading the file)
    effect:
      'Its value is pushed into the --validate flag: with true, dockerd prints "configuration OK" and exits instead of starting.',
  },
  {
    key: 'restart',
    platforms: BOTH,
    effect: 'Pushed into the deprecated --restart flag, which does nothing: use restart policies on containers.',
  },
  {
    key: 'register-service',
    platforms: WINDOWS,
    effect: `${IGNORED} It is a command-line action of the Windows service.`,
  },
  {
    key: 'unregister-service',
    platforms: WINDOWS,
    effect: `${IGNORED} It is a command-line action of the Windows service.`,
  },
  { key: 'run-service', platforms: WINDOWS, effect: `${IGNORED} It is a command-line action of the Windows service.` },
  { key: 'service-name', platforms: WINDOWS, effect: `${IGNORED} Set the service name on the dockerd command line.` },
];

/** Facts §1.3 B: dockerd has a JSON field but no flag of that name, so the unknown-key check refuses the key. */
export const REJECTED_FIELDS: readonly RejectedField[] = [
  {
    key: 'containerd-plugin-namespace',
    explanation:
      'The config field exists but no flag has this name, so dockerd refuses it as unknown (docker/docs#19398).',
    instead: 'The plugins namespace cannot be set in daemon.json: pass --containerd-plugins-namespace to dockerd.',
  },
  {
    key: 'default-init',
    explanation: 'The config field exists but no flag has this name, so dockerd refuses it as unknown.',
    instead: 'Remove it; init-path sets the init binary.',
  },
  {
    key: 'resolv-conf',
    explanation: 'The config field exists but no flag has this name, so dockerd refuses it as unknown.',
    instead: 'Remove it; use dns, dns-opts and dns-search.',
  },
  {
    key: 'swarm-raft-heartbeat-tick',
    explanation: 'The config field exists but no flag has this name, so dockerd refuses it as unknown.',
    instead: 'Remove it; Swarm Raft settings are set with docker swarm update.',
  },
  {
    key: 'swarm-raft-election-tick',
    explanation: 'The config field exists but no flag has this name, so dockerd refuses it as unknown.',
    instead: 'Remove it; Swarm Raft settings are set with docker swarm update.',
  },
  // Also a DaemonKey (since 29): refused as unknown before 29.
  {
    key: 'min-api-version',
    acceptedFrom: '29',
    explanation: 'Engine 27 and 28 do not know this key and refuse to start with it.',
    instead:
      'Remove it, or upgrade to Engine 29; on older engines set DOCKER_MIN_API_VERSION in the service environment.',
  },
];

/** Keys removed before Engine 27: dockerd reports them as unknown directives. */
export const REMOVED_KEYS: readonly RemovedKey[] = [
  {
    key: 'graph',
    removedIn: '23.0',
    renameTo: 'data-root',
    explanation: 'Renamed to data-root; the old name was removed in 23.0.',
  },
  {
    key: 'cluster-store',
    removedIn: '23.0',
    explanation: 'Classic (pre-swarm-mode) Swarm support was removed in 23.0.',
  },
  {
    key: 'cluster-store-opts',
    removedIn: '23.0',
    explanation: 'Classic (pre-swarm-mode) Swarm support was removed in 23.0.',
  },
  {
    key: 'cluster-advertise',
    removedIn: '23.0',
    explanation: 'Classic (pre-swarm-mode) Swarm support was removed in 23.0.',
  },
  {
    key: 'disable-legacy-registry',
    removedIn: '19.03',
    explanation: 'The legacy v1 registry support it disabled is gone (disabled in 17.12, key removed in 19.03).',
  },
  {
    key: 'oom-score-adjust',
    removedIn: '25.0',
    explanation: 'Removed in 25.0: set OOMScoreAdjust in the dockerd systemd unit instead.',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// How dockerd checks keys (facts §1.2 steps 4–5)
// ---------------------------------------------------------------------------------------------------------------

const FLAT_OPTIONS_COMMON = [
  'log-opts',
  'default-network-opts',
  'runtimes',
  'default-ulimits',
  'features',
  'builder',
  'cluster-store-opts',
];

/** Object-valued keys dockerd checks by their own name; every other object value is replaced by its children. */
export function FLAT_OPTIONS(version: EngineVersion): ReadonlySet<string> {
  return new Set(version >= 29 ? [...FLAT_OPTIONS_COMMON, 'nri-opts'] : FLAT_OPTIONS_COMMON);
}

export function isFlatOption(key: string, version: EngineVersion): boolean {
  return FLAT_OPTIONS(version).has(key);
}

/** Keys dockerd's unknown-key check lets through without a flag (`skipValidateOptions`). */
export function SKIP_VALIDATE(version: EngineVersion): ReadonlySet<string> {
  const keys = ['features', 'builder', 'deprecated-key-path'];
  if (version >= 28) keys.push('allow-nondistributable-artifacts');
  if (version >= 29) keys.push('min-api-version');
  return new Set(keys);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const byName = lazy(() => new Map(daemonKeys().map((k) => [k.key, k])));

export function daemonKey(name: string): DaemonKey | undefined {
  return byName().get(name);
}

/**
 * The struct field Go's decoder names in a type error about a top-level key (`json: cannot unmarshal string into Go
 * struct field <this> of type bool`). Go 1.24 added the embedded structs on the way to the field (encoding/json
 * decode.go, object(): the names of `f.index` but the last go onto errorContext.FieldStack). Engine 27 is built with
 * Go 1.22 and 28.0-28.1 with Go 1.23 (`Config.debug`); 28.2 and later with Go 1.24 and 29 with Go 1.26
 * (`Config.CommonConfig.debug`): moby Dockerfile GO_VERSION at v27.5.1, v28.1.1, v28.2.0, v28.5.2, docker-v29.7.2.
 * Versions are majors here, so 28 gives the text of its newest patch release (28.5.2).
 */
export function goStructField(row: DaemonKey, version: EngineVersion): string {
  if (version < 28) return `Config.${row.key}`;
  const path = version === 28 && row.goPath28 !== undefined ? row.goPath28 : row.goPath;
  return `Config.${path ? `${path}.` : ''}${row.key}`;
}

/**
 * An error of dockerd's typed decode of the file (json.Unmarshal into Config) as it prints it: 29.7.2 wraps it as
 * `invalid JSON: <error>` (daemon/config/config.go line 604 at docker-v29.7.2, commit fa0114c41d8); 27 and 28 return
 * it as it is (config.go line 514 at v27.5.1, line 550 at v28.5.2). Versions are majors: 29 gives its newest patch's text.
 */
export function decodeError(text: string, version: EngineVersion): string {
  return version >= 29 ? `invalid JSON: ${text}` : text;
}

/**
 * Whether a release ("28.2", "23.0", "29") is at or before `version`. Releases compare by major number only: the
 * table is per major version, so "28.2" counts as in 28 (a 28.0 or 28.1 daemon would not know the key yet).
 */
export function versionAtLeast(since: string, version: EngineVersion): boolean {
  return parseInt(since, 10) <= version;
}

/** The key exists at `version` on `platform`: added, not removed, registered on that platform. */
export function keyAvailable(key: DaemonKey, version: EngineVersion, platform: Platform): boolean {
  if (!versionAtLeast(key.since, version)) return false;
  if (key.removedIn !== undefined && versionAtLeast(key.removedIn, version)) return false;
  return key.platforms.includes(platform);
}

function takesEffect(key: DaemonKey, version: EngineVersion, platform: Platform): boolean {
  return (
    keyAvailable(key, version, platform) && !(key.ignoredIn !== undefined && versionAtLeast(key.ignoredIn, version))
  );
}

/**
 * Top-level keys that take effect at `version` on `platform`, in table order. Includes deprecated keys that still
 * work (host-gateway-ip in 28+; api-cors-header in 27, honoured there with DOCKERD_DEPRECATED_CORS_HEADER set);
 * excludes keys accepted but ignored (allow-nondistributable-artifacts from 28) and removed ones.
 */
export function validKeys(version: EngineVersion, platform: Platform): string[] {
  return daemonKeys()
    .filter((k) => takesEffect(k, version, platform))
    .map((k) => k.key);
}

/**
 * Top-level keys dockerd both lets through its unknown-key check and decodes into a config field: validKeys plus a
 * removed key that is still decoded only to be refused (api-cors-header in 28). This is the set the per-version key
 * files describe (with `proxies` flattened into its children).
 */
export function decodedKeys(version: EngineVersion, platform: Platform): string[] {
  return daemonKeys()
    .filter(
      (k) =>
        takesEffect(k, version, platform) || (k.removedError?.version === version && k.platforms.includes(platform)),
    )
    .map((k) => k.key);
}

/**
 * Top-level keys that pass dockerd's unknown-key check at `version` on `platform`: decoded keys, ignored spellings,
 * skip-validate keys and deprecated keys still accepted (allow-nondistributable-artifacts in 28/29). Not rejected
 * fields, not removed keys. dockerd checks objects by their children: `proxies` stands for its children here.
 */
export function acceptedKeys(version: EngineVersion, platform: Platform): Set<string> {
  const keys = new Set(decodedKeys(version, platform));
  for (const k of daemonKeys()) if (keyAvailable(k, version, platform)) keys.add(k.key);
  for (const s of IGNORED_SPELLINGS) {
    if (s.platforms.includes(platform) && (s.since === undefined || versionAtLeast(s.since, version))) keys.add(s.key);
  }
  for (const k of SKIP_VALIDATE(version)) keys.add(k);
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// CIS secure baseline (facts §3.3, Linux)
// ---------------------------------------------------------------------------------------------------------------

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface BaselineEntry {
  key: string;
  value: JsonValue;
  /** Shown in the quick-fix preview. */
  caveat?: string;
}

/** The CIS 2.x secure baseline, in insertion order. hosts and containerd are left out: systemd installs pass them as flags. */
export const CIS_BASELINE: readonly BaselineEntry[] = [
  { key: 'icc', value: false, caveat: 'icc: false needs iptables: true, or dockerd refuses to start.' },
  { key: 'log-level', value: 'info' },
  { key: 'iptables', value: true },
  { key: 'insecure-registries', value: [] },
  {
    key: 'default-ulimits',
    value: {
      nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 },
      nproc: { Name: 'nproc', Hard: 4096, Soft: 2048 },
    },
  },
  {
    key: 'userns-remap',
    value: 'default',
    caveat:
      'userns-remap changes the data-root layout (existing images and containers seem to vanish) and containers needing --privileged must use --userns=host.',
  },
  {
    key: 'authorization-plugins',
    value: ['<your-authz-plugin>'],
    caveat: 'Replace the placeholder with an installed authorization plugin, and install it before restarting dockerd.',
  },
  { key: 'log-driver', value: 'syslog' },
  {
    key: 'log-opts',
    value: { 'syslog-address': 'tcp+tls://logs.example.com:6514', tag: '{{.Name}}' },
    caveat: 'The syslog address is a placeholder: point it at your log server.',
  },
  { key: 'no-new-privileges', value: true },
  {
    key: 'live-restore',
    value: true,
    caveat: 'live-restore is incompatible with swarm mode: docker swarm init fails.',
  },
  {
    key: 'userland-proxy',
    value: false,
    caveat:
      'userland-proxy: false relies on hairpin NAT for connections from the host or containers to published ports.',
  },
  { key: 'experimental', value: false },
];

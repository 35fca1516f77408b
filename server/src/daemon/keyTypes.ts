/**
 * The shape of the daemon.json key table (`keys.ts`). One row per key dockerd knows, for Engine 27, 28 and 29: the
 * schema, hovers, key sets and rules all read it, so nothing about a key is written twice.
 */

export type EngineVersion = 27 | 28 | 29;
export const ENGINE_VERSIONS: readonly EngineVersion[] = [27, 28, 29];
export const DEFAULT_ENGINE_VERSION: EngineVersion = 29;

export type Platform = 'linux' | 'windows';

/** JSON types as dockerd's Go struct decodes them. */
/** `object-array` is an array of objects (`default-address-pools`), as NestedField spells it. */
export type JsonType = 'boolean' | 'string' | 'integer' | 'string-array' | 'object' | 'object-array';

/** Value formats checked by daemon-invalid-value (beyond the JSON type). */
export type ValueFormat =
  | 'absolute-path'
  | 'path'
  | 'size' // "64M", "1g": go-units RAMInBytes
  | 'ip' // one IP address
  | 'ipv4'
  | 'ipv6'
  | 'cidr' // address/prefix
  | 'ipv4-cidr'
  | 'ipv6-cidr'
  | 'host-port' // host:port (metrics-addr)
  | 'url' // proxies
  | 'mirror-url' // registry-mirrors: http(s)://host, no credentials, query or fragment
  | 'registry-host' // insecure-registries: host[:port] or CIDR, no scheme
  | 'daemon-host' // hosts: unix://, tcp://, fd://, npipe://, ssh://
  | 'key-value' // k=v (labels, storage-opts, exec-opts, node-generic-resources)
  | 'label' // k=v without reserved namespaces
  | 'dns-search'
  | 'api-version' // "1.44"
  | 'fwmark' // mark[/mask]
  | 'userns' // "default" | user[:group] | uid[:gid]
  | 'cgroup-parent';

export interface CisRecommendation {
  /** CIS Docker Benchmark v1.6/v1.7 id, e.g. "2.2". */
  id: string;
  /** Title of the recommendation. */
  title: string;
  /** The secure value in words ("false", "non-empty", "never \"unconfined\""). */
  secure: string;
}

export interface DaemonKey {
  key: string;
  type: JsonType;
  /** Allowed values of a string (or of each array element). */
  values?: readonly string[];
  /** `values` compare case-insensitively (dockerd lower-cases log-level). */
  caseInsensitive?: boolean;
  /** Allowed values that are removed (value → what to say). dockerd refuses them. */
  removedValues?: Readonly<Record<string, { removedIn: string; instead?: string }>>;
  format?: ValueFormat;
  /** Inclusive integer bounds. */
  min?: number;
  max?: number;
  /** The default in words, as dockerd applies it ("true", "[]", "\"json-file\"", "auto (overlay2, ...)"). */
  default: string;
  platforms: readonly Platform[];
  /** First Engine release with the key, e.g. "28.2" (keys older than 27 have "27" or earlier). */
  since: string;
  /** The key was removed in this Engine release ("28.0"): dockerd rejects it from then on. */
  removedIn?: string;
  /** Deprecated from this release on (still accepted). */
  deprecatedIn?: string;
  /** What to write instead of a deprecated or removed key. */
  replacement?: string;
  /**
   * From this release on dockerd still accepts the key but nothing reads it: it has no effect
   * (`allow-nondistributable-artifacts` from 28.0).
   */
  ignoredIn?: string;
  /**
   * The one release in which dockerd still decodes the removed key but refuses to start with this error (after it the
   * key is an unknown directive): `api-cors-header` in 28.
   */
  removedError?: { version: EngineVersion; text: string };
  /** CLI flag(s), e.g. "-b, --bridge"; absent for file-only keys. */
  flag?: string;
  /** Applied on reload (SIGHUP) without a restart. */
  reload: boolean;
  cis?: CisRecommendation;
  /** One line: what the key does. */
  description: string;
  /** One line: why it matters for security, where it does. */
  security?: string;
  /** Go type in dockerd's decode errors ("bool", "string", "int", "[]string", "map[string]string"). */
  goType: string;
  /**
   * The embedded structs between dockerd's Config and the key's field in Engine 29 ("CommonConfig.BridgeConfig", ""
   * for a field of Config itself): builds with Go 1.24 or later name them in decode errors (`Go struct field
   * Config.CommonConfig.debug`). Read from daemon/config/config.go, config_linux.go, config_windows.go and the
   * registry's ServiceOptions at each tag.
   */
  goPath: string;
  /** The path in Engine 28 where it differs from 29's (log-level moved into DaemonLogConfig in 29). */
  goPath28?: string;
  /** Extra facts shown in the hover (conflicts, quirks). */
  notes?: readonly string[];
}

/**
 * Spellings dockerd accepts (a flag of that name exists) but that no JSON field reads: the setting silently does
 * nothing. `to` is the key that takes effect; `proxies` means the value belongs under `"proxies"`.
 */
export interface IgnoredSpelling {
  key: string;
  /** The effective key, or undefined when the setting should just be removed. */
  to?: string;
  /** The value moves under this object key (`proxies`). */
  moveUnder?: string;
  platforms: readonly Platform[];
  /** Versions in which it is accepted-but-ignored, e.g. from "28" on. */
  since?: string;
  /** What happens, in one line. */
  effect: string;
  /** The key sets nothing anyone could have meant (`version`, `help`): reported at warning, not error. */
  noSetting?: boolean;
}

/** JSON fields dockerd's struct has but the unknown-key check rejects (no flag): dockerd refuses to start. */
export interface RejectedField {
  key: string;
  /** Accepted from this release on (min-api-version from 29). */
  acceptedFrom?: string;
  explanation: string;
  /** What to do instead. */
  instead: string;
}

/** Keys that existed once and are gone (dockerd rejects them as unknown, or refuses them explicitly). */
export interface RemovedKey {
  key: string;
  removedIn: string;
  /** dockerd's own error from this release on (else the unknown-directive error). */
  explicitError?: string;
  /** Key to rename to, when one takes its place. */
  renameTo?: string;
  explanation: string;
}

/** Nested shape of an object-valued key, for the schema and hovers. */
export interface NestedField {
  key: string;
  type: 'boolean' | 'string' | 'integer' | 'string-array' | 'object' | 'object-array';
  description: string;
  values?: readonly string[];
  since?: string;
  deprecatedIn?: string;
  replacement?: string;
  fields?: readonly NestedField[];
}

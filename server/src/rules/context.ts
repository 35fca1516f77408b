import type { ImageLookup } from '../registry/facts';
/** What the engine knows beyond the document text; filled by the server or the CLI, never read from disk here. */
export interface LintEnvironment {
  /**
   * Content of the `.dockerignore` that applies to the Dockerfile: a string when present, null when known to be
   * absent, undefined when unknown (no file system: rules that need it stay quiet).
   */
  dockerignore?: string | null;
  /**
   * File name of that ignore file beside the Dockerfile (`.dockerignore`, or BuildKit's `<name>.Dockerfile.dockerignore`),
   * so fixes edit the file that is actually used.
   */
  dockerignorePath?: string;
  /** Today's date (tests pin it). */
  today?: Date;
  /**
   * A file of the build context (the Dockerfile's folder) by its path relative to it, as text: null when it is not
   * there, not a file, outside the folder or too large; absent when there is no file system (rules that need it stay
   * quiet). root-user reads an entrypoint script a COPY puts in the image (never runs it).
   */
  contextFile?: (relativePath: string) => string | null;
  /**
   * What the registry said about an image reference, from what was already fetched (absent: the registry is not
   * asked — `bulkhead.registry.enabled` is off, or there is no server). Never waits: a reference not fetched yet
   * answers `pending`, and the server lints again when its facts arrive.
   */
  images?: ImageLookup;
  /**
   * A Compose file's service that a dev container is: the `service` of a devcontainer.json whose `dockerComposeFile`
   * names the file. Its findings say so (the editor's terminal, tasks and extensions run there).
   */
  attachedService?: string;
}

/**
 * Which dockerd a daemon.json is for: settings `bulkhead.daemon.engineVersion` and `bulkhead.daemon.platform`. Loose
 * here (the daemon's own types are in daemon/keyTypes.ts): the daemon's lint reads it with engineVersionOf and platformOf.
 */
export interface DaemonEnvironment {
  engineVersion?: number | string;
  /** `auto` (or absent): Windows when the path is the Windows daemon's (`ProgramData\docker\config`), else Linux. */
  platform?: 'linux' | 'windows' | 'auto';
}

/** Effective configuration after merging defaults, VS Code settings, `.bulkhead.json` and `.hadolint.yaml`. */
export interface EffectiveConfig {
  /** Per-rule severity overrides (`off` disables). */
  rules: Record<string, string>;
  /** Registry patterns (`*.corp.com`, `docker.io/library/*`). Empty: only the community-image hint applies. */
  trustedRegistries: string[];
  /**
   * Build arguments the build passes (`--build-arg`; settings `bulkhead.buildArgs`, `.bulkhead.json` `buildArgs`): an
   * ARG the Dockerfile declares takes the given value, so rules judge what that build does. Others stay unknown.
   */
  buildArgs?: Readonly<Record<string, string>>;
  /**
   * `cis`: a team that enforces the CIS Docker Benchmark; daemon.json settings the file leaves out are judged at their
   * rules' own severity instead of as advice (docs/severity.md). Absent: the default policy.
   */
  profile?: 'cis';
  /**
   * Base images the project knows run as a non-root user (`.bulkhead.json` `trustedNonRootImages`: patterns as in
   * data/nonRootImages.ts, `ghcr.io/acme/base-*:*`): root-user takes a final stage without USER on them as non-root.
   */
  trustedNonRootImages?: string[];
  /**
   * `base`: the repository builds base images for others to build on (`.bulkhead.json` `imageRole`), which leave USER
   * to the images built on them: root-user reports a final stage without USER as information.
   */
  imageRole?: 'base';
  /**
   * Hosts on the team's own network that may be fetched from over plain HTTP (`.bulkhead.json` `internalHosts`,
   * setting `bulkhead.internalHosts`: host names with `*` wildcards, `host:port`, IP addresses, IPv4 ranges):
   * plain-http-download leaves them alone.
   */
  internalHosts?: string[];
  /** Other tools' ids ignored by their configuration (`.hadolint.yaml` `ignored`), as `anchor:<tool>:<id>` keys. */
  ignoredAnchors?: string[];
  /** Rules `.bulkhead.json` configures explicitly: `ignoredAnchors` does not apply to them. */
  unsuppressibleByAnchors?: string[];
}

export const DEFAULT_CONFIG: EffectiveConfig = { rules: {}, trustedRegistries: [] };

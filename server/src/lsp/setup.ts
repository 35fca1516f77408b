import * as path from 'node:path';
import type { DaemonEnvironment, EffectiveConfig, LintEnvironment } from '../rules/context';
import type { FilesSettings } from '../service/languages';
import { settingGlobs } from '../common/documents';
import { mergeConfig } from '../service/config';
import { RegistrySettings, registrySettings } from './images';
import { contextFileReader, findConfigFiles, readDockerignore } from '../config/files';
import { referencedContext } from '../service/walk';

/** The `bulkhead` settings section, as the client sends it (unchecked: any value may arrive). */
export interface BulkheadSettings {
  rules?: Record<string, unknown>;
  trustedRegistries?: unknown;
  internalHosts?: unknown;
  buildArgs?: unknown;
  profile?: unknown;
  daemon?: { engineVersion?: unknown; platform?: unknown; files?: unknown };
  compose?: { files?: unknown };
  registry?: unknown;
}

/** What a document is linted with: its merged configuration and what is known beyond its text. */
export interface DocumentSetup {
  config: EffectiveConfig;
  env: LintEnvironment;
  daemon: DaemonEnvironment;
  /** `bulkhead.daemon.files`, `bulkhead.compose.files`: more globs of daemon.json and Compose files. */
  files: FilesSettings;
  /** `bulkhead.registry.*`: whether and how registries are asked about the images a document names. */
  registry: RegistrySettings;
}

/**
 * The setup of a file (undefined: not on disk) under these settings: the configuration files beside it are looked up
 * to `root`, and each configuration problem goes to `warn`. `context`: a Dockerfile's build context when a
 * devcontainer.json names one (Scan Workspace), else the Dockerfile's folder.
 */
export function setupFromSettings(
  settings: BulkheadSettings,
  file: string | undefined,
  { root, warn, context }: { root: string | undefined; warn: (line: string) => void; context?: string },
): DocumentSetup {
  const files = file ? findConfigFiles(file, root) : {};
  const { config, problems } = mergeConfig({ settings, ...files });
  for (const p of problems) warn(`${p.path}: ${p.message}`);
  const d = settings.daemon ?? {};
  const daemon: DaemonEnvironment = {
    engineVersion:
      typeof d.engineVersion === 'string' || typeof d.engineVersion === 'number' ? d.engineVersion : undefined,
    platform: d.platform === 'linux' || d.platform === 'windows' ? d.platform : 'auto',
  };
  const globs: FilesSettings = {
    daemon: settingGlobs(d.files, { setting: 'bulkhead.daemon.files', warn }),
    compose: settingGlobs(settings.compose?.files, { setting: 'bulkhead.compose.files', warn }),
  };
  const registry = registrySettings(settings.registry, warn);
  if (!file) return { config, env: {}, daemon, files: globs, registry };
  // an open Dockerfile a devcontainer.json beside it names: the build context it gives, as the folder walk uses
  context ??= referencedContext(file, root);
  const ignore = readDockerignore(file, context);
  return {
    config,
    env: {
      dockerignore: ignore?.text ?? null,
      dockerignorePath: ignore
        ? path.relative(path.dirname(file), ignore.path).split(path.sep).join('/') || path.basename(ignore.path)
        : undefined,
      contextFile: contextFileReader(file, context),
    },
    daemon,
    files: globs,
    registry,
  };
}

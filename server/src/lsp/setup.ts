import fs = require('node:fs');
import path = require('node:path');
import type { DaemonEnvironment, EffectiveConfig, LintEnvironment } from '../rules/context';
import type { FilesSettings } from '../service/languages';
import { settingGlobs } from '../common/documents';
import { mergeConfig } from '../service/config';
import { RegistrySettings, registrySettings } from './images';
import { contextFileReader, findConfigFiles, readBaselineFile, readDockerignore } from '../config/files';
import { Baseline, BASELINE_FILE, baselinePath, DocumentBaseline } from '../service/baseline';
import { referralOf, type Referral, type ReferrerFiles } from '../service/walk';

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
  baseline?: { file?: unknown };
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
  /** The baseline that holds this document's findings of record (`bulkhead.baseline.file`), if there is one. */
  baseline?: DocumentBaseline;
}

/**
 * The setup of a file (undefined: not on disk) under these settings: the configuration files beside it are looked up
 * to `root`, and each configuration problem goes to `warn`. `referral`: what the devcontainer.json that names the file
 * says of it, when the caller knows (Scan Workspace's walk): a Dockerfile's build context (else the Dockerfile's
 * folder), a Compose file's attached service; else it is looked up on disk where `referralOf` looks (beside the file,
 * `.devcontainer.json` and `.devcontainer/` up to `root`; `disk`: what was already read) and in the `open` documents
 * (the editor's, by path, with their current text).
 */
export function setupFromSettings(
  settings: BulkheadSettings,
  file: string | undefined,
  {
    root,
    warn,
    referral,
    open,
    disk,
  }: {
    root: string | undefined;
    warn: (line: string) => void;
    referral?: Referral;
    open?: ReadonlyMap<string, string>;
    disk?: ReferrerFiles;
  },
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
  const baseline = root ? documentBaseline(settings.baseline?.file, root, file, warn) : undefined;
  // a file a devcontainer.json names: the build context or service it gives, as the folder walk uses
  const { context, service } = referral ?? referralOf(file, root, open, disk);
  const ignore = readDockerignore(file, context);
  return {
    config,
    env: {
      // there but not read: unknown, so rules that need it stay quiet (not "no .dockerignore")
      dockerignore: ignore ? ignore.text : null,
      dockerignorePath: ignore
        ? path.relative(path.dirname(file), ignore.path).split(path.sep).join('/') || path.basename(ignore.path)
        : undefined,
      contextFile: contextFileReader(file, context),
      ...(service ? { attachedService: service } : {}),
    },
    daemon,
    files: globs,
    registry,
    ...(baseline ? { baseline } : {}),
  };
}

/** Baseline files read, by path: read again only when their size or time changes. */
const baselines = new Map<string, { stamp: string; baseline: Baseline | undefined }>();

/**
 * The baseline for a document of the workspace `root`: `bulkhead.baseline.file` (default .bulkhead-baseline.json,
 * relative to the workspace folder; "" for none). No file, no baseline; a file that cannot be used is said once.
 */
function documentBaseline(
  setting: unknown,
  root: string,
  file: string,
  warn: (line: string) => void,
): DocumentBaseline | undefined {
  const name = typeof setting === 'string' ? setting.trim() : BASELINE_FILE;
  if (!name) return undefined;
  const at = path.resolve(root, name);
  let stamp: string;
  try {
    const st = fs.statSync(at);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  let known = baselines.get(at);
  if (!known || known.stamp !== stamp) {
    const read = readBaselineFile(at);
    if ('problem' in read && !read.missing) warn(`${at}: not used as the baseline: ${read.problem}`);
    known = { stamp, baseline: 'baseline' in read ? read.baseline : undefined };
    if (baselines.size > 16) baselines.clear();
    baselines.set(at, known);
  }
  return known.baseline && { baseline: known.baseline, file: baselinePath(path.dirname(at), file) };
}

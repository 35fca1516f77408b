import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDaemonJson, DaemonModel } from '../daemon/model';
import { daemonRuleList } from '../rules/registry';
import type { DaemonContext, EffectiveConfig } from '../rules/context';
import { byPosition, runRules } from './diagnostics';
import { DEFAULT_DOCS_BASE } from './docsBase';
import type { LintOptions } from './dockerfile';
import { DEFAULT_ENGINE_VERSION, ENGINE_VERSIONS, EngineVersion, Platform } from '../daemon/keyTypes';
import { basenameOf } from './documents';

/** Which dockerd the file is for: settings `bulkhead.daemon.engineVersion` and `bulkhead.daemon.platform`. */
export interface DaemonEnvironment {
  engineVersion?: EngineVersion | number | string;
  /** `auto` (or absent): Windows when the path is the Windows daemon's (`ProgramData\docker\config`), else Linux. */
  platform?: Platform | 'auto';
}

export interface DaemonLintResult {
  model: DaemonModel;
  diagnostics: Diagnostic[];
  failures: { rule: string; error: string }[];
}

export function engineVersionOf(value: unknown): EngineVersion {
  const n = typeof value === 'string' ? parseInt(value, 10) : typeof value === 'number' ? Math.trunc(value) : NaN;
  return (ENGINE_VERSIONS as readonly number[]).includes(n) ? (n as EngineVersion) : DEFAULT_ENGINE_VERSION;
}

/**
 * The platform a daemon.json is for when the setting says `auto`. Decision: only the Windows daemon's own location
 * (`C:\ProgramData\docker\config\daemon.json`) or a file name that says "windows" counts; a folder named `windows` in
 * a dotfiles repository usually holds a Linux config.
 */
export function platformOf(uri: string, setting?: string): Platform {
  if (setting === 'linux' || setting === 'windows') return setting;
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // keep the raw text
  }
  if (/programdata[\\/]+docker[\\/]+config[\\/]/i.test(decoded)) return 'windows';
  if (/windows/i.test(basenameOf(uri))) return 'windows';
  return 'linux';
}

export function lintDaemon(
  text: string,
  uri: string,
  config: EffectiveConfig,
  env: DaemonEnvironment = {},
  options: LintOptions = { docsBase: DEFAULT_DOCS_BASE },
): DaemonLintResult {
  const model = parseDaemonJson(text, uri, engineVersionOf(env.engineVersion), platformOf(uri, env.platform));
  const ctx: DaemonContext = { model, config };
  const { diagnostics, failures } = runRules(daemonRuleList, ctx, config, options.docsBase);
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures };
}

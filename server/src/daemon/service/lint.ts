import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDaemonJson, DaemonModel } from '../model';
import { daemonRules } from '../rules';
import type { DaemonEnvironment, EffectiveConfig } from '../../rules/context';
import type { DaemonContext } from '../context';
import { byPosition, runRules } from '../../rules/diagnostics';
import { DEFAULT_DOCS_BASE } from '../../common/docsBase';
import type { LintOptions } from '../../rules/language';
import { DEFAULT_ENGINE_VERSION, ENGINE_VERSIONS, EngineVersion, Platform } from '../keyTypes';
import { basenameOf } from '../../common/documents';
import type { Node } from 'jsonc-parser';
import { isSecretName } from '../../data/secretPatterns';
import { maskValues } from '../../rules/secrets';

export type { DaemonEnvironment };

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
  const { diagnostics, failures } = runRules(daemonRules, ctx, config, options.docsBase, {
    fixes: options.fixes,
  });
  maskCredentials(diagnostics, credentialMask(model));
  diagnostics.sort(byPosition);
  return { model, diagnostics, failures };
}

/** Shorter values are not masked: they would mask words of the messages themselves. */
const MIN_CREDENTIAL_LENGTH = 4;
/** `user:password@host`, with or without a scheme (`bob:pw@mirror.corp`, `http://bob:pw@proxy:3128`). */
const USERINFO_PASSWORD = /(?:^|[/\s"'])[^\s:/@"']+:([^\s/@"']+)@/g;
/** `scheme://token@host` or a value starting `token@host`: a token used as the user name. */
const USERINFO_TOKEN = /(?:^|:\/\/)([^\s:/@"']+)@/g;

/**
 * The credentials a daemon.json holds: values of secret-named keys (`log-opts.splunk-token`, `"password=…"` entries of
 * a list) and the user info of URLs (`proxies`, `registry-mirrors`). The rules quote values to say what is wrong; the
 * engine masks only credential shapes it recognises in any text, and `bob:pw@mirror.corp` or `splunk-token=…` is
 * none of them. dockerd masks proxy credentials in its own logs: so do we. A string that holds one and is written with
 * escapes (`\/`, `\u0075`) is also given as written, whole: a text that quotes the file (a --fix-dry-run diff) holds
 * that form, which no escaping of the value need give back.
 */
export function credentialsIn(model: DaemonModel): string[] {
  const found = new Set<string>();
  let hits = 0;
  const add = (value: string) => {
    if (value.length < MIN_CREDENTIAL_LENGTH || /^\$\{?[A-Za-z_]/.test(value)) return;
    found.add(value);
    hits++;
  };
  const fromString = (text: string, secretName: boolean) => {
    if (secretName) add(text);
    const eq = text.indexOf('=');
    if (eq > 0 && isSecretName(text.slice(0, eq).trim())) add(text.slice(eq + 1));
    for (const m of text.matchAll(USERINFO_PASSWORD)) add(m[1]);
    for (const m of text.matchAll(USERINFO_TOKEN)) add(m[1]);
  };
  const visit = (node: Node | undefined, secretName: boolean, depth: number) => {
    if (!node || depth > 64) return;
    if (node.type === 'string') {
      const before = hits;
      fromString(String(node.value), secretName);
      const written = model.text.slice(node.offset + 1, node.offset + node.length - 1);
      if (hits > before && written !== node.value) found.add(written);
    } else if (node.type === 'number' && secretName) add(String(node.value));
    else if (node.type === 'array') for (const item of node.children ?? []) visit(item, secretName, depth + 1);
    else if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key?.type !== 'string') continue;
        fromString(String(key.value), false);
        visit(value, isSecretName(String(key.value)), depth + 1);
      }
    }
  };
  visit(model.root, false, 0);
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Mask each credential the file holds wherever a text for people quotes it, as written or JSON-escaped; only where it
 * is not part of a longer word (a password `docker` leaves "dockerd" alone). Then the engine's own masking
 * (maskSecretsIn), for texts that do not go through toDiagnostic (the secure baseline's confirmation).
 */
export function credentialMask(model: DaemonModel): (text: string) => string {
  return maskValues(credentialsIn(model));
}

function maskCredentials(diagnostics: Diagnostic[], mask: (text: string) => string): void {
  for (const d of diagnostics) {
    if (typeof d.message === 'string') d.message = mask(d.message);
    const data = d.data as { fixes?: { title: string }[] } | undefined;
    for (const fix of data?.fixes ?? []) fix.title = mask(fix.title);
  }
}

import { parse as parseJsonc, ParseError, printParseErrorCode } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import type { EffectiveConfig } from '../rules/context';
import { jsonNestingDepth, MAX_NESTING, yamlNestingDepth } from '../text/nesting';
import { MAX_GLOB_LENGTH, MAX_GLOBS } from '../text/glob';
import { ruleById } from './registry';
import { anchorKey } from '../rules/suppression';
import type { SeveritySetting } from '../rules/types';

/**
 * Severity and trust configuration, merged in this order (later wins): rule default → VS Code setting
 * `bulkhead.rules` → `.hadolint.yaml` (`ignored` codes suppress the findings they mean; `trustedRegistries`) →
 * `.bulkhead.json`. `internalHosts`: the setting's and `.bulkhead.json`'s together. Build arguments: settings `bulkhead.buildArgs` → `.bulkhead.json` `buildArgs` → the CLI's
 * `--build-arg`, name by name.
 * Pure: callers read the files and hand over their text.
 */
export interface ConfigSources {
  settings?: {
    rules?: Record<string, unknown>;
    trustedRegistries?: unknown;
    internalHosts?: unknown;
    buildArgs?: unknown;
    profile?: unknown;
  };
  bulkheadJson?: { text: string; path: string };
  hadolintYaml?: { text: string; path: string };
  /** `--build-arg NAME=VALUE` of the command line (already checked by the CLI's parser). */
  buildArgs?: Readonly<Record<string, string>>;
}

/** More build arguments than this in one source are not read (a repository's configuration is untrusted input). */
export const MAX_BUILD_ARGS = 1000;
/** Longer names or values are not read: no ARG needs them, and evaluated words are bounded the same way. */
export const MAX_BUILD_ARG_NAME = 256;
export const MAX_BUILD_ARG_VALUE = 65_536;

/**
 * A build argument's name as `docker build --build-arg` takes it: anything before the first `=` (the CLI splits
 * there), not empty, without blanks (an ARG name never has them).
 */
export function buildArgNameProblem(name: string): string | null {
  if (!name) return 'a build argument needs a name';
  if (name.length > MAX_BUILD_ARG_NAME) return `a build argument name is longer than ${MAX_BUILD_ARG_NAME} characters`;
  if (/[\s=]/.test(name)) return `build argument name "${name}" has a blank or "=" in it`;
  return null;
}

export interface ConfigProblem {
  path: string;
  message: string;
}

const SEVERITY_VALUES = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off']);

export function mergeConfig(sources: ConfigSources): { config: EffectiveConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const rules: Record<string, string> = {};
  const trusted: string[] = [];
  const ignoredAnchors: string[] = [];
  const projectRules = new Set<string>();
  let profile: 'cis' | undefined;
  // `"profile": "cis"` judges daemon.json and Compose settings a file leaves out at their rules' severity (docs/severity.md);
  // "default" (or null) is the default policy; later sources win
  const applyProfile = (from: unknown, path: string) => {
    if (from === undefined) return;
    if (from === null || from === 'default') profile = undefined;
    else if (from === 'cis') profile = 'cis';
    else problems.push({ path, message: '"profile" must be "cis" or "default"' });
  };
  const buildArgs: Record<string, string> = Object.create(null);
  const applyBuildArgs = (from: unknown, path: string) => {
    if (from === undefined || from === null) return;
    if (typeof from !== 'object' || Array.isArray(from)) {
      problems.push({ path, message: '"buildArgs" must be an object of build argument name to value' });
      return;
    }
    const entries = Object.entries(from as Record<string, unknown>);
    if (entries.length > MAX_BUILD_ARGS)
      problems.push({
        path,
        message: `"buildArgs" has more than ${MAX_BUILD_ARGS} entries; the rest are ignored`,
      });
    for (const [name, value] of entries.slice(0, MAX_BUILD_ARGS)) {
      const bad = buildArgNameProblem(name);
      if (bad) {
        problems.push({ path, message: `"buildArgs": ${bad}` });
        continue;
      }
      // numbers and booleans are what a user means as text (`"VERSION": 3`); anything else is a mistake
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        problems.push({ path, message: `"buildArgs": "${name}" must be a string` });
        continue;
      }
      const text = String(value);
      if (text.length > MAX_BUILD_ARG_VALUE) {
        problems.push({
          path,
          message: `"buildArgs": the value of "${name}" is longer than ${MAX_BUILD_ARG_VALUE / 1024} KB and ignored`,
        });
        continue;
      }
      buildArgs[name] = text;
    }
  };
  const trustedNonRoot: string[] = [];
  let imageRole: 'base' | undefined;
  const applyImageRole = (from: unknown, path: string) => {
    if (from === undefined) return;
    if (from === null || from === 'application') imageRole = undefined;
    else if (from === 'base') imageRole = 'base';
    else problems.push({ path, message: '"imageRole" must be "base" or "application"' });
  };
  const applyTrustedNonRoot = (from: unknown, path: string) => {
    if (from === undefined || from === null) return;
    if (!Array.isArray(from) || from.some((x) => typeof x !== 'string')) {
      problems.push({ path, message: '"trustedNonRootImages" must be an array of image patterns (strings)' });
      return;
    }
    // bounded as trustedRegistries is: an entry left out only makes root-user stricter
    for (const raw of from as string[]) {
      const entry = raw.trim();
      if (!entry || trustedNonRoot.includes(entry)) continue;
      if (entry.length > MAX_GLOB_LENGTH) {
        problems.push({
          path,
          message: `"trustedNonRootImages": an entry is longer than ${MAX_GLOB_LENGTH} characters and ignored`,
        });
        continue;
      }
      if (trustedNonRoot.length >= MAX_GLOBS) {
        problems.push({
          path,
          message: `"trustedNonRootImages" has more than ${MAX_GLOBS} entries; the rest are ignored: cover images with wildcards (\`ghcr.io/acme/**\`) instead`,
        });
        break;
      }
      trustedNonRoot.push(entry);
    }
  };
  const internalHosts: string[] = [];
  const applyInternalHosts = (from: unknown, path: string) => {
    if (from === undefined || from === null) return;
    const list = typeof from === 'string' ? [from] : Array.isArray(from) ? from : null;
    if (!list || list.some((x) => typeof x !== 'string')) {
      problems.push({ path, message: '"internalHosts" must be a string or an array of host names (strings)' });
      return;
    }
    // bounded as trustedRegistries is: an entry left out only makes plain-http-download stricter
    for (const raw of list as string[]) {
      const entry = raw.trim();
      if (!entry || internalHosts.includes(entry)) continue;
      if (entry.length > MAX_GLOB_LENGTH) {
        problems.push({
          path,
          message: `"internalHosts": an entry is longer than ${MAX_GLOB_LENGTH} characters and ignored`,
        });
        continue;
      }
      if (!isHostEntry(entry)) {
        problems.push({
          path,
          message: `"internalHosts": "${entry}" is not a host name, \`*.domain\`, \`host:port\`, IP address or IPv4 range (\`10.0.0.0/8\`); it is ignored`,
        });
        continue;
      }
      if (internalHosts.length >= MAX_GLOBS) {
        problems.push({
          path,
          message: `"internalHosts" has more than ${MAX_GLOBS} entries; the rest are ignored: cover hosts with wildcards (\`*.corp.example\`) or ranges (\`10.0.0.0/8\`) instead`,
        });
        break;
      }
      internalHosts.push(entry);
    }
  };
  const applyRules = (from: unknown, path: string, configured?: Set<string>) => {
    if (from === undefined || from === null) return;
    if (typeof from !== 'object' || Array.isArray(from)) {
      problems.push({ path, message: '"rules" must be an object of rule id to severity' });
      return;
    }
    for (const [id, sev] of Object.entries(from as Record<string, unknown>)) {
      if (!ruleById(id)) {
        problems.push({ path, message: `unknown rule "${id}" in "rules"` });
        continue;
      }
      if (typeof sev !== 'string' || !SEVERITY_VALUES.has(sev as SeveritySetting)) {
        problems.push({ path, message: `rule "${id}": severity must be one of error, warning, info, hint, off` });
        continue;
      }
      rules[id] = sev;
      configured?.add(id);
    }
  };
  const applyTrusted = (from: unknown, path: string) => {
    if (from === undefined || from === null) return;
    const list = typeof from === 'string' ? [from] : Array.isArray(from) ? from : null;
    if (!list || list.some((x) => typeof x !== 'string')) {
      problems.push({ path, message: '"trustedRegistries" must be a string or an array of strings' });
      return;
    }
    // a repository's configuration is untrusted input: entries are bounded in length and number (see text/glob.ts);
    // an entry left out only makes the rule stricter
    let tooLong = 0;
    for (const r of list as string[]) {
      const entry = r.trim();
      if (!entry || trusted.includes(entry)) continue;
      if (entry.length > MAX_GLOB_LENGTH) {
        tooLong++;
        continue;
      }
      if (trusted.length >= MAX_GLOBS) {
        problems.push({
          path,
          message: `"trustedRegistries" has more than ${MAX_GLOBS} entries; the rest are ignored: cover registries and namespaces with wildcards (\`*.corp.com\`, \`ghcr.io/acme/*\`) instead`,
        });
        break;
      }
      trusted.push(entry);
    }
    if (tooLong) {
      const which = tooLong === 1 ? 'an entry is' : `${tooLong} entries are`;
      problems.push({
        path,
        message: `"trustedRegistries": ${which} longer than ${MAX_GLOB_LENGTH} characters and ignored: write the registry host or repository, with \`*\` wildcards, in fewer characters`,
      });
    }
  };

  applyRules(sources.settings?.rules, 'settings');
  applyTrusted(sources.settings?.trustedRegistries, 'settings');
  applyInternalHosts(sources.settings?.internalHosts, 'settings');
  applyBuildArgs(sources.settings?.buildArgs, 'settings');
  applyProfile(sources.settings?.profile, 'settings');

  if (sources.hadolintYaml) {
    const { path, text } = sources.hadolintYaml;
    try {
      // depth bounded before yaml's recursive composer sees it (see text/nesting.ts)
      const depth = yamlNestingDepth(text);
      if (depth > MAX_NESTING) throw new Error(`it nests ${tooDeep(depth)} levels deep`);
      // logLevel 'error': an error still throws (reported below); yaml's warnings (an unresolved tag) are not printed
      // on the CLI's stderr or the server's log, as for Compose files (compose/model.ts)
      const doc = parseYaml(text, { logLevel: 'error' }) as Record<string, unknown> | null;
      if (doc && typeof doc === 'object') {
        const ignored = doc.ignored;
        if (Array.isArray(ignored)) {
          for (const code of ignored) ignoredAnchors.push(anchorKey({ tool: 'hadolint', id: String(code) }));
        }
        applyTrusted(doc.trustedRegistries, path);
      }
    } catch (e) {
      problems.push({ path, message: `cannot parse: ${(e as Error).message.split('\n')[0]}` });
    }
  }

  if (sources.bulkheadJson) {
    const { path, text } = sources.bulkheadJson;
    const errors: ParseError[] = [];
    // depth bounded before jsonc-parser's recursive descent sees it: 100,000 `[` would overflow the stack
    const depth = jsonNestingDepth(text);
    const doc = depth > MAX_NESTING ? undefined : parseJsonc(text, errors, { allowTrailingComma: true });
    if (depth > MAX_NESTING)
      problems.push({
        path,
        message: `cannot read it: it nests ${tooDeep(depth)} levels deep (the limit is ${MAX_NESTING})`,
      });
    else if (errors.length)
      problems.push({
        path,
        message: `invalid JSON: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`,
      });
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
      // a rule .bulkhead.json sets explicitly is not silenced by .hadolint.yaml's `ignored` (later source wins)
      applyRules(doc.rules, path, projectRules);
      applyTrusted(doc.trustedRegistries, path);
      applyInternalHosts(doc.internalHosts, path);
      applyBuildArgs(doc.buildArgs, path);
      applyProfile(doc.profile, path);
      applyTrustedNonRoot(doc.trustedNonRootImages, path);
      applyImageRole(doc.imageRole, path);
    } else if (!errors.length && depth <= MAX_NESTING) {
      problems.push({ path, message: 'the configuration must be a JSON object' });
    }
  }
  if (sources.buildArgs) Object.assign(buildArgs, sources.buildArgs);
  const config: EffectiveConfig = {
    rules,
    trustedRegistries: trusted,
    ignoredAnchors,
    unsuppressibleByAnchors: [...projectRules],
  };
  if (Object.keys(buildArgs).length) config.buildArgs = { ...buildArgs };
  if (profile) config.profile = profile;
  if (trustedNonRoot.length) config.trustedNonRootImages = trustedNonRoot;
  if (imageRole) config.imageRole = imageRole;
  if (internalHosts.length) config.internalHosts = internalHosts;
  return { config, problems };
}

/**
 * An `internalHosts` entry: a host name (`*` wildcards allowed), an IP address (IPv6 in brackets), either with a
 * port, or an IPv4 range; a scheme and a path after the host are allowed (`http://mirror.corp/debian`) and ignored.
 */
function isHostEntry(entry: string): boolean {
  const rest = entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(rest)) return true;
  const slash = rest.indexOf('/');
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  return /^(\[[0-9a-f:.]+\]|[\w*-]+(\.[\w*-]+)*)(:\d{1,5})?$/i.test(hostPort);
}

function tooDeep(depth: number): string {
  return depth > MAX_NESTING ? `more than ${MAX_NESTING}` : String(depth);
}

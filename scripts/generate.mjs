// Writes what is derived from the rule registry, the daemon.json key table and the list of Dockerfile names:
// schemas/bulkhead.schema.json, schemas/daemon.schema.json, schemas/daemon.editor.schema.json, the `bulkhead.rules`
// setting, the `dockerfile` language's file names and the Dockerfile activation event in package.json, the README
// rule table, shared/src/templates/daemonBaseline.generated.ts (the daemon.json template's data) and the header of
// every rule page in docs/rules/ (scripts/ruleDocs.mjs; the body below it is written by hand). `--check` writes nothing and exits 1 when a file has drifted.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import * as prettier from 'prettier';
import { TOOL, withRuleDocHeader } from './ruleDocs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const {
  allRules,
  LANGUAGES,
  daemonSchema,
  MAX_GLOB_LENGTH,
  MAX_GLOBS,
  MAX_BUILD_ARG_NAME,
  MAX_BUILD_ARG_VALUE,
  MAX_BUILD_ARGS,
  DOCKERFILE_FILENAMES,
  DOCKERFILE_FILENAME_PATTERNS,
} = require(path.join(root, 'dist/service.js'));
const check = process.argv.includes('--check');
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

const ruleProperties = Object.fromEntries(
  allRules.map((r) => [
    r.id,
    { type: 'string', enum: SEVERITIES, markdownDescription: `${r.title} (default: \`${r.severity}\`). ${r.remedy}` },
  ]),
);

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Bulkhead configuration (.bulkhead.json)',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: {
      type: 'object',
      description: 'Severity per rule; "off" disables a rule.',
      properties: ruleProperties,
      additionalProperties: false,
    },
    trustedRegistries: {
      type: 'array',
      description: 'Registries and namespaces images may come from (wildcards: *.corp.com, docker.io/library/*).',
      maxItems: MAX_GLOBS,
      items: { type: 'string', maxLength: MAX_GLOB_LENGTH },
    },
    internalHosts: {
      type: 'array',
      description:
        'Hosts on your own network that may be fetched from over plain HTTP (mirror.corp.example, *.corp.example, nexus.corp:8081, 10.0.0.0/8): plain-http-download leaves downloads from them alone.',
      maxItems: MAX_GLOBS,
      items: { type: 'string', maxLength: MAX_GLOB_LENGTH },
    },
    profile: {
      enum: ['default', 'cis'],
      description:
        '"cis": daemon.json and Compose settings a file leaves out are judged at their rules\' own severity, as a team that enforces the CIS Docker Benchmark wants (docs/severity.md).',
    },
    buildArgs: buildArgsSchema(
      'Build arguments the build passes (as `docker build --build-arg NAME=VALUE`): a declared ARG takes the value, so findings judge that build.',
    ),
    trustedNonRootImages: {
      type: 'array',
      description:
        'Base images known to run as a non-root user (wildcards: ghcr.io/acme/base-*:*, registry.corp/**): root-user takes a final stage without USER on them as non-root.',
      maxItems: MAX_GLOBS,
      items: { type: 'string', maxLength: MAX_GLOB_LENGTH },
    },
    imageRole: {
      enum: ['application', 'base'],
      description:
        '"base": this repository builds base images, which leave USER to the images built on them; root-user then reports a final stage without USER as information.',
    },
  },
};

/** `buildArgs` (the file) and `bulkhead.buildArgs` (the setting): bounded as server/src/service/config.ts reads them. */
function buildArgsSchema(description) {
  return {
    type: 'object',
    description,
    maxProperties: MAX_BUILD_ARGS,
    propertyNames: { minLength: 1, maxLength: MAX_BUILD_ARG_NAME, pattern: '^[^\\s=]+$' },
    additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: MAX_BUILD_ARG_VALUE },
  };
}

function readmeTable() {
  const rows = allRules.map((r) => {
    const anchors = r.anchors.map((a) => `${TOOL[a.tool]} ${a.id}`).join(', ') || '—';
    const fix = r.fixes?.length ? 'yes' : '—';
    return `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.title} | ${fix} | ${r.guidance.join('; ')} | ${anchors} |`;
  });
  return ['| Rule | Default | What it finds | Fix | Guidance | Same as |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

const outputs = [];
outputs.push({ file: 'schemas/bulkhead.schema.json', text: JSON.stringify(schema, null, 2) + '\n' });
// daemon.json: the strict schema (CI validators, other editors) and the editor schema VS Code uses (descriptions and
// completions only: the language server reports the problems), both from the key table.
outputs.push({ file: 'schemas/daemon.schema.json', text: JSON.stringify(daemonSchema('strict'), null, 2) + '\n' });
outputs.push({
  file: 'schemas/daemon.editor.schema.json',
  text: JSON.stringify(daemonSchema('editor'), null, 2) + '\n',
});

/**
 * The key table bundled privately: the service bundle does not export the engine versions, and the template's data
 * should come from the table itself.
 */
function loadDaemonKeys() {
  const { outputFiles } = buildSync({
    stdin: {
      contents:
        "export { CIS_BASELINE, daemonKeys, validKeys } from './server/src/daemon/keys'; export { ENGINE_VERSIONS } from './server/src/daemon/keyTypes';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}

/** A JSON value as a TypeScript literal: identifier keys unquoted, strings single-quoted. */
function tsLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsString(k)}: ${tsLiteral(v)}`,
    );
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return typeof value === 'string' ? tsString(value) : JSON.stringify(value);
}

function tsString(text) {
  if (text.includes("'") && !text.includes('"')) return JSON.stringify(text);
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * What the daemon.json template (shared/src/templates/daemonJson.ts) needs from the key table, so that neither the
 * client nor the template imports the server's ~70 KB table: the CIS baseline in order, each entry with its key's CIS
 * recommendation, and which of its keys take effect per engine version and platform.
 */
function daemonBaselineModule() {
  const { CIS_BASELINE, daemonKeys, validKeys, ENGINE_VERSIONS } = loadDaemonKeys();
  const DAEMON_KEYS = daemonKeys();
  const PLATFORMS = ['linux', 'windows'];
  const byKey = new Map(DAEMON_KEYS.map((k) => [k.key, k]));
  const entries = CIS_BASELINE.map((e) => {
    const cis = byKey.get(e.key)?.cis;
    const fields = [`key: ${tsString(e.key)}`, `value: ${tsLiteral(e.value)}`];
    if (cis) fields.push(`cis: ${tsLiteral({ id: cis.id, title: cis.title })}`);
    if (e.caveat !== undefined) fields.push(`caveat: ${tsString(e.caveat)}`);
    return `  {\n${fields.map((f) => `    ${f},\n`).join('')}  },`;
  });
  const available = ENGINE_VERSIONS.map((v) => {
    const perPlatform = PLATFORMS.map((p) => {
      const valid = new Set(validKeys(v, p));
      return `    ${p}: ${tsLiteral(CIS_BASELINE.filter((e) => valid.has(e.key)).map((e) => e.key))},`;
    });
    return `  ${v}: {\n${perPlatform.join('\n')}\n  },`;
  });
  return [
    '// GENERATED by scripts/generate.mjs from the daemon.json key table (server/src/daemon/keys.ts): do not edit, run',
    "// `npm run generate`. The daemon.json template reads this instead of the server's table (shared code imports",
    '// nothing from server/ or client/).',
    '',
    'export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };',
    '',
    `export type BaselineEngineVersion = ${ENGINE_VERSIONS.join(' | ')};`,
    `export type BaselinePlatform = ${PLATFORMS.map(tsString).join(' | ')};`,
    '',
    'export interface DaemonBaselineEntry {',
    '  key: string;',
    '  value: JsonValue;',
    '  /** The CIS Docker Benchmark recommendation of the key. */',
    '  cis?: { id: string; title: string };',
    '  /** What to know before applying it. */',
    '  caveat?: string;',
    '}',
    '',
    '/** CIS_BASELINE: the CIS 2.x secure baseline, in insertion order. */',
    'export const DAEMON_BASELINE: readonly DaemonBaselineEntry[] = [',
    ...entries,
    '];',
    '',
    '/** The baseline keys that take effect (validKeys) per Docker Engine version and platform, in baseline order. */',
    'export const DAEMON_BASELINE_KEYS: { readonly [V in BaselineEngineVersion]: { readonly [P in BaselinePlatform]: readonly string[] } } = {',
    ...available,
    '};',
    '',
  ].join('\n');
}
outputs.push({ file: 'shared/src/templates/daemonBaseline.generated.ts', text: daemonBaselineModule() });

const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
pkg.contributes.configuration.properties['bulkhead.rules'].properties = ruleProperties;
// patterns a workspace supplies are bounded (server/src/text/glob.ts): the settings editor says so before the server does
for (const key of [
  'bulkhead.trustedRegistries',
  'bulkhead.internalHosts',
  'bulkhead.daemon.files',
  'bulkhead.compose.files',
]) {
  const setting = pkg.contributes.configuration.properties[key];
  setting.maxItems = MAX_GLOBS;
  setting.items = { ...setting.items, maxLength: MAX_GLOB_LENGTH };
}
{
  const setting = pkg.contributes.configuration.properties['bulkhead.buildArgs'];
  const { description, ...bounds } = buildArgsSchema('');
  void description;
  Object.assign(setting, bounds);
}
// the Dockerfile names: the one list (shared/src/dockerfileNames.ts) the CLI's walk and the editor's selector read
{
  const dockerfile = pkg.contributes.languages.find((l) => l.id === 'dockerfile');
  dockerfile.filenames = [...DOCKERFILE_FILENAMES];
  dockerfile.filenamePatterns = [...DOCKERFILE_FILENAME_PATTERNS];
  const names = [...DOCKERFILE_FILENAMES, ...DOCKERFILE_FILENAME_PATTERNS];
  const others = pkg.activationEvents.filter((e) => e !== 'onLanguage:dockerfile' && !/ontainerfile|ockerfile/.test(e));
  pkg.activationEvents = ['onLanguage:dockerfile', `workspaceContains:**/{${names.join(',')}}`, ...others];
}
outputs.push({ file: 'package.json', text: JSON.stringify(pkg, null, 2) + '\n' });

const readmeFile = path.join(root, 'README.md');
if (fs.existsSync(readmeFile)) {
  const readme = fs.readFileSync(readmeFile, 'utf8');
  const start = '<!-- rules:start (generated by scripts/generate.mjs) -->';
  const end = '<!-- rules:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) {
    console.error('README.md lacks the rule table markers');
    process.exit(1);
  }
  outputs.push({
    file: 'README.md',
    text: readme.slice(0, a + start.length) + '\n' + readmeTable() + '\n' + readme.slice(b),
  });
}

// each rule page's header, from the rule's metadata; the hand-written body below it stays as it is
for (const r of allRules) {
  const file = `docs/rules/${r.id}.md`;
  const page = path.join(root, file);
  if (!fs.existsSync(page)) {
    console.error(`${file} is missing: every rule has a page (see docs/architecture.md, "Adding a kind")`);
    process.exit(1);
  }
  try {
    const language = LANGUAGES.find((l) => l.kind === r.kind);
    outputs.push({ file, text: withRuleDocHeader(fs.readFileSync(page, 'utf8'), r, language) });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

let drift = 0;
for (const o of outputs) {
  const file = path.join(root, o.file);
  // generated code is written as Prettier would format it, so `npm run lint`'s format check and this drift check agree
  if (o.file.endsWith('.ts'))
    o.text = await prettier.format(o.text, { ...(await prettier.resolveConfig(file)), filepath: file });
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current === o.text) continue;
  if (check) {
    console.error(`${o.file} is out of date: run \`npm run generate\``);
    drift++;
  } else {
    fs.writeFileSync(file, o.text);
    console.log(`wrote ${o.file}`);
  }
}
process.exit(drift ? 1 : 0);

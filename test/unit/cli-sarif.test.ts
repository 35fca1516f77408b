// SARIF as code-scanning dashboards read it: the 2.1.0 schema's shape (required properties, the names each object
// may hold), help links on the web and never on this machine, and partialFingerprints that survive line moves.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './helpers';
import { runCli, tempDir, projectMaker } from './cli-helpers';
import { FINGERPRINT_KEY, SARIF_SCHEMA } from '../../server/src/cli/report';
import { fingerprints } from '../../server/src/service/fingerprint';

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const { dir: TMP, cleanup } = tempDir('bulkhead-sarif-');
after(cleanup);

const project = projectMaker(TMP);

/** An object whose properties are those the SARIF 2.1.0 schema names for it (it allows no others), some required. */
const object = (names: string[], required: string[] = [], properties: Record<string, object> = {}) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties: { ...Object.fromEntries(names.map((n) => [n, {}])), ...properties },
});
const WEB_URI = { type: 'string', pattern: '^https?://' };
const message = { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }] };
const region = object(
  [
    'startLine',
    'startColumn',
    'endLine',
    'endColumn',
    'charOffset',
    'charLength',
    'byteOffset',
    'byteLength',
    'snippet',
    'message',
    'sourceLanguage',
    'properties',
  ],
  [],
  Object.fromEntries(
    ['startLine', 'startColumn', 'endLine', 'endColumn'].map((k) => [k, { type: 'integer', minimum: 1 }]),
  ),
);
const artifactLocation = object(['uri', 'uriBaseId', 'index', 'description', 'properties'], [], {
  uri: { type: 'string', not: { pattern: '^(file:|/)' } },
});
const physicalLocation = object(['address', 'artifactLocation', 'region', 'contextRegion', 'properties'], [], {
  artifactLocation,
  region,
});
const location = object(
  ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  [],
  { physicalLocation, message },
);
const reportingDescriptor = object(
  [
    'id',
    'deprecatedIds',
    'guid',
    'deprecatedGuids',
    'name',
    'deprecatedNames',
    'shortDescription',
    'fullDescription',
    'messageStrings',
    'defaultConfiguration',
    'helpUri',
    'help',
    'relationships',
    'properties',
  ],
  ['id'],
  { helpUri: WEB_URI, shortDescription: message, fullDescription: message, help: message },
);
const result = object(
  [
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'analysisTarget',
    'locations',
    'guid',
    'correlationGuid',
    'occurrenceCount',
    'partialFingerprints',
    'fingerprints',
    'stacks',
    'codeFlows',
    'graphs',
    'graphTraversals',
    'relatedLocations',
    'suppressions',
    'baselineState',
    'rank',
    'attachments',
    'hostedViewerUri',
    'workItemUris',
    'provenance',
    'fixes',
    'taxa',
    'webRequest',
    'webResponse',
    'properties',
  ],
  ['message'],
  {
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message,
    locations: { type: 'array', items: location },
    relatedLocations: { type: 'array', items: location },
    partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
  },
);
const toolComponent = object(
  [
    'guid',
    'name',
    'organization',
    'product',
    'productSuite',
    'shortDescription',
    'fullDescription',
    'fullName',
    'version',
    'semanticVersion',
    'dottedQuadFileVersion',
    'releaseDateUtc',
    'downloadUri',
    'informationUri',
    'globalMessageStrings',
    'notifications',
    'rules',
    'taxa',
    'locations',
    'language',
    'contents',
    'isComprehensive',
    'localizedDataSemanticVersion',
    'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent',
    'translationMetadata',
    'supportedTaxonomies',
    'properties',
  ],
  ['name'],
  { informationUri: WEB_URI, rules: { type: 'array', items: reportingDescriptor } },
);
const invocation = {
  type: 'object',
  required: ['executionSuccessful'],
  properties: { toolExecutionNotifications: { type: 'array', items: { type: 'object', required: ['message'] } } },
};
const run = object(
  [
    'tool',
    'invocations',
    'conversion',
    'language',
    'versionControlProvenance',
    'originalUriBaseIds',
    'artifacts',
    'logicalLocations',
    'graphs',
    'results',
    'automationDetails',
    'runAggregates',
    'baselineGuid',
    'redactionTokens',
    'defaultEncoding',
    'defaultSourceLanguage',
    'newlineSequences',
    'columnKind',
    'externalPropertyFileReferences',
    'threadFlowLocations',
    'taxonomies',
    'addresses',
    'translations',
    'policies',
    'webRequests',
    'webResponses',
    'specialLocations',
    'properties',
  ],
  ['tool'],
  {
    tool: object(['driver', 'extensions', 'properties'], ['driver'], { driver: toolComponent }),
    invocations: { type: 'array', items: invocation },
    results: { type: 'array', items: result },
    columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
  },
);
const SARIF_SHAPE = object(
  ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  ['version', 'runs'],
  {
    $schema: { const: SARIF_SCHEMA },
    version: { const: '2.1.0' },
    runs: { type: 'array', items: run },
  },
);
const validate = new Ajv({ allErrors: true, strict: false }).compile(SARIF_SHAPE);

function sarif(args: string[], cwd: string) {
  const r = runCli(['check', '--format', 'sarif', ...args], { cwd });
  return { ...r, log: JSON.parse(r.stdout) };
}

const DOCKERFILE = [
  'FROM alpine:3.19 AS build',
  'ADD app.py /app/',
  'RUN echo hi',
  'FROM alpine:3.19',
  'ADD app.py /app/',
  'CMD ["python3", "/app/app.py"]',
  '',
].join('\n');

test('sarif: the 2.1.0 shape, $schema, informationUri and a web helpUri for every rule, no file:// help link', () => {
  const root = project({
    Dockerfile: DOCKERFILE,
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
  });
  const { code, log, stdout } = sarif([], root);
  assert.equal(code, 1);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.ok(log.runs[0].results.length >= 3);
  const web = PKG.repository.url.replace(/\.git$/, '');
  assert.match(web, /^https:\/\//);
  assert.equal(log.runs[0].tool.driver.informationUri, web);
  for (const rule of log.runs[0].tool.driver.rules)
    if (rule.id !== 'bulkhead') assert.equal(rule.helpUri, `${web}/blob/main/docs/rules/${rule.id}.md`);
  // each rule is tagged with its own kind
  const tags = (id: string) => log.runs[0].tool.driver.rules.find((r) => r.id === id)?.properties.tags;
  assert.deepEqual(tags('compose-privileged').slice(0, 2), ['security', 'compose']);
  assert.deepEqual(tags('add-instead-of-copy').slice(0, 2), ['security', 'dockerfile']);
  assert.doesNotMatch(stdout, /"helpUri": "file:/);
  // nothing of the docs folder beside the CLI leaks in
  assert.ok(!stdout.includes(path.join(ROOT, 'docs')), 'the local docs folder appears in the log');

  // the shape is no formality: it refuses what the real schema refuses
  const driver = (extra: object) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', ...extra } } }] });
  assert.ok(validate(driver({})));
  assert.ok(!validate(driver({ information_uri: 'https://x' })));
  assert.ok(!validate(driver({ rules: [{ id: 'a', helpUri: 'file:///x/a.md' }] })));
  assert.ok(!validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {} }] }] }));

  const empty = sarif([], project({ 'Dockerfile.ok': '# nothing to say\n' }));
  assert.equal(empty.code, 0);
  assert.ok(validate(empty.log), JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(empty.log.runs[0].results, []);
});

/**
 * Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool, the validator the SARIF TC points to): `validate` checks a
 * log against the SARIF 2.1.0 JSON schema and the spec's rules, and writes its verdicts as a SARIF log of its own.
 */
function multitool(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const bin = path.join(
    path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')),
    'Sarif.Multitool',
  );
  // the published tarball leaves the executable's mode bits off
  fs.chmodSync(bin, 0o755);
  return bin;
}

test(
  'sarif: the SARIF Multitool validates the log (2.1.0 JSON schema and the spec rules): no error, no warning',
  {
    skip:
      process.platform === 'linux' && process.arch === 'x64' ? false : 'the Multitool package here is for linux-x64',
  },
  () => {
    const bin = multitool()!;
    const root = project({
      Dockerfile: DOCKERFILE,
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
      'daemon.json': '{ "icc": true, "log-level": "debug" }\n',
    });
    const { stdout } = sarif([], root);
    const log = path.join(root, 'bulkhead.sarif');
    const verdicts = path.join(root, 'verdicts.sarif');
    fs.writeFileSync(log, stdout);
    const run = spawnSync(bin, ['validate', log, '--output', verdicts, '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const results = (JSON.parse(fs.readFileSync(verdicts, 'utf8')) as { runs: { results?: unknown[] }[] }).runs.flatMap(
      (r) => r.results ?? [],
    ) as { level?: string; ruleId: string; message: unknown }[];
    assert.deepEqual(
      results.filter((r) => r.level === 'error' || r.level === 'warning' || r.level === undefined),
      [],
      'the Multitool found errors or warnings',
    );
    // it does judge: a log with a result that has no message is an error to it
    const broken = JSON.parse(stdout) as { runs: { results: { message?: unknown }[] }[] };
    delete broken.runs[0].results[0].message;
    fs.writeFileSync(log, JSON.stringify(broken));
    spawnSync(bin, ['validate', log, '--output', verdicts, '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const flagged = (
      JSON.parse(fs.readFileSync(verdicts, 'utf8')) as { runs: { results?: { level?: string }[] }[] }
    ).runs.flatMap((r) => r.results ?? []);
    assert.ok(
      flagged.some((r) => r.level === 'error' || r.level === undefined),
      'a broken log is flagged',
    );
  },
);

test('sarif --docs-base: help links under that web address; a local path or file: URL is a usage error', () => {
  const root = project({ Dockerfile: DOCKERFILE });
  const { log } = sarif(['--docs-base', 'https://docs.example.org/bulkhead/rules/'], root);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const helpUris = log.runs[0].tool.driver.rules.map((r) => r.helpUri);
  assert.ok(helpUris.includes('https://docs.example.org/bulkhead/rules/root-user.md'), helpUris.slice(0, 3).join());
  for (const bad of ['/srv/docs', 'file:///srv/docs', 'docs/rules', 'ftp://h/x']) {
    const r = runCli(['check', '--format', 'sarif', '--docs-base', bad], { cwd: root });
    assert.equal(r.code, 2, bad);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--docs-base needs an http\(s\) URL/);
  }
  const explained = runCli(['explain', 'root-user', '--docs-base', 'https://docs.example.org/r']);
  assert.match(explained.stdout, /On the web: https:\/\/docs\.example\.org\/r\/root-user\.md\n/);
});

/** Each result's rule and fingerprint, sorted: what a dashboard matches alerts by. */
function prints(log) {
  return log.runs[0].results.map((r) => `${r.ruleId} ${r.partialFingerprints[FINGERPRINT_KEY]}`).sort();
}

test('sarif partialFingerprints: unique per finding, the same after lines move or are re-indented, new when the line changes', () => {
  const before = sarif([], project({ Dockerfile: DOCKERFILE })).log;
  const list = prints(before);
  assert.equal(new Set(list).size, list.length, 'two findings share a fingerprint');
  assert.ok(
    list.filter((p) => p.startsWith('add-instead-of-copy ')).length === 2,
    'the same ADD line in two stages: two findings, two fingerprints',
  );
  for (const r of before.runs[0].results) assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}$/);

  const moved = ['', '# a comment added above', '', ...DOCKERFILE.split('\n')]
    .map((l) => (l.startsWith('ADD') ? `   ${l.replace(' ', '   ')}` : l))
    .join('\r\n');
  const after = sarif([], project({ Dockerfile: moved })).log;
  assert.notDeepEqual(
    after.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine),
    before.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine),
  );
  assert.deepEqual(prints(after), list);

  const changed = sarif(
    [],
    project({ Dockerfile: DOCKERFILE.replace('ADD app.py /app/\nCMD', 'ADD main.py /app/\nCMD') }),
  );
  const adds = (log) => prints(log).filter((p) => p.startsWith('add-instead-of-copy '));
  assert.equal(
    adds(changed.log).filter((p) => adds(before).includes(p)).length,
    1,
    'only the unchanged ADD keeps its print',
  );
});

test('fingerprints: a credential on the line is masked before hashing (the print does not change with the secret)', () => {
  const at = (secret: string) =>
    fingerprints(
      [{ rule: 'secret-value', line: 1, column: 1, endLine: 1, endColumn: 10 }],
      `ENV AWS_ACCESS_KEY_ID=${secret}`,
    );
  assert.deepEqual(at('AKIAABCDEFGHIJKLMNOP'), at('AKIAQRSTUVWXYZ234567'));
  assert.notDeepEqual(at('AKIAABCDEFGHIJKLMNOP'), at('not-a-key'));
  // a finding outside the text (a deleted line) still gets a print, and the order given is kept
  const two = fingerprints(
    [
      { rule: 'r', line: 9, column: 1, endLine: 9, endColumn: 1 },
      { rule: 'r', line: 1, column: 1, endLine: 1, endColumn: 1 },
    ],
    'x',
  );
  assert.equal(two.length, 2);
  assert.notEqual(two[0], two[1]);
});

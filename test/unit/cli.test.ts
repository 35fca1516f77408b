// The CLI end to end: a real `node dist/cli.js` process on temporary folders. Formats, exit codes, the directory
// walk, configuration files, .dockerignore, and secret masking.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './helpers';
import { CLI, runCli, checkJson, tempDir, projectMaker, documentLines, assertFindingInside } from './cli-helpers';
import { basenameOf } from '../../server/src/common/documents';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { severityName } from '../../server/src/rules/diagnostics';
import { documentKind } from '../../server/src/service/languages';
import { allRules, ruleById } from '../../server/src/service/registry';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';
import { plainText } from '../../server/src/text/plain';
import { FORMATS, parseArgs } from '../../server/src/cli/args';

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The project's web page, from package.json `repository`. */
const WEB = PKG.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const { dir: TMP, cleanup } = tempDir('bulkhead-cli-');
after(cleanup);

// root-user fires on the FROM image (no USER), add-instead-of-copy on the ADD keyword.
const INSECURE = 'FROM alpine:3.19\nADD app.py /app/\nCMD ["python3", "/app/app.py"]\n';
const HARDENED = [
  'FROM gcr.io/distroless/python3-debian12:nonroot@sha256:' + 'a'.repeat(64),
  'COPY --chown=65532:65532 app.py /app/app.py',
  'USER 65532:65532',
  'HEALTHCHECK CMD ["python3", "-c", "print(1)"]',
  'ENTRYPOINT ["python3", "/app/app.py"]',
  '',
].join('\n');
const TEXT_LINE = /^(.+):(\d+):(\d+) (error|warning|info|hint) ([a-z0-9-]+) (.+)$/;
const FINDING_KEYS = ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity'];

const project = projectMaker(TMP);

/** A .bulkhead.json that turns every rule off except the given overrides: output independent of new rules. */
function onlyRules(overrides) {
  const rules = Object.fromEntries(allRules.map((r) => [r.id, 'off']));
  return JSON.stringify({ rules: { ...rules, ...overrides } }, null, 2);
}

function stderrLines(r) {
  return r.stderr.split('\n').filter(Boolean);
}

test('--help documents the commands, the default threshold and the exit codes', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0);
  for (const s of [
    'bulkhead check',
    '--format',
    '--config',
    '--fail-on',
    'warning (default)',
    'Exit codes',
    'bulkhead rules',
    'bulkhead pin',
    '--dry-run',
    '--update',
    '--use-credential-helpers',
    '*devcontainer.json as a dev container configuration',
    'devcontainer.json and .devcontainer.json',
  ]) {
    assert.ok(r.stdout.includes(s), `help lacks "${s}"`);
  }
  assert.equal(runCli(['check', '-h']).stdout, r.stdout);
});

test('--version prints the package version', () => {
  const r = runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), PKG.version);
});

test('after `--` every argument is a path: files named -h, --help, -V and --version are checked, not read as options', () => {
  const root = project(Object.fromEntries(['-h', '--help', '-V', '--version'].map((n) => [n, 'FROM ubuntu:latest\n'])));
  for (const name of ['-h', '--help', '-V', '--version']) {
    assert.deepEqual(parseArgs(['check', '--', name]).command, 'check', name);
    const r = runCli(['check', '--format', 'json', '--', name], { cwd: root });
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    const files = new Set(JSON.parse(r.stdout).map((f: { file: string }) => f.file));
    assert.deepEqual([...files], [name]);
  }
  // before `--` they are the options still
  assert.equal(parseArgs(['check', '-h', '--', 'x']).command, 'help');
  assert.equal(parseArgs(['check', 'x', '--version']).command, 'version');
});

test('a working folder removed under the shell: check says so (exit 2, no stack trace); --version needs none', (t) => {
  // Windows keeps a process's working folder from being removed (and has no sh to do it with)
  if (process.platform === 'win32') return t.skip('a working folder in use cannot be removed on Windows');
  const root = project({ Dockerfile: 'FROM ubuntu:latest\n' });
  const gone = path.join(root, 'gone');
  for (const [args, code, out] of [
    [`check ${JSON.stringify(path.join(root, 'Dockerfile'))}`, 2, /^$/],
    ['--version', 0, new RegExp(`^${PKG.version.replace(/\./g, '\\.')}\n$`)],
  ] as const) {
    fs.mkdirSync(gone);
    // the shell enters the folder, removes it, then runs bulkhead there
    const r = spawnSync(
      'sh',
      ['-c', `cd "$1" && rmdir "$1" && exec "$2" "$3" ${args}`, 'sh', gone, process.execPath, CLI],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, code, `${args}: ${r.stderr}`);
    assert.match(r.stdout, out, args);
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, `${args}: no stack trace`);
    if (code === 2) assert.match(r.stderr, /cannot use the working folder: no such file or directory/);
  }
});

test('rules lists every registry rule with severity and title; --format json matches the registry', () => {
  const text = runCli(['rules']);
  assert.equal(text.code, 0);
  const lines = text.stdout.trim().split('\n');
  assert.equal(lines.length, allRules.length);
  for (const rule of allRules) {
    const line = lines.find((l) => l.split(/\s+/)[0] === rule.id);
    assert.ok(line, `rules does not list ${rule.id}`);
    assert.match(
      line,
      new RegExp(`^${rule.id}\\s+${rule.severity}\\s+${rule.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  }
  const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout);
  assert.deepEqual(
    json.map((r) => [r.id, r.severity, r.title]),
    allRules.map((r) => [r.id, r.severity, r.title]),
  );
});

test('explain prints the rule rationale, remedy and documentation path', () => {
  const rule = ruleById('root-user');
  const r = runCli(['explain', 'root-user']);
  assert.equal(r.code, 0);
  // the terminal gets plain text: code marks become quotes, no Markdown is left
  assert.ok(r.stdout.includes(plainText(rule.rationale)));
  assert.ok(r.stdout.includes(plainText(rule.remedy)));
  assert.doesNotMatch(r.stdout, /\*\*|`/);
  const doc = /Documentation: (file:\S+)/.exec(r.stdout)?.[1];
  assert.ok(doc && fs.existsSync(fileURLToPath(doc)), `documentation link ${doc} does not point at a file`);
  assert.match(r.stdout, new RegExp(`On the web: ${WEB}/blob/main/docs/rules/root-user\\.md\n`));
});

test('text format: file:line:col severity rule message, relative paths, summary on stderr', () => {
  const root = project({ 'svc/Dockerfile': INSECURE });
  const r = runCli(['check', 'svc'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  for (const l of lines) assert.match(l, TEXT_LINE);
  assert.ok(
    lines.some((l) => l.startsWith('svc/Dockerfile:1:6 warning root-user ')),
    r.stdout,
  );
  assert.ok(
    lines.some((l) => l.startsWith('svc/Dockerfile:2:1 warning add-instead-of-copy ')),
    r.stdout,
  );
  const summary = stderrLines(r).at(-1);
  assert.match(summary, new RegExp(`^bulkhead: ${lines.length} problems \\(.*\\) in 1 file \\(1 file checked\\)$`));

  // the text lines are exactly the JSON findings
  const j = checkJson(['svc'], { cwd: root });
  assert.deepEqual(
    lines,
    j.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`),
  );
});

test('json format: the service findings, 1-based, inside the file', () => {
  const root = project({ Dockerfile: INSECURE });
  const r = checkJson([], { cwd: root });
  assert.equal(r.code, 1);
  assert.ok(r.findings.length >= 2);
  for (const f of r.findings) {
    assert.deepEqual(Object.keys(f).sort(), FINDING_KEYS);
    assert.equal(f.file, 'Dockerfile');
    assertFindingInside(documentLines(INSECURE), f);
  }
  const expected = lintDockerfile(INSECURE, pathToFileURL(path.join(root, 'Dockerfile')).toString(), DEFAULT_CONFIG, {
    dockerignore: null,
    today: new Date(),
  }).diagnostics.map((d) => ({
    rule: d.code,
    severity: severityName(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    message: plainText(String(d.message)),
  }));
  assert.deepEqual(
    r.findings.map(({ file, ...rest }) => rest),
    expected,
  );
  const add = r.findings.find((f) => f.rule === 'add-instead-of-copy');
  assert.deepEqual([add.line, add.column, add.endLine, add.endColumn], [2, 1, 2, 4]);
});

test('json format: a message printed again for another file is the same plain text (a message is made plain once per run)', () => {
  const root = project({ 'a/Dockerfile': INSECURE, 'b/Dockerfile': INSECURE });
  const r = checkJson(['a/Dockerfile', 'b/Dockerfile'], { cwd: root });
  const messages = lintDockerfile(INSECURE, 'file:///x/Dockerfile', DEFAULT_CONFIG, {
    dockerignore: null,
    today: new Date(),
  }).diagnostics.map((d) => String(d.message));
  assert.ok(
    messages.some((m) => m.includes('`')),
    'a message with Markdown to make plain',
  );
  const of = (file: string) => r.findings.filter((f) => f.file === file).map((f) => f.message);
  assert.deepEqual(of('a/Dockerfile'), messages.map(plainText));
  assert.deepEqual(of('b/Dockerfile'), of('a/Dockerfile'));
});

test('a Compose finding reported once for several services: json adds related (each service, 1-based), sarif relatedLocations', () => {
  const compose = ['services:', '  web:', '    image: nginx:1.27', '  db:', '    image: postgres:17', ''].join('\n');
  const root = project({
    'compose.yaml': compose,
    '.bulkhead.json': onlyRules({ 'compose-no-new-privileges': 'warning' }),
  });
  const r = checkJson([], { cwd: root });
  assert.equal(r.code, 1, 'at warning, the default --fail-on fails');
  assert.equal(r.findings.length, 1);
  const [f] = r.findings;
  assert.deepEqual([f.rule, f.line, f.column, f.endColumn], ['compose-no-new-privileges', 1, 1, 9]);
  assert.match(f.message, /^All 2 services \("web" and "db"\) do not set "no-new-privileges:true"/);
  assert.deepEqual(
    f.related.map((x) => [x.line, x.column, x.endLine, x.endColumn, x.message.split(':')[0]]),
    [
      [2, 3, 2, 6, 'Service "web" does not set "no-new-privileges'],
      [4, 3, 4, 5, 'Service "db" does not set "no-new-privileges'],
    ],
  );
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: root }).stdout);
  const [result] = sarif.runs[0].results;
  assert.deepEqual(
    result.relatedLocations.map((l) => [
      l.id,
      l.physicalLocation.region.startLine,
      l.message.text === f.related[l.id].message,
    ]),
    [
      [0, 2, true],
      [1, 4, true],
    ],
  );
  assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'compose.yaml');
});

test('sarif format: SARIF 2.1.0 with registry metadata for every rule that fired', () => {
  const root = project({ 'a b/Dockerfile': INSECURE, 'c/Containerfile': INSECURE });
  const r = runCli(['check', '--format', 'sarif'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'bulkhead');
  assert.equal(driver.version, PKG.version);
  assert.equal(driver.informationUri, WEB);
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, pathToFileURL(root).toString() + '/');

  // the log is read on another machine: the only local path is the root the relative artifact URIs were resolved
  // against; help links are web pages
  const walk = (v, key?) => {
    if (typeof v === 'string' && /uri$/i.test(key ?? '') && v !== run.originalUriBaseIds.SRCROOT.uri)
      assert.doesNotMatch(v, /^file:/i, `${key} = ${v}`);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(log);

  const json = checkJson([], { cwd: root }).findings;
  assert.equal(run.results.length, json.length);
  const fired = new Set<string>(run.results.map((x) => x.ruleId));
  assert.ok(fired.has('root-user') && fired.has('add-instead-of-copy'));
  for (const id of fired) {
    const meta = ruleById(id);
    const rule = driver.rules.find((x) => x.id === id);
    assert.ok(rule, `driver.rules lacks ${id}`);
    assert.equal(rule.shortDescription.text, meta.title);
    assert.equal(rule.fullDescription.text, meta.rationale);
    for (const part of [meta.rationale, meta.remedy, ...meta.guidance, ...meta.anchors.map((a) => a.id)]) {
      assert.ok(rule.help.markdown.includes(part), `${id} help.markdown lacks "${part}"`);
      assert.ok(rule.help.text.includes(plainText(part)), `${id} help.text lacks "${part}"`);
    }
    assert.doesNotMatch(rule.help.text, /\*\*|`/, 'help.text is plain text');
    assert.equal(rule.helpUri, `${WEB}/blob/main/docs/rules/${id}.md`);
    assert.equal(
      rule.defaultConfiguration.level,
      { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[meta.severity],
    );
    assert.ok(rule.properties.tags.includes('security'));
    for (const g of meta.guidance) assert.ok(rule.properties.tags.includes(g));
  }
  for (const result of run.results) {
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, 'SRCROOT');
    assert.doesNotMatch(loc.artifactLocation.uri, /^(\/|file:)/, 'artifact URIs are relative');
    const file = decodeURIComponent(loc.artifactLocation.uri);
    const same = json.find(
      (f) =>
        f.file === file &&
        f.rule === result.ruleId &&
        f.line === loc.region.startLine &&
        f.column === loc.region.startColumn,
    );
    assert.ok(
      same,
      `SARIF result ${result.ruleId} at ${file}:${loc.region.startLine}:${loc.region.startColumn} is not in the JSON output`,
    );
    assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[same.severity]);
    assert.equal(result.message.text, same.message);
    assert.deepEqual([loc.region.endLine, loc.region.endColumn], [same.endLine, same.endColumn]);
  }
  assert.ok(
    run.results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'a%20b/Dockerfile'),
    'spaces are percent-encoded',
  );
  // the links name pages of the repository (docs.test.ts checks that every rule has one)
  for (const id of ['root-user', 'add-instead-of-copy']) {
    const page = driver.rules.find((x) => x.id === id).helpUri.slice(`${WEB}/blob/main/`.length);
    assert.ok(fs.existsSync(path.join(ROOT, page)), `${id}: helpUri names no page of the repository`);
  }
});

test('exit codes follow --fail-on (default warning); hints never fail', () => {
  const root = project({
    Dockerfile: INSECURE,
    'info.json': onlyRules({ 'root-user': 'info', 'add-instead-of-copy': 'info' }),
    'error.json': onlyRules({ 'root-user': 'error', 'add-instead-of-copy': 'info' }),
    'hint.json': onlyRules({ 'root-user': 'hint', 'add-instead-of-copy': 'hint' }),
    'off.json': onlyRules({}),
  });
  const run = (config, ...failOn) =>
    checkJson(['--config', config, ...(failOn.length ? ['--fail-on', ...failOn] : [])], { cwd: root });

  const info = run('info.json');
  assert.deepEqual(info.findings.map((f) => `${f.rule}:${f.severity}`).sort(), [
    'add-instead-of-copy:info',
    'root-user:info',
  ]);
  assert.equal(info.code, 0, 'info findings do not fail at the default threshold');
  assert.equal(run('info.json', 'warning').code, 0);
  assert.equal(run('info.json', 'error').code, 0);
  assert.equal(run('info.json', 'info').code, 1);

  const error = run('error.json');
  assert.equal(error.findings.find((f) => f.rule === 'root-user').severity, 'error');
  assert.equal(error.code, 1);
  assert.equal(run('error.json', 'error').code, 1);

  const hint = run('hint.json', 'info');
  assert.deepEqual(
    hint.findings.map((f) => f.severity),
    ['hint', 'hint'],
  );
  assert.equal(hint.code, 0);

  const off = run('off.json', 'info');
  assert.deepEqual(off.findings, []);
  assert.equal(off.code, 0);
  const offText = runCli(['check', '--config', 'off.json', '--fail-on', 'info'], { cwd: root });
  assert.equal(offText.stdout, '');
  assert.match(offText.stderr, /no problems \(1 file checked\)/);

  // default rules and threshold: both warnings fail
  assert.equal(checkJson([], { cwd: root }).code, 1);
});

test('a hardened Dockerfile: the two core rules stay quiet and the exit code matches the findings', () => {
  const root = project({ Dockerfile: HARDENED });
  const r = checkJson([], { cwd: root });
  assert.deepEqual(
    r.findings.filter((f) => ['root-user', 'add-instead-of-copy'].includes(f.rule)),
    [],
  );
  const failing = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.equal(r.code, failing.length ? 1 : 0, JSON.stringify(failing));
});

test('usage and configuration errors: exit 2, one line on stderr, nothing on stdout', () => {
  const root = project({
    Dockerfile: INSECURE,
    'trailing.json': '{ "rules": { "root-user": "warning", }, }',
    'broken.json': '{ "rules": ',
    'unknown.json': '{ "rules": { "no-such-rule": "off" } }',
    'severity.json': '{ "rules": { "root-user": "loud" } }',
    'array.json': '[1, 2]',
  });
  const cases: [args: string[], message: RegExp][] = [
    [[], /missing command/],
    [['lint'], /unknown command "lint"/],
    [['check', '--frobnicate'], /unknown option "--frobnicate"/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--fail-on', 'never'], /--fail-on must be one of error, warning, info/],
    [['check', '--fail-on=hint'], /--fail-on must be one of/],
    [['check', '--format', 'json', '--format', 'text'], /given twice/],
    [['check', '--build-arg', '=x'], /--build-arg needs NAME=VALUE: a build argument needs a name/],
    [['check', '--build-arg'], /--build-arg needs a value/],
    [['check', '--config', 'missing.json'], /--config missing\.json: no such file/],
    [['check', '--config', '.'], /--config \.: is a directory/],
    [['check', '--config', 'broken.json'], /--config broken\.json: invalid JSON/],
    [['check', '--config', 'unknown.json'], /unknown rule "no-such-rule"/],
    [['check', '--config', 'severity.json'], /severity must be one of/],
    [['check', '--config', 'array.json'], /must be a JSON object/],
    [['rules', 'extra'], /rules takes no arguments/],
    [['explain', 'no-such-rule'], /unknown rule "no-such-rule"/],
    [['explain'], /exactly one rule id/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, { cwd: root });
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.equal(r.stdout, '', `${args.join(' ')}: printed on stdout`);
    const lines = stderrLines(r);
    assert.equal(lines.length, 1, `${args.join(' ')}: not one line:\n${r.stderr}`);
    assert.match(lines[0], /^bulkhead: /);
    assert.match(lines[0], message, args.join(' '));
  }
  // trailing commas are accepted, as in VS Code settings
  assert.equal(runCli(['check', '--config', 'trailing.json'], { cwd: root }).code, 1);
});

test('a missing path is an error (exit 2) but the other paths are still checked', () => {
  const root = project({ Dockerfile: INSECURE });
  const alone = runCli(['check', 'nope'], { cwd: root });
  assert.equal(alone.code, 2);
  assert.equal(stderrLines(alone)[0], 'bulkhead: nope: no such file or directory');

  const mixed = checkJson(['nope', 'Dockerfile'], { cwd: root });
  assert.equal(mixed.code, 2, 'the error wins over findings');
  assert.ok(
    mixed.findings.some((f) => f.rule === 'root-user'),
    'the existing file was still linted',
  );
  assert.match(mixed.stderr, /nope: no such file or directory/);

  fs.symlinkSync('loop', path.join(root, 'loop'));
  const loop = runCli(['check', 'loop'], { cwd: root });
  assert.equal(loop.code, 2);
  assert.match(loop.stderr, /loop: too many levels of symbolic links/);
});

test('directories are walked for Dockerfiles by name; dependency/VCS folders, duplicates and loops are skipped', () => {
  const root = project({
    Dockerfile: INSECURE,
    'svc/api.Dockerfile': INSECURE,
    'svc/Dockerfile.prod': INSECURE,
    'svc/worker.dockerfile': INSECURE,
    'svc/deep/er/Containerfile': INSECURE,
    'svc/deep/Containerfile.dev': INSECURE,
    'svc/Dockerfile.md': '# docs, not a Dockerfile\nFROM alpine\n',
    'svc/Dockerfile.sh': 'echo not a Dockerfile\n',
    'svc/notes.txt': INSECURE,
    'recipes/build-recipe.txt': INSECURE,
    'node_modules/pkg/Dockerfile': INSECURE,
    'svc/node_modules/x/Dockerfile': INSECURE,
    '.git/Dockerfile': INSECURE,
    'vendor/lib/Dockerfile': INSECURE,
    '.github/docker/Dockerfile': INSECURE,
  });
  fs.symlinkSync(root, path.join(root, 'svc/deep/back-to-root')); // a loop: links to folders are not followed
  fs.symlinkSync(path.join(root, 'svc'), path.join(TMP, 'outside-link')); // ...unless named on the command line
  fs.symlinkSync('api.Dockerfile', path.join(root, 'svc/linked.Dockerfile')); // the same file twice
  fs.symlinkSync('deep/er/Containerfile', path.join(root, 'svc/Dockerfile.link')); // a link to a file: followed
  fs.symlinkSync('missing-target', path.join(root, 'svc/dangling.Dockerfile')); // ignored while walking

  const r = checkJson(['.', 'recipes/build-recipe.txt'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  const files = [...new Set(r.findings.map((f) => f.file))].sort();
  assert.deepEqual(files, [
    '.github/docker/Dockerfile',
    'Dockerfile',
    'recipes/build-recipe.txt',
    'svc/Dockerfile.link', // reached first (names are walked in order), so deep/er/Containerfile is not linted twice
    'svc/Dockerfile.prod',
    'svc/api.Dockerfile',
    'svc/deep/Containerfile.dev',
    'svc/worker.dockerfile',
  ]);
  assert.match(r.stderr, /\(8 files checked\)/);

  // an explicit folder is walked from there; paths stay relative to the working folder
  const sub = checkJson(['svc/deep'], { cwd: root });
  assert.deepEqual([...new Set(sub.findings.map((f) => f.file))].sort(), [
    'svc/deep/Containerfile.dev',
    'svc/deep/er/Containerfile',
  ]);

  // a linked file is linted under its own name unless its target was already seen
  const link = checkJson(['svc/Dockerfile.link'], { cwd: root });
  assert.deepEqual([...new Set(link.findings.map((f) => f.file))], ['svc/Dockerfile.link']);

  // a link to a folder named on the command line is followed
  const outside = checkJson(['../outside-link/deep'], { cwd: root });
  assert.deepEqual([...new Set(outside.findings.map((f) => f.file))].sort(), [
    '../outside-link/deep/Containerfile.dev',
    '../outside-link/deep/er/Containerfile',
  ]);

  // and from inside a subfolder, paths outside it are relative too
  const up = checkJson(['../Dockerfile'], { cwd: path.join(root, 'svc') });
  assert.deepEqual([...new Set(up.findings.map((f) => f.file))], ['../Dockerfile']);

  const empty = runCli(['check', 'recipes'], { cwd: root });
  assert.equal(empty.code, 0);
  assert.match(empty.stderr, /no Dockerfiles, daemon.json, Compose or devcontainer.json files found in recipes/);
});

test('file names with a % that is not a URI escape are walked and linted, not an internal error', () => {
  const root = project({
    'Dockerfile.100%': INSECURE,
    'deploy/compose.50%.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    'etc/daemon.json': '{"icc": true}\n',
    'etc/%zz/Dockerfile': INSECURE,
  });
  const r = checkJson(['.'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.deepEqual([...new Set(r.findings.map((f) => f.file))].sort(), [
    'Dockerfile.100%',
    'deploy/compose.50%.yaml',
    'etc/%zz/Dockerfile',
    'etc/daemon.json',
  ]);
  assert.equal(documentKind('untitled:50%off', 'dockerfile'), 'dockerfile');
  assert.equal(documentKind('/srv/app/compose.50%.yaml'), 'compose');
  assert.equal(basenameOf('file:///srv/My%20App/compose%2Eyaml'), 'compose.yaml');
});

test('a file is linted as its own name says in a folder whose name holds # or ? (a path, not a URI), walked or named', (t) => {
  if (process.platform === 'win32') return t.skip('Windows allows no ? in a file name');
  const privileged = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
  const root = project({
    'c#/compose.yaml': privileged,
    'q?x/docker-compose.yml': privileged,
    'etc#1/daemon.json': '{"icc": true}\n',
    'a#b/Dockerfile.%2e': INSECURE,
  });
  // the kinds of the rules that found something in each file
  const kinds = (findings: { file: string; rule: string }[]) =>
    Object.fromEntries(
      [...new Set(findings.map((f) => f.file))].map((file) => [
        file,
        [...new Set(findings.filter((f) => f.file === file).map((f) => ruleById(f.rule)?.kind))].join(),
      ]),
    );
  const walked = checkJson(['.'], { cwd: root });
  // it was linted as a Dockerfile named `c` (the name a URI would have), which found nothing
  assert.deepEqual(kinds(walked.findings), {
    'a#b/Dockerfile.%2e': 'dockerfile',
    'c#/compose.yaml': 'compose',
    'etc#1/daemon.json': 'daemon',
    'q?x/docker-compose.yml': 'compose',
  });
  assert.ok(walked.findings.some((f) => f.file === 'c#/compose.yaml' && f.rule === 'compose-privileged'));
  const named = checkJson(['c#/compose.yaml', 'etc#1/daemon.json'], { cwd: root });
  assert.deepEqual(kinds(named.findings), { 'c#/compose.yaml': 'compose', 'etc#1/daemon.json': 'daemon' });
});

test('a report of many 64 KB pieces to a file keeps every character whole: names of 2, 3 and 4 bytes in UTF-8', () => {
  // the report is encoded into pieces as it grows (cli.ts Stdout): a character cut at a piece's end would garble it
  // long names: most of each finding's bytes are characters of more than one byte
  const names = ['é-ß'.repeat(40), '日本語'.repeat(20), '\u{1F433}'.repeat(40), 'plain'];
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`${names[i % names.length]}-${i}/Dockerfile`] = INSECURE;
  const root = project(files);
  const out = path.join(root, '..', `${path.basename(root)}-report.json`);
  const fd = fs.openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], {
      cwd: root,
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
  } finally {
    fs.closeSync(fd);
  }
  const bytes = fs.readFileSync(out);
  fs.rmSync(out);
  assert.ok(bytes.length > 4 * 64 * 1024, `${bytes.length} bytes: several pieces`);
  const text = bytes.toString('utf8');
  assert.ok(!text.includes('\uFFFD'), 'no character was cut');
  const findings: { file: string }[] = JSON.parse(text);
  assert.deepEqual(new Set(findings.map((f) => f.file)), new Set(Object.keys(files)));
  // the same bytes as the report printed at once (one file's findings, as JSON.stringify writes them)
  assert.equal(text, JSON.stringify(findings, null, 2) + '\n');
});

test('configuration files: --config overrides and turns off; discovered .bulkhead.json and .hadolint.yaml apply per folder', () => {
  const root = project({
    Dockerfile: INSECURE,
    'quiet/Dockerfile': INSECURE,
    'quiet/.bulkhead.json': '{ "rules": { "root-user": "off", "add-instead-of-copy": "error" } }',
    'hado/Dockerfile': INSECURE,
    'hado/.hadolint.yaml': 'ignored:\n  - DL3020\n',
    'override.json': '{ "rules": { "root-user": "error", "add-instead-of-copy": "off" } }',
  });
  const bySeverity = (findings, file) =>
    Object.fromEntries(
      findings
        .filter((f) => f.file === file && ['root-user', 'add-instead-of-copy'].includes(f.rule))
        .map((f) => [f.rule, f.severity]),
    );

  const found = checkJson([], { cwd: root });
  assert.deepEqual(bySeverity(found.findings, 'Dockerfile'), {
    'root-user': 'warning',
    'add-instead-of-copy': 'warning',
  });
  assert.deepEqual(bySeverity(found.findings, 'quiet/Dockerfile'), { 'add-instead-of-copy': 'error' });
  assert.deepEqual(bySeverity(found.findings, 'hado/Dockerfile'), { 'root-user': 'warning' });

  // --config replaces discovery for every file
  const explicit = checkJson(['--config', 'override.json'], { cwd: root });
  for (const file of ['Dockerfile', 'quiet/Dockerfile', 'hado/Dockerfile']) {
    assert.deepEqual(bySeverity(explicit.findings, file), { 'root-user': 'error' }, file);
  }

  // a broken discovered file is reported (exit 2) and linting goes on with what could be read
  fs.writeFileSync(path.join(root, 'quiet/.bulkhead.json'), '{ "rules": { "root-usr": "off" } }');
  const broken = checkJson([], { cwd: root });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /quiet\/\.bulkhead\.json: unknown rule "root-usr"/);
  assert.equal(bySeverity(broken.findings, 'quiet/Dockerfile')['root-user'], 'warning');
});

test('a .hadolint.yaml with what yaml only warns of (an unresolved tag) applies, and nothing but the summary is printed', () => {
  const root = project({ Dockerfile: INSECURE, '.hadolint.yaml': 'ignored: !custom\n  - DL3020\n' });
  const r = checkJson([], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(!r.findings.some((f) => f.rule === 'add-instead-of-copy'), 'DL3020 is ignored');
  assert.deepEqual(
    r.stderr.split('\n').filter((l) => l && !/^bulkhead: \d+ problems?/.test(l)),
    [],
    'no warning from the YAML library on stderr',
  );
});

test('.dockerignore beside the Dockerfile reaches the rules', (t) => {
  const rule = 'broad-copy-without-dockerignore';
  if (!ruleById(rule)) {
    t.skip(`${rule} is not in the registry yet: no rule reads .dockerignore`);
    return;
  }
  const broad = 'FROM alpine:3.19\nCOPY . /app\nUSER 10001\n';
  const root = project({
    'none/Dockerfile': broad,
    'shared/Dockerfile': broad,
    'shared/.dockerignore': '.git\n.env*\n',
    'own/app.Dockerfile': broad,
    'own/app.Dockerfile.dockerignore': '.git\n.env\n',
  });
  const r = checkJson([], { cwd: root });
  const fired = new Set(r.findings.filter((f) => f.rule === rule).map((f) => f.file));
  assert.deepEqual([...fired], ['none/Dockerfile']);
});

test('secrets never appear unmasked in any output format', () => {
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const pick = (alphabet, n) => Array.from(crypto.randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
  const awsKey = 'AKIA' + pick(base32, 16);
  const ghToken = 'ghp_' + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36);
  const password = pick('abcdefghijkmnpqrstuvwxyz23456789', 20);
  const secrets = [awsKey, ghToken, password];
  const dockerfile = [
    'FROM alpine:3.19',
    `ENV AWS_ACCESS_KEY_ID=${awsKey}`,
    `ARG GITHUB_TOKEN=${ghToken}`,
    `RUN curl -u admin:${password} https://example.com/ && echo ${awsKey}`,
    `ADD https://deploy:${password}@example.com/app.tgz /app.tgz`,
    'ADD app.py /app/',
    '',
  ].join('\n');
  const root = project({ Dockerfile: dockerfile });

  const outputs = [];
  for (const format of FORMATS) {
    const r = runCli(['check', '--format', format, 'Dockerfile'], { cwd: root });
    assert.equal(r.code, 1, `${format}: ${r.stderr}`);
    outputs.push([format, r.stdout + r.stderr]);
  }
  const stdin = runCli(['check', '--format', 'json', '-'], { cwd: root, input: dockerfile });
  outputs.push(['stdin', stdin.stdout + stdin.stderr]);
  for (const [format, out] of outputs) {
    for (const s of secrets) assert.ok(!out.includes(s), `${format} output contains the raw secret ${s.slice(0, 4)}…`);
  }

  // whatever quotes the key quotes it masked
  const findings = JSON.parse(runCli(['check', '--format', 'json', 'Dockerfile'], { cwd: root }).stdout);
  for (const f of findings) {
    if (f.message.includes(awsKey.slice(0, 4))) assert.match(f.message, /AKIA\*{4,}/, `${f.rule}: ${f.message}`);
  }
  if (ruleById('secret-value')) {
    const lines = findings.filter((f) => f.rule === 'secret-value').map((f) => f.line);
    assert.ok(lines.includes(2), `secret-value did not report the AWS key on line 2 (lines ${lines})`);
  }
});

test('credentials in URL query strings never appear unmasked in any output format', () => {
  const secrets = ['Zx9kQ2mPl7RtY3vB8nWc', 'Ab12Cd34Ef56Gh78', 'sekret123456'];
  const dockerfile = [
    'FROM alpine:3.19',
    `ADD https://gitlab.corp/x.tar.gz?private_token=${secrets[0]} /x`,
    `RUN curl 'https://h/install.sh?sv=2023&sig=${secrets[1]}' | sh`,
    `RUN curl -fsSLo /y https://h/y?token=${secrets[2]}`,
    '',
  ].join('\n');
  const root = project({ Dockerfile: dockerfile });
  for (const format of FORMATS) {
    const r = runCli(['check', '--format', format, 'Dockerfile'], { cwd: root });
    assert.equal(r.code, 1, `${format}: ${r.stderr}`);
    for (const s of secrets)
      assert.ok(!(r.stdout + r.stderr).includes(s), `${format} output contains ${s.slice(0, 4)}…`);
    // the runner unescapes a workflow command's %25 back to %
    assert.match(r.stdout, /private_token=\*{8}/, format);
  }
});

test('standard input: "-" is linted as <stdin> with the working folder configuration', () => {
  const root = project({ '.bulkhead.json': '{ "rules": { "add-instead-of-copy": "error" } }' });
  const r = checkJson(['-'], { cwd: root, input: INSECURE });
  assert.equal(r.code, 1);
  assert.ok(r.findings.length >= 2);
  for (const f of r.findings) assert.equal(f.file, '<stdin>');
  assert.equal(r.findings.find((f) => f.rule === 'add-instead-of-copy').severity, 'error');
});

test("standard input with --stdin-filename: daemon.json and Compose files piped in, with the named file's configuration", () => {
  const root = project({ 'deploy/.bulkhead.json': '{ "rules": { "icc-enabled": "off" } }' });
  const daemon = checkJson(['-', '--stdin-filename', 'daemon.json'], {
    cwd: root,
    input: '{ "icc": true, "no-new-privleges": true }\n',
  });
  assert.ok(
    daemon.findings.some((f) => f.rule === 'icc-enabled'),
    JSON.stringify(daemon.findings.map((f) => f.rule)),
  );
  assert.ok(daemon.findings.some((f) => f.rule === 'daemon-unknown-key'));
  const configured = checkJson(['-', '--stdin-filename', 'deploy/daemon.json'], {
    cwd: root,
    input: '{ "icc": true }\n',
  });
  assert.ok(!configured.findings.some((f) => f.rule === 'icc-enabled'), 'deploy/.bulkhead.json applies');
  const compose = checkJson(['-', '--stdin-filename=compose.yaml'], {
    cwd: root,
    input: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
  });
  assert.ok(compose.findings.some((f) => f.rule === 'compose-privileged'));
  for (const f of compose.findings) assert.equal(f.file, '<stdin>');
  const bad = runCli(['check', '-', '--stdin-filename', 'deploy/'], { cwd: root, input: '' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--stdin-filename needs a file name/);
});

test('text output cannot be broken or recoloured by a hostile file name', () => {
  const name = 'Dockerfile.evil\u001b[2J\u202e';
  const root = project({ [name]: INSECURE });
  const r = runCli(['check', '.'], { cwd: root });
  assert.equal(r.code, 1);
  assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u202e'), 'raw control characters in the output');
  const lines = r.stdout.trim().split('\n');
  for (const l of lines) assert.ok(l.startsWith('Dockerfile.evil\\u001b[2J\\u202e:'), l);
  assert.equal(lines.length, checkJson(['.'], { cwd: root }).findings.length);
});

test('npm bin: dist/cli.js is an executable node script', () => {
  assert.equal(PKG.bin.bulkhead, './dist/cli.js');
  const cli = path.join(ROOT, PKG.bin.bulkhead);
  assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
  assert.ok(fs.statSync(cli).mode & 0o111, 'dist/cli.js is not executable');
});

test('--build-arg: repeatable, wins over .bulkhead.json, a name alone takes the environment value', () => {
  const root = project({
    Dockerfile: 'FROM alpine:3.20\nARG RUN_AS=10001\nUSER ${RUN_AS}\nHEALTHCHECK NONE\n',
    '.bulkhead.json': JSON.stringify({ buildArgs: { RUN_AS: 'root' } }),
  });
  const rootUser = (r: ReturnType<typeof checkJson>) => r.findings.filter((f) => f.rule === 'root-user').length;
  assert.equal(rootUser(checkJson([], { cwd: root })), 1, '.bulkhead.json passes root');
  assert.equal(rootUser(checkJson(['--build-arg', 'RUN_AS=10001'], { cwd: root })), 0, 'the command line wins');
  assert.equal(
    rootUser(checkJson(['--build-arg', 'RUN_AS=0', '--build-arg=RUN_AS=10001'], { cwd: root })),
    0,
    'the last one for a name wins, as in docker build',
  );
  const fromEnv = spawnCliWithEnv(['check', '--format', 'json', '--build-arg', 'RUN_AS'], root, { RUN_AS: '1000' });
  assert.equal(JSON.parse(fromEnv.stdout).filter((f: { rule: string }) => f.rule === 'root-user').length, 0);
  const unset = spawnCliWithEnv(['check', '--format', 'json', '--build-arg', 'RUN_AS'], root, {});
  assert.equal(
    JSON.parse(unset.stdout).filter((f: { rule: string }) => f.rule === 'root-user').length,
    1,
    'a name the environment does not set is left out: .bulkhead.json still applies',
  );
});

/** The CLI with exactly this environment (and PATH), for options that read it. */
function spawnCliWithEnv(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  assert.equal(r.error, undefined);
  return r;
}

test('--fix writes the safe fixes in place and says what it fixed; manual fixes are not applied; an unchanged file is not written', () => {
  const root = project({
    Dockerfile:
      'FROM alpine:3.20\nADD app.py /app/\nRUN curl -k https://x -o /x\nUSER 10001\nCMD python3 /app/app.py\n',
    'clean/Dockerfile': HARDENED,
  });
  const clean = path.join(root, 'clean/Dockerfile');
  const past = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(clean, past, past);
  const r = runCli(['check', '--fix', '--format', 'json'], { cwd: root });
  const written = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  // ADD → COPY and the exec-form CMD are safe; removing curl -k is manual (docs/fixes.md) and stays
  assert.equal(
    written,
    'FROM alpine:3.20\nCOPY app.py /app/\nRUN curl -k https://x -o /x\nUSER 10001\nCMD ["python3", "/app/app.py"]\n',
  );
  assert.match(r.stderr, /Dockerfile: fixed 2 problems \(add-instead-of-copy, shell-form-entrypoint\)/);
  assert.match(r.stderr, /fixed 2 problems in 1 file/);
  const left = JSON.parse(r.stdout).map((f: { rule: string }) => f.rule);
  assert.ok(left.includes('tls-verification-disabled') && !left.includes('add-instead-of-copy'), left.join(' '));
  assert.equal(fs.statSync(clean).mtimeMs, past.getTime(), 'a file with nothing to fix is not written');
  const second = runCli(['check', '--fix'], { cwd: root });
  assert.match(second.stderr, /nothing to fix/);
  assert.equal(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), written);
});

test('--fix reports the findings it left in every format: one whole document each, as without --fix', () => {
  const text = 'FROM alpine:3.20\nADD app.py /app/\nRUN curl -k https://x -o /x\nUSER 10001\n';
  for (const format of FORMATS.filter((f) => f !== 'text')) {
    const root = project({ Dockerfile: text });
    const fixed = runCli(['check', '--fix', '--format', format], { cwd: root });
    // the same file already fixed, checked without --fix: what --fix must print for what it left
    const plain = runCli(['check', '--format', format], { cwd: root });
    assert.equal(fixed.code, 1, `${format}: ${fixed.stderr}`);
    assert.match(fixed.stderr, /fixed 1 problem in 1 file/, format);
    assert.equal(fixed.stdout, plain.stdout, `${format}: the report of what is left`);
    assert.match(fixed.stdout, /tls-verification-disabled/, format);
  }
});

test('--fix-dry-run prints the unified diff --fix would apply, writes nothing, and exits 1 when a file would change', () => {
  const text = 'FROM alpine:3.20\r\nADD app.py /app/\r\nUSER 10001\r\n';
  const daemon = '{\n  "debug": true,\n  "debug": false,\n}\n';
  const root = project({ Dockerfile: text, 'daemon.json': daemon });
  const r = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), text, 'nothing written');
  assert.match(
    r.stdout,
    /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ -1,3 \+1,3 @@\n FROM alpine:3\.20\r\n-ADD app\.py \/app\/\r\n\+COPY app\.py \/app\/\r\n/,
  );
  assert.match(r.stderr, /2 files would be fixed/);
  // the diff is what --fix writes: git apply turns the files into the same texts
  const copy = project({ Dockerfile: text, 'daemon.json': daemon });
  fs.writeFileSync(path.join(copy, 'fix.diff'), r.stdout);
  spawnSync('git', ['init', '-q'], { cwd: copy });
  const applied = spawnSync('git', ['apply', 'fix.diff'], { cwd: copy, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  runCli(['check', '--fix'], { cwd: root });
  for (const f of ['Dockerfile', 'daemon.json'])
    assert.equal(fs.readFileSync(path.join(copy, f), 'utf8'), fs.readFileSync(path.join(root, f), 'utf8'), f);
  const none = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /nothing to fix/);
});

test('--fix keeps a BOM, and --fix-dry-run shows it: the diff applies to the file as it is', () => {
  const text = '\uFEFFFROM alpine:3.20\nEXPOSE 22\nADD app.py /app/\nUSER 10001\n';
  const root = project({ Dockerfile: text });
  const copy = project({ Dockerfile: text });
  const dry = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(dry.code, 1, dry.stderr);
  // the first line is the file's own, BOM and all: git apply compares it byte for byte
  assert.ok(dry.stdout.includes('\n \uFEFFFROM alpine:3.20\n'), dry.stdout);
  fs.writeFileSync(path.join(copy, 'fix.diff'), dry.stdout);
  spawnSync('git', ['init', '-q'], { cwd: copy });
  const applied = spawnSync('git', ['apply', 'fix.diff'], { cwd: copy, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  const fixed = runCli(['check', '--fix'], { cwd: root });
  assert.match(fixed.stderr, /Dockerfile: fixed \d+ problems/);
  const written = fs.readFileSync(path.join(root, 'Dockerfile'));
  assert.deepEqual([...written.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
  assert.match(written.toString('utf8'), /^\uFEFFFROM alpine:3\.20\n[^\uFEFF]*COPY app\.py \/app\/\n/);
  assert.deepEqual(fs.readFileSync(path.join(copy, 'Dockerfile')), written, 'the diff gives what --fix writes');
});

test('--fix leaves a file that is not valid UTF-8 as it is, says so, and still reports its findings', () => {
  const root = project({});
  // a Latin-1 é in a comment: decoded, it is U+FFFD, and writing the text back would replace the byte
  const bytes = Buffer.concat([
    Buffer.from('FROM alpine:3.20\n# caf'),
    Buffer.from([0xe9]),
    Buffer.from('\nEXPOSE 22\nUSER 10001\n'),
  ]);
  fs.writeFileSync(path.join(root, 'Dockerfile'), bytes);
  for (const mode of ['--fix', '--fix-dry-run']) {
    const r = runCli(['check', mode], { cwd: root });
    assert.match(r.stderr, /Dockerfile: not valid UTF-8; not fixed/, mode);
    assert.doesNotMatch(r.stderr, /fixed 1 problem|would be fixed/, mode);
    assert.deepEqual(fs.readFileSync(path.join(root, 'Dockerfile')), bytes, `${mode}: not a byte changed`);
    if (mode === '--fix') assert.match(r.stdout, /ssh-port-exposed/, 'the findings are still reported');
    else assert.equal(r.stdout, '', 'no diff');
  }
  // one with nothing to fix is not mentioned
  fs.writeFileSync(
    path.join(root, 'Dockerfile.clean'),
    Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  );
  assert.doesNotMatch(runCli(['check', '--fix', 'Dockerfile.clean'], { cwd: root }).stderr, /not valid UTF-8/);
  // pin writes files back the same way, and refuses the same files (before it asks any registry)
  const pin = runCli(['pin', '--dry-run', 'Dockerfile'], { cwd: root });
  assert.equal(pin.code, 2);
  assert.match(pin.stderr, /Dockerfile: not valid UTF-8; not pinned/);
});

test('--fix over two names of one file (hard links) never writes one name from a read made before the other was fixed', () => {
  const digest = 'a'.repeat(64);
  const root = project({
    'a/Dockerfile': `FROM alpine:3.22@sha256:${digest}\nADD app.sh /app.sh\nEXPOSE 22 80\nUSER 1000\n`,
    // each name gets another fix: a's configuration turns b's off, and b's a's
    'a/.bulkhead.json': '{"rules":{"ssh-port-exposed":"off"}}',
    'b/.bulkhead.json': '{"rules":{"add-instead-of-copy":"off"}}',
  });
  fs.linkSync(path.join(root, 'a/Dockerfile'), path.join(root, 'b/Dockerfile'));
  // --jobs 2 too: the files are fixed on one thread, in file order, the same way on every run
  const first = runCli(['check', '--fix', '--jobs', '2'], { cwd: root });
  assert.match(first.stderr, /a\/Dockerfile: fixed 1 problem \(add-instead-of-copy\)/);
  assert.match(
    first.stderr,
    /b\/Dockerfile: changed since it was read \(another name of the same file fixed before it\?\); not fixed/,
  );
  assert.equal(first.code, 2);
  const once = fs.readFileSync(path.join(root, 'b/Dockerfile'), 'utf8');
  assert.match(once, /^COPY app\.sh \/app\.sh$/m, "a's fix is not undone by b's write");
  assert.match(once, /^EXPOSE 22 80$/m);
  const second = runCli(['check', '--fix'], { cwd: root });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /b\/Dockerfile: fixed 1 problem \(ssh-port-exposed\)/);
  const both = fs.readFileSync(path.join(root, 'a/Dockerfile'), 'utf8');
  assert.match(both, /^COPY app\.sh \/app\.sh$/m);
  assert.match(both, /^EXPOSE 80$/m);
});

test('a .dockerignore that is there but not read (over 1 MB) is not taken for no .dockerignore', () => {
  const root = project({
    'big/Dockerfile': 'FROM alpine:3.20\nCOPY . /app\nUSER 10001\n',
    'big/.dockerignore': '.git\n.env\n' + '*.tmp\n'.repeat(200_000),
    'none/Dockerfile': 'FROM alpine:3.20\nCOPY . /app\nUSER 10001\n',
  });
  const r = runCli(['check', '--format', 'text'], { cwd: root });
  // what it excludes is unknown: the rules that need it stay quiet, as where there is no file system
  assert.doesNotMatch(r.stdout, /^big\/Dockerfile:\S+ \S+ broad-copy-without-dockerignore/m);
  assert.match(r.stdout, /^none\/Dockerfile:\S+ \S+ broad-copy-without-dockerignore/m);
});

test('--fix usage: not with standard input, not with --fix-dry-run; --fix-dry-run takes no --format', () => {
  for (const [args, message] of [
    [['check', '--fix', '-'], /--fix writes files in place and cannot fix standard input/],
    [['check', '--fix', '--fix-dry-run'], /use --fix or --fix-dry-run, not both/],
    [['check', '--fix-dry-run', '--format', 'json'], /--fix-dry-run prints a diff and takes no --format/],
    [['check', '--fix=yes'], /--fix takes no value/],
    [['init', 'daemon', '--fix'], /unknown option "--fix" for "bulkhead init"/],
  ] as [string[], RegExp][]) {
    const r = runCli(args, { input: '' });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('a finding no rule made (YAML that does not parse) is reported under the rule "bulkhead", never "undefined"', () => {
  const root = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n   bad: [\n' });
  const text = runCli(['check', '--format', 'text'], { cwd: root });
  assert.doesNotMatch(text.stdout, /undefined/);
  assert.match(text.stdout, /^compose\.yaml:\d+:\d+ \w+ bulkhead /m);
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: root }).stdout);
  const run = sarif.runs[0];
  const notice = run.results.find((x: { ruleId: string }) => x.ruleId === 'bulkhead');
  assert.ok(notice);
  assert.equal(run.tool.driver.rules[notice.ruleIndex].id, 'bulkhead');
});

test('the summary counts hints as hints, and says no files were checked when none was', () => {
  const root = project({ Dockerfile: 'FROM alpine:3.20\nUSER app\nRUN apk add curl\n' });
  assert.match(runCli(['check'], { cwd: root }).stderr, /\d+ hints?\b/);
  assert.doesNotMatch(runCli(['check'], { cwd: root }).stderr, /\d+ hint[,)]/);
  const missing = runCli(['check', 'nope'], { cwd: root });
  assert.match(missing.stderr, /no files checked; errors reported above/);
});

test('--fix-dry-run masks a credential in the lines it shows, and says the diff then does not apply', () => {
  const key = 'AKIA' + 'Q'.repeat(4) + 'ZX7B3MPL2TRF';
  const root = project({
    Dockerfile: `FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=${key}\nADD app.py /app/\nUSER 10001\n`,
  });
  const r = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\+COPY app\.py \/app\//);
  assert.ok(!r.stdout.includes(key), 'the key is masked in the diff');
  assert.match(r.stdout, /^ ENV AWS_ACCESS_KEY_ID=\*{4,}$/m);
  assert.match(r.stderr, /holds a credential and is shown masked/);
});

test('--fix-dry-run masks the credentials the rules find, not only credential shapes: ENV values, passwords on command lines, daemon.json tokens', () => {
  const secrets = [
    'Tr0ub4dor3xyz',
    'S3cretPassw0rd',
    'hunter2secret',
    'D0ckerHubPw123',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ];
  const root = project({
    // every line is within the diff's context of the EXPOSE line the fix removes
    Dockerfile: [
      'FROM alpine:3.20',
      // a long password: nothing of it kept (a finding's message keeps a token's first characters, a diff nothing)
      `ENV DB_PASSWORD=${secrets[0]} DB2_PASSWORD=CorrectHorseBatteryStaple`,
      `RUN mysql -u root -p${secrets[1]} -e "select 1"`,
      'EXPOSE 22',
      // the password `nagios` is masked where it is written, not in the path that holds the same word
      'ENV NAGIOS_HOME=/opt/nagios NAGIOSADMIN_PASS=nagios',
      `RUN curl -u admin:${secrets[2]} https://x.example/ && docker login -p ${secrets[3]} reg.example`,
      `ENV AWS_SECRET_ACCESS_KEY=${secrets[4]}`,
      'USER 10001',
      '',
    ].join('\n'),
    // a JSON escape in a credential (`\\/`, as PHP writes it): masked as it is written
    'daemon.json':
      '{\n  "debug": true,\n  "debug": false,\n' +
      '  "log-opts": { "splunk-token": "abcd-secret-token-1234", "splunk-password": "ab\\/cdPass77" }\n}\n',
  });
  const r = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^-EXPOSE 22$/m, 'the fix is shown');
  for (const secret of [...secrets, 'abcd-secret-token-1234', 'cdPass77', 'Corr', 'Horse'])
    assert.ok(!r.stdout.includes(secret), secret);

  assert.match(r.stdout, /^ ENV DB_PASSWORD=\*{4,} DB2_PASSWORD=\*{12}$/m);
  assert.match(r.stdout, /^ RUN mysql -u root -p\*{4,} -e "select 1"$/m);
  assert.match(r.stdout, /^ ENV NAGIOS_HOME=\/opt\/nagios NAGIOSADMIN_PASS=\*{4,}$/m);
  assert.match(r.stderr, /Dockerfile: a line of the diff holds a credential and is shown masked/);
  assert.match(r.stderr, /daemon\.json: a line of the diff holds a credential and is shown masked/);
});

test("--fix-dry-run masks a credential continued over several lines line by line: the diff keeps the file's line numbers", () => {
  const root = project({
    Dockerfile: [
      'FROM alpine:3.20',
      'ENV DB_PASSWORD=Ab\\',
      'cdefghij\\',
      'klmnopqrstuv',
      'EXPOSE 22',
      'USER 10001',
      '',
    ].join('\n'),
  });
  const r = runCli(['check', '--fix-dry-run'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^@@ -2,5 \+2,4 @@\n ENV DB_PASSWORD=\*+\n \*+\n \*+\n-EXPOSE 22\n USER 10001\n/m);
  assert.ok(!/cdefghij|klmnop/.test(r.stdout), r.stdout);
});

test('pin usage: parsed options; standard input, bad hosts and timeouts, and check-only options are usage errors', () => {
  assert.deepEqual(parseArgs(['pin']), {
    command: 'pin',
    paths: ['.'],
    dryRun: false,
    update: false,
    credentialHelpers: false,
    insecureRegistries: [],
  });
  assert.deepEqual(
    parseArgs([
      'pin',
      'a/Dockerfile',
      '--dry-run',
      '--update',
      '--use-credential-helpers',
      '--insecure-registry',
      'localhost:5000',
      '--insecure-registry=reg.lan',
      '--timeout',
      '2500',
    ]),
    {
      command: 'pin',
      paths: ['a/Dockerfile'],
      dryRun: true,
      update: true,
      credentialHelpers: true,
      insecureRegistries: ['localhost:5000', 'reg.lan'],
      timeoutMs: 2500,
    },
  );
  for (const [args, message] of [
    [['pin', '-'], /pin writes files and cannot read standard input/],
    [['pin', '--insecure-registry', 'http://x'], /--insecure-registry needs a host or host:port/],
    [['pin', '--timeout', '0'], /--timeout must be a number of milliseconds greater than 0/],
    [['pin', '--timeout', 'soon'], /--timeout must be a number of milliseconds/],
    [['pin', '--dry-run=yes'], /--dry-run takes no value/],
    [['pin', '--update=yes'], /--update takes no value/],
    [['check', '--update'], /unknown option "--update" for "bulkhead check"/],
    [['pin', '--fix'], /unknown option "--fix" for "bulkhead pin"/],
    [['check', '--dry-run'], /unknown option "--dry-run" for "bulkhead check"/],
  ] as [string[], RegExp][]) {
    const r = runCli(args, { input: '' });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('pin never contacts a registry for stage names, scratch or variables, and writes nothing then', () => {
  const { dir, cleanup } = tempDir();
  const text = 'FROM scratch AS base\nFROM base\nARG IMAGE\nFROM ${IMAGE}\nCOPY --from=0 /a /b\n';
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  const r = runCli(['pin', 'Dockerfile'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Dockerfile:1 {2}scratch: skipped: scratch/);
  assert.match(r.stderr, /Dockerfile:2 {2}base: skipped: stage/);
  assert.match(r.stderr, /Dockerfile:4 {2}\$\{IMAGE\}: skipped: variable/);
  assert.match(r.stderr, /0 references pinned/);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), text);
  cleanup();
});

// The files that bring Bulkhead into a repository's CI and commits, each run as its host would run it: the pre-commit
// hook (.pre-commit-hooks.yaml: its file selection, with Python's `re` as pre-commit uses it, must be the folder walk's,
// and its entry must lint the files it selects), the GitHub Action (action.yml: its check step's script under bash as
// the runner starts it), the GitLab CI job in docs/ci.md, and the package npm installs for them (what `npm pack` puts
// in it). The `bulkhead` these run is the package's bin, linked on PATH as npm links it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { isLintedName, SKIPPED_DIRECTORIES } from '../../server/src/service/walk';
import { FORMATS } from '../../server/src/cli/args';
import { ROOT } from './helpers';
import { tempDir } from './cli-helpers';
import { linkBins } from '../editors.mjs';

const INSECURE_DOCKERFILE = fs.readFileSync(path.join(ROOT, 'test/fixtures/clients/insecure.Dockerfile'), 'utf8');
const INSECURE_DAEMON = fs.readFileSync(path.join(ROOT, 'test/fixtures/clients/insecure.daemon.json'), 'utf8');
const PRIVILEGED_COMPOSE = 'services:\n  app:\n    image: alpine:3.21\n    privileged: true\n';
/** Findings at warning or above: none at error. */
const WARNINGS_ONLY = 'FROM alpine:3.21\nADD app.js /app/\nUSER 10001:10001\nCMD ["/app/app.js"]\n';

/** A project as a repository holds it: files that the walk lints, files it does not, a vendored folder. */
function project() {
  const { dir, cleanup } = tempDir('bulkhead-adoption-');
  const files: Record<string, string> = {
    Dockerfile: INSECURE_DOCKERFILE,
    '.dockerignore': '.git\n.env\n',
    'compose.yaml': PRIVILEGED_COMPOSE,
    'etc/docker/daemon.json': INSECURE_DAEMON,
    'README.md': '# app\n',
    'Dockerfile.md': 'ADD is not COPY\n',
    'vendor/lib/Dockerfile': INSECURE_DOCKERFILE,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, cleanup, files: Object.keys(files) };
}

/** The rules of `bulkhead check` text output, by file. */
function findingsByFile(stdout: string) {
  const out: Record<string, string[]> = {};
  for (const m of stdout.matchAll(/^(.+?):\d+:\d+ \w+ ([a-z-]+) /gm)) (out[m[1]] ??= []).push(m[2]);
  return out;
}

/** The rules of `--format github` output (workflow commands: `::warning file=…,…,title=bulkhead <rule>::…`), by file. */
function annotationsByFile(stdout: string) {
  const out: Record<string, string[]> = {};
  for (const m of stdout.matchAll(/^::(?:error|warning|notice) file=([^,]+),[^:]*title=bulkhead ([a-z-]+)::/gm))
    (out[m[1]] ??= []).push(m[2]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// pre-commit
// ---------------------------------------------------------------------------------------------------------------

const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
const CI_DOC = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');

/** The fenced block of a language after a docs/ci.md heading. */
function docBlock(heading: string, language: string): string {
  const section = CI_DOC.slice(CI_DOC.indexOf(`\n## ${heading}`));
  const block = new RegExp(`\n\`\`\`${language}\n([\\s\\S]*?)\n\`\`\``).exec(section);
  assert.ok(block, `docs/ci.md has a ${language} block under "${heading}"`);
  return block[1];
}

/** docs/ci.md's command lines that write the baseline. */
function baselineCommands(): string[] {
  const lines = docBlock('Adopting Bulkhead', 'sh')
    .split('\n')
    .filter((l) => l.startsWith('bulkhead '));
  assert.deepEqual(lines, ['bulkhead check --baseline-write .bulkhead-baseline.json']);
  return lines;
}

/** The hook's `args` in docs/ci.md's .pre-commit-config.yaml. */
function hookArgsInDocs(): string[] {
  const config = parse(docBlock('pre-commit', 'yaml'));
  const repo = config.repos[0];
  assert.equal(repo.repo, REPOSITORY);
  return repo.hooks[0].args;
}

/** The project's repository (package.json), the URL every adoption snippet names. */
const REPOSITORY = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).repository.url;
const hook = hooks.find((h) => h.id === 'bulkhead');

/**
 * Which paths pre-commit hands the hook: `files` searched and `exclude` not (pre-commit's filter_by_include_exclude,
 * Python's `re`: the patterns use Python's scoped `(?i:…)`, which Node 20's RegExp lacks). Null where python3 is missing.
 */
function selectedByHook(paths: string[]): boolean[] | null {
  const python = [
    'import json, re, sys',
    'd = json.load(sys.stdin)',
    'inc, exc = re.compile(d["files"]), re.compile(d["exclude"])',
    'print(json.dumps([bool(inc.search(p)) and not exc.search(p) for p in d["paths"]]))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', python], {
    input: JSON.stringify({ files: hook.files, exclude: hook.exclude, paths }),
    encoding: 'utf8',
  });
  if (r.error) return null;
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** What `bulkhead check .` lints at a repository-relative path: no skipped folder on the way, a linted name. */
function foundByWalk(file: string): boolean {
  const parts = file.split('/');
  return !parts.slice(0, -1).some((d) => SKIPPED_DIRECTORIES.has(d)) && isLintedName(parts[parts.length - 1]);
}

test('pre-commit hook: a node hook whose entry is the bulkhead bin running check', () => {
  assert.equal(hooks.length, 1);
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'bulkhead check');
  const bins = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin;
  assert.ok(bins[hook.entry.split(' ')[0]], 'the entry is a bin of the package pre-commit installs');
  assert.equal(typeof hook.files, 'string');
  assert.equal(typeof hook.exclude, 'string');
});

test('pre-commit hook: files/exclude select exactly the paths the folder walk lints', (t) => {
  const table = [
    'Dockerfile',
    'dockerfile',
    'DOCKERFILE',
    'Containerfile',
    'app/Dockerfile.prod',
    'Dockerfile-dev',
    'Dockerfile_prod',
    'api.Dockerfile',
    'api.dockerfile',
    'x.containerfile',
    'Containerfile.arm64',
    'Dockerfile.md',
    'Dockerfile.template',
    'Dockerfile-alpine.template',
    'Dockerfile.yaml',
    'Dockerfile.dockerignore',
    'Dockerfiles',
    'MyDockerfile',
    'daemon.json',
    'etc/docker/daemon.json',
    'DAEMON.JSON',
    'daemon.json.bak',
    'compose.yaml',
    'compose.yml',
    'docker-compose.yml',
    'docker-compose.override.yaml',
    'compose.prod.YML',
    'compose.json',
    'my-compose.yaml',
    '.devcontainer/devcontainer.json',
    '.devcontainer/python/devcontainer.json',
    '.devcontainer.json',
    'DevContainer.JSON',
    'my-devcontainer.json',
    'devcontainer.json.bak',
    'README.md',
    'package.json',
    'node_modules/x/Dockerfile',
    'vendor/Dockerfile',
    'Vendor/Dockerfile',
    'sub/vendor/compose.yaml',
    '.git/Dockerfile',
    'CVS/daemon.json',
    'cvs/daemon.json',
    'vendored/Dockerfile',
  ];
  // and paths built from the pieces those names are made of (fixed seed)
  const piece = fc.constantFrom(
    'Dockerfile',
    'dockerfile',
    'CONTAINERFILE',
    'compose',
    'docker-',
    'daemon',
    'daemon.json',
    'devcontainer',
    '.devcontainer',
    '.',
    '-',
    '_',
    '.dockerfile',
    '.Containerfile',
    'json',
    'yml',
    'yaml',
    'md',
    'template',
    'in',
    'prod',
    'x',
    '/',
    'node_modules/',
    'vendor/',
    'Vendor/',
    '.git/',
    'CVS/',
  );
  const generated = fc.sample(
    fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
    { seed: 20, numRuns: 3000 },
  );
  const paths = [...new Set([...table, ...generated])].filter(
    (p) => !p.startsWith('/') && !p.endsWith('/') && !p.includes('//') && !p.split('/').some((s) => /^\.+$/.test(s)),
  );
  const selected = selectedByHook(paths);
  if (!selected) {
    t.skip('python3 is not installed (pre-commit runs the patterns with Python); bash scripts/system-deps.sh test');
    return;
  }
  const differ = paths.filter((p, i) => selected[i] !== foundByWalk(p));
  assert.deepEqual(differ, [], 'the hook and the folder walk disagree on these paths');
  assert.ok(paths.filter(foundByWalk).length > 100, 'enough linted paths among the generated ones');
});

test('pre-commit hook: its entry lints the files it selects, and fails on findings', (t) => {
  const { dir, cleanup, files } = project();
  try {
    const selected = selectedByHook(files);
    if (!selected) {
      t.skip('python3 is not installed; bash scripts/system-deps.sh test');
      return;
    }
    const staged = files.filter((_, i) => selected[i]);
    assert.deepEqual(staged.sort(), ['Dockerfile', 'compose.yaml', 'etc/docker/daemon.json']);
    // pre-commit runs the entry (split as a shell would) with the hook's args and the file names, in the repository
    const [command, ...entryArgs] = hook.entry.split(' ');
    const env = linkBins(dir);
    const r = spawnSync(command, [...entryArgs, ...(hook.args ?? []), ...staged], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const byFile = findingsByFile(r.stdout);
    assert.deepEqual(Object.keys(byFile).sort(), staged.sort());
    assert.ok(byFile['Dockerfile'].includes('add-instead-of-copy'));
    assert.ok(byFile['compose.yaml'].includes('compose-privileged'), byFile['compose.yaml'].join(' '));
    assert.ok(byFile['etc/docker/daemon.json'].includes('tcp-socket-without-tls'));
    // with the args a user adds, on a file with warnings only
    fs.writeFileSync(path.join(dir, 'Dockerfile'), WARNINGS_ONLY);
    const lenient = spawnSync(command, [...entryArgs, '--fail-on', 'error', 'Dockerfile'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
    assert.match(lenient.stdout, /add-instead-of-copy/);
    // docs/ci.md: a baseline written once, then the hook with `args: [--baseline, .bulkhead-baseline.json, …]`
    fs.writeFileSync(path.join(dir, 'Dockerfile'), INSECURE_DOCKERFILE);
    for (const line of baselineCommands()) {
      const [bin, ...args] = line.split(' ');
      const w = spawnSync(bin, args, { cwd: dir, env, encoding: 'utf8' });
      assert.equal(w.status, 0, `${line}: ${w.stderr}`);
    }
    const docArgs = hookArgsInDocs();
    assert.deepEqual(docArgs.slice(0, 2), ['--baseline', '.bulkhead-baseline.json']);
    const baselined = spawnSync(command, [...entryArgs, ...docArgs, ...staged], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(baselined.status, 0, baselined.stdout + baselined.stderr);
    assert.equal(baselined.stdout, '');
    assert.match(baselined.stderr, /; [1-9]\d* baselined/);
    // a new finding in a staged file fails the commit, and is the only one reported
    fs.appendFileSync(path.join(dir, 'compose.yaml'), '  db:\n    image: postgres:16\n    privileged: true\n');
    const fresh = spawnSync(command, [...entryArgs, '--baseline', '.bulkhead-baseline.json', ...staged], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    assert.equal(fresh.status, 1, fresh.stderr);
    assert.deepEqual(Object.keys(findingsByFile(fresh.stdout)), ['compose.yaml']);
  } finally {
    cleanup();
  }
});

test('the package npm installs for the hook and the GitLab job: built on install, holding the CLI and the server', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // pre-commit runs `npm install` in the repository, then `npm pack`; npm installs a git URL the same way: `prepare`
  // builds dist/, which git does not hold
  assert.equal(pkg.scripts.prepare, 'node esbuild.mjs');
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const packed: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'dist/cli.js',
    'dist/cli-main.js',
    'dist/server.js',
    'dist/server-main.js',
    'dist/package.json',
  ])
    assert.ok(packed.includes(file), `npm pack leaves out ${file}`);
  for (const file of Object.values<string>(pkg.bin)) assert.ok(packed.includes(path.posix.normalize(file)), file);
  const unexpected = packed.filter(
    (f) =>
      !/^(package\.json|README\.md|LICENSE|dist\/((cli|cli-main|server|server-main)\.js|package\.json)|schemas\/|docs\/rules\/)/.test(
        f,
      ),
  );
  assert.deepEqual(unexpected, [], 'only the CLI, the server, the schemas and the rule pages');
});

// ---------------------------------------------------------------------------------------------------------------
// GitHub Action
// ---------------------------------------------------------------------------------------------------------------

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));

/** `${{ inputs.x }}` and `${{ steps.s.outputs.y }}` in a step's env, as the runner evaluates them. */
function evaluate(value: string, context: { inputs: Record<string, string>; outputs: Record<string, string> }) {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    const [scope, ...rest] = expr.split('.');
    if (scope === 'inputs') return context.inputs[rest[0]] ?? '';
    if (scope === 'steps') return context.outputs[rest[2]] ?? '';
    throw new Error(`unexpected expression ${expr}`);
  });
}

/** Run a `run:` step as the runner does: `bash --noprofile --norc -eo pipefail <script>`, with the step's env. */
function runStep(step, dir: string, context: { inputs: Record<string, string>; outputs: Record<string, string> }) {
  const script = path.join(dir, '.step.sh');
  const output = path.join(dir, '.github_output');
  fs.writeFileSync(script, step.run);
  fs.writeFileSync(output, '');
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), context)]));
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: dir,
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...r, outputs };
}

function withInputs(given: Record<string, string>) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]: [string, any]) => [k, v.default ?? '']));
  return { inputs: { ...inputs, ...given }, outputs: {} as Record<string, string> };
}

test('GitHub Action: a composite action with the inputs, a SARIF upload, and no input spliced into a script', () => {
  assert.equal(action.runs.using, 'composite');
  for (const input of ['paths', 'format', 'fail-on', 'baseline', 'upload-sarif'])
    assert.ok(action.inputs[input], input);
  assert.equal(action.inputs['fail-on'].default, 'warning');
  // annotations on the pull request by default; the description names every format the CLI takes
  assert.equal(action.inputs.format.default, 'github');
  for (const format of FORMATS) assert.match(action.inputs.format.description, new RegExp(`\\b${format}\\b`));
  const upload = action.runs.steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'uploads SARIF with github/codeql-action/upload-sarif');
  assert.equal(upload.with.sarif_file, '${{ steps.check.outputs.sarif-file }}');
  for (const step of action.runs.steps.filter((s) => s.run)) {
    assert.equal(step.shell, 'bash');
    assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: expressions reach scripts through env only`);
  }
  const install = action.runs.steps.find((s) => s.name === 'Install Bulkhead');
  assert.equal(install['working-directory'], '${{ github.action_path }}');
  assert.match(install.run, /^npm ci\b/);
});

test('GitHub Action: the check step prints the findings, writes SARIF, and its exit code fails the job', () => {
  const { dir, cleanup } = project();
  try {
    const steps = action.runs.steps;
    const check = steps.find((s) => s.id === 'check');
    const result = steps.find((s) => s.name === 'Result');

    const context = withInputs({ paths: 'Dockerfile etc compose.yaml' });
    const r = runStep(check, dir, context);
    assert.equal(r.status, 0, `the step itself succeeds so the upload runs: ${r.stderr}`);
    assert.deepEqual(r.outputs, { 'sarif-file': 'bulkhead.sarif', 'exit-code': '1' });
    // the default format: workflow commands, which the runner turns into annotations
    assert.deepEqual(Object.keys(annotationsByFile(r.stdout)).sort(), [
      'Dockerfile',
      'compose.yaml',
      'etc/docker/daemon.json',
    ]);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'bulkhead.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const rules = sarif.runs[0].results.map((res) => res.ruleId);
    for (const id of ['add-instead-of-copy', 'compose-privileged', 'tcp-socket-without-tls'])
      assert.ok(rules.includes(id), id);
    assert.equal(runStep(result, dir, { ...context, outputs: r.outputs }).status, 1, 'the Result step fails the job');

    // fail-on error over a file with warnings only; json in the log; another SARIF path
    fs.writeFileSync(path.join(dir, 'Dockerfile'), WARNINGS_ONLY);
    const lenient = withInputs({ paths: 'Dockerfile', 'fail-on': 'error', format: 'json', 'sarif-file': 'out.sarif' });
    const l = runStep(check, dir, lenient);
    assert.deepEqual(l.outputs, { 'sarif-file': 'out.sarif', 'exit-code': '0' });
    assert.ok(JSON.parse(l.stdout).some((f) => f.rule === 'add-instead-of-copy'));
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')).runs[0].results.length > 0, true);
    assert.equal(runStep(result, dir, { ...lenient, outputs: l.outputs }).status, 0);

    // the default paths (.): the walk skips vendor/ and README.md
    const all = runStep(check, dir, withInputs({ format: 'text' }));
    assert.deepEqual(Object.keys(findingsByFile(all.stdout)).sort(), [
      'Dockerfile',
      'compose.yaml',
      'etc/docker/daemon.json',
    ]);

    // baseline: written once; then nothing is printed, uploaded or failing until a new finding comes
    fs.writeFileSync(path.join(dir, 'Dockerfile'), INSECURE_DOCKERFILE);
    const env = linkBins(dir);
    for (const line of baselineCommands())
      assert.equal(spawnSync('bash', ['-e', '-c', line], { cwd: dir, env, encoding: 'utf8' }).status, 0, line);
    const withBaseline = withInputs({ baseline: '.bulkhead-baseline.json' });
    const quiet = runStep(check, dir, withBaseline);
    assert.deepEqual(quiet.outputs, { 'sarif-file': 'bulkhead.sarif', 'exit-code': '0' }, quiet.stderr);
    assert.equal(quiet.stdout, '');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'bulkhead.sarif'), 'utf8')).runs[0].results, []);
    fs.appendFileSync(path.join(dir, 'Dockerfile'), 'USER root\n');
    const fresh = runStep(check, dir, withBaseline);
    assert.equal(fresh.outputs['exit-code'], '1');
    assert.deepEqual(Object.keys(annotationsByFile(fresh.stdout)), ['Dockerfile']);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'bulkhead.sarif'), 'utf8')).runs[0].results;
    assert.ok(results.length > 0 && results.every((x) => x.baselineState === 'new'));
    const hostile = runStep(check, dir, withInputs({ baseline: 'README.md' }));
    assert.equal(hostile.outputs['exit-code'], '2');
    assert.match(hostile.stderr, /--baseline README\.md: it is not valid JSON/);

    // a usage error is exit code 2, and fails the job too
    const broken = runStep(check, dir, withInputs({ 'fail-on': 'hint' }));
    assert.equal(broken.outputs['exit-code'], '2');
    assert.match(broken.stderr, /--fail-on must be one of error, warning, info/);
  } finally {
    cleanup();
  }
});

// ---------------------------------------------------------------------------------------------------------------
// GitLab CI (docs/ci.md)
// ---------------------------------------------------------------------------------------------------------------

test('GitLab CI job in docs/ci.md: a Code Quality report, the findings in the log, and a failing job', () => {
  const job = parse(docBlock('GitLab CI', 'yaml')).bulkhead;
  assert.match(job.before_script.join('\n'), /^npm install --global .*"\$BULKHEAD_PACKAGE"$/m);
  assert.ok(job.variables.BULKHEAD_PACKAGE.includes(REPOSITORY.replace(/^https:\/\//, '')));
  assert.equal(job.artifacts.when, 'always');
  assert.deepEqual(job.artifacts.reports, { codequality: 'gl-code-quality-report.json' });
  const { dir, cleanup } = project();
  try {
    // GitLab runs the script lines in one shell that stops at the first failing line (with bulkhead installed: on PATH)
    const env = linkBins(dir);
    const run = (lines: string[]) =>
      spawnSync('bash', ['-e', '-c', lines.join('\n')], { cwd: dir, env, encoding: 'utf8' });
    const r = run(job.script);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(Object.keys(findingsByFile(r.stdout)).sort(), [
      'Dockerfile',
      'compose.yaml',
      'etc/docker/daemon.json',
    ]);
    // GitLab's Code Quality fields (docs.gitlab.com ci/testing/code_quality, "Code Quality report format")
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8'));
    assert.ok(report.some((i) => i.location.path === 'Dockerfile' && i.check_name === 'add-instead-of-copy'));
    for (const issue of report) {
      assert.equal(typeof issue.description, 'string');
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), issue.severity);
      assert.ok(Number.isInteger(issue.location.lines.begin));
    }
    assert.equal(new Set(report.map((i) => i.fingerprint)).size, report.length);

    // with a committed baseline (docs/ci.md: "add --baseline … to both command lines"): an empty report, a passing job
    for (const line of baselineCommands()) assert.equal(run([line]).status, 0, line);
    const baselined = run(
      job.script.map((l: string) => l.replace(/^bulkhead check /, '$&--baseline .bulkhead-baseline.json ')),
    );
    assert.equal(baselined.status, 0, baselined.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')), []);
  } finally {
    cleanup();
  }
});

test("the adoption snippets name the project's repository (package.json), no placeholder for it", () => {
  assert.equal(REPOSITORY, 'https://github.com/bulkhead-dev/bulkhead');
  const slug = new URL(REPOSITORY).pathname.slice(1);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const actionText = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  for (const [name, text] of [
    ['docs/ci.md', CI_DOC],
    ['README.md', readme],
    ['action.yml', actionText],
  ]) {
    assert.doesNotMatch(text, /<bulkhead[^>]*>|<owner>/, `${name} still has a placeholder for the repository`);
    for (const m of text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@/g))
      if (!m[1].startsWith('actions/')) assert.equal(m[1], slug);
  }
  assert.match(CI_DOC, new RegExp(`uses: ${slug}@<tag>`));
  assert.ok(readme.includes(REPOSITORY));
});

// `bulkhead init` end to end: a real `node dist/cli.js` process writing hardened templates into temporary folders.
// It never replaces a file without --force (and then writes nothing at all), --stdout writes nothing, and every
// usage mistake is one line on stderr with exit code 2.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RUNTIMES } from '../../shared/src/templates';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir, writeTree } from './cli-helpers';

const { dir: TMP, cleanup } = tempDir('bulkhead-init-');
after(cleanup);

let counter = 0;
/** A fresh folder under the temp dir with the given files. */
function folder(files = {}) {
  const root = path.join(TMP, `f${++counter}`);
  fs.mkdirSync(root, { recursive: true });
  writeTree(root, files);
  return root;
}

/** Every file of a folder with its bytes, to prove nothing changed. */
function snapshot(dir) {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((n) => [n, fs.readFileSync(path.join(dir, n)).toString('base64')]),
  );
}

/** The template as `--stdout` prints it. */
function template(args) {
  const r = runCli(['init', ...args, '--stdout'], { cwd: folder() });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const EXISTS = (file) => `bulkhead: ${file} exists; use --force to overwrite, or --stdout\n`;

test('init dockerfile writes the Dockerfile and a .dockerignore, then the note', () => {
  const dir = folder();
  const r = runCli(['init', 'dockerfile', '--runtime', 'node'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['.dockerignore', 'Dockerfile']);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), template(['dockerfile', '--runtime', 'node']));
  assert.equal(
    fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'),
    template(['dockerignore', '--runtime', 'node']),
  );
  const [first, second] = r.stdout.split('\n');
  assert.equal(first, 'wrote Dockerfile');
  assert.equal(second, 'wrote .dockerignore');
  assert.match(r.stdout, /Hardened Dockerfile for Node\.js/);
});

test('the written Dockerfile passes bulkhead check (only the digest advice)', () => {
  const dir = folder();
  assert.equal(runCli(['init', 'dockerfile', '--runtime', 'node'], { cwd: dir }).code, 0);
  const r = runCli(['check', '--format', 'json', '.'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...new Set(JSON.parse(r.stdout).map((f) => f.rule))], ['image-not-pinned-by-digest']);
});

test('the dev container template: non-root, pinned, nothing Bulkhead reports, for every runtime and none', () => {
  for (const runtime of [undefined, ...RUNTIMES.map((r) => r.id)]) {
    const dir = folder();
    const r = runCli(['init', 'devcontainer', ...(runtime ? ['--runtime', runtime] : [])], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'wrote .devcontainer.json');
    const text = fs.readFileSync(path.join(dir, '.devcontainer.json'), 'utf8');
    assert.match(text, /"remoteUser": "vscode"/);
    const check = runCli(['check', '--format', 'json', '.'], { cwd: dir });
    assert.equal(check.code, 0, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout), [], `${runtime ?? 'none'}`);
  }
  assert.match(
    template(['devcontainer', '--runtime', 'python']),
    /"ghcr\.io\/devcontainers\/features\/python:1": \{\}/,
  );
});

test('options reach the template: --port, --cmd (words or JSON), --port none', () => {
  const words = template([
    'dockerfile',
    '--runtime',
    'python',
    '--port',
    '5000',
    '--cmd',
    'gunicorn -b "0.0.0.0:5000" app:app',
  ]);
  assert.match(words, /^EXPOSE 5000$/m);
  assert.match(words, /^CMD \["gunicorn", "-b", "0\.0\.0\.0:5000", "app:app"\]$/m);
  const json = template(['dockerfile', '--runtime', 'go', '--cmd', '["/usr/local/bin/app", "serve"]']);
  assert.match(json, /^CMD \["\/usr\/local\/bin\/app", "serve"\]$/m);
  const none = template(['dockerfile', '--runtime', 'go', '--port=none']);
  assert.doesNotMatch(none, /^EXPOSE/m);
  assert.match(none, /^HEALTHCHECK NONE$/m);
  assert.match(template(['compose', '--port', '3000', '--datastore', 'redis']), /127\.0\.0\.1:3000:3000[\s\S]*redis:/);
  assert.doesNotMatch(template(['compose', '--datastore', 'none']), /postgres|redis/);
});

test('an existing file is never replaced without --force, and nothing else is written', () => {
  const dir = folder({ Dockerfile: 'FROM scratch\r\n# mine\n' });
  const before = snapshot(dir);
  const r = runCli(['init', 'dockerfile', '--runtime', 'go'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, EXISTS('Dockerfile'));
  assert.equal(r.stdout, '');
  // byte for byte, and no .dockerignore either
  assert.deepEqual(snapshot(dir), before);

  for (const [kind, file] of [
    ['daemon', 'daemon.json'],
    ['dockerignore', '.dockerignore'],
    ['compose', 'compose.yaml'],
    ['auditd', 'docker.rules'],
    ['devcontainer', '.devcontainer.json'],
  ]) {
    const d = folder({ [file]: 'keep me' });
    const res = runCli(['init', kind], { cwd: d });
    assert.equal(res.code, 2, kind);
    assert.equal(res.stderr, EXISTS(file));
    assert.equal(fs.readFileSync(path.join(d, file), 'utf8'), 'keep me');
    assert.deepEqual(fs.readdirSync(d), [file]);
  }
});

test('--force replaces the file; an existing .dockerignore is kept, and said so', () => {
  const dir = folder({ Dockerfile: 'FROM scratch\n', '.dockerignore': '.git\n.env\nsecret.txt\n' });
  const r = runCli(['init', 'dockerfile', '--runtime', 'rust', '--force'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), template(['dockerfile', '--runtime', 'rust']));
  assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), '.git\n.env\nsecret.txt\n');
  assert.deepEqual(r.stdout.split('\n').slice(0, 2), ['replaced Dockerfile', 'kept the existing .dockerignore']);

  // without --force too: a .dockerignore alone is no reason to refuse; one that lets .git in is pointed out
  const weak = folder({ '.dockerignore': 'node_modules\n' });
  const w = runCli(['init', 'dockerfile', '--runtime', 'node'], { cwd: weak });
  assert.equal(w.code, 0, w.stderr);
  assert.equal(fs.readFileSync(path.join(weak, '.dockerignore'), 'utf8'), 'node_modules\n');
  assert.match(w.stdout.split('\n')[1], /^kept the existing \.dockerignore; it does not exclude \.git or \.env/);
});

test('--stdout prints the template and writes nothing, even over an existing file', () => {
  const empty = folder();
  const r = runCli(['init', 'daemon', '--stdout'], { cwd: empty });
  assert.equal(r.code, 0);
  assert.deepEqual(fs.readdirSync(empty), []);
  assert.ok(JSON.parse(r.stdout)['no-new-privileges']);
  // its placeholders go to stderr, so stdout is the file and nothing else
  assert.match(r.stderr, /^bulkhead: fill in tcp\+tls:\/\/logs.example.com:6514: /m);

  const dir = folder({ Dockerfile: 'FROM scratch\n' });
  const before = snapshot(dir);
  const s = runCli(['init', 'dockerfile', '--runtime', 'alpine', '--stdout'], { cwd: dir });
  assert.equal(s.code, 0);
  assert.match(s.stdout, /^# syntax=docker\/dockerfile:1\n/);
  assert.deepEqual(snapshot(dir), before);
});

test('every kind writes its file; --dir chooses the folder', () => {
  const dir = folder();
  fs.mkdirSync(path.join(dir, 'etc'));
  for (const [kind, file] of [
    ['daemon', 'daemon.json'],
    ['dockerignore', '.dockerignore'],
    ['compose', 'compose.yaml'],
    ['auditd', 'docker.rules'],
    ['devcontainer', '.devcontainer.json'],
  ]) {
    const r = runCli(['init', kind, '--dir', 'etc'], { cwd: dir });
    assert.equal(r.code, 0, `${kind}: ${r.stderr}`);
    assert.equal(r.stdout.split('\n')[0], `wrote ${path.join('etc', file)}`);
    assert.equal(fs.readFileSync(path.join(dir, 'etc', file), 'utf8'), template([kind]));
  }
  assert.deepEqual(fs.readdirSync(dir), ['etc']);
  const missing = runCli(['init', 'auditd', '--dir', 'nowhere'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'bulkhead: --dir nowhere: no such file or directory\n');
});

test('usage errors: one line, exit code 2, nothing written', () => {
  const cases: [args: string[], message: RegExp][] = [
    [['init'], /^bulkhead: init needs a template: dockerfile, daemon, dockerignore, compose, auditd, devcontainer$/],
    [
      ['init', 'kubernetes'],
      /^bulkhead: unknown template "kubernetes"; use one of dockerfile, daemon, dockerignore, compose, auditd, devcontainer$/,
    ],
    [['init', 'daemon', 'compose'], /^bulkhead: init writes one template at a time/],
    [
      ['init', 'dockerfile'],
      /^bulkhead: init dockerfile needs --runtime: node, python, go, java-maven, dotnet, rust, static-nginx, alpine, ubi-minimal$/,
    ],
    [
      ['init', 'dockerfile', '--runtime', 'cobol'],
      /^bulkhead: --runtime must be one of node, python, .* \(got "cobol"\)$/,
    ],
    [['init', 'dockerfile', '--runtime'], /^bulkhead: --runtime needs a value$/],
    [
      ['init', 'dockerfile', '--runtime', 'node', '--port', '0'],
      /^bulkhead: --port must be a number from 1 to 65535, or none \(got "0"\)$/,
    ],
    [['init', 'dockerfile', '--runtime', 'node', '--port', 'http'], /^bulkhead: --port must be a number/],
    [['init', 'dockerfile', '--runtime', 'node', '--port='], /^bulkhead: --port must be a number/],
    [['init', 'dockerfile', '--runtime', 'node', '--cmd', '[]'], /^bulkhead: --cmd: /],
    [['init', 'dockerfile', '--runtime', 'node', '--cmd', 'node a.js | tee log'], /^bulkhead: --cmd: .*shell/],
    [['init', 'daemon', '--runtime', 'node'], /^bulkhead: --runtime does not apply to "bulkhead init daemon"$/],
    [['init', 'auditd', '--port', '80'], /^bulkhead: --port does not apply to "bulkhead init auditd"$/],
    [['init', 'compose', '--cmd', 'x'], /^bulkhead: --cmd does not apply to "bulkhead init compose"$/],
    [
      ['init', 'compose', '--datastore', 'mysql'],
      /^bulkhead: --datastore must be one of postgres, redis, none \(got "mysql"\)$/,
    ],
    [['init', 'daemon', '--force=yes'], /^bulkhead: --force takes no value$/],
    [['init', 'daemon', '--dir', ''], /^bulkhead: --dir needs a folder$/],
    [['init', 'daemon', '--format', 'json'], /^bulkhead: unknown option "--format" for "bulkhead init"/],
  ];
  for (const [args, message] of cases) {
    const dir = folder();
    const r = runCli(args, { cwd: dir });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], message, args.join(' '));
    assert.deepEqual(fs.readdirSync(dir), [], args.join(' '));
  }
});

test('--help documents init', () => {
  const r = runCli(['--help']);
  for (const s of [
    'bulkhead init <dockerfile|daemon|dockerignore|compose|auditd|devcontainer>',
    '--runtime <id>',
    '--force',
    '--stdout',
    'ubi-minimal',
  ]) {
    assert.ok(r.stdout.includes(s), `help lacks "${s}"`);
  }
});

// The files a devcontainer.json names (build.dockerfile with its build.context, dockerComposeFile): the folder walk
// lints them as what they are named as, in the context the devcontainer.json gives, inside the folder walked only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ReferrerFiles,
  collectTargets,
  referralOf,
  referrerCandidates,
  walkOrder,
} from '../../server/src/service/walk';
import { setupFromSettings } from '../../server/src/lsp/setup';
import { devcontainerReferences } from '../../server/src/devcontainer/references';
import { checkJson, tempDir, writeTree } from './cli-helpers';
import { ATTACHED_NOTE, TWO_PRIVILEGED_SERVICES } from './devcontainer-helpers';

test('references: build.dockerfile and build.context, the older dockerFile/context, dockerComposeFile string or array', () => {
  assert.deepEqual(devcontainerReferences('{ // c\n "build": { "dockerfile": "Dockerfile.dev", "context": ".." }, }'), [
    { path: 'Dockerfile.dev', kind: 'dockerfile', context: '..' },
  ]);
  assert.deepEqual(devcontainerReferences('{ "build": { "dockerfile": "base.Dockerfile" } }'), [
    { path: 'base.Dockerfile', kind: 'dockerfile', context: '.' },
  ]);
  assert.deepEqual(devcontainerReferences('{ "dockerFile": "Dockerfile", "context": "..", "build": {} }'), [
    { path: 'Dockerfile', kind: 'dockerfile', context: '..' },
  ]);
  assert.deepEqual(
    devcontainerReferences('{ "dockerComposeFile": ["../compose.yaml", "dev.yml", 3], "service": "app" }'),
    [
      { path: '../compose.yaml', kind: 'compose', service: 'app' },
      { path: 'dev.yml', kind: 'compose', service: 'app' },
    ],
  );
  assert.deepEqual(devcontainerReferences('{ "dockerComposeFile": "docker-compose.dev.yml" }'), [
    { path: 'docker-compose.dev.yml', kind: 'compose' },
  ]);
  for (const bad of [
    '',
    '[]',
    '{',
    '{"build": "x"}',
    '{"build": {"dockerfile": 1}}',
    '{"dockerComposeFile": {}}',
    '['.repeat(5000),
  ])
    assert.deepEqual(devcontainerReferences(bad), [], bad.slice(0, 20));
});

test('the walk adds a named Dockerfile and Compose file with their kind and context, once, inside the folder only', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, {
      'app/.devcontainer/devcontainer.json':
        '{ "build": { "dockerfile": "image.def", "context": ".." }, "dockerComposeFile": ["../ops/services.yml", "../../outside.yml"], "service": "app" }',
      'app/.devcontainer/image.def': 'FROM alpine:3.20\n',
      'app/ops/services.yml': 'services:\n  app:\n    image: alpine:3.20\n',
      'outside.yml': 'services: {}\n',
      'app/.devcontainer.json': '{ "build": { "dockerfile": "Dockerfile", "context": "../.." } }',
      'app/Dockerfile': 'FROM alpine:3.20\n',
    });
    const { targets } = collectTargets([path.join(dir, 'app')], dir);
    const rel = (f: string) => path.relative(dir, f);
    assert.deepEqual(
      targets.map((t) => [rel(t.file), t.kind, t.context && rel(t.context)]),
      [
        ['app/.devcontainer/devcontainer.json', undefined, undefined],
        ['app/.devcontainer.json', undefined, undefined],
        // found by name; its context `../..` leaves the folder walked, so its own folder stays its context
        ['app/Dockerfile', undefined, undefined],
        ['app/.devcontainer/image.def', 'dockerfile', 'app'],
        ['app/ops/services.yml', 'compose', undefined],
      ],
    );
    // a devcontainer.json named on the command line is linted alone
    assert.equal(collectTargets([path.join(dir, 'app/.devcontainer/devcontainer.json')], dir).targets.length, 1);
  } finally {
    cleanup();
  }
});

test('a path a devcontainer.json names with a lone surrogate (a \\ud800 escape) is the file whose name has U+FFFD there', (t) => {
  // Node encodes a path as UTF-8, a lone surrogate as U+FFFD's bytes: the escape names that file on disk. Named as
  // written, the file was a second target whose name encodeURIComponent threw on (the check ended in an internal error)
  if (process.platform === 'win32') return t.skip('the expected paths are POSIX paths');
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeTree(dir, {
    '.devcontainer/devcontainer.json':
      '{ "build": { "dockerfile": "../\\ud800/Dockerfile", "context": "../\\udc00" } }',
    '\uFFFD/Dockerfile': 'FROM alpine\nCOPY . /app\n',
  });
  const { targets } = collectTargets([dir], dir);
  assert.deepEqual(
    targets.map((t) => [path.relative(dir, t.file), t.kind, t.context && path.relative(dir, t.context)]),
    [
      ['.devcontainer/devcontainer.json', undefined, undefined],
      // found by name, and given the context the devcontainer.json names (the folder U+FFFD too)
      ['\uFFFD/Dockerfile', undefined, '\uFFFD'],
    ],
  );
  const r = checkJson(['.'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.match(r.stderr, /2 files checked/);
  assert.deepEqual([...new Set(r.findings.map((f) => f.file))], ['\uFFFD/Dockerfile']);
});

test('check: the Dockerfile a devcontainer.json names is linted with the build context it gives (its .dockerignore)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const dockerfile = 'FROM node:22.11.0-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER node\n';
    writeTree(dir, {
      '.dockerignore': '.git\n.env\n.env.*\n*.pem\n*.key\nnode_modules\n',
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile.dev", "context": ".." } }',
      '.devcontainer/Dockerfile.dev': dockerfile,
      'other/Dockerfile': dockerfile,
    });
    const r = checkJson(['.'], { cwd: dir });
    const broad = r.findings.filter((f) => f.rule === 'broad-copy-without-dockerignore').map((f) => f.file);
    // the .devcontainer Dockerfile's context is the root, whose .dockerignore applies; other/ has none
    assert.deepEqual(broad, ['other/Dockerfile']);
    assert.ok(
      r.findings.some((f) => f.file === '.devcontainer/Dockerfile.dev'),
      'the named Dockerfile is linted',
    );
  } finally {
    cleanup();
  }
});

test('check: a Compose file only a devcontainer.json names is linted as Compose', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, {
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "stack.dev.yml", "service": "app" }',
      '.devcontainer/stack.dev.yml': 'services:\n  app:\n    image: alpine:3.20\n    privileged: true\n',
    });
    const r = checkJson(['.'], { cwd: dir });
    assert.ok(
      r.findings.some((f) => f.file === '.devcontainer/stack.dev.yml' && f.rule === 'compose-privileged'),
      JSON.stringify(r.findings.map((f) => [f.file, f.rule])),
    );
  } finally {
    cleanup();
  }
});

test('the editor: an open Dockerfile a devcontainer.json beside it names gets that build context, inside the workspace', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, {
      '.dockerignore': '.git\n.env\n',
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile", "context": ".." } }',
      '.devcontainer/Dockerfile': 'FROM alpine:3.20\nCOPY . .\n',
      '.devcontainer/other.Dockerfile': 'FROM alpine:3.20\n',
      'far/.devcontainer.json': '{ "build": { "dockerfile": "Dockerfile", "context": "../.." } }',
      'far/Dockerfile': 'FROM alpine:3.20\n',
    });
    const file = path.join(dir, '.devcontainer/Dockerfile');
    assert.equal(referralOf(file, dir).context, dir);
    assert.equal(referralOf(path.join(dir, '.devcontainer/other.Dockerfile'), dir).context, undefined);
    assert.equal(
      referralOf(path.join(dir, 'far/Dockerfile'), dir).context,
      undefined,
      'a context outside the workspace',
    );
    assert.equal(referralOf(file, undefined).context, undefined, 'no workspace folder');
    const setup = setupFromSettings({}, file, { root: dir, warn: () => {} });
    assert.equal(setup.env.dockerignore, '.git\n.env\n');
    assert.equal(setup.env.dockerignorePath, '../.dockerignore');
  } finally {
    cleanup();
  }
});

test('check and the editor: the errors and warnings on the Compose service a dev container attaches to say so, no others', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, {
      '.devcontainer/devcontainer.json':
        '{ "dockerComposeFile": ["../docker-compose.yml"], "service": "app", "workspaceFolder": "/w" }',
      'docker-compose.yml': TWO_PRIVILEGED_SERVICES,
    });
    const r = checkJson(['.'], { cwd: dir });
    const compose = r.findings.filter((f) => f.file === 'docker-compose.yml');
    const noted = compose.filter((f) => ATTACHED_NOTE.test(f.message)).map((f) => [f.rule, f.line]);
    // app's error, not db's, not app's unpinned image (information), not what is collapsed onto line 1
    assert.deepEqual(noted, [['compose-privileged', 4]], JSON.stringify(compose.map((f) => [f.rule, f.line])));
    assert.ok(compose.some((f) => f.rule === 'compose-privileged' && f.line === 7 && !ATTACHED_NOTE.test(f.message)));
    // a Compose file named alone: no devcontainer.json says anything of it
    const alone = checkJson(['docker-compose.yml'], { cwd: dir });
    assert.ok(!alone.findings.some((f) => ATTACHED_NOTE.test(f.message)));
    // the editor's setup reads the same from the devcontainer.json that names the file
    const setup = setupFromSettings({}, path.join(dir, 'docker-compose.yml'), { root: dir, warn: () => {} });
    assert.equal(setup.env.attachedService, 'app', 'the .devcontainer folder above it, on disk');
    const open = new Map([
      [
        path.join(dir, '.devcontainer/devcontainer.json'),
        '{ "dockerComposeFile": "../docker-compose.yml", "service": "db" }',
      ],
    ]);
    const opened = setupFromSettings({}, path.join(dir, 'docker-compose.yml'), { root: dir, warn: () => {}, open });
    assert.equal(opened.env.attachedService, 'db', 'the open text, not the disk');
  } finally {
    cleanup();
  }
});

test('the editor looks for referring documents beside the file and in .devcontainer.json, .devcontainer/ and .devcontainer/<folder>/ up to the workspace folder, in the walk order', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, {
      '.devcontainer.json': '{ "dockerComposeFile": "svc/compose.yml", "service": "db" }',
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "../svc/compose.yml", "service": "app" }',
      '.devcontainer/one/devcontainer.json': '{}',
      '.devcontainer/one/deeper/devcontainer.json': '{}',
      'svc/devcontainer.json': '{}',
      'svc/compose.yml': TWO_PRIVILEGED_SERVICES,
      'svc/.devcontainer/devcontainer.json': '{}',
      'other/.devcontainer.json': '{}',
      'node_modules/x/Dockerfile': 'FROM alpine:3.20\n',
      'node_modules/.devcontainer.json': '{}',
    });
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f)).sort(walkOrder);
    assert.deepEqual(rel(referrerCandidates(path.join(dir, 'svc/compose.yml'), dir)), [
      '.devcontainer/devcontainer.json',
      '.devcontainer/one/devcontainer.json',
      '.devcontainer.json',
      'svc/.devcontainer/devcontainer.json',
      'svc/devcontainer.json',
    ]);
    // the walk does not enter node_modules: only the file's own folder and what lies above it
    assert.deepEqual(rel(referrerCandidates(path.join(dir, 'node_modules/x/Dockerfile'), dir)), [
      '.devcontainer/devcontainer.json',
      '.devcontainer/one/devcontainer.json',
      '.devcontainer.json',
    ]);
    assert.deepEqual(referrerCandidates(path.join(dir, 'x/Dockerfile'), path.join(dir, 'svc')), []);
    // both name the Compose file: .devcontainer/devcontainer.json comes first in the walk, as `check` says
    const disk = new ReferrerFiles();
    assert.equal(referralOf(path.join(dir, 'svc/compose.yml'), dir, new Map(), disk).service, 'app');
    const noted = checkJson(['.'], { cwd: dir }).findings.filter((f) => ATTACHED_NOTE.test(f.message));
    assert.deepEqual(
      noted.map((f) => [f.file, f.line]),
      [['svc/compose.yml', 4]],
    );
    // read once: a change on disk is seen after clear() (the watcher's)
    writeTree(dir, { '.devcontainer/devcontainer.json': '{}' });
    assert.equal(referralOf(path.join(dir, 'svc/compose.yml'), dir, new Map(), disk).service, 'app');
    disk.clear();
    assert.equal(referralOf(path.join(dir, 'svc/compose.yml'), dir, new Map(), disk).service, 'db');
  } finally {
    cleanup();
  }
});

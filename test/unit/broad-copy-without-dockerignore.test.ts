// broad-copy-without-dockerignore: .dockerignore semantics, the unknown case, and the create/append fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, applyEdits, checkFixes, lint } from './helpers';

const RULE = 'broad-copy-without-dockerignore';
const DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n';
const withIgnore = (dockerignore, text = DOCKERFILE) => findings(text, RULE, { env: { dockerignore } });

test('stays quiet when it cannot know whether a .dockerignore exists', () => {
  assert.equal(withIgnore(undefined).length, 0);
  assert.equal(withIgnore(null).length, 1);
});

test('.dockerignore lines are read as BuildKit reads them', () => {
  const excludes = [
    '.git',
    '/.git/',
    './.git',
    '.git*',
    '**/.git',
    '.env',
    '*.env',
    '.env*',
    '*',
    '**',
    '*\n!src',
    '# c\n\n  .git  \n',
    '.git\r\nnode_modules\r\n',
  ];
  const keeps = [
    '',
    'node_modules',
    '# .git',
    '.github',
    '.git\n!.git',
    '*\n!.git\n!.env',
    'src/.git',
    '.gitignore',
    '.envrc',
  ];
  for (const d of excludes) assert.equal(withIgnore(d).length, 0, JSON.stringify(d));
  for (const d of keeps) assert.equal(withIgnore(d).length, 1, JSON.stringify(d));
});

test('only the context root counts, and not from another stage or in ONBUILD', () => {
  const cases = {
    'COPY ./ /app': 1,
    'ADD . /app': 1,
    'COPY ["./", "/app"]': 1,
    'COPY --link --chown=1:1 . .': 1,
    'COPY src/ .': 0,
    'COPY ./src .': 0,
    'COPY --from=build . .': 0,
    'COPY --from=alpine:3.20 . /x': 0,
    'ONBUILD COPY . /app': 0,
    'COPY <<EOF .\nx\nEOF': 0,
  };
  for (const [line, n] of Object.entries(cases))
    assert.equal(withIgnore(null, `FROM alpine AS build\nFROM alpine\n${line}\n`).length, n, line);
});

test('the create fix writes a .dockerignore that excludes .git and .env but nothing the Dockerfile copies by name', () => {
  const text = 'FROM node:20-slim\nCOPY .env.defaults certs/server.pem ./\nCOPY . .\n';
  const [d] = withIgnore(null, text);
  const fix = d.data.fixes[0];
  assert.equal(fix.otherFile.relativePath, '.dockerignore');
  assert.equal(fix.otherFile.create, true);
  assert.deepEqual(fix.edits, []);
  const content = applyEdits('', fix.otherFile.edits).text;
  const lines = content.split('\n');
  for (const l of ['.git', '.env', '**/*.key', '**/.ssh']) assert.ok(lines.includes(l), l);
  for (const l of ['.env.*', '**/*.pem'])
    assert.ok(!lines.includes(l), `${l} would exclude a file the Dockerfile copies`);
  assert.ok(lines.includes('# node_modules'), 'build output is suggested, not excluded');
  assert.ok(checkFixes(text, RULE, { env: { dockerignore: null } }) > 0);
});

test('the append fix adds only the missing entries after the existing text', () => {
  const existing = 'node_modules\n**/*.pem';
  const [d] = withIgnore(existing);
  const fix = d.data.fixes[0];
  assert.equal(fix.otherFile.create, false);
  const after = applyEdits(existing, fix.otherFile.edits).text;
  assert.ok(after.startsWith('node_modules\n**/*.pem\n# Keep'));
  assert.ok(after.includes('\n.git\n.env\n'));
  assert.ok(!after.slice(existing.length).includes('**/*.pem'), 'already excluded');
  assert.ok(!after.includes('# node_modules'), 'no suggestions appended to an existing file');
  assert.ok(checkFixes(DOCKERFILE, RULE, { env: { dockerignore: existing } }) > 0);
});

test("the fix edits the ignore file in use: BuildKit's <Dockerfile>.dockerignore when that is the one", () => {
  const text = 'FROM alpine:3.20\nCOPY . /app\nUSER 1:1\n';
  const d = lint(text, {
    uri: 'file:///w/app.Dockerfile',
    env: { dockerignore: 'node_modules\n', dockerignorePath: 'app.Dockerfile.dockerignore' },
  }).diagnostics.find((x) => x.code === 'broad-copy-without-dockerignore');
  const fix = d.data.fixes[0];
  assert.equal(fix.otherFile.relativePath, 'app.Dockerfile.dockerignore');
  assert.equal(fix.otherFile.create, false);
  assert.match(fix.title, /app\.Dockerfile\.dockerignore/);
});

test('a malformed .dockerignore line never throws and excludes nothing (Go filepath.Match / regexp would reject it)', () => {
  // the rule runs without a failure (helpers.lint asserts none) and each bad line counts for nothing
  for (const bad of ['[z-a]', '[]', '[', '.git[', '[a-]', '[-a]', '[^]', '.g[z-a]t']) {
    assert.equal(withIgnore(`${bad}\n`).length, 1, `${bad} alone excludes nothing`);
    assert.equal(withIgnore(`${bad}\n.git\n.env\n`).length, 0, `${bad} does not stop the lines after it`);
    assert.equal(withIgnore(`.git\n.env\n!${bad}\n`).length, 0, `!${bad} re-includes nothing`);
  }
  // well-formed classes keep working
  for (const good of ['.[g]it', '.[a-z]it', '.[^x]it', '[.]env\n.git'])
    assert.equal(withIgnore(`${good}\n`).length, 0, good);
});

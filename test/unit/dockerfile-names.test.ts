// One list of Dockerfile names (shared/src/dockerfileNames.ts): the CLI's walk (and Scan Workspace, the same walk),
// the editor's document selector plus the `dockerfile` language association of package.json, and the server's
// decision agree on every name of a table, templates included.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
// minimatch, installed with the tool chain: glob matching close to VS Code's for these one-`*` patterns
import { minimatch } from 'minimatch';
import { ROOT } from './helpers';
import { tempDir, writeTree } from './cli-helpers';
import {
  DOCKERFILE_FILENAMES,
  DOCKERFILE_FILENAME_PATTERNS,
  dockerfileGlob,
  isDockerfileName,
} from '../../shared/src/dockerfileNames';
import { collectTargets } from '../../server/src/service/walk';
import { documentKind } from '../../server/src/service/languages';

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const { dir: TMP, cleanup } = tempDir('bulkhead-names-');
after(cleanup);

/** Name → a Dockerfile Bulkhead lints (true) or not. */
const NAMES: [name: string, linted: boolean][] = [
  ['Dockerfile', true],
  ['dockerfile', true],
  ['Containerfile', true],
  ['Dockerfile.prod', true],
  ['Dockerfile-dev', true],
  ['Dockerfile_prod', true],
  ['Dockerfile.alpine-3.20', true],
  ['api.Dockerfile', true],
  ['worker.dockerfile', true],
  ['Containerfile.dev', true],
  ['Containerfile-dev', true],
  ['Containerfile_rhel', true],
  ['app.containerfile', true],
  // generator input, not Dockerfiles: the Dockerfiles generated from them are linted
  ['Dockerfile.template', false],
  ['Dockerfile-alpine.template', false],
  ['Dockerfile-linux.template', false],
  ['Dockerfile.tmpl', false],
  ['Dockerfile.j2', false],
  // documentation, scripts, leftovers
  ['Dockerfile.md', false],
  ['Dockerfile.sh', false],
  ['Dockerfile.orig', false],
  ['Dockerfile.dockerignore', false],
  ['Dockerfiles', false],
  ['MyDockerfile', false],
  ['notes.txt', false],
];

/** What the editor does with a file: the language VS Code gives it from package.json, whether the client sends it. */
function editor(name: string) {
  const language = PKG.contributes.languages.find((l) => l.id === 'dockerfile');
  const any = (patterns: string[], target: string) => patterns.some((p) => minimatch(target, p, { nocase: true }));
  // VS Code compares file names and filename patterns lower-cased
  const languageId = any([...language.filenames, ...language.filenamePatterns], name) ? 'dockerfile' : 'plaintext';
  const uri = `file:///work/project/sub/${name}`;
  const selected = languageId === 'dockerfile' || any([dockerfileGlob()], `/work/project/sub/${name}`);
  return { languageId, selected, kind: selected ? documentKind(uri, languageId) : null };
}

test('the walk, the editor and the server agree on every name of the table', () => {
  const root = path.join(TMP, 'tree');
  writeTree(root, Object.fromEntries(NAMES.map(([name], i) => [`d${i}/${name}`, 'FROM alpine:3.20\n'])));
  const walked = new Set(collectTargets([root], root).targets.map((t) => path.basename(t.file)));
  for (const [name, linted] of NAMES) {
    assert.equal(isDockerfileName(name), linted, `${name}: the list says ${!linted}`);
    assert.equal(walked.has(name), linted, `${name}: the walk ${linted ? 'skips' : 'finds'} it`);
    const e = editor(name);
    assert.equal(e.kind === 'dockerfile', linted, `${name}: the editor ${linted ? 'does not lint' : 'lints'} it`);
    if (linted) assert.ok(e.selected, `${name}: the client does not send it to the server`);
  }
  // templates still get Dockerfile highlighting from the association; the server does not lint them
  assert.equal(editor('Dockerfile.template').languageId, 'dockerfile');
  assert.equal(editor('Dockerfile-alpine.template').languageId, 'dockerfile');
  // a document the user put in Dockerfile mode whose name says nothing stays a Dockerfile
  assert.equal(documentKind('untitled:Untitled-1', 'dockerfile'), 'dockerfile');
  assert.equal(documentKind('file:///x/build.txt', 'dockerfile'), 'dockerfile');
});

test('package.json and the client read the shared list (scripts/generate.mjs writes package.json from it)', () => {
  const language = PKG.contributes.languages.find((l) => l.id === 'dockerfile');
  assert.deepEqual(language.filenames, DOCKERFILE_FILENAMES);
  assert.deepEqual(language.filenamePatterns, DOCKERFILE_FILENAME_PATTERNS);
  assert.ok(
    PKG.activationEvents.includes(
      `workspaceContains:**/{${[...DOCKERFILE_FILENAMES, ...DOCKERFILE_FILENAME_PATTERNS].join(',')}}`,
    ),
  );
  const client = fs.readFileSync(path.join(ROOT, 'client/src/documentSelector.ts'), 'utf8');
  assert.match(client, /\{ scheme: 'file', pattern: dockerfileGlob\(\) \}/);
  assert.doesNotMatch(client, /Dockerfile\.\*|\*\.dockerfile/i, 'a second list of names in the client');
  // every pattern is a literal with one `*` at an end: what isDockerfileName reads without a regex
  for (const p of DOCKERFILE_FILENAME_PATTERNS) assert.match(p, /^(\*[^*]+|[^*]+\*)$/);
});

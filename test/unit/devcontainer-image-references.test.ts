// The image reference `bulkhead pin` reads in a devcontainer.json (its descriptor's `imageReferences`): the top-level
// `image` string, where its text is in the JSON with comments, and why it is not pinned when the file alone says so
// (the reasons `skipReason` gives every kind's references: variable, already pinned, no tag).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { skipReason } from '../../server/src/cli/pin';
import { languageOf } from '../../server/src/service/languages';

const imageReferences = languageOf('devcontainer').imageReferences!;

/** Each reference as 1-based line, the file's text at its offset, and why it is not pinned (null: pinned). */
const found = (text: string) =>
  imageReferences(text).map((r) => [r.line + 1, text.slice(r.offset, r.offset + r.text.length), skipReason(r)]);

test('the image in JSON with comments and trailing commas: its exact text, a tag pinned, features left alone', () => {
  const text =
    '// the team image\r\n' +
    '{\r\n' +
    '  /* "image": "commented:1" */\r\n' +
    '  "name": "app", // "image": "not:this"\r\n' +
    '  "image": "mcr.microsoft.com/devcontainers/base:1", // pinned by bulkhead pin\r\n' +
    '  "features": {\r\n' +
    '    "ghcr.io/devcontainers/features/node:1": {},\r\n' +
    '  },\r\n' +
    '  "customizations": { "image": "nested:1" },\r\n' +
    '}\r\n';
  assert.deepEqual(found(text), [[5, 'mcr.microsoft.com/devcontainers/base:1', null]]);
  const [ref] = imageReferences(text);
  assert.equal(ref.text, 'mcr.microsoft.com/devcontainers/base:1');
  assert.equal(ref.skip, undefined);
});

test('latest, no tag, a digest already written: as every kind, latest is pinned, the others are not', () => {
  assert.deepEqual(found('{"image": "node:latest"}'), [[1, 'node:latest', null]]);
  assert.deepEqual(found('{"image": "localhost:5000/team/app"}'), [[1, 'localhost:5000/team/app', 'no tag']]);
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(found(`{"image": "node:22@${digest}"}`), [[1, `node:22@${digest}`, 'already pinned']]);
  assert.deepEqual(found(`{"image": "node@${digest}"}`), [[1, `node@${digest}`, 'already pinned']]);
});

test('variables: ${localEnv:...} and the other ${...} are substituted when the container is created', () => {
  for (const image of ['${localEnv:REGISTRY}/team/app:1.0', 'team/app:${localEnv:TAG:1.0}', 'app:${devcontainerId}'])
    assert.deepEqual(found(`{\n  "image": "${image}"\n}`), [[2, image, 'variable']]);
});

test('no image to pin: none written, not a string, empty, nested only, not an object, broken', () => {
  for (const text of [
    '{}',
    '{"name": "app", "features": {"ghcr.io/devcontainers/features/node:1": {}}}',
    '{"image": 1}',
    '{"image": null}',
    '{"image": ["node:22"]}',
    '{"image": ""}',
    '{"build": {"image": "node:22"}}',
    '["node:22"]',
    '"node:22"',
    '',
    '{"image": "node:22',
    '{"image": "node:22\n}',
  ])
    assert.deepEqual(imageReferences(text), [], JSON.stringify(text));
});

test('the image a Dockerfile builds is named, not pulled; the last image written is the one read', () => {
  // devcontainers/cli isDockerFileConfig: build.dockerfile or dockerFile written at all
  assert.deepEqual(found('{"build": {"dockerfile": "Dockerfile"}, "image": "team/app:dev"}'), [
    [1, 'team/app:dev', 'built by this file (build.dockerfile)'],
  ]);
  assert.deepEqual(found('{"dockerFile": "Dockerfile", "image": "team/app:dev"}'), [
    [1, 'team/app:dev', 'built by this file (build.dockerfile)'],
  ]);
  // a build without a Dockerfile (only args) and a Compose file beside it: the image is still the one pulled
  // (devcontainers/cli configContainer.ts: an `image` is opened as a single container before dockerComposeFile)
  assert.deepEqual(found('{"build": {"args": {}}, "dockerComposeFile": "compose.yaml", "image": "node:22"}'), [
    [1, 'node:22', null],
  ]);
  assert.deepEqual(found('{\n"image": "node:20",\n"image": "node:22"\n}'), [[3, 'node:22', null]]);
});

test('a value written with JSON escapes is not rewritten: its text is not the reference', () => {
  const text = '{"image": "ghcr.io\\/org\\/app:1"}';
  assert.deepEqual(found(text), [[1, 'ghcr.io\\/org\\/app:1', 'written with JSON escapes']]);
});

test('a byte order mark keeps the offsets', () => {
  const text = '\uFEFF{"image": "node:22"}';
  assert.deepEqual(found(text), [[1, 'node:22', null]]);
});

test('hostile input: deep nesting and random text never throw, and every reference is the text at its offset', () => {
  assert.deepEqual(imageReferences('['.repeat(100_000)), []);
  assert.deepEqual(found(`{"a": ${'['.repeat(50_000)}, "image": "node:22"}`), []);
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (junk, image) => {
      const text = `{${junk}"image": ${JSON.stringify(image)}${junk}}`;
      for (const r of imageReferences(text)) assert.equal(text.slice(r.offset, r.offset + r.text.length), r.text);
    }),
    { seed: 23, numRuns: 300 },
  );
});

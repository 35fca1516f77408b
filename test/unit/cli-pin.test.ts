// `bulkhead pin` (dist/cli.js, run as a user would) against a real registry (registry-helpers.ts): it writes the
// digest the registry holds (the sha256 of the bytes `skopeo inspect --raw` reads) and nothing else in the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessAvailable } from '../tiers.mjs';
import { CLI } from './cli-helpers';
import { moveTag, push, startRegistry, stop } from './registry-helpers';
import { skipReason } from '../../server/src/cli/pin';
import { languageOf, LANGUAGES } from '../../server/src/service/languages';

// Skipped, naming the apt-get command, where the tools are missing; under CI=true it runs and fails instead.
const tier = skipUnlessAvailable('Real registry');
const skip = tier.skip;

function pin(args: string[], cwd: string, dockerConfig: string) {
  const r = spawnSync(process.execPath, [CLI, 'pin', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DOCKER_CONFIG: dockerConfig },
  });
  assert.equal(r.signal, null, `the CLI was killed by ${r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A fresh folder with a real registry that holds team/app:1.0 (`want`: its digests), and the folders `work` (the
 * project) and `docker-config` (`config`, DOCKER_CONFIG) in it; the registry is stopped and the folder removed after.
 */
async function withPushedImage(
  body: (r: {
    child: Awaited<ReturnType<typeof startRegistry>>['child'];
    dir: string;
    host: string;
    want: Awaited<ReturnType<typeof push>>;
    work: string;
    config: string;
  }) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-pin-'));
  const { host, child } = await startRegistry(dir);
  try {
    const want = await push(dir, host);
    const work = path.join(dir, 'work');
    const config = path.join(dir, 'docker-config');
    fs.mkdirSync(work);
    fs.mkdirSync(config);
    await body({ child, dir, host, want, work, config });
  } finally {
    await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('bulkhead pin against a real registry: dry run, write, not found, registry down', { skip }, async () => {
  if (tier.missing) assert.fail(tier.missing);
  await withPushedImage(async ({ child, dir, host, want, work, config }) => {
    const key = 'AKIA' + 'Q'.repeat(4) + 'ZX7B3MPL2TRF';
    const dockerfile =
      '# syntax=docker/dockerfile:1\n' +
      'ARG BASE\n' +
      `FROM ${host}/team/app:2.0 AS build\r\n` +
      `ENV AWS_ACCESS_KEY_ID=${key}\n` +
      'RUN echo built > /out\n' +
      'FROM build AS test\n' +
      'FROM scratch AS empty\n' +
      'FROM $BASE\n' +
      `FROM --platform=linux/amd64 ${host}/team/app:2.0\n` +
      'COPY --from=build /out /out\n' +
      `COPY --link --from=${host}/team/app:1.0 /etc /etc\n`;
    const compose =
      'services:\n' +
      '  web:\n' +
      `    image: "${host}/team/app:1.0"  # the web tier\n` +
      '  db:\n' +
      '    image: ${REGISTRY}/db:1\n';
    fs.writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
    fs.writeFileSync(path.join(work, 'compose.yaml'), compose);
    const index = `${host}/team/app:2.0@${want.index}`;
    const single = `${host}/team/app:1.0@${want.single}`;
    const args = ['--insecure-registry', host, '--timeout', '5000'];

    const dry = pin(['--dry-run', ...args], work, config);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8'), dockerfile, 'the dry run wrote nothing');
    assert.equal(fs.readFileSync(path.join(work, 'compose.yaml'), 'utf8'), compose, 'the dry run wrote nothing');
    assert.match(dry.stdout, new RegExp(`^\\+FROM ${index.replace(/[.]/g, '\\.')} AS build`, 'm'));
    assert.match(dry.stdout, /^--- a\/compose\.yaml/m);
    assert.match(dry.stderr, /Dockerfile:3 {2}\S+team\/app:2\.0 -> \S+@sha256:[0-9a-f]{64}/);
    assert.match(dry.stderr, /Dockerfile:6 {2}build: skipped: stage/);
    assert.match(dry.stderr, /Dockerfile:7 {2}scratch: skipped: scratch/);
    assert.match(dry.stderr, /Dockerfile:8 {2}\$BASE: skipped: variable/);
    // a credential on a context line of the diff is masked, as check --fix-dry-run masks it
    assert.ok(!(dry.stdout + dry.stderr).includes(key), 'the key is masked in the diff');
    assert.match(dry.stderr, /Dockerfile: a line of the diff holds a credential and is shown masked/);
    assert.match(dry.stderr, /compose\.yaml:5 {2}\$\{REGISTRY\}\/db:1: skipped: variable/);

    const run = pin(args, work, config);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    // byte for byte: only the references' text changed
    const expected = (text: string) =>
      text.split(`${host}/team/app:2.0`).join(index).split(`${host}/team/app:1.0`).join(single);
    assert.deepEqual(fs.readFileSync(path.join(work, 'Dockerfile')), Buffer.from(expected(dockerfile)));
    assert.deepEqual(fs.readFileSync(path.join(work, 'compose.yaml')), Buffer.from(expected(compose)));
    // pinned references are left alone on a second run
    const again = pin(args, work, config);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(fs.readFileSync(path.join(work, 'Dockerfile')), Buffer.from(expected(dockerfile)));

    // a tag the registry does not hold: "not found", exit 1, the file left as it was; a malformed Docker config warns
    fs.writeFileSync(path.join(config, 'config.json'), '{"auths": ');
    const missing = path.join(dir, 'missing');
    fs.mkdirSync(missing);
    fs.writeFileSync(path.join(missing, 'Dockerfile'), `FROM ${host}/team/app:9.9\n`);
    const notFound = pin(args, missing, config);
    assert.equal(notFound.code, 1, notFound.stderr);
    assert.match(notFound.stderr, /Dockerfile:1 {2}\S+team\/app:9\.9: not found/);
    assert.match(notFound.stderr, /config\.json is not a valid Docker config/);
    assert.doesNotMatch(notFound.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(fs.readFileSync(path.join(missing, 'Dockerfile'), 'utf8'), `FROM ${host}/team/app:9.9\n`);

    // the registry down: "unreachable", exit 1, and the run ends
    await stop(child);
    fs.writeFileSync(path.join(missing, 'Dockerfile'), `FROM ${host}/team/app:1.0\n`);
    const down = pin(args, missing, config);
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stderr, /Dockerfile:1 {2}\S+team\/app:1\.0: unreachable/);
  });
});

test('bulkhead pin and a tag that moved: reported and left alone, rewritten with --update', { skip }, async () => {
  if (tier.missing) assert.fail(tier.missing);
  await withPushedImage(async ({ child, dir, host, want, work, config }) => {
    const old = `${host}/team/app:1.0@${want.single}`;
    const index = `${host}/team/app:2.0@${want.index}`;
    const dockerfile = `FROM ${old} AS base\nFROM ${index}\nCOPY --from=${host}/team/app@${want.single} /a /a\n`;
    const compose = `services:\n  web:\n    image: ${old} # pinned\n`;
    fs.writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
    fs.writeFileSync(path.join(work, 'compose.yaml'), compose);
    const args = ['--insecure-registry', host, '--timeout', '5000'];

    const unmoved = pin(args, work, config);
    assert.equal(unmoved.code, 0, unmoved.stderr);
    assert.doesNotMatch(unmoved.stderr, /moved/, 'a tag that still points to the digest says nothing');

    const moved = await moveTag(dir, host);
    const report = pin(args, work, config);
    assert.equal(report.code, 0, report.stderr);
    const line = `${host}/team/app:1.0: tag has moved: ${want.single} -> ${moved} (run with --update)`;
    assert.ok(report.stderr.includes(`Dockerfile:1  ${line}`), report.stderr);
    assert.ok(report.stderr.includes(`compose.yaml:3  ${line}`), report.stderr);
    assert.match(report.stderr, /2 moved tags left as pinned/);
    assert.equal(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8'), dockerfile, 'left alone without --update');
    assert.equal(fs.readFileSync(path.join(work, 'compose.yaml'), 'utf8'), compose);

    const dry = pin(['--update', '--dry-run', ...args], work, config);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(dry.stdout.includes(`+FROM ${host}/team/app:1.0@${moved} AS base`), dry.stdout);
    assert.equal(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8'), dockerfile, 'the dry run wrote nothing');

    const update = pin(['--update', ...args], work, config);
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stderr, /2 moved tags updated/);
    const now = (text: string) => text.split(old).join(`${host}/team/app:1.0@${moved}`);
    // byte for byte: the moved digest replaced, the index and the digest-only reference untouched
    assert.deepEqual(fs.readFileSync(path.join(work, 'Dockerfile')), Buffer.from(now(dockerfile)));
    assert.deepEqual(fs.readFileSync(path.join(work, 'compose.yaml')), Buffer.from(now(compose)));

    const again = pin(['--update', ...args], work, config);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /moved/);

    // a pinned reference whose tag cannot be checked any more fails, as any reference that cannot be resolved
    await stop(child);
    const down = pin(args, work, config);
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stderr, /Dockerfile:1 {2}\S+team\/app:1\.0@sha256:[0-9a-f]{64}: unreachable/);
  });
});

test(
  'bulkhead pin and a devcontainer.json: its image pinned, the rest of the JSON with comments as it was',
  { skip },
  async () => {
    if (tier.missing) assert.fail(tier.missing);
    await withPushedImage(async ({ dir, host, want, work, config }) => {
      fs.mkdirSync(path.join(work, '.devcontainer', 'env'), { recursive: true });
      // JSON with comments and trailing commas, CRLF on some lines; the feature's `:1` is an OCI artifact's, left alone
      const devcontainer =
        '// the team image\r\n' +
        '{\n' +
        '  "name": "app", /* "image": "not:this" */\n' +
        `  "image": "${host}/team/app:1.0", // pinned\r\n` +
        '  "features": {\n' +
        '    "ghcr.io/devcontainers/features/node:1": {},\n' +
        '  },\n' +
        '}\n';
      const withVariable = '{\n  "image": "${localEnv:REGISTRY}/team/app:1.0"\n}\n';
      const file = path.join(work, '.devcontainer', 'devcontainer.json');
      const other = path.join(work, '.devcontainer', 'env', 'devcontainer.json');
      fs.writeFileSync(file, devcontainer);
      fs.writeFileSync(other, withVariable);
      const single = `${host}/team/app:1.0@${want.single}`;
      const args = ['--insecure-registry', host, '--timeout', '5000'];

      const dry = pin(['--dry-run', ...args], work, config);
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(fs.readFileSync(file, 'utf8'), devcontainer, 'the dry run wrote nothing');
      assert.ok(dry.stdout.includes('--- a/.devcontainer/devcontainer.json\n'), dry.stdout);
      assert.ok(dry.stdout.includes(`+  "image": "${single}", // pinned\r\n`), dry.stdout);
      assert.ok(
        dry.stderr.includes(`.devcontainer/devcontainer.json:4  ${host}/team/app:1.0 -> ${single}`),
        dry.stderr,
      );
      assert.ok(
        dry.stderr.includes(
          '.devcontainer/env/devcontainer.json:2  ${localEnv:REGISTRY}/team/app:1.0: skipped: variable',
        ),
        dry.stderr,
      );
      assert.match(dry.stderr, /1 reference would be pinned/);

      // the file named on the command line; byte for byte, only the reference's text changed
      const run = pin([...args, '.devcontainer/devcontainer.json'], work, config);
      assert.equal(run.code, 0, run.stderr);
      const pinned = devcontainer.split(`${host}/team/app:1.0`).join(single);
      assert.deepEqual(fs.readFileSync(file), Buffer.from(pinned));
      assert.deepEqual(fs.readFileSync(other), Buffer.from(withVariable));

      // pinned with its tag: checked again, and rewritten with --update when the tag has moved
      const moved = await moveTag(dir, host);
      const report = pin(args, work, config);
      assert.equal(report.code, 0, report.stderr);
      const line = `${host}/team/app:1.0: tag has moved: ${want.single} -> ${moved} (run with --update)`;
      assert.ok(report.stderr.includes(`.devcontainer/devcontainer.json:4  ${line}`), report.stderr);
      assert.deepEqual(fs.readFileSync(file), Buffer.from(pinned), 'left alone without --update');
      const update = pin(['--update', ...args], work, config);
      assert.equal(update.code, 0, update.stderr);
      assert.deepEqual(fs.readFileSync(file), Buffer.from(pinned.split(want.single).join(moved)));
    });
  },
);

test('the references pin finds: the Dockerfile parser and the Compose model decide, not a line pattern', () => {
  // each kind's descriptor says where its documents name images to pin (devcontainer-image-references.test.ts: a
  // devcontainer.json's)
  assert.deepEqual(
    LANGUAGES.filter((l) => 'imageReferences' in l).map((l) => l.kind),
    ['dockerfile', 'compose', 'devcontainer'],
  );
  const dockerfileImageReferences = languageOf('dockerfile').imageReferences!;
  const composeImageReferences = languageOf('compose').imageReferences!;
  const dockerfile =
    'ARG BASE=alpine:3.20\n' +
    'FROM \\\n  ghcr.io/org/app:1.2 AS build\n' +
    'RUN <<EOF\nFROM nginx:1.27\nEOF\n' +
    'RUN --mount=type=bind,from=busybox:1.36,target=/b true\n' +
    'FROM $BASE\n' +
    'COPY --from=build /a /b\n' +
    'FROM scratch\n';
  const refs = dockerfileImageReferences(dockerfile).map((r) => ({
    line: r.line + 1,
    text: r.text,
    at: dockerfile.slice(r.offset, r.offset + r.text.length),
    skip: skipReason(r),
  }));
  assert.deepEqual(refs, [
    { line: 3, text: 'ghcr.io/org/app:1.2', at: 'ghcr.io/org/app:1.2', skip: null },
    { line: 7, text: 'busybox:1.36', at: 'busybox:1.36', skip: null },
    { line: 8, text: '$BASE', at: '$BASE', skip: 'variable' },
    { line: 10, text: 'scratch', at: 'scratch', skip: 'scratch' },
  ]);
  const compose =
    'services:\n' +
    '  web:\n' +
    '    image: "nginx:1.27" # front\n' +
    '    command: |\n' +
    '      image: postgres:16\n' +
    '  app:\n' +
    '    build: .\n' +
    '    image: org/app:dev\n';
  assert.deepEqual(
    composeImageReferences(compose).map((r) => [
      r.line + 1,
      compose.slice(r.offset, r.offset + r.text.length),
      skipReason(r),
    ]),
    [
      [3, 'nginx:1.27', null],
      [8, 'org/app:dev', 'built by this file (build:)'],
    ],
  );
});

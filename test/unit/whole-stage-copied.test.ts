// whole-stage-copied: `COPY --from=<x> / …` fires on the `/` when x is a stage that runs commands or starts from an
// operating-system image, or such an image; scratch stages, file-only images, named paths and exclusions do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts } from './helpers';

const RULE = 'whole-stage-copied';
const hits = (text) => findingTexts(text, RULE);

const BUILD = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n';

const FIRES: [body: string, expected: string[]][] = [
  [`${BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build / /\n`, ['/']],
  [`${BUILD}FROM scratch\nCOPY --from=build / /\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build / /rootfs/\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build /. /\n`, ['/.']],
  // --from sources are relative to the other stage's root: `./` and `.` are the whole filesystem too
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build ./ /\n`, ['./']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build . /rootfs\n`, ['.']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build ["/", "/"]\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --link --chown=10001:10001 --from=build / /\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=0 / /\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=BUILD / /\n`, ['/']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from="build" '/' /\n`, ["'/'"]],
  [`${BUILD}FROM alpine:3.20\nARG ROOT=/\nCOPY --from=build $ROOT /\n`, ['$ROOT']],
  [`${BUILD}FROM alpine:3.20\nCOPY --from=build \\\n     / \\\n     /\n`, ['/']],
  ['FROM scratch\nCOPY --from=ubuntu:24.04 / /\n', ['/']],
  ['FROM scratch\nCOPY --from=docker.io/library/alpine:3.20 / /\n', ['/']],
  ['FROM debian:bookworm-slim AS base\nFROM base AS tools\nCOPY x /x\nFROM scratch\nCOPY --from=tools / /\n', ['/']],
  [
    'FROM alpine:3.20 AS build\nRUN apk add --no-cache git\nFROM build AS more\nFROM scratch\nCOPY --from=more / /\n',
    ['/'],
  ],
];

const PASSES = [
  `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n`,
  `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/ /usr/local/bin/\n`,
  `${BUILD}FROM alpine:3.20\nCOPY --from=build --exclude=/usr/local/go / /\n`,
  `${BUILD}FROM alpine:3.20\nCOPY / /\n`,
  `${BUILD}FROM alpine:3.20\nCOPY --from=build /* /\n`,
  // a scratch stage holds only what was copied into it on purpose: the export-stage pattern
  `${BUILD}FROM scratch AS binaries\nCOPY --from=build /out/app /\nFROM alpine:3.20\nCOPY --from=binaries / /usr/local/bin/\n`,
  // images built to be copied whole (a few binaries or scripts), not operating systems
  'FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.5.0 AS xx\nFROM golang:1.23-alpine\nCOPY --from=xx / /\n',
  'FROM alpine:3.20\nCOPY --from=crazymax/yasu / /\n',
  'FROM alpine:3.20\nCOPY --from=gcr.io/distroless/static-debian12 / /\n',
  'FROM alpine:3.20\nCOPY --from=scratch / /\n',
  // unknown: a build argument without a value, a named build context, a stage not defined yet
  'FROM alpine:3.20\nARG SRC\nCOPY --from=$SRC / /\n',
  // BuildKit refuses a variable in --from ("variable expansion is not supported for --from"), default or not
  `${BUILD}FROM alpine:3.20\nARG SRC=build\nCOPY --from=\${SRC} / /\n`,
  'FROM alpine:3.20\nCOPY --from=rootfs / /\n',
  'FROM alpine:3.20\nCOPY --from=1 / /\nFROM alpine:3.20 AS later\nRUN true\n',
  // ONBUILD triggers name stages of the downstream build
  `${BUILD}FROM alpine:3.20\nONBUILD COPY --from=build / /\n`,
  `${BUILD}FROM alpine:3.20\nRUN echo "COPY --from=build / /"\n`,
];

for (const [text, expected] of FIRES) {
  test(`fires: ${text.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(text), expected));
}
for (const text of PASSES) {
  test(`passes: ${text.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(text), []));
}

test('the message names the stage or image and suggests a named path', () => {
  const [stage] = findings(`${BUILD}FROM scratch\nCOPY --from=build / /\n`, RULE);
  assert.match(stage.message, /whole filesystem of stage `build`.*COPY --from=build \/path\/to\/app/);
  assert.equal(stage.severity, 3);
  const [image] = findings('FROM scratch\nCOPY --from=ubuntu:24.04 / /\n', RULE);
  assert.match(image.message, /the image `ubuntu:24.04`/);
  const [index] = findings(`${BUILD}FROM alpine:3.20\nCOPY --from=0 / /\n`, RULE);
  assert.match(index.message, /stage `build`/);
  const [copyOnly] = findings(
    'FROM debian:bookworm-slim AS base\nFROM base AS tools\nCOPY x /x\nFROM scratch\nCOPY --from=tools / /\n',
    RULE,
  );
  assert.match(copyOnly.message, /stage `tools` \(based on `debian:bookworm-slim`\)/);
});

test("hadolint's DL3067 pragma suppresses it", () => {
  assert.deepEqual(hits(`${BUILD}FROM scratch\n# hadolint ignore=DL3067\nCOPY --from=build / /\n`), []);
});

// insecure-build-flags: `RUN --security=insecure` and `RUN --network=host` fire on the flag and the fix removes it;
// the sandboxed values, the same words elsewhere and unknown build arguments do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, fixOutputTests, type FixCase } from './helpers';

const RULE = 'insecure-build-flags';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['RUN --security=insecure make test', ['--security=insecure']],
  ['RUN --network=host apt-get update', ['--network=host']],
  ['RUN --mount=type=cache,target=/root/.cache --network=host pip install -r r.txt', ['--network=host']],
  ['RUN --network=host --security=insecure ./build.sh', ['--network=host', '--security=insecure']],
  ['RUN --network="host" make', ['--network="host"']],
  ['ARG NET=host\nRUN --network=$NET make', ['--network=$NET']],
  ['ARG MODE=insecure\nRUN --security=${MODE} make', ['--security=${MODE}']],
  ['ONBUILD RUN --network=host make', ['--network=host']],
  ['RUN --network=host \\\n    apt-get update', ['--network=host']],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --network=host <<EOF\napk add --no-cache curl\nEOF\n',
    ['--network=host'],
  ],
  [
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN --network=host powershell -Command Get-Date\n',
    ['--network=host'],
  ],
  [
    'FROM alpine:3.20 AS build\nRUN --security=insecure make\nFROM alpine:3.20\nRUN --network=host wget https://x.example/a\n',
    ['--security=insecure', '--network=host'],
  ],
];

const PASSES = [
  'RUN --network=none pip install --no-index --find-links /wheels app',
  'RUN --network=default apt-get update',
  'RUN --security=sandbox make',
  'RUN --network=HOST make',
  'RUN echo --network=host --security=insecure',
  'RUN docker build --network=host .',
  '# RUN --network=host make\nRUN make',
  'ARG NET\nRUN --network=$NET make',
  'ARG NET=none\nRUN --network=${NET} make',
  'COPY --network=host a /a',
  'RUN --network host make',
  'HEALTHCHECK CMD curl --network=host http://localhost/',
  // flags go before the command: after a heredoc marker the word is part of the command
  '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF --network=host\nmake\nEOF\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

const FIXES: FixCase[] = [
  ['a lone flag', 'RUN --network=host apt-get update\n', 'RUN apt-get update\n'],
  [
    'one flag of several',
    'RUN --mount=type=cache,target=/c --security=insecure make\n',
    'RUN --mount=type=cache,target=/c make\n',
  ],
  ['the flag before a continuation', 'RUN --network=host \\\n    apt-get update\n', 'RUN \\\n    apt-get update\n'],
  [
    'a flag alone on a continuation line',
    'RUN \\\n    --network=host \\\n    apt-get update\n',
    'RUN \\\n    apt-get update\n',
  ],
  ['a flag given by a build argument', 'ARG NET=host\nRUN --network=${NET} make\n', 'ARG NET=host\nRUN make\n'],
];
fixOutputTests(test, RULE, FIXES, doc, (d) => {
  assert.equal(d.data.fixes.length, 1);
  assert.equal(d.data.fixes[0].isPreferred, true);
});

test('messages name the risk and the entitlement to keep off', () => {
  const [insecure] = findings(doc('RUN --security=insecure make'), RULE);
  assert.match(insecure.message, /privileged.*Remove the flag.*security\.insecure/);
  assert.equal(insecure.severity, 2);
  const [host] = findings(doc('RUN --network=host make'), RULE);
  assert.match(host.message, /host's network namespace.*metadata.*network\.host/);
});

test('suppressed by its ignore comment', () => {
  assert.deepEqual(hits('# bulkhead-ignore insecure-build-flags -- needs the VPN route\nRUN --network=host make'), []);
});

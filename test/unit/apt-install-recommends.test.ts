// apt-install-recommends: apt installs in shipped stages without --no-install-recommends fire on `apt-get install`;
// the flag anywhere, apt configuration, variables, builders and Windows do not; the fix inserts the flag after install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, fixOutputTests, type FixCase } from './helpers';

const RULE = 'apt-install-recommends';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get update && apt-get install -y curl', ['apt-get install']],
  ['RUN apt install -y curl', ['apt install']],
  ['RUN apt-get -y -q install curl', ['apt-get -y -q install']],
  ['RUN apt-get install -y \\\n      curl', ['apt-get install']],
  ['RUN apt-get \\\n    install -y curl', ['install']],
  ['RUN sudo apt-get install -y curl', ['apt-get install']],
  ['RUN DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata', ['apt-get install']],
  ['RUN apt-get install -y --no-install-suggests curl', ['apt-get install']],
  ['RUN apt-get -o APT::Install-Recommends=true install -y curl', ['apt-get -o APT::Install-Recommends=true install']],
  ['RUN apt-get install -y "curl=${CURL_VERSION}"', ['apt-get install']],
  ["RUN sh -c 'apt-get install -y curl'", ['apt-get install']],
  ['RUN ["apt-get", "install", "-y", "curl"]', ['"apt-get", "install"']],
  ['ONBUILD RUN apt-get install -y curl', ['apt-get install']],
  ['RUN xx-apt-get install -y gcc', ['xx-apt-get install']],
  [
    '# syntax=docker/dockerfile:1\nFROM ubuntu:24.04\nRUN <<EOF\napt-get update\napt-get install -y nginx\nEOF\n',
    ['apt-get install'],
  ],
  ['FROM debian:12 AS base\nRUN apt-get install -y curl\nFROM base\nRUN true\n', ['apt-get install']],
  // configuration written after the install does not apply to it
  [
    'RUN apt-get install -y curl && echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99r',
    ['apt-get install'],
  ],
  // configuration in a stage the install's stage is not built from does not apply
  [
    'FROM debian:12 AS other\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99r\nFROM debian:12\nRUN apt-get install -y curl\n',
    ['apt-get install'],
  ],
];

const PASSES = [
  'RUN apt-get install -y --no-install-recommends curl',
  'RUN apt-get install -y curl --no-install-recommends',
  'RUN apt-get --no-install-recommends -y install curl',
  'RUN apt-get install --install-recommends=false -y curl',
  'RUN apt-get -o APT::Install-Recommends=false install -y curl',
  'RUN apt-get -oAPT::Install-Recommends=0 install -y curl',
  'RUN apt-get --option="APT::Install-Recommends=no" install -y curl',
  'RUN apt-get install $APT_FLAGS curl',
  'RUN apt-get install -y $(cat /tmp/packages.txt)',
  'RUN apt-get install --only-upgrade -y openssl',
  'RUN if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then echo available; fi',
  'RUN apt-get install -qq --download-only curl && apt-get install --dry-run git',
  'RUN apt-get update && apt-get upgrade -y && apt-get remove -y curl',
  'RUN apt-get build-dep -y nginx',
  'RUN apt-cache show curl && aptitude install -y curl',
  'RUN echo "apt-get install -y curl"',
  'RUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/80recommends && apt-get install -y curl',
  'RUN printf \'APT::Install-Recommends "0";\\n\' | tee /etc/apt/apt.conf.d/80r\nRUN apt-get install -y curl',
  'FROM debian:12 AS base\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/80r\nFROM base\nRUN apt-get install -y curl\n',
  '# syntax=docker/dockerfile:1\nFROM debian:12\nCOPY <<EOF /etc/apt/apt.conf.d/80r\nAPT::Install-Recommends "false";\nEOF\nRUN apt-get install -y curl\n',
  'COPY apt.conf /etc/apt/apt.conf.d/99local\nRUN apt-get install -y curl',
  'ENV APT_CONFIG=/etc/apt/custom.conf\nRUN apt-get install -y curl',
  'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out /out\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install -y curl\n',
  'FROM debian:12\nSHELL ["powershell", "-Command"]\nRUN apt-get install -y curl\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

const FIXES: FixCase[] = [
  [
    'after install',
    'RUN apt-get update && apt-get install -y curl\n',
    'RUN apt-get update && apt-get install --no-install-recommends -y curl\n',
  ],
  [
    'continuation lines untouched',
    'RUN apt-get install -y \\\n      curl \\\n      git\n',
    'RUN apt-get install --no-install-recommends -y \\\n      curl \\\n      git\n',
  ],
  [
    'subcommand on its own line',
    'RUN apt-get -y \\\n    install curl\n',
    'RUN apt-get -y \\\n    install --no-install-recommends curl\n',
  ],
  [
    'inside sh -c',
    "RUN sh -c 'apt-get install -y curl'\n",
    "RUN sh -c 'apt-get install --no-install-recommends -y curl'\n",
  ],
  [
    'heredoc',
    'RUN <<EOF\napt-get install -y nginx\nEOF\n',
    'RUN <<EOF\napt-get install --no-install-recommends -y nginx\nEOF\n',
  ],
];
fixOutputTests(test, RULE, FIXES, doc, (d) => assert.equal(d.data.fixes[0].title, 'Add --no-install-recommends'));

test('the fix is offered for review, never applied by Fix all (fewer packages can break the program)', () => {
  const [d] = findings(doc('RUN apt-get install -y curl'), RULE);
  assert.equal(d.data.fixes[0].manual, true);
  assert.equal(d.data.fixes[0].isPreferred, true);
});

test('exec form gets no automatic fix; the message says what to add', () => {
  const [d] = findings(doc('RUN ["apt-get", "install", "-y", "curl"]'), RULE);
  assert.deepEqual(d.data.fixes, []);
  assert.match(d.message, /--no-install-recommends/);
  assert.equal(d.severity, 3);
});

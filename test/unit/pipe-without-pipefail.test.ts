// pipe-without-pipefail: a pipeline in a RUN script of a POSIX shell, with no pipefail from SHELL, the shebang or an
// earlier `set -o pipefail`, fires once per script on its first `|`. The fix turns pipefail on the way the shell
// supports it: `set -o pipefail` for bash/ash/RHEL sh, a bash SHELL for Debian's dash, nothing for unknown shells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, applyEdits, checkFixes } from './helpers';
import { acceptPreferred, fixAllToFixedPoint } from './fuzz-helpers';
import { tokenizeShell } from '../../server/src/dockerfile/model/shell';
import { hasPipe } from '../../server/src/dockerfile/rules/pipe-without-pipefail';

const RULE = 'pipe-without-pipefail';
const debian = (body) => asDockerfile(body, 'debian:bookworm-slim');
const alpine = (body) => asDockerfile(body, 'alpine:3.20');
const hits = (text) => findingTexts(text, RULE);
const lines = (text) => findings(text, RULE).map((d) => d.range.start.line + 1);

const FIRES: [text: string, lines: number[]][] = [
  // [document, lines of the findings]
  [debian('RUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt'), [2]],
  [alpine('RUN wget -qO- https://x.example/a.tgz | tar -xz'), [2]],
  [debian('RUN set -eux; curl -fsSL https://x.example/v | jq -r .tag > /v'), [2]],
  [debian('RUN curl -fsSL https://x.example/v | jq -r .tag > /v && set -o pipefail'), [2]],
  [debian('RUN VERSION=$(curl -fsSL https://x.example/latest | jq -r .tag) && echo "$VERSION"'), [2]],
  [debian('RUN find / -name "*.so" | xargs strip'), [2]],
  [debian('RUN cat /etc/os-release | grep VERSION_ID'), [2]],
  [debian('RUN make 2>&1 | tee /build.log'), [2]],
  [debian('RUN make |& tee /build.log'), [2]],
  [debian('RUN echo "$CERT" | openssl x509 -noout | tee /cert.txt'), [2]],
  [debian('RUN curl -fsSL https://x.example/a | tar -x; echo done'), [2]],
  [debian('RUN if [ -n "$X" ]; then curl -fsSL https://x.example/a | tar -x; fi'), [2]],
  [debian('RUN for u in a b; do curl -fsSL "https://x.example/$u" | tar -x; done'), [2]],
  [debian('RUN curl -fsSL https://x.example/a | tar -x || exit 1'), [2]],
  [debian('RUN curl -fsSL https://x.example/a | tar -x || { echo "download failed" >&2; exit 1; }'), [2]],
  [debian('RUN --mount=type=cache,target=/var/cache/apt curl -fsSL https://x.example/a | tar -x'), [2]],
  [debian('RUN curl -fsSL \\\n      https://x.example/a \\\n    | tar -x'), [4]],
  [debian('RUN a | b && c | d'), [2]],
  [debian('RUN { curl -fsSL https://x.example/a | tar -x; } && (cd /x && make | tee log)'), [2]],
  ['FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN curl -fsSL https://x.example/a | tar -x\n', [3]],
  [
    'FROM debian:bookworm-slim\nRUN curl -fsSL https://x.example/a | tar -x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN true\n',
    [2],
  ],
  [
    'FROM debian:bookworm-slim AS build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM debian:bookworm-slim\nRUN c | d\n',
    [5],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -e\nwget -qO- https://x.example/a | tar -x\nEOF\n',
    [5],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN bash <<EOF\ncurl -fsSL https://x.example/a | tar -x\nEOF\n',
    [4],
  ],
  [
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\n#!/bin/sh\ncurl -fsSL https://x.example/a | tar -x\nEOF\n',
    [6],
  ],
  ['FROM alpine:3.20 AS a\nRUN a | b\nFROM a\nRUN c | d\n', [2, 4]],
];

const PASSES = [
  'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a | tar -x\n',
  'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN a | b\n',
  'FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n',
  debian('RUN set -o pipefail && curl -fsSL https://x.example/a | tar -x'),
  debian('RUN set -euo pipefail; curl -fsSL https://x.example/a | tar -x'),
  debian('RUN set -eo pipefail && a | b'),
  debian('RUN set -Eeuxo pipefail; a | b'),
  debian('RUN set -o errexit -o pipefail && a | b'),
  '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN <<EOF\n#!/bin/bash -eo pipefail\na | b\nEOF\n',
  '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN bash -o pipefail <<EOF\na | b\nEOF\n',
  // no pipe
  debian('RUN echo "a | b" && echo \'c|d\' && grep -E "x|y" /etc/hosts'),
  debian('RUN make || true'),
  debian('RUN a || b && c'),
  '# curl x | sh\nFROM debian:bookworm-slim\nRUN true\n',
  // nothing for pipefail to reveal: the producers only print text
  debian('RUN echo "$SHA  a.tgz" | sha256sum -c -'),
  debian('RUN printf "%s\\n" a b | xargs -n1 echo'),
  debian('RUN cat <<EOF | tee /etc/x.conf\nkey=value\nEOF'),
  // the failure is tolerated on purpose, or the pipeline is a condition
  debian('RUN curl -fsSL https://x.example/a | tar -x || true'),
  debian('RUN a | b || :'),
  debian('RUN a | b || echo "b failed, going on"'),
  debian('RUN a | b || { echo "b failed, going on"; true; }'),
  debian('RUN if dpkg -l | grep curl; then echo yes; fi'),
  debian('RUN while ps aux | grep [d]aemon; do sleep 1; done'),
  debian('RUN ! ls /x | grep y'),
  debian('RUN slack="$(command -v slack)"; ! { ldd "$slack" | grep \'not found\'; }'),
  debian('RUN if ( dpkg -l | grep curl ); then echo yes; fi'),
  // pipefail would break these: a writer killed by SIGPIPE when the reader stops early
  debian('RUN yes | apt-get install -y x'),
  debian('RUN ls -t /x | head -n 1 > /latest'),
  debian('RUN dpkg -l | grep -q curl && echo found'),
  debian('RUN git log | grep -m1 commit'),
  debian("RUN cat /x | sed -n '1p;q'"),
  debian("RUN seq 100 | awk 'NR==2 { print; exit }'"),
  // not a POSIX shell script, or run under a shell this rule does not see
  debian('RUN ["sh", "-c", "a | b"]'),
  debian("RUN sh -c 'curl -fsSL https://x.example/a | tar -x'"),
  'FROM python:3.12-slim\nSHELL ["/usr/bin/python3", "-c"]\nRUN print(1 | 2)\n',
  'FROM debian:bookworm-slim\nSHELL ["/usr/bin/fish", "-c"]\nRUN a | b\n',
  debian('ONBUILD RUN curl -fsSL https://x.example/a | tar -x'),
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN Get-ChildItem | Select-Object Name\n',
  'FROM mcr.microsoft.com/dotnet/sdk:8.0\nSHELL ["pwsh", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n',
  '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN python3 <<EOF\nprint(1 | 2)\nEOF\n',
  // template placeholders are not shell
  'FROM debian:bookworm-slim\nRUN apt-get install -y \\\n{{ if env.codename | IN("groovy") then "x" else "y" end }}\n',
];

for (const [text, expected] of FIRES) {
  test(`fires: ${text.replace(/\n/g, '⏎')}`, () => {
    assert.deepEqual(lines(text), expected);
    assert.ok(
      hits(text).every((h) => h === '|' || h === '|&'),
      `range is the pipe: ${hits(text)}`,
    );
  });
}
for (const text of PASSES) {
  test(`passes: ${text.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(text), []));
}

test('the range is the first pipe of the first unprotected pipeline', () => {
  const text = debian('RUN echo x | tee /a && curl -fsSL https://x.example/a | tar -x && b | c');
  const [d] = findings(text, RULE);
  const line = text.split('\n')[1];
  assert.equal(d.range.start.character, line.indexOf('| tar'));
  assert.equal(d.range.end.character, line.indexOf('| tar') + 1);
  assert.match(d.message, /^`curl \| tar` runs without pipefail \(and 1 more pipeline in this script\)/);
  assert.match(d.message, /status is `tar`'s alone, so a failure of `curl` is lost/);
});

test('one finding per script, naming the first command that can fail', () => {
  const [d] = findings(debian('RUN echo "$CSR" | cfssl sign - | cfssljson -bare /cert'), RULE);
  assert.match(d.message, /failure of `cfssl`/);
  assert.equal(findings(debian('RUN a | b; c | d; e | f'), RULE).length, 1);
});

function onlyFix(text) {
  const found = findings(text, RULE);
  assert.equal(found.length, 1, `one finding in:\n${text}`);
  assert.equal(found[0].data.fixes.length, 1, 'one fix');
  assert.equal(found[0].data.fixes[0].isPreferred, true);
  return applyEdits(text, found[0].data.fixes[0].edits).text;
}

const PREFIX_FIXES = [
  [
    'alpine: busybox ash knows pipefail',
    alpine('RUN wget -qO- https://x.example/a | tar -x'),
    alpine('RUN set -o pipefail && wget -qO- https://x.example/a | tar -x'),
  ],
  [
    'alpine: an existing `set -eux` gains `o pipefail`',
    alpine('RUN set -eux; \\\n    wget -qO- https://x.example/a | tar -x'),
    alpine('RUN set -euxo pipefail; \\\n    wget -qO- https://x.example/a | tar -x'),
  ],
  [
    'alpine: after the RUN flags',
    alpine('RUN --mount=type=cache,target=/c \\\n    wget -qO- https://x.example/a | tar -x'),
    alpine('RUN --mount=type=cache,target=/c \\\n    set -o pipefail && wget -qO- https://x.example/a | tar -x'),
  ],
  [
    'fedora: /bin/sh is bash',
    asDockerfile('RUN curl -fsSL https://x.example/a | tar -x', 'fedora:41'),
    asDockerfile('RUN set -o pipefail && curl -fsSL https://x.example/a | tar -x', 'fedora:41'),
  ],
  [
    'bash SHELL',
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN if true; then a | b; fi\n',
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN set -o pipefail && if true; then a | b; fi\n',
  ],
  [
    'heredoc: a line at the top',
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\napk add curl\ncurl -fsSL https://x.example/a | tar -x\nEOF\n',
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -o pipefail\napk add curl\ncurl -fsSL https://x.example/a | tar -x\nEOF\n',
  ],
  [
    'heredoc: `set -e` gains `o pipefail`',
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -e\na | b\nEOF\n',
    '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -eo pipefail\na | b\nEOF\n',
  ],
  [
    'heredoc: after a bash shebang, on Debian',
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN <<EOF\n#!/bin/bash\na | b\nEOF\n',
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\na | b\nEOF\n',
  ],
  [
    'heredoc fed to bash on Debian',
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN bash <<EOF\na | b\nEOF\n',
    '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN bash <<EOF\nset -o pipefail\na | b\nEOF\n',
  ],
];
for (const [name, text, expected] of PREFIX_FIXES) {
  test(`fix: ${name}`, () => {
    assert.equal(onlyFix(text), expected);
    assert.equal(checkFixes(text, RULE), 1);
  });
}

const SHELL_LINE = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

test('fix: Debian dash gets a bash SHELL with pipefail, before the first RUN that needs it, shared by the stage', () => {
  const text =
    'FROM node:22-bookworm-slim\nWORKDIR /app\n# fetch the tool\nRUN curl -fsSL https://x.example/a | tar -x\nRUN b | c\n';
  const found = findings(text, RULE);
  assert.equal(found.length, 2);
  assert.deepEqual(found[0].data.fixes[0].edits, found[1].data.fixes[0].edits);
  assert.match(found[0].message, /dash, which has no pipefail.*SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]/);
  assert.equal(
    applyEdits(text, found[1].data.fixes[0].edits).text,
    `FROM node:22-bookworm-slim\nWORKDIR /app\n${SHELL_LINE}\n# fetch the tool\nRUN curl -fsSL https://x.example/a | tar -x\nRUN b | c\n`,
  );
  assert.equal(checkFixes(text, RULE), 2);
});

test('no fix where pipefail would break another pipeline, or the shell is unknown', () => {
  for (const text of [
    alpine('RUN wget -qO- https://x.example/a | tar -x && ls /opt | head -1 > /first'),
    'FROM debian:bookworm-slim\nRUN curl -fsSL https://x.example/a | tar -x\nRUN yes | apt-get install -y x\n',
    'FROM debian:bookworm-slim AS base\nRUN curl -fsSL https://x.example/a | tar -x\nFROM base\nRUN dpkg -l | grep -q curl\n',
    'FROM debian:bookworm-slim\nRUN a | b\nHEALTHCHECK CMD curl -fsS http://localhost/ | grep -q ok\n',
    'FROM acme/base:1\nRUN curl -fsSL https://x.example/a | tar -x\n',
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nRUN a | b\n'.replace('debian:bookworm-slim', 'busybox:1.36'),
  ]) {
    const found = findings(text, RULE);
    assert.equal(found.length, 1, text);
    assert.deepEqual(found[0].data.fixes, [], text);
  }
  const [unknown] = findings('FROM acme/base:1\nRUN a | b\n', RULE);
  assert.match(unknown.message, /if its shell supports it.*not dash.*SHELL/);
});

test('a later SHELL of the stage ends what the inserted SHELL affects', () => {
  const text = 'FROM debian:bookworm-slim\nRUN a | b\nSHELL ["/bin/sh", "-c"]\nRUN yes | apt-get install -y x\n';
  const [d] = findings(text, RULE);
  assert.equal(d.data.fixes.length, 1);
  assert.equal(checkFixes(text, RULE), 1);
});

// A SHELL holds until the stage's next one: a bash SHELL inserted at the stage start is undone by a later `sh -c`
// SHELL, so each fix lands after the SHELL in effect at its RUN (fuzzer: Fix All needed one round per SHELL).
const RESTATED =
  'FROM ubuntu:22.04\nRUN a | b\nSHELL ["/bin/sh","-c"]\nRUN a | b\nSHELL ["/bin/sh","-c"]\nRUN a | b\nSHELL ["/bin/sh","-c"]\nRUN a | b\n';

test('fix: every fix takes effect at its own RUN when a later SHELL restates sh -c', () => {
  const found = findings(RESTATED, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [2, 4, 6, 8],
  );
  assert.ok(found.every((d) => d.data.fixes.length === 1));
  assert.equal(checkFixes(RESTATED, RULE), 4);
  const bash = '["/bin/bash", "-o", "pipefail", "-c"]';
  assert.equal(
    applyEdits(RESTATED, found[2].data.fixes[0].edits).text,
    `FROM ubuntu:22.04\nRUN a | b\nSHELL ["/bin/sh","-c"]\nRUN a | b\nSHELL ${bash}\nRUN a | b\nSHELL ["/bin/sh","-c"]\nRUN a | b\n`,
  );
});

test('its fixes are manual: Fix All leaves the pipelines; accepted, one round fixes every RUN of a stage that restates sh -c, and it settles within 3 rounds', () => {
  assert.deepEqual(findings(fixAllToFixedPoint('dockerfile', RESTATED).text, RULE).length, 4);
  const run = fixAllToFixedPoint('dockerfile', RESTATED, {}, { fixAll: (r) => acceptPreferred(r, RULE) });
  assert.ok(run.converged, run.texts.join('\n---\n'));
  assert.ok(run.rounds <= 3);
  assert.deepEqual(findings(run.texts[1], RULE), [], run.texts[1]);
  assert.equal(run.text.match(/SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]/g).length, 4, run.text);
  assert.doesNotMatch(run.text, /\/bin\/sh/);
});

const SHELL_FIXES = [
  [
    "the stage's `sh -c` SHELL becomes bash with pipefail",
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nENV X=1\nRUN a | b\n',
    `FROM debian:bookworm-slim\n${SHELL_LINE}\nENV X=1\nRUN a | b\n`,
  ],
  [
    'options dash and bash share are kept',
    'FROM debian:bookworm-slim\nSHELL ["sh", "-eux", "-c"]\nRUN a | b\n',
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-eux", "-o", "pipefail", "-c"]\nRUN a | b\n',
  ],
  [
    'a RUN under the `sh -c` SHELL keeps it: the line goes before the RUN',
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nRUN make\nRUN a | b\n',
    `FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nRUN make\n${SHELL_LINE}\nRUN a | b\n`,
  ],
  [
    'a shell-form CMD under the SHELL keeps it too',
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nCMD exec app\nRUN a | b\n',
    `FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nCMD exec app\n${SHELL_LINE}\nRUN a | b\n`,
  ],
  [
    'a SHELL over continuation lines is left as written',
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", \\\n  "-c"]\nRUN a | b\n',
    `FROM debian:bookworm-slim\nSHELL ["/bin/sh", \\\n  "-c"]\n${SHELL_LINE}\nRUN a | b\n`,
  ],
  [
    "the parent stage's `sh -eu -c`: a line for the stage, options kept",
    'FROM debian:bookworm-slim AS base\nSHELL ["/bin/sh", "-eu", "-c"]\nFROM base\nRUN a | b\n',
    'FROM debian:bookworm-slim AS base\nSHELL ["/bin/sh", "-eu", "-c"]\nFROM base\nSHELL ["/bin/bash", "-eu", "-o", "pipefail", "-c"]\nRUN a | b\n',
  ],
  [
    'CRLF',
    'FROM debian:bookworm-slim\r\nSHELL ["/bin/sh","-c"]\r\nRUN a | b\r\n',
    `FROM debian:bookworm-slim\r\n${SHELL_LINE}\r\nRUN a | b\r\n`,
  ],
];
for (const [name, text, expected] of SHELL_FIXES) {
  test(`fix: ${name}`, () => {
    assert.equal(onlyFix(text), expected);
    assert.equal(checkFixes(text, RULE), 1);
  });
}

test('a later RUN under the same SHELL shares the fix; a prefix fix still covers only its RUN', () => {
  const text =
    'FROM debian:bookworm-slim\nSHELL ["/bin/sh", "-c"]\nRUN a | b\nRUN c | d\nSHELL ["/bin/bash", "-c"]\nRUN e | f\n';
  const found = findings(text, RULE);
  assert.equal(found.length, 3);
  assert.deepEqual(found[0].data.fixes[0].edits, found[1].data.fixes[0].edits);
  assert.equal(found[2].data.fixes[0].title, 'Prefix the script with `set -o pipefail`');
  assert.equal(checkFixes(text, RULE), 3);
  const run = fixAllToFixedPoint('dockerfile', text, {}, { fixAll: (r) => acceptPreferred(r, RULE) });
  assert.ok(run.converged);
  assert.deepEqual(findings(run.texts[1], RULE), []);
});

test('no fix swaps a SHELL that is not a plain sh -c', () => {
  for (const shell of ['["/usr/bin/env", "sh", "-c"]', '["/bin/sh", "-l", "-c"]', '["/bin/sh", "-c", "--"]']) {
    const text = `FROM debian:bookworm-slim\nSHELL ${shell}\nRUN a | b\n`;
    const found = findings(text, RULE);
    assert.equal(found.length, 1, text);
    assert.deepEqual(found[0].data.fixes, [], text);
  }
});

test("hadolint's DL4006 pragma suppresses it", () => {
  assert.deepEqual(hits('FROM debian:bookworm-slim\n# hadolint ignore=DL4006\nRUN a | b\n'), []);
});

test('the no-pipe skip (hasPipe) sees every pipe a finding can come from; only scripts without one are skipped', () => {
  const script = (s: string) => tokenizeShell({ text: s, offsets: [...s].map((_, i) => i), end: s.length });
  for (const s of [
    'a | b',
    'a |& b',
    'X=$(a | b)',
    'if x; then a | b; fi',
    'x && { a | b; }',
    '(cd /x && make | tee log)',
  ]) {
    assert.ok(hasPipe(script(s)), s);
    assert.equal(hits(debian(`RUN ${s}`)).length, 1, s);
  }
  // pipes in a command's own substitutions count too (the rule reads only depth 0 and assignments' substitutions)
  assert.ok(hasPipe(script('echo "$(a | b)"')));
  assert.ok(hasPipe(script('a `b | c`')));
  for (const s of ['a || b', "echo 'a | b'", 'echo "a | b"', 'a && b; c', 'echo a\\|b']) {
    assert.ok(!hasPipe(script(s)), s);
    assert.deepEqual(hits(debian(`RUN ${s}`)), [], s);
  }
  // a heredoc body is its own script: its pipe is seen there
  assert.equal(hits(debian('RUN <<EOF\nset -e\ncurl -fsSL https://x.example/a | tar -x\nEOF')).length, 1);
  // a `set +o pipefail` hazard needs a pipeline to be reported at all
  assert.deepEqual(hits(debian('RUN set -o pipefail; set +o pipefail; true')), []);
});

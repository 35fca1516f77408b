// The Dockerfile model: stages, aliases, inheritance, ARG substitution, effective USER, flags, heredocs, Windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';
import { resolveFrom } from '../../server/src/dockerfile/analysis/copyFrom';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';

const parse = (t) => parseDockerfile(t, 'file:///x/Dockerfile');

test('stages, aliases, final stage and FROM <alias> inheritance of USER, SHELL and HEALTHCHECK', () => {
  const m = parse(
    [
      'ARG BASE=debian',
      'ARG TAG=bookworm-slim',
      'FROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS Base',
      'USER 1000',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'HEALTHCHECK CMD ["/hc"]',
      'FROM base AS final',
      'RUN echo hi',
      '',
    ].join('\n'),
  );
  assert.equal(m.stages.length, 2);
  const [base, final] = m.stages;
  assert.equal(base.image.resolved, 'debian:bookworm-slim');
  assert.equal(base.image.parsed.registry, 'docker.io');
  assert.equal(base.image.parsed.tag, 'bookworm-slim');
  assert.equal(base.alias, 'base', 'aliases compare case-insensitively');
  assert.equal(m.finalStage, final);
  assert.equal(final.parent, base);
  assert.equal(final.image.stage, base);
  assert.equal(final.user.value, '1000');
  assert.equal(final.healthcheck.keyword, 'HEALTHCHECK');
  assert.equal(final.pipefail, true);
  assert.deepEqual(m.flag(base.from, 'platform'), {
    name: 'platform',
    value: '$BUILDPLATFORM',
    start: m.text.indexOf('--platform'),
    end: m.text.indexOf('--platform') + '--platform=$BUILDPLATFORM'.length,
  });
});

test('ARG substitution: unresolved variables leave the image unknown; stage ARG redeclares a global one', () => {
  const m = parse('ARG VERSION\nFROM python:${VERSION}\nARG NAME=0\nUSER ${NAME}:${GID:-0}\n');
  assert.equal(m.stages[0].image.resolved, null);
  // GID is declared nowhere in the stage: the base image may set it, so the group is unknown; the user part is known
  assert.equal(m.stages[0].user.unresolved, true);
  assert.equal(m.stages[0].user.userPart, '0');
  const declared = parse('FROM alpine:3.20\nARG NAME=0\nARG GID\nUSER ${NAME}:${GID:-0}\n');
  assert.equal(declared.stages[0].user.value, '0:0', 'a build argument without a default gives its :- default');
  assert.equal(declared.stages[0].user.unresolved, false);
  const m2 = parse('ARG U=app\nFROM alpine:3.20\nARG U\nUSER $U\n');
  assert.equal(m2.stages[0].user.value, 'app');
  const m3 = parse('FROM alpine:3.20\nUSER $NOPE\n');
  assert.equal(m3.stages[0].user.unresolved, true);
});

test('a stage built FROM another starts from its ENV and ARG values (BuildKit convert.go 1209-1226)', () => {
  const m = parse('FROM alpine:3.20 AS a\nENV RUNAS=app\nARG LOCAL=x\nFROM a\nUSER ${RUNAS}${LOCAL}\n');
  assert.equal(m.stages[1].user.value, 'appx', 'an ARG of the parent stage is inherited too');
  const m2 = parse('FROM alpine:3.20 AS a\nENV RUNAS=app\nFROM a\nUSER ${RUNAS}\n');
  assert.equal(m2.stages[1].user.value, 'app');
  // a stage built FROM an image does not see another stage's variables
  const m3 = parse('FROM alpine:3.20 AS a\nARG LOCAL=x\nFROM alpine:3.20\nUSER u$LOCAL\n');
  assert.equal(m3.stages[1].user.unresolved, true);
});

test('ENV and ARG values as BuildKit evaluates them: quotes and escapes once, pairs of one ENV together', () => {
  const at = (text, name) => {
    const m = parse(text);
    return m.varsAt(m.instructions[m.instructions.length - 1]).get(name);
  };
  // all pairs of one ENV see the variables before it (reference.md: `ENV abc=bye def=$abc` gives def=hello)
  assert.equal(at('FROM alpine:3.20\nENV abc=hello\nENV abc=bye def=$abc\nUSER x\n', 'def'), 'hello');
  // the names of one ARG see each other in order
  assert.equal(at('FROM alpine:3.20\nARG a=1 b=${a}2\nUSER x\n', 'b'), '12');
  // single quotes keep `$` literal; an escaped `$` is a literal `$`; quotes are removed once
  assert.equal(at("FROM alpine:3.20\nARG b=B\nARG a='$b'\nUSER x\n", 'a'), '$b');
  assert.equal(at('FROM alpine:3.20\nENV Y=1\nENV X=\\$Y\nUSER x\n', 'X'), '$Y');
  assert.equal(at('FROM alpine:3.20\nENV X="a b"c\nUSER x\n', 'X'), 'a bc');
  // a value reading a variable no ARG or ENV declares (the base image's) is not known
  assert.equal(at('FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\nUSER x\n', 'PATH'), undefined);
  // an ARG without a default takes the global default, even over an ENV of the same name
  assert.equal(at('ARG X=g\nFROM alpine:3.20\nENV X=e\nARG X\nUSER x\n', 'X'), 'g');
});

test('flags of RUN/COPY/ADD with offsets, body after the flags, line continuations with comments', () => {
  const text =
    'FROM alpine:3.20\nRUN --mount=type=secret,id=tok,env=TOKEN \\\n    --network=none \\\n# a comment inside\n    echo "a b" && \\\n    ls\nCOPY --chown=1:1 --chmod=644 --link a b /dst/\n';
  const m = parse(text);
  const run = m.instructions[1];
  assert.deepEqual(
    run.flags.map((f) => [f.name, f.value]),
    [
      ['mount', 'type=secret,id=tok,env=TOKEN'],
      ['network', 'none'],
    ],
  );
  assert.equal(run.body.text, 'echo "a b" &&     ls');
  assert.equal(text.slice(run.body.offsets[0], run.body.offsets[0] + 4), 'echo');
  const copy = m.instructions[2];
  assert.deepEqual(
    copy.flags.map((f) => f.name),
    ['chown', 'chmod', 'link'],
  );
  assert.equal(copy.body.text, 'a b /dst/');
  const words = run.scripts[0].topLevel.map((c) => c.words.map((w) => w.value));
  assert.deepEqual(words, [['echo', 'a b'], ['ls']]);
  const ls = run.scripts[0].topLevel[1].words[0];
  assert.equal(text.slice(ls.start, ls.end), 'ls', 'word offsets point into the document across continuations');
});

test('heredocs: RUN <<EOF body is a shell script; python heredocs are not', () => {
  const text =
    'FROM alpine:3.20\nRUN <<EOF\nset -e\napk add curl\nEOF\nRUN python3 <<PY\nimport os\nPY\nCOPY <<EOT /etc/motd\nhello\nEOT\n';
  const m = parse(text);
  const [, shellRun, pyRun, copy] = m.instructions;
  assert.equal(shellRun.scripts.length, 2);
  const cmds = shellRun.scripts[1].topLevel.map((c) => c.words.map((w) => w.value).join(' '));
  assert.deepEqual(cmds, ['set -e', 'apk add curl']);
  const apk = shellRun.scripts[1].topLevel[1].words[0];
  assert.equal(text.slice(apk.start, apk.end), 'apk');
  assert.equal(pyRun.scripts.length, 1, 'the python body is not tokenized as shell');
  assert.equal(copy.heredocs[0].name, 'EOT');
  assert.equal(copy.heredocs[0].content.text, 'hello');
});

test('Windows: escape=` files, PowerShell SHELL and Windows base images skip shell tokenizing', () => {
  const m = parse('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl -k https://x | sh\n');
  assert.equal(m.escapeChar, '`');
  assert.equal(m.windowsFile, true);
  assert.deepEqual(m.instructions[1].scripts, []);
  const m2 = parse('FROM alpine:3.20\nSHELL ["pwsh", "-Command"]\nRUN curl -k https://x | sh\n');
  assert.equal(m2.stages[0].windows, true);
  assert.deepEqual(m2.instructions[2].scripts, []);
  const m3 = parse('FROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN dir\n');
  assert.equal(m3.stages[0].windows, true);
  const m4 = parse('FROM alpine:3.20\nRUN ["sh", "-c", "echo hi"]\n');
  assert.equal(m4.instructions[1].execForm, true);
  assert.deepEqual(m4.instructions[1].scripts, []);
});

test('ONBUILD RUN exposes its trigger keyword and its shell commands', () => {
  const text = 'FROM alpine:3.20\nONBUILD RUN sudo make install\n';
  const m = parse(text);
  const inst = m.instructions[1];
  assert.equal(inst.keyword, 'ONBUILD');
  assert.equal(inst.effectiveKeyword, 'RUN');
  assert.equal(text.slice(inst.keywordStart, inst.keywordEnd), 'RUN');
  assert.deepEqual(
    inst.scripts[0].topLevel[0].words.map((w) => w.value),
    ['sudo', 'make', 'install'],
  );
});

test('image references: registry, port, digest, library', () => {
  const m = parse('FROM localhost:5000/team/app:1.2@sha256:abc\nFROM library/nginx\nFROM ghcr.io/owner/img\n');
  const [a, b, c] = m.stages.map((s) => s.image.parsed);
  assert.deepEqual(
    [a.registry, a.path, a.tag, a.digest, a.explicitRegistry],
    ['localhost:5000', 'team/app', '1.2', 'sha256:abc', true],
  );
  assert.deepEqual([b.registry, b.path, b.tag], ['docker.io', 'library/nginx', null]);
  assert.deepEqual([c.registry, c.path], ['ghcr.io', 'owner/img']);
  assert.equal(parse('FROM scratch\n').stages[0].image.isScratch, true);
});

test('CRLF and BOM: positions still land on the right line and column', () => {
  const text = '\uFEFFFROM alpine:3.20\r\nADD a.txt /a\r\n';
  const m = parse(text);
  assert.equal(m.instructions.length, 2);
  assert.equal(m.instructions[1].range.start.line, 1);
  assert.equal(m.instructions[1].body.text, 'a.txt /a');
});

test('an ENV computed from an ARG keeps its value in child stages', () => {
  const m = parse('FROM alpine:3.20 AS base\nARG UID=0\nENV APP_UID=$UID\nFROM base\nUSER $APP_UID\n');
  assert.equal(m.stages[1].user.value, '0');
  assert.equal(m.stages[1].user.unresolved, false);
});

test('PowerShell images are Linux unless the tag names a Windows base', () => {
  assert.equal(parse('FROM mcr.microsoft.com/powershell:lts-alpine-3.17\nRUN echo hi\n').stages[0].windows, false);
  assert.equal(
    parse('FROM mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022\nRUN echo hi\n').stages[0].windows,
    true,
  );
  assert.equal(
    parse('FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nRUN echo hi\n').stages[0].windows,
    true,
  );
});

test('Windows base images: `windows`/`servercore`/`nanoserver` as a word of the name or tag; never a stage alias', () => {
  for (const image of [
    'golang:1.22-windowsservercore-ltsc2022',
    'microsoft/iis:windowsservercore',
    'stefanscherer/node-windows:10',
    'stefanscherer/xterm:windows',
    'golang:1.9-nanoserver',
  ]) {
    assert.equal(parse(`FROM ${image}\nRUN dir\n`).stages[0].windows, true, image);
  }
  for (const image of ['alpine:3.20', 'acme/windowsill:1', 'acme/app:nanoservers', 'debian:bookworm-slim']) {
    assert.equal(parse(`FROM ${image}\nRUN ls\n`).stages[0].windows, false, image);
  }
  const staged = parse('FROM golang:1.23 AS build-windows\nRUN go build\nFROM build-windows AS out\nRUN ls\n');
  assert.equal(staged.stages[1].windows, false);
  assert.equal(staged.instructions[3].scripts.length, 1);
});

test('ENTRYPOINT and CMD in effect: inherited through FROM <stage>; an ENTRYPOINT before any CMD clears the inherited CMD', () => {
  const m = parse(
    'FROM alpine:3.20 AS a\nCMD ["serve"]\nFROM a AS b\nFROM a AS c\nENTRYPOINT ["/app"]\nFROM a AS d\nCMD ["run"]\nENTRYPOINT ["/app"]\n',
  );
  const [a, b, c, d] = m.stages;
  assert.equal(a.cmd.body.text, '["serve"]');
  assert.equal(b.cmd, a.cmd, 'inherited');
  assert.equal(c.cmd, null, 'BuildKit convert.go 1620-1623: ENTRYPOINT with no CMD of the stage yet clears it');
  assert.equal(c.entrypoint.body.text, '["/app"]');
  assert.equal(d.cmd.body.text, '["run"]', 'a CMD of the stage written before the ENTRYPOINT stays');
});

test('stage names as BuildKit resolves them: FROM by the name as written, the later of two stages of one name', () => {
  const m = parse('FROM alpine:3.20 AS Builder\nFROM builder AS one\nFROM Builder AS two\n');
  assert.equal(m.stages[1].image.stage, m.stages[0], 'names are stored lower-cased: `FROM builder` names it');
  assert.equal(m.stages[2].image.stage, null, '`FROM Builder` is the image `Builder` (convert.go 1250)');
  const dup = parse('FROM alpine:3.20 AS base\nFROM debian:12 AS base\nFROM base\n');
  assert.equal(dup.stages[2].image.stage, dup.stages[1], 'the later stage of one name wins (convert.go 1254-1256)');
});

test('the platform ARGs are set in FROM, to values not known here', () => {
  const m = parse('FROM alpine${TARGETVARIANT}\nFROM --platform=$BUILDPLATFORM golang:1.23\n');
  assert.equal(m.stages[0].image.resolved, null, 'TARGETVARIANT may hold a tag suffix: not judged as `alpine`');
  assert.equal(m.stages[1].image.resolved, 'golang:1.23');
});

test('hostile ARG/ENV chains and patterns: values past the word bound are unknown, a document shares one pattern budget', () => {
  // each line doubles the value: without a bound the 27th line is a string longer than V8 allows
  const doubling = 'ARG A=0123456789\n' + 'ARG A=$A$A\n'.repeat(26) + 'FROM alpine:3.20\nARG A\nUSER $A\n';
  const m = parse(doubling);
  assert.equal(m.stages[0].user.unresolved, true);
  const env = 'FROM alpine:3.20\nENV A=0123456789\n' + 'ENV A=$A$A\n'.repeat(30) + 'USER $A\n';
  assert.equal(parse(env).stages[0].user.unresolved, true);
  // a thousand words with a costly pattern: once the document's budget is spent they are not judged, so the work
  // for 4n lines is bounded by the same budget as for n lines
  const hostile = (n) => `FROM alpine:3.20\nENV V=${'a'.repeat(2000)}\n` + 'USER ${V//?*z/x}\n'.repeat(n);
  const small = parse(hostile(50));
  const big = parse(hostile(200));
  assert.equal(big.stages[0].user.unresolved, true, 'the last USER of the big document is past the budget');
  assert.ok(small.stages[0].user !== null);
});

test('a variable in --from is refused by BuildKit whatever it evaluates to', () => {
  const m = parse('FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=${X:-build} /a /a\n');
  assert.equal(resolveFrom(m, m.instructions[2], '${X:-build}', 'copy').kind, 'variable');
  assert.equal(resolveFrom(m, m.instructions[2], 'build', 'copy').kind, 'stage');
  assert.equal(resolveFrom(m, m.instructions[2], 'build$', 'mount').kind, 'external');
});

test('a word too deep to evaluate is said in the lint, never left silent', () => {
  const text = 'ARG A=0123456789\n' + 'ARG A=$A$A\n'.repeat(26) + 'FROM alpine:3.20\nUSER 10001\n';
  const { diagnostics } = lintDockerfile(text, 'file:///w/Dockerfile', { rules: {}, trustedRegistries: [] }, {});
  const notices = diagnostics.filter((d) => String(d.message).startsWith('Bulkhead did not evaluate all of this ARG'));
  assert.ok(notices.length >= 1, 'the ARG whose value grew past the bound is named');
  assert.equal(
    lintDockerfile(
      'FROM alpine:3.20\nUSER 10001\n',
      'file:///w/Dockerfile',
      { rules: {}, trustedRegistries: [] },
      {},
    ).diagnostics.some((d) => String(d.message).includes('did not evaluate')),
    false,
  );
});

test('a value that reads a base image variable is unknown, not an ARG without a default: its :- word is not taken', () => {
  const m = parse('FROM alpine:3.20\nENV APP_USER=$BASE_USER\nUSER ${APP_USER:-root}\n');
  assert.equal(m.stages[0].user.unresolved, true, 'BuildKit would use the base image value of BASE_USER');
  const g = parse('ARG G=$TARGETARCH\nFROM alpine:${G:-3.20}\n');
  assert.equal(g.stages[0].image.resolved, null, 'TARGETARCH is set by the build: G is not unset');
  // an ARG without a default still gives its :- default
  const a = parse('ARG TAG\nFROM alpine:${TAG:-3.20}\n');
  assert.equal(a.stages[0].image.resolved, 'alpine:3.20');
});

test('build arguments the build passes replace ARG defaults, globally and in a stage (convert.go 1679-1693, 2150-2173)', () => {
  const withArgs = (t: string, buildArgs: Record<string, string>) =>
    parseDockerfile(t, 'file:///x/Dockerfile', { buildArgs });
  const text = 'ARG TAG=3.19\nARG BASE\nFROM ${BASE:-alpine}:${TAG}\nARG USERNAME=app\nUSER ${USERNAME}\n';
  const none = parse(text);
  assert.equal(none.stages[0].image.resolved, 'alpine:3.19');
  assert.equal(none.stages[0].user.value, 'app');
  const given = withArgs(text, { TAG: 'latest', BASE: 'debian', USERNAME: 'root' });
  assert.equal(given.stages[0].image.resolved, 'debian:latest');
  assert.equal(given.stages[0].user.value, 'root');
  // an ARG without a default takes the given value; one the Dockerfile never declares stays unset (BuildKit warns)
  const stageArg = withArgs('FROM alpine:3.20\nARG U\nUSER ${U:-10001}\nUSER $NOT_DECLARED\n', {
    U: '0',
    NOT_DECLARED: 'root',
  });
  assert.equal(stageArg.stages[0].instructions[1].keyword, 'USER');
  assert.equal(stageArg.word(stageArg.instructions[2], '${U:-10001}').value, '0');
  assert.equal(stageArg.stages[0].user.unresolved, true, 'an undeclared name is a base image variable: unknown');
  // a redeclared global ARG without a default takes the global's given value
  const redeclared = withArgs('ARG U=10001\nFROM alpine:3.20\nARG U\nUSER $U\n', { U: 'root' });
  assert.equal(redeclared.stages[0].user.value, 'root');
});

test('platform ARGs are not known unless the build passes them, in a stage as in FROM (platform.go 39-66)', () => {
  const stage = parse('FROM alpine:3.20\nARG TARGETARCH\nRUN echo ${TARGETARCH:-amd64}\n');
  assert.equal(stage.word(stage.instructions[2], '${TARGETARCH:-amd64}').value, null, 'set by the build');
  const global = parse('ARG TARGETARCH\nFROM alpine:${TARGETARCH:-3.20}\n');
  assert.equal(global.stages[0].image.resolved, null, 'a global ARG without a default keeps the platform value');
  const given = parseDockerfile('FROM alpine:3.20\nARG TARGETARCH\nRUN echo $TARGETARCH\n', 'file:///x/Dockerfile', {
    buildArgs: { TARGETARCH: 'arm64' },
  });
  assert.equal(given.word(given.instructions[2], '$TARGETARCH').value, 'arm64');
  const inFrom = parseDockerfile('FROM alpine:${TARGETARCH}\n', 'file:///x/Dockerfile', {
    buildArgs: { TARGETARCH: '3.20' },
  });
  assert.equal(inFrom.stages[0].image.resolved, 'alpine:3.20');
  // a global ARG without a default keeps an earlier default (convert.go 2151: no value, nothing replaced)
  const kept = parse('ARG TAG=3.20\nARG TAG\nFROM alpine:${TAG}\n');
  assert.equal(kept.stages[0].image.resolved, 'alpine:3.20');
});

// package-cache-kept: a RUN in a shipped stage that leaves apt lists (or, without docker-clean, the downloaded .debs),
// the apk index, yum/dnf/zypper metadata, the pip cache or the yarn cache behind fires once per manager (pip: per
// install); cleanup in the same RUN, cache mounts on the directory the tool writes, PIP_NO_CACHE_DIR, builder stages
// and Windows do not. Fixes insert --no-cache/--no-cache-dir or append the cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile, fixOutputTests, applyEdits, lint, type FixCase } from './helpers';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { assertLinear } from './cost-helpers';

const RULE = 'package-cache-kept';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);
const alpine = (body) => `FROM alpine:3.20\n${body}\n`;
const rocky = (body) => `FROM rockylinux:9\n${body}\n`;
const node = (body) => `FROM node:20\n${body}\n`;
const unhooked = (body) => `FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n${body}\n`;

const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get update && apt-get install -y --no-install-recommends curl', ['apt-get install']],
  ['RUN apt-get update && apt-get install -y curl && apt-get install -y git', ['apt-get install']],
  ['RUN apt-get update && apt-get upgrade -y', ['apt-get upgrade']],
  ['RUN apt-get install --update -y curl', ['apt-get install']],
  // removal before the install does not count
  ['RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl', ['apt-get install']],
  // apt-get clean empties /var/cache/apt/archives, not the lists
  ['RUN apt-get update && apt-get install -y curl && apt-get clean', ['apt-get install']],
  ['RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl', ['apt-get install']],
  ['RUN apt-get update && apt-get install -y curl && /tmp/install-more.sh', ['apt-get install']],
  [alpine('RUN apk add curl'), ['apk add']],
  [alpine('RUN apk --update add curl'), ['apk --update add']],
  [alpine('RUN apk add --no-cache curl && apk add jq'), ['apk add']],
  [alpine('RUN apk upgrade'), ['apk upgrade']],
  [alpine('RUN apk update && apk add --no-cache curl'), ['apk update']],
  [rocky('RUN yum install -y git'), ['yum install']],
  [rocky('RUN dnf install -y git && dnf clean all && dnf install -y jq'), ['dnf install']],
  [rocky('RUN microdnf install -y tar'), ['microdnf install']],
  [rocky('RUN tdnf install -y tar'), ['tdnf install']],
  [rocky('RUN dnf upgrade -y && dnf makecache'), ['dnf makecache']],
  ['FROM opensuse/leap:15.6\nRUN zypper -n install curl\n', ['zypper -n install']],
  ['RUN pip install requests==2.32.3', ['pip install']],
  ['RUN pip3 install -r requirements.txt', ['pip3 install']],
  ['RUN python3 -m pip install --upgrade pip', ['pip install']],
  ['RUN /opt/venv/bin/pip install -U setuptools', ['/opt/venv/bin/pip install']],
  ['RUN pip install -r a.txt && pip install --no-cache-dir -r b.txt', ['pip install']],
  ['RUN pip install x==1 && rm -rf /tmp/*', ['pip install']],
  ['RUN --mount=type=cache,target=/root/.npm pip install x==1', ['pip install']],
  ['RUN PIP_NO_CACHE_DIR=1 echo x; pip install x==1 && unset PIP_NO_CACHE_DIR\nRUN pip install y==1', ['pip install']],
  [
    '# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
    ['apt-get install'],
  ],
  ["RUN sh -c 'apt-get update && apt-get install -y curl'", ['apt-get install']],
  ['FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nUSER 1\n', ['apt-get install']],
  ['ONBUILD RUN apt-get update && apt-get install -y curl', ['apt-get install']],
  // aptitude installs from the lists apt-get update (or aptitude update) wrote
  ['RUN apt-get update && aptitude install -y curl', ['aptitude install']],
  ['RUN aptitude update && aptitude install -y curl', ['aptitude install']],
  // without docker-clean every install keeps its .deb files in /var/cache/apt/archives
  [
    unhooked('RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y gcc'),
    ['apt-get install'],
  ],
  [unhooked('RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*'), ['apt-get install']],
  ['FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean && apt-get install -y ./x.deb\n', ['apt-get install']],
  // dnf's aliases count as installs and upgrades (dnf/cli/commands: up-min, rei, dg, swap, builddep, dsync)
  [rocky('RUN dnf up-min -y'), ['dnf up-min']],
  [rocky('RUN dnf rei -y tzdata'), ['dnf rei']],
  [rocky('RUN dnf dg -y curl && dnf mc'), ['dnf mc']],
  [rocky('RUN dnf -y swap gnupg2-minimal gnupg2-full'), ['dnf -y swap']],
  [rocky('RUN dnf builddep -y x.spec'), ['dnf builddep']],
  [rocky('RUN dnf distribution-synchronization -y'), ['dnf distribution-synchronization']],
  [rocky('RUN dnf grp install -y "Development Tools"'), ['dnf grp']],
  // a cache mount elsewhere than where the tool writes keeps nothing out of the layer
  [rocky('RUN --mount=type=cache,target=/var/cache/yum dnf install -y git'), ['dnf install']],
  // yum is dnf on EL 8 and later: it writes /var/cache/dnf
  [rocky('RUN --mount=type=cache,target=/var/cache/yum yum install -y git'), ['yum install']],
  [rocky('RUN --mount=type=cache,target=/var/cache/dnf microdnf install -y git'), ['microdnf install']],
  [rocky('RUN dnf install -y git && rm -rf /var/cache/yum'), ['dnf install']],
  ['FROM centos:7\nRUN --mount=type=cache,target=/var/cache/dnf yum install -y git\n', ['yum install']],
  ['USER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1', ['pip install']],
  ['RUN --mount=type=cache,target=/app/.cache pip install x==1', ['pip install']],
  // yarn: install, yarn alone, add, global add; a mount on root's ~/.cache/yarn is not where root's yarn writes
  [node('RUN yarn install --frozen-lockfile'), ['yarn install']],
  [node('RUN yarn && yarn build'), ['yarn']],
  [node('RUN yarn global add pm2'), ['yarn global']],
  [node('RUN yarn install && yarn cache clean && yarn add left-pad@1.3.0'), ['yarn add']],
  [node('RUN --mount=type=cache,target=/root/.cache/yarn yarn install'), ['yarn install']],
  [node('RUN yarn install --cache-folder /tmp/yc'), ['yarn install']],
];

const PASSES = [
  'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists',
  'RUN apt-get update && apt-get install -y curl && rm -fr "/var/lib/apt/lists/"*',
  'RUN apt-get update && apt-get install -y curl && rm -r -f /var/lib/apt/lists/* /tmp/*',
  'RUN apt-get update && apt-get install -y curl && apt-get dist-clean',
  'RUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -mindepth 1 -delete',
  'RUN apt-get update && apt-get install -y curl && /scripts/cleanup.sh',
  'RUN apt-get update && apt-get install -y curl; \\\n    apt-get purge -y --auto-remove gcc; \\\n    rm -rf /var/lib/apt/lists/*',
  'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl',
  'RUN --mount=type=cache,target=/var/lib/apt/lists/,sharing=locked apt-get update && apt-get install -y curl',
  'RUN --mount=target=/var/lib/apt/lists,type=tmpfs apt-get update && apt-get install -y curl',
  // lists written by an earlier RUN: that RUN is package-update-alone's finding
  'RUN apt-get install -y ./local.deb',
  'RUN apt-get update',
  alpine('RUN apk add --no-cache curl'),
  alpine('RUN apk --no-cache add curl'),
  alpine('RUN apk add curl && rm -rf /var/cache/apk/*'),
  alpine('RUN apk update && apk add curl && rm -rf /var/cache/apk/*'),
  alpine('RUN apk add --no-network --virtual .rundeps so:libc.musl-x86_64.so.1'),
  alpine('RUN --mount=type=cache,target=/var/cache/apk apk add curl'),
  alpine('RUN --mount=type=cache,target=/etc/apk/cache apk add curl'),
  alpine('RUN apk update'),
  rocky('RUN yum install -y git && yum clean all'),
  rocky('RUN dnf -y install git && dnf -y clean all && rm -rf /var/cache/dnf'),
  rocky('RUN dnf install -y git && rm -rf /var/cache/dnf/*'),
  rocky('RUN microdnf install -y tar && microdnf clean all'),
  rocky('RUN --mount=type=cache,target=/var/cache/dnf dnf install -y git'),
  rocky('RUN --mount=type=cache,target=/var/cache/tdnf tdnf install -y git'),
  rocky('RUN dnf makecache'),
  rocky('RUN rpm -ivh /tmp/x.rpm'),
  'FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n',
  'FROM opensuse/leap:15.6\nRUN zypper -n in curl && rm -rf /var/cache/zypp/*\n',
  'RUN pip install --no-cache-dir requests==2.32.3',
  'RUN pip --no-cache-dir install requests==2.32.3',
  'RUN pip install --no-index --find-links=/wheels -r requirements.txt',
  'ENV PIP_NO_CACHE_DIR=1\nRUN pip install requests==2.32.3',
  'ENV PIP_NO_CACHE_DIR=false\nRUN pip install requests==2.32.3',
  'ARG PIP_NO_CACHE_DIR\nRUN pip install requests==2.32.3',
  'RUN PIP_NO_CACHE_DIR=1 pip install requests==2.32.3',
  'RUN export PIP_NO_CACHE_DIR=1 && pip install requests==2.32.3',
  'RUN pip config set global.no-cache-dir false\nRUN pip install requests==2.32.3',
  "RUN printf '[global]\\nno-cache-dir = false\\n' > /etc/pip.conf\nRUN pip install requests==2.32.3",
  'RUN --mount=type=cache,target=/root/.cache/pip pip install requests==2.32.3',
  'RUN --mount=type=cache,target=/root/.cache pip install requests==2.32.3',
  'RUN --mount=type=cache,target=/pipcache pip install --cache-dir /pipcache requests==2.32.3',
  'RUN pip install requests==2.32.3 && rm -rf /root/.cache/pip',
  'RUN pip install requests==2.32.3 && rm -rf ~/.cache',
  'RUN pip install requests==2.32.3 && pip cache purge',
  'RUN pip download requests && pip wheel requests',
  'RUN echo "apt-get update && apt-get install -y curl"',
  'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nRUN pip install build\nFROM debian:12\nCOPY --from=build /out /out\n',
  // mount targets take build arguments
  'ARG LISTS=/var/lib/apt/lists\nRUN --mount=type=cache,target=${LISTS} apt-get update && apt-get install -y curl',
  // Docker's cache-mount example: docker-clean removed, both apt directories mounted
  unhooked(
    'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y gcc',
  ),
  unhooked('RUN apt-get update && apt-get install -y gcc && apt-get clean && rm -rf /var/lib/apt/lists/*'),
  unhooked('RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'),
  // docker-clean removed in another stage that this one is not built on
  'FROM debian:12 AS other\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM debian:12\nRUN apt-get install -y ./x.deb\n',
  'RUN apt-get update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*',
  rocky('RUN --mount=type=cache,target=/var/cache/dnf yum install -y git'),
  'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y git\n',
  'FROM redhat/ubi9-minimal\nRUN --mount=type=cache,target=/var/cache/yum microdnf install -y tar\n',
  'FROM redhat/ubi9-minimal\nRUN microdnf install -y tar && rm -rf /var/cache/yum\n',
  rocky('RUN --mount=type=cache,target=/c dnf --setopt=cachedir=/c install -y git'),
  rocky('RUN dnf up-min -y && dnf clean all'),
  'ENV HOME=/app\nRUN --mount=type=cache,target=/app/.cache pip install x==1',
  'USER 1000\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install x==1',
  'RUN pipx install black==24.1.0',
  node('RUN yarn install --frozen-lockfile && yarn cache clean'),
  node('RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install'),
  node('RUN --mount=type=cache,target=/root/.yarn yarn install'),
  node('USER node\nRUN --mount=type=cache,target=/home/node/.cache/yarn,uid=1000 yarn'),
  node('ENV YARN_CACHE_FOLDER=/yc\nRUN --mount=type=cache,target=/yc yarn install'),
  node('RUN yarn --cache-folder /tmp/yc install && rm -rf /tmp/yc'),
  node('RUN yarn global add pm2 && rm -rf /usr/local/share/.cache'),
  node('RUN yarn install && rm -rf "$(yarn cache dir)"'),
  node('RUN yarn --version && yarn build && yarn install --offline'),
  'FROM node:20 AS build\nRUN yarn install\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get update; apt-get install -y curl; pip install x\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

const FIXES: FixCase[] = [
  [
    'apt: cleanup after the last install, before the continuation',
    'RUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl \\\n      git \\\n && echo done\n',
    'RUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl \\\n      git && rm -rf /var/lib/apt/lists/* \\\n && echo done\n',
  ],
  [
    'apt: official-image style with `;`',
    'RUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends \\\n\t\tcurl \\\n\t; \\\n\techo ok\n',
    'RUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends \\\n\t\tcurl && rm -rf /var/lib/apt/lists/* \\\n\t; \\\n\techo ok\n',
  ],
  [
    'apt: after the whole pipeline',
    'RUN apt-get update && apt-get install -y curl | tee /log\n',
    'RUN apt-get update && apt-get install -y curl | tee /log && rm -rf /var/lib/apt/lists/*\n',
  ],
  [
    'apt: heredoc',
    'RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
    'RUN <<EOF\napt-get update\napt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF\n',
  ],
  [
    'apk: --no-cache on every add',
    'FROM alpine:3.20\nRUN apk add curl && apk add --virtual .b gcc && apk del .b\n',
    'FROM alpine:3.20\nRUN apk add --no-cache curl && apk add --no-cache --virtual .b gcc && apk del .b\n',
  ],
  [
    'apk: update is cleaned up',
    'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n',
    'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*\n',
  ],
  [
    'dnf clean all',
    'FROM rockylinux:9\nRUN dnf install -y git \\\n    && dnf upgrade -y\n',
    'FROM rockylinux:9\nRUN dnf install -y git \\\n    && dnf upgrade -y && dnf clean all\n',
  ],
  [
    'microdnf clean all',
    'FROM rockylinux:9\nRUN microdnf install -y tar\n',
    'FROM rockylinux:9\nRUN microdnf install -y tar && microdnf clean all\n',
  ],
  [
    'zypper clean -a',
    'FROM opensuse/leap:15.6\nRUN zypper -n install curl\n',
    'FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean -a\n',
  ],
  [
    'pip --no-cache-dir',
    'RUN python3 -m pip install -r requirements.txt\n',
    'RUN python3 -m pip install --no-cache-dir -r requirements.txt\n',
  ],
  [
    'apt: after a later update, which fills the lists again',
    'RUN apt-get install -y curl && apt-get update\n',
    'RUN apt-get install -y curl && apt-get update && rm -rf /var/lib/apt/lists/*\n',
  ],
  [
    'aptitude: the lists apt-get update wrote',
    'RUN apt-get update && aptitude install -y curl\n',
    'RUN apt-get update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*\n',
  ],
  [
    'apt without docker-clean: apt-get clean',
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y gcc\n',
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y gcc && apt-get clean\n',
  ],
  [
    'apt without docker-clean: the archives and the lists',
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN apt-get update && apt-get install -y gcc\n',
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN apt-get update && apt-get install -y gcc && apt-get clean && rm -rf /var/lib/apt/lists/*\n',
  ],
  [
    'dnf alias up-min',
    'FROM rockylinux:9\nRUN dnf up-min -y\n',
    'FROM rockylinux:9\nRUN dnf up-min -y && dnf clean all\n',
  ],
  [
    'yarn cache clean',
    'FROM node:20\nRUN yarn install --frozen-lockfile \\\n && yarn build\n',
    'FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean \\\n && yarn build\n',
  ],
  [
    'apt: after the last of several updates',
    'RUN apt-get update; apt-get install -y curl; apt-get update\n',
    'RUN apt-get update; apt-get install -y curl; apt-get update && rm -rf /var/lib/apt/lists/*\n',
  ],
];
fixOutputTests(test, RULE, FIXES, doc);

test('"Fix all" converges: the cleanup lands after the last step that fills the cache, or is not offered', () => {
  for (const body of [
    'RUN apt-get install -y curl && apt-get update',
    'RUN apt-get update && apt-get install -y curl && apt-get update',
    'RUN apt-get install --update -y curl && apt-get install -y git',
    'RUN apt-get install -y curl && if true; then apt-get update; fi',
    'RUN apt-get install -y curl && sudo apt-get update',
    'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && apk update',
    'FROM rockylinux:9\nRUN dnf install -y git && dnf makecache',
  ]) {
    let text = doc(body);
    let rounds = 0;
    for (let edits = fixAllEdits(lint(text)); edits.length; edits = fixAllEdits(lint(text))) {
      assert.ok(++rounds <= 3, `"Fix all" does not settle on ${body}:\n${text}`);
      text = applyEdits(text, edits).text;
    }
    assert.ok(!/(rm -rf \/var\/lib\/apt\/lists\/\*).*\1/.test(text), `the cleanup was added twice:\n${text}`);
  }
});

test('no fix inside a loop or a branch, in exec form, or under sudo', () => {
  for (const body of [
    'RUN sudo apt-get update && sudo apt-get install -y curl',
    'RUN for p in curl git; do apt-get update && apt-get install -y $p; done',
    'RUN if [ -n "$X" ]; then apt-get update && apt-get install -y curl; fi',
    'RUN ["sh", "-c", "apt-get update && apt-get install -y curl"]',
  ]) {
    const found = findings(doc(body), RULE);
    assert.equal(found.length, 1, body);
    assert.deepEqual(found[0].data.fixes, [], body);
  }
});

test('messages name the cache and the cleanup', () => {
  const [apt] = findings(doc('RUN apt-get update && apt-get install -y curl'), RULE);
  assert.match(apt.message, /\/var\/lib\/apt\/lists.*rm -rf \/var\/lib\/apt\/lists\/\*/);
  const [dnf] = findings(rocky('RUN dnf install -y git'), RULE);
  assert.match(dnf.message, /\/var\/cache\/dnf.*dnf clean all/);
  const [pip] = findings(doc('RUN pip install x==1'), RULE);
  assert.match(pip.message, /--no-cache-dir/);
});

test('the apt cleanup is offered for review only when a later RUN installs with the lists it removes', () => {
  const relies = doc(
    'RUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*',
  );
  const [d] = findings(relies, RULE);
  assert.equal(d.data.fixes[0].manual, true);
  assert.match(d.message, /later RUN on line 3 that installs without it/);
  // a later RUN that updates first does not rely on them; a builder stage not built on this one does not either
  for (const body of [
    'RUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*',
    'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM debian:12 AS other\nRUN apt-get install -y git\nFROM base\nCOPY --from=other /x /x\n',
  ]) {
    const found = findings(doc(body), RULE);
    assert.ok(found.length >= 1, body);
    assert.equal(found[0].data.fixes[0].manual, undefined, body);
  }
});

test("other tools' pragmas suppress only the findings they mean", () => {
  const text = doc(
    'RUN true\n# hadolint ignore=DL3042\nRUN apt-get update && apt-get install -y curl && pip install x==1',
  );
  assert.deepEqual(findingTexts(text, RULE), ['apt-get install']);
  const apk = 'FROM alpine:3.20\n# trivy:ignore:AVD-DS-0025\nRUN apk add curl && pip install x==1\n';
  assert.deepEqual(findingTexts(apk, RULE), ['pip install']);
  const yum = 'FROM rockylinux:9\n# hadolint ignore=DL3040\nRUN yum install -y git\n';
  assert.deepEqual(findingTexts(yum, RULE), ['yum install']);
  const dnf = 'FROM rockylinux:9\n# hadolint ignore=DL3040\nRUN dnf install -y git\n';
  assert.deepEqual(findingTexts(dnf, RULE), []);
  const yarn = 'FROM node:20\n# hadolint ignore=DL3060\nRUN yarn install && pip install x==1\n';
  assert.deepEqual(findingTexts(yarn, RULE), ['pip install']);
});

test('a cache mount that misses the cache is named in the message', () => {
  const [dnf] = findings(rocky('RUN --mount=type=cache,target=/var/cache/yum dnf install -y git'), RULE);
  assert.match(dnf.message, /\/var\/cache\/dnf.*The cache mount on `\/var\/cache\/yum` does not cover/);
  const [yarn] = findings(node('RUN --mount=type=cache,target=/root/.cache/yarn yarn install'), RULE);
  assert.match(yarn.message, /\/usr\/local\/share\/\.cache\/yarn.*`\/root\/\.cache\/yarn` does not cover/);
  const [apt] = findings(
    doc('RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl'),
    RULE,
  );
  assert.match(apt.message, /`\/var\/cache\/apt` does not cover \/var\/lib\/apt\/lists/);
  const [debs] = findings(unhooked('RUN apt-get install -y ./x.deb'), RULE);
  assert.match(
    debs.message,
    /\/var\/cache\/apt\/archives.*docker-clean.*removed on line 2.*--mount=type=cache,target=\/var\/cache\/apt/,
  );
  // hadolint's DL3009 is about the lists: its pragma leaves the archives finding
  const pragma =
    'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n# hadolint ignore=DL3009\nRUN apt-get install -y ./x.deb\n';
  assert.deepEqual(findingTexts(pragma, RULE), ['apt-get install']);
});

test("the appended cleanup keeps the install command's redirects with it", () => {
  const text = doc('RUN apt-get update && apt-get install --no-install-recommends -y curl >/dev/null 2>&1');
  const [d] = findings(text, RULE);
  assert.equal(
    applyEdits(text, d.data.fixes[0].edits).text,
    doc(
      'RUN apt-get update && apt-get install --no-install-recommends -y curl >/dev/null 2>&1 && rm -rf /var/lib/apt/lists/*',
    ),
  );
});

test('removing only /var/lib/apt/lists/partial is not a cleanup', () => {
  assert.equal(
    findings(
      doc('RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/partial'),
      RULE,
    ).length,
    1,
  );
  for (const path of ['/var/lib/apt/lists/*', '/var/lib/apt/lists', '/var/lib/apt/lists/', '/var/lib/apt/*']) {
    assert.deepEqual(
      findings(doc(`RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf ${path}`), RULE),
      [],
      path,
    );
  }
});

test('no cleanup is appended where it would land inside an unclosed quote or ${ (it would be text, not a command)', () => {
  for (const tail of ['curl"', "curl'", 'curl ${', 'curl "${X}', 'curl${s c', 'curl $(echo', '"""""$("']) {
    const text = doc(`RUN apt-get update && apt-get install -y --no-install-recommends ${tail}`);
    const found = findings(text, RULE);
    assert.equal(found.length, 1, tail);
    assert.deepEqual(found[0].data.fixes, [], `${tail}: no fix`);
  }
  // closed quotes and braces keep the fix
  for (const tail of ['"curl"', 'curl${X:+ }']) {
    const text = doc(`RUN apt-get update && apt-get install -y --no-install-recommends ${tail}`);
    assert.equal(findings(text, RULE)[0].data.fixes.length, 1, tail);
  }
});

test('who runs each RUN and where docker-clean was removed are settled once per stage: many RUNs cost linear time', () => {
  const pips = (n) => doc(`USER app\n${'RUN --mount=type=cache,target=/root/.cache pip install a==1\n'.repeat(n)}`);
  assertLinear((n) => lint(pips(n)), 500, 'pip installs under a USER');
  const debs = (n) =>
    `FROM debian:12 AS base\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n${'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n'.repeat(n)}FROM base\n${'RUN apt-get install -y ./x.deb\n'.repeat(n)}`;
  assertLinear((n) => lint(debs(n)), 200, 'apt installs after docker-clean removals');
  // the message names the removal in the stage chain, not the one in another stage
  const [d] = findings(debs(2), RULE);
  assert.match(d.message, /removed on line 2\./);
});

// package-update-alone: a RUN that refreshes a package index and installs nothing fires on the update command, in any
// stage; any install or upgrade in the same RUN, a script that may install, and Windows stages do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'package-update-alone';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);

const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get update', ['apt-get update']],
  ['RUN apt update -qq', ['apt update']],
  ['RUN apt-get -q update && echo ok', ['apt-get -q update']],
  ['RUN apk update', ['apk update']],
  ['RUN yum makecache', ['yum makecache']],
  ['RUN dnf -y makecache --refresh', ['dnf -y makecache']],
  ['RUN microdnf makecache', ['microdnf makecache']],
  ['RUN yum check-update || true', ['yum check-update']],
  ['RUN zypper --non-interactive refresh', ['zypper --non-interactive refresh']],
  ['RUN sudo apt-get update', ['apt-get update']],
  ['RUN apt-get update && apt-get clean', ['apt-get update']],
  ['RUN apt-get update && apt-cache policy curl', ['apt-get update']],
  ['RUN apt-get update && pip install requests==2.32.3', ['apt-get update']],
  ['RUN apt-get update; apt-get update', ['apt-get update', 'apt-get update']],
  ["RUN sh -c 'apt-get update'", ['apt-get update']],
  ['RUN ["apt-get", "update"]', ['"apt-get", "update"']],
  ['ONBUILD RUN apk update', ['apk update']],
  ['# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n', ['apt-get update']],
  [
    'FROM debian:12 AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build / /\n',
    ['apt-get update'],
  ],
  // a script before the update cannot install with it
  ['RUN /tmp/prepare.sh && apt-get update', ['apt-get update']],
  // dnf's alias of makecache (dnf/cli/commands/makecache.py: aliases ('makecache', 'mc'))
  ['RUN dnf mc', ['dnf mc']],
  // pacman -Sy without packages only refreshes the databases
  ['FROM archlinux\nRUN pacman -Sy\nRUN pacman -S --noconfirm git\n', ['pacman -Sy']],
  ['FROM archlinux\nRUN pacman --sync --refresh\n', ['pacman --sync']],
];

const PASSES = [
  'RUN apt-get update && apt-get install -y --no-install-recommends curl',
  'RUN apt-get update && apt-get upgrade -y',
  'RUN apt-get update && apt-get dist-upgrade -y',
  'RUN apt-get update && apt-get build-dep -y nginx',
  'RUN apt-get update && apt-get install --only-upgrade -y openssl',
  'RUN apt-get update && dpkg -i /tmp/x.deb',
  'RUN apk update && apk add curl',
  'RUN apk update && apk upgrade',
  'RUN yum makecache && yum install -y git',
  'RUN dnf makecache && dnf upgrade -y',
  'RUN zypper refresh && zypper install -y curl',
  'RUN apt-get update && xx-apt-get install -y gcc',
  'FROM archlinux\nRUN pacman -Sy --noconfirm git\n',
  'FROM archlinux\nRUN pacman -Syu --noconfirm\n',
  'FROM archlinux\nRUN pacman -Syy && pacman -S --noconfirm git\n',
  'FROM archlinux\nRUN pacman -Ss git && pacman -Sc --noconfirm\n',
  'RUN apt-get update && apt-fast install -y gcc',
  'RUN apt-get update && ./install-deps.sh',
  'RUN apt-get update && bash /tmp/setup.sh',
  'RUN apt-get update && . /tmp/env.sh',
  'RUN apt-get update && install_packages curl',
  'RUN apt-get update && docker-php-ext-install pdo',
  'RUN apt-get update && /usr/local/bin/provision',
  'RUN apt-get install -y curl',
  'RUN echo "apt-get update"',
  '# apt-get update\nRUN true',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get update\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test("the message says to update and install in one RUN, with the tool's install command; no fix", () => {
  const [apt] = findings(doc('RUN apt-get update'), RULE);
  assert.match(apt.message, /same RUN \(`apt-get update && apt-get install -y --no-install-recommends <pkgs>`\)/);
  assert.deepEqual(apt.data.fixes, []);
  assert.equal(apt.severity, 2);
  const [apk] = findings(doc('RUN apk update'), RULE);
  assert.match(apk.message, /apk update && apk add --no-cache <pkgs>/);
  const [dnf] = findings(doc('RUN dnf makecache'), RULE);
  assert.match(dnf.message, /dnf makecache && dnf install -y <pkgs>/);
  // Arch supports no partial upgrades: refresh, upgrade and install in one call
  const [pacman] = findings('FROM archlinux\nRUN pacman -Sy\n', RULE);
  assert.match(pacman.message, /`pacman -Sy` runs in a RUN.*\(`pacman -Syu --noconfirm <pkgs>`\)/);
});

test('installs behind wrappers and aptitude count as installs', () => {
  for (const run of [
    'RUN apt-get update && xargs -a pkgs.txt apt-get install -y --no-install-recommends',
    'RUN apt-get update && xargs -r --arg-file=pkgs.txt apt-get install -y',
    'RUN apt-get update && eatmydata apt-get install -y curl',
    'RUN apt-get update && aptitude install -y curl',
    'RUN apt-get update && timeout -k 5 600 apt-get install -y curl',
  ]) {
    assert.deepEqual(findings(doc(run), RULE), [], run);
  }
});

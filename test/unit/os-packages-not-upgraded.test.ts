// os-packages-not-upgraded: a final stage (with its FROM chain) that installs distribution packages and never upgrades
// them gets one hint on the first install; an upgrade anywhere in the chain, builder-only installs, distroless,
// scratch and Windows do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts } from './helpers';

const RULE = 'os-packages-not-upgraded';
const hits = (text) => findingTexts(text, RULE);

const FIRES: [body: string, expected: string[]][] = [
  [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    ['apt-get install'],
  ],
  [
    'FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n',
    ['apt-get install'],
  ],
  ['FROM alpine:3.20\nRUN apk add --no-cache curl\n', ['apk add']],
  ['FROM alpine:3.20\nRUN apk add --no-cache --upgrade curl\n', ['apk add']],
  ['FROM alpine:3.20\nRUN apk --update add curl\n', ['apk --update add']],
  ['FROM rockylinux:9\nRUN dnf install -y git && dnf clean all\n', ['dnf install']],
  ['FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y tar\n', ['microdnf install']],
  ['FROM opensuse/leap:15.6\nRUN zypper -n in curl\n', ['zypper -n in']],
  ['FROM debian:12\nRUN dpkg -i /tmp/tool.deb\n', ['dpkg']],
  ['FROM debian:12\nARG PKGS="curl git"\nRUN apt-get install -y $PKGS\n', ['apt-get install']],
  // the builder upgrades; the final stage does not
  [
    'FROM debian:12 AS build\nRUN apt-get update && apt-get upgrade -y\nFROM debian:12\nRUN apt-get install -y curl\n',
    ['apt-get install'],
  ],
  // the chain: the parent installs, nobody upgrades
  ['FROM debian:12 AS base\nRUN apt-get install -y curl\nFROM base\nRUN echo hi\n', ['apt-get install']],
  ['# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\napk add --no-cache tini\nEOF\n', ['apk add']],
  ['FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n', ['"apt-get", "install"']],
  // pacman installs without -u: a partial upgrade
  ['FROM archlinux\nRUN pacman -Sy --noconfirm git\n', ['pacman -Sy']],
  ['FROM archlinux\nRUN pacman -U --noconfirm /tmp/x-1-1-x86_64.pkg.tar.zst\n', ['pacman -U']],
  // dnf's install aliases (dnf/cli/commands/install.py: in; swap.py)
  ['FROM rockylinux:9\nRUN dnf in -y git\n', ['dnf in']],
  ['FROM amazonlinux:2023\nRUN dnf -y swap gnupg2-minimal gnupg2-full\n', ['dnf -y swap']],
];

const PASSES = [
  'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && apt-get install -y curl\n',
  'FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\nRUN apt-get install -y curl\n',
  'FROM debian:12\nRUN apt-get install -y curl\nRUN apt-get update && apt full-upgrade -y\n',
  'FROM debian:12\nRUN apt-get update && apt-get install --only-upgrade -y openssl && apt-get install -y curl\n',
  'FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add --no-cache curl\n',
  'FROM rockylinux:9\nRUN yum update -y && yum install -y git\n',
  'FROM rockylinux:9\nRUN dnf -y upgrade-minimal && dnf -y install git\n',
  'FROM rockylinux:9\nRUN dnf -y distro-sync && dnf -y install git\n',
  'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf update -y && microdnf install -y tar\n',
  'FROM opensuse/leap:15.6\nRUN zypper -n dup && zypper -n in curl\n',
  'FROM opensuse/leap:15.6\nRUN zypper -n patch && zypper -n in curl\n',
  'FROM archlinux\nRUN pacman -Syu --noconfirm git\n',
  'FROM archlinux\nRUN pacman --sync --refresh --sysupgrade --noconfirm && pacman -S --noconfirm git\n',
  // dnf's upgrade aliases (upgrade.py: up; upgrademinimal.py: up-min; distrosync.py: dsync)
  'FROM rockylinux:9\nRUN dnf up -y && dnf install -y git\n',
  'FROM rockylinux:9\nRUN dnf up-min -y && dnf install -y git\n',
  'FROM rockylinux:9\nRUN dnf dsync -y && dnf install -y git\n',
  'FROM debian:12 AS base\nRUN apt-get update && apt-get upgrade -y\nFROM base\nRUN apt-get install -y curl\n',
  'FROM debian:12\nRUN pip install requests==2.32.3 && npm install -g typescript@5\n',
  'FROM debian:12\nCOPY app /app\n',
  'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out /out\n',
  'FROM cgr.dev/chainguard/wolfi-base\nRUN apk add --no-cache curl\n',
  'FROM gcr.io/distroless/base-debian12:debug\nRUN ["/busybox/sh", "-c", "apt-get install -y curl"]\n',
  'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install -y curl\n',
];

for (const [text, expected] of FIRES) {
  test(`fires: ${text.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(text), expected));
}
for (const text of PASSES) {
  test(`passes: ${text.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(text), []));
}

test('one hint per file; the message names the upgrade command of the tool', () => {
  const [apt] = findings('FROM debian:12\nRUN apt-get install -y a\nRUN apt-get install -y b\n', RULE);
  assert.equal(apt.severity, 4);
  assert.match(apt.message, /`apt-get upgrade -y`/);
  assert.deepEqual(apt.data.fixes, []);
  assert.match(
    findings('FROM alpine:3.20\nRUN apk add --no-cache curl\n', RULE)[0].message,
    /`apk upgrade --no-cache`/,
  );
  assert.match(findings('FROM rockylinux:9\nRUN yum install -y git\n', RULE)[0].message, /`yum upgrade -y`/);
  // Arch supports no partial upgrades: the upgrade goes with the install
  assert.match(
    findings('FROM archlinux\nRUN pacman -S --noconfirm git\n', RULE)[0].message,
    /`pacman -S`.*`pacman -Syu --noconfirm`/,
  );
});

// unnecessary-packages: remote-access servers and privilege tools installed in the shipped stages fire as warnings on
// the package, build toolchains as info; packages removed later (by name, apt-mark auto + autoremove, apk virtual
// packages), builder stages, dev targets, toolchain bases and Windows stages do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, findingTexts, asDockerfile } from './helpers';

const RULE = 'unnecessary-packages';
const doc = asDockerfile;
const hits = (body) => findingTexts(doc(body), RULE);
const alpine = (body) => `FROM alpine:3.20\n${body}\n`;
const rocky = (body) => `FROM rockylinux:9\n${body}\n`;

const FIRES: [body: string, expected: string[]][] = [
  ['RUN apt-get install -y --no-install-recommends openssh-server sudo ca-certificates', ['openssh-server', 'sudo']],
  [
    'RUN apt-get install -y ssh telnetd vsftpd proftpd-basic tftpd-hpa',
    ['ssh', 'telnetd', 'vsftpd', 'proftpd-basic', 'tftpd-hpa'],
  ],
  ['RUN apt-get install -y "sudo=1.9.13p3-1+deb12u1" dropbear', ['"sudo=1.9.13p3-1+deb12u1"', 'dropbear']],
  [
    'RUN apt-get install -y build-essential git cmake gcc-12 g++ clang-16',
    ['build-essential', 'git', 'cmake', 'gcc-12', 'g++', 'clang-16'],
  ],
  [alpine('RUN apk add --no-cache openssh doas build-base'), ['openssh', 'doas', 'build-base']],
  [alpine('RUN apk add --no-cache --virtual .build-deps gcc && apk del .other'), ['gcc']],
  [rocky('RUN yum install -y openssh-server-8.7p1 gcc.x86_64 make'), ['openssh-server-8.7p1', 'gcc.x86_64', 'make']],
  [rocky('RUN dnf groupinstall -y "Development Tools"'), ['"Development Tools"']],
  [rocky('RUN dnf install -y @development-tools telnet-server'), ['@development-tools', 'telnet-server']],
  ['FROM opensuse/leap:15.6\nRUN zypper -n in -t pattern devel_basis && zypper -n in sudo\n', ['devel_basis', 'sudo']],
  // removal before the install, or of another package, does not help
  ['RUN apt-get purge -y gcc && apt-get install -y gcc', ['gcc']],
  ['RUN apt-get install -y gcc make && apt-get purge -y make', ['gcc']],
  // autoremove without marking the package automatic keeps it (it was installed by name)
  ['RUN apt-get install -y gcc && apt-get autoremove -y', ['gcc']],
  ['FROM debian:12 AS base\nRUN apt-get install -y sudo\nFROM base\nUSER 1\n', ['sudo']],
  [
    '# syntax=docker/dockerfile:1\nFROM debian:12\nRUN <<EOF\napt-get install -y openssh-server\nEOF\n',
    ['openssh-server'],
  ],
  ["RUN sh -c 'apt-get install -y sudo'", ['sudo']],
  ['RUN ["apt-get", "install", "-y", "sudo"]', ['"sudo"']],
];

const PASSES = [
  'RUN apt-get install -y openssh-client git-lfs sudo-docs telnet ftp ca-certificates',
  'RUN apt-get install -y $BUILD_DEPS',
  'RUN apt-get install -y gcc make && make && apt-get purge -y --auto-remove gcc make',
  'RUN apt-get install -y gcc && make && apt-get remove -y gcc',
  'RUN apt-get install -y gcc\nRUN make && apt-get purge -y gcc',
  'RUN apt-get install -y gcc && make && apt-get purge -y --auto-remove $buildDeps',
  'RUN savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc git; make; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove',
  'RUN apt-get install -y gcc; make; apt-mark showmanual | xargs apt-mark auto > /dev/null; apt-get remove --purge --auto-remove -y',
  'RUN apt-get install -y gcc && apt-mark auto gcc && apt-get autoremove -y',
  'RUN apt-get install -y gcc && make && dpkg -P gcc',
  alpine('RUN apk add --no-cache --virtual .build-deps gcc musl-dev make && make && apk del --no-network .build-deps'),
  alpine('RUN apk add --no-cache -t .b gcc && apk del .b'),
  alpine('RUN apk add --no-cache gcc && apk del gcc'),
  rocky('RUN yum install -y gcc-11.3 && make && yum remove -y gcc'),
  rocky('RUN dnf install -y gcc && rpm -e gcc'),
  'FROM opensuse/leap:15.6\nRUN zypper -n in gcc && zypper -n rm gcc\n',
  'RUN pip install sudo==0.1 && npm install -g git@1',
  'FROM debian:12 AS build\nRUN apt-get install -y gcc git sudo openssh-server\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out /out\n',
  'FROM debian:12 AS dev\nRUN apt-get install -y sudo git build-essential\n',
  'FROM debian:12 AS base\nRUN echo\nFROM base AS test-runner\nRUN apt-get install -y sudo\n',
  'FROM golang:1.22\nRUN apt-get install -y git make gcc\n',
  'FROM buildpack-deps:bookworm\nRUN apt-get install -y cmake\n',
  'FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN apt-get install -y cmake\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install -y sudo openssh-server\n',
];

for (const [body, expected] of FIRES) {
  test(`fires: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), expected));
}
for (const body of PASSES) {
  test(`passes: ${body.replace(/\n/g, '⏎')}`, () => assert.deepEqual(hits(body), []));
}

test('toolchains are info, remote access and privilege tools warnings; the message says what to do', () => {
  const found = findings(doc('RUN apt-get install -y openssh-server sudo gcc vsftpd'), RULE);
  assert.deepEqual(
    found.map((d) => d.severity),
    [2, 2, 3, 2],
  );
  assert.match(found[0].message, /remote-login server.*docker exec/);
  assert.match(found[1].message, /become root again.*USER root/);
  assert.match(found[2].message, /multi-stage build/);
  assert.match(found[3].message, /FTP/);
  for (const d of found) assert.deepEqual(d.data.fixes, []);
});

test('a toolchain base keeps the remote-access warnings', () => {
  assert.deepEqual(findingTexts('FROM golang:1.22\nRUN apt-get install -y git sudo\n', RULE), ['sudo']);
  assert.deepEqual(findingTexts('FROM golang:1.22-alpine\nRUN apk add --no-cache git\n', RULE), ['git']);
});

test('a .devcontainer Dockerfile is a development environment', () => {
  const text = 'FROM debian:12\nRUN apt-get install -y sudo git\n';
  assert.equal(findings(text, RULE, { uri: 'file:///repo/.devcontainer/Dockerfile' }).length, 0);
  assert.equal(findings(text, RULE, { uri: 'file:///repo/Dockerfile' }).length, 2);
});

// image-end-of-life: tag parsing, dates against the injected day, successors, distribution suffixes, fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findings, checkFixes, applyEdits, TODAY } from './helpers';
import { isoDay } from '../../server/src/dockerfile/rules/image-end-of-life/versions';

const RULE = 'image-end-of-life';
const on = (day) => ({ env: { today: new Date(`${day}T12:00:00Z`) } });
const eol = (text, opts?) => findings(text.endsWith('\n') ? text : `${text}\n`, RULE, opts);
/** The text after the finding's preferred fix (the oldest supported successor); a second fix, when there is one, is the recommended release. */
const fixed = (text, opts?) => {
  const [d] = eol(text, opts);
  assert.ok(d, `no finding for ${text}`);
  const [first, ...others] = d.data.fixes;
  assert.ok(first?.isPreferred, `a preferred fix for ${text}: ${d.message}`);
  assert.ok(
    others.length <= 1 && others.every((f) => !f.isPreferred && / \(the release Bulkhead recommends\)$/.test(f.title)),
  );
  return applyEdits(`${text}\n`, first.edits).text.trim();
};

test('the helpers pin the date the tables are checked against', () => {
  assert.equal(TODAY.toISOString().slice(0, 10), '2026-11-28');
});

test('the same Dockerfile flips from supported to end of life when the day passes the end date', () => {
  const text = 'FROM node:20-slim\n';
  assert.deepEqual(eol(text, on('2026-04-29')), []);
  const [d] = eol(text, on('2026-04-30'));
  assert.match(d.message, /Node\.js 20, which reached end of life on 2026-04-30/);
  // and with the default pinned date
  assert.equal(eol(text).length, 1);
});

test('a month-precision end date counts the whole month as supported', () => {
  const text = 'FROM python:3.10-slim\n';
  assert.deepEqual(eol(text, on('2026-10-31')), []);
  const [d] = eol(text, on('2026-11-01'));
  assert.match(d.message, /Python 3\.10, which reached end of life at the end of 2026-10/);
});

test('the successor is the oldest supported newer release on the day of the lint, never an interim one', () => {
  assert.equal(fixed('FROM node:18', on('2025-05-01')), 'FROM node:20');
  assert.equal(fixed('FROM node:18', on('2026-11-28')), 'FROM node:22');
  // Node 23 and 25 are odd (short-lived) releases: 23 → 24, not 25
  assert.equal(fixed('FROM node:23-alpine', on('2026-11-28')), 'FROM node:24-alpine');
  // Ubuntu interim releases are not suggested: 23.10 → 24.04 LTS
  assert.equal(fixed('FROM ubuntu:23.10', on('2026-11-28')), 'FROM ubuntu:24.04');
  // Debian under LTS: bullseye ended 2026-08-31, bookworm is still supported
  assert.equal(fixed('FROM debian:bullseye-slim'), 'FROM debian:bookworm-slim');
  assert.equal(fixed('FROM debian:10.13-slim'), 'FROM debian:12-slim');
  // codename tags move to codenames, version tags to versions; date stamps are dropped
  assert.equal(fixed('FROM ubuntu:bionic-20230530'), 'FROM ubuntu:jammy');
  assert.equal(fixed('FROM ubuntu:18.04'), 'FROM ubuntu:22.04');
});

test('tags name the release they imply', () => {
  const cases = [
    ['python:3.8.10-slim', 'Python 3.8'],
    ['python:3.9-slim-bullseye', 'Python 3.9'],
    ['node:14.17.3-alpine3.14', 'Node.js 14'],
    ['node:16', 'Node.js 16'],
    ['golang:1.21.5', 'Go 1.21'],
    ['golang:1.22-bookworm', 'Go 1.22'],
    ['ruby:2.7.8-slim', 'Ruby 2.7'],
    ['php:7.4-fpm-alpine', 'PHP 7.4'],
    ['postgres:9.6.24', 'PostgreSQL 9.6'],
    ['postgres:12-alpine', 'PostgreSQL 12'],
    ['mysql:5.7.44', 'MySQL 5.7'],
    ['mariadb:10.5', 'MariaDB 10.5'],
    ['redis:6.0.20-alpine', 'Redis 6.0'],
    ['nginx:1.24.0-alpine', 'nginx 1.24'],
    ['mcr.microsoft.com/dotnet/aspnet:6.0-alpine', '.NET 6.0'],
    ['mcr.microsoft.com/dotnet/sdk:7.0.100-bookworm-slim', '.NET 7.0'],
    ['eclipse-temurin:19-jdk', 'Eclipse Temurin 19'],
    ['eclipse-temurin:20.0.2_9-jre', 'Eclipse Temurin 20'],
    ['openjdk:11-jre-slim', 'OpenJDK 11'],
    ['debian:buster', 'Debian 10 \\(buster\\)'],
    ['debian:9', 'Debian 9 \\(stretch\\)'],
    ['ubuntu:jammy', null],
    ['ubuntu:20.04', 'Ubuntu 20\\.04 \\(focal\\)'],
    ['alpine:3.17.3', 'Alpine Linux 3\\.17'],
    ['centos:centos7.9.2009', 'CentOS Linux 7'],
    ['centos:8', 'CentOS Linux 8'],
    ['quay.io/centos/centos:stream8', 'CentOS Stream 8'],
    ['amazonlinux:2.0.20231218.0', 'Amazon Linux 2'],
    ['amazonlinux:2018.03', 'Amazon Linux 2018\\.03'],
    ['fedora:38', 'Fedora Linux 38'],
    ['registry.access.redhat.com/ubi7/ubi-minimal:7.9', 'Red Hat Enterprise Linux \\(UBI\\) 7'],
    ['redhat/ubi7', 'Red Hat Enterprise Linux \\(UBI\\) 7'],
    ['public.ecr.aws/docker/library/python:3.7', 'Python 3\\.7'],
    ['docker.io/library/node:12', 'Node\\.js 12'],
  ];
  for (const [ref, expected] of cases) {
    const found = eol(`FROM ${ref}`);
    if (expected === null) assert.deepEqual(found, [], ref);
    else {
      assert.equal(found.length, 1, ref);
      assert.match(found[0].message, new RegExp(`is ${expected}, `), ref);
    }
  }
});

test('moving tags, ambiguous versions and releases the table does not list give no finding', () => {
  for (const ref of [
    'node:lts',
    'node:current-alpine',
    'python:3',
    'golang:1',
    'redis:7',
    'mysql:8',
    'debian:stable-slim',
    'debian:oldstable',
    'alpine:edge',
    'fedora:rawhide',
    'golang:1.28rc1',
    'eclipse-temurin:8u502-b07-jre',
    'amazoncorretto:27',
    'redis:8',
    'rockylinux:8.9',
    'node:22',
    'alpine:0.0',
    'nginx:mainline-alpine',
    'ghcr.io/acme/python:3.8',
  ]) {
    assert.deepEqual(eol(`FROM ${ref}`), [], ref);
  }
});

test('a tag older than every listed release of a product whose older releases all ended fires', () => {
  const [d] = eol('FROM node:0.8.28');
  assert.match(d.message, /Node\.js 0\.8\.28, older than Node\.js 0\.10 \(end of life on 2016-10-31\)/);
  // not where the table does not say that its history is complete (Rocky Linux)
  assert.deepEqual(eol('FROM rockylinux:7'), []);
  // Redis lists its history from 5.0: 4.0 moves to the oldest supported line
  assert.match(eol('FROM redis:4.0.14')[0].message, /Redis 4\.0\.14, older than Redis 5\.0/);
  assert.equal(fixed('FROM redis:4.0.14'), 'FROM redis:6.2');
});

test('the distribution a language tag names can end its life on its own', () => {
  const [d] = eol('FROM python:3.12-slim-buster');
  assert.match(d.message, /is built on Debian 10 \(buster\), which reached end of life on 2024-06-30/);
  assert.doesNotMatch(d.message, /Python 3\.12, which/);
  assert.equal(fixed('FROM python:3.12-slim-buster'), 'FROM python:3.12-slim');
  assert.equal(fixed('FROM node:22-alpine3.18'), 'FROM node:22-alpine');
  assert.equal(fixed('FROM eclipse-temurin:17-jre-focal'), 'FROM eclipse-temurin:17-jre');
  assert.equal(fixed('FROM php:8.2-fpm-alpine3.21'), 'FROM php:8.2-fpm-alpine');
  // both at once: one finding that names both, and one fix
  const both = eol('FROM node:16-buster-slim');
  assert.equal(both.length, 1);
  assert.match(both[0].message, /Node\.js 16.*; it is built on Debian 10 \(buster\).*neither gets security fixes/);
  assert.equal(fixed('FROM node:16-buster-slim'), 'FROM node:22-slim');
  // a supported distribution in the tag is fine
  assert.deepEqual(eol('FROM python:3.12-slim-bookworm'), []);
  assert.deepEqual(eol('FROM golang:1.26-alpine3.22'), []);
});

test('any image whose tag names its distribution release by codename: judged by that base, with no tag suggested', () => {
  for (const [image, base] of [
    ['rust:1-buster', /Debian 10 \(buster\)/],
    ['node:lts-buster', /Debian 10 \(buster\)/],
    ['buildpack-deps:stretch-scm', /Debian 9 \(stretch\)/],
    ['ghcr.io/acme/jdk:8-stretch', /Debian 9 \(stretch\)/],
    ['ghcr.io/acme/tool:2.1-jessie', /Debian 8 \(jessie\)/],
    ['ghcr.io/acme/tool:xenial-2024', /Ubuntu 16\.04 \(xenial\)/],
    // Alpine's version as a word of its own, and Red Hat UBI
    ['mcr.microsoft.com/powershell:alpine-3.17', /Alpine Linux 3\.17/],
    ['ghcr.io/acme/tool:1.0-ubi7-minimal', /Red Hat Enterprise Linux \(UBI\) 7/],
  ] as const) {
    const found = eol(`FROM ${image}`);
    assert.equal(found.length, 1, image);
    assert.match(
      found[0].message,
      new RegExp(`^FROM \`${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` is built on `),
      image,
    );
    assert.match(found[0].message, base, image);
    assert.match(found[0].message, /Move to a tag built on a supported distribution release\.$/, image);
    assert.deepEqual(found[0].data.fixes, [], image);
  }
  // a supported base, an interim Ubuntu codename (an ordinary word in tags), no codename at all
  for (const image of [
    'ghcr.io/acme/tool:2.1-bookworm',
    'ghcr.io/acme/tool:disco-2',
    'ghcr.io/acme/tool:2.1',
    'ghcr.io/acme/tool:2.1-ubi9',
    'mcr.microsoft.com/powershell:alpine-3.23',
    'rust:1',
  ])
    assert.deepEqual(eol(`FROM ${image}`), [], image);
  // CentOS from the project's own registry is the same CentOS Linux
  assert.match(eol('FROM registry.centos.org/centos/centos:7')[0].message, /CentOS Linux 7/);
});

test('every FROM counts, builder stages too; COPY --from and RUN --mount images do not', () => {
  const text = [
    'FROM golang:1.19 AS build',
    'RUN go build -o /app .',
    'FROM build AS test',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /app /app',
    'COPY --from=node:14 /usr/local/bin/node /node',
    'RUN --mount=from=python:3.6,target=/py true',
  ].join('\n');
  assert.deepEqual(
    eol(text).map((d) => d.range.start.line + 1),
    [1],
  );
});

test('the finding points at the tag; the message names the end date and the successor', () => {
  const text = 'FROM --platform=$BUILDPLATFORM docker.io/library/postgres:14-alpine AS db\n';
  const [d] = eol(text);
  assert.equal(text.slice(d.range.start.character, d.range.end.character), '14-alpine');
  assert.match(d.message, /PostgreSQL 14, which reached end of life on 2026-11-12/);
  assert.match(
    d.message,
    /Move to `docker\.io\/library\/postgres:15-alpine` \(PostgreSQL 15, supported until 2027-11-11\)/,
  );
});

test('no fix where the new tag is not known to exist or the edit would be wrong', () => {
  const noFix = (text, why) => {
    const [d] = eol(text);
    assert.ok(d, text);
    assert.deepEqual(d.data.fixes, [], `${why}: ${text}`);
    return d;
  };
  // a digest belongs to the old image
  assert.match(
    noFix('FROM debian:buster-slim@sha256:' + 'a'.repeat(64), 'digest').message,
    /pinned digest belongs to the old image/,
  );
  // the reference comes from a build argument: the message names what it resolves to
  assert.match(
    noFix('ARG PY=3.7\nFROM python:${PY}-slim', 'build argument').message,
    /`python:\$\{PY\}-slim` \(`python:3\.7-slim`\)/,
  );
  // Python 2 → 3 is not a drop-in upgrade
  assert.match(noFix('FROM python:2.7-slim', 'major').message, /Move to Python 3\.11, the oldest supported successor/);
  // .NET 5+ moved away from mcr.microsoft.com/dotnet/core
  noFix('FROM mcr.microsoft.com/dotnet/core/aspnet:3.1', 'moved repository');
  // a variant the successor is not known to publish
  noFix('FROM mcr.microsoft.com/dotnet/aspnet:6.0-bullseye-slim', 'variant');
  noFix('FROM python:3.8-windowsservercore-ltsc2022', 'windows variant');
  // no successor release: CentOS Linux, the deprecated openjdk image, Red Hat paths
  assert.match(noFix('FROM centos:7', 'no successor').message, /CentOS Linux has no successor/);
  assert.match(
    noFix('FROM openjdk:8-jdk-alpine', 'deprecated image').message,
    /deprecated openjdk image.*eclipse-temurin/,
  );
  assert.match(
    noFix('FROM registry.access.redhat.com/ubi7/ubi', 'path release').message,
    /Red Hat Enterprise Linux \(UBI\) 8/,
  );
});

test('fixes apply cleanly and re-lint without the finding or a new one', () => {
  const texts = [
    'FROM python:3.8-slim\nCMD ["python"]\n',
    'FROM node:16-buster AS build\nRUN npm ci\nFROM node:20-alpine3.19\nCOPY --from=build /app /app\n',
    'FROM debian:stretch-20230202-slim\nRUN apt-get update\n',
    'FROM alpine:3.12.1\nRUN apk add --no-cache curl\n',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine\n',
    'FROM ruby:2.4.10-alpine3.10\n',
    'FROM golang:1-buster AS build\nFROM scratch\nCOPY --from=build /x /x\n',
    'FROM amazonlinux:2\n',
    'FROM fedora:39\n',
    'FROM mysql:8.0.36\n',
    'FROM mariadb:10.5\n',
  ];
  let n = 0;
  for (const text of texts) n += checkFixes(text, RULE);
  // one fix per finding (two findings in the second text), and the recommended release beside the successor for
  // python:3.8-slim, node:16-buster, node:20-alpine3.19 and alpine:3.12.1; the others have no recommended release, or
  // it is their successor (.NET 8 → 10)
  assert.equal(n, texts.length + 1 + 4);
});

test('the release Bulkhead recommends (shared/src/recommended.ts) is offered beside the oldest supported successor', () => {
  const [d] = eol('FROM alpine:3.19\nUSER 1:1');
  assert.deepEqual(
    d.data.fixes.map((f) => [f.title, !!f.isPreferred]),
    [
      ['Move to alpine:3.22', true],
      ['Move to alpine:3.23 (the release Bulkhead recommends)', false],
    ],
  );
  assert.match(
    d.message,
    /Or move to `alpine:3\.23`: Alpine Linux 3\.23 is the release Bulkhead recommends \(its templates use it\)\.$/,
  );
  // the variant is kept, as for the successor
  const [n] = eol('FROM node:18-slim\nUSER 1:1');
  assert.deepEqual(
    n.data.fixes.map((f) => f.title),
    ['Move to node:22-slim', 'Move to node:26-slim (the release Bulkhead recommends)'],
  );
  // when the successor is the recommended release, one fix
  const [dotnet] = eol('FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine\nUSER 1:1');
  assert.deepEqual(
    dotnet.data.fixes.map((f) => f.title),
    ['Move to mcr.microsoft.com/dotnet/aspnet:10.0-alpine'],
  );
  assert.doesNotMatch(dotnet.message, /recommends/);
});

// The releases read again on 2026-12-06. Each date is checked on both sides through the injected day, so the tests do
// not change as the real date passes.
const DEC6 = on('2026-12-06');

test('Go: a release ends when the version two later is released (1.24 on 2026-02-10, 1.25 on 2026-08-19)', () => {
  assert.deepEqual(eol('FROM golang:1.25-alpine', on('2026-08-18')), []);
  const [d] = eol('FROM golang:1.25-alpine', on('2026-08-19'));
  assert.match(d.message, /Go 1\.25, which reached end of life on 2026-08-19/);
  assert.equal(fixed('FROM golang:1.25.3-alpine3.22', DEC6), 'FROM golang:1.26-alpine');
  assert.deepEqual(eol('FROM golang:1.24.5-bookworm', on('2026-02-09')), []);
  assert.match(
    eol('FROM golang:1.24.5-bookworm', on('2026-02-10'))[0].message,
    /Go 1\.24, which reached end of life on 2026-02-10/,
  );
  // 1.26 and 1.27 end when 1.28 and 1.29 are released, which has no date yet
  for (const ref of ['golang:1.26', 'golang:1.26.7-alpine3.24', 'golang:1.27-bookworm', 'golang:1.27.0-trixie'])
    assert.deepEqual(eol(`FROM ${ref}`, on('2028-01-01')), [], ref);
});

test('Redis: the dates of the version management page; standard releases are never suggested', () => {
  assert.equal(fixed('FROM redis:7.0-alpine', DEC6), 'FROM redis:7.2-alpine');
  assert.equal(fixed('FROM redis:6.0.20', DEC6), 'FROM redis:6.2');
  // 6.2 is supported until 2027-04-01, then 6.0 moves to 7.2
  assert.equal(fixed('FROM redis:6.0.20', on('2027-04-01')), 'FROM redis:7.2');
  // 8.0 (a standard release) ended on 2026-12-01: to 8.2, the extended one, not to 8.4
  assert.deepEqual(eol('FROM redis:8.0-alpine', on('2026-11-30')), []);
  const [d] = eol('FROM redis:8.0.6-alpine', DEC6);
  assert.match(
    d.message,
    /Redis 8\.0, which reached end of life on 2026-12-01.*`redis:8\.2-alpine` \(Redis 8\.2, supported until 2030-09-01\)/,
  );
  assert.equal(fixed('FROM redis:8.0-bookworm', DEC6), 'FROM redis:8.2');
  // a supported line on an ended Alpine
  assert.equal(fixed('FROM redis:7.2-alpine3.21', DEC6), 'FROM redis:7.2-alpine');
  for (const ref of [
    'redis:6.2-bookworm',
    'redis:7.2-alpine',
    'redis:7.4.11',
    'redis:8.2-trixie',
    'redis:8.4-alpine',
    'redis:8.10',
  ])
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
});

test('Eclipse Temurin: the Adoptium support table, by month; feature releases move to the next LTS', () => {
  assert.equal(fixed('FROM eclipse-temurin:24-jre-alpine', DEC6), 'FROM eclipse-temurin:25-jre-alpine');
  assert.equal(fixed('FROM eclipse-temurin:20.0.2_9-jdk', DEC6), 'FROM eclipse-temurin:21-jdk');
  // 26 ended in September 2026; no newer LTS exists yet: the message says where to look
  const [d] = eol('FROM eclipse-temurin:26-jdk', DEC6);
  assert.match(
    d.message,
    /Eclipse Temurin 26, which reached end of life at the end of 2026-09.*adoptium\.net\/support/,
  );
  assert.deepEqual(d.data.fixes, []);
  // "at least Oct 2027": supported through October, then 11 and 17 move to 21
  assert.deepEqual(eol('FROM eclipse-temurin:11-jre', on('2027-10-31')), []);
  assert.equal(fixed('FROM eclipse-temurin:11-jre', on('2027-11-01')), 'FROM eclipse-temurin:21-jre');
  // Temurin writes the Alpine version as its own tag word (`alpine-3.21`)
  const [alpine] = eol('FROM eclipse-temurin:21-jre-alpine-3.21', DEC6);
  assert.match(alpine.message, /is built on Alpine Linux 3\.21, which reached end of life on 2026-11-01/);
  assert.equal(fixed('FROM eclipse-temurin:21-jre-alpine-3.21', DEC6), 'FROM eclipse-temurin:21-jre-alpine');
  for (const ref of [
    'eclipse-temurin:8-jre',
    'eclipse-temurin:8-jdk-alpine',
    'eclipse-temurin:11-jdk',
    'eclipse-temurin:17-jre-alpine',
    'eclipse-temurin:17.0.20_8-jre-alpine-3.24',
    'eclipse-temurin:21-jre-noble',
    'eclipse-temurin:21-jdk-ubi9-minimal',
    'eclipse-temurin:25-jdk-ubi10-minimal',
    'eclipse-temurin:25-jre-alpine-3.23',
  ])
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
});

test('Amazon Corretto: LTS releases to their announced ends; Amazon Linux and Alpine bases count on their own', () => {
  assert.equal(fixed('FROM amazoncorretto:24-alpine-jdk', DEC6), 'FROM amazoncorretto:25-alpine-jdk');
  assert.equal(fixed('FROM amazoncorretto:22', DEC6), 'FROM amazoncorretto:25');
  const [d] = eol('FROM amazoncorretto:26-al2023', DEC6);
  assert.match(d.message, /Amazon Corretto 26, which reached end of life on 2026-10-31.*corretto\/faqs/);
  // Amazon Linux 2 ended on 2026-06-30: `-al2` tags move to the default (Amazon Linux 2023) tag of the same release
  const [al2] = eol('FROM amazoncorretto:17-al2-jdk', DEC6);
  assert.match(al2.message, /is built on Amazon Linux 2, which reached end of life on 2026-06-30/);
  assert.equal(fixed('FROM amazoncorretto:17-al2-jdk', DEC6), 'FROM amazoncorretto:17-jdk');
  assert.equal(fixed('FROM amazoncorretto:21-alpine3.20-jdk', DEC6), 'FROM amazoncorretto:21-alpine-jdk');
  for (const ref of [
    'amazoncorretto:8',
    'amazoncorretto:8-al2023-jre',
    'amazoncorretto:11-headless',
    'amazoncorretto:17-al2023',
    'amazoncorretto:21-alpine3.24-full',
    'amazoncorretto:25.0.4-al2023-jdk',
  ])
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
});

test('Alpine 3.24, PostgreSQL 17 and 18, RHEL 10 (UBI) and Rocky Linux 10 are supported; their ends are dated', () => {
  assert.deepEqual(eol('FROM alpine:3.24', DEC6), []);
  assert.match(
    eol('FROM alpine:3.24.1', on('2028-06-01'))[0].message,
    /Alpine Linux 3\.24, which reached end of life on 2028-06-01/,
  );
  assert.equal(fixed('FROM alpine:3.21.3', DEC6), 'FROM alpine:3.22');
  for (const ref of ['postgres:17-bookworm', 'postgres:17.11-trixie', 'postgres:18-alpine3.24', 'postgres:18'])
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
  assert.match(
    eol('FROM postgres:17', on('2029-11-08'))[0].message,
    /PostgreSQL 17, which reached end of life on 2029-11-08.*`postgres:18`/,
  );
  // 13 ended on 2025-11-13 and 14 on 2026-11-12: 13 moves to 15, the codename is dropped
  assert.equal(fixed('FROM postgres:13-bookworm', DEC6), 'FROM postgres:15');
  assert.match(eol('FROM postgres:12.22')[0].message, /PostgreSQL 12, which reached end of life on 2024-11-21/);
  for (const [ref, name] of [
    ['redhat/ubi10-minimal', 'Red Hat Enterprise Linux \\(UBI\\) 10'],
    ['registry.access.redhat.com/ubi10/ubi-minimal:10.1', 'Red Hat Enterprise Linux \\(UBI\\) 10'],
    ['rockylinux/rockylinux:10', 'Rocky Linux 10'],
    ['quay.io/rockylinux/rockylinux:10-ubi', 'Rocky Linux 10'],
  ]) {
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
    assert.match(
      eol(`FROM ${ref}`, on('2035-06-01'))[0].message,
      new RegExp(`is ${name}, which reached end of life on 2035-05-31`),
      ref,
    );
  }
  for (const ref of ['rockylinux:9', 'rockylinux:8.10', 'registry.access.redhat.com/ubi9/ubi', 'redhat/ubi8'])
    assert.deepEqual(eol(`FROM ${ref}`, DEC6), [], ref);
});

test('isoDay is the UTC calendar day toISOString gives, for any date (an invalid one throws as toISOString does)', () => {
  fc.assert(
    fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
      const date = new Date(ms);
      assert.equal(isoDay(date), date.toISOString().slice(0, 10));
      // asked again for the same day: the remembered answer
      assert.equal(isoDay(new Date(ms)), date.toISOString().slice(0, 10));
    }),
    { seed: 21, numRuns: 5000 },
  );
  for (const ms of [0, -1, 86_399_999, 86_400_000, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000])
    assert.equal(isoDay(new Date(ms)), new Date(ms).toISOString().slice(0, 10), String(ms));
  assert.throws(() => isoDay(new Date(NaN)), RangeError);
});

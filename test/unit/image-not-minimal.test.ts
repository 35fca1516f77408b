// image-not-minimal: only the final stage's base, which images count as full, which fixes are safe to offer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, checkFixes, applyEdits } from './helpers';

const RULE = 'image-not-minimal';
const doc = (lines) => `${lines.join('\n')}\n`;
const at = (text, d) => text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
const fixesOf = (text) => {
  const [d] = findings(text, RULE);
  assert.ok(d, `no finding for:\n${text}`);
  return d.data.fixes.map((f) => ({
    title: f.title,
    preferred: !!f.isPreferred,
    text: applyEdits(text, f.edits).text,
  }));
};

test('only the final stage counts: full builder stages are fine', () => {
  const text = doc([
    'FROM node:22 AS build',
    'RUN npm ci',
    'FROM python:3.12 AS wheels',
    'FROM node:22-slim',
    'COPY --from=build /app /app',
  ]);
  assert.deepEqual(findings(text, RULE), []);
  const full = doc(['FROM node:22-slim AS build', 'FROM node:22']);
  assert.deepEqual(
    findings(full, RULE).map((d) => d.range.start.line + 1),
    [2],
  );
});

test('the base is followed through FROM <alias> to the image, and the finding points at its tag', () => {
  const text = doc(['FROM python:3.12-bookworm AS base', 'FROM base AS app', 'CMD ["python", "-m", "app"]']);
  const [d] = findings(text, RULE);
  assert.equal(d.range.start.line, 0);
  assert.equal(at(text, d), '3.12-bookworm');
  assert.match(d.message, /The final stage \(through `FROM base`\) is based on `python:3\.12-bookworm`/);
  const fixes = fixesOf(text);
  assert.deepEqual(
    fixes.map((f) => [f.title, f.preferred]),
    [
      ['Switch to python:3.12-slim-bookworm', true],
      ['Switch to python:3.12-alpine', false],
    ],
  );
});

test('minimal variants and minimal images pass', () => {
  for (const base of [
    'node:22-slim',
    'node:22-alpine3.22',
    'python:3.12-slim',
    'python:3.12-alpine',
    'ruby:3.3-slim-bookworm',
    'php:8.3-fpm-alpine',
    'php:8.3-apache',
    'debian:bookworm-slim',
    'debian:12-slim',
    'rockylinux:9-minimal',
    'almalinux:9-minimal',
    'registry.access.redhat.com/ubi9/ubi-minimal:9.4',
    'registry.access.redhat.com/ubi9-micro',
    'eclipse-temurin:21-jre',
    'gcr.io/distroless/static-debian12',
    'cgr.dev/chainguard/static',
    'alpine:3.22',
    'busybox:1.37',
  ]) {
    assert.deepEqual(findings(doc([`FROM ${base}`, 'ENTRYPOINT ["java", "-jar", "/app.jar"]']), RULE), [], base);
  }
  assert.deepEqual(
    findings(doc(['FROM golang:1.26 AS build', 'FROM scratch', 'COPY --from=build /app /app']), RULE),
    [],
  );
});

test('full images fire, with the variant the publisher offers', () => {
  const cases = [
    ['FROM debian:bookworm', 'FROM debian:bookworm-slim'],
    ['FROM debian:12.5', 'FROM debian:12.5-slim'],
    ['FROM debian:bookworm-20240110', 'FROM debian:bookworm-20240110-slim'],
    ['FROM node:22.11.0', 'FROM node:22.11.0-slim'],
    ['FROM node:lts-bookworm', 'FROM node:lts-bookworm-slim'],
    ['FROM python:3.12', 'FROM python:3.12-slim'],
    ['FROM ruby:3.3-bookworm', 'FROM ruby:3.3-slim-bookworm'],
    ['FROM php:8.3-fpm', 'FROM php:8.3-fpm-alpine'],
    ['FROM php:8.3-fpm-bookworm', 'FROM php:8.3-fpm-alpine'],
    ['FROM rockylinux:9', 'FROM rockylinux:9-minimal'],
    ['FROM almalinux:9.4', 'FROM almalinux:9.4-minimal'],
    ['FROM registry.access.redhat.com/ubi9', 'FROM registry.access.redhat.com/ubi9-minimal'],
    ['FROM registry.access.redhat.com/ubi8/ubi:8.10', 'FROM registry.access.redhat.com/ubi8/ubi-minimal:8.10'],
    ['FROM redhat/ubi9:9.4', 'FROM redhat/ubi9-minimal:9.4'],
  ];
  for (const [from, expected] of cases) {
    const [first] = fixesOf(`${from}\n`);
    assert.equal(first.text.trim(), expected, from);
    assert.equal(first.preferred, true, from);
  }
});

test('Temurin JDK only when the image runs java; Go, Rust and the .NET SDK only when they run an application', () => {
  const jdk = (cmd) => findings(doc(['FROM eclipse-temurin:21-jdk-noble', cmd]), RULE).length;
  assert.equal(jdk('ENTRYPOINT ["java", "-jar", "/app.jar"]'), 1);
  assert.equal(jdk('CMD java $JAVA_OPTS -jar /app.jar'), 1);
  assert.equal(jdk('CMD ["gradle"]'), 0);
  assert.equal(jdk('CMD ["jshell"]'), 0);
  assert.equal(
    fixesOf(doc(['FROM eclipse-temurin:17', 'CMD ["java", "-jar", "a.jar"]']))[0].text.split('\n')[0],
    'FROM eclipse-temurin:17-jre',
  );
  // non-LTS releases publish no JRE image
  assert.equal(findings(doc(['FROM eclipse-temurin:22-jdk', 'CMD ["java", "-jar", "a.jar"]']), RULE).length, 0);

  const go = (lines) => findings(doc(['FROM golang:1.26', ...lines]), RULE).length;
  assert.equal(go(['CMD ["/usr/local/bin/server"]']), 1);
  assert.equal(go(['ENTRYPOINT ["go", "run", "."]']), 0);
  assert.equal(go(['CMD ["/bin/bash"]']), 0);
  assert.equal(go(['CMD ["tail", "-f", "/dev/null"]']), 0);
  assert.equal(go([]), 0);
  assert.equal(findings(doc(['FROM golang:1.26 AS base', 'FROM base AS dev', 'CMD ["/app"]']), RULE).length, 0);
  const [d] = findings(doc(['FROM golang:1.26-alpine', 'CMD ["/app"]']), RULE);
  assert.match(d.message, /distroless\/static-debian12/);
  assert.deepEqual(d.data.fixes, []);

  assert.equal(
    findings(doc(['FROM mcr.microsoft.com/dotnet/sdk:10.0', 'ENTRYPOINT ["dotnet", "app.dll"]']), RULE).length,
    1,
  );
  assert.equal(
    findings(doc(['FROM mcr.microsoft.com/dotnet/sdk:10.0', 'ENTRYPOINT ["dotnet", "watch", "run"]']), RULE).length,
    0,
  );
  assert.equal(findings(doc(['FROM rust:1.83', 'CMD ["./target/release/app"]']), RULE).length, 1);
  assert.equal(findings(doc(['FROM rust:1.83', 'CMD ["cargo", "run"]']), RULE).length, 0);
});

test('no fix where it could break the build or point at the wrong image', () => {
  const noFix = (text, re?) => {
    const [d] = findings(text, RULE);
    assert.ok(d, text);
    assert.deepEqual(d.data.fixes, [], text);
    if (re) assert.match(d.message, re);
  };
  noFix(doc(['FROM debian:bookworm@sha256:' + 'b'.repeat(64)]), /pinned digest belongs to the full image/);
  noFix(doc(['ARG TAG=bookworm', 'FROM debian:${TAG}']), /`debian:\$\{TAG\}` \(`debian:bookworm`\).*build argument/);
  noFix(
    doc(['FROM debian:bookworm AS base', 'FROM base AS build', 'RUN make', 'FROM base', 'COPY --from=build /out /out']),
    /builder stage is built from the same base/,
  );
  noFix(doc(['FROM debian']));
  noFix(doc(['FROM centos:7']), /ubi-minimal/);
  noFix(doc(['FROM fedora:41']), /fedora-minimal/);
  // the minimal Red Hat images have microdnf, not dnf or yum
  noFix(doc(['FROM rockylinux:9', 'RUN dnf install -y httpd && dnf clean all']));
  noFix(doc(['FROM registry.access.redhat.com/ubi9/ubi', 'RUN yum install -y nginx']));
  // Alpine variants have apk, not apt: only the slim fix is left
  const fixes = fixesOf(doc(['FROM node:22', 'RUN apt-get update && apt-get install -y --no-install-recommends curl']));
  assert.deepEqual(
    fixes.map((f) => [f.title, f.preferred]),
    [['Switch to node:22-slim', true]],
  );
  // the php image with apt-get in the final stage: no Alpine fix at all
  noFix(doc(['FROM php:8.3-fpm', 'RUN apt-get update && apt-get install -y libzip-dev']));
});

test('Windows language images, unknown repositories and typo tags give no finding', () => {
  assert.deepEqual(findings('# escape=`\nFROM python:3.12-windowsservercore-ltsc2022\n', RULE), []);
  assert.deepEqual(findings('FROM node:18s\n', RULE), []);
  assert.deepEqual(findings('FROM ghcr.io/acme/node:22\n', RULE), []);
  assert.deepEqual(findings('ARG BASE\nFROM ${BASE}\n', RULE), []);
});

test('fixes apply cleanly and re-lint without the finding or a new one', () => {
  const texts = [
    doc([
      'FROM node:22 AS build',
      'RUN npm ci',
      'FROM node:22',
      'COPY --from=build /app /app',
      'CMD ["node", "server.js"]',
    ]),
    doc(['FROM python:3.12-bookworm', 'COPY app.py /app.py', 'CMD ["python", "/app.py"]']),
    doc([
      'FROM debian:bookworm AS runtime',
      'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates',
      'FROM runtime',
      'USER 10001:10001',
    ]),
    doc(['FROM ruby:3.3', 'CMD ["ruby", "app.rb"]']),
    doc(['FROM php:8.3-cli', 'CMD ["php", "app.php"]']),
    doc(['FROM rockylinux:9', 'CMD ["/app"]']),
    doc(['FROM registry.access.redhat.com/ubi9/ubi:9.4', 'USER 1001', 'CMD ["/app"]']),
    doc(['FROM eclipse-temurin:21-jdk-alpine', 'ENTRYPOINT ["java", "-jar", "/app.jar"]']),
  ];
  let n = 0;
  for (const text of texts) n += checkFixes(text, RULE);
  // node, python and ruby offer slim and alpine; the others one variant each
  assert.equal(n, 3 * 2 + 5);
});

test('ubuntu fires with suggestions but no automatic fix (no slim tag of its own)', () => {
  const [d] = findings(doc(['FROM ubuntu:24.04', 'ENTRYPOINT ["/usr/local/bin/app"]']), RULE);
  assert.ok(d, 'ubuntu final stage fires');
  assert.match(d.message, /chiselled|distroless|slim/);
  assert.deepEqual(d.data.fixes, []);
});

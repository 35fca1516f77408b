// image-latest-tag: which references count as images, where the finding points, what the message says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';

const RULE = 'image-latest-tag';
const at = (text, d) => {
  const lines = text.split('\n');
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
};

test('points at the `latest` tag when written, at the name when there is no tag', () => {
  const text = 'FROM alpine:latest AS a\nFROM --platform=linux/arm64 registry.example.com:5000/team/app\n';
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => at(text, d)),
    ['latest', 'registry.example.com:5000/team/app'],
  );
});

test('a registry port is not a tag', () => {
  assert.equal(findings('FROM localhost:5000/app:1.2\n', RULE).length, 0);
  assert.equal(findings('FROM localhost:5000/app\n', RULE).length, 1);
});

test('ARG substitution: the message names what the reference resolves to; the range covers it as written', () => {
  const text = 'ARG REPO=ghcr.io/acme/app\nARG TAG=latest\nFROM ${REPO}:${TAG}\n';
  const [d] = findings(text, RULE);
  assert.equal(at(text, d), '${REPO}:${TAG}');
  assert.match(d.message, /ghcr\.io\/acme\/app:latest/);
  assert.match(d.message, /ghcr\.io\/acme\/app:<version>/);
});

test('a digest exempts the image whatever the tag', () => {
  const digest = 'sha256:' + 'a'.repeat(64);
  assert.equal(findings(`FROM debian:latest@${digest}\nFROM alpine@${digest}\n`, RULE).length, 0);
});

test('stage aliases, also built from a build argument, and stage indexes are not images', () => {
  const text = [
    'ARG VARIANT=remote',
    'FROM golang:1.23 AS remote-install',
    'FROM ${VARIANT}-install AS final',
    'COPY --from=0 /a /a',
    'COPY --from=remote-install /b /b',
    'RUN --mount=from=remote-install,target=/x true',
  ].join('\n');
  assert.deepEqual(findings(text, RULE), []);
});

test('COPY --from: a bare word is a named build context, a tag or namespace makes it an image', () => {
  const text =
    'FROM alpine:3.20\nCOPY --from=templates /a /a\nCOPY --from=busybox:latest /b /b\nCOPY --from=acme/tools /c /c\n';
  assert.deepEqual(
    findings(text, RULE).map((d) => d.range.start.line + 1),
    [3, 4],
  );
});

test('unresolvable build arguments and templates give no finding', () => {
  assert.deepEqual(findings('ARG BASE\nFROM ${BASE}\nFROM {{ .from }}\nFROM base-$TARGETARCH\n', RULE), []);
});

test('ONBUILD COPY --from is left to the downstream Dockerfile', () => {
  assert.deepEqual(findings('FROM alpine:3.20\nONBUILD COPY --from=builder /a /a\n', RULE), []);
});

test('no fix is offered', () => {
  for (const d of findings('FROM node\n', RULE)) assert.deepEqual(d.data.fixes, []);
});

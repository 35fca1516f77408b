// image-not-pinned-by-digest: info severity, every image reference, no network fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';

const RULE = 'image-not-pinned-by-digest';

test('info on every unpinned image reference, builder stages and COPY/mount sources included', () => {
  const text = [
    'FROM golang:1.23 AS build',
    'RUN --mount=type=cache,from=ghcr.io/acme/cache:1,target=/c go build ./...',
    'FROM alpine:3.20',
    'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer',
    'COPY --from=build /app /app',
  ].join('\n');
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [1, 2, 3, 4],
  );
  for (const d of found) assert.equal(d.severity, 3);
});

test('the message tells how to get the digest, and no fix pretends to', () => {
  const [d] = findings('FROM python:3.12-slim\n', RULE);
  assert.match(d.message, /docker buildx imagetools inspect python:3\.12-slim/);
  assert.match(d.message, /python:3\.12-slim@sha256:/);
  assert.deepEqual(d.data.fixes, []);
});

test('any well-formed digest pins, also through a build argument', () => {
  const sha256 = 'sha256:' + 'b'.repeat(64);
  const sha512 = 'sha512:' + 'c'.repeat(128);
  const text = `ARG D=${sha256}\nFROM alpine:3.20@\${D}\nFROM debian:12@${sha512}\nFROM scratch\n`;
  assert.deepEqual(findings(text, RULE), []);
});

test('a truncated digest is not a digest: the reference is not an image the rule can read', () => {
  // `alpine@sha256:abc` is not a valid reference (BuildKit rejects it): no guess either way.
  assert.deepEqual(findings('FROM alpine@sha256:abc\n', RULE), []);
});

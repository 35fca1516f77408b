// Hovers: findings explain the rule (rationale, remedy, guidance, other tools' ids); security-relevant
// instructions explain themselves; secrets never appear unmasked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { svc, lint } from './helpers.mjs';

const hoverAt = (text, line, character) => svc.hoverDockerfile(lint(text), { line, character });

test('a finding hovers with its explanation and equivalent ids', () => {
  const h = hoverAt('FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n', 1, 1);
  assert.match(h.contents.value, /ADD used for local files/);
  assert.match(h.contents.value, /\*\*Why it matters:\*\*/);
  assert.match(h.contents.value, /\*\*What to do:\*\*/);
  assert.match(h.contents.value, /Build: use COPY instead of ADD/);
  assert.match(h.contents.value, /hadolint DL3020/);
  assert.match(h.contents.value, /bulkhead-ignore add-instead-of-copy/);
});

test('security-relevant instructions hover on their keyword', () => {
  const text = [
    'ARG BASE=alpine:3.20',
    'FROM ${BASE} AS build',
    'USER 10001',
    'ENV A=b',
    'COPY a /a',
    'RUN --mount=type=secret,id=t,env=T echo ok',
    'EXPOSE 8080',
    'HEALTHCHECK CMD ["/hc"]',
    'FROM build',
    'WORKDIR /app',
    '',
  ].join('\n');
  const r = lint(text);
  const at = (line, character) => svc.hoverDockerfile(r, { line, character });
  assert.match(at(0, 1).contents.value, /build argument/i);
  const from = at(1, 2).contents.value;
  assert.match(from, /base image/i);
  assert.match(from, /Resolves to `alpine:3\.20`/);
  assert.match(from, /builder stage/i);
  assert.match(at(2, 1).contents.value, /Runs as `10001`/);
  assert.match(at(3, 1).contents.value, /docker inspect/);
  assert.match(at(4, 1).contents.value, /dockerignore/);
  assert.match(at(5, 8).contents.value, /secret mount/i, 'hover on --mount explains the mount type');
  assert.match(at(6, 1).contents.value, /SSH/);
  assert.match(at(7, 2).contents.value, /HEALTHCHECK NONE/);
  assert.match(at(8, 1).contents.value, /Builds on stage `build`/);
  assert.equal(at(9, 1), null, 'WORKDIR has no security hover');
  assert.equal(at(2, 7), null, 'only the keyword hovers');
});

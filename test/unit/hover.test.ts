// Hovers: findings explain the rule (rationale, remedy, guidance, other tools' ids); security-relevant
// instructions explain themselves; secrets never appear unmasked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, hoverText } from './helpers';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';

const hoverAt = (text, line, character) => hoverDockerfile(lint(text), { line, character });

test('a finding hovers with its explanation and equivalent ids', () => {
  const h = hoverAt('FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n', 1, 1);
  assert.match(hoverText(h), /ADD used for local files/);
  assert.match(hoverText(h), /\*\*Why it matters:\*\*/);
  assert.match(hoverText(h), /\*\*What to do:\*\*/);
  assert.match(hoverText(h), /Build: use COPY instead of ADD/);
  assert.match(hoverText(h), /hadolint DL3020/);
  assert.match(hoverText(h), /bulkhead-ignore add-instead-of-copy/);
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
  const at = (line, character) => hoverDockerfile(r, { line, character });
  assert.match(hoverText(at(0, 1)), /build argument/i);
  const from = hoverText(at(1, 2));
  assert.match(from, /base image/i);
  assert.match(from, /Resolves to `alpine:3\.20`/);
  assert.match(from, /builder stage/i);
  assert.match(hoverText(at(2, 1)), /Runs as `10001`/);
  assert.match(hoverText(at(3, 1)), /docker inspect/);
  assert.match(hoverText(at(4, 1)), /dockerignore/);
  assert.match(hoverText(at(5, 8)), /secret mount/i, 'hover on --mount explains the mount type');
  assert.match(hoverText(at(6, 1)), /SSH/);
  assert.match(hoverText(at(7, 2)), /HEALTHCHECK NONE/);
  assert.match(hoverText(at(8, 1)), /Builds on stage `build`/);
  assert.equal(at(9, 1), null, 'WORKDIR has no security hover');
  assert.equal(at(2, 7), null, 'only the keyword hovers');
});

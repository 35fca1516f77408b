// image-untrusted-registry: the trustedRegistries pattern language, and the hint when no list is configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from './helpers';

const RULE = 'image-untrusted-registry';
const flagged = (image, trustedRegistries) =>
  findings(`FROM ${image}\n`, RULE, { config: { trustedRegistries } }).length > 0;

const CASES = [
  // [patterns, image, allowed]
  [['docker.io'], 'ubuntu:24.04', true],
  [['docker.io'], 'bitnami/redis:7', true],
  [['hub.docker.com'], 'nginx:1.27', true],
  [['docker.io/library/*'], 'ubuntu:24.04', true],
  [['docker.io/library/*'], 'library/ubuntu:24.04', true],
  [['docker.io/library/*'], 'docker.io/ubuntu:24.04', true],
  [['docker.io/library/*'], 'index.docker.io/library/ubuntu:24.04', true],
  [['docker.io/library/*'], 'bitnami/redis:7', false],
  [['library/*'], 'nginx:1.27', true],
  [['bitnami/*'], 'bitnami/redis:7', true],
  [['bitnami/*'], 'ghcr.io/bitnami/redis:7', false],
  [['*.corp.com'], 'registry.corp.com/base/python:3.12', true],
  [['*.corp.com'], 'corp.com.evil.io/python:3.12', false],
  [['*.corp.com'], 'evilcorp.com/python:3.12', false],
  [['registry*'], 'registry.example.com:5000/app:1', true],
  [['localhost:5000'], 'localhost:5000/app:1', true],
  [['localhost:5000'], 'localhost:5001/app:1', false],
  [['ghcr.io'], 'ghcr.io/anyone/app:1', true],
  [['ghcr.io/acme'], 'ghcr.io/acme/app:1', true],
  [['ghcr.io/acme'], 'ghcr.io/acme/team/app:1', true],
  [['ghcr.io/acme'], 'ghcr.io/acmeevil/app:1', false],
  [['ghcr.io/acme/*'], 'ghcr.io/acme/team/app:1', true],
  [['GHCR.IO/Acme/*'], 'ghcr.io/acme/app:1', true],
  [['https://quay.io/'], 'quay.io/prometheus/prometheus:v2', true],
  [['*'], 'anything.example/x:1', true],
  [['quay.io', 'ghcr.io'], 'mcr.microsoft.com/dotnet/runtime:8.0', false],
];

for (const [patterns, image, allowed] of CASES) {
  test(`${JSON.stringify(patterns)} ${allowed ? 'allows' : 'rejects'} ${image}`, () => {
    assert.equal(flagged(image, patterns), !allowed);
  });
}

test('with a list, findings are warnings on the image name, without tag or digest', () => {
  const text = `FROM ghcr.io/other/app:1.0@sha256:${'d'.repeat(64)}\n`;
  const [d] = findings(text, RULE, { config: { trustedRegistries: ['docker.io/library/*'] } });
  assert.equal(d.severity, 2);
  assert.equal(text.slice(d.range.start.character, d.range.end.character), 'ghcr.io/other/app');
  assert.match(d.message, /docker\.io\/library\/\*/);
});

test('without a list: a hint for Docker Hub namespace images only', () => {
  const text =
    'FROM ubuntu:24.04 AS a\nFROM ghcr.io/x/y:1 AS b\nFROM bitnami/redis:7 AS c\nFROM docker.io/someuser/tool:1\n';
  const found = findings(text, RULE);
  assert.deepEqual(
    found.map((d) => d.range.start.line + 1),
    [3, 4],
  );
  for (const d of found) assert.equal(d.severity, 4);
  assert.match(found[0].message, /published by `bitnami`/);
});

test('a configured severity overrides the hint', () => {
  const [d] = findings('FROM bitnami/redis:7\n', RULE, { config: { rules: { [RULE]: 'error' } } });
  assert.equal(d.severity, 1);
});

test('stage aliases and scratch are never judged', () => {
  const text = 'FROM ghcr.io/acme/base:1 AS base\nFROM base\nFROM scratch\nCOPY --from=base /a /a\n';
  assert.deepEqual(findings(text, RULE, { config: { trustedRegistries: ['ghcr.io/acme'] } }), []);
});

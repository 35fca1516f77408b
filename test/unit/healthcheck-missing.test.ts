// healthcheck-missing: inheritance, the images that serve nothing, the data tables and where the fixes insert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lint, applyEdits } from './helpers';
import { fixAllEdits } from '../../server/src/service/fixAll';

const RULE = 'healthcheck-missing';
const fires = (text) => findings(text, RULE).length > 0;

test('the finding sits on the final FROM image', () => {
  const text = 'FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12\nENTRYPOINT ["/app"]\n';
  const [d] = findings(text, RULE);
  assert.equal(d.range.start.line, 1);
  assert.equal(
    text.split('\n')[1].slice(d.range.start.character, d.range.end.character),
    'gcr.io/distroless/static-debian12',
  );
});

test("hadolint's DL3057 pragmas suppress it: above the final FROM, or global", () => {
  const text = 'FROM golang:1.23 AS build\nFROM nginx:1.27\nCOPY --from=build /app /app\n';
  assert.equal(fires(text), true);
  assert.equal(fires(text.replace('FROM nginx', '# hadolint ignore=DL3057\nFROM nginx')), false);
  assert.equal(fires('# hadolint global ignore=DL3057\n' + text), false);
  assert.equal(fires(text.replace('FROM nginx', '# hadolint ignore=DL3006\nFROM nginx')), true);
});

test('inherited through FROM <stage>, and HEALTHCHECK NONE counts as a decision', () => {
  assert.equal(fires('FROM nginx:1.27 AS web\nHEALTHCHECK CMD ["true"]\nFROM web\n'), false);
  assert.equal(fires('FROM nginx:1.27 AS web\nHEALTHCHECK NONE\nFROM web\n'), false);
  assert.equal(fires('FROM nginx:1.27 AS web\nHEALTHCHECK CMD ["true"]\nFROM nginx:1.27\n'), true);
});

test('images that serve nothing: scratch export stages, shells and REPLs, toolbox bases', () => {
  assert.equal(fires('FROM golang:1.23 AS b\nFROM scratch\nCOPY --from=b /app /\n'), false);
  assert.equal(fires('FROM scratch\nCOPY app /\nENTRYPOINT ["/app"]\n'), true);
  assert.equal(fires('FROM debian:12\nCMD ["bash"]\n'), false);
  assert.equal(fires('FROM debian:12\nCMD /bin/sh\n'), false);
  assert.equal(fires('FROM debian:12\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["php", "-a"]\n'), false);
  assert.equal(fires('FROM debian:12\nENTRYPOINT ["tini", "--"]\nCMD ["python3.12"]\n'), false);
  assert.equal(fires('FROM debian:12\nCMD ["python3", "app.py"]\n'), true);
  assert.equal(fires('FROM alpine:3.20\nRUN apk add --no-cache jq\n'), false);
  assert.equal(fires('FROM python:3.12-slim\nRUN pip install --no-cache-dir httpie==3.2.4\n'), false);
  assert.equal(fires('FROM php:8.3-apache\nCOPY . /var/www/html/\n'), true, 'php apache variants run a server');
  assert.equal(fires('FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n'), true);
});

test('EXPOSE makes a shell or toolbox image a service again', () => {
  assert.equal(fires('FROM alpine:3.20\nEXPOSE 8080\n'), true);
  assert.equal(fires('FROM debian:12\nEXPOSE 8080\nCMD ["bash"]\n'), true);
});

test('base images known to declare a HEALTHCHECK, whatever the tag or spelling', () => {
  assert.equal(fires('FROM gitlab/gitlab-ce:17.5.1-ce.0\n'), false);
  assert.equal(fires('FROM docker.io/vaultwarden/server:1.32.0-alpine\nEXPOSE 80\n'), false);
  assert.equal(fires('FROM base AS x\nFROM pihole/pihole:2024.07.0 AS p\nFROM p\nEXPOSE 53\n'), false);
  assert.equal(fires('ARG IMAGE\nFROM ${IMAGE}\nEXPOSE 80\n'), false, 'an unknown base may declare one');
});

test('the skeleton goes before the final CMD/ENTRYPOINT, above the comments that belong to it', () => {
  const text = [
    'FROM node:22-alpine',
    'COPY . /app',
    'EXPOSE 3000',
    '',
    '# start the server',
    '# bulkhead-ignore shell-form-entrypoint -- needs a shell',
    'ENTRYPOINT node /app/server.js',
    '',
  ].join('\n');
  const [d] = findings(text, RULE);
  assert.equal(d.data.fixes.length, 2);
  assert.ok(
    d.data.fixes.every((f) => !f.isPreferred),
    'neither fix is applied by "fix all"',
  );
  const after = applyEdits(text, d.data.fixes[0].edits).text.split('\n');
  assert.equal(
    after[4],
    '# Adapt: a command that exits 0 only while the service is healthy (e.g. an HTTP probe built into the app).',
  );
  assert.match(after[5], /^HEALTHCHECK --interval=30s .* CMD \["\/healthcheck"\]$/);
  assert.deepEqual(after.slice(6, 9), [
    '# start the server',
    '# bulkhead-ignore shell-form-entrypoint -- needs a shell',
    'ENTRYPOINT node /app/server.js',
  ]);
  const relinted = lint(after.join('\n')).diagnostics;
  assert.equal(relinted.filter((x) => x.code === RULE).length, 0);
  assert.equal(
    relinted.filter((x) => x.code === 'shell-form-entrypoint').length,
    0,
    'the ignore comment still applies to ENTRYPOINT',
  );
});

test('without CMD/ENTRYPOINT the fixes append to the file; "fix all" leaves them out', () => {
  const text = 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/';
  const [d] = findings(text, RULE);
  assert.equal(applyEdits(text, d.data.fixes[1].edits).text, `${text}\nHEALTHCHECK NONE\n`);
  const result = lint(text);
  const fixAll = fixAllEdits(result);
  assert.ok(!fixAll.some((e) => e.newText.includes('HEALTHCHECK')));
});

test('the data tables say where each fact comes from and when it was checked', async () => {
  const { readFileSync } = await import('node:fs');
  for (const file of ['healthcheckImages.ts', 'interactiveImages.ts']) {
    const src = readFileSync(new URL(`../../server/src/data/${file}`, import.meta.url), 'utf8');
    assert.match(src, /checked: '\d{4}-\d{2}-\d{2}'|const CHECKED = '\d{4}-\d{2}-\d{2}'/);
    assert.match(src, /source:/);
  }
});

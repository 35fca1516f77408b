// root-user knows its base: an official or distribution image without USER runs as root (warning); a third-party
// base whose user is not known may (information, saying how to make it certain); images known to run as non-root,
// `trustedNonRootImages`, and entrypoints that drop privileges (gosu, su-exec, setpriv, s6-setuidgid, runuser,
// chroot --userspec, also in a copied entrypoint script) are not reported; a repository that builds base images
// (`imageRole`, `# bulkhead-image-role`) gets information. The fix reuses an official image's own user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits, findings } from './helpers';
import { argvDropTool, scriptDropTool } from '../../server/src/dockerfile/rules/root-user/privilegeDrop';
import { contextFileReader, MAX_CONTEXT_FILE_BYTES } from '../../server/src/config/files';
import { mergeConfig } from '../../server/src/service/config';

const df = (...lines: string[]) => [...lines, ''].join('\n');
const rootUser = (text: string, opts?: Parameters<typeof findings>[2]) => findings(text, 'root-user', opts);

test('an official or distribution base without USER runs as root: a warning', () => {
  for (const base of [
    'node:22',
    'library/python:3.13-slim',
    'public.ecr.aws/docker/library/nginx:1.27',
    'registry.access.redhat.com/ubi9/ubi-minimal:9.5',
    'gcr.io/distroless/static-debian12',
    'rockylinux/rockylinux:9',
  ]) {
    const [d] = rootUser(df(`FROM ${base}`, 'CMD ["app"]'));
    assert.equal(d?.severity, DiagnosticSeverity.Warning, base);
    assert.match(d.message, /^The final stage has no USER, so the container runs as root\./, base);
  }
});

test('a third-party base whose user is not known: information, saying how to make it certain', () => {
  const [d] = rootUser(df('FROM ghcr.io/acme/runtime:2', 'CMD ["app"]'));
  assert.equal(d.severity, DiagnosticSeverity.Information);
  assert.equal(
    d.message,
    'The final stage has no USER and the base image\'s user is not known here, so the container may run as root. Make it certain: add a numeric USER before CMD/ENTRYPOINT, or, if ghcr.io/acme/runtime:2 runs as a non-root user, list it in "trustedNonRootImages" in .bulkhead.json.',
  );
  assert.deepEqual(
    rootUser(df('FROM ghcr.io/acme/runtime:2', 'CMD ["app"]'), {
      config: { trustedNonRootImages: ['ghcr.io/acme/**'] },
    }),
    [],
    'listed: not reported',
  );
  // an explicit USER root is a finding whatever the base
  assert.equal(
    rootUser(df('FROM ghcr.io/acme/runtime:2', 'USER root', 'CMD ["app"]'))[0]?.severity,
    DiagnosticSeverity.Warning,
  );
});

test('official images that end with a non-root USER, and known non-root third-party images, are not reported', () => {
  for (const base of [
    'memcached:1.6',
    'haproxy:3.2-alpine',
    'elasticsearch:8.19.0',
    'wordpress:cli',
    'grafana/grafana:11.0.0',
    'jenkins/jenkins:lts',
  ]) {
    assert.deepEqual(rootUser(df(`FROM ${base}`, 'COPY x /x')), [], base);
  }
  // wordpress's other tags run as root
  assert.equal(rootUser(df('FROM wordpress:6.7', 'COPY x /x'))[0]?.severity, DiagnosticSeverity.Warning);
});

test('an image that builds a base image: information, saying the images built on it must set USER', () => {
  const text = df('FROM ubuntu:24.04', 'RUN true');
  const byConfig = rootUser(text, { config: { imageRole: 'base' } });
  assert.equal(byConfig[0].severity, DiagnosticSeverity.Information);
  assert.match(
    byConfig[0].message,
    /^This base image has no USER, so a container of it runs as root\. This file builds a base image/,
  );
  assert.match(byConfig[0].message, /the images built on it must end with an unprivileged numeric USER\.$/);
  const byComment = rootUser(`# bulkhead-image-role base\n${text}`);
  assert.equal(byComment[0].severity, DiagnosticSeverity.Information);
  // the file's comment wins over the configuration
  const app = rootUser(`# bulkhead-image-role application\n${text}`, { config: { imageRole: 'base' } });
  assert.equal(app[0].severity, DiagnosticSeverity.Warning);
  // an explicit USER root at the end of a base image
  const root = rootUser(df('FROM ubuntu:24.04', 'USER root'), { config: { imageRole: 'base' } });
  assert.equal(root[0].severity, DiagnosticSeverity.Information);
  assert.match(root[0].message, /^This base image ends as root \(USER root\)/);
});

test('privilege drops in ENTRYPOINT and CMD: exec and shell form, behind init wrappers and sh -c', () => {
  for (const lines of [
    ['ENTRYPOINT ["gosu", "app"]', 'CMD ["server"]'],
    ['ENTRYPOINT ["/usr/bin/tini", "-g", "--", "su-exec", "app:app", "server"]'],
    ['CMD ["dumb-init", "setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "server"]'],
    ['CMD exec s6-setuidgid app server'],
    ['CMD ["sh", "-c", "chown -R app /data && exec runuser -u app -- server"]'],
    ['ENTRYPOINT ["chroot", "--userspec=1000:1000", "/", "server"]'],
    ['USER 0', 'ENTRYPOINT ["gosu", "app", "server"]'],
  ]) {
    assert.deepEqual(rootUser(df('FROM debian:bookworm-slim', ...lines)), [], lines.join(' / '));
  }
  for (const lines of [
    ['CMD ["setpriv", "--no-new-privs", "server"]'],
    ['CMD ["chroot", "/srv", "server"]'],
    ['CMD ["echo", "gosu"]'],
    // a shell-form ENTRYPOINT ignores CMD
    ['ENTRYPOINT server', 'CMD ["gosu", "app", "x"]'],
  ]) {
    assert.equal(rootUser(df('FROM debian:bookworm-slim', ...lines)).length, 1, lines.join(' / '));
  }
});

test('the drop tools as scripts and argument vectors are read', () => {
  assert.equal(argvDropTool(['tini', '--', 'gosu', 'app', 'x']), 'gosu');
  assert.equal(argvDropTool(['exec', '/sbin/su-exec', 'app', 'x']), 'su-exec');
  assert.equal(argvDropTool(['bash', '-c', 'set -e; exec gosu app "$@"']), 'gosu');
  assert.equal(argvDropTool(['node', 'gosu']), null);
  assert.equal(scriptDropTool('#!/bin/sh\n# exec gosu app\nexec "$@"\n'), null, 'a comment is not a command');
  assert.equal(scriptDropTool('if true; then exec su-exec app "$0" "$@"; fi\n'), 'su-exec');
  assert.equal(scriptDropTool('x=1 && runuser -u app -- "$@"\n'), 'runuser');
  assert.equal(scriptDropTool('echo hi # then gosu app\n'), null);
});

test('an entrypoint script is read from the build context: its drop counts; without a file system it does not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-ctx-'));
  try {
    fs.writeFileSync(path.join(dir, 'entrypoint.sh'), '#!/bin/sh\nexec gosu app "$@"\n');
    const text = df('FROM debian:bookworm-slim', 'COPY entrypoint.sh /usr/local/bin/', 'ENTRYPOINT ["entrypoint.sh"]');
    const contextFile = contextFileReader(path.join(dir, 'Dockerfile'));
    assert.deepEqual(rootUser(text, { env: { contextFile } }), []);
    assert.equal(rootUser(text).length, 1, 'no file system: the script is not known');
    // the script as the first word of an `sh -c` string
    const viaShell = df(
      'FROM debian:bookworm-slim',
      'COPY entrypoint.sh /usr/local/bin/entrypoint.sh',
      'CMD ["sh", "-c", "exec /usr/local/bin/entrypoint.sh server"]',
    );
    assert.deepEqual(rootUser(viaShell, { env: { contextFile } }), []);
    // the same script copied somewhere PATH does not reach, or from another stage, is not followed
    const elsewhere = df('FROM debian:bookworm-slim', 'COPY entrypoint.sh /opt/', 'ENTRYPOINT ["entrypoint.sh"]');
    assert.equal(rootUser(elsewhere, { env: { contextFile } }).length, 1);
    const fromStage = df(
      'FROM debian:bookworm-slim AS b',
      'FROM debian:bookworm-slim',
      'COPY --from=b entrypoint.sh /entrypoint.sh',
      'ENTRYPOINT ["/entrypoint.sh"]',
    );
    assert.equal(rootUser(fromStage, { env: { contextFile } }).length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('contextFileReader reads the folder’s files only: not above it, not through a link out of it, not large ones', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-ctx-'));
  try {
    const dir = path.join(root, 'ctx');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'outside.sh'), 'secret');
    fs.writeFileSync(path.join(dir, 'sub', 'in.sh'), 'inside');
    fs.writeFileSync(path.join(dir, 'big.sh'), 'x'.repeat(MAX_CONTEXT_FILE_BYTES + 1));
    fs.symlinkSync(path.join(root, 'outside.sh'), path.join(dir, 'link.sh'));
    const read = contextFileReader(path.join(dir, 'Dockerfile'));
    assert.equal(read('sub/in.sh'), 'inside');
    assert.equal(read('./sub/../sub/in.sh'), 'inside');
    assert.equal(read('../outside.sh'), null);
    assert.equal(read(path.join(root, 'outside.sh')), null);
    assert.equal(read('link.sh'), null);
    assert.equal(read('big.sh'), null);
    assert.equal(read('sub'), null, 'a folder');
    assert.equal(read('missing.sh'), null);
    assert.equal(read(''), null);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the fix reuses an official image's own unprivileged user (ids per variant)", () => {
  for (const [base, title, user] of [
    ['node:22-bookworm', "Run as the image's own user node (USER 1000:1000)", 'USER 1000:1000'],
    ['postgres:17-alpine', "Run as the image's own user postgres (USER 70:70)", 'USER 70:70'],
    ['redis:7.4-alpine', "Run as the image's own user redis (USER 999:1000)", 'USER 999:1000'],
  ]) {
    const text = df(`FROM ${base}`, 'CMD ["server"]');
    const [d] = rootUser(text);
    const fix = d.data.fixes[0];
    assert.equal(fix.title, title);
    assert.equal(fix.manual, true);
    const fixed = applyEdits(text, fix.edits).text;
    assert.ok(fixed.includes(`\n${user}\nCMD ["server"]`), fixed);
    assert.ok(!/useradd|adduser/.test(fixed), 'no user created');
    assert.deepEqual(rootUser(fixed), []);
  }
  // an image without such a user gets one created
  const [d] = rootUser(df('FROM python:3.13-slim', 'CMD ["server"]'));
  assert.match(d.data.fixes[0].title, /^Run as an unprivileged user \(debian\)$/);
});

test('.bulkhead.json trustedNonRootImages and imageRole are checked', () => {
  const read = (json: unknown) =>
    mergeConfig({ bulkheadJson: { path: '/p/.bulkhead.json', text: JSON.stringify(json) } });
  const ok = read({ trustedNonRootImages: ['ghcr.io/acme/*:*', ' ', 'ghcr.io/acme/*:*'], imageRole: 'base' });
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.config.trustedNonRootImages, ['ghcr.io/acme/*:*']);
  assert.equal(ok.config.imageRole, 'base');
  assert.equal(read({ imageRole: 'application' }).config.imageRole, undefined);
  assert.deepEqual(
    read({ trustedNonRootImages: 'ghcr.io/acme/x', imageRole: 'library' }).problems.map((p) => p.message),
    [
      '"trustedNonRootImages" must be an array of image patterns (strings)',
      '"imageRole" must be "base" or "application"',
    ],
  );
});

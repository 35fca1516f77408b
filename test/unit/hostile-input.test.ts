// Hostile and unlucky input through the engine: each class the fuzzing and security probe found, from a minimal
// input of the same class. A regression here is a hang, so every lint runs under a guard that stops it (node:vm's
// timeout) and fails the test instead of hanging the run; super-linear cost is caught by comparing n with 4n
// (cost-helpers.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lint, ROOT } from './helpers';
import { lintCompose } from './compose-helpers';
import { assertLinear, finishes } from './cost-helpers';
import { spawn } from 'node:child_process';
import { CLI, runCli, tempDir, writeTree } from './cli-helpers';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { mergeConfig } from '../../server/src/service/config';

const TOO_DEEP = /too deep to judge/;

test('class 1: a form feed, vertical tab, no-break space or BOM inside a RUN that installs packages', () => {
  for (const ch of ['\f', '\v', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u1680']) {
    for (const install of ['dnf install -y', 'apt-get install -y', 'apk add', 'yum install -y', 'pip install']) {
      const text = `FROM alpine:3.21\nRUN ${install}${ch}curl && rm -rf /var/cache\nRUN apt-get update${ch}&& apt-get install -y${ch}git\n`;
      const result = finishes(
        () => lintDockerfile(text, 'file:///w/Dockerfile', DEFAULT_CONFIG, { dockerignore: null }),
        `${install} + U+${ch.charCodeAt(0).toString(16)}`,
      );
      assert.deepEqual(result.failures, []);
      for (const d of result.diagnostics) for (const fix of d.data?.fixes ?? []) assert.ok(fix.edits.length >= 0);
    }
  }
});

test('class 2: a Compose value of nested flow maps used as keys costs linear time, not exponential', () => {
  const text = (n) => `services:\n  s: ${'{'.repeat(n)}`;
  const result = finishes(() => lintCompose(text(200)), 'n=200');
  assert.ok(result.diagnostics.length > 0, 'the syntax error is reported');
  assertLinear((n) => lintCompose(text(n)), 100, 'nested { as keys');
  // a valid document with collection keys: no key is stringified, the service is still read
  const valid = 'services:\n  s:\n    image: alpine:3.21\n    privileged: true\n    ? {a: {b: {c: {d: 1}}}}\n    : x\n';
  assert.ok(lintCompose(valid).diagnostics.some((d) => d.code === 'compose-privileged'));
});

test('class 3: deep nesting is bounded before the YAML parser: too deep to judge, never clean, never a crash', () => {
  for (const [what, text] of [
    ['5,000 [', '['.repeat(5000)],
    ['20,000 [', '['.repeat(20000)],
    ['20,000 {', 'services: ' + '{a: '.repeat(20000)],
    ['20,000 - (compact sequences)', 'services:\n  s:\n    volumes:\n      ' + '- '.repeat(20000) + 'x\n'],
    [
      '300 indentation levels',
      'services:\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join(''),
    ],
  ]) {
    const result = finishes(() => lintCompose(text), what);
    const notice = result.diagnostics.filter((d) => TOO_DEEP.test(d.message));
    assert.equal(notice.length, 1, `${what}: ${JSON.stringify(result.diagnostics.map((d) => d.message))}`);
    assert.match(notice[0].message, /did not check this Compose file: it nests more than 200 levels deep/);
    assert.equal(notice[0].severity, 2, 'a warning: an unjudged file does not pass CI as clean');
  }
  // real nesting (the deepest corpus file nests 9 levels) is parsed as before
  const real =
    'services:\n  s:\n    image: alpine:3.21\n    deploy:\n      resources:\n        limits:\n          memory: 64m\n    privileged: true\n';
  const result = lintCompose(real);
  assert.ok(result.diagnostics.some((d) => d.code === 'compose-privileged'));
  assert.ok(!result.diagnostics.some((d) => TOO_DEEP.test(d.message)));
});

test('class 3/4: deep configuration files are a configuration problem, never an exception', () => {
  for (const text of ['['.repeat(100000), '{"rules": ' + '['.repeat(300) + ']'.repeat(300) + '}']) {
    const { config, problems } = finishes(
      () => mergeConfig({ bulkheadJson: { path: '/p/.bulkhead.json', text } }),
      '.bulkhead.json',
    );
    assert.deepEqual(config.rules, {});
    assert.match(problems[0].message, /cannot read it: it nests more than 200 levels deep/);
  }
  const { problems } = mergeConfig({
    hadolintYaml: { path: '/p/.hadolint.yaml', text: 'ignored: ' + '['.repeat(50000) },
  });
  assert.match(problems[0].message, /nests more than 200 levels deep/);
  // a normal file still applies
  const ok = mergeConfig({ bulkheadJson: { path: '/p/.bulkhead.json', text: '{"rules": {"root-user": "off"}}' } });
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.config.rules['root-user'], 'off');
});

/** `privileged: true` reached through `levels` nested merge keys. */
function mergeChain(levels) {
  let y = 'x-0: &a0\n  privileged: true\n';
  for (let i = 1; i < levels; i++) y += `x-${i}: &a${i}\n  <<: *a${i - 1}\n`;
  return `${y}services:\n  s:\n    image: alpine:3.21\n    <<: *a${levels - 1}\n`;
}

test('class 6: merge chains past the limit are reported as too deep, never as clean', () => {
  for (const levels of [10, 11, 64]) {
    const result = lintCompose(mergeChain(levels));
    assert.ok(
      result.diagnostics.some((d) => d.code === 'compose-privileged'),
      `${levels} levels: privileged reported`,
    );
    assert.ok(!result.diagnostics.some((d) => TOO_DEEP.test(d.message)), `${levels} levels`);
  }
  for (const levels of [65, 200]) {
    const result = finishes(() => lintCompose(mergeChain(levels)), `${levels} merges`);
    const deep = result.diagnostics.filter((d) => TOO_DEEP.test(d.message));
    assert.equal(deep.length, 1, `${levels} levels: ${JSON.stringify(result.diagnostics.map((d) => d.message))}`);
    assert.match(
      deep[0].message,
      /could not fully check service `s`: its merge keys \(`<<`\) nest more than 64 levels deep/,
    );
  }
  // a merge cycle (an anchor merged into itself) is neither followed forever nor taken as too deep
  const cycle = lintCompose('services:\n  s: &s\n    image: alpine:3.21\n    privileged: true\n    <<: *s\n');
  assert.ok(cycle.diagnostics.some((d) => d.code === 'compose-privileged'));
});

/** `privileged: true` on s0, reached from s<n> through an `extends` chain of n services. */
function extendsChain(n) {
  let y = 'services:\n  s0:\n    image: alpine:3.21\n    privileged: true\n';
  for (let i = 1; i <= n; i++) y += `  s${i}:\n    extends: s${i - 1}\n`;
  return y;
}

test('class 6: extends chains of any length are resolved completely, in linear time (no cap, nothing silently dropped)', () => {
  const long = finishes(() => lintCompose(extendsChain(1000)), '1000 extends');
  const privileged = long.diagnostics.filter((d) => d.code === 'compose-privileged');
  assert.equal(privileged.length, 1001, 's0 to s1000 are each reported');
  assert.match(privileged.at(-1).message, /Service `s1000` gets `privileged: true` from service `s0`/);
  assert.ok(!long.diagnostics.some((d) => TOO_DEEP.test(d.message)));
  assertLinear((n) => lintCompose(extendsChain(n)), 100, 'extends chain');
  // merge chains too: each mapping's answer is computed once
  assertLinear((n) => lintCompose(mergeChainOfServices(n)), 16, 'services each merging the one before');
  // a cycle ends the walk
  const cycle = lintCompose(
    'services:\n  a:\n    extends: b\n    image: alpine:3.21\n  b:\n    extends: a\n    privileged: true\n',
  );
  assert.equal(cycle.diagnostics.filter((d) => d.code === 'compose-privileged').length, 2);
});

test('class 6: lists merged along an extends chain past 16 services are reported as too deep (no n² lists)', () => {
  let y = 'services:\n  s0:\n    image: alpine:3.21\n    security_opt: [no-new-privileges:true]\n';
  for (let i = 1; i <= 40; i++) y += `  s${i}:\n    extends: s${i - 1}\n    security_opt: [label=type:t${i}]\n`;
  const result = finishes(() => lintCompose(y), '40 services merging lists');
  const deep = result.diagnostics
    .filter((d) => TOO_DEEP.test(d.message))
    .map((d) => /service `(s\d+)`/.exec(d.message)[1]);
  assert.ok(deep.length > 0 && deep.every((name) => Number(name.slice(1)) >= 16), deep.join(' '));
  assert.ok(deep.includes('s40'));
  assert.match(
    result.diagnostics.find((d) => TOO_DEEP.test(d.message)).message,
    /merges `security_opt` lists from more than 16 services/,
  );
  const more = (n) =>
    Array.from({ length: n }, (_, i) => `  t${i}:\n    extends: s30\n    security_opt: [x]\n`).join('');
  assertLinear((n) => lintCompose(y + more(n)), 50, 'services extending a deep chain');
});

/** n services, each merging the previous one's anchored mapping (up to 60 deep, within the merge limit). */
function mergeChainOfServices(n) {
  let y = 'services:\n  s0: &s0\n    image: alpine:3.21\n    privileged: true\n';
  for (let i = 1; i <= n; i++) y += `  s${i}: &s${i}\n    <<: *s${i - 1}\n`;
  return y;
}

test('class 7: nested $( is bounded in the shell tokenizer: no rule fails, the RUN is reported as too deep', () => {
  for (const n of [1500, 20000]) {
    const result = finishes(() => lint(`FROM alpine:3.21\nRUN echo ${'$('.repeat(n)}\n`), `${n} x $(`);
    assert.deepEqual(result.failures, [], `${n}: ${result.failures.map((f) => f.rule)}`);
    const deep = result.diagnostics.filter((d) => TOO_DEEP.test(d.message));
    assert.equal(deep.length, 1);
    assert.equal(deep[0].range.start.line, 1);
  }
  assertLinear((n) => lint(`FROM alpine:3.21\nRUN echo ${'$('.repeat(n)}\n`), 2000, 'nested $(');
  // real nesting is read: a download piped to a shell three substitutions deep is still found
  const real = lint('FROM alpine:3.21\nRUN echo "$(echo "$(echo "$(curl -fsSL https://x.example/i.sh | sh)")")"\n');
  assert.ok(real.diagnostics.some((d) => d.code === 'remote-script-piped-to-shell'));
  assert.ok(!real.diagnostics.some((d) => TOO_DEEP.test(d.message)));
  // shell strings handed to shells: 8 levels are followed, a 9th is reported
  const nested = (levels) => {
    let cmd = 'id';
    for (let i = 0; i < levels; i++) cmd = `sh -c ${JSON.stringify(cmd)}`;
    return lint(`FROM alpine:3.21\nRUN ${cmd}\n`);
  };
  assert.ok(!nested(8).diagnostics.some((d) => TOO_DEEP.test(d.message)));
  assert.ok(nested(9).diagnostics.some((d) => TOO_DEEP.test(d.message)));
});

test('CLI: a file over --file-timeout is named (exit 2) and the files after it are still checked', () => {
  const { dir, cleanup } = tempDir();
  try {
    // about 1 MB: no machine parses it in a millisecond, so the deadline is certain to stop it
    const big =
      'FROM alpine:3.21\n' +
      Array.from({ length: 25000 }, (_, i) => `RUN apt-get install -y curl${i} && echo ${i}`).join('\n') +
      '\n';
    writeTree(dir, { 'big/Dockerfile': big, 'small/Dockerfile': 'FROM alpine:3.21\nADD a.js /a/\n' });
    const stopped = runCli(['check', 'big/Dockerfile', 'small/Dockerfile', '--file-timeout', '0.001'], { cwd: dir });
    assert.equal(stopped.code, 2);
    assert.match(
      stopped.stderr,
      /big\/Dockerfile: Bulkhead stopped checking this file after 0\.001 s \(.+ did not finish\)/,
    );
    // the run went on to the next file: it is checked (or, on a slow start, stopped too), never skipped silently
    assert.match(stopped.stderr + stopped.stdout, /small\/Dockerfile/);
    const normal = runCli(['check', 'small/Dockerfile'], { cwd: dir });
    assert.match(normal.stdout, /add-instead-of-copy/);
    assert.equal(runCli(['check', '--file-timeout', 'soon'], { cwd: dir }).code, 2);
  } finally {
    cleanup();
  }
});

test('CLI: a deep .bulkhead.json is reported as a configuration problem and the files are still checked', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTree(dir, { '.bulkhead.json': '['.repeat(100000), Dockerfile: 'FROM alpine:3.21\nADD a.js /a/\n' });
    const r = runCli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.bulkhead\.json: cannot read it: it nests more than 200 levels deep/);
    assert.match(r.stdout, /add-instead-of-copy/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    cleanup();
  }
});

test('CLI: standard input is read up to the size limit, never without end', async () => {
  // a writer that never stops: the CLI must stop reading past the limit and answer (the write side then breaks)
  const child = spawn(process.execPath, [CLI, 'check', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  child.stdin.on('error', () => undefined);
  const chunk = Buffer.alloc(256 * 1024, 'a');
  const write = () => {
    while (child.stdin.writable && child.stdin.write(chunk));
  };
  child.stdin.on('drain', write);
  write();
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.match(stderr, /<stdin>: Bulkhead skipped this file: it is larger than 2 MB/);
  const small = runCli(['check', '-'], { input: 'FROM alpine:3.21\nADD a.js /a/\n' });
  assert.match(small.stdout, /<stdin>:2:1 \w+ add-instead-of-copy/);
});

test('the manifest declares untrusted and virtual workspaces as limited, restricting the settings that steer matching', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.ok(untrusted.description.length > 40);
  const settings = Object.keys(
    manifest.contributes.configuration.properties ?? manifest.contributes.configuration[0]?.properties ?? {},
  );
  for (const key of [
    'bulkhead.rules',
    'bulkhead.trustedRegistries',
    'bulkhead.buildArgs',
    'bulkhead.daemon.files',
    'bulkhead.compose.files',
  ]) {
    assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    assert.ok(settings.includes(key), `${key} is a real setting`);
  }
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
});

// Input that made a regular expression backtrack super-linearly, now answered in linear time (n vs 4n, cost-helpers),
// and the patterns a repository or a setting supplies (trustedRegistries, .dockerignore, bulkhead.*.files): matched
// without a RegExp built from them, bounded in size, with their meaning unchanged. Every other pattern of the engine
// is checked statically by redos.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, findings } from './helpers';
import { assertLinear, finishes } from './cost-helpers';
import { settingGlobs } from '../../server/src/common/documents';
import { mergeConfig } from '../../server/src/service/config';
import { documentKind } from '../../server/src/service/languages';

const dockerfile = (body) => `FROM alpine:3.21\n${body}\n`;

test('ENV with `${a:-` repeated: variable substitution reads each `$` once (80 KB took 6.6 s)', () => {
  const text = (n) => dockerfile(`ENV A=${'${a:-'.repeat(n)}`);
  finishes(() => lint(text(16000)), '16,000 x ${a:-');
  assertLinear((n) => lint(text(n)), 4000, '${a:- repeated');
  // closed references still substitute as before
  const found = findings(
    dockerfile('ARG V=1.2\nENV A=${V:-x}\nADD https://example.com/${V}/app.tgz /a/'),
    'add-remote-without-checksum',
  );
  assert.match(found[0].message, /example\.com\/1\.2\/app\.tgz/);
});

test('a long `a-a-a-…` after a URL: the userinfo and secret scans read each scheme once (40 KB took 2.35 s)', () => {
  const afterUrl = (n) => dockerfile(`RUN curl https://h/${'a-'.repeat(n)}`);
  finishes(() => lint(afterUrl(20000)), 'a- after a URL');
  assertLinear((n) => lint(afterUrl(n)), 5000, 'a- after a URL');
  // a run of scheme characters right before a `://`
  assertLinear((n) => lint(dockerfile(`RUN echo ${'a-'.repeat(n)}://x`)), 5000, 'a- before ://');
  // URL credentials are still found and masked
  const [d] = findings(dockerfile('RUN git clone https://bob:Zq8vR2mTx9Lp@git.acme.io/app.git'), 'secret-value');
  assert.ok(d.message.includes('https://bob:********@git.acme.io'));
});

test('PEM blocks: header lines and BEGIN lines inside header values cost linear time (the header loop was exponential)', () => {
  const headers = (n) => dockerfile(`RUN echo '-----BEGIN PRIVATE KEY-----${'L: \\n'.repeat(n)}'`);
  finishes(() => lint(headers(5000)), 'PEM header lines');
  assertLinear((n) => lint(headers(n)), 2000, 'PEM header lines');
  assertLinear(
    (n) => lint(dockerfile(`RUN echo '${'-----BEGIN PRIVATE KEY-----N: B'.repeat(n)}'`)),
    1000,
    'BEGIN inside header values',
  );
  // a key with headers, escaped in one line, is still found on its BEGIN line
  const key =
    "RUN echo '-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,0A1B\\n\\nMIIEowIBAAKCAQEAv8T6Lk3pV0YvQ9m2aRk7cZs4xJb2n8W5dP1qG6hT0eU3yI9oA7LkM' > /root/.ssh/id_rsa";
  assert.equal(findings(dockerfile(key), 'secret-value').length, 1);
});

test('`deb [trusted=yes …` without a closing bracket: each `deb [` reads only its own options', () => {
  const deb = (n) => dockerfile(`RUN echo 'deb [${'trusted=yes '.repeat(n)}[' > /etc/apt/sources.list`);
  assertLinear((n) => lint(deb(n)), 4000, 'deb [trusted=yes … [');
  assert.equal(
    findings(
      dockerfile("RUN echo 'deb [trusted=yes] http://repo.example.com/debian stable main' > /etc/apt/sources.list"),
      'package-signature-bypass',
    ).length,
    1,
  );
});

test('a copied path with many folders is matched against .dockerignore in one pass, not once per parent folder', () => {
  const copy = (n) => dockerfile(`COPY . /x\nCOPY ${'a/'.repeat(n)} /y`);
  assertLinear((n) => lint(copy(n), { env: { dockerignore: null } }), 2000, 'COPY a/a/a/…');
});

/** `*a*a…*a*b`: k wildcards, each able to stop at any `a` (a backtracking RegExp tries every way). */
const hostile = (k) => `${'*a'.repeat(k)}*b`;

test('trustedRegistries: a hostile pattern costs linear time per image (`*a*a*a…*b` ran past 30 s per FROM)', () => {
  const config = (k) => ({ trustedRegistries: [hostile(k), `docker.io/${hostile(k)}`] });
  const images = (length, count = 50) =>
    Array.from(
      { length: count },
      (_, i) => `FROM ${'a'.repeat(length)}${i}.io/x AS s${i}\nFROM ${'a'.repeat(length)}${i}`,
    ).join('\n') + '\n';
  const result = finishes(() => lint(images(200, 1), { config: config(120) }), '120 wildcards');
  assert.equal(
    result.diagnostics.filter((d) => d.code === 'image-untrusted-registry').length,
    2,
    'no b: both images are untrusted',
  );
  // cost grows with the pattern (wildcards k vs 4k) and with the name, never beyond a product of the two
  assertLinear((k) => lint(images(60), { config: config(k) }), 8, 'wildcards in the pattern');
  assertLinear((n) => lint(images(n), { config: config(30) }), 50, 'length of the image name');
});

test('trustedRegistries keeps its meaning', () => {
  const allowed = (patterns, image) =>
    findings(`FROM ${image}\n`, 'image-untrusted-registry', { config: { trustedRegistries: patterns } }).length === 0;
  assert.ok(allowed(['*.corp.com'], 'registry.corp.com/base/python:3.12'));
  assert.ok(!allowed(['*.corp.com'], 'corp.com.evil.io/python:3.12'));
  assert.ok(allowed(['docker.io/library/*'], 'ubuntu:24.04'));
  assert.ok(!allowed(['docker.io/library/*'], 'bitnami/redis:7'));
  assert.ok(
    allowed(['ghcr.io/acme'], 'ghcr.io/acme/team/app:1'),
    'a pattern without a wildcard covers the repositories below it',
  );
  assert.ok(!allowed(['a.b'], 'axb/app:1'), '`.` is a dot, not any character');
  assert.ok(allowed(['registry*'], 'registry.example.com:5000/app:1'));
  assert.ok(!allowed(['registry*'], 'other.example.com/registry/app:1'), 'a host `*` stays within the host');
  assert.ok(allowed(['ghcr.io/*'], 'ghcr.io/acme/team/app:1'), 'a repository `*` spans folders');
});

test('trustedRegistries from a repository: entries past 256 characters or past 64 entries are a configuration problem', () => {
  const long = `${'a'.repeat(300)}.io`;
  const { config, problems } = mergeConfig({
    settings: { trustedRegistries: ['ghcr.io/acme'] },
    bulkheadJson: {
      path: '/p/.bulkhead.json',
      text: JSON.stringify({ trustedRegistries: [long, hostile(120), 'quay.io'] }),
    },
  });
  assert.deepEqual(config.trustedRegistries, ['ghcr.io/acme', hostile(120), 'quay.io']);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['/p/.bulkhead.json'],
  );
  assert.match(
    problems[0].message,
    /an entry is longer than 256 characters and ignored: write the registry host or repository/,
  );
  const many = Array.from({ length: 70 }, (_, i) => `r${i}.example.com`);
  const capped = mergeConfig({
    hadolintYaml: {
      path: '/p/.hadolint.yaml',
      text: `trustedRegistries:\n${many.map((r) => `  - ${r}`).join('\n')}\n`,
    },
  });
  assert.deepEqual(capped.config.trustedRegistries, many.slice(0, 64));
  assert.match(
    capped.problems[0].message,
    /more than 64 entries; the rest are ignored: cover registries and namespaces with wildcards/,
  );
});

test('bulkhead.daemon.files / bulkhead.compose.files: a hostile glob costs linear time for every opened document (26 s before)', () => {
  const glob = `${hostile(100)}.json`;
  const uri = (n) => `file:///srv/${'a'.repeat(n)}.json`;
  assert.equal(
    finishes(() => documentKind(uri(2000), 'json', { daemon: [glob] }), 'a hostile glob'),
    null,
  );
  assertLinear(
    (n) => {
      for (let i = 0; i < 20; i++) documentKind(uri(n), 'json', { daemon: [glob] });
    },
    500,
    'path length under a hostile glob',
  );
  // globs past 256 characters or past the 64th are left out, and the reason is told once per setting
  const warned = [];
  const report = { setting: 'bulkhead.daemon.files', warn: (line) => warned.push(line) };
  const globs = settingGlobs(
    [`${'a/'.repeat(200)}*.json`, ...Array.from({ length: 70 }, (_, i) => `d${i}/*.json`), 3, ''],
    report,
  );
  assert.deepEqual(
    globs,
    Array.from({ length: 64 }, (_, i) => `d${i}/*.json`),
  );
  assert.deepEqual(warned, [
    'bulkhead.daemon.files: a glob longer than 256 characters ignored; write the pattern shorter (`**/dockerd-*.json`, `deploy/*.yml`)',
    'bulkhead.daemon.files: more than 64 globs, only the first 64 are used; combine them with `{a,b}` or `*`',
  ]);
  assert.equal(
    documentKind('file:///w/x.json', 'json', { daemon: [`${'x'.repeat(300)}.json`, 'x.json'] }),
    'daemon',
    'a long glob does not hide the others',
  );
});

test('bulkhead.*.files globs keep their meaning: `**`, `*`, `?`, `{a,b}`, a name anywhere, either case', () => {
  const kind = (path, daemon, compose = []) => documentKind(`file:///srv/app/${path}`, 'json', { daemon, compose });
  const CASES = [
    // [glob, path, matches]
    ['config/dockerd-*.json', 'config/dockerd-prod.json', true],
    ['config/dockerd-*.json', 'deploy/config/dockerd-prod.json', true],
    ['config/dockerd-*.json', 'config/x/dockerd-prod.json', false],
    ['dockerd.json', 'a/b/c/dockerd.json', true],
    ['dockerd.json', 'a/b/c/my-dockerd.json', false],
    ['**/etc/*.json', 'etc/d.json', true],
    ['**/etc/*.json', 'x/y/etc/d.json', true],
    ['etc/**', 'etc/a/b/c.json', true],
    ['d?.json', 'dx.json', true],
    ['d?.json', 'd/.json', false],
    ['{prod,stage}-*.json', 'stage-1.json', true],
    ['{prod,stage}-*.json', 'dev-1.json', false],
    ['{a*,b}.json', 'abc.json', true],
    ['{a', 'x/{a', true],
    ['DAEMON-*.JSON', 'config/daemon-prod.json', true],
    ['a.json', 'aXjson', false],
    ['C:\\conf\\*.json', 'C:/conf/x.json', true],
  ];
  for (const [glob, path, matches] of CASES) {
    assert.equal(
      kind(path, [glob]),
      matches ? 'daemon' : null,
      `${glob} ${matches ? 'matches' : 'does not match'} ${path}`,
    );
  }
  assert.equal(kind('deploy/prod.stack.yml', [], ['*.stack.yml']), 'compose');
});

test('.dockerignore keeps its meaning when matched in one pass: parents, `**`, classes, escapes, negation', () => {
  const excluded = (dockerignore) =>
    findings(dockerfile('COPY . /app'), 'broad-copy-without-dockerignore', { env: { dockerignore } }).length === 0;
  // the rule is quiet when .git or .env is kept out of the context
  assert.ok(excluded('.git\n'));
  assert.ok(excluded('**/.env\n'));
  assert.ok(excluded('.[ge][in][tv]\n'));
  assert.ok(excluded('*\n!src\n'));
  assert.ok(excluded('\\.git\n'));
  assert.ok(!excluded('.git/objects\n'), 'a folder inside .git does not exclude .git');
  assert.ok(!excluded('*\n!.git\n!.env\n'), 'the last matching pattern wins');
  assert.ok(!excluded('.[a-b]it\n'));
  assert.ok(!excluded('.[z-a]it\n.[\n'), 'a malformed class excludes nothing');
  assert.ok(!excluded(`${hostile(100)}\n`));
  // a comment of its own each time: parseDockerignore keeps the last texts up to 16 KB parsed, and a small n served
  // from that cache against a 4n parsed every time would measure the cache, not the matching
  let call = 0;
  assertLinear(
    (n) => lint(dockerfile('COPY . /app'), { env: { dockerignore: `${hostile(n)}\n`.repeat(20) + `# ${call++}\n` } }),
    10,
    'hostile .dockerignore lines',
  );
});

test('the linearity check itself: passes linear work that allocates, fails quadratic work', () => {
  // linear: one object per element, kept alive (as a model is), so collections happen as the heap grows
  const linear = (n) => Array.from({ length: n }, (_, i) => ({ i, s: `line ${i}` }));
  assertLinear(linear, 10_000, 'linear allocation');
  // quadratic: each element compared with all the others
  const quadratic = (n) => {
    let same = 0;
    const items = Array.from({ length: n }, (_, i) => i % 7);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (items[i] === items[j]) same++;
    return same;
  };
  assert.throws(() => assertLinear(quadratic, 100, 'quadratic'), /quadratic: n=\d+ took .* \(ratio (1[2-9]|[2-9]\d)/);
});

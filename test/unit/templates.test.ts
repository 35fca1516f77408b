// The hardened templates (shared/src/templates), rendered and checked by Bulkhead's own
// engine: every Dockerfile for every runtime and option set lints clean (apart from the digest advice), every
// daemon.json for Engine 27/28/29 lints clean (apart from its documented placeholders) whatever daemon rules are
// registered, the Compose file carries the hardening it promises (and lints clean as Compose rules arrive), and the
// auditd rules watch every CIS path. Templates are pure: same options, same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';
import YAML from 'yaml';
import * as T from '../../shared/src/templates';
import type { ComposeOptions, RuntimeId } from '../../shared/src/templates';
import { ROOT, lint } from './helpers';
import { lintCompose } from '../../server/src/compose/service/lint';
import { CIS_BASELINE } from '../../server/src/daemon/keys';
import { lintDaemon } from '../../server/src/daemon/service/lint';

const TEMPLATES_DIR = path.join(ROOT, 'shared/src/templates');

/** shared/src/templates/index.ts bundled on its own, as the CLI bundles it (what it requires is checked). */
const BUNDLE = esbuild.buildSync({
  entryPoints: [path.join(TEMPLATES_DIR, 'index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'silent',
  // as esbuild.mjs: jsonc-parser's ESM build bundles cleanly
  mainFields: ['module', 'main'],
}).outputFiles[0].text;

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 };
const RUNTIME_IDS: RuntimeId[] = [
  'node',
  'python',
  'go',
  'java-maven',
  'dotnet',
  'rust',
  'static-nginx',
  'alpine',
  'ubi-minimal',
];
/** Runtimes with a build step: a build stage and a final stage. */
const MULTI_STAGE = new Set(['node', 'python', 'go', 'java-maven', 'dotnet', 'rust']);

/**
 * The findings a rendered Dockerfile may get, and why:
 * - image-not-pinned-by-digest (info), once per FROM: the templates tag every image and say, above each FROM, how
 *   to pin its digest; a digest cannot be written into a template without going stale.
 * - image-untrusted-registry (hint) on the static-nginx image: nginxinc/nginx-unprivileged is NGINX's (F5's) own
 *   Docker Hub namespace but not a Docker Official Image, and the hint asks the user to confirm that publisher.
 */
const ALLOWED = [
  { rule: 'image-not-pinned-by-digest', severity: SEVERITY.info, perFrom: true },
  {
    rule: 'image-untrusted-registry',
    severity: SEVERITY.hint,
    runtimes: ['static-nginx'],
    text: 'nginxinc/nginx-unprivileged',
  },
];

/** The placeholders each runtime's default Dockerfile documents (none once the user gives a start command). */
const DOCKERFILE_PLACEHOLDERS = {
  dotnet: ['App.dll'],
  rust: ['/usr/local/bin/app'],
  alpine: ['app'],
  'ubi-minimal': ['app'],
};

const OPTION_SETS = [
  { name: 'defaults', options: {} },
  {
    name: 'custom port and command',
    options: { port: 9191, startCommand: ['/opt/bin/serve', '--listen', ':9191', 'two words', 'a "quoted" word'] },
  },
  { name: 'no port', options: { port: null } },
  { name: 'privileged port and uid', options: { port: 80, uid: 20000 } },
];

function rangeText(text, range) {
  const lines = text.split('\n');
  const { start, end } = range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [
    lines[start.line].slice(start.character),
    ...lines.slice(start.line + 1, end.line),
    lines[end.line].slice(0, end.character),
  ].join('\n');
}

/** Logical instructions (continuations joined) with the comment lines directly above each. */
function instructions(text) {
  const out = [];
  let comments = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line)) {
      comments.push(line);
      continue;
    }
    if (!line.trim()) {
      comments = [];
      continue;
    }
    let full = line;
    while (full.endsWith('\\') && i + 1 < lines.length) full = full.slice(0, -1) + '\n' + lines[++i];
    const keyword = /^([A-Z]+)\b/.exec(full)?.[1];
    out.push({ keyword, text: full, args: full.slice(keyword.length).trim(), comments });
    comments = [];
  }
  return out;
}

function finalStage(insts) {
  const start = insts.map((x) => x.keyword).lastIndexOf('FROM');
  return insts.slice(start);
}

test('the templates bundle without vscode (the CLI bundles them)', () => {
  assert.doesNotMatch(BUNDLE, /require\(["']vscode["']\)/);
  for (const name of fs.readdirSync(TEMPLATES_DIR)) {
    const source = fs.readFileSync(path.join(TEMPLATES_DIR, name), 'utf8');
    assert.doesNotMatch(source, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, `${name} imports vscode`);
  }
  assert.deepEqual(Object.keys(T).sort(), [
    'RUNTIMES',
    'renderAuditRules',
    'renderComposeService',
    'renderDaemonJson',
    'renderDevcontainer',
    'renderDockerfile',
    'renderDockerignore',
  ]);
});

test('RUNTIMES lists the nine runtimes with their defaults', () => {
  assert.deepEqual(
    T.RUNTIMES.map((r) => r.id),
    RUNTIME_IDS,
  );
  for (const r of T.RUNTIMES) {
    assert.ok(r.label && r.description, r.id);
    assert.ok(r.defaultPort === null || (Number.isInteger(r.defaultPort) && r.defaultPort > 0), r.id);
    assert.ok(Array.isArray(r.defaultStartCommand) && r.defaultStartCommand.length, r.id);
  }
});

for (const runtime of RUNTIME_IDS) {
  for (const { name, options } of OPTION_SETS) {
    test(`Dockerfile ${runtime} (${name}) lints clean with its .dockerignore`, () => {
      const info = T.RUNTIMES.find((r) => r.id === runtime);
      const file = T.renderDockerfile({ runtime, ...options });
      const ignore = T.renderDockerignore({ runtime });
      assert.equal(file.fileName, 'Dockerfile');
      assert.equal(ignore.fileName, '.dockerignore');
      assert.ok(file.text.endsWith('\n') && !file.text.endsWith('\n\n'));
      assert.ok(file.note.trim());

      const insts = instructions(file.text);
      const froms = insts.filter((x) => x.keyword === 'FROM');
      const { diagnostics } = lint(file.text, { env: { dockerignore: ignore.text } });
      const unexpected = diagnostics.filter(
        (d) =>
          !ALLOWED.some(
            (a) =>
              a.rule === d.code &&
              a.severity === d.severity &&
              (!a.runtimes || a.runtimes.includes(runtime)) &&
              (!a.text || rangeText(file.text, d.range).startsWith(a.text)),
          ),
      );
      assert.deepEqual(
        unexpected.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`),
        [],
        file.text,
      );
      assert.equal(diagnostics.filter((d) => d.code === 'image-not-pinned-by-digest').length, froms.length);

      // multi-stage where there is a build; tagged images (never latest), each with the comment on pinning it
      assert.equal(froms.length, MULTI_STAGE.has(runtime) ? 2 : 1);
      for (const from of froms) {
        const image = from.args.split(/\s+/)[0];
        assert.match(image, /:[\w.-]+$/, `${image} has no tag`);
        assert.doesNotMatch(image, /:latest$/);
        assert.ok(
          from.comments.some((c) => c.includes(`# Pin the digest: docker buildx imagetools inspect ${image}`)),
          `no pinning comment above FROM ${image}`,
        );
      }

      // COPY only; every non-obvious instruction explained by a comment directly above it
      assert.ok(!insts.some((x) => x.keyword === 'ADD'));
      for (const x of insts.filter((i) =>
        ['FROM', 'RUN', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD'].includes(i.keyword),
      )) {
        assert.ok(x.comments.length, `no comment above "${x.text.split('\n')[0]}"`);
      }

      // the final stage: base packages upgraded without a cache, a numeric non-root USER, options reflected
      const final = finalStage(insts);
      const runs = final
        .filter((x) => x.keyword === 'RUN')
        .map((x) => x.text)
        .join('\n');
      assert.match(
        runs,
        /apk upgrade --no-cache|apt-get upgrade -y[\s\S]*rm -rf \/var\/lib\/apt\/lists\/\*|microdnf upgrade -y[\s\S]*microdnf clean all/,
      );
      const users = final.filter((x) => x.keyword === 'USER');
      const uid = options.uid ?? (runtime === 'static-nginx' ? 101 : 10001);
      assert.equal(users.at(-1).args, `${uid}:${uid}`);
      const exposes = final.filter((x) => x.keyword === 'EXPOSE').map((x) => x.args);
      const port = options.port === undefined ? info.defaultPort : options.port;
      assert.deepEqual(exposes, port === null ? [] : [String(port)]);
      const cmds = final.filter((x) => x.keyword === 'CMD');
      assert.equal(cmds.length, 1);
      assert.deepEqual(JSON.parse(cmds[0].args), options.startCommand ?? info.defaultStartCommand);

      // HEALTHCHECK in exec form, probing the port (static-nginx listens on 8080 when no port is exposed)
      const health = final.filter((x) => x.keyword === 'HEALTHCHECK');
      assert.equal(health.length, 1);
      const probed = runtime === 'static-nginx' ? (port ?? 8080) : port;
      if (probed === null) assert.equal(health[0].args, 'NONE');
      else {
        const m = /\bCMD\s+(\[.*\])$/s.exec(health[0].args);
        assert.ok(m, `HEALTHCHECK is not in exec form: ${health[0].args}`);
        assert.match(JSON.parse(m[1]).join(' '), new RegExp(`127\\.0\\.0\\.1[:/ ]${probed}\\b`), health[0].args);
      }

      // secrets go in as build secrets: the templates with RUN steps show how
      if (runtime !== 'static-nginx') assert.match(file.text, /^#\s+RUN --mount=type=secret,id=\w+/m);

      // placeholders: documented, present in the text and in the note
      const expected =
        options.startCommand && runtime !== 'alpine' && runtime !== 'ubi-minimal'
          ? []
          : (DOCKERFILE_PLACEHOLDERS[runtime] ?? []);
      assert.deepEqual(
        file.placeholders.map((p) => p.text),
        expected,
      );
      for (const p of file.placeholders) {
        assert.ok(p.why.trim());
        assert.ok(file.text.includes(p.text) && file.note.includes(`\`${p.text}\``), p.text);
      }
      assert.deepEqual(T.renderDockerfile({ runtime, ...options }), file, 'not deterministic');
    });
  }
}

test('the .dockerignore is what keeps COPY . clean', () => {
  // without it, the templates that copy the whole context get broad-copy-without-dockerignore
  for (const runtime of ['node', 'python', 'go', 'dotnet', 'rust'] as const) {
    const text = T.renderDockerfile({ runtime }).text;
    assert.ok(
      lint(text, { env: { dockerignore: null } }).diagnostics.some((d) => d.code === 'broad-copy-without-dockerignore'),
      runtime,
    );
  }
});

test('.dockerignore keeps history, secrets and per-runtime build output out', () => {
  const common = [
    '.git',
    '.env',
    '.env.*',
    '!.env.example',
    'secrets',
    '**/*.pem',
    '**/*.key',
    '**/id_rsa*',
    '**/.ssh',
    '**/.aws',
    '**/.npmrc',
  ];
  const specific = {
    node: ['**/node_modules'],
    python: ['**/__pycache__', '.venv'],
    'java-maven': ['target'],
    rust: ['target'],
    dotnet: ['**/bin', '**/obj'],
    go: ['bin'],
  };
  for (const runtime of [undefined, ...RUNTIME_IDS] as const) {
    const f = T.renderDockerignore(runtime ? { runtime } : {});
    const lines = f.text.split('\n');
    for (const l of [...common, ...(specific[runtime] ?? [])]) assert.ok(lines.includes(l), `${runtime}: ${l}`);
    assert.ok(f.text.endsWith('\n'));
    assert.deepEqual(f.placeholders, []);
    assert.deepEqual(T.renderDockerignore(runtime ? { runtime } : {}), f);
  }
  assert.ok(!T.renderDockerignore().text.includes('node_modules'), 'the generic file has no runtime section');
});

test('renderDockerfile refuses options it cannot render', () => {
  // @ts-expect-error -- a runtime there is no template for
  assert.throws(() => T.renderDockerfile({ runtime: 'cobol' }), RangeError);
  for (const port of [0, 65536, 1.5, -1])
    assert.throws(() => T.renderDockerfile({ runtime: 'node', port }), RangeError);
  assert.throws(() => T.renderDockerfile({ runtime: 'node', uid: 0 }), RangeError);
  assert.throws(() => T.renderDockerfile({ runtime: 'node', startCommand: [] }), RangeError);
  assert.throws(() => T.renderDockerfile({ runtime: 'node', startCommand: ['node', ''] }), RangeError);
});

// --- daemon.json -----------------------------------------------------------------------------------------------

const DAEMON_PLACEHOLDERS = ['tcp+tls://logs.example.com:6514'];
/** Baseline settings the template leaves out: dockerd refuses to start until their value names what is installed. */
const LEFT_OUT = ['authorization-plugins'];

for (const engineVersion of [27, 28, 29] as const) {
  test(`daemon.json for Engine ${engineVersion} lints clean at warning and above, and below it apart from its documented placeholders and left-out settings`, () => {
    const f = T.renderDaemonJson({ platform: 'linux', engineVersion });
    assert.equal(f.fileName, 'daemon.json');
    // plain JSON: dockerd refuses comments and trailing commas
    const parsed = JSON.parse(f.text);
    assert.doesNotMatch(f.text, /^\s*(\/\/|\/\*)/m);
    assert.ok(f.text.endsWith('}\n'));
    // every setting of the CIS baseline dockerd can start with, with its value, in the baseline's order
    const written = CIS_BASELINE.filter((e) => !LEFT_OUT.includes(e.key));
    assert.deepEqual(
      Object.keys(parsed),
      written.map((e) => e.key),
    );
    for (const e of written) assert.deepEqual(parsed[e.key], e.value, e.key);
    for (const key of LEFT_OUT) assert.ok(f.note.includes(`\`${key}\` is not written`), key);

    assert.deepEqual(
      f.placeholders.map((p) => p.text),
      DAEMON_PLACEHOLDERS,
    );
    for (const p of f.placeholders)
      assert.ok(f.text.includes(p.text) && f.note.includes(p.text) && p.why.trim(), p.text);

    const result = lintDaemon(
      f.text,
      'file:///etc/docker/daemon.json',
      { rules: {}, trustedRegistries: [] },
      { engineVersion },
    );
    assert.deepEqual(result.failures, []);
    // nothing at warning or above; below it, a finding is allowed only on a documented placeholder or about a
    // setting the template leaves out (whatever daemon rules are registered)
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity <= 2).map((d) => `${d.code}: ${d.message}`),
      [],
    );
    const unexpected = result.diagnostics.filter(
      (d) =>
        !DAEMON_PLACEHOLDERS.some((p) => rangeText(f.text, d.range).includes(p)) &&
        !LEFT_OUT.some((key) => d.code === `${key}-missing`),
    );
    assert.deepEqual(
      unexpected.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`),
      [],
    );
    assert.deepEqual(T.renderDaemonJson({ platform: 'linux', engineVersion }), f);
  });
}

test('daemon.json: the default is Engine 29 on Linux, and the note says how to apply it', () => {
  const f = T.renderDaemonJson();
  assert.deepEqual(f, T.renderDaemonJson({ platform: 'linux', engineVersion: 29 }));
  for (const s of ['dockerd --validate', 'systemctl restart docker', 'swarm', 'userns-remap'])
    assert.ok(f.note.includes(s), s);
  // @ts-expect-error -- an Engine before 27
  assert.throws(() => T.renderDaemonJson({ engineVersion: 26 }), RangeError);
  // @ts-expect-error -- the template is for Linux's dockerd
  assert.throws(() => T.renderDaemonJson({ platform: 'windows' }), RangeError);
});

// --- compose.yaml ----------------------------------------------------------------------------------------------

const COMPOSE_CASES: { name: string; options: ComposeOptions }[] = [
  { name: 'defaults (postgres)', options: {} },
  {
    name: 'redis, image, no port',
    options: { serviceName: 'api', image: 'registry.example.com/api:1.2.3', port: null, datastore: 'redis' },
  },
  { name: 'no datastore', options: { serviceName: 'web', port: 3000, datastore: 'none' } },
];

for (const { name, options } of COMPOSE_CASES) {
  test(`compose.yaml (${name}) hardens every service`, () => {
    const f = T.renderComposeService(options);
    assert.equal(f.fileName, 'compose.yaml');
    const doc = YAML.parse(f.text);
    const services = Object.entries<any>(doc.services);
    const app = options.serviceName ?? 'app';
    assert.equal(services[0][0], app);
    assert.equal(services.length, options.datastore === 'none' ? 1 : 2);
    const internal = new Set(
      Object.entries<any>(doc.networks ?? {})
        .filter(([, n]) => n?.internal === true)
        .map(([k]) => k),
    );

    for (const [id, s] of services) {
      assert.equal(s.read_only, true, id);
      assert.ok(
        s.tmpfs.some((t) => t.split(':')[0] === '/tmp'),
        id,
      );
      assert.deepEqual(s.cap_drop, ['ALL'], id);
      assert.ok(s.security_opt.includes('no-new-privileges:true'), id);
      const limits = s.deploy?.resources?.limits;
      assert.ok(limits?.memory && limits?.cpus, `${id}: no memory and CPU limits`);
      assert.ok(!('mem_limit' in s) && !('cpus' in s), `${id}: mixes the two forms of limits`);
      assert.ok(s.healthcheck, id);
      assert.match(s.user, /^\d+:\d+$/, id);
      assert.notEqual(s.user.split(':')[0], '0', id);
      assert.ok(!s.privileged && !s.network_mode && !s.pid, id);
      // no secret in the environment: only *_FILE paths into /run/secrets
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN/i.test(k))
          assert.ok(k.endsWith('_FILE') && String(v).startsWith('/run/secrets/'), `${id}: ${k}`);
      }
      // published ports only on the loopback interface
      for (const p of s.ports ?? []) assert.match(String(p), /^127\.0\.0\.1:\d+:\d+$/, id);
    }

    const appService = doc.services[app];
    if (options.image) assert.equal(appService.image, options.image);
    else assert.equal(appService.build, '.');
    const port = options.port === undefined ? 8080 : options.port;
    assert.deepEqual(appService.ports ?? [], port === null ? [] : [`127.0.0.1:${port}:${port}`]);

    if (options.datastore !== 'none') {
      const [storeId, store] = services[1];
      assert.equal(store.ports, undefined, 'the datastore publishes no port');
      assert.ok(
        store.networks.length && store.networks.every((n) => internal.has(n)),
        'the datastore is on internal networks only',
      );
      assert.ok(
        appService.networks.some((n) => internal.has(n)),
        'the app reaches the datastore',
      );
      assert.deepEqual(appService.depends_on[storeId], { condition: 'service_healthy' });
      assert.ok(store.healthcheck.test, 'the datastore image has no HEALTHCHECK of its own');
      // the password is a file-based secret given to both
      const secretNames = Object.keys(doc.secrets);
      assert.equal(secretNames.length, 1);
      assert.ok(doc.secrets[secretNames[0]].file.startsWith('./secrets/'));
      assert.deepEqual(store.secrets, secretNames);
      assert.deepEqual(appService.secrets, secretNames);
      assert.deepEqual(
        f.placeholders.map((p) => p.text),
        [doc.secrets[secretNames[0]].file],
      );
      assert.doesNotMatch(f.text, /requirepass [^$]/, 'no literal password');
    } else {
      assert.deepEqual(f.placeholders, []);
      assert.equal(doc.secrets, undefined);
    }
    for (const p of f.placeholders) assert.ok(f.note.includes(p.text) && p.why.trim());
    assert.deepEqual(T.renderComposeService(options), f);

    // Bulkhead's own Compose rules: a finding only on a documented placeholder, and the digest advice (info) on an
    // image whose comment above says how to pin it (a digest cannot be written into a template without going stale)
    const result = lintCompose(f.text, 'file:///work/compose.yaml', { rules: {}, trustedRegistries: [] });
    assert.deepEqual(result.failures, []);
    const lines = f.text.split('\n');
    const digestAdvice = (d: (typeof result.diagnostics)[number]) =>
      d.code === 'compose-image-not-pinned-by-digest' &&
      d.severity === SEVERITY.info &&
      /digest/.test(lines[d.range.start.line - 1] ?? '');
    const unexpected = result.diagnostics.filter(
      (d) => !digestAdvice(d) && !f.placeholders.some((p) => rangeText(f.text, d.range).includes(p.text)),
    );
    assert.deepEqual(
      unexpected.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`),
      [],
    );
  });
}

test('renderComposeService refuses options it cannot render', () => {
  assert.throws(() => T.renderComposeService({ serviceName: 'Web App' }), RangeError);
  assert.throws(() => T.renderComposeService({ serviceName: 'db', datastore: 'postgres' }), RangeError);
  assert.throws(() => T.renderComposeService({ image: 'a b' }), RangeError);
  assert.throws(() => T.renderComposeService({ port: 0 }), RangeError);
  // @ts-expect-error -- a datastore there is no template for
  assert.throws(() => T.renderComposeService({ datastore: 'mysql' }), RangeError);
});

// --- auditd ----------------------------------------------------------------------------------------------------

/** CIS Docker Benchmark 1.1.x paths that load everywhere Docker is installed. */
const AUDITED = [
  '/usr/bin/dockerd',
  '/usr/bin/containerd',
  '/usr/bin/containerd-shim',
  '/usr/bin/containerd-shim-runc-v1',
  '/usr/bin/containerd-shim-runc-v2',
  '/usr/bin/runc',
  '/var/lib/docker',
  '/etc/docker',
  '/etc/docker/daemon.json',
  '/etc/default/docker',
  '/etc/containerd/config.toml',
  '/lib/systemd/system/docker.service',
  '/lib/systemd/system/docker.socket',
  '/usr/lib/systemd/system/docker.service',
  '/usr/lib/systemd/system/docker.socket',
  '/run/containerd',
];
/** Written commented out, with the hosts they apply to: their folder may not exist when the rules load. */
const AUDITED_WHERE_PRESENT = ['/etc/sysconfig/docker', '/run/containerd/containerd.sock'];

test('docker.rules watches every CIS 1.1.x path with the key docker', () => {
  const f = T.renderAuditRules();
  assert.equal(f.fileName, 'docker.rules');
  assert.ok(f.text.endsWith('\n'));
  const lines = f.text.split('\n').filter(Boolean);
  const rules = lines.filter((l) => !l.startsWith('#'));
  const RULE = /^-w (\S+)(?: -p [rwxa]+)? -k docker$/;
  for (const r of rules) assert.match(r, RULE);
  assert.deepEqual(rules.map((r) => RULE.exec(r)[1]).sort(), [...AUDITED].sort());
  for (const p of AUDITED_WHERE_PRESENT)
    assert.ok(
      lines.some((l) => new RegExp(`^# -w ${p.replace(/[.]/g, '\\.')} -k docker$`).test(l)),
      p,
    );
  assert.ok(f.note.includes('augenrules --load'));
  assert.deepEqual(f.placeholders, []);
  assert.deepEqual(T.renderAuditRules(), f);
});

// The devcontainer.json kind: runArgs read as `docker run` reads them, the model on JSON with comments, suppression
// comments, recognition (names, the folder walk, the CLI), hover, and hostile input.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseRunArgs } from '../../server/src/devcontainer/runArgs';
import { parseDevcontainer } from '../../server/src/devcontainer/model';
import { parseMountSpec, parseVolumeFlag } from '../../server/src/devcontainer/mounts';
import { documentKind, kindOfNamedFile, lintDocument } from '../../server/src/service/languages';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { collectTargets } from '../../server/src/service/walk';
import { devcontainerFindings, lintDevcontainer } from './devcontainer-helpers';
import { checkJson, tempDir, writeTree } from './cli-helpers';

const { dir: TMP, cleanup } = tempDir('bulkhead-devcontainer-');
after(cleanup);

const flags = (args: (string | undefined)[]) =>
  parseRunArgs(args).map((f) => [f.name, f.value ?? null, f.index, f.valueIndex ?? null]);

test('runArgs: --flag=value, --flag value, booleans, short forms and groups, as pflag parses them', () => {
  assert.deepEqual(flags(['--cap-add=SYS_PTRACE', '--security-opt', 'seccomp=unconfined']), [
    ['cap-add', 'SYS_PTRACE', 0, 0],
    ['security-opt', 'seccomp=unconfined', 1, 2],
  ]);
  // a boolean takes no value; a value flag takes the next argument whatever it looks like
  assert.deepEqual(flags(['--privileged', '--init', '--label', '--privileged']), [
    ['privileged', null, 0, null],
    ['init', null, 1, null],
    ['label', '--privileged', 2, 3],
  ]);
  assert.deepEqual(flags(['--privileged=false']), [['privileged', 'false', 0, 0]]);
  // short forms: -v value, -vvalue, -v=value; grouped booleans before a value flag
  assert.deepEqual(flags(['-v', '/a:/b', '-p8080:80', '-e=X=1', '-itu', 'vscode']), [
    ['volume', '/a:/b', 0, 1],
    ['publish', '8080:80', 2, 2],
    ['env', 'X=1', 3, 3],
    ['interactive', null, 4, null],
    ['tty', null, 4, null],
    ['user', 'vscode', 4, 5],
  ]);
  // --net is --network; a value missing at the end; items that are not strings
  assert.deepEqual(flags(['--net', 'host', undefined, '--pid']), [
    ['network', 'host', 0, 1],
    ['pid', null, 3, null],
  ]);
  assert.deepEqual(flags(['--network', undefined]), [['network', null, 0, null]]);
  assert.deepEqual(flags(['image', '-', '--']), []);
});

test('mount specs: --mount fields (type volume unless said), -v with a drive letter, Dev Container variables', () => {
  assert.deepEqual(parseMountSpec('source=/var/run/docker.sock,target=/var/run/docker-host.sock,type=bind'), {
    type: 'bind',
    source: '/var/run/docker.sock',
    target: '/var/run/docker-host.sock',
    written: '/var/run/docker.sock',
    readOnly: false,
  });
  assert.deepEqual(parseMountSpec('src=cache,dst=/cache'), {
    type: 'volume',
    source: 'cache',
    target: '/cache',
    written: 'cache',
    readOnly: false,
  });
  assert.equal(parseMountSpec('type=tmpfs,target=/tmp'), undefined);
  assert.deepEqual(parseMountSpec('source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/s,type=bind'), {
    type: 'bind',
    source: '~/.ssh',
    target: '/s',
    written: '${localEnv:HOME}${localEnv:USERPROFILE}/.ssh',
    readOnly: false,
  });
  assert.deepEqual(parseVolumeFlag('C:\\data:/data:ro'), {
    type: 'bind',
    source: 'C:\\data',
    target: '/data',
    written: 'C:\\data',
    readOnly: true,
  });
  assert.deepEqual(parseVolumeFlag('cache:/cache'), {
    type: 'volume',
    source: 'cache',
    target: '/cache',
    written: 'cache',
    readOnly: false,
  });
  assert.equal(parseVolumeFlag('/anonymous'), undefined);
  // VS Code's own `${env:HOME}` form names the home too
  assert.deepEqual(parseVolumeFlag('${env:HOME}/.ssh:/home/vscode/.ssh:ro'), {
    type: 'bind',
    source: '~/.ssh',
    target: '/home/vscode/.ssh',
    written: '${env:HOME}/.ssh',
    readOnly: true,
  });
  // the home folder however it is written: one home variable, or both, at the start; Windows' USERPROFILE alone;
  // a default; `$HOME` and `${HOME}` are no Dev Containers variable (nothing substitutes them) and a home variable in
  // the middle of a path places nothing
  for (const [source, expanded] of [
    ['${localEnv:USERPROFILE}/.gnupg', '~/.gnupg'],
    ['${localEnv:USERPROFILE}${localEnv:HOME}/.gnupg', '~/.gnupg'],
    ['${localEnv:HOME:/home/me}/.config/gh', '~/.config/gh'],
    ['${HOME}/.npmrc', '\0/.npmrc'],
    ['$HOME/.npmrc', '$HOME/.npmrc'],
    ['/mnt/${localEnv:HOME}/.ssh', '/mnt/\0/.ssh'],
  ])
    assert.equal(parseMountSpec(`type=bind,source=${source},target=/t`)?.source, expanded, source);
  // read-only: `readonly` or `ro` alone or true, not false (docker/cli opts/mount.go)
  for (const [spec, ro] of [
    ['type=bind,src=/etc,dst=/e,readonly', true],
    ['type=bind,src=/etc,dst=/e,ro=true', true],
    ['type=bind,src=/etc,dst=/e,readonly=false', false],
    ['type=bind,src=/etc,dst=/e', false],
  ] as const)
    assert.equal(parseMountSpec(spec)?.readOnly, ro, spec);
  assert.equal(parseVolumeFlag('/etc:/e:rw')?.readOnly, false);
});

test('the model reads JSON with comments and trailing commas; the last of a duplicate key wins; broken JSON says so', () => {
  const m = parseDevcontainer(
    '{\n  // c\n  "remoteUser": "root",\n  "remoteUser": "vscode",\n  "runArgs": ["--init",],\n}\n',
    'file:///w/.devcontainer.json',
  );
  assert.deepEqual(m.errors, []);
  assert.equal(m.get('remoteUser')?.valueNode?.value, 'vscode');
  assert.deepEqual(
    m.runArgs.map((f) => f.name),
    ['init'],
  );
  const broken = lintDevcontainer('{ "privileged": true, }}');
  assert.ok(broken.diagnostics.some((d) => d.code === undefined && /does not parse/.test(String(d.message))));
  const bom = lintDevcontainer('\uFEFF{"privileged": true}');
  assert.equal(bom.diagnostics.filter((d) => d.code === 'devcontainer-privileged').length, 1);
});

test('hostile input: deep nesting, huge runArgs and long strings lint without a crash', () => {
  for (const text of [
    '['.repeat(100_000),
    `{"runArgs": [${'"-v",'.repeat(50_000)}"x"]}`,
    `{"initializeCommand": "${'$('.repeat(20_000)}"}`,
    `{"mounts": ["${'${'.repeat(50_000)}"]}`,
    `{"features": {${Array.from({ length: 5000 }, (_, i) => `"a/b/f${i}": {}`).join(',')}}}`,
  ]) {
    const r = lintDevcontainer(text);
    assert.deepEqual(r.failures, []);
  }
});

test('unconfined-profile: seccomp=unconfined says a debugger does not need it; AppArmor and SELinux keep their advice, worded for a dev container', () => {
  const text = [
    '{',
    '  "image": "mcr.microsoft.com/devcontainers/cpp:1",',
    '  "runArgs": ["--cap-add=SYS_PTRACE", "--security-opt", "seccomp=unconfined"],',
    '  "securityOpt": ["apparmor=unconfined"]',
    '}',
  ].join('\n');
  const [seccomp, apparmor] = devcontainerFindings(text, 'devcontainer-unconfined-profile').map((d) => d.message);
  assert.match(seccomp, /a debugger \(gdb, lldb, Delve\) does not need it/);
  assert.match(seccomp, /allows `ptrace` on kernels 4\.8 and later and whenever `SYS_PTRACE` is added/);
  assert.doesNotMatch(seccomp, /the service/, 'no Compose wording in a dev container');
  assert.match(apparmor, /turns off the AppArmor profile/);
  assert.match(apparmor, /name a profile written for the dev container/);
  assert.doesNotMatch(apparmor, /the service/, 'no Compose wording in a dev container');
});

test('suppression: // bulkhead-ignore above the line or above the key that holds it; -file anywhere; others stay', () => {
  const text = [
    '{',
    '  // bulkhead-ignore devcontainer-unconfined-profile -- reason',
    '  "runArgs": [',
    '    "--security-opt", "seccomp=unconfined",',
    '    "--cap-add=SYS_ADMIN"',
    '  ],',
    '  "remoteUser": "root"',
    '}',
  ].join('\n');
  const codes = lintDevcontainer(text).diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['devcontainer-dangerous-capabilities', 'devcontainer-runs-as-root']);
  const file = `// bulkhead-ignore-file devcontainer-runs-as-root\n${text}`;
  assert.deepEqual(
    lintDevcontainer(file).diagnostics.map((d) => d.code),
    ['devcontainer-dangerous-capabilities'],
  );
});

test('recognition: the names, the editor (json/jsonc documents), the CLI (explicit files) and the folder walk', () => {
  assert.equal(documentKind('file:///w/.devcontainer/devcontainer.json', 'jsonc'), 'devcontainer');
  assert.equal(documentKind('file:///w/.devcontainer.json', 'json'), 'devcontainer');
  assert.equal(documentKind('file:///w/.devcontainer/python/devcontainer.json'), 'devcontainer');
  assert.equal(documentKind('file:///w/devcontainer-feature.json', 'json'), null);
  assert.equal(kindOfNamedFile('repo__.devcontainer__devcontainer.json', true), 'devcontainer');
  assert.equal(kindOfNamedFile('settings.json', true), 'daemon');
  const root = path.join(TMP, 'walk');
  writeTree(root, {
    '.devcontainer/devcontainer.json': '{"privileged": true}',
    '.devcontainer/go/devcontainer.json': '{"image": "mcr.microsoft.com/devcontainers/go"}',
    'other/.devcontainer.json': '{"remoteUser": "root"}',
    '.devcontainer/devcontainer-feature.json': '{"privileged": true}',
  });
  const files = collectTargets(['.'], root)
    .targets.map((t) => path.relative(root, t.file))
    .sort();
  assert.deepEqual(files, [
    '.devcontainer/devcontainer.json',
    '.devcontainer/go/devcontainer.json',
    'other/.devcontainer.json',
  ]);
  const r = checkJson(['.'], { cwd: root });
  assert.deepEqual([...new Set(r.findings.map((f: { rule: string }) => f.rule))].sort(), [
    'devcontainer-privileged',
    'devcontainer-runs-as-root',
    'devcontainer-unpinned-feature',
  ]);
});

test('hover explains a finding with its rule, as the other kinds', () => {
  const text = '{\n  "runArgs": ["--network=host"]\n}\n';
  const lint = lintDocument('devcontainer', text, 'file:///w/.devcontainer/devcontainer.json', {
    config: DEFAULT_CONFIG,
  });
  const hover = lint.hover({ line: 1, character: 16 });
  assert.ok(hover);
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /devcontainer-host-namespace/);
  assert.match(value, /bulkhead-ignore devcontainer-host-namespace/);
  assert.equal(lint.hover({ line: 0, character: 0 }), null);
  // the editor's JSON service reports broken JSON itself: not published twice
  const broken = lintDocument('devcontainer', '{ "a": }', 'file:///w/.devcontainer.json', { config: DEFAULT_CONFIG });
  assert.ok(broken.published().length > 0);
  assert.deepEqual(broken.published({ editorFeatures: true }), []);
});

// The CIS daemon.json rules (CIS Docker Benchmark §2): exact messages, fix outputs, platform and structure handling,
// and the "Apply secure baseline" edits (server/src/daemon/service/baseline.ts) on {} and on the daemon.json corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DaemonEnvironment } from '../../server/src/rules/context';
import type { EngineVersion, Platform } from '../../server/src/daemon/keyTypes';
import { lintDaemon, daemonFindings, daemonFixAll, checkDaemonFixes, applyEdits } from './daemon-helpers';
import { ROOT, allowNewAfterFix } from './helpers';
import { CIS_BASELINE, daemonKeys } from '../../server/src/daemon/keys';
import { parseDaemonJson } from '../../server/src/daemon/model';
import { secureBaselineEdits } from '../../server/src/daemon/service/baseline';
import { severityName } from '../../server/src/rules/diagnostics';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { allRules, ruleById } from '../../server/src/service/registry';

/** The CIS rules in catalogue order, with the severity the catalogue gives them. */
const CIS = {
  'icc-enabled': 'warning',
  'userland-proxy-enabled': 'warning',
  'no-new-privileges-disabled': 'warning',
  'remote-logging-missing': 'warning',
  'log-level-verbose': 'info',
  'insecure-registries': 'warning',
  'tcp-socket-without-tls': 'error',
  'userns-remap-missing': 'info',
  'live-restore-disabled': 'info',
  'iptables-disabled': 'warning',
  'seccomp-unconfined': 'error',
  'experimental-enabled': 'info',
  'default-ulimits-missing': 'hint',
  'authorization-plugins-missing': 'hint',
  'storage-driver-deprecated': 'error',
  'cgroup-parent-set': 'info',
};
const CIS_IDS = Object.keys(CIS);
/** Rules whose fix needs a site value or changes more than the finding: not the preferred fix. */
const NEEDS_A_SITE_VALUE = [
  'remote-logging-missing',
  'tcp-socket-without-tls',
  'userns-remap-missing',
  'live-restore-disabled',
  'default-ulimits-missing',
  'storage-driver-deprecated',
];
/**
 * Rules whose fix changes what every container on the host does (docs/fixes.md): offered, never applied by "Fix all",
 * on save or by `bulkhead check --fix`.
 */
const MANUAL = [
  ...NEEDS_A_SITE_VALUE,
  'icc-enabled',
  'userland-proxy-enabled',
  'no-new-privileges-disabled',
  'iptables-disabled',
  'seccomp-unconfined',
  'experimental-enabled',
];
/** Absent keys with an insecure default fire on the file; on Linux. */
const ABSENT_LINUX = [
  'icc-enabled',
  'userland-proxy-enabled',
  'no-new-privileges-disabled',
  'remote-logging-missing',
  'userns-remap-missing',
  'live-restore-disabled',
  'default-ulimits-missing',
  'authorization-plugins-missing',
];
/** ... and on Windows, where only the keys the Windows daemon has count. */
const ABSENT_WINDOWS = ['remote-logging-missing', 'authorization-plugins-missing'];

const severity = (d) => severityName(d.severity);
const cisCodes = (diags) => diags.map((d) => d.code).filter((c) => CIS_IDS.includes(c));

test('the CIS rules are registered in catalogue order, at the end, with the catalogue severities and CIS anchors', () => {
  const daemon = allRules.filter((r) => r.kind === 'daemon').map((r) => r.id);
  assert.deepEqual(daemon.slice(-CIS_IDS.length), CIS_IDS);
  for (const id of CIS_IDS) {
    const rule = ruleById(id);
    assert.equal(rule.severity, CIS[id], id);
    assert.ok(
      rule.anchors.some((a) => a.tool === 'docker-bench' && /^\d\.\d+$/.test(a.id)),
      `${id} is anchored to a docker-bench check`,
    );
    assert.ok(rule.guidance.length > 0 && rule.rationale && rule.remedy && rule.title, id);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Exact messages
// ---------------------------------------------------------------------------------------------------------------

// a key the file leaves out is advice (docs/severity.md): info for a CIS Level 1 control, hint for Level 2
const MESSAGES: [rule: string, text: string, env: DaemonEnvironment, severity: string, message: string][] = [
  [
    'icc-enabled',
    '{}',
    {},
    'info',
    '"icc" is not set, and dockerd\'s default (true) lets every container on the default bridge (docker0) reach every other one on any port (CIS 2.2). Set "icc": false; containers that must talk to each other go on a user-defined network together.',
  ],
  [
    'icc-enabled',
    '{"icc": true}',
    {},
    'warning',
    '"icc": true lets every container on the default bridge (docker0) reach every other one on any port (CIS 2.2). Set "icc": false; containers that must talk to each other go on a user-defined network together.',
  ],
  [
    'icc-enabled',
    '{"iptables": false}',
    {},
    'info',
    '"icc" is not set, and dockerd\'s default (true) lets every container on the default bridge (docker0) reach every other one on any port (CIS 2.2). dockerd enforces "icc": false with firewall rules and refuses to start with it while "iptables" (or "ip6tables" with IPv6) is false: let dockerd manage the firewall first, then set "icc": false.',
  ],
  [
    'userland-proxy-enabled',
    '{}',
    {},
    'info',
    '"userland-proxy" is not set, and dockerd\'s default (true) starts a root docker-proxy process for every published port (CIS 2.16). Set "userland-proxy": false: the kernel then forwards published ports with NAT rules (hairpin NAT, which current kernels support).',
  ],
  [
    'userland-proxy-enabled',
    '{"userland-proxy": true}',
    {},
    'warning',
    '"userland-proxy": true makes dockerd start a root docker-proxy process for every published port (CIS 2.16). Set "userland-proxy": false: the kernel then forwards published ports with NAT rules (hairpin NAT, which current kernels support).',
  ],
  [
    'userland-proxy-enabled',
    '{"iptables": false}',
    {},
    'info',
    '"userland-proxy" is not set, and dockerd\'s default (true) starts a root docker-proxy process for every published port (CIS 2.16). With "iptables": false the proxy is the only thing forwarding published ports: let dockerd manage the firewall first, then set "userland-proxy": false.',
  ],
  [
    'no-new-privileges-disabled',
    '{}',
    {},
    'info',
    '"no-new-privileges" is not set, so processes in containers may gain privileges through setuid/setgid binaries and file capabilities (CIS 2.14). Set "no-new-privileges": true; a container that really needs setuid can opt out with --security-opt no-new-privileges=false.',
  ],
  [
    'no-new-privileges-disabled',
    '{"no-new-privileges": false}',
    {},
    'warning',
    '"no-new-privileges": false lets processes in containers gain privileges through setuid/setgid binaries and file capabilities (CIS 2.14). Set "no-new-privileges": true; a container that really needs setuid can opt out with --security-opt no-new-privileges=false.',
  ],
  [
    'remote-logging-missing',
    '{"log-driver": "json-file"}',
    {},
    'warning',
    '"log-driver": "json-file" keeps container logs in files on this host only: an intruder with root here can erase them, and they are lost with the host (CIS 2.13). Ship them to your log server: set "log-driver" to syslog, gelf, fluentd, splunk, awslogs or gcplogs with its address in "log-opts" (or use journald and forward the journal).',
  ],
  [
    'remote-logging-missing',
    '{"log-driver": "none"}',
    {},
    'warning',
    '"log-driver": "none" keeps no container logs at all: after an incident there is nothing to investigate (CIS 2.13). Ship them to your log server: set "log-driver" to syslog, gelf, fluentd, splunk, awslogs or gcplogs with its address in "log-opts" (or use journald and forward the journal).',
  ],
  [
    'remote-logging-missing',
    '{"log-driver": "local"}',
    { platform: 'windows' },
    'warning',
    '"log-driver": "local" keeps container logs in files on this host only: an intruder with root here can erase them, and they are lost with the host (CIS 2.13). Ship them to your log server: set "log-driver" to syslog, gelf, fluentd, splunk, awslogs or gcplogs with its address in "log-opts".',
  ],
  [
    'log-level-verbose',
    '{"log-level": "Debug"}',
    {},
    'info',
    '"log-level": "Debug" makes dockerd log every API call with its parameters, burying the events worth auditing (CIS 2.3). Set "log-level": "info" once troubleshooting is over.',
  ],
  [
    'log-level-verbose',
    '{"debug": true}',
    {},
    'info',
    '"debug": true sets dockerd\'s log level to debug whatever "log-level" says: every API call is logged with its parameters, burying the events worth auditing (CIS 2.3). Set "debug": false once troubleshooting is over.',
  ],
  [
    'insecure-registries',
    '{"insecure-registries": ["registry.corp.example:5000"]}',
    {},
    'warning',
    '"insecure-registries" lists "registry.corp.example:5000": dockerd reaches registry.corp.example:5000 over plain HTTP or unverified TLS, so anyone on the network path can read credentials and swap the images it pulls (CIS 2.5). Give the registry a TLS certificate (its CA in /etc/docker/certs.d/registry.corp.example:5000/ca.crt if it is private) and remove the entry.',
  ],
  [
    'insecure-registries',
    '{"insecure-registries": ["10.0.0.0/8"]}',
    { platform: 'windows' },
    'warning',
    '"insecure-registries" lists "10.0.0.0/8": dockerd reaches every registry in 10.0.0.0/8 over plain HTTP or unverified TLS, so anyone on the network path can read credentials and swap the images it pulls (CIS 2.5). Give those registries TLS certificates (their CA in certs.d if it is private) and list none, or only the ones that still need it.',
  ],
  [
    'tcp-socket-without-tls',
    '{"hosts": ["tcp://0.0.0.0:2375"]}',
    {},
    'error',
    '"tcp://0.0.0.0:2375" serves the Docker API without TLS: anyone who can reach the port is root on this host (CIS 2.7). dockerd still starts and listens: it only logs "Binding to IP address without --tlsverify is insecure…" and delays its start by about 16 seconds. Set "tlsverify": true with "tlscacert", "tlscert" and "tlskey", or drop the TCP host and use ssh:// for remote access.',
  ],
  [
    'tcp-socket-without-tls',
    '{"hosts": ["tcp://10.0.0.5:2376"], "tls": true, "tlsverify": false, "tlscert": "/a", "tlskey": "/b"}',
    {},
    'error',
    '"tcp://10.0.0.5:2376" encrypts the Docker API but does not verify clients: anyone who can reach the port is root on this host (CIS 2.7). dockerd still starts and listens: it only logs "Binding to IP address without --tlsverify is insecure…" and pauses for a second. Set "tlsverify": true with "tlscacert", "tlscert" and "tlskey", or drop the TCP host and use ssh:// for remote access.',
  ],
  [
    'tcp-socket-without-tls',
    // "tls": true alone asks for client certificates (daemon/command/daemon.go line 731 at docker-v29.7.2); with no
    // CA file Go verifies them against the system pool (go-connections tlsconfig/config.go line 244)
    '{"hosts": ["tcp://0.0.0.0:2376"], "tls": true, "tlscert": "/etc/docker/tls/cert.pem", "tlskey": "/etc/docker/tls/key.pem"}',
    {},
    'info',
    '"tcp://0.0.0.0:2376" requires client certificates, but "tlscacert" is not set, so dockerd accepts a client certificate signed by any CA the host trusts (the system pool), not only yours (CIS 2.7). Set "tlscacert" to your own CA, owned by root (mode 444).',
  ],
  [
    'userns-remap-missing',
    '{}',
    {},
    'hint',
    '"userns-remap" is not set, so root in a container is root (uid 0) on the host, and a container escape lands as host root (CIS 2.9). Set "userns-remap": "default" to map it to unprivileged uids — it moves images and containers to a new data-root (pull again), and --privileged, --pid=host and --network=host then need --userns=host.',
  ],
  [
    'userns-remap-missing',
    '{"userns-remap": ""}',
    {},
    'info',
    '"userns-remap" is empty, so root in a container is root (uid 0) on the host, and a container escape lands as host root (CIS 2.9). Set "userns-remap": "default" to map it to unprivileged uids — it moves images and containers to a new data-root (pull again), and --privileged, --pid=host and --network=host then need --userns=host.',
  ],
  [
    'live-restore-disabled',
    '{}',
    {},
    'info',
    '"live-restore" is not set, so every container stops whenever dockerd restarts, for an upgrade or after a crash (CIS 2.15). Set "live-restore": true so containers keep running while the daemon is patched — but not on a swarm node: dockerd refuses swarm mode with live restore.',
  ],
  [
    'live-restore-disabled',
    '{"live-restore": false}',
    {},
    'info',
    '"live-restore": false stops every container whenever dockerd restarts, for an upgrade or after a crash (CIS 2.15). Set "live-restore": true so containers keep running while the daemon is patched — but not on a swarm node: dockerd refuses swarm mode with live restore.',
  ],
  [
    'iptables-disabled',
    '{"iptables": false}',
    {},
    'warning',
    '"iptables": false stops dockerd from writing firewall rules: container networks are no longer isolated from each other and "icc": false cannot be enforced (CIS 2.4). Remove it and let dockerd manage the firewall; keep site rules in the DOCKER-USER chain.',
  ],
  [
    'seccomp-unconfined',
    '{"seccomp-profile": "unconfined"}',
    {},
    'error',
    '"seccomp-profile": "unconfined" turns the seccomp filter off for every container, opening the system calls Docker\'s default profile blocks (CIS 2.17, 5.22). Remove it to get the built-in default profile, or give the path of a custom profile; a single container that needs it can use --security-opt seccomp=unconfined.',
  ],
  [
    'experimental-enabled',
    '{"experimental": true}',
    {},
    'info',
    '"experimental": true turns on unfinished daemon features that change between releases and are less tested (CIS 2.18). Set "experimental": false on production hosts; keep it for development machines only.',
  ],
  [
    'default-ulimits-missing',
    '{}',
    {},
    'hint',
    '"default-ulimits" is not set, so containers inherit dockerd\'s own limits on open files and processes, and one container can exhaust them for the whole host (CIS 2.8). Set defaults that fit your workloads, e.g. nofile 64000 and nproc 2048/4096; a container can still ask for more with --ulimit.',
  ],
  [
    'default-ulimits-missing',
    '{"default-ulimits": {}}',
    {},
    'hint',
    '"default-ulimits" is empty, so containers inherit dockerd\'s own limits on open files and processes, and one container can exhaust them for the whole host (CIS 2.8). Set defaults that fit your workloads, e.g. nofile 64000 and nproc 2048/4096; a container can still ask for more with --ulimit.',
  ],
  [
    'authorization-plugins-missing',
    '{}',
    {},
    'hint',
    'No "authorization-plugins" is set, so every client that reaches the Docker socket may do anything, privileged containers included (CIS 2.12). If that is more than your users need, install an authorization plugin (e.g. opa-docker-authz) and list it here.',
  ],
  [
    'authorization-plugins-missing',
    '{"authorization-plugins": []}',
    {},
    'hint',
    '"authorization-plugins" is empty, so every client that reaches the Docker socket may do anything, privileged containers included (CIS 2.12). If that is more than your users need, install an authorization plugin (e.g. opa-docker-authz) and list it here.',
  ],
  [
    'authorization-plugins-missing',
    '{"authorization-plugins": ["<your-authz-plugin>"]}',
    {},
    'warning',
    '"authorization-plugins" lists the placeholder "<your-authz-plugin>": dockerd refuses to start until it names an installed authorization plugin (CIS 2.12). Install the plugin first, then put its name here.',
  ],
  [
    'storage-driver-deprecated',
    '{"storage-driver": "aufs"}',
    {},
    'error',
    '"storage-driver": "aufs" was removed in Engine 24.0: dockerd 29 refuses to start with it (CIS 2.6). Switch to "overlay2" — images and containers stored by aufs are not migrated: export or push what you need first.',
  ],
  [
    'storage-driver-deprecated',
    '{"storage-driver": "devicemapper"}',
    { engineVersion: 27 },
    'error',
    '"storage-driver": "devicemapper" was removed in Engine 25.0: dockerd 27 refuses to start with it (CIS 2.6). Switch to "overlay2" — images and containers stored by devicemapper are not migrated: export or push what you need first.',
  ],
  [
    'cgroup-parent-set',
    '{"cgroup-parent": "/foobar"}',
    {},
    'info',
    '"cgroup-parent": "/foobar" puts every container under that cgroup instead of Docker\'s default (/docker, or system.slice with the systemd driver), so its limits apply to all containers together (CIS 2.10: confirm). Check that this parent has the CPU, memory and pids limits you intend, or remove the key.',
  ],
];

for (const [rule, text, env, sev, message] of MESSAGES) {
  test(`message: ${rule} on ${text}${env.platform ? ` (${env.platform})` : ''}${env.engineVersion ? ` (v${env.engineVersion})` : ''}`, () => {
    const found = daemonFindings(text, rule, { env });
    assert.equal(found.length, 1);
    assert.equal(found[0].message, message);
    assert.equal(severity(found[0]), sev);
  });
}

test('findings about an absent key all sit on the opening { of the top-level object', () => {
  for (const text of ['{}\n', '\n\n   {\n  "ipv6": false\n}\n']) {
    const line = text.split('\n').findIndex((l) => l.includes('{'));
    const col = text.split('\n')[line].indexOf('{');
    const diags = lintDaemon(text).diagnostics.filter((d) => CIS_IDS.includes(d.code));
    assert.deepEqual(diags.map((d) => d.code).sort(), [...ABSENT_LINUX].sort());
    for (const d of diags)
      assert.deepEqual(d.range, { start: { line, character: col }, end: { line, character: col + 1 } }, d.code);
  }
});

test('{} fires exactly the absent-key rules, on every Engine version', () => {
  for (const engineVersion of [27, 28, 29]) {
    assert.deepEqual(
      cisCodes(lintDaemon('{}\n', { env: { engineVersion } }).diagnostics).sort(),
      [...ABSENT_LINUX].sort(),
      `v${engineVersion}`,
    );
  }
});

test('a Windows daemon.json: Linux-only keys neither fire when absent nor when insecure', () => {
  const env: DaemonEnvironment = { platform: 'windows' };
  assert.deepEqual(cisCodes(lintDaemon('{}\n', { env }).diagnostics).sort(), [...ABSENT_WINDOWS].sort());
  const linuxOnly = JSON.stringify({
    icc: true,
    'userland-proxy': true,
    'no-new-privileges': false,
    'live-restore': false,
    iptables: false,
    'seccomp-profile': 'unconfined',
    'storage-driver': 'aufs',
    'cgroup-parent': '/x',
    'userns-remap': '',
    'default-ulimits': {},
  });
  assert.deepEqual(cisCodes(lintDaemon(linuxOnly, { env }).diagnostics).sort(), [...ABSENT_WINDOWS].sort());
  // the Windows path decides the platform when the setting says auto
  const uri = 'file:///C:/ProgramData/docker/config/daemon.json';
  assert.deepEqual(cisCodes(lintDaemon('{}\n', { uri }).diagnostics).sort(), [...ABSENT_WINDOWS].sort());
});

test('structural JSON errors silence the CIS rules; comments and trailing commas do not', () => {
  for (const text of ['{"icc": true "debug": true}', '{"icc": true}\n{"debug": true}\n', '[{"icc": true}]', '"icc"']) {
    assert.deepEqual(cisCodes(lintDaemon(text).diagnostics), [], JSON.stringify(text));
  }
  // an empty file is an empty configuration for dockerd (daemon/config/config.go line 551 at docker-v29.7.2): {}'s findings
  for (const text of ['', '  \n'])
    assert.deepEqual(
      cisCodes(lintDaemon(text).diagnostics),
      cisCodes(lintDaemon('{}').diagnostics),
      JSON.stringify(text),
    );
  const tolerated = '{\n  // legacy\n  "icc": true,\n}\n';
  assert.equal(daemonFindings(tolerated, 'icc-enabled').length, 1);
});

test('a rule turned off in the configuration reports nothing', () => {
  const config = { rules: Object.fromEntries(CIS_IDS.map((id) => [id, 'off'])) };
  assert.deepEqual(cisCodes(lintDaemon('{"icc": true, "debug": true}', { config }).diagnostics), []);
});

test('the last of duplicate keys decides, as in dockerd', () => {
  assert.equal(daemonFindings('{"icc": true, "icc": false}', 'icc-enabled').length, 0);
  const found = daemonFindings('{"icc": false,\n "icc": true}', 'icc-enabled');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 1);
});

test('tcp-socket-without-tls: which hosts count as network sockets', () => {
  const fires = (hosts, extra = {}) =>
    daemonFindings(JSON.stringify({ hosts, ...extra }), 'tcp-socket-without-tls').length;
  assert.equal(
    fires([
      'tcp://0.0.0.0:2375',
      'tcp://[::]:2375',
      'tcp://192.168.1.10:2375',
      'tcp://docker.example:2375',
      '0.0.0.0:2375',
    ]),
    5,
  );
  assert.equal(
    fires([
      'tcp://127.0.0.1:2375',
      'tcp://127.1.2.3:2375',
      'tcp://localhost:2375',
      'tcp://[::1]:2375',
      'tcp://:2375',
      'tcp://',
    ]),
    0,
  );
  assert.equal(fires(['unix:///var/run/docker.sock', 'fd://', 'npipe:////./pipe/docker_engine']), 0);
  assert.equal(fires(['tcp://0.0.0.0:2376'], { tlsverify: true, tlscacert: '/a', tlscert: '/b', tlskey: '/c' }), 0);
  // "tls": true without "tlsverify" verifies clients (daemon/command/daemon.go line 731 at docker-v29.7.2)
  assert.equal(fires(['tcp://0.0.0.0:2376'], { tls: true, tlscacert: '/a', tlscert: '/b', tlskey: '/c' }), 0);
  // TLS on without a certificate and key: dockerd does not start, daemon-conflict's finding
  assert.equal(fires(['tcp://0.0.0.0:2376'], { tlsverify: true, tlscacert: '/a', tlscert: '/b' }), 0);
  // "tlsverify": true without a CA is an info, not an error
  const info = daemonFindings(
    JSON.stringify({ hosts: ['tcp://0.0.0.0:2376'], tlsverify: true, tlscert: '/b', tlskey: '/c' }),
    'tcp-socket-without-tls',
  );
  assert.deepEqual(info.map(severity), ['info']);
});

test('insecure-registries: loopback entries are already insecure for dockerd and do not fire', () => {
  const text = JSON.stringify({
    'insecure-registries': [
      '127.0.0.1:5000',
      'localhost:5000',
      '127.0.0.0/8',
      '127.5.0.0/16',
      'http://127.0.0.1:5000',
      '[::1]:5000',
      '10.0.0.0/8',
    ],
  });
  assert.deepEqual(
    daemonFindings(text, 'insecure-registries').map((d) => /lists "([^"]+)"/.exec(d.message)[1]),
    ['[::1]:5000', '10.0.0.0/8'],
  );
});

test('remote-logging-missing: remote drivers, plugins and the host system logs do not fire', () => {
  for (const driver of [
    'syslog',
    'gelf',
    'fluentd',
    'awslogs',
    'splunk',
    'gcplogs',
    'journald',
    'loki',
    'grafana/loki-docker-driver:latest',
  ]) {
    assert.equal(daemonFindings(JSON.stringify({ 'log-driver': driver }), 'remote-logging-missing').length, 0, driver);
  }
  assert.equal(
    daemonFindings(JSON.stringify({ 'log-driver': 'etwlogs' }), 'remote-logging-missing', {
      env: { platform: 'windows' },
    }).length,
    0,
  );
  for (const driver of ['json-file', 'local', 'none']) {
    assert.equal(daemonFindings(JSON.stringify({ 'log-driver': driver }), 'remote-logging-missing').length, 1, driver);
  }
});

test('userns-remap-missing: a rootless daemon file does not fire', () => {
  assert.equal(daemonFindings('{"rootless": true}', 'userns-remap-missing').length, 0);
  assert.equal(
    daemonFindings('{}', 'userns-remap-missing', { uri: 'file:///home/me/.config/docker/daemon.json' }).length,
    0,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Fixes: output, manual/preferred, and the generic check (finding gone, nothing new, text outside the edit kept)
// ---------------------------------------------------------------------------------------------------------------

const FIXES = [
  [
    'icc-enabled',
    'absent: inserted after the last property',
    '{\n  "log-level": "info"\n}\n',
    '{\n  "log-level": "info",\n  "icc": false\n}\n',
  ],
  ['icc-enabled', 'empty object', '{}\n', '{\n  "icc": false\n}\n'],
  [
    'icc-enabled',
    'tabs and CRLF kept',
    '{\r\n\t"data-root": "/srv/docker",\r\n\t"icc": true\r\n}\r\n',
    '{\r\n\t"data-root": "/srv/docker",\r\n\t"icc": false\r\n}\r\n',
  ],
  ['icc-enabled', 'one-line file', '{"debug": false, "icc": true}\n', '{"debug": false, "icc": false}\n'],
  [
    'icc-enabled',
    'after a trailing comma, which stays where it was',
    '{\n  "live-restore": true,\n}\n',
    '{\n  "live-restore": true,\n  "icc": false,\n}\n',
  ],
  ['userland-proxy-enabled', 'absent', '{\n  "icc": false\n}\n', '{\n  "icc": false,\n  "userland-proxy": false\n}\n'],
  [
    'no-new-privileges-disabled',
    'false',
    '{\n  "no-new-privileges": false\n}\n',
    '{\n  "no-new-privileges": true\n}\n',
  ],
  [
    'remote-logging-missing',
    'json-file options syslog refuses are dropped, the others kept',
    '{\n  "bip": "192.168.31.1/24",\n  "log-driver": "json-file",\n  "log-opts":  {\n    "max-size": "60m",\n    "max-file": "3",\n    "tag": "{{.Name}}"\n  }\n}\n',
    '{\n  "bip": "192.168.31.1/24",\n  "log-driver": "syslog",\n  "log-opts":  {\n    "tag": "{{.Name}}",\n    "syslog-address": "tcp+tls://logs.example.com:6514"\n  }\n}\n',
  ],
  [
    'remote-logging-missing',
    'log-opts without a driver: merged, driver inserted',
    '{\n  "log-opts": {\n    "tag": "{{.ImageName}}"\n  }\n}\n',
    '{\n  "log-opts": {\n    "tag": "{{.ImageName}}",\n    "syslog-address": "tcp+tls://logs.example.com:6514"\n  },\n  "log-driver": "syslog"\n}\n',
  ],
  [
    'remote-logging-missing',
    'absent',
    '{\n  "icc": false\n}\n',
    '{\n  "icc": false,\n  "log-driver": "syslog",\n  "log-opts": { "syslog-address": "tcp+tls://logs.example.com:6514" }\n}\n',
  ],
  [
    'remote-logging-missing',
    'an existing syslog-address is kept',
    '{\n  "log-driver": "local",\n  "log-opts": {\n    "syslog-address": "udp://10.0.0.9:514",\n    "compress": "true"\n  }\n}\n',
    '{\n  "log-driver": "syslog",\n  "log-opts": { "syslog-address": "udp://10.0.0.9:514" }\n}\n',
  ],
  ['log-level-verbose', 'log-level', '{\n  "log-level": "debug"\n}\n', '{\n  "log-level": "info"\n}\n'],
  [
    'log-level-verbose',
    'debug',
    '{\n  "debug": true,\n  "network-diagnostic-port": 2000\n}\n',
    '{\n  "debug": false,\n  "network-diagnostic-port": 2000\n}\n',
  ],
  [
    'tcp-socket-without-tls',
    'no TLS at all',
    '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n',
    '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/tls/ca.pem",\n  "tlscert": "/etc/docker/tls/server-cert.pem",\n  "tlskey": "/etc/docker/tls/server-key.pem"\n}\n',
  ],
  [
    'tcp-socket-without-tls',
    'tlsverify false, certificate and key there',
    '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": false,\n  "tlscert": "/etc/docker/tls/server-cert.pem",\n  "tlskey": "/etc/docker/tls/server-key.pem"\n}\n',
    '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscert": "/etc/docker/tls/server-cert.pem",\n  "tlskey": "/etc/docker/tls/server-key.pem",\n  "tlscacert": "/etc/docker/tls/ca.pem"\n}\n',
  ],
  ['userns-remap-missing', 'absent', '{\n  "icc": false\n}\n', '{\n  "icc": false,\n  "userns-remap": "default"\n}\n'],
  ['userns-remap-missing', 'empty', '{\n  "userns-remap": ""\n}\n', '{\n  "userns-remap": "default"\n}\n'],
  ['live-restore-disabled', 'false', '{\n  "live-restore": false\n}\n', '{\n  "live-restore": true\n}\n'],
  [
    'iptables-disabled',
    'removed with its comma',
    '{\n  "icc": false,\n  "iptables": false,\n  "ip-masq": false\n}\n',
    '{\n  "icc": false,\n  "ip-masq": false\n}\n',
  ],
  ['iptables-disabled', 'the only key', '{\n  "iptables": false\n}\n', '{\n}\n'],
  [
    'iptables-disabled',
    'written twice: the last is set true',
    '{\n  "iptables": false,\n  "bip": "172.26.0.1/16",\n  "iptables": false\n}\n',
    '{\n  "iptables": false,\n  "bip": "172.26.0.1/16",\n  "iptables": true\n}\n',
  ],
  [
    'seccomp-unconfined',
    'removed',
    '{\n  "icc": false,\n  "seccomp-profile": "unconfined"\n}\n',
    '{\n  "icc": false\n}\n',
  ],
  [
    'experimental-enabled',
    'true',
    '{\n  "metrics-addr" : "0.0.0.0:9323",\n  "experimental" : true\n}\n',
    '{\n  "metrics-addr" : "0.0.0.0:9323",\n  "experimental" : false\n}\n',
  ],
  [
    'default-ulimits-missing',
    'empty object replaced',
    '{\n  "default-ulimits": {}\n}\n',
    '{\n  "default-ulimits": {\n    "nofile": {\n      "Name": "nofile",\n      "Hard": 64000,\n      "Soft": 64000\n    },\n    "nproc": {\n      "Name": "nproc",\n      "Hard": 4096,\n      "Soft": 2048\n    }\n  }\n}\n',
  ],
  ['storage-driver-deprecated', 'aufs', '{\n  "storage-driver": "aufs"\n}\n', '{\n  "storage-driver": "overlay2"\n}\n'],
];

for (const [rule, name, text, expected] of FIXES) {
  test(`fix: ${rule}: ${name}`, () => {
    const found = daemonFindings(text, rule);
    assert.equal(found.length, 1);
    const fixes = found[0].data.fixes;
    assert.equal(fixes.length, 1);
    assert.equal(applyEdits(text, fixes[0].edits).text, expected);
    assert.equal(!!fixes[0].manual, MANUAL.includes(rule), 'manual');
    assert.equal(!!fixes[0].isPreferred, !NEEDS_A_SITE_VALUE.includes(rule), 'preferred');
    assert.equal(checkDaemonFixes(text, rule, {}, allowNewAfterFix(rule)), 1);
  });
}

test('no fix where it would stop dockerd or break published ports (iptables: false)', () => {
  const text = '{\n  "iptables": false\n}\n';
  assert.deepEqual(daemonFindings(text, 'icc-enabled')[0].data.fixes, []);
  assert.deepEqual(daemonFindings(text, 'userland-proxy-enabled')[0].data.fixes, []);
  assert.deepEqual(daemonFindings('{"ipv6": true, "ip6tables": false}', 'icc-enabled')[0].data.fixes, []);
});

test('rules without a fix offer none', () => {
  for (const [rule, text] of [
    ['insecure-registries', '{"insecure-registries": ["r.example:5000"]}'],
    ['authorization-plugins-missing', '{}'],
    ['cgroup-parent-set', '{"cgroup-parent": "/x"}'],
  ]) {
    assert.deepEqual(daemonFindings(text, rule)[0].data.fixes, [], rule);
    assert.deepEqual(ruleById(rule).fixes, [], rule);
  }
});

/**
 * Accept every finding's preferred fix, manual ones included, until nothing is left (what a person gets taking each
 * quick fix the editor puts first); the result must be JSON dockerd parses.
 */
function acceptedRounds(text, opts?) {
  let current = text;
  for (let round = 0; round < 10; round++) {
    const edits = fixAllEdits(lintDaemon(current, opts), { manual: true });
    if (!edits.length) {
      assert.doesNotThrow(() => JSON.parse(current.replace(/\/\*.*?\*\//g, '')), `not plain JSON:\n${current}`);
      return current;
    }
    current = applyEdits(current, edits).text;
  }
  assert.fail(`accepting the preferred fixes does not settle:\n${current}`);
}

test('an empty object: Fix All writes no daemon-wide setting; accepting the preferred fixes writes each absent key once, valid JSON', () => {
  const all = { icc: false, 'userland-proxy': false, 'no-new-privileges': true };
  for (const text of ['{}\n', '{ }\n', '{\n}\n', '{}', '{\n  "debug": false\n}\n', '{\n  "debug": false,\n}\n']) {
    const fixAll = daemonFixAll(text);
    const clean = text.replace(/,(\s*})/, '$1');
    // the trailing comma is daemon-invalid-json's, a safe fix: the only edit Fix All makes here
    assert.equal(applyEdits(text, fixAll).text, clean, `${JSON.stringify(text)}: Fix All sets no key`);
    const accepted = acceptedRounds(text);
    const parsed = JSON.parse(accepted);
    for (const [key, value] of Object.entries({ ...JSON.parse(clean), ...all }))
      assert.deepEqual(parsed[key], value, `${key} in ${accepted}`);
    assert.deepEqual(daemonFindings(accepted, 'daemon-duplicate-key'), [], accepted);
  }
  // one round alone writes one of the insertions at the end of `{}` (they touch): the others follow in later rounds
  assert.equal(fixAllEdits(lintDaemon('{}'), { manual: true }).length, 1);
  assert.equal(fixAllEdits(lintDaemon('{}')).length, 0);
  // an empty object nested in the file, and one holding a comment (the comment stays, after the new key)
  assert.equal(
    applyEdits('{ /* todo */ }', daemonFindings('{ /* todo */ }', 'icc-enabled')[0].data.fixes[0].edits).text,
    '{\n  "icc": false /* todo */ }',
  );
  assert.equal(checkDaemonFixes('{ /* todo */ }', 'icc-enabled'), 1);
  const ulimits = '{\n  "default-ulimits": {}\n}\n';
  assert.equal(checkDaemonFixes(ulimits, 'default-ulimits-missing'), 1);
});

test('an absent key that is misspelt or inside a wrapper object: inserting it is not preferred, accepting the preferred fixes writes it once', () => {
  for (const [text, key] of [
    ['{\n  "no-new-privleges": true\n}\n', 'no-new-privileges'],
    ['{\n  "security": {\n    "icc": false,\n    "no-new-privileges": true\n  }\n}\n', 'icc'],
  ]) {
    const rule = key === 'icc' ? 'icc-enabled' : 'no-new-privileges-disabled';
    const [fix] = daemonFindings(text, rule)[0].data.fixes;
    assert.equal(fix.manual, true, `${rule}: ${fix.title}`);
    assert.equal(fix.isPreferred, false);
    const after = acceptedRounds(text);
    const keys = lintDaemon(after).model.properties.map((p) => p.key);
    assert.equal(keys.filter((k) => k === key).length, 1, after);
    assert.deepEqual(daemonFindings(after, 'daemon-duplicate-key'), [], after);
  }
  // the insert is the preferred fix again when nothing else writes the key
  assert.equal(daemonFindings('{\n  "security": {"other": 1}\n}\n', 'icc-enabled')[0].data.fixes[0].isPreferred, true);
});

test('"Fix all" on examples/daemon.json: valid JSON, no key written twice, fewer findings', () => {
  const text = fs.readFileSync(path.join(ROOT, 'examples/daemon.json'), 'utf8');
  const before = lintDaemon(text).diagnostics.length;
  const after = applyEdits(text, daemonFixAll(text)).text;
  assert.doesNotThrow(() => JSON.parse(after), after);
  const result = lintDaemon(after);
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'daemon-duplicate-key' || d.code === 'daemon-invalid-json'),
    [],
    after,
  );
  assert.ok(result.diagnostics.length < before);
});

// ---------------------------------------------------------------------------------------------------------------
// The secure baseline
// ---------------------------------------------------------------------------------------------------------------

const URI = 'file:///etc/docker/daemon.json';

function baseline(text, env: { engineVersion?: EngineVersion; platform?: Platform } = {}) {
  const model = parseDaemonJson(text, URI, env.engineVersion ?? 29, env.platform ?? 'linux');
  const result = secureBaselineEdits(model);
  if (!result) return { result, after: text };
  return { result, after: applyEdits(text, result.edits).text };
}

function counts(diags) {
  const m = new Map();
  for (const d of diags) m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

/** CIS findings the baseline may leave: the ones that wait for a site choice. */
const LEFT_FOR_A_PERSON = ['authorization-plugins-missing', 'cgroup-parent-set'];

/** Applying the baseline gives valid JSON, no CIS finding but those, and no new finding of any other rule. */
function checkBaseline(text, env = {}) {
  const { result, after } = baseline(text, env);
  assert.ok(result, 'the baseline has something to change');
  const parsed = JSON.parse(after);
  const before = lintDaemon(text, { env }).diagnostics;
  const re = lintDaemon(after, { env }).diagnostics;
  const left = re.filter((d) => CIS_IDS.includes(d.code) && !LEFT_FOR_A_PERSON.includes(d.code));
  assert.deepEqual(
    left.map((d) => `${d.code}: ${d.message}`),
    [],
    `CIS findings left:\n${after}`,
  );
  const cb = counts(before);
  for (const [id, n] of counts(re)) {
    if (CIS_IDS.includes(id)) continue;
    assert.ok(
      n <= (cb.get(id) ?? 0),
      `a new ${id} finding:\n${after}\n${re
        .filter((d) => d.code === id)
        .map((d) => d.message)
        .join('\n')}`,
    );
  }
  return { result, after, parsed, re };
}

/** The baseline's keys: every CIS_BASELINE key but the one only the site can fill (a placeholder dockerd refuses). */
const WRITTEN = CIS_BASELINE.filter((e) => e.key !== 'authorization-plugins');
const BASELINE_OBJECT = Object.fromEntries(WRITTEN.map((e) => [e.key, e.value]));

test('baseline on {}: every CIS_BASELINE key but the authorization plugin, in order, one insertion', () => {
  const { result, parsed, re, after } = checkBaseline('{}\n');
  assert.deepEqual(parsed, BASELINE_OBJECT);
  assert.deepEqual(
    Object.keys(parsed),
    WRITTEN.map((e) => e.key),
  );
  assert.equal(result.edits.length, 1);
  assert.deepEqual(
    result.changes,
    WRITTEN.map((e) => e.key),
  );
  // no placeholder that would stop dockerd: the plugin left out is the Level 2 hint it always was
  const authz = re.filter((d) => d.code === 'authorization-plugins-missing');
  assert.deepEqual(authz.map(severity), ['hint']);
  assert.ok(
    !re.some((d) => severity(d) === 'warning' || severity(d) === 'error'),
    'the baseline lints clean at warning',
  );
  assert.match(after, /^\{\n {2}"icc": false,\n {2}"log-level": "info",\n/);
});

test('baseline caveats: swarm, userns-remap, icc/iptables, hairpin NAT, the authorization plugin, the syslog placeholder', () => {
  const { result } = baseline('{}\n');
  const all = result.caveats.join('\n');
  for (const re of [
    /swarm/,
    /userns-remap/,
    /icc.*iptables/,
    /hairpin NAT/,
    /authorization plugin/,
    /placeholder.*log server/,
  ])
    assert.match(all, re);
  for (const e of WRITTEN) if (e.caveat) assert.ok(result.caveats.includes(e.caveat), e.caveat);
  assert.ok(result.caveats.some((c) => /^authorization-plugins is not added/.test(c)));
});

test('baseline is idempotent', () => {
  const { after } = baseline('{}\n');
  assert.equal(baseline(after).result, undefined);
});

test('baseline replaces values in place, keeps site choices and merges log-opts', () => {
  const text = [
    '{',
    '  "hosts": ["unix:///var/run/docker.sock"],',
    '  "containerd": "/run/containerd/containerd.sock",',
    '  "icc": true,',
    '  "debug": true,',
    '  "log-level": "warn",',
    '  "userns-remap": "dockremap:dockremap",',
    '  "default-ulimits": { "nofile": { "Name": "nofile", "Hard": 1024, "Soft": 1024 } },',
    '  "authorization-plugins": ["authz-broker"],',
    '  "seccomp-profile": "unconfined",',
    '  "insecure-registries": ["127.0.0.1:5000"],',
    '  "log-driver": "json-file",',
    '  "log-opts": { "max-size": "10m", "mode": "non-blocking" }',
    '}',
    '',
  ].join('\n');
  const { parsed, result, after } = checkBaseline(text);
  // never touched
  assert.deepEqual(parsed.hosts, ['unix:///var/run/docker.sock']);
  assert.equal(parsed.containerd, '/run/containerd/containerd.sock');
  assert.ok(
    after.includes('  "hosts": ["unix:///var/run/docker.sock"],\n  "containerd": "/run/containerd/containerd.sock",\n'),
  );
  // site choices kept
  assert.equal(parsed['userns-remap'], 'dockremap:dockremap');
  assert.deepEqual(parsed['default-ulimits'], { nofile: { Name: 'nofile', Hard: 1024, Soft: 1024 } });
  assert.deepEqual(parsed['authorization-plugins'], ['authz-broker']);
  assert.deepEqual(parsed['insecure-registries'], ['127.0.0.1:5000'], 'loopback is insecure for dockerd anyway');
  // values set in place
  assert.equal(parsed.icc, false);
  assert.equal(parsed.debug, false);
  assert.equal(parsed['log-level'], 'info');
  assert.equal(parsed['seccomp-profile'], 'builtin');
  assert.equal(parsed['log-driver'], 'syslog');
  assert.deepEqual(parsed['log-opts'], {
    mode: 'non-blocking',
    'syslog-address': 'tcp+tls://logs.example.com:6514',
    tag: '{{.Name}}',
  });
  assert.ok(
    result.caveats.some((c) => /max-size/.test(c)),
    'says which log options go',
  );
  assert.ok(!result.changes.includes('userns-remap') && !result.changes.includes('authorization-plugins'));
});

test('baseline keeps a remote log driver and a plugin with their options', () => {
  const text =
    '{\n  "log-driver": "loki",\n  "log-opts": {\n    "loki-url": "http://loki.example/loki/api/v1/push"\n  }\n}\n';
  const { parsed, result } = checkBaseline(text);
  assert.equal(parsed['log-driver'], 'loki');
  assert.deepEqual(parsed['log-opts'], { 'loki-url': 'http://loki.example/loki/api/v1/push' });
  assert.ok(!result.changes.includes('log-driver'));
});

test('baseline empties insecure registries and names them in a caveat', () => {
  const { parsed, result } = checkBaseline(
    '{"insecure-registries": ["registry.corp.example:5000", "localhost:5000"]}\n',
  );
  assert.deepEqual(parsed['insecure-registries'], []);
  assert.ok(result.caveats.some((c) => c.includes('registry.corp.example:5000') && !c.includes('localhost')));
});

test('baseline turns iptables back on, so icc: false can apply', () => {
  const { parsed } = checkBaseline('{\n  "iptables": false,\n  "icc": true\n}\n');
  assert.equal(parsed.iptables, true);
  assert.equal(parsed.icc, false);
});

test('baseline leaves icc alone while ip6tables is off with IPv6, and says why', () => {
  const { result, after } = baseline('{\n  "ipv6": true,\n  "ip6tables": false\n}\n');
  assert.equal(JSON.parse(after).icc, undefined);
  assert.ok(result.caveats.some((c) => /ip6tables/.test(c)));
});

test('baseline says what it leaves: a TCP socket without TLS, a removed storage driver', () => {
  const { result } = baseline('{\n  "hosts": ["tcp://0.0.0.0:2375"],\n  "storage-driver": "aufs"\n}\n');
  assert.ok(result.caveats.some((c) => /hosts is not touched/.test(c)));
  assert.ok(result.caveats.some((c) => /storage-driver "aufs"/.test(c)));
  const { after } = baseline('{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n');
  assert.deepEqual(JSON.parse(after).hosts, ['tcp://0.0.0.0:2375']);
});

test('baseline with duplicate keys changes the effective (last) one', () => {
  const text = '{\n  "icc": true,\n  "icc": true\n}\n';
  const { after } = checkBaseline(text);
  assert.ok(after.startsWith('{\n  "icc": true,\n  "icc": false,\n'));
});

test('baseline keeps tabs and CRLF', () => {
  const text = '{\r\n\t"data-root": "/srv/docker"\r\n}\r\n';
  const { after } = checkBaseline(text);
  assert.ok(!/[^\r]\n/.test(after), 'only CRLF line ends');
  assert.ok(after.includes('\r\n\t"icc": false,\r\n'));
});

test('baseline on Windows sets only the keys the Windows daemon has', () => {
  const { parsed } = checkBaseline('{}\n', { platform: 'windows' });
  const windowsKeys = WRITTEN.map((e) => e.key).filter((k) =>
    daemonKeys()
      .find((d) => d.key === k)
      .platforms.includes('windows'),
  );
  assert.deepEqual(Object.keys(parsed), windowsKeys);
  assert.ok(!('icc' in parsed) && !('live-restore' in parsed));
});

test('baseline needs a top-level object', () => {
  for (const text of ['{"icc": true "debug": true}', '[]', '{"a": 1}\n{"b": 2}']) {
    assert.equal(baseline(text).result, undefined, JSON.stringify(text));
  }
  // an empty file is dockerd's {}: the baseline writes the object
  const empty = baseline('\n');
  assert.equal(JSON.parse(empty.after).icc, false);
});

const CORPUS = path.resolve(ROOT, '../shared/corpus/daemon-json');

test('baseline on every daemon.json of the corpus', (t) => {
  if (!fs.existsSync(CORPUS)) {
    t.skip(`no corpus at ${CORPUS}`);
    return;
  }
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) files.push(p);
    }
  };
  walk(CORPUS);
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const original = JSON.parse(text);
    const { parsed } = checkBaseline(text);
    // what the baseline does not set keeps its value
    for (const [k, v] of Object.entries(original)) {
      if (k in BASELINE_OBJECT || k === 'debug' || k === 'seccomp-profile') continue;
      assert.deepEqual(parsed[k], v, `${path.relative(CORPUS, file)}: ${k}`);
    }
  }
});

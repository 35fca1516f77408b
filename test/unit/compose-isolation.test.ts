// The Compose isolation rules (privileged, capabilities, no-new-privileges, unconfined profiles, host namespaces, the
// Docker socket, devices): exact messages and places, and each fix applied to the whole file, indentation and
// comments kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeFindings, composeServiceFindings, applyEdits, checkComposeFixes } from './compose-helpers';
import { ALLOW_NEW_AFTER_FIX } from './helpers';

/**
 * Findings of a rule as `line:col-col message` (1-based line), with the token they point at; one per service (a
 * finding reported once for several services is shown at each: compose-collapse.test.ts tests that form).
 */
function shown(text, rule) {
  const lines = text.split('\n');
  return composeServiceFindings(text, rule).map((d) => {
    const { start, end } = d.range;
    const token =
      start.line === end.line
        ? lines[start.line].slice(start.character, end.character)
        : `${lines[start.line].slice(start.character)}…`;
    return {
      line: start.line + 1,
      token,
      message: d.message,
      severity: d.severity,
      fixes: d.data.fixes.map((f) => f.title),
    };
  });
}

/** Apply the fix titled `title` of the `index`th finding of `rule`, and check it with the generic fix check too. */
function fixed(text, rule, index, title) {
  const found = composeServiceFindings(text, rule);
  const fix = found[index]?.data.fixes.find((f) => f.title === title);
  assert.ok(
    fix,
    `no fix "${title}" on finding ${index}: ${JSON.stringify(found.map((d) => d.data.fixes.map((f) => f.title)))}`,
  );
  assert.ok(
    checkComposeFixes(text, rule, {}, rule === 'compose-privileged' ? ['compose-dangerous-capabilities'] : []) > 0,
  );
  return applyEdits(text, fix.edits).text;
}

const ERROR = 1;
const WARNING = 2;
const INFO = 3;
/** A setting a service leaves out that costs functionality to add (docs/severity.md). */
const HINT = 4;

// --- compose-privileged ---

test('compose-privileged: message on the value, manual fix removes the line and keeps the comments around it', () => {
  const text = [
    'services:',
    '  runner:',
    '    image: docker:27-dind',
    '    # the inner daemon mounts filesystems',
    '    privileged: true # needed by dind',
    '    environment:',
    '      DOCKER_TLS_CERTDIR: /certs',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-privileged'), [
    {
      line: 5,
      token: 'true',
      severity: ERROR,
      message:
        '`privileged: true` gives the container every capability and every host device and turns off seccomp and AppArmor/SELinux: root in it is root on the host. Remove it and grant only what the service needs: one capability with `cap_add`, one device with `devices`.',
      fixes: ['Remove privileged: true'],
    },
  ]);
  const [finding] = composeFindings(text, 'compose-privileged');
  assert.equal(finding.data.fixes[0].manual, true, 'never applied by Fix all');
  assert.equal(
    fixed(text, 'compose-privileged', 0, 'Remove privileged: true'),
    [
      'services:',
      '  runner:',
      '    image: docker:27-dind',
      '    # the inner daemon mounts filesystems',
      '    environment:',
      '      DOCKER_TLS_CERTDIR: /certs',
      '',
    ].join('\n'),
  );
});

test('compose-privileged: a merged anchor is reported on each service name, without a fix', () => {
  const text = [
    'x-hardware: &hardware',
    '  privileged: true',
    '',
    'services:',
    '  sensor:',
    '    <<: *hardware',
    '    image: ghcr.io/example/sensor:2.1',
    '  api:',
    '    <<: *hardware',
    '    image: ghcr.io/example/api:2.1',
    '    privileged: false',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-privileged'), [
    {
      line: 5,
      token: 'sensor',
      severity: ERROR,
      message:
        'Service `sensor` gets `privileged: true` from `x-hardware` (line 2), which gives the container every capability and every host device and turns off seccomp and AppArmor/SELinux: root in it is root on the host. Remove it where it is written (or set `privileged: false` in this service) and grant only what the service needs: one capability with `cap_add`, one device with `devices`.',
      fixes: [],
    },
  ]);
});

test('compose-privileged: extends, string forms and a flow mapping', () => {
  const text = [
    'services:',
    '  base:',
    '    image: alpine:3.20',
    '    privileged: "yes"',
    '  child:',
    '    extends: base',
    '  inline: { image: busybox:1.36, privileged: true, restart: always }',
    '',
  ].join('\n');
  const found = shown(text, 'compose-privileged');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [4, '"yes"'],
      [5, 'child'],
      [7, 'true'],
    ],
  );
  assert.match(found[1].message, /^Service `child` gets `privileged: yes` from service `base`, which gives/);
  assert.equal(
    fixed(text, 'compose-privileged', 2, 'Remove privileged: true'),
    text.replace(
      '{ image: busybox:1.36, privileged: true, restart: always }',
      '{ image: busybox:1.36, restart: always }',
    ),
  );
});

// --- compose-dangerous-capabilities ---

test('compose-dangerous-capabilities: each dangerous cap_add entry, any spelling, on the entry', () => {
  const text = [
    'services:',
    '  vpn:',
    '    image: qmcgaw/gluetun:v3.39',
    '    cap_drop: [ALL]',
    '    cap_add:',
    '      - NET_ADMIN        # tunnel device and routes',
    '      - NET_BIND_SERVICE',
    '      - cap_sys_admin',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-dangerous-capabilities'), [
    {
      line: 6,
      token: 'NET_ADMIN',
      severity: WARNING,
      message:
        "`cap_add: NET_ADMIN` lets the container reconfigure interfaces, routes and firewall rules (the host's own with `network_mode: host`). Remove it; if the service cannot work without it, keep it for this service alone with a comment saying why.",
      fixes: ['Remove NET_ADMIN from cap_add'],
    },
    {
      line: 8,
      token: 'cap_sys_admin',
      severity: WARNING,
      message:
        '`cap_add: cap_sys_admin` allows mounts, namespaces and many administrative system calls: the usual way out of a container. Remove it; if the service cannot work without it, keep it for this service alone with a comment saying why.',
      fixes: ['Remove cap_sys_admin from cap_add'],
    },
  ]);
  assert.equal(
    fixed(text, 'compose-dangerous-capabilities', 0, 'Remove NET_ADMIN from cap_add'),
    text.replace('      - NET_ADMIN        # tunnel device and routes\n', ''),
  );
});

test('compose-dangerous-capabilities: removing the only entry removes the key; flow entries take one comma', () => {
  const only =
    'services:\n  a:\n    image: alpine:3.20\n    cap_drop: [ALL]\n    cap_add:\n      - SYS_PTRACE\n    restart: always\n';
  assert.equal(
    fixed(only, 'compose-dangerous-capabilities', 0, 'Remove SYS_PTRACE from cap_add'),
    'services:\n  a:\n    image: alpine:3.20\n    cap_drop: [ALL]\n    restart: always\n',
  );
  const flow =
    'services:\n  a:\n    image: alpine:3.20\n    cap_drop: [ALL]\n    cap_add: [CHOWN, "CAP_SYS_MODULE", ALL]\n';
  assert.equal(
    fixed(flow, 'compose-dangerous-capabilities', 0, 'Remove CAP_SYS_MODULE from cap_add'),
    flow.replace('[CHOWN, "CAP_SYS_MODULE", ALL]', '[CHOWN, ALL]'),
  );
  assert.equal(
    fixed(flow, 'compose-dangerous-capabilities', 1, 'Remove ALL from cap_add'),
    flow.replace('[CHOWN, "CAP_SYS_MODULE", ALL]', '[CHOWN, "CAP_SYS_MODULE"]'),
  );
});

test('compose-dangerous-capabilities: removing the only entry keeps the comment lines written between the key and it', () => {
  const text = [
    'services:',
    '  pihole:',
    '    image: pihole/pihole:2024.07.0',
    '    cap_drop: [ALL]',
    '    cap_add:',
    '      # See https://docs.pi-hole.net/docker/configuration/#note-on-capabilities',
    '      # Required if you are using Pi-hole as your DHCP server',
    '      - NET_ADMIN # for DHCP',
    '    restart: unless-stopped',
    '',
  ].join('\n');
  assert.equal(
    fixed(text, 'compose-dangerous-capabilities', 0, 'Remove NET_ADMIN from cap_add'),
    text.replace('    cap_add:\n', '').replace('      - NET_ADMIN # for DHCP\n', ''),
  );
  // a `#` line inside a block scalar is not a comment: it goes with its value (CRLF kept)
  const literal =
    'services:\r\n  a:\r\n    image: alpine:3.20\r\n    privileged: true\r\n    # why: dind\r\n    labels:\r\n      note: |\r\n        # not a comment\r\n';
  assert.equal(
    fixed(literal, 'compose-privileged', 0, 'Remove privileged: true'),
    literal.replace('    privileged: true\r\n', ''),
  );
});

test('compose-host-namespace: removing network_mode: host may bring out a datastore port it hid (ALLOW_NEW_AFTER_FIX)', () => {
  const text = 'services:\n  cache:\n    image: redis:7.4\n    network_mode: host\n    ports:\n      - "6379:6379"\n';
  assert.deepEqual(composeFindings(text, 'compose-exposed-datastore'), []);
  const fix = composeFindings(text, 'compose-host-namespace')[0].data.fixes[0];
  assert.equal(composeFindings(applyEdits(text, fix.edits).text, 'compose-exposed-datastore').length, 1);
  assert.deepEqual(ALLOW_NEW_AFTER_FIX['compose-host-namespace'], ['compose-exposed-datastore']);
  assert.equal(checkComposeFixes(text, 'compose-host-namespace', {}, ALLOW_NEW_AFTER_FIX['compose-host-namespace']), 1);
});

test("compose-dangerous-capabilities: the default-capabilities finding (a hint) and its fixes follow the file's list style", () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports:',
    '    - "8080:80"   # dashes flush with the key',
    '  worker:',
    '    image: busybox:1.36',
    '    cap_drop:',
    '    - NET_RAW',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-dangerous-capabilities'), [
    {
      line: 2,
      token: 'web',
      severity: HINT,
      message:
        "Service `web` keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW ...), which most services never use. Add `cap_drop: [ALL]` and `cap_add` back only what it needs (e.g. `NET_BIND_SERVICE` for a port below 1024).",
      fixes: ['Add cap_drop: [ALL]'],
    },
    {
      line: 8,
      token: 'cap_drop',
      severity: HINT,
      message:
        "`cap_drop` of service `worker` does not drop ALL, so it keeps the rest of Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW ...), which most services never use. Add `cap_drop: [ALL]` and `cap_add` back only what it needs (e.g. `NET_BIND_SERVICE` for a port below 1024).",
      fixes: ['Add ALL to cap_drop'],
    },
  ]);
  assert.ok(
    composeFindings(text, 'compose-dangerous-capabilities').every((d) => d.data.fixes.every((f) => f.manual)),
    'dropping ALL can break a service: manual',
  );
  assert.equal(
    fixed(text, 'compose-dangerous-capabilities', 0, 'Add cap_drop: [ALL]'),
    text.replace(
      '    - "8080:80"   # dashes flush with the key\n',
      '    - "8080:80"   # dashes flush with the key\n    cap_drop:\n    - ALL\n',
    ),
  );
  assert.equal(
    fixed(text, 'compose-dangerous-capabilities', 1, 'Add ALL to cap_drop'),
    text.replace('    - NET_RAW\n', '    - NET_RAW\n    - ALL\n'),
  );
});

test('compose-dangerous-capabilities: no info for privileged, partial or extends-of-another-file services', () => {
  const text = [
    'services:',
    '  dind: {image: "docker:27-dind", privileged: true}',
    '  web:',
    '    ports: ["8080:80"]',
    '  worker:',
    '    extends: {file: common.yaml, service: worker}',
    '  child:',
    '    extends: base',
    '  base:',
    '    image: alpine:3.20',
    '    cap_drop: [ALL]',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-dangerous-capabilities'), []);
});

// --- compose-no-new-privileges ---

test('compose-no-new-privileges: missing, on the service name (advice: info); the fix adds a block list after the last key', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports:',
    '      - "8080:80" # public',
    '',
    '  db:',
    '    image: postgres:16',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-no-new-privileges')[0], {
    line: 2,
    token: 'web',
    severity: INFO,
    message:
      'Service `web` does not set `no-new-privileges:true`: a process in it can gain privileges through setuid and setgid binaries (`su`, `sudo`, a planted setuid shell). Add `security_opt: ["no-new-privileges:true"]`.',
    fixes: ['Add no-new-privileges:true to security_opt'],
  });
  const [finding] = composeFindings(text, 'compose-no-new-privileges');
  assert.equal(finding.data.fixes[0].isPreferred, true);
  assert.equal(finding.data.fixes[0].manual, true, 'manual (docs/fixes.md): setuid programs stop working');
  assert.equal(
    fixed(text, 'compose-no-new-privileges', 0, 'Add no-new-privileges:true to security_opt'),
    [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    ports:',
      '      - "8080:80" # public',
      '    security_opt:',
      '      - no-new-privileges:true',
      '',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
  );
});

test('compose-no-new-privileges: an own list gets the entry appended, quoted like its neighbours', () => {
  const block =
    'services:\n  db:\n    image: postgres:16\n    security_opt:\n      - "apparmor:docker-default"  # distro profile\n    restart: always\n';
  assert.deepEqual(
    shown(block, 'compose-no-new-privileges').map((f) => [f.line, f.token, f.message]),
    [
      [
        4,
        'security_opt',
        '`security_opt` of service `db` has no `no-new-privileges:true`: a process in it can gain privileges through setuid and setgid binaries (`su`, `sudo`, a planted setuid shell). Add `security_opt: ["no-new-privileges:true"]`.',
      ],
    ],
  );
  assert.equal(
    fixed(block, 'compose-no-new-privileges', 0, 'Add no-new-privileges:true to security_opt'),
    'services:\n  db:\n    image: postgres:16\n    security_opt:\n      - "apparmor:docker-default"  # distro profile\n      - "no-new-privileges:true"\n    restart: always\n',
  );
  const flow = 'services:\n  db:\n    image: postgres:16\n    security_opt: [apparmor:docker-default]\n';
  assert.equal(
    fixed(flow, 'compose-no-new-privileges', 0, 'Add no-new-privileges:true to security_opt'),
    flow.replace('[apparmor:docker-default]', '[apparmor:docker-default, "no-new-privileges:true"]'),
  );
  const flowService = 'services:\n  cache: {image: redis:7.4, read_only: true}\n';
  assert.equal(
    fixed(flowService, 'compose-no-new-privileges', 0, 'Add no-new-privileges:true to security_opt'),
    'services:\n  cache: {image: redis:7.4, read_only: true, security_opt: ["no-new-privileges:true"]}\n',
  );
});

test('compose-no-new-privileges: a merged list is fixed in the anchor, once for every service using it', () => {
  const text = [
    'x-security: &security',
    '  security_opt:',
    '    - label=type:container_t',
    '',
    'services:',
    '  web:',
    '    <<: *security',
    '    image: nginx:1.27',
    '  api:',
    '    <<: *security',
    '    image: node:22-alpine',
    '',
  ].join('\n');
  const found = shown(text, 'compose-no-new-privileges');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [6, 'web'],
      [9, 'api'],
    ],
  );
  assert.equal(
    found[0].message,
    'Service `web` gets a `security_opt` list without `no-new-privileges:true` from `x-security` (line 3): a process in it can gain privileges through setuid and setgid binaries (`su`, `sudo`, a planted setuid shell). Add `security_opt: ["no-new-privileges:true"]`.',
  );
  const title = 'Add no-new-privileges:true to the security_opt list in `x-security` (line 3) (shared)';
  const after = fixed(text, 'compose-no-new-privileges', 0, title);
  assert.equal(
    after,
    text.replace('    - label=type:container_t\n', '    - label=type:container_t\n    - no-new-privileges:true\n'),
  );
  assert.deepEqual(composeFindings(after, 'compose-no-new-privileges'), [], 'both services are fixed');
});

test('compose-no-new-privileges: an explicit false fires on the entry; the last entry wins', () => {
  const text = [
    'services:',
    '  legacy:',
    '    image: ghcr.io/example/legacy:3',
    '    security_opt:',
    "      - 'no-new-privileges=false' # sudo in the entrypoint",
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-no-new-privileges'), [
    {
      line: 5,
      token: "'no-new-privileges=false'",
      severity: WARNING,
      message:
        '`no-new-privileges=false` lets processes in the container gain privileges through setuid and setgid binaries. Set `no-new-privileges:true`; if the service really runs `su` or `sudo`, keep it with a comment saying why.',
      fixes: ['Set no-new-privileges:true'],
    },
  ]);
  assert.equal(composeFindings(text, 'compose-no-new-privileges')[0].data.fixes[0].manual, true);
  assert.equal(
    fixed(text, 'compose-no-new-privileges', 0, 'Set no-new-privileges:true'),
    text.replace("'no-new-privileges=false'", "'no-new-privileges:true'"),
  );
  assert.deepEqual(
    shown(
      'services:\n  a:\n    image: alpine:3.20\n    security_opt: [no-new-privileges:false, no-new-privileges]\n',
      'compose-no-new-privileges',
    ),
    [],
  );
});

test('compose-no-new-privileges: extends merges lists, so a list of its own is added', () => {
  const text = [
    'services:',
    '  base:',
    '    image: alpine:3.20',
    '    security_opt: [apparmor:docker-default]',
    '  child:',
    '    extends: base',
    '    command: ["sh"]',
    '',
  ].join('\n');
  const found = shown(text, 'compose-no-new-privileges');
  assert.deepEqual(
    found.map((f) => [f.line, f.token, f.fixes]),
    [
      [4, 'security_opt', ['Add no-new-privileges:true to security_opt']],
      [5, 'child', ['Add no-new-privileges:true to security_opt']],
    ],
  );
  assert.equal(
    fixed(text, 'compose-no-new-privileges', 1, 'Add no-new-privileges:true to security_opt'),
    text.replace('    command: ["sh"]\n', '    command: ["sh"]\n    security_opt:\n      - no-new-privileges:true\n'),
  );
});

test('compose-no-new-privileges: a security_opt that is not a list gets the finding but no fix (no duplicate key)', () => {
  const found = shown(
    'services:\n  a:\n    image: alpine:3.20\n    security_opt: apparmor:docker-default\n',
    'compose-no-new-privileges',
  );
  assert.deepEqual(
    found.map((f) => [f.line, f.token, f.fixes]),
    [[2, 'a', []]],
  );
});

// --- compose-unconfined-profile ---

test('compose-unconfined-profile: each unconfining entry, with its own CIS check; removal keeps the comments', () => {
  const text = [
    'services:',
    '  mariadb:',
    '    image: mariadb:11',
    '    security_opt: # see https://github.com/MariaDB/mariadb-docker/issues/434',
    '      - seccomp:unconfined',
    '      - apparmor=unconfined',
    '    ## "user" starts the service with a specific user (optional):',
    '    # user: 1000:1000',
    '    command: --innodb-buffer-pool-size=512M',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-unconfined-profile'), [
    {
      line: 5,
      token: 'seccomp:unconfined',
      severity: ERROR,
      message:
        "`security_opt: seccomp:unconfined` runs the container without Docker's default seccomp filter, opening the system calls it blocks (`keyctl`, `bpf`, `unshare`, `mount` ...): a kernel bug in any of them is a way to the host. Remove it, or give a profile that allows only the extra calls the service needs (`seccomp:./seccomp.json`).",
      fixes: ['Remove seccomp:unconfined from security_opt'],
    },
    {
      line: 6,
      token: 'apparmor=unconfined',
      severity: ERROR,
      message:
        '`security_opt: apparmor=unconfined` turns off the AppArmor profile Docker applies, which keeps the container from mounting and from writing to /proc and /sys. Remove it, or name a profile written for the service (`apparmor:<profile>`).',
      fixes: ['Remove apparmor=unconfined from security_opt'],
    },
  ]);
  const after = fixed(text, 'compose-unconfined-profile', 1, 'Remove apparmor=unconfined from security_opt');
  assert.equal(after, text.replace('      - apparmor=unconfined\n', ''));
  const again = applyEdits(after, composeFindings(after, 'compose-unconfined-profile')[0].data.fixes[0].edits).text;
  assert.equal(
    again,
    [
      'services:',
      '  mariadb:',
      '    image: mariadb:11',
      '    ## "user" starts the service with a specific user (optional):',
      '    # user: 1000:1000',
      '    command: --innodb-buffer-pool-size=512M',
      '',
    ].join('\n'),
    'the last entry takes its key along; the comments before the next key stay',
  );
});

test('compose-unconfined-profile: label and systempaths forms in a flow list; custom labels pass', () => {
  const text =
    'services:\n  a:\n    image: alpine:3.20\n    security_opt: ["label=disable", "label:type:spc_t", systempaths=unconfined, "label=type:container_t"]\n';
  assert.deepEqual(
    shown(text, 'compose-unconfined-profile').map((f) => f.token),
    ['"label=disable"', '"label:type:spc_t"', 'systempaths=unconfined'],
  );
  assert.equal(
    fixed(text, 'compose-unconfined-profile', 1, 'Remove label:type:spc_t from security_opt'),
    text.replace('"label:type:spc_t", ', ''),
  );
  assert.equal(
    fixed(text, 'compose-unconfined-profile', 0, 'Remove label=disable from security_opt'),
    text.replace('"label=disable", ', ''),
  );
});

// --- compose-host-namespace ---

test('compose-host-namespace: every host namespace key, on the value, each with its message', () => {
  const text = [
    'services:',
    '  monitor:',
    '    image: ghcr.io/example/monitor:2',
    '    network_mode: host   # sees every interface',
    '    pid: "host"',
    '    ipc: host',
    '    uts: host',
    '    userns_mode: host',
    '',
  ].join('\n');
  const found = shown(text, 'compose-host-namespace');
  assert.deepEqual(
    found.map((f) => [f.line, f.token, f.severity]),
    [
      [4, 'host', ERROR],
      [5, '"host"', ERROR],
      [6, 'host', ERROR],
      [7, 'host', ERROR],
      [8, 'host', ERROR],
    ],
  );
  assert.deepEqual(
    found.map((f) => f.message),
    [
      "`network_mode: host` shares the host's network stack: the container can bind any host port and reach services that listen only on the host's localhost, and network isolation no longer applies. Remove it, put the service on a user-defined network and publish only the ports it needs.",
      "`pid: host` shares the host's process namespace: the container sees every host process (with its command line and environment) and, with enough privilege, can signal or trace it. Remove it.",
      "`ipc: host` shares the host's IPC namespace: shared memory and semaphores of host processes are open to the container. Remove it, or share IPC only between cooperating services (`ipc: shareable` and `ipc: service:<name>`).",
      "`uts: host` shares the host's UTS namespace: the container uses the host's hostname and, with `SYS_ADMIN`, can change it for the whole host. Remove it; set `hostname:` if the service needs a particular name.",
      "`userns_mode: host` turns user-namespace remapping off for this container: its root is the host's root even where the daemon remaps the others (`userns-remap`). Remove it.",
    ],
  );
  assert.equal(
    fixed(text, 'compose-host-namespace', 0, 'Remove network_mode: host'),
    text.replace('    network_mode: host   # sees every interface\n', ''),
  );
  assert.equal(
    fixed(text, 'compose-host-namespace', 4, 'Remove userns_mode: host'),
    text.replace('    userns_mode: host\n', ''),
  );
});

test('compose-host-namespace: dockerd compares the exact word', () => {
  assert.deepEqual(
    shown(
      'services:\n  a:\n    image: alpine:3.20\n    network_mode: HOST\n    pid: host\n',
      'compose-host-namespace',
    ).map((f) => [f.line, f.token]),
    [[5, 'host']],
  );
});

test('compose-host-namespace: inherited through extends, on the service name; service: and container: modes pass', () => {
  const text = [
    'services:',
    '  vpn:',
    '    image: qmcgaw/gluetun:v3.39',
    '    network_mode: host',
    '  torrent:',
    '    extends: vpn',
    '  sidecar:',
    '    image: busybox:1.36',
    '    network_mode: "service:vpn"',
    '    pid: container:abc123',
    '',
  ].join('\n');
  const found = shown(text, 'compose-host-namespace');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [4, 'host'],
      [5, 'torrent'],
    ],
  );
  assert.equal(
    found[1].message,
    "Service `torrent` gets `network_mode: host` from service `vpn`, which shares the host's network stack: the container can bind any host port and reach services that listen only on the host's localhost, and network isolation no longer applies. Remove it where it is written, put the service on a user-defined network and publish only the ports it needs.",
  );
  assert.deepEqual(found[1].fixes, []);
});

// --- compose-docker-socket ---

test('compose-docker-socket: short and long syntax, on the mount; :ro is called out; no fix', () => {
  const text = [
    'services:',
    '  traefik:',
    '    image: traefik:v3.1',
    '    volumes:',
    '      - /var/run/docker.sock:/var/run/docker.sock:ro # watch containers',
    '      - ./traefik.yml:/etc/traefik/traefik.yml:ro',
    '  agent:',
    '    image: ghcr.io/example/agent:1',
    '    volumes:',
    '      - type: bind',
    '        source: /run/podman/podman.sock',
    '        target: /var/run/docker.sock',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-docker-socket'), [
    {
      line: 5,
      token: '/var/run/docker.sock:/var/run/docker.sock:ro',
      severity: ERROR,
      message:
        'Mounting `/var/run/docker.sock:/var/run/docker.sock:ro` gives the container the Docker API: whoever controls the container can start a privileged container and own the host (`:ro` does not help: the socket still takes commands). Remove the mount; if the service must talk to Docker, give it a socket proxy that allows only the calls it makes.',
      fixes: [],
    },
    {
      line: 11,
      token: '/run/podman/podman.sock',
      severity: ERROR,
      message:
        'Mounting `/run/podman/podman.sock` gives the container the Podman API: whoever controls the container can start a privileged container and own the host. Remove the mount; if the service must talk to Docker, give it a socket proxy that allows only the calls it makes.',
      fixes: [],
    },
  ]);
});

test('compose-docker-socket: the host root and /var/run; variables use their defaults', () => {
  const text = [
    'services:',
    '  node-exporter:',
    '    image: prom/node-exporter:v1.8.2',
    '    volumes:',
    '      - "/:/host:ro,rslave"',
    '      - /var/run:/var/run',
    '      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock',
    '      - ${SOCK}:/var/run/docker.sock',
    '      - ${DATA}:/data',
    '      - /var/lib/app:/data2',
    '',
  ].join('\n');
  const found = shown(text, 'compose-docker-socket');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [5, '"/:/host:ro,rslave"'],
      [6, '/var/run:/var/run'],
      [7, '${SOCK:-/var/run/docker.sock}:/var/run/docker.sock'],
      [8, '${SOCK}:/var/run/docker.sock'],
    ],
  );
  assert.equal(
    found[0].message,
    "Mounting `/:/host:ro,rslave` gives the container the host's whole filesystem: /etc/shadow, the Docker socket, every other container's data (read-only still reads them). Remove the mount and mount only the paths the service needs.",
  );
  assert.match(
    found[1].message,
    /^Mounting `\/var\/run:\/var\/run` gives the container the host's runtime directory, the Docker socket \(the Docker API\) included:/,
  );
});

test('compose-docker-socket: a socket merged from an anchor is reported on each service that uses it', () => {
  const text = [
    'x-docker: &docker',
    '  volumes:',
    '    - /var/run/docker.sock:/var/run/docker.sock',
    '',
    'services:',
    '  ci:',
    '    <<: *docker',
    '    image: ghcr.io/example/ci:1',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-docker-socket'), [
    {
      line: 6,
      token: 'ci',
      severity: ERROR,
      message:
        'Service `ci` mounts `/var/run/docker.sock:/var/run/docker.sock` (written in `x-docker` (line 3)), which gives the container the Docker API: whoever controls the container can start a privileged container and own the host. Remove the mount where it is written; if the service must talk to Docker, give it a socket proxy that allows only the calls it makes.',
      fixes: [],
    },
  ]);
});

// --- compose-devices ---

test('compose-devices: every entry, on the entry (the source for the long syntax); GPU reservations pass', () => {
  const text = [
    'services:',
    '  zigbee2mqtt:',
    '    image: koenkk/zigbee2mqtt:1.40.1',
    '    devices:',
    '      - /dev/ttyUSB0:/dev/ttyACM0 # Zigbee stick',
    '      - source: /dev/video0',
    '        target: /dev/video0',
    '  ollama:',
    '    image: ollama/ollama:0.3.12',
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - driver: nvidia',
    '              capabilities: [gpu]',
    '',
  ].join('\n');
  assert.deepEqual(shown(text, 'compose-devices'), [
    {
      line: 5,
      token: '/dev/ttyUSB0:/dev/ttyACM0',
      severity: WARNING,
      message:
        '`devices: /dev/ttyUSB0:/dev/ttyACM0` passes a host device into the container: it reaches the hardware and its kernel driver directly, past the container boundary. Keep it only if the service needs it, with the fewest permissions (`:r` or `:rw`, without `m`); otherwise remove it.',
      fixes: [],
    },
    {
      line: 6,
      token: '/dev/video0',
      severity: WARNING,
      message:
        '`devices: /dev/video0` passes a host device into the container: it reaches the hardware and its kernel driver directly, past the container boundary. Keep it only if the service needs it, with the fewest permissions (`:r` or `:rw`, without `m`); otherwise remove it.',
      fixes: [],
    },
  ]);
});

// --- suppression ---

test('# bulkhead-ignore above the service name silences an inherited finding; above the line, an own one', () => {
  const text = [
    'x-hardware: &hardware',
    '  privileged: true',
    'services:',
    '  # bulkhead-ignore compose-privileged -- hardware agent',
    '  sensor:',
    '    <<: *hardware',
    '    image: ghcr.io/example/sensor:2.1',
    '  logger:',
    '    <<: *hardware',
    '    image: ghcr.io/example/logger:2.1',
    '  runner:',
    '    image: docker:27-dind',
    '    # bulkhead-ignore compose-privileged',
    '    privileged: true',
    '',
  ].join('\n');
  assert.deepEqual(
    shown(text, 'compose-privileged').map((f) => f.token),
    ['logger'],
  );
});

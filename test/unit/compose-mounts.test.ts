// The Compose mount rules (sensitive host directories, shared propagation) and what they share with
// compose-docker-socket: volume entries read as compose-go reads them, one report per mount, exact messages and
// places, the propagation fix, and their hovers through the language dispatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeFindings, composeServiceFindings, applyEdits, checkComposeFixes } from './compose-helpers';
import { hoverText } from './helpers';
import { hostPath, parseVolumeSpec } from '../../server/src/compose/mounts';
import { interpolate } from '../../server/src/compose/interpolation';
import { lintDocument } from '../../server/src/service/languages';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';

const ERROR = 1;
const WARNING = 2;
const lines = (...l) => [...l, ''].join('\n');

/** Findings of a rule as `{ line, token, severity, message }` (1-based line), with the text they point at. */
function shown(text, rule) {
  const all = text.split('\n');
  return composeServiceFindings(text, rule).map((d) => {
    const { start, end } = d.range;
    return {
      line: start.line + 1,
      token: all[start.line].slice(start.character, start.line === end.line ? end.character : undefined),
      severity: d.severity,
      message: d.message,
    };
  });
}

// --- the short syntax, as compose-go's ParseVolume reads it (format/volume_test.go's cases) ---

test('volume entries split as compose-go splits them', () => {
  // anonymous volumes, Windows ones too, and specs of one or two characters
  for (const spec of ['/path', '/path/foo', 'C:\\path', 'Z:\\path\\foo', '.', '/a'])
    assert.deepEqual(parseVolumeSpec(spec), { target: spec, options: [] }, spec);
  // what compose-go refuses: too many colons, an empty section
  for (const spec of ['/foo:/foo:ro:foo', ':foo', '/foo::ro', '/foo::rw', ''])
    assert.equal(parseVolumeSpec(spec), undefined, spec);
  assert.deepEqual(parseVolumeSpec('~/thing:/target'), { source: '~/thing', target: '/target', options: [] });
  assert.deepEqual(parseVolumeSpec('D:\\path:d:\\target'), { source: 'D:\\path', target: 'd:\\target', options: [] });
  assert.deepEqual(parseVolumeSpec('C:\\source\\foo:D:\\target:ro,rprivate'), {
    source: 'C:\\source\\foo',
    target: 'D:\\target',
    options: ['ro', 'rprivate'],
  });
  assert.deepEqual(parseVolumeSpec('\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\inside'), {
    source: '\\\\.\\pipe\\docker_engine',
    target: '\\\\.\\pipe\\inside',
    options: [],
  });
});

test('HOME is taken as set when a rule asks: defaults, alternatives and $NAME as Compose substitutes a set variable', () => {
  const home = (name) => (name === 'HOME' ? '~' : undefined);
  const value = (text) => interpolate(text, () => '\0', home);
  assert.deepEqual(value('${HOME}/.ssh'), { value: '~/.ssh', unresolved: false, hadVariables: true });
  assert.equal(value('$HOME/.ssh').value, '~/.ssh');
  assert.equal(value('${HOME:-/root}/.ssh').value, '~/.ssh');
  assert.equal(value('${HOME-/root}/.ssh').value, '~/.ssh');
  assert.equal(value('${HOME:+/alt}/.ssh').value, '/alt/.ssh');
  assert.equal(value('${HOME:?set HOME}/.ssh').value, '~/.ssh');
  assert.deepEqual(value('${KEYS}/.ssh'), { value: '\0/.ssh', unresolved: true, hadVariables: true });
  // without `known`, nothing changes
  assert.equal(interpolate('${HOME}/.ssh').value, '${HOME}/.ssh');
});

// --- compose-sensitive-host-mount ---

test('compose-sensitive-host-mount: error when writable, warning read-only; keys and engine state stay errors', () => {
  const text = lines(
    'services:',
    '  agent:',
    '    image: ghcr.io/example/agent:2.0',
    '    volumes:',
    '      - /etc:/host/etc:ro',
    '      - /proc:/host/proc',
    '      - ~/.ssh:/root/.ssh:ro,rw,ro',
    '      - /var/lib/docker/containers:/containers:ro',
    '      - type: bind',
    '        source: /sys/fs/cgroup',
    '        target: /sys/fs/cgroup',
    '        read_only: true',
  );
  assert.deepEqual(shown(text, 'compose-sensitive-host-mount'), [
    {
      line: 5,
      token: '/etc:/host/etc:ro',
      severity: WARNING,
      message:
        "Mounting `/etc:/host/etc:ro` gives the container the host's configuration (`/etc`): it reads the password hashes in `/etc/shadow` and the credentials services keep there (read-only). Remove the mount, or mount only the file or directory the service needs.",
    },
    {
      line: 6,
      token: '/proc:/host/proc',
      severity: ERROR,
      message:
        "Mounting `/proc:/host/proc` gives the container the host's process information (`/proc`): it reads every host process's command line and environment, secrets passed in them included; writable, it can set kernel parameters (`/proc/sys/kernel/core_pattern` runs a program of its choice as root on the host) or crash the host. Remove the mount, or mount only the file or directory the service needs, read-only (`:ro`).",
    },
    {
      line: 7,
      token: '~/.ssh:/root/.ssh:ro,rw,ro',
      severity: ERROR,
      message:
        "Mounting `~/.ssh:/root/.ssh:ro,rw,ro` gives the container a user's SSH directory on the host (`~/.ssh`): it reads the private keys, which log in wherever that user can (read-only still reads them). Remove the mount; give the service a key of its own as a secret (`secrets:`), or forward an SSH agent's socket.",
    },
    {
      line: 8,
      token: '/var/lib/docker/containers:/containers:ro',
      severity: ERROR,
      message:
        "Mounting `/var/lib/docker/containers:/containers:ro` gives the container `/var/lib/docker/containers`, part of the Docker engine's state (`/var/lib/docker`): it reads every container's files and configuration, their environment variables and secrets included (read-only still reads them). Remove the mount; for containers' metadata, logs or metrics use the engine's API through a filtering socket proxy, or a logging driver.",
    },
    {
      line: 10,
      token: '/sys/fs/cgroup',
      severity: WARNING,
      message:
        "Mounting `/sys/fs/cgroup` gives the container `/sys/fs/cgroup`, part of the host's kernel and device settings (`/sys`): it reads what the host keeps there (read-only). Remove the mount, or mount only the file or directory the service needs.",
    },
  ]);
});

test('compose-sensitive-host-mount: a directory that holds one, devices, and mounts inherited through anchors and extends', () => {
  const text = lines(
    'x-keys: &keys',
    '  volumes:',
    '    - ${HOME}/.ssh:/home/app/.ssh:ro',
    'services:',
    '  backup:',
    '    <<: *keys',
    '    image: ghcr.io/example/backup:1.0',
    '  base:',
    '    image: ghcr.io/example/base:1.0',
    '    volumes:',
    '      - /var/lib:/host/var/lib:ro',
    '  child:',
    '    extends: base',
    '  gpu:',
    '    image: ghcr.io/example/gpu:1.0',
    '    volumes:',
    '      - /dev/dri:/dev/dri:ro',
  );
  assert.deepEqual(shown(text, 'compose-sensitive-host-mount'), [
    {
      line: 5,
      token: 'backup',
      severity: ERROR,
      message:
        "Service `backup` mounts `${HOME}/.ssh:/home/app/.ssh:ro` (written in `x-keys` (line 3)), which gives the container a user's SSH directory on the host (`~/.ssh`): it reads the private keys, which log in wherever that user can (read-only still reads them). Remove the mount where it is written; give the service a key of its own as a secret (`secrets:`), or forward an SSH agent's socket.",
    },
    {
      line: 11,
      token: '/var/lib:/host/var/lib:ro',
      severity: ERROR,
      message:
        "Mounting `/var/lib:/host/var/lib:ro` gives the container everything inside it, the Docker engine's state (`/var/lib/docker`) and containerd's state (`/var/lib/containerd`): it reads every container's files and configuration, their environment variables and secrets included (read-only still reads them). Remove the mount; for containers' metadata, logs or metrics use the engine's API through a filtering socket proxy, or a logging driver.",
    },
    {
      line: 12,
      token: 'child',
      severity: ERROR,
      message:
        "Service `child` mounts `/var/lib:/host/var/lib:ro` (written in service `base`), which gives the container everything inside it, the Docker engine's state (`/var/lib/docker`) and containerd's state (`/var/lib/containerd`): it reads every container's files and configuration, their environment variables and secrets included (read-only still reads them). Remove the mount where it is written; for containers' metadata, logs or metrics use the engine's API through a filtering socket proxy, or a logging driver.",
    },
    {
      line: 17,
      token: '/dev/dri:/dev/dri:ro',
      severity: WARNING,
      message:
        'Mounting `/dev/dri:/dev/dri:ro` passes the host device `/dev/dri` into the container through `volumes`: it reaches the device and its kernel driver directly, past the container boundary, wherever the device rules let it open it (`:ro` does not change that). Pass the device the service needs with `devices:` and the fewest permissions, or remove the mount.',
    },
  ]);
});

test('one report per mount: the host root, the runtime directory and the engine sockets stay compose-docker-socket findings', () => {
  const text = lines(
    'services:',
    '  cadvisor:',
    '    image: gcr.io/cadvisor/cadvisor:v0.49.1',
    '    volumes:',
    '      - /:/rootfs:ro',
    '      - /var/run:/var/run:ro',
    '      - /run/containerd/containerd.sock:/run/containerd/containerd.sock',
    '      - ${HOME}:/var/run/docker.sock',
    '      - /etc/..:/host:ro',
    '      - /sys:/sys:ro',
    '      - /var/lib/docker/:/var/lib/docker:ro',
    '      - /dev/disk/:/dev/disk:ro',
  );
  const socket = composeFindings(text, 'compose-docker-socket').map((d) => d.range.start.line + 1);
  const sensitive = composeFindings(text, 'compose-sensitive-host-mount').map((d) => d.range.start.line + 1);
  // `/etc/..` is `/` once resolved
  assert.deepEqual(socket, [5, 6, 7, 8, 9]);
  assert.deepEqual(sensitive, [10, 11, 12]);
  assert.deepEqual(
    socket.filter((l) => sensitive.includes(l)),
    [],
  );
});

test('compose-sensitive-host-mount: variables decide only what they hold; public files read-only and project paths pass', () => {
  const text = lines(
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:2.4',
    '    volumes:',
    '      - ${SSH_DIR}:/root/.ssh:ro',
    '      - ${KEYS_HOME}/.ssh:/keys',
    '      - /var/${DIR}:/data',
    '      - ${CONFIG:-./config}:/etc/app',
    '      - /etc/localtime:/etc/localtime:ro',
    '      - ./etc:/etc/app:ro',
    '      - etc:/etc/extra',
    '      - /etc/${APP}:/cfg:ro',
    '      - /home/${USER}/.ssh:/home/app/.ssh:ro',
    '      - ${KEYS:-~/.ssh}:/keys2:ro',
    '      - /etc/localtime:/etc/localtime',
    'volumes:',
    '  etc:',
  );
  assert.deepEqual(
    shown(text, 'compose-sensitive-host-mount').map((f) => [f.line, f.severity]),
    [
      [12, WARNING],
      [13, ERROR],
      [14, ERROR],
      [15, ERROR],
    ],
  );
  assert.match(
    shown(text, 'compose-sensitive-host-mount')[0].message,
    /^Mounting `\/etc\/\$\{APP\}:\/cfg:ro` gives the container `\/etc\/…`, part of the host's configuration \(`\/etc`\)/,
  );
});

// --- compose-mount-propagation-shared ---

const PROPAGATION_ADVICE =
  "appears on the host and in every container that shares it, and the host's own mounts appear in the container. Leave the propagation out (Docker's default is `rprivate`), or use `rslave` if the service must see mounts the host makes later.";

test('compose-mount-propagation-shared: on the option itself; the manual fix writes rprivate in its place', () => {
  const text = lines(
    'services:',
    '  rclone:',
    '    image: rclone/rclone:1.68',
    '    volumes:',
    '      - "/mnt/remote:/data:ro,rshared" # shows the FUSE mount on the host',
    '      - /srv:/srv:shared,rprivate',
    '  mounter:',
    '    image: ghcr.io/example/mounter:2.0',
    '    volumes: [{type: bind, source: /mnt, target: /mnt, bind: {propagation: shared}}]',
  );
  assert.deepEqual(shown(text, 'compose-mount-propagation-shared'), [
    {
      line: 5,
      token: 'rshared',
      severity: WARNING,
      message: `\`rshared\` on \`/mnt/remote:/data:ro,rshared\` puts the mount in the host's mount peer group: a mount the container makes under \`/data\` ${PROPAGATION_ADVICE}`,
    },
    {
      line: 9,
      token: 'shared',
      severity: WARNING,
      message: `\`bind.propagation: shared\` on \`/mnt\` puts the mount in the host's mount peer group: a mount the container makes under \`/mnt\` ${PROPAGATION_ADVICE}`,
    },
  ]);
  assert.equal(checkComposeFixes(text, 'compose-mount-propagation-shared'), 2);
  const found = composeFindings(text, 'compose-mount-propagation-shared');
  assert.deepEqual(
    found.map((d) => [d.data.fixes[0].title, d.data.fixes[0].manual]),
    [
      ['Set the propagation to rprivate (was rshared)', true],
      ['Set the propagation to rprivate (was shared)', true],
    ],
  );
  const fixed = applyEdits(
    text,
    found.flatMap((d) => d.data.fixes[0].edits),
  ).text;
  assert.equal(
    fixed,
    lines(
      'services:',
      '  rclone:',
      '    image: rclone/rclone:1.68',
      '    volumes:',
      '      - "/mnt/remote:/data:ro,rprivate" # shows the FUSE mount on the host',
      '      - /srv:/srv:shared,rprivate',
      '  mounter:',
      '    image: ghcr.io/example/mounter:2.0',
      '    volumes: [{type: bind, source: /mnt, target: /mnt, bind: {propagation: rprivate}}]',
    ),
  );
});

test('compose-mount-propagation-shared: inherited and variable entries are reported without a fix', () => {
  const text = lines(
    'x-mnt: &mnt',
    '  volumes:',
    '    - /mnt:/mnt:rshared',
    'services:',
    '  storage:',
    '    <<: *mnt',
    '    image: ghcr.io/example/storage:1.0',
    '  csi:',
    '    image: ghcr.io/example/csi:1.3',
    '    volumes:',
    '      - ${KUBELET_DIR:-/var/lib/kubelet}:/var/lib/kubelet:rshared',
  );
  const found = shown(text, 'compose-mount-propagation-shared');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [5, 'storage'],
      [11, '${KUBELET_DIR:-/var/lib/kubelet}:/var/lib/kubelet:rshared'],
    ],
  );
  assert.equal(
    found[0].message,
    `Service \`storage\` mounts \`/mnt:/mnt:rshared\` (written in \`x-mnt\` (line 3)), whose \`rshared\` puts the mount in the host's mount peer group: a mount the container makes under \`/mnt\` appears on the host and in every container that shares it, and the host's own mounts appear in the container. Leave the propagation out where it is written (Docker's default is \`rprivate\`), or use \`rslave\` if the service must see mounts the host makes later.`,
  );
  assert.deepEqual(
    composeFindings(text, 'compose-mount-propagation-shared').map((d) => d.data.fixes.length),
    [0, 0],
  );
});

// --- hovers, through the language dispatch and the rule registry ---

test('the mount rules and the limits rule explain themselves in a hover on their findings', () => {
  const text = lines(
    'services:',
    '  agent:',
    '    image: ghcr.io/example/agent:2.0',
    '    volumes:',
    '      - /etc:/host/etc',
    '      - /mnt:/mnt:rshared',
  );
  const lint = lintDocument('compose', text, 'file:///w/compose.yaml', {
    config: DEFAULT_CONFIG,
    env: { dockerignore: null },
    daemon: {},
  });
  const at = (line, character) => hoverText(lint.hover({ line, character }))!;
  const mount = at(4, 10);
  assert.match(mount, /Sensitive host directory mounted/);
  assert.match(mount, /\*\*Why it matters:\*\*/);
  assert.match(mount, /CIS 5\.6/);
  assert.match(mount, /bulkhead-ignore compose-sensitive-host-mount/);
  const propagation = at(5, 20);
  assert.match(propagation, /Bind mount with shared propagation/);
  assert.match(propagation, /CIS 5\.20/);
  const limits = at(1, 3);
  assert.match(limits, /No memory or PIDs limit/);
  assert.match(limits, /CIS 5\.29/);
});

// --- merge keys, named volumes in the long syntax, values from anchors ---

test('a volume entry that merges itself is read without a stack overflow, and list merges are followed', () => {
  const cyclic = lines(
    'services:',
    '  a:',
    '    image: x',
    '    volumes:',
    '      - &v',
    '        type: bind',
    '        source: /etc',
    '        target: /x',
    '        <<: *v',
  );
  for (const rule of ['compose-docker-socket', 'compose-sensitive-host-mount', 'compose-mount-propagation-shared'])
    assert.doesNotThrow(() => composeServiceFindings(cyclic, rule), rule);
  assert.deepEqual(
    shown(cyclic, 'compose-sensitive-host-mount').map((f) => [f.line, f.token]),
    [[7, '/etc']],
  );
  // `<<: [*a, *b]`: the source and the propagation come from two anchors
  const list = lines(
    'x-src: &src {source: /mnt}',
    'x-bind: &bind {bind: {propagation: shared}}',
    'services:',
    '  a:',
    '    image: x',
    '    volumes:',
    '      - <<: [*src, *bind]',
    '        type: bind',
    '        target: /mnt',
  );
  assert.deepEqual(
    shown(list, 'compose-mount-propagation-shared').map((f) => f.line),
    [7],
  );
});

test('compose-sensitive-host-mount: a named volume the local driver binds is reported in the long syntax too', () => {
  const text = lines(
    'services:',
    '  short:',
    '    image: x',
    '    volumes: ["hostetc:/x"]',
    '  long:',
    '    image: x',
    '    volumes:',
    '      - {type: volume, source: hostetc, target: /x}',
    'volumes:',
    '  hostetc: {driver: local, driver_opts: {type: none, o: bind, device: /etc}}',
  );
  const found = shown(text, 'compose-sensitive-host-mount');
  assert.deepEqual(
    found.map((f) => [f.line, f.token]),
    [
      [4, '"hostetc:/x"'],
      [8, 'hostetc'],
    ],
  );
  assert.match(found[1].message, /^Mounting `hostetc` \(volume `hostetc` binds the host's `\/etc`, line 10\)/);
  // a named volume is no socket and takes no propagation
  assert.deepEqual(shown(text, 'compose-docker-socket'), []);
});

test('compose-mount-propagation-shared: a propagation from an anchor is reported at each entry, without a fix', () => {
  const text = lines(
    'x-b: &b {propagation: shared}',
    'services:',
    '  a:',
    '    image: x',
    '    volumes:',
    '      - {type: bind, source: /mnt, target: /mnt, bind: *b}',
    '  b:',
    '    image: x',
    '    volumes:',
    '      - {type: bind, source: /srv, target: /srv, bind: *b}',
  );
  assert.deepEqual(
    shown(text, 'compose-mount-propagation-shared').map((f) => [f.line, f.token]),
    [
      [6, '{type: bind, source: /mnt, target: /mnt, bind: *b}'],
      [10, '{type: bind, source: /srv, target: /srv, bind: *b}'],
    ],
  );
  assert.deepEqual(
    composeFindings(text, 'compose-mount-propagation-shared').map((d) => d.data.fixes.length),
    [0, 0],
  );
});

test('one host-path parser: the engine socket rule folds `//`, `.` and `..` as the sensitive-path rule does', () => {
  assert.deepEqual(hostPath('/var//run/./x/..'), { root: '/', parts: ['var', 'run'], drive: undefined });
  assert.deepEqual(hostPath('C:\\Users\\me\\..\\.ssh'), { root: 'C:', parts: ['Users', '.ssh'], drive: 'C:' });
  assert.equal(hostPath('./data'), undefined);
  assert.equal(hostPath('//./pipe/docker_engine'), undefined);
  const text = lines('services:', '  a:', '    image: x', '    volumes: ["/var//run/.:/r", "/etc/..:/h"]');
  assert.deepEqual(
    shown(text, 'compose-docker-socket').map((f) => f.line),
    [4, 4],
  );
});

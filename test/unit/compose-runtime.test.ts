// The Compose runtime rules (writable root filesystem, resource limits, root user, exposed datastores, secrets in
// environment, latest images): exact messages and places, and each fix applied to the whole file, indentation and
// comments kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeFindings, applyEdits, checkComposeFixes } from './compose-helpers';
import { DATA_TABLES } from '../../server/src/data/tables';

/** Findings of a rule as `{ line, token, message, fixes }` (1-based line), with the token they point at. */
function shown(text, rule, opts?) {
  const lines = text.split('\n');
  return composeFindings(text, rule, opts).map((d) => {
    const { start, end } = d.range;
    const token =
      start.line === end.line
        ? lines[start.line].slice(start.character, end.character)
        : `${lines[start.line].slice(start.character)}…`;
    return { line: start.line + 1, token, message: d.message, fixes: d.data.fixes.map((f) => f.title) };
  });
}

/** Apply the only fix of the `index`th finding of `rule` (after the generic fix check), and return the whole text. */
function fixed(text, rule, index = 0) {
  assert.ok(checkComposeFixes(text, rule) > 0, 'the generic fix check ran');
  const found = composeFindings(text, rule);
  const fix = found[index]?.data.fixes[0];
  assert.ok(fix, `no fix on finding ${index}`);
  assert.equal(fix.manual, true, 'never applied by Fix all');
  assert.equal(fix.isPreferred, true);
  return applyEdits(text, fix.edits).text;
}

const lines = (...l) => [...l, ''].join('\n');

// --- compose-writable-rootfs ---

const ROOTFS_ADVICE = 'Set `read_only: true` and mount tmpfs (or volumes) for the paths it writes (`tmpfs: [/tmp]`).';

test('compose-writable-rootfs: absent read_only is reported on the service name; the fix adds read_only and tmpfs', () => {
  const text = lines(
    'services:',
    '  # the API',
    '  api:',
    '    image: ghcr.io/example/api:2.4   # pinned',
    '    environment:',
    '      LOG_LEVEL: info',
    '',
    'volumes: {}',
  );
  assert.deepEqual(shown(text, 'compose-writable-rootfs'), [
    {
      line: 3,
      token: 'api',
      message: `Service \`api\` runs with a writable root filesystem: whoever gets code execution in it can replace its binaries and drop tools. ${ROOTFS_ADVICE}`,
      fixes: ['Make the root filesystem read-only (read_only: true, tmpfs: [/tmp])'],
    },
  ]);
  assert.equal(
    fixed(text, 'compose-writable-rootfs'),
    lines(
      'services:',
      '  # the API',
      '  api:',
      '    image: ghcr.io/example/api:2.4   # pinned',
      '    environment:',
      '      LOG_LEVEL: info',
      '    read_only: true',
      '    tmpfs: [/tmp]',
      '',
      'volumes: {}',
    ),
  );
});

test('compose-writable-rootfs: `read_only: false` is turned true in place and /tmp joins the own tmpfs list', () => {
  const text = lines(
    'services:',
    '  web:',
    '    image: nginx:1.27-alpine',
    '    read_only: false # cache written in place',
    '    tmpfs:',
    '      - /var/cache/nginx',
    '    ports: ["127.0.0.1:8080:80"]',
  );
  assert.deepEqual(
    shown(text, 'compose-writable-rootfs').map((f) => [f.line, f.token, f.message]),
    [
      [
        4,
        'false',
        `\`read_only: false\` leaves the root filesystem of service \`web\` writable: whoever gets code execution in it can replace its binaries and drop tools. ${ROOTFS_ADVICE}`,
      ],
    ],
  );
  assert.equal(
    fixed(text, 'compose-writable-rootfs'),
    lines(
      'services:',
      '  web:',
      '    image: nginx:1.27-alpine',
      '    read_only: true # cache written in place',
      '    tmpfs:',
      '      - /var/cache/nginx',
      '      - /tmp',
      '    ports: ["127.0.0.1:8080:80"]',
    ),
  );
});

test('compose-writable-rootfs: a one-line tmpfs becomes a list, a flow service gets the keys inline, /tmp already there is kept', () => {
  assert.equal(
    fixed(lines('services:', '  web:', '    image: nginx:1.27', '    tmpfs: /run'), 'compose-writable-rootfs'),
    lines('services:', '  web:', '    image: nginx:1.27', '    tmpfs: [/run, /tmp]', '    read_only: true'),
  );
  assert.equal(
    fixed(
      lines('services:', '  worker: { image: "ghcr.io/example/w:1.0", command: ["work"] }'),
      'compose-writable-rootfs',
    ),
    lines(
      'services:',
      '  worker: { image: "ghcr.io/example/w:1.0", command: ["work"], read_only: true, tmpfs: [/tmp] }',
    ),
  );
  const withTmp = lines('services:', '  web:', '    image: nginx:1.27', '    tmpfs: ["/tmp:size=16m"]');
  const [finding] = composeFindings(withTmp, 'compose-writable-rootfs');
  assert.equal(finding.data.fixes[0].title, 'Make the root filesystem read-only (read_only: true)');
  assert.equal(
    applyEdits(withTmp, finding.data.fixes[0].edits).text,
    lines('services:', '  web:', '    image: nginx:1.27', '    tmpfs: ["/tmp:size=16m"]', '    read_only: true'),
  );
});

test('compose-writable-rootfs: an inherited false is reported on the service name, saying where it is written', () => {
  const text = lines(
    'x-defaults: &defaults',
    '  read_only: false',
    '',
    'services:',
    '  api:',
    '    <<: *defaults',
    '    image: ghcr.io/example/api:2.4',
  );
  assert.deepEqual(
    shown(text, 'compose-writable-rootfs').map((f) => [f.line, f.token, f.message]),
    [
      [
        5,
        'api',
        `Service \`api\` gets \`read_only: false\` (from \`x-defaults\`, line 2), so its root filesystem is writable: whoever gets code execution in it can replace its binaries and drop tools. ${ROOTFS_ADVICE}`,
      ],
    ],
  );
  // an own key overrides the merged one
  assert.equal(
    fixed(text, 'compose-writable-rootfs'),
    lines(
      'x-defaults: &defaults',
      '  read_only: false',
      '',
      'services:',
      '  api:',
      '    <<: *defaults',
      '    image: ghcr.io/example/api:2.4',
      '    read_only: true',
      '    tmpfs: [/tmp]',
    ),
  );
});

test('compose-writable-rootfs: quiet in Compose override files and for partial services', () => {
  const text = lines('services:', '  api:', '    build: .', '  worker:', '    environment:', '      DEBUG: "1"');
  assert.equal(
    composeFindings(text, 'compose-writable-rootfs', { uri: 'file:///work/app/compose.override.yaml' }).length,
    0,
  );
  assert.equal(
    composeFindings(text, 'compose-writable-rootfs', { uri: 'file:///work/app/docker-compose.override.yml' }).length,
    0,
  );
  assert.deepEqual(
    shown(text, 'compose-writable-rootfs').map((f) => f.token),
    ['api'],
    'worker has no image and no build: defined elsewhere',
  );
});

// --- compose-no-resource-limits ---

const ALL_MISSING = (name) =>
  `Service \`${name}\` has no memory, PIDs or CPU limit: a leak, a fork bomb or a busy loop in it can take all of the host's memory, fill the host's process table or hog the host's CPUs and starve everything else there. Cap it, sized for what it needs: \`deploy.resources.limits\` (\`memory\`, \`pids\`, \`cpus\`), or \`mem_limit\`, \`pids_limit\` and \`cpus\`.`;
const LIMITS_FIX = 'Add memory, PIDs and CPU limits (memory 512M, pids 256, cpus 1.0: size them for the service)';

test("compose-no-resource-limits: message on the service name; the fix adds a deploy block in the file's indentation", () => {
  const text = lines(
    'services:',
    '    api:',
    '        image: ghcr.io/example/api:2.4',
    '        # talks to the db',
    '        environment:',
    '            DB_HOST: db',
  );
  assert.deepEqual(shown(text, 'compose-no-resource-limits'), [
    { line: 2, token: 'api', message: ALL_MISSING('api'), fixes: [LIMITS_FIX] },
  ]);
  assert.equal(
    fixed(text, 'compose-no-resource-limits'),
    lines(
      'services:',
      '    api:',
      '        image: ghcr.io/example/api:2.4',
      '        # talks to the db',
      '        environment:',
      '            DB_HOST: db',
      '        deploy:',
      '            resources:',
      '                limits:',
      '                    cpus: "1.0"',
      '                    memory: 512M',
      '                    pids: 256',
    ),
  );
});

test('compose-no-resource-limits: the message and the fix name only what is missing; a CPU limit alone is not enough', () => {
  const text = lines(
    'services:',
    '  encoder:',
    '    image: ghcr.io/example/encoder:5.0',
    '    cpus: 2',
    '  api:',
    '    image: ghcr.io/example/api:2.4',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          cpus: "0.5"',
    '          memory: 256M',
    '  builder:',
    '    image: ghcr.io/example/builder:3.1',
    '    mem_limit: 2g',
    '    pids_limit: -1 # unlimited',
  );
  assert.deepEqual(shown(text, 'compose-no-resource-limits'), [
    {
      line: 2,
      token: 'encoder',
      message:
        "Service `encoder` has no memory or PIDs limit: a leak or a fork bomb in it can take all of the host's memory or fill the host's process table and starve everything else there. Cap it, sized for what it needs: `deploy.resources.limits` (`memory`, `pids`), or `mem_limit` and `pids_limit`.",
      fixes: ['Add memory and PIDs limits (memory 512M, pids 256: size them for the service)'],
    },
    {
      line: 5,
      token: 'api',
      message:
        "Service `api` has no PIDs limit: a fork bomb in it can fill the host's process table and starve everything else there. Cap it, sized for what it needs: `deploy.resources.limits.pids`, or `pids_limit`.",
      fixes: ['Add a PIDs limit (pids 256: size it for the service)'],
    },
    {
      line: 12,
      token: 'builder',
      message:
        "Service `builder` has no PIDs or CPU limit: a fork bomb or a busy loop in it can fill the host's process table or hog the host's CPUs and starve everything else there. Cap it, sized for what it needs: `deploy.resources.limits` (`pids`, `cpus`), or `pids_limit` and `cpus`.",
      fixes: ['Add PIDs and CPU limits (pids 256, cpus 1.0: size them for the service)'],
    },
  ]);
  assert.ok(checkComposeFixes(text, 'compose-no-resource-limits') === 3);
  // each fix in turn (the first finding left is the next service's)
  let fixedAll = text;
  for (let i = 0; i < 3; i++)
    fixedAll = applyEdits(
      fixedAll,
      composeFindings(fixedAll, 'compose-no-resource-limits')[0].data.fixes[0].edits,
    ).text;
  assert.equal(
    fixedAll,
    lines(
      'services:',
      '  encoder:',
      '    image: ghcr.io/example/encoder:5.0',
      '    cpus: 2',
      '    mem_limit: 512m',
      '    pids_limit: 256',
      '  api:',
      '    image: ghcr.io/example/api:2.4',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          cpus: "0.5"',
      '          memory: 256M',
      '          pids: 256',
      '  builder:',
      '    image: ghcr.io/example/builder:3.1',
      '    mem_limit: 2g',
      '    pids_limit: 256 # unlimited',
      '    cpus: 1.0',
    ),
  );
  assert.deepEqual(composeFindings(fixedAll, 'compose-no-resource-limits'), []);
});

test('compose-no-resource-limits: the limits go under an existing deploy / resources / limits, keeping its comments', () => {
  assert.equal(
    fixed(
      lines(
        'services:',
        '  api:',
        '    image: ghcr.io/example/api:2.4',
        '    deploy:',
        '      replicas: 2 # two of them',
        '  db:',
        '    image: postgres:16',
        '    mem_limit: 1g',
        '    pids_limit: 200',
      ),
      'compose-no-resource-limits',
    ),
    lines(
      'services:',
      '  api:',
      '    image: ghcr.io/example/api:2.4',
      '    deploy:',
      '      replicas: 2 # two of them',
      '      resources:',
      '        limits:',
      '          cpus: "1.0"',
      '          memory: 512M',
      '          pids: 256',
      '  db:',
      '    image: postgres:16',
      '    mem_limit: 1g',
      '    pids_limit: 200',
    ),
  );
  assert.equal(
    fixed(
      lines(
        'services:',
        '  api:',
        '    image: ghcr.io/example/api:2.4',
        '    deploy:',
        '      resources:',
        '        reservations:',
        '          memory: 64M',
      ),
      'compose-no-resource-limits',
    ),
    lines(
      'services:',
      '  api:',
      '    image: ghcr.io/example/api:2.4',
      '    deploy:',
      '      resources:',
      '        reservations:',
      '          memory: 64M',
      '        limits:',
      '          cpus: "1.0"',
      '          memory: 512M',
      '          pids: 256',
    ),
  );
  // a limit of 0 in the limits is set, not doubled; the service key must agree with the deploy limit (compose-go)
  assert.equal(
    fixed(
      lines(
        'services:',
        '  api:',
        '    image: ghcr.io/example/api:2.4',
        '    pids_limit: -1',
        '    deploy:',
        '      resources:',
        '        limits:',
        '          memory: 0 # none',
        '          cpus: "2"',
      ),
      'compose-no-resource-limits',
    ),
    lines(
      'services:',
      '  api:',
      '    image: ghcr.io/example/api:2.4',
      '    pids_limit: 256',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 512M # none',
      '          cpus: "2"',
      '          pids: 256',
    ),
  );
  assert.equal(
    fixed(
      lines('services:', '  api: { image: "ghcr.io/example/api:2.4", deploy: { replicas: 2 } }'),
      'compose-no-resource-limits',
    ),
    lines(
      'services:',
      '  api: { image: "ghcr.io/example/api:2.4", deploy: { replicas: 2, resources: {limits: {cpus: "1.0", memory: 512M, pids: 256}} } }',
    ),
  );
});

test('compose-no-resource-limits: service keys for version 2 files, inherited deploy, and own zero limits; none for inherited limits', () => {
  assert.equal(
    fixed(lines('version: "2.4"', 'services:', '  db:', '    image: postgres:16'), 'compose-no-resource-limits'),
    lines(
      'version: "2.4"',
      'services:',
      '  db:',
      '    image: postgres:16',
      '    mem_limit: 512m',
      '    cpus: 1.0',
      '    pids_limit: 256',
    ),
  );
  assert.equal(
    fixed(
      lines(
        'x-deploy: &deploy',
        '  deploy:',
        '    replicas: 2',
        'services:',
        '  api:',
        '    <<: *deploy',
        '    image: ghcr.io/example/api:2.4',
      ),
      'compose-no-resource-limits',
    ),
    lines(
      'x-deploy: &deploy',
      '  deploy:',
      '    replicas: 2',
      'services:',
      '  api:',
      '    <<: *deploy',
      '    image: ghcr.io/example/api:2.4',
      '    mem_limit: 512m',
      '    cpus: 1.0',
      '    pids_limit: 256',
    ),
  );
  assert.equal(
    fixed(
      lines(
        'services:',
        '  api:',
        '    image: ghcr.io/example/api:2.4',
        '    mem_limit: 0   # unlimited',
        '    cpu_shares: 512',
      ),
      'compose-no-resource-limits',
    ),
    lines(
      'services:',
      '  api:',
      '    image: ghcr.io/example/api:2.4',
      '    mem_limit: 512m   # unlimited',
      '    cpu_shares: 512',
      '    cpus: 1.0',
      '    pids_limit: 256',
    ),
  );
  // limits written in an anchor other services share: a service key would contradict them, the anchor is theirs too
  const inherited = lines(
    'x-limits: &limits',
    '  deploy: { resources: { limits: { memory: 256M } } }',
    'services:',
    '  api:',
    '    <<: *limits',
    '    image: ghcr.io/example/api:2.4',
  );
  assert.deepEqual(
    shown(inherited, 'compose-no-resource-limits').map((f) => [f.token, f.fixes]),
    [['api', []]],
  );
});

test('compose-no-resource-limits: memory and PIDs limits are enough, wherever they come from; Windows has no PIDs limit', () => {
  const text = lines(
    'x-limits: &limits',
    '  deploy: { resources: { limits: { memory: 256M, pids: 100 } } }',
    'services:',
    '  merged:',
    '    <<: *limits',
    '    image: ghcr.io/example/a:1.0',
    '  base:',
    '    image: ghcr.io/example/b:1.0',
    '    mem_limit: 1g',
    '    pids_limit: 50',
    '  child:',
    '    extends: base',
    '  windows:',
    '    image: mcr.microsoft.com/windows/nanoserver:ltsc2022',
    '    mem_limit: 1g',
    '  shares:',
    '    image: ghcr.io/example/d:1.0',
    '    cpu_shares: 512',
    '    mem_reservation: 128m',
    '    pids_limit: 100',
  );
  assert.deepEqual(
    shown(text, 'compose-no-resource-limits').map((f) => f.token),
    ['shares'],
  );
});

test('compose-no-resource-limits: services that lack the same limits are reported once; the others on their own', () => {
  const text = lines(
    'services:',
    '  a:',
    '    image: ghcr.io/example/a:1.0',
    '  b:',
    '    image: ghcr.io/example/b:1.0',
    '  c:',
    '    image: ghcr.io/example/c:1.0',
    '  d:',
    '    image: ghcr.io/example/d:1.0',
    '    mem_limit: 1g',
  );
  const found = composeFindings(text, 'compose-no-resource-limits');
  assert.deepEqual(
    found.map((d) => [d.range.start.line + 1, d.message.split(':')[0]]),
    [
      [1, 'Services `a`, `b` and `c` have no memory, PIDs or CPU limit'],
      [8, 'Service `d` has no PIDs or CPU limit'],
    ],
  );
  assert.equal(
    found[0].data.fixes[0].title,
    'Add memory, PIDs and CPU limits (memory 512M, pids 256, cpus 1.0: size them for the service) (all 3 services)',
  );
});

// --- compose-runs-as-root ---

const ROOT_ADVICE =
  'Run it as an unprivileged user (`user: "10001:10001"`, or the non-root user the image provides) that owns only what it must write.';

test("compose-runs-as-root: Windows services run as ContainerAdministrator (either case) are the container's administrator", () => {
  const text = lines(
    'services:',
    '  web:',
    '    image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
    '    user: containeradministrator',
    '  fine:',
    '    image: mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022',
    '    user: ContainerUser',
  );
  assert.deepEqual(shown(text, 'compose-runs-as-root'), [
    {
      line: 4,
      token: 'containeradministrator',
      message:
        "Service `web` runs as the Windows container's administrator (`user: containeradministrator`): an escape from the container, or a mounted volume or named pipe, then works with an administrator's rights. Run it as `ContainerUser` (`user: ContainerUser`), the unprivileged account Windows images provide.",
      fixes: [],
    },
  ]);
});

test('compose-runs-as-root: messages on the value, for names, uids, groups and variable defaults; no fix', () => {
  const text = lines(
    'services:',
    '  exporter:',
    '    image: prom/node-exporter:v1.8.2',
    '    user: root # reads /proc',
    '  numeric: { image: "ghcr.io/example/n:1.0", user: 0 }',
    '  group:',
    '    image: ghcr.io/example/g:1.0',
    '    user: "0:1000"',
    '  variable:',
    '    image: ghcr.io/example/v:1.0',
    '    user: "${APP_UID:-0}:${APP_GID:-0}"',
    '  fine:',
    '    image: ghcr.io/example/f:1.0',
    '    user: "${APP_UID}:1000"',
  );
  const why = "an escape from the container, or a mounted volume, socket or device, then works with root's rights.";
  assert.deepEqual(shown(text, 'compose-runs-as-root'), [
    {
      line: 4,
      token: 'root',
      message: `Service \`exporter\` runs as root (\`user: root\`): ${why} ${ROOT_ADVICE}`,
      fixes: [],
    },
    {
      line: 5,
      token: '0',
      message: `Service \`numeric\` runs as root (\`user: 0\`): ${why} ${ROOT_ADVICE}`,
      fixes: [],
    },
    {
      line: 8,
      token: '"0:1000"',
      message: `Service \`group\` runs as root (\`user: 0:1000\`): ${why} ${ROOT_ADVICE}`,
      fixes: [],
    },
    {
      line: 11,
      token: '"${APP_UID:-0}:${APP_GID:-0}"',
      message: `Service \`variable\` runs as root (\`user: \${APP_UID:-0}:\${APP_GID:-0}\`, \`0:0\` when the variable is not set): ${why} ${ROOT_ADVICE}`,
      fixes: [],
    },
  ]);
});

test('compose-runs-as-root: an inherited user is reported on the service name', () => {
  const text = lines(
    'services:',
    '  base:',
    '    image: ghcr.io/example/b:1.0',
    '    user: root',
    '  child:',
    '    extends: base',
  );
  assert.deepEqual(
    shown(text, 'compose-runs-as-root').map((f) => [f.line, f.token, f.message.split(':')[0]]),
    [
      [4, 'root', 'Service `base` runs as root (`user'],
      [5, 'child', 'Service `child` runs as root (`user'],
    ],
  );
  assert.match(
    composeFindings(text, 'compose-runs-as-root')[1].message,
    /\(`user: root`\) \(from service `base`\): an escape/,
  );
});

// --- compose-exposed-datastore ---

const EXPOSED = (service, product, image, what, bound, from = '') =>
  `Service \`${service}\` runs ${product} (\`${image}\`) and ${what}${from} on every host interface: anyone who can reach this host can connect to it, and Docker's published ports bypass most host firewalls. Bind it to this host (\`${bound}\`) or to the one interface its clients use, or remove the port and let the other services reach it over the Compose network.`;
const BIND = 'Bind the port to 127.0.0.1 (this host only)';

test('compose-exposed-datastore: short syntax, on the port; the fix binds to 127.0.0.1 inside the quotes', () => {
  const text = lines(
    'services:',
    '  db:',
    '    image: postgres:16-alpine',
    '    ports:',
    '      - "5432:5432"   # psql from the host',
    "      - '0.0.0.0:5433:5432'",
    '      - 5434:5432',
    '      - "127.0.0.1:5435:5432"',
  );
  assert.deepEqual(shown(text, 'compose-exposed-datastore'), [
    {
      line: 5,
      token: '"5432:5432"',
      message: EXPOSED('db', 'PostgreSQL', 'postgres:16-alpine', 'publishes `5432:5432`', '127.0.0.1:5432:5432'),
      fixes: [BIND],
    },
    {
      line: 6,
      token: "'0.0.0.0:5433:5432'",
      message: EXPOSED(
        'db',
        'PostgreSQL',
        'postgres:16-alpine',
        'publishes `0.0.0.0:5433:5432`',
        '127.0.0.1:5433:5432',
      ),
      fixes: [BIND],
    },
    {
      line: 7,
      token: '5434:5432',
      message: EXPOSED('db', 'PostgreSQL', 'postgres:16-alpine', 'publishes `5434:5432`', '127.0.0.1:5434:5432'),
      fixes: [BIND],
    },
  ]);
  assert.equal(
    fixed(text, 'compose-exposed-datastore', 0),
    lines(
      'services:',
      '  db:',
      '    image: postgres:16-alpine',
      '    ports:',
      '      - "127.0.0.1:5432:5432"   # psql from the host',
      "      - '0.0.0.0:5433:5432'",
      '      - 5434:5432',
      '      - "127.0.0.1:5435:5432"',
    ),
  );
  assert.equal(
    fixed(text, 'compose-exposed-datastore', 1),
    lines(
      'services:',
      '  db:',
      '    image: postgres:16-alpine',
      '    ports:',
      '      - "5432:5432"   # psql from the host',
      "      - '127.0.0.1:5433:5432'",
      '      - 5434:5432',
      '      - "127.0.0.1:5435:5432"',
    ),
  );
});

test('compose-exposed-datastore: a container port alone publishes a random host port on every interface (decision: it fires)', () => {
  const text = lines(
    'services:',
    '  cache:',
    '    image: bitnami/redis:7.4',
    '    ports: [6379, "127.0.0.1:6380:6379"]',
    '    expose: ["6381"]',
  );
  assert.deepEqual(shown(text, 'compose-exposed-datastore'), [
    {
      line: 4,
      token: '6379',
      message: EXPOSED(
        'cache',
        'Redis',
        'bitnami/redis:7.4',
        'publishes container port `6379` on a random host port',
        '127.0.0.1::6379',
      ),
      fixes: [BIND],
    },
  ]);
  assert.equal(
    fixed(text, 'compose-exposed-datastore'),
    lines(
      'services:',
      '  cache:',
      '    image: bitnami/redis:7.4',
      '    ports: [127.0.0.1::6379, "127.0.0.1:6380:6379"]',
      '    expose: ["6381"]',
    ),
  );
});

test('compose-exposed-datastore: long syntax gets host_ip in its indentation, or has 0.0.0.0 replaced', () => {
  const text = lines(
    'services:',
    '  mongo:',
    '    image: mongo:7',
    '    ports:',
    '      - target: 27017',
    '        published: "27017" # the driver port',
    '      - target: 27018',
    '        host_ip: 0.0.0.0',
  );
  assert.deepEqual(
    shown(text, 'compose-exposed-datastore').map((f) => [f.line, f.token, f.message]),
    [
      [
        6,
        '"27017"',
        EXPOSED('mongo', 'MongoDB', 'mongo:7', 'publishes port `27017:27017` without `host_ip`', 'host_ip: 127.0.0.1'),
      ],
      [
        8,
        '0.0.0.0',
        EXPOSED(
          'mongo',
          'MongoDB',
          'mongo:7',
          'publishes container port `27018` on a random host port with `host_ip: 0.0.0.0`',
          'host_ip: 127.0.0.1',
        ),
      ],
    ],
  );
  assert.equal(
    fixed(text, 'compose-exposed-datastore', 0),
    lines(
      'services:',
      '  mongo:',
      '    image: mongo:7',
      '    ports:',
      '      - target: 27017',
      '        published: "27017" # the driver port',
      '        host_ip: 127.0.0.1',
      '      - target: 27018',
      '        host_ip: 0.0.0.0',
    ),
  );
  assert.equal(
    fixed(text, 'compose-exposed-datastore', 1),
    lines(
      'services:',
      '  mongo:',
      '    image: mongo:7',
      '    ports:',
      '      - target: 27017',
      '        published: "27017" # the driver port',
      '      - target: 27018',
      '        host_ip: 127.0.0.1',
    ),
  );
  assert.equal(
    fixed(
      lines(
        'services:',
        '  rabbit:',
        '    image: rabbitmq:3-management',
        '    ports:',
        '      - { target: 15672, published: 15672 }',
      ),
      'compose-exposed-datastore',
    ),
    lines(
      'services:',
      '  rabbit:',
      '    image: rabbitmq:3-management',
      '    ports:',
      '      - { target: 15672, published: 15672, host_ip: 127.0.0.1 }',
    ),
  );
});

test('compose-exposed-datastore: inherited ports are reported on the service name without a fix; extends adds the base ports', () => {
  const text = lines(
    'x-db: &db',
    '  image: mariadb:11.4',
    '  ports:',
    '    - "3306:3306"',
    'services:',
    '  primary:',
    '    <<: *db',
    '  base:',
    '    image: mysql:8.4',
    '    ports: ["3307:3306"]',
    '  replica:',
    '    extends: base',
    '    ports: ["127.0.0.1:3308:3306"]',
  );
  assert.deepEqual(shown(text, 'compose-exposed-datastore'), [
    {
      line: 6,
      token: 'primary',
      message: EXPOSED(
        'primary',
        'MariaDB',
        'mariadb:11.4',
        'publishes `3306:3306`',
        '127.0.0.1:3306:3306',
        ' (from `x-db`, line 4)',
      ),
      fixes: [],
    },
    {
      line: 10,
      token: '"3307:3306"',
      message: EXPOSED('base', 'MySQL', 'mysql:8.4', 'publishes `3307:3306`', '127.0.0.1:3307:3306'),
      fixes: [BIND],
    },
    {
      line: 11,
      token: 'replica',
      message: EXPOSED(
        'replica',
        'MySQL',
        'mysql:8.4',
        'publishes `3307:3306`',
        '127.0.0.1:3307:3306',
        ' (from service `base`)',
      ),
      fixes: [],
    },
  ]);
});

test('compose-exposed-datastore: which images are datastores (table), and which addresses count as bound', () => {
  const service = (image, port = '"1234:1234"') =>
    lines('services:', '  s:', `    image: ${image}`, '    ports:', `      - ${port}`);
  for (const image of [
    'postgres',
    'docker.io/library/postgres:16',
    'bitnami/postgresql:16',
    'registry.corp/hub/mariadb:11',
    'redis/redis-stack:7.4.0-v1',
    'mcr.microsoft.com/mssql/server:2022-latest',
    'docker.elastic.co/elasticsearch/elasticsearch:8.15.0',
    'quay.io/coreos/etcd:v3.5.16',
    'confluentinc/cp-kafka:7.7.1',
    'postgres:${PG_VERSION:-16}',
    '${REGISTRY}/valkey/valkey:8',
  ]) {
    assert.equal(composeFindings(service(image), 'compose-exposed-datastore').length, 1, image);
  }
  for (const image of [
    'nginx:1.27',
    'adminer:4',
    'prometheuscommunity/postgres-exporter:v0.15.0',
    'mongo-express:1',
    'minio/minio:latest',
    'eclipse-mosquitto:2',
    'nats:2',
    '${DB_IMAGE}',
  ]) {
    assert.equal(composeFindings(service(image), 'compose-exposed-datastore').length, 0, image);
  }
  for (const port of [
    '"127.0.0.1:5432:5432"',
    '"[::1]:5432:5432"',
    '"10.0.0.5:5432:5432"',
    '"${SQL_PORT:-127.0.0.1:13306}:3306"',
    '"${DB_BIND_IP}:5432:5432"',
    '"${LISTEN_ADDR}:5432"',
  ]) {
    assert.equal(composeFindings(service('postgres:16', port), 'compose-exposed-datastore').length, 0, port);
  }
  for (const port of [
    '"${DB_PORT}:5432"',
    '"${DB_HOST_PORT:-5432}:5432"',
    '"5432-5433:5432-5433"',
    '"5432/tcp"',
    '":5432"',
  ]) {
    assert.equal(composeFindings(service('postgres:16', port), 'compose-exposed-datastore').length, 1, port);
  }
  assert.ok(DATA_TABLES.datastoreImages.length >= 30);
});

// --- compose-secret-in-environment ---

const KEEP_OUT = (name) =>
  `Keep it out of the file: a Compose secret (\`secrets:\`, read from /run/secrets/…, e.g. through \`${name}_FILE\` where the image supports it) or a reference filled from an untracked .env or the deploy environment (\`\${${name}:?${name} is not set}\`).`;
const LEAK = 'everyone who can read this file or its history has it, and `docker inspect` shows it.';

test('compose-secret-in-environment: masked value, on the value; the fix swaps in a required reference', () => {
  const text = lines(
    'services:',
    '  db:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_USER: app',
    '      POSTGRES_PASSWORD: s3cr3t-Value   # TODO: a secret',
  );
  assert.deepEqual(shown(text, 'compose-secret-in-environment'), [
    {
      line: 6,
      token: 's3cr3t-Value',
      message: `\`POSTGRES_PASSWORD\` in service \`db\` holds a literal secret (\`************\`): ${LEAK} ${KEEP_OUT('POSTGRES_PASSWORD')}`,
      fixes: ['Take POSTGRES_PASSWORD from the environment or .env instead of the file'],
    },
  ]);
  assert.ok(
    !JSON.stringify(composeFindings(text, 'compose-secret-in-environment')).includes('s3cr3t-Value'),
    'the secret never appears in full',
  );
  assert.equal(
    fixed(text, 'compose-secret-in-environment'),
    lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: app',
      '      POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"   # TODO: a secret',
    ),
  );
});

test('compose-secret-in-environment: one finding per secret, where it is first written; the other places are related information with their own fixes', () => {
  const text = lines(
    'services:',
    '  db:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_PASSWORD: Rk8vQz2mWp4x',
    '  api:',
    '    image: ghcr.io/example/api:2.4',
    '    environment:',
    '      DB_PASSWORD: Rk8vQz2mWp4x',
    '      DATABASE_URL: postgres://app:Rk8vQz2mWp4x@db/app',
    '      SESSION_SECRET: another-Secret-91',
  );
  const found = composeFindings(text, 'compose-secret-in-environment');
  assert.deepEqual(
    found.map((f) => f.range.start.line + 1),
    [5, 11],
  );
  const [shared, other] = found;
  assert.match(
    String(shared.message),
    /The same value is also written as `DB_PASSWORD` in service `api` and `DATABASE_URL` in service `api`\.$/,
  );
  assert.deepEqual(
    shared.relatedInformation?.map((r) => [r.location.range.start.line + 1, r.message]),
    [
      [9, '`DB_PASSWORD` in service `api`: the same secret'],
      [10, '`DATABASE_URL` in service `api`: the same secret'],
    ],
  );
  assert.deepEqual(
    (shared.data as { fixes: { title: string }[] }).fixes.map((f) => f.title),
    [
      'Take the value from the environment or .env in both places',
      'Take POSTGRES_PASSWORD from the environment or .env instead of the file',
      'Take DB_PASSWORD from the environment or .env instead of the file (`DB_PASSWORD` in service `api`)',
    ],
  );
  assert.equal(other.relatedInformation, undefined, 'a different secret is its own finding');
  assert.ok(!JSON.stringify(found).includes('Rk8vQz2mWp4x'), 'the secret never appears in full');
});

test('compose-secret-in-environment: list syntax points at the value after `=`; defaults and placeholders have their own messages', () => {
  const text = lines(
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:1.0',
    '    environment:',
    '      - DB_PASSWORD=hunter2hunter',
    '      - "SECRET_KEY=${SECRET_KEY:-insecure-default-key}"',
    '      - GF_SECURITY_ADMIN_PASSWORD=changeme',
  );
  assert.deepEqual(
    shown(text, 'compose-secret-in-environment').map((f) => [f.line, f.token, f.message]),
    [
      [
        5,
        'hunter2hunter',
        `\`DB_PASSWORD\` in service \`app\` holds a literal secret (\`************\`): ${LEAK} ${KEEP_OUT('DB_PASSWORD')}`,
      ],
      [
        6,
        '${SECRET_KEY:-insecure-default-key}',
        `\`SECRET_KEY\` in service \`app\` defaults to a literal secret (\`inse************\`) in \`\${SECRET_KEY:-…}\`: ${LEAK} ${KEEP_OUT('SECRET_KEY')}`,
      ],
      [
        7,
        'changeme',
        `\`GF_SECURITY_ADMIN_PASSWORD\` in service \`app\` is set to a placeholder (\`********\`): as written the service runs with a value everyone can read, and a real one put in its place would be in the file and its history. ${KEEP_OUT('GF_SECURITY_ADMIN_PASSWORD')}`,
      ],
    ],
  );
  assert.equal(
    fixed(text, 'compose-secret-in-environment', 1),
    lines(
      'services:',
      '  app:',
      '    image: ghcr.io/example/app:1.0',
      '    environment:',
      '      - DB_PASSWORD=hunter2hunter',
      '      - "SECRET_KEY=${SECRET_KEY:?SECRET_KEY is not set}"',
      '      - GF_SECURITY_ADMIN_PASSWORD=changeme',
    ),
  );
  // a plain item of a one-line list cannot take braces: no fix there
  const flow = lines(
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:1.0',
    '    environment: [DB_PASSWORD=hunter2hunter]',
  );
  assert.deepEqual(
    shown(flow, 'compose-secret-in-environment').map((f) => [f.token, f.fixes]),
    [['hunter2hunter', []]],
  );
});

test('compose-secret-in-environment: merged environment values are reported on the service name, without a fix', () => {
  const text = lines(
    'x-env: &env',
    '  MYSQL_ROOT_PASSWORD: rootpw123',
    'services:',
    '  db:',
    '    image: mysql:8.4',
    '    environment:',
    '      <<: *env',
    '      MYSQL_USER: app',
  );
  assert.deepEqual(
    shown(text, 'compose-secret-in-environment').map((f) => [f.line, f.token, f.fixes]),
    [[4, 'db', []]],
  );
  assert.match(
    composeFindings(text, 'compose-secret-in-environment')[0].message,
    /^`MYSQL_ROOT_PASSWORD` in service `db` \(from `x-env`, line 2\) holds a literal secret \(`\*\*\*\*\*\*\*\*\*`\)/,
  );
});

test('compose-secret-in-environment: references, paths, switches, methods and templates do not fire', () => {
  const text = lines(
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:1.0',
    '    environment:',
    '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}',
    '      REPLICATION_PASSWORD: ${REPLICATION_PASSWORD:?set it}',
    '      POSTGRES_PASSWORD_FILE: /run/secrets/db',
    '      SSL_PRIVATE_KEY: ./certs/server.key',
    '      MYSQL_RANDOM_ROOT_PASSWORD: "1"',
    '      AUTH_TOKEN: "false"',
    '      REGISTRY_AUTH: htpasswd',
    '      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin',
    '      API_TOKEN: "{{ vault_api_token }}"',
    '      EMPTY_SECRET: ""',
    '      PASSWORD_MIN_LENGTH: 12',
    '      PRICE_WITH_DOLLAR: pa$$word',
  );
  assert.deepEqual(shown(text, 'compose-secret-in-environment'), []);
  // an `auth` name whose value looks like a credential still fires
  assert.equal(
    composeFindings(
      lines('services:', '  r:', '    image: redis:7', '    environment:', '      REDIS_AUTH: s3cr3tpw'),
      'compose-secret-in-environment',
    ).length,
    1,
  );
});

test('compose-secret-in-environment: a URL with a password fires whatever the name, on the password, masked, without a fix', () => {
  const text = lines(
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:1.0',
    '    environment:',
    '      DATABASE_URL: "postgresql://app:FmTKs5vX52ufKR1rd8tn@db/app"',
    '      DEV_URL: postgres://postgres:postgres@db/app',
    '      REF_URL: postgres://app:${DB_PASSWORD}@db/app',
  );
  assert.deepEqual(shown(text, 'compose-secret-in-environment'), [
    {
      line: 5,
      token: 'FmTKs5vX52ufKR1rd8tn',
      message:
        '`DATABASE_URL` in service `app` has a password in its URL (`postgresql://****@db/app`): everyone who can read this file or its history has it, and `docker inspect` shows it. Keep it out of the file: put the password in a reference filled from an untracked .env or the deploy environment (`…:${DB_PASSWORD}@…`), or in a Compose secret where the application reads one.',
      fixes: [],
    },
  ]);
});

// --- compose-image-latest ---

const PIN = (repo) =>
  `, so two deployments of this file can run different software and nobody can tell which version was reviewed. Pin a version tag (\`${repo}:<version>\`), ideally with its @sha256 digest.`;

test('compose-image-latest: untagged images on the reference, `:latest` on the tag; no fix', () => {
  const text = lines(
    'services:',
    '  cache:',
    '    image: redis   # no tag',
    '  proxy:',
    '    image: "traefik:latest"',
    '  local: { image: localhost:5000/team/app }',
  );
  assert.deepEqual(shown(text, 'compose-image-latest'), [
    {
      line: 3,
      token: 'redis',
      message: `Service \`cache\` runs \`redis\` without a tag, which means \`latest\`: whatever was pushed last when the image is pulled${PIN('redis')}`,
      fixes: [],
    },
    {
      line: 5,
      token: 'latest',
      message: `Service \`proxy\` runs \`traefik:latest\`, a tag that moves with every push${PIN('traefik')}`,
      fixes: [],
    },
    {
      line: 6,
      token: 'localhost:5000/team/app',
      message: `Service \`local\` runs \`localhost:5000/team/app\` without a tag, which means \`latest\`: whatever was pushed last when the image is pulled${PIN('localhost:5000/team/app')}`,
      fixes: [],
    },
  ]);
});

test('compose-image-latest: an inherited image is reported on the service name; build, digests and variables are quiet', () => {
  const text = lines(
    'x-app: &app',
    '  image: ghcr.io/example/app',
    'services:',
    '  web:',
    '    <<: *app',
    '  built:',
    '    build: .',
    '    image: myapp',
    '  pinned:',
    '    image: nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
    '  chosen:',
    '    image: ghcr.io/example/app:${TAG:-latest}',
  );
  assert.deepEqual(
    shown(text, 'compose-image-latest').map((f) => [f.line, f.token, f.message]),
    [
      [
        4,
        'web',
        `Service \`web\` runs \`ghcr.io/example/app\` without a tag, which means \`latest\`: whatever was pushed last when the image is pulled (from \`x-app\`, line 2)${PIN('ghcr.io/example/app')}`,
      ],
    ],
  );
});

// --- all six: suppression above the service name ---

test('the runtime rules honour `# bulkhead-ignore <id>` above the service name', () => {
  const text = lines(
    'services:',
    '  # bulkhead-ignore compose-writable-rootfs, compose-no-resource-limits, compose-runs-as-root, compose-exposed-datastore, compose-secret-in-environment, compose-image-latest',
    '  db:',
    '    image: postgres',
    '    user: root',
    '    ports: ["5432:5432"]',
    '    environment:',
    '      POSTGRES_PASSWORD: s3cr3t-Value',
  );
  for (const rule of [
    'compose-writable-rootfs',
    'compose-no-resource-limits',
    'compose-runs-as-root',
    'compose-exposed-datastore',
    'compose-secret-in-environment',
    'compose-image-latest',
  ]) {
    assert.deepEqual(composeFindings(text, rule), [], rule);
    assert.equal(
      composeFindings(text.replace('  # bulkhead-ignore', '  # bulkhead-ignored'), rule).length,
      1,
      `${rule} fires without the comment`,
    );
  }
});

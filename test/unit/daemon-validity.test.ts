// The daemon.json validity rules: dockerd's own texts in the messages, "did you mean", which rule owns which key, and
// what each fix writes (the whole resulting text).
import { test } from 'node:test';
import type { DaemonEnvironment } from '../../server/src/rules/context';
import assert from 'node:assert/strict';
import { lintDaemon, daemonFindings, applyEdits, checkDaemonFixes } from './daemon-helpers';
import { fixAllToFixedPoint } from './fuzz-helpers';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { allRules } from '../../server/src/service/registry';
import { ALLOW_NEW_AFTER_FIX } from './helpers';

const VALIDITY = [
  'daemon-invalid-json',
  'daemon-duplicate-key',
  'daemon-unknown-key',
  'daemon-ignored-key',
  'daemon-removed-key',
  'daemon-wrong-platform',
  'daemon-wrong-type',
  'daemon-invalid-value',
  'daemon-conflict',
  'daemon-flag-conflict',
];

const v = (engineVersion, platform: DaemonEnvironment['platform'] = 'linux') => ({ env: { engineVersion, platform } });

/** The one finding of `rule` in `text`. */
function one(text, rule, opts?) {
  const found = daemonFindings(text, rule, opts);
  assert.equal(
    found.length,
    1,
    `one ${rule} finding expected in:\n${text}\n${JSON.stringify(
      found.map((d) => d.message),
      null,
      1,
    )}`,
  );
  return found[0];
}

/** Apply the fix titled `title` (or the first) of the one `rule` finding and return the whole text. */
function fixed(text, rule, opts?, title?) {
  const d = one(text, rule, opts);
  const fix = title ? d.data.fixes.find((f) => f.title === title) : d.data.fixes[0];
  assert.ok(fix, `no fix "${title}" among ${d.data.fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits).text;
}

/** The validity findings, as `line rule` strings. */
function validity(text, opts?) {
  return lintDaemon(text, opts)
    .diagnostics.filter((d) => VALIDITY.includes(d.code))
    .map((d) => `${d.range.start.line + 1} ${d.code}`);
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

// ---------------------------------------------------------------------------------------------------------------
// daemon-invalid-json
// ---------------------------------------------------------------------------------------------------------------

test('invalid-json: dockerd\'s error, with the "invalid JSON: " prefix only on Engine 29', () => {
  const text = '{\n  "debug": true,\n}\n';
  assert.match(
    one(text, 'daemon-invalid-json', v(29)).message,
    /"invalid JSON: invalid character '}' looking for beginning of object key string"/,
  );
  assert.match(
    one(text, 'daemon-invalid-json', v(28)).message,
    /"invalid character '}' looking for beginning of object key string"/,
  );
  assert.doesNotMatch(one(text, 'daemon-invalid-json', v(27)).message, /invalid JSON: /);
});

test('invalid-json: comment, second object, top-level array', () => {
  assert.match(
    one('{\n  // x\n  "debug": true\n}\n', 'daemon-invalid-json', v(28)).message,
    /"invalid character '\/' looking for beginning of object key string"/,
  );
  assert.match(
    one('{"debug": true}\n{"icc": false}\n', 'daemon-invalid-json', v(28)).message,
    /"invalid character '\{' after top-level value"/,
  );
  const arr = one('[{"debug": true}]\n', 'daemon-invalid-json', v(28));
  assert.match(arr.message, /"json: cannot unmarshal array into Go value of type map\[string\]interface \{\}"/);
  assert.deepEqual([arr.range.start.character, arr.range.end.character], [0, 1]);
});

test('invalid-json: an empty file, whitespace and null are fine', () => {
  for (const text of ['', '  \n', 'null\n', '{}', '\uFEFF{"debug": false}\n'])
    assert.deepEqual(daemonFindings(text, 'daemon-invalid-json'), [], JSON.stringify(text));
});

test('invalid-json: a structural error silences every other rule', () => {
  const text = '{\n  "ipv6": "true"\n  "graph": "/x"\n}\n';
  assert.deepEqual(
    lintDaemon(text).diagnostics.map((d) => d.code),
    ['daemon-invalid-json'],
  );
});

const JSON_FIXES = [
  [
    'a comment alone on its line goes with its line',
    '{\n  // keep in sync\n  "debug": false\n}\n',
    '{\n  "debug": false\n}\n',
  ],
  [
    'a comment after a value goes with the spaces before it',
    '{\n  "debug": false // off\n}\n',
    '{\n  "debug": false\n}\n',
  ],
  ['a block comment between tokens', '{ "debug": /* x */ false }\n', '{ "debug": false }\n'],
  ['a trailing comma', '{\n  "debug": false,\n}\n', '{\n  "debug": false\n}\n'],
  ['a trailing comma in a list', '{"dns": ["10.0.0.2",]}\n', '{"dns": ["10.0.0.2"]}\n'],
  ['CRLF line endings', '{\r\n  // x\r\n  "debug": false\r\n}\r\n', '{\r\n  "debug": false\r\n}\r\n'],
];
for (const [name, text, expected] of JSON_FIXES) {
  test(`invalid-json fix: ${name}`, () => assert.equal(fixed(text, 'daemon-invalid-json'), expected));
}

// ---------------------------------------------------------------------------------------------------------------
// daemon-duplicate-key
// ---------------------------------------------------------------------------------------------------------------

test('duplicate-key: names the line of the occurrence dockerd keeps, and removes the earlier one', () => {
  const text = '{\n  "icc": false,\n  "log-level": "info",\n  "icc": true\n}\n';
  const d = one(text, 'daemon-duplicate-key');
  assert.equal(d.range.start.line, 1);
  assert.match(d.message, /written again on line 4/);
  assert.equal(SEVERITY[d.severity], 'warning');
  assert.equal(fixed(text, 'daemon-duplicate-key'), '{\n  "log-level": "info",\n  "icc": true\n}\n');
});

test('duplicate-key: inside log-opts', () => {
  const text = '{"log-opts": {"max-size": "10m", "max-size": "20m"}}\n';
  assert.equal(fixed(text, 'daemon-duplicate-key'), '{"log-opts": {"max-size": "20m"}}\n');
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-unknown-key
// ---------------------------------------------------------------------------------------------------------------

const TYPOS = [
  ['no-new-privleges', 'no-new-privileges'],
  ['insecure-registeries', 'insecure-registries'],
  ['registery-mirrors', 'registry-mirrors'],
  ['storage-drivers', 'storage-driver'],
  ['live-restor', 'live-restore'],
  ['userland_proxy', 'userland-proxy'],
  ['dataRoot', 'data-root'],
  ['Debug', 'debug'],
  ['log-levl', 'log-level'],
];
for (const [typo, key] of TYPOS) {
  test(`unknown-key: "${typo}" → did you mean "${key}"`, () => {
    const text = `{\n  ${JSON.stringify(typo)}: true\n}\n`;
    const d = one(text, 'daemon-unknown-key');
    assert.ok(
      d.message.includes(`"the following directives don't match any configuration option: ${typo}"`),
      d.message,
    );
    assert.ok(d.message.includes(`Did you mean "${key}"?`), d.message);
    assert.equal(d.data.fixes.length, 1);
    assert.equal(d.data.fixes[0].isPreferred, true);
    assert.equal(applyEdits(text, d.data.fixes[0].edits).text, `{\n  ${JSON.stringify(key)}: true\n}\n`);
  });
}

test('unknown-key: no suggestion for a name far from every key; the removal is manual', () => {
  const d = one('{"kubernetes-mode": true}\n', 'daemon-unknown-key');
  assert.doesNotMatch(d.message, /Did you mean/);
  assert.deepEqual(
    d.data.fixes.map((f) => [f.title, f.manual]),
    [['Remove "kubernetes-mode"', true]],
  );
});

test('unknown-key: a key added in a later Engine names the version and the setting', () => {
  const d = one('{"firewall-backend": "nftables"}\n', 'daemon-unknown-key', v(28));
  assert.match(
    d.message,
    /"firewall-backend" was added in Engine 29, and this file targets Engine 28 \(setting bulkhead\.daemon\.engineVersion\)/,
  );
  assert.deepEqual(daemonFindings('{"firewall-backend": "nftables"}\n', 'daemon-unknown-key', v(29)), []);
  assert.match(one('{"min-api-version": "1.40"}\n', 'daemon-unknown-key', v(27)).message, /DOCKER_MIN_API_VERSION/);
});

test('unknown-key: rejected config fields explain themselves', () => {
  const d = one('{"containerd-plugin-namespace": "p"}\n', 'daemon-unknown-key');
  assert.match(d.message, /docker\/docs#19398/);
  assert.match(d.message, /pass --containerd-plugins-namespace to dockerd/);
});

test("unknown-key: the client's config.json keys and proxy format", () => {
  assert.match(one('{"credsStore": "desktop"}\n', 'daemon-unknown-key').message, /~\/\.docker\/config\.json/);
  const text =
    '{\n  "proxies": {\n    "default": {\n      "httpProxy": "http://p:3128",\n      "noProxy": "localhost"\n    }\n  }\n}\n';
  const d = one(text, 'daemon-unknown-key');
  assert.match(d.message, /configuration option: default"/);
  assert.equal(
    fixed(text, 'daemon-unknown-key'),
    '{\n  "proxies": { "http-proxy": "http://p:3128", "no-proxy": "localhost" }\n}\n',
  );
});

test('unknown-key: flattening — the keys inside an unknown object are the ones refused', () => {
  const text = '{\n  "tls-settings": {\n    "icc": false,\n    "verify-peer": true\n  }\n}\n';
  const d = one(text, 'daemon-unknown-key');
  assert.equal(d.range.start.line, 3);
  assert.ok(d.message.includes('configuration option: verify-peer"'), d.message);
  assert.match(d.message, /"verify-peer" inside "tls-settings"/);
});

test('unknown-key: "log-opt" as an object is refused by its keys, reported once on the name', () => {
  const text = '{\n  "log-opt": { "max-size": "10m", "max-file": "3" }\n}\n';
  const d = one(text, 'daemon-unknown-key');
  assert.ok(d.message.includes('configuration option: max-size, max-file"'), d.message);
  assert.ok(d.message.includes('Did you mean "log-opts"?'));
  assert.equal(fixed(text, 'daemon-unknown-key'), '{\n  "log-opts": { "max-size": "10m", "max-file": "3" }\n}\n');
});

test('unknown-key: a rename that makes a Linux-only value take effect on Windows brings out daemon-wrong-platform (allowed)', () => {
  const text = '{\n  "logDriver": "journald"\n}\n';
  const fix = one(text, 'daemon-unknown-key', v(29, 'windows')).data.fixes[0];
  assert.equal(fix.title, 'Rename to "log-driver"');
  const after = applyEdits(text, fix.edits).text;
  assert.equal(daemonFindings(after, 'daemon-wrong-platform', v(29, 'windows')).length, 1);
  assert.ok(ALLOW_NEW_AFTER_FIX['daemon-unknown-key'].includes('daemon-wrong-platform'));
  assert.equal(
    checkDaemonFixes(text, 'daemon-unknown-key', v(29, 'windows'), ALLOW_NEW_AFTER_FIX['daemon-unknown-key']),
    1,
  );
});

test('unknown-key: a rename to a key already set removes the typo instead', () => {
  const d = one('{"debug": true, "debgu": true}\n', 'daemon-unknown-key');
  assert.deepEqual(
    d.data.fixes.map((f) => f.title),
    ['Remove "debgu" ("debug" is already set)'],
  );
});

// ---------------------------------------------------------------------------------------------------------------
// One key, one finding: which rule owns which case
// ---------------------------------------------------------------------------------------------------------------

const OWNERS = [
  ['{"graph": "/x"}', {}, 'daemon-removed-key'],
  ['{"api-cors-header": "*"}', v(29), 'daemon-removed-key'],
  ['{"iptables": false}', v(29, 'windows'), 'daemon-wrong-platform'],
  ['{"register-service": true}', v(29), 'daemon-wrong-platform'],
  ['{"label": "a=b"}', {}, 'daemon-ignored-key'],
  ['{"http-proxy": "http://p:3128"}', {}, 'daemon-ignored-key'],
  ['{"ipv6-enable": "true"}', {}, 'daemon-unknown-key'],
  ['{"debug": {"x": 1}}', {}, 'daemon-wrong-type'],
  ['{"default-ulimits": {"nofile": "1024:2048"}}', {}, 'daemon-invalid-value'],
  ['{"host-gateway-ip": "10.0.0.1", "host-gateway-ips": ["10.0.0.1"]}', v(28), 'daemon-conflict'],
  ['{"hosts": "tcp://0.0.0.0:2375"}', v(29, 'windows'), 'daemon-wrong-type'],
];
for (const [text, opts, owner] of OWNERS) {
  test(`one finding: ${text} → ${owner}`, () => {
    assert.deepEqual(
      validity(text, opts).map((s) => s.split(' ')[1]),
      [owner],
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// daemon-ignored-key
// ---------------------------------------------------------------------------------------------------------------

const IGNORED_FIXES = [
  [
    'label → labels (a list)',
    '{\n  "label": "com.example.env=prod"\n}\n',
    '{\n  "labels": ["com.example.env=prod"]\n}\n',
  ],
  [
    'log-opt k=v → log-opts object',
    '{\n  "log-opt": "max-size=10m"\n}\n',
    '{\n  "log-opts": { "max-size": "10m" }\n}\n',
  ],
  [
    'default-ulimit → default-ulimits entry',
    '{\n  "default-ulimit": "nofile=1024:2048"\n}\n',
    '{\n  "default-ulimits": {\n    "nofile": {\n      "Name": "nofile",\n      "Hard": 2048,\n      "Soft": 1024\n    }\n  }\n}\n',
  ],
  ['storage-opt list kept', '{"storage-opt": ["overlay2.size=20G"]}\n', '{"storage-opts": ["overlay2.size=20G"]}\n'],
  ['plural already set: remove', '{\n  "labels": ["a=b"],\n  "label": "c=d"\n}\n', '{\n  "labels": ["a=b"]\n}\n'],
  ['validate removed', '{\n  "validate": true,\n  "debug": false\n}\n', '{\n  "debug": false\n}\n'],
];
for (const [name, text, expected] of IGNORED_FIXES) {
  test(`ignored-key fix: ${name}`, () => assert.equal(fixed(text, 'daemon-ignored-key'), expected));
}

test('ignored-key: validate explains "configuration OK"', () => {
  assert.match(
    one('{"validate": true}', 'daemon-ignored-key').message,
    /prints "configuration OK" and exits instead of starting the daemon/,
  );
});

test('ignored-key: top-level proxy settings move into a new "proxies" in one edit', () => {
  const text = '{\n  "http-proxy": "http://p:3128",\n  "debug": false,\n  "no-proxy": "localhost"\n}\n';
  const found = daemonFindings(text, 'daemon-ignored-key');
  assert.equal(found.length, 2);
  // both findings offer the same fix, so "Fix all" applies it once
  assert.deepEqual(found[0].data.fixes, found[1].data.fixes);
  const after = applyEdits(text, found[0].data.fixes[0].edits).text;
  assert.equal(
    after,
    '{\n  "proxies": { "http-proxy": "http://p:3128", "no-proxy": "localhost" },\n  "debug": false\n}\n',
  );
  assert.deepEqual(validity(after), []);
});

test('ignored-key: a top-level proxy setting merges into the existing "proxies"', () => {
  const text = '{\n  "proxies": {\n    "https-proxy": "http://p:3128"\n  },\n  "http-proxy": "http://p:3128"\n}\n';
  assert.equal(
    fixed(text, 'daemon-ignored-key'),
    '{\n  "proxies": {\n    "https-proxy": "http://p:3128",\n    "http-proxy": "http://p:3128"\n  }\n}\n',
  );
});

test('ignored-key: an unknown object whose keys dockerd accepts hides them; they move to the top level', () => {
  const text = '{\n  "security": {\n    "icc": false\n  }\n}\n';
  const d = one(text, 'daemon-ignored-key');
  assert.match(d.message, /nothing reads "security"/);
  assert.equal(fixed(text, 'daemon-ignored-key'), '{\n  "icc": false\n}\n');
});

test('ignored-key: builder fields are matched case-insensitively; typos are found', () => {
  assert.deepEqual(daemonFindings('{"builder": {"GC": {"Enabled": true}}}', 'daemon-ignored-key'), []);
  const text = '{"builder": {"gc": {"enabeld": true}}}';
  assert.match(one(text, 'daemon-ignored-key').message, /"builder\.gc\.enabeld" .* Did you mean "enabled"\?/);
  assert.equal(fixed(text, 'daemon-ignored-key'), '{"builder": {"gc": {"enabled": true}}}');
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-removed-key
// ---------------------------------------------------------------------------------------------------------------

test('removed-key: graph is renamed to data-root', () => {
  const text = '{\n  "graph": "/mnt/docker"\n}\n';
  assert.match(
    one(text, 'daemon-removed-key').message,
    /"the following directives don't match any configuration option: graph"/,
  );
  assert.equal(fixed(text, 'daemon-removed-key'), '{\n  "data-root": "/mnt/docker"\n}\n');
});

test('removed-key: api-cors-header per Engine version', () => {
  const text = '{"api-cors-header": "*"}';
  const v27 = one(text, 'daemon-removed-key', v(27));
  assert.equal(SEVERITY[v27.severity], 'warning');
  const v28 = one(text, 'daemon-removed-key', v(28));
  assert.equal(SEVERITY[v28.severity], 'error');
  assert.ok(
    v28.message.includes(
      '"DEPRECATED: The "api-cors-header" config parameter and the dockerd "--api-cors-header" option have been removed; use a reverse proxy if you need CORS headers"',
    ),
  );
  assert.match(one(text, 'daemon-removed-key', v(29)).message, /configuration option: api-cors-header"/);
});

test('removed-key: host-gateway-ip (28+) becomes a one-address host-gateway-ips, as a warning', () => {
  const text = '{\n  "host-gateway-ip": "192.0.2.1"\n}\n';
  assert.deepEqual(daemonFindings(text, 'daemon-removed-key', v(27)), []);
  assert.equal(SEVERITY[one(text, 'daemon-removed-key', v(28)).severity], 'warning');
  assert.equal(fixed(text, 'daemon-removed-key', v(28)), '{\n  "host-gateway-ips": ["192.0.2.1"]\n}\n');
});

test('removed-key: fluentd-async-connect is refused from 28 with the fluentd driver', () => {
  const text = '{"log-driver": "fluentd", "log-opts": {"fluentd-async-connect": "true"}}';
  assert.ok(
    one(text, 'daemon-removed-key', v(28)).message.includes(
      `"unknown log opt 'fluentd-async-connect' for fluentd log driver"`,
    ),
  );
  assert.equal(
    fixed(text, 'daemon-removed-key', v(28)),
    '{"log-driver": "fluentd", "log-opts": {"fluentd-async": "true"}}',
  );
  assert.equal(SEVERITY[one(text, 'daemon-removed-key', v(27)).severity], 'warning');
});

test('removed-key: keepDuration becomes an until= filter', () => {
  const add = '{"builder": {"gc": {"policy": [{"keepDuration": "48h", "filter": ["type=source.local"]}]}}}';
  assert.equal(
    fixed(add, 'daemon-removed-key'),
    '{"builder": {"gc": {"policy": [{"filter": ["type=source.local", "until=48h"]}]}}}',
  );
  const create = '{"builder": {"gc": {"policy": [{"all": true, "keepDuration": "72h"}]}}}';
  assert.equal(
    fixed(create, 'daemon-removed-key'),
    '{"builder": {"gc": {"policy": [{"all": true, "filter": ["until=72h"]}]}}}',
  );
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-wrong-platform
// ---------------------------------------------------------------------------------------------------------------

test('wrong-platform: a Linux key on Windows, removed by the fix', () => {
  const text = '{\n  "hosts": ["npipe://"],\n  "iptables": false\n}\n';
  const d = one(text, 'daemon-wrong-platform', v(29, 'windows'));
  assert.ok(
    d.message.includes(
      '"iptables" is a Linux-only option: dockerd on Windows refuses to start with "the following directives don\'t match any configuration option: iptables"',
    ),
    d.message,
  );
  assert.equal(fixed(text, 'daemon-wrong-platform', v(29, 'windows')), '{\n  "hosts": ["npipe://"]\n}\n');
});

test('wrong-platform: storage-driver on Windows is a warning that says the fact is inferred', () => {
  const d = one('{"storage-driver": "windowsfilter"}', 'daemon-wrong-platform', v(29, 'windows'));
  assert.equal(SEVERITY[d.severity], 'warning');
  assert.match(d.message, /Inferred from dockerd's source/);
});

test('wrong-platform: the platform follows the file location', () => {
  const uri = 'file:///c%3A/ProgramData/docker/config/daemon.json';
  assert.equal(
    lintDaemon('{"icc": false}', { uri }).diagnostics.filter((d) => d.code === 'daemon-wrong-platform').length,
    1,
  );
  assert.equal(lintDaemon('{"icc": false}').diagnostics.filter((d) => d.code === 'daemon-wrong-platform').length, 0);
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-wrong-type
// ---------------------------------------------------------------------------------------------------------------

// Engine 29 (29.7.2, Go 1.26): the embedded structs on the way to the field, and the decode error wrapped as
// "invalid JSON: ..." (daemon/config/config.go line 604); a map value is reported on the map's field
const GO_ERRORS = [
  [
    '{"ipv6": "true"}',
    'json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.DefaultBridgeConfig.ipv6 of type bool',
    '{"ipv6": true}',
  ],
  [
    '{"live-restore": 1}',
    'json: cannot unmarshal number into Go struct field Config.CommonConfig.live-restore of type bool',
    '{"live-restore": true}',
  ],
  [
    '{"mtu": "1500"}',
    'json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.DefaultBridgeConfig.mtu of type int',
    '{"mtu": 1500}',
  ],
  [
    '{"mtu": 1500.0}',
    'json: cannot unmarshal number 1500.0 into Go struct field Config.CommonConfig.BridgeConfig.DefaultBridgeConfig.mtu of type int',
    '{"mtu": 1500}',
  ],
  [
    '{"log-level": 3}',
    'json: cannot unmarshal number into Go struct field Config.CommonConfig.DaemonLogConfig.log-level of type string',
    '{"log-level": "3"}',
  ],
  [
    '{"dns": "10.0.0.2"}',
    'json: cannot unmarshal string into Go struct field Config.CommonConfig.DNSConfig.dns of type []string',
    '{"dns": ["10.0.0.2"]}',
  ],
  [
    '{"log-opts": {"max-file": 3}}',
    'json: cannot unmarshal number into Go struct field Config.CommonConfig.LogConfig.log-opts of type string',
    '{"log-opts": {"max-file": "3"}}',
  ],
  [
    '{"log-opts": ["max-size=10m"]}',
    'json: cannot unmarshal array into Go struct field Config.CommonConfig.LogConfig.log-opts of type map[string]string',
    '{"log-opts": { "max-size": "10m" }}',
  ],
  [
    '{"default-network-opts": {"bridge": {"com.docker.network.driver.mtu": 1400}}}',
    'json: cannot unmarshal number into Go struct field Config.CommonConfig.NetworkConfig.default-network-opts of type string',
    '{"default-network-opts": {"bridge": {"com.docker.network.driver.mtu": "1400"}}}',
  ],
  ['{"default-shm-size": 67108864}', 'invalid size: "67108864"', '{"default-shm-size": "67108864"}'],
  [
    '{"features": {"buildkit": "false"}}',
    'json: cannot unmarshal string into Go struct field Config.CommonConfig.features of type bool',
    '{"features": {"buildkit": false}}',
  ],
];
for (const [text, error, after] of GO_ERRORS) {
  test(`wrong-type: ${text}`, () => {
    const d = one(text, 'daemon-wrong-type');
    assert.ok(d.message.includes(`dockerd refuses to start with "invalid JSON: ${error}"`), d.message);
    assert.equal(fixed(text, 'daemon-wrong-type'), after);
  });
}

const ENUMS = [
  ['{"log-level": "verbose"}', 'invalid logging level: verbose', undefined],
  ['{"log-level": "debgu"}', 'invalid logging level: debgu', '{"log-level": "debug"}'],
  // dockerd's own list, not logrus's: "warning" is refused (daemon/config/config.go line 814 at docker-v29.7.2)
  ['{"log-level": "warning"}', 'invalid logging level: warning', '{"log-level": "warn"}'],
  [
    '{"default-ipc-mode": "host"}',
    'IPC mode "host" is not supported as default value; use "shareable" or "private"',
    undefined,
  ],
  ['{"log-format": "JSON"}', 'invalid log format: JSON', '{"log-format": "json"}'],
  [
    '{"default-ipc-mode": "Private"}',
    'default IPC mode setting (Private) is invalid; use "shareable" or "private"',
    '{"default-ipc-mode": "private"}',
  ],
  [
    '{"default-cgroupns-mode": "hots"}',
    'invalid default cgroup namespace (hots): use "host" or "private"',
    '{"default-cgroupns-mode": "host"}',
  ],
  [
    '{"firewall-backend": "nft"}',
    'invalid firewall-backend: allowed values are "iptables" and "nftables"',
    '{"firewall-backend": "nftables"}',
  ],
  [
    '{"firewall-backend": "ebtables"}',
    'invalid firewall-backend: allowed values are "iptables" and "nftables"',
    '{"firewall-backend": "iptables"}',
  ],
  [
    '{"default-ipc-mode": "shared"}',
    'default IPC mode setting (shared) is invalid; use "shareable" or "private"',
    undefined,
  ],
];
for (const [text, error, after] of ENUMS) {
  test(`wrong-type enum: ${text}`, () => {
    const d = one(text, 'daemon-wrong-type');
    assert.ok(d.message.includes(`"${error}"`), d.message);
    if (after) assert.equal(fixed(text, 'daemon-wrong-type'), after);
    else assert.ok(!d.data.fixes.some((f) => f.isPreferred));
  });
}

test('wrong-type: log levels are case-insensitive, logging plugins pass, near misses of a driver do not', () => {
  for (const text of [
    '{"log-level": "INFO"}',
    '{"log-driver": "loki"}',
    '{"log-driver": "grafana/loki-docker-driver:latest"}',
    '{"storage-driver": "overlayfs"}',
  ]) {
    assert.deepEqual(daemonFindings(text, 'daemon-wrong-type'), [], text);
  }
  assert.equal(fixed('{"log-driver": "json"}', 'daemon-wrong-type'), '{"log-driver": "json-file"}');
  assert.equal(fixed('{"log-driver": "sylog"}', 'daemon-wrong-type'), '{"log-driver": "syslog"}');
});

test('wrong-type: storage-driver removed drivers are left to storage-driver-deprecated', () => {
  assert.deepEqual(daemonFindings('{"storage-driver": "aufs"}', 'daemon-wrong-type'), []);
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-invalid-value
// ---------------------------------------------------------------------------------------------------------------

test('invalid-value: registry mirror without a scheme gets https://', () => {
  const text = '{"registry-mirrors": ["mirror.gcr.io"]}';
  assert.ok(
    one(text, 'daemon-invalid-value').message.includes(
      `"invalid mirror: no scheme specified for "mirror.gcr.io": must use either 'https://' or 'http://'"`,
    ),
  );
  assert.equal(fixed(text, 'daemon-invalid-value'), '{"registry-mirrors": ["https://mirror.gcr.io"]}');
});

test('invalid-value: mirror credentials are masked and stripped', () => {
  const text = '{"registry-mirrors": ["https://bob:hunter2@mirror.example.com"]}';
  const d = one(text, 'daemon-invalid-value');
  assert.ok(!d.message.includes('hunter2'), d.message);
  assert.match(d.message, /username\/password not allowed in URI/);
  assert.equal(fixed(text, 'daemon-invalid-value'), '{"registry-mirrors": ["https://mirror.example.com"]}');
});

test('invalid-value: insecure registry with http:// is a warning (dockerd strips it); ftp:// an error', () => {
  const http = one('{"insecure-registries": ["http://reg.local:5000"]}', 'daemon-invalid-value');
  assert.equal(SEVERITY[http.severity], 'warning');
  assert.equal(
    fixed('{"insecure-registries": ["http://reg.local:5000"]}', 'daemon-invalid-value'),
    '{"insecure-registries": ["reg.local:5000"]}',
  );
  const ftp = one('{"insecure-registries": ["ftp://reg.local"]}', 'daemon-invalid-value');
  assert.equal(SEVERITY[ftp.severity], 'error');
  assert.ok(ftp.message.includes(`"insecure registry ftp://reg.local should not contain '://'"`));
});

test('invalid-value: hosts', () => {
  assert.equal(
    fixed('{"hosts": ["/var/run/docker.sock"]}', 'daemon-invalid-value'),
    '{"hosts": ["unix:///var/run/docker.sock"]}',
  );
  assert.ok(
    one('{"hosts": ["http://0.0.0.0:2375"]}', 'daemon-invalid-value').message.includes(
      `"invalid bind address (http://0.0.0.0:2375): unsupported proto 'http'"`,
    ),
  );
  assert.equal(SEVERITY[one('{"hosts": ["0.0.0.0:2376"]}', 'daemon-invalid-value').severity], 'warning');
  assert.deepEqual(
    daemonFindings(
      '{"hosts": ["fd://", "unix:///var/run/docker.sock", "tcp://0.0.0.0:2376", "npipe://"]}',
      'daemon-invalid-value',
    ),
    [],
  );
});

/** Fix All until nothing changes: at most 3 rounds, and the `daemon-invalid-value` findings left (with their fixes). */
function settled(text) {
  const run = fixAllToFixedPoint('daemon', text, {}, { maxRounds: 3 });
  assert.ok(run.converged, `Fix All still changes ${run.rules} after 3 rounds:\n${run.text}`);
  return daemonFindings(run.text, 'daemon-invalid-value');
}

test('invalid-value: a host is read whole, line breaks and all (fuzzer: the fix prepended tcp:// forever)', () => {
  // a JSON escape: dockerd reads "a\nb" as tcp://a\nb, which Go's url.Parse refuses; tcp:// in front would not help
  const escaped = '{"hosts": ["a\\nb"]}';
  const d = one(escaped, 'daemon-invalid-value');
  assert.equal(SEVERITY[d.severity], 'error');
  assert.ok(
    d.message.includes(
      '"invalid bind address (a\\nb): parse "tcp://a\\nb": net/url: invalid control character in URL"',
    ),
    d.message,
  );
  assert.deepEqual(d.data.fixes, []);
  assert.deepEqual(
    settled(escaped).map((x) => x.data.fixes),
    [[]],
  );
  // what the old fix left behind is refused the same way, without a fix
  assert.deepEqual(one('{"hosts": ["tcp://tcp://tcp://a\\nb"]}', 'daemon-invalid-value').data.fixes, []);
  // a raw U+2028 is no control character for Go: the address is TCP, and written with its scheme it passes
  const raw = '{"hosts": ["a\u2028b"]}';
  assert.equal(fixed(raw, 'daemon-invalid-value'), '{"hosts": ["tcp://a\u2028b"]}');
  assert.deepEqual(daemonFindings('{"hosts": ["tcp://a\u2028b"]}', 'daemon-invalid-value'), []);
  assert.deepEqual(settled(raw), []);
  // dockerd trims white space around the value first (strings.TrimSpace), so the fix writes the trimmed address
  assert.equal(fixed('{"hosts": ["\\n10.0.0.1:2376 "]}', 'daemon-invalid-value'), '{"hosts": ["tcp://10.0.0.1:2376"]}');
  assert.deepEqual(daemonFindings('{"hosts": [" unix:///var/run/docker.sock\\n"]}', 'daemon-invalid-value'), []);
  // a socket path is no URL: a line break in it is dockerd's to accept
  assert.equal(
    fixed('{"hosts": ["/run/a\\nb.sock"]}', 'daemon-invalid-value'),
    '{"hosts": ["unix:///run/a\\nb.sock"]}',
  );
  assert.deepEqual(settled('{"hosts": ["/run/a\\nb.sock"]}'), []);
  // the scheme is everything before the first "://", as dockerd splits it
  assert.ok(one('{"hosts": ["a:b://c"]}', 'daemon-invalid-value').message.includes(`unsupported proto 'a:b'`));
  for (const text of [escaped, raw, '{"hosts": ["\\na"]}', '{"hosts": ["a\\rb", "c\u2029d", "/e\\nf"]}'])
    checkDaemonFixes(text, 'daemon-invalid-value');
});

test('invalid-value: the other string checks read the whole value too (a line break, a U+2028)', () => {
  // a mirror's query starts at its first "?", whatever line it is on
  assert.equal(
    fixed('{"registry-mirrors": ["https://m.example.com?a\u2028b"]}', 'daemon-invalid-value'),
    '{"registry-mirrors": ["https://m.example.com"]}',
  );
  // Go's url.Parse refuses a line break that the WHATWG URL parser drops: dockerd refuses the mirror, with no fix to offer
  for (const mirror of ['https://m.example.com?a\\nb', 'https://m.exa\\nmple.com']) {
    const d = one(`{"registry-mirrors": ["${mirror}"]}`, 'daemon-invalid-value');
    assert.ok(d.message.includes('is not a valid URI'), d.message);
    assert.deepEqual(d.data.fixes, []);
  }
  // without a scheme the finding stays, but https:// in front would still be refused
  assert.deepEqual(one('{"registry-mirrors": ["m.exa\\nmple.com"]}', 'daemon-invalid-value').data.fixes, []);
  assert.equal(
    fixed('{"insecure-registries": ["http://reg\u2028.local"]}', 'daemon-invalid-value'),
    '{"insecure-registries": ["reg\u2028.local"]}',
  );
  assert.equal(
    fixed('{"storage-opts": ["--storage-opt overlay2.size=20G\u2028"]}', 'daemon-invalid-value'),
    '{"storage-opts": ["overlay2.size=20G\u2028"]}',
  );
  assert.deepEqual(daemonFindings('{"node-generic-resources": ["GPU=gpu\\n1"]}', 'daemon-invalid-value'), []);
  // log-opts written the command-line way, a value with a line break: still converted to the object
  assert.equal(fixed('{"log-opts": ["tag=a\\nb"]}', 'daemon-wrong-type'), '{"log-opts": { "tag": "a\\nb" }}');
  for (const text of [
    '{"registry-mirrors": ["https://m.example.com?a\u2028b", "https://m.example.com?a\\nb", "m.exa\\nmple.com", "m\u2028"]}',
    '{"insecure-registries": ["http://reg\u2028.local", "https://r\\ns/"]}',
    '{"storage-opts": ["--storage-opt=overlay2.size=20G\\n"]}',
  ]) {
    checkDaemonFixes(text, 'daemon-invalid-value');
    settled(text);
  }
});

test('tcp-socket-without-tls: the host ends at the first "/" of the whole address', () => {
  assert.deepEqual(daemonFindings('{"hosts": ["tcp://127.0.0.1/a\u2028b:2375"]}', 'tcp-socket-without-tls'), []);
  assert.equal(daemonFindings('{"hosts": ["tcp://10.0.0.1/a\u2028b:2375"]}', 'tcp-socket-without-tls').length, 1);
});

test('invalid-value: labels and exec-opts quote dockerd', () => {
  assert.ok(
    one('{"labels": ["production"]}', 'daemon-invalid-value').message.includes('"bad attribute format: production"'),
  );
  assert.ok(
    one('{"exec-opts": ["cgroupdriver"]}', 'daemon-invalid-value').message.includes(
      `"invalid exec-opt (cgroupdriver): must be formatted 'opt=value'"`,
    ),
  );
  assert.ok(
    one('{"exec-opts": ["native.cgroupdriver=cgroups"]}', 'daemon-invalid-value').message.includes(
      '"native.cgroupdriver option cgroups not supported"',
    ),
  );
  assert.ok(
    one('{"exec-opts": ["isolation=hyperv"]}', 'daemon-invalid-value').message.includes(
      // wrapped by parseExecOptions (daemon/config/config.go line 786 at v28.5.2)
      `"invalid exec-opt (isolation=hyperv): option 'isolation' is only supported on windows"`,
    ),
  );
  assert.deepEqual(daemonFindings('{"exec-opts": ["isolation=hyperv"]}', 'daemon-invalid-value', v(29, 'windows')), []);
  assert.equal(
    fixed('{"exec-opts": ["native.cgroupdriver=systemdd"]}', 'daemon-invalid-value'),
    '{"exec-opts": ["native.cgroupdriver=systemd"]}',
  );
});

test('invalid-value: default-address-pools size against the base prefix', () => {
  const d = one('{"default-address-pools": [{"base": "10.10.0.0/24", "size": 16}]}', 'daemon-invalid-value');
  assert.ok(
    d.message.includes(
      '"network at index 0 (10.10.0.0/24) has a smaller prefix (/24) than the target size of that pool (/16)"',
    ),
    d.message,
  );
  assert.match(
    one('{"default-address-pools": [{"base": "10.10.0.0/16", "size": 33}]}', 'daemon-invalid-value').message,
    /longer than an IPv4 prefix/,
  );
  assert.deepEqual(
    daemonFindings('{"default-address-pools": [{"base": "10.0.0.0/8", "size": 8}]}', 'daemon-invalid-value'),
    [],
  );
});

test('invalid-value: addresses', () => {
  assert.match(
    one('{"bip": "172.26.0.1"}', 'daemon-invalid-value').message,
    /not an IPv4 address with a prefix length/,
  );
  assert.match(
    one('{"fixed-cidr-v6": "10.0.0.0/8"}', 'daemon-invalid-value').message,
    /not an IPv6 address with a prefix length/,
  );
  assert.ok(one('{"ip": "localhost"}', 'daemon-invalid-value').message.includes('"invalid IP address: localhost"'));
  assert.match(
    one('{"host-gateway-ips": ["10.0.0.1", "10.0.0.2"]}', 'daemon-invalid-value').message,
    /at most one IPv4 and one IPv6/,
  );
  assert.deepEqual(
    daemonFindings(
      '{"host-gateway-ips": ["10.0.0.1", "fd00::1"], "dns": ["1.1.1.1", "2606:4700:4700::1111"], "bip": "172.26.0.1/16"}',
      'daemon-invalid-value',
    ),
    [],
  );
});

test('invalid-value: a string ulimit is one finding, fixed to the object form', () => {
  const text = '{\n  "default-ulimits": {\n    "nofile": "1024:2048"\n  }\n}\n';
  assert.deepEqual(validity(text), ['3 daemon-invalid-value']);
  assert.equal(
    fixed(text, 'daemon-invalid-value'),
    '{\n  "default-ulimits": {\n    "nofile": { "Name": "nofile", "Soft": 1024, "Hard": 2048 }\n  }\n}\n',
  );
});

test('invalid-value: ulimits — soft above hard, unknown name, missing Name; -1 is unlimited', () => {
  assert.match(
    one('{"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 4096, "Hard": 1024}}}', 'daemon-invalid-value')
      .message,
    /soft limit \(4096\) is above its hard limit \(1024\)/,
  );
  assert.match(
    one('{"default-ulimits": {"openfiles": {"Name": "openfiles", "Soft": 1, "Hard": 1}}}', 'daemon-invalid-value')
      .message,
    /"openfiles" is not a ulimit/,
  );
  assert.equal(
    fixed('{"default-ulimits": {"nproc": {"Soft": 1, "Hard": 2}}}', 'daemon-invalid-value'),
    '{"default-ulimits": {"nproc": {"Soft": 1, "Hard": 2, "Name": "nproc"}}}',
  );
  assert.deepEqual(
    daemonFindings(
      '{"default-ulimits": {"memlock": {"Name": "memlock", "Soft": -1, "Hard": -1}, "nofile": {"name": "nofile", "soft": 10, "hard": 20}}}',
      'daemon-invalid-value',
    ),
    [],
  );
});

test('invalid-value: log-opts for the configured driver', () => {
  const text = '{"log-driver": "json-file", "log-opts": {"max-szie": "10m"}}';
  assert.ok(
    one(text, 'daemon-invalid-value').message.includes(`"unknown log opt 'max-szie' for json-file log driver"`),
  );
  assert.equal(fixed(text, 'daemon-invalid-value'), '{"log-driver": "json-file", "log-opts": {"max-size": "10m"}}');
  // json-file is the default driver
  assert.match(
    one('{"log-opts": {"syslog-address": "udp://x:514"}}', 'daemon-invalid-value').message,
    /an option of the syslog driver/,
  );
  // a plugin's options are its own business
  assert.deepEqual(
    daemonFindings('{"log-driver": "loki", "log-opts": {"loki-url": "http://x"}}', 'daemon-invalid-value'),
    [],
  );
  assert.ok(
    one('{"log-opts": {"max-buffer-size": "4m"}}', 'daemon-invalid-value').message.includes(
      `"logger: max-buffer-size option is only supported with 'mode=non-blocking'"`,
    ),
  );
  assert.deepEqual(
    daemonFindings('{"log-opts": {"mode": "non-blocking", "max-buffer-size": "4m"}}', 'daemon-invalid-value'),
    [],
  );
});

test('invalid-value: runtimes', () => {
  assert.ok(
    one('{"runtimes": {"runc": {"path": "/usr/bin/runc"}}}', 'daemon-invalid-value').message.includes(
      `"runtime name 'runc' is reserved"`,
    ),
  );
  assert.ok(
    one('{"runtimes": {"kata": {}}}', 'daemon-invalid-value').message.includes(
      '"runtime kata: either a runtimeType or a path must be configured"',
    ),
  );
  assert.match(
    one('{"runtimes": {"x": {"path": "/x", "runtimeType": "io.containerd.x.v1"}}}', 'daemon-invalid-value').message,
    /both "path" and "runtimeType"/,
  );
});

test('invalid-value: bounds, sizes, api version', () => {
  assert.ok(
    one('{"network-diagnostic-port": 70000}', 'daemon-invalid-value').message.includes(
      '"invalid network-diagnostic-port (70000): value must be between 0 and 65535"',
    ),
  );
  assert.ok(one('{"default-shm-size": "64X"}', 'daemon-invalid-value').message.includes(`"invalid size: '64X'"`));
  assert.equal(fixed('{"min-api-version": "v1.44"}', 'daemon-invalid-value', v(29)), '{"min-api-version": "1.44"}');
  assert.deepEqual(
    daemonFindings('{"shutdown-timeout": -1, "mtu": 1500, "default-shm-size": "1g"}', 'daemon-invalid-value'),
    [],
  );
});

// ---------------------------------------------------------------------------------------------------------------
// daemon-conflict and daemon-flag-conflict
// ---------------------------------------------------------------------------------------------------------------

test("conflict: dockerd's texts", () => {
  const cases = [
    [
      '{"icc": false, "iptables": false}',
      'You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true',
    ],
    [
      '{"icc": false, "ipv6": true, "ip6tables": false}',
      'You specified --ip6tables=false with --icc=false. ICC=false uses ip6tables to function. Please set --icc or --ip6tables to true',
    ],
    [
      '{"bridge": "br0", "bip": "10.0.0.1/24"}',
      'You specified -b & --bip, mutually exclusive options. Please specify only one',
    ],
    [
      '{"bridge": "br0", "bip6": "fd00::1/64"}',
      'You specified -b & --bip6, mutually exclusive options. Please specify only one',
    ],
    ['{"default-runtime": "nvidia"}', "specified default runtime 'nvidia' does not exist"],
    ['{"containerd-namespace": "plugins.moby"}', 'containers namespace and plugins namespace cannot be the same'],
    [
      '{"exec-opts": ["native.cgroupdriver=systemd"], "cgroup-parent": "/docker"}',
      'cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"',
    ],
  ];
  for (const [text, error] of cases)
    assert.ok(
      one(text, 'daemon-conflict').message.includes(`"${error}"`),
      `${text}: ${one(text, 'daemon-conflict').message}`,
    );
  assert.ok(
    one('{"host-gateway-ip": "10.0.0.1", "host-gateway-ips": ["10.0.0.2"]}', 'daemon-conflict', v(28)).message.includes(
      '"host-gateway-ip and host-gateway-ips must not both be specified in the config file"',
    ),
  );
});

test('conflict: what does not conflict', () => {
  for (const text of [
    '{"icc": false}',
    '{"icc": false, "iptables": true}',
    '{"icc": false, "ip6tables": false}',
    '{"bridge": "br0", "fixed-cidr": "10.0.0.0/24"}',
    '{"default-runtime": "runc"}',
    '{"default-runtime": "io.containerd.runsc.v1"}',
    '{"runtimes": {"nvidia": {"path": "nvidia-container-runtime"}}, "default-runtime": "nvidia"}',
    '{"exec-opts": ["native.cgroupdriver=systemd"], "cgroup-parent": "docker.slice"}',
    '{"cgroup-parent": "/docker"}',
  ]) {
    assert.deepEqual(daemonFindings(text, 'daemon-conflict'), [], text);
  }
  assert.deepEqual(
    daemonFindings('{"default-runtime": "io.containerd.runhcs.v1"}', 'daemon-conflict', v(29, 'windows')),
    [],
  );
});

test('flag-conflict: hosts and containerd against the packaged unit (Linux only)', () => {
  const d = one('{"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"]}', 'daemon-flag-conflict');
  assert.equal(SEVERITY[d.severity], 'info');
  assert.ok(
    d.message.includes(
      '"the following directives are specified both as a flag and in the configuration file: hosts: (from flag: [fd://], from file: [unix:///var/run/docker.sock tcp://0.0.0.0:2376])"',
    ),
    d.message,
  );
  assert.match(
    d.message,
    /ExecStart= then ExecStart=\/usr\/bin\/dockerd --containerd=\/run\/containerd\/containerd\.sock/,
  );
  assert.deepEqual(d.data.fixes, []);
  assert.ok(
    one('{"containerd": "/run/containerd/containerd.sock"}', 'daemon-flag-conflict').message.includes(
      'containerd: (from flag: /run/containerd/containerd.sock, from file: /run/containerd/containerd.sock)',
    ),
  );
  assert.deepEqual(daemonFindings('{"hosts": ["npipe://"]}', 'daemon-flag-conflict', v(29, 'windows')), []);
});

// ---------------------------------------------------------------------------------------------------------------
// Fix all
// ---------------------------------------------------------------------------------------------------------------

test('"Fix all" of the validity rules on a file with many mistakes gives plain JSON that dockerd would start with; the preferred fixes accepted, every mistake is gone', () => {
  const text = `{
  // hardened by ops
  "no-new-privleges": true,
  "ipv6": "true",
  "fixed-cidr-v6": "fd00::/64",
  "log-opts": { "max-size": "10m", "max-file": 3 },
  "registry-mirrors": ["mirror.gcr.io"],
  "insecure-registries": ["http://reg.local:5000"],
  "label": "com.example.env=prod",
  "http-proxy": "http://proxy:3128",
  "https-proxy": "http://proxy:3128",
  "graph": "/srv/docker",
  "debug": true,
  "debug": false,
  "default-ulimits": { "nofile": "1024:2048" },
}
`;
  // the validity rules alone: the CIS rules' insertions are another matter
  const config = {
    rules: Object.fromEntries(
      allRules.filter((r) => r.kind === 'daemon' && !VALIDITY.includes(r.id)).map((r) => [r.id, 'off']),
    ),
  };
  const result = lintDaemon(text, { config });
  const fixed = applyEdits(text, fixAllEdits(result)).text;
  assert.doesNotThrow(() => JSON.parse(fixed), fixed);
  // dockerd starts with it; the keys it ignores are left for a person: a rename or a move into "proxies" makes them
  // take effect, which is manual (docs/fixes.md)
  const ignored = validity(fixed).filter((s) => !s.endsWith('daemon-flag-conflict'));
  assert.deepEqual(ignored, ['8 daemon-ignored-key', '9 daemon-ignored-key', '10 daemon-ignored-key'], fixed);
  let after = fixed;
  for (let round = 0; round < 5; round++) {
    const edits = fixAllEdits(lintDaemon(after, { config }), { manual: true });
    if (!edits.length) break;
    after = applyEdits(after, edits).text;
  }
  const left = validity(after).filter((s) => !s.endsWith('daemon-flag-conflict'));
  assert.deepEqual(left, [], after);
  assert.deepEqual(JSON.parse(after), {
    'no-new-privileges': true,
    ipv6: true,
    'fixed-cidr-v6': 'fd00::/64',
    'log-opts': { 'max-size': '10m', 'max-file': '3' },
    'registry-mirrors': ['https://mirror.gcr.io'],
    'insecure-registries': ['reg.local:5000'],
    labels: ['com.example.env=prod'],
    proxies: { 'http-proxy': 'http://proxy:3128', 'https-proxy': 'http://proxy:3128' },
    'data-root': '/srv/docker',
    debug: false,
    'default-ulimits': { nofile: { Name: 'nofile', Soft: 1024, Hard: 2048 } },
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Credentials in messages
// ---------------------------------------------------------------------------------------------------------------

test('credentials the file holds never reach a message or a fix title; the edits still write the real value', () => {
  const pw = 'Zq7s3cretPassW0rd';
  const cases = [
    `{"registry-mirrors": ["bob:${pw}@mirror.corp"]}`,
    `{"insecure-registries": ["http://bob:${pw}@reg.corp:5000"]}`,
    `{"insecure-registries": ["bob:${pw}@reg.corp:5000"]}`,
    `{"hosts": ["bob:${pw}@0.0.0.0:2375"]}`,
    `{"log-opt": ["splunk-token=${pw}"]}`,
    `{"log-opt": {"splunk-token": "${pw}"}}`,
    `{"labels": "password=${pw}"}`,
    `{"label": "db-password=${pw}"}`,
    `{"log-driver": "splunk", "log-opts": {"splunk-token": 98765432101234}}`,
    `{"http-proxy": "https://${pw}@proxy.corp:3128"}`,
  ];
  for (const text of cases) {
    for (const env of [v(27), v(29), v(29, 'windows')]) {
      const result = lintDaemon(text, env);
      assert.ok(result.diagnostics.length > 0, text);
      for (const d of result.diagnostics) {
        for (const shown of [d.message, ...d.data.fixes.map((f) => f.title)]) {
          assert.ok(!shown.includes(pw.slice(4)) && !shown.includes('1234'), `${text}\n${d.code}: ${shown}`);
        }
      }
    }
  }
  const mirror = one(`{"registry-mirrors": ["bob:${pw}@mirror.corp"]}`, 'daemon-invalid-value');
  assert.match(mirror.message, /bob:Zq7s\*+@mirror\.corp/);
  assert.equal(mirror.data.fixes[0].edits[0].newText, `"https://bob:${pw}@mirror.corp"`);
  // a password that is also a word of the message masks only the value, not the word
  const word = lintDaemon('{"registry-mirrors": ["docker:docker@mirror.corp"]}').diagnostics.find(
    (d) => d.code === 'daemon-invalid-value',
  );
  assert.match(word.message, /dockerd refuses to start/);
  assert.ok(!word.message.includes('docker:docker@'), word.message);
});

test('duplicate-key: three object copies merge in file order, later winning, and one fix removes every earlier copy', () => {
  const text = '{"log-opts": {"max-size": "1m"}, "log-opts": {"max-size": "2m"}, "log-opts": {"max-file": "3"}}\n';
  const found = daemonFindings(text, 'daemon-duplicate-key');
  assert.equal(found.length, 2);
  assert.match(found[0].message, /merges the 3 objects/);
  for (const d of found) {
    assert.equal(d.data.fixes[0].manual, undefined);
    assert.equal(applyEdits(text, d.data.fixes[0].edits).text, '{"log-opts": {"max-file": "3", "max-size": "2m"}}\n');
  }
});

test('duplicate-key: an object inside written in two copies (a struct Go merges field by field) makes the merge manual', () => {
  const text =
    '{"builder": {"entitlements": {"network-host": false}}, "builder": {"entitlements": {"device": false}}}\n';
  const d = one(text, 'daemon-duplicate-key');
  assert.match(d.message, /merges the two objects/);
  assert.equal(d.data.fixes[0].manual, true);
});

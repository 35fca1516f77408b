// service-auth-disabled (Dockerfile) and compose-service-auth-disabled: severity by exposure, messages, fixes, the
// switches read from commands and written configuration files, hovers on the switches, and hostile command strings.
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import assert from 'node:assert/strict';
import { findings, hoverText, lint } from './helpers';
import { composeFindings, lintCompose, applyEdits } from './compose-helpers';
import { hoverCompose } from '../../server/src/compose/service/features';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';
import { commandWords } from '../../server/src/rules/authSwitches';
import type { DiagnosticData } from '../../server/src/rules/diagnostics';

const RULE = 'compose-service-auth-disabled';

const postgres = (ports: string) => `services:
  db:
    image: postgres:17
    environment:
      POSTGRES_HOST_AUTH_METHOD: trust
      POSTGRES_DB: app
${ports}`;

test('error when published on every interface, warning on loopback or unpublished', () => {
  const all = composeFindings(postgres('    ports:\n      - "5432:5432"\n'), RULE);
  assert.equal(all.length, 1);
  assert.equal(all[0].severity, 1);
  assert.match(all[0].message, /Service `db` starts PostgreSQL with `POSTGRES_HOST_AUTH_METHOD=trust`/);
  assert.match(all[0].message, /published on every host interface \(`5432:5432`\)/);
  assert.match(all[0].message, /`postgres` superuser without a password/);
  assert.match(all[0].message, /POSTGRES_PASSWORD_FILE: \/run\/secrets\/<name>/);
  const loopback = composeFindings(postgres('    ports:\n      - "127.0.0.1:5432:5432"\n'), RULE);
  assert.equal(loopback[0].severity, 2);
  assert.match(loopback[0].message, /on this host only/);
  const none = composeFindings(postgres(''), RULE);
  assert.equal(none[0].severity, 2);
  assert.match(none[0].message, /any container on its networks/);
  const host = composeFindings(postgres('    network_mode: host\n'), RULE);
  assert.equal(host[0].severity, 1);
});

test('the fix removes the environment entry and leaves the rest', () => {
  const text = postgres('');
  const [d] = composeFindings(text, RULE);
  const fix = (d.data as DiagnosticData).fixes[0];
  assert.match(
    fix.title,
    /Remove `POSTGRES_HOST_AUTH_METHOD=trust` \(then give the password in POSTGRES_PASSWORD_FILE\)/,
  );
  const fixed = applyEdits(text, fix.edits).text;
  assert.equal(fixed, text.replace('      POSTGRES_HOST_AUTH_METHOD: trust\n', ''));
  assert.deepEqual(composeFindings(fixed, RULE), []);
  // the only variable: `environment:` goes with it
  const only = 'services:\n  db:\n    image: postgres:17\n    environment:\n      - POSTGRES_HOST_AUTH_METHOD=trust\n';
  const [o] = composeFindings(only, RULE);
  assert.equal(
    applyEdits(only, (o.data as DiagnosticData).fixes[0].edits).text,
    'services:\n  db:\n    image: postgres:17\n',
  );
});

test('command words: the fix removes them from a string or a list; a script inside sh -c gets none', () => {
  const text =
    'services:\n  r:\n    image: redis:7.4\n    command: redis-server --protected-mode no --appendonly yes\n';
  const [d] = composeFindings(text, RULE);
  const fixed = applyEdits(text, (d.data as DiagnosticData).fixes[0].edits).text;
  assert.equal(fixed, 'services:\n  r:\n    image: redis:7.4\n    command: redis-server --appendonly yes\n');
  const list =
    'services:\n  r:\n    image: redis:7.4\n    command:\n      - redis-server\n      - --protected-mode\n      - "no"\n';
  const [l] = composeFindings(list, RULE);
  assert.equal(
    applyEdits(list, (l.data as DiagnosticData).fixes[0].edits).text,
    'services:\n  r:\n    image: redis:7.4\n    command:\n      - redis-server\n',
  );
  const sh = 'services:\n  r:\n    image: redis:7.4\n    command: sh -c "redis-server --protected-mode no"\n';
  const [s] = composeFindings(sh, RULE);
  assert.deepEqual((s.data as DiagnosticData).fixes, []);
});

test('MySQL: any non-empty value turns the empty root password on; a root password wins', () => {
  const my = (env: string) => `services:\n  m:\n    image: mysql:8.4\n    environment:\n${env}`;
  const [no] = composeFindings(my('      MYSQL_ALLOW_EMPTY_PASSWORD: "no"\n'), RULE);
  assert.match(no.message, /any value that is not empty, this one too/);
  assert.deepEqual(composeFindings(my('      MYSQL_ALLOW_EMPTY_PASSWORD: ""\n'), RULE), []);
  assert.deepEqual(
    composeFindings(my('      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_RANDOM_ROOT_PASSWORD: "yes"\n'), RULE),
    [],
  );
  // Bitnami's MySQL reads ALLOW_EMPTY_PASSWORD, not this name
  assert.deepEqual(
    composeFindings(
      'services:\n  m:\n    image: bitnami/mysql:8.4\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n',
      RULE,
    ),
    [],
  );
});

test('one finding for Grafana anonymous Admin with the login form off', () => {
  const text = `services:
  g:
    image: grafana/grafana:11.3.0
    environment:
      - GF_AUTH_DISABLE_LOGIN_FORM=true
      - GF_AUTH_ANONYMOUS_ENABLED=true
      - GF_AUTH_ANONYMOUS_ORG_ROLE=Admin
`;
  const found = composeFindings(text, RULE);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /GF_AUTH_ANONYMOUS_ORG_ROLE=Admin/);
});

test('missing logins (MongoDB, RabbitMQ, Memcached) are reported on the image, only when published', () => {
  const text = 'services:\n  m:\n    image: mongo:8.0\n    ports: ["27017:27017"]\n';
  const [d] = composeFindings(text, RULE);
  assert.equal(d.range.start.line, 2);
  assert.match(d.message, /runs MongoDB with no `MONGO_INITDB_ROOT_USERNAME`/);
  // compose-exposed-datastore reports the port, this rule the image: never the same token
  const exposed = composeFindings(text, 'compose-exposed-datastore');
  assert.equal(exposed.length, 1);
  assert.notDeepEqual(exposed[0].range, d.range);
  const mounted =
    'services:\n  q:\n    image: rabbitmq:4.0\n    ports: ["5672:5672"]\n    volumes:\n      - ./rabbitmq.conf:/etc/rabbitmq/rabbitmq.conf:ro\n';
  assert.deepEqual(composeFindings(mounted, RULE), []);
});

test('Dockerfile: ENV in the shipped chain, CMD words, written redis.conf and rabbitmq.conf', () => {
  const text = [
    'FROM rabbitmq:4.0',
    "RUN printf 'listeners.tcp.default = 5672\\nloopback_users.guest = false\\n' > /etc/rabbitmq/conf.d/20-guest.conf",
    "RUN echo 'protected-mode no' | tee /etc/redis/redis.conf",
    'ENV OPENSEARCH_JAVA_OPTS=-Xmx512m DISABLE_SECURITY_PLUGIN=true',
    '',
  ].join('\n');
  const found = findings(text, 'service-auth-disabled');
  assert.deepEqual(
    found.map((f) => f.range.start.line),
    [1, 2, 3],
  );
  assert.match(found[0].message, /loopback_users\.guest = false/);
  assert.match(found[1].message, /`protected-mode no` into \/etc\/redis\/redis\.conf/);
  assert.match(found[2].message, /^The image starts OpenSearch with `DISABLE_SECURITY_PLUGIN=true`/);
  assert.equal(found[2].severity, 2);
});

test('hovers explain the switches: Compose mapping and list keys, Dockerfile ENV names', () => {
  const text =
    'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n  m:\n    image: mysql:8.4\n    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=\n';
  const r = lintCompose(text);
  assert.match(hoverText(hoverCompose(r, { line: 4, character: 10 }))!, /pg_hba\.conf/);
  assert.match(hoverText(hoverCompose(r, { line: 8, character: 12 }))!, /any value, even `no`/);
  assert.equal(hoverCompose(r, { line: 8, character: 40 }), null);
  const df = lint('FROM docker:27-dind\nENV DOCKER_TLS_CERTDIR=/certs\n');
  assert.match(hoverText(hoverDockerfile(df, { line: 1, character: 6 }))!, /plain TCP 2375/);
});

test('command words: quotes grouped and removed, hostile input linear', () => {
  assert.deepEqual(
    commandWords(`a --x='' "b c" d\\ e`).map((w) => w.text),
    ['a', '--x=', 'b c', 'd e'],
  );
  const hostile = `'"`.repeat(50_000) + ' x'.repeat(50_000);
  const started = process.hrtime.bigint();
  commandWords(hostile);
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
});

test('the secret fix: the switch becomes the file variable, the service gets the secret, the file declares it', () => {
  const text = [
    'services:',
    '  db:',
    '    image: postgres:17',
    '    environment:',
    '      - POSTGRES_HOST_AUTH_METHOD=trust',
    '    secrets: [other]',
    'secrets:',
    '  other:',
    '    file: ./other.txt',
    '',
  ].join('\n');
  const [d] = composeFindings(text, RULE);
  const fixes = (d.data as DiagnosticData).fixes;
  assert.equal(fixes.length, 2);
  assert.match(
    fixes[1].title,
    /Replace `POSTGRES_HOST_AUTH_METHOD=trust` with POSTGRES_PASSWORD_FILE and a Compose secret `db_password`/,
  );
  const fixed = applyEdits(text, fixes[1].edits).text;
  const js = parseDocument(fixed).toJS();
  assert.deepEqual(js.services.db.environment, ['POSTGRES_PASSWORD_FILE=/run/secrets/db_password']);
  assert.deepEqual(js.services.db.secrets, ['other', 'db_password']);
  assert.deepEqual(js.secrets.db_password, { file: './secrets/db_password.txt' });
  assert.deepEqual(composeFindings(fixed, RULE), []);
  // a password already set: removing the switch is enough, no scaffold
  const withPassword = text.replace(
    '      - POSTGRES_HOST_AUTH_METHOD=trust',
    '      - POSTGRES_HOST_AUTH_METHOD=trust\n      - POSTGRES_PASSWORD_FILE=/run/secrets/other',
  );
  assert.equal((composeFindings(withPassword, RULE)[0].data as DiagnosticData).fixes.length, 1);
});

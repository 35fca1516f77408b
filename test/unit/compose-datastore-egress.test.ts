// compose-datastore-egress: a hint, on the name or the networks; the fix moves the datastore and its clients to a new
// internal network and declares it; no fix when the name is taken or a client's networks are inherited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { composeFindings, applyEdits } from './compose-helpers';
import type { DiagnosticData } from '../../server/src/rules/diagnostics';

const RULE = 'compose-datastore-egress';

test('a hint naming the datastore, the network and its clients', () => {
  const text =
    'services:\n  app:\n    image: ghcr.io/example/app:1.4\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n  db:\n    image: postgres:17\n';
  const [d] = composeFindings(text, RULE);
  assert.equal(d.severity, 4);
  assert.equal(d.range.start.line, 5);
  assert.match(d.message, /Service `db` runs PostgreSQL on the default network, which is not `internal: true`/);
  assert.match(d.message, /only its clients \(`app`\)/);
});

test('the fix: the datastore on the new network, the client on both, the network declared under the existing key', () => {
  const text = [
    'services:',
    '  app:',
    '    image: ghcr.io/example/app:1.4',
    '    depends_on: [db]',
    '  db:',
    '    image: postgres:17',
    'networks:',
    '  front: {}',
    '',
  ].join('\n');
  const [d] = composeFindings(text, RULE);
  const fix = (d.data as DiagnosticData).fixes[0];
  const fixed = applyEdits(text, fix.edits).text;
  const doc = parseDocument(fixed).toJS();
  assert.deepEqual(doc.services.app.networks, ['default', 'db-internal']);
  assert.deepEqual(doc.services.db.networks, ['db-internal']);
  assert.deepEqual(doc.networks, { front: {}, 'db-internal': { internal: true } });
  assert.deepEqual(composeFindings(fixed, RULE), []);
});

test('no fix when the name is taken, a client inherits its networks, or nothing uses the datastore', () => {
  const taken =
    'services:\n  app:\n    image: a:1\n    depends_on: [db]\n  db:\n    image: postgres:17\nnetworks:\n  db-internal: {}\n';
  assert.deepEqual((composeFindings(taken, RULE)[0].data as DiagnosticData).fixes, []);
  const inherited =
    'x-net: &net\n  networks: [front]\nservices:\n  app:\n    <<: *net\n    image: a:1\n    depends_on: [db]\n  db:\n    image: postgres:17\nnetworks:\n  front: {}\n';
  assert.deepEqual((composeFindings(inherited, RULE)[0].data as DiagnosticData).fixes, []);
  const alone = 'services:\n  db:\n    image: postgres:17\n';
  assert.deepEqual((composeFindings(alone, RULE)[0].data as DiagnosticData).fixes, []);
});

test('the default network declared internal passes', () => {
  const text = 'services:\n  db:\n    image: postgres:17\nnetworks:\n  default:\n    internal: true\n';
  assert.deepEqual(composeFindings(text, RULE), []);
});

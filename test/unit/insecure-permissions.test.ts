// Mode analysis and the narrowing fix of insecure-permissions: which chmod modes fire, and what the fix writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, findings, applyEdits, checkFixes } from './helpers';

const RULE = 'insecure-permissions';
const run = (cmd) => `FROM debian:bookworm-slim\nRUN ${cmd}\n`;

test('world-writable and setid modes fire, one finding per problem', () => {
  const cases = {
    'chmod 777 /app': 1,
    'chmod 0777 /app': 1,
    'chmod 666 /etc/app.conf': 1,
    'chmod 7 /app': 1,
    'chmod -R a+w /data': 1,
    'chmod --recursive o+rwx /home/gradle': 1,
    'chmod ugo+rw /srv': 1,
    'chmod u=rwx,g=rx,o=rwx /srv': 1,
    'chmod a+rwx,o-w /srv': 0,
    'chmod o+w,o-w /srv': 0,
    'chmod u+s /usr/bin/tool': 1,
    'chmod g+s /usr/bin/tool': 1,
    'chmod +s /usr/bin/tool': 1,
    'chmod 2755 /usr/bin/tool': 1,
    'chmod 6755 /usr/bin/tool': 1,
    'chmod 4777 /usr/bin/tool': 2,
    'chmod o+s /usr/bin/tool': 0,
    'chmod 755 /app': 0,
    'chmod +x /app/run.sh': 0,
    'chmod +w /app/run.sh': 0,
    'chmod =rwx /app': 0,
    'chmod 1777 /tmp': 0,
    'chmod a+rwxt /var/tmp': 0,
    'chmod g=u /app': 0,
    'chmod -w /app': 0,
    'chmod --reference=/etc/passwd /app': 0,
    'chmod 666 /dev/null': 0,
    'xargs chmod 777 < list': 1,
    'mkdir -m777 /shared': 1,
    'install --mode=0666 f /etc/f': 1,
  };
  for (const [cmd, n] of Object.entries(cases)) assert.equal(findings(run(cmd), RULE).length, n, cmd);
});

test('the narrowing fix: octal drops group/other write, symbolic keeps owner write, temp dirs get the sticky bit', () => {
  const cases = {
    'chmod 777 /app': 'chmod 755 /app',
    'chmod 0666 /etc/app.conf': 'chmod 0644 /etc/app.conf',
    'chmod 776 /app': 'chmod 754 /app',
    'chmod -R a+rwX /data': 'chmod -R a+rX,u+w /data',
    'chmod o+w /etc/app.conf': 'chmod o-w /etc/app.conf',
    'chmod o+w /srv/data': 'chmod o-w /srv/data',
    'chmod go+w /srv/data': 'chmod go-w /srv/data',
    'chmod a+w /srv/data': 'chmod u+w /srv/data',
    'chmod o=rwx /srv': 'chmod o=rx /srv',
    'chmod u+x,o+rw /srv': 'chmod u+x,o+r /srv',
    'chmod 777 /tmp': 'chmod 1777 /tmp',
    'chmod a+rwx /var/tmp': 'chmod a+rwx,+t /var/tmp',
    'mkdir -pm 777 /shared': 'mkdir -pm 755 /shared',
  };
  for (const [cmd, want] of Object.entries(cases)) {
    const text = run(cmd);
    const [d] = findings(text, RULE);
    assert.ok(d, cmd);
    assert.equal(applyEdits(text, d.data.fixes[0].edits).text, run(want), cmd);
    assert.ok(checkFixes(text, RULE) > 0);
  }
});

test('setid findings and modes from build arguments carry no fix', () => {
  for (const text of [
    run('chmod u+s /usr/bin/tool'),
    'FROM alpine\nARG M=777\nRUN chmod $M /srv\n',
    'FROM alpine\nARG M=777\nCOPY --chmod=${M} a /a\n',
  ]) {
    const found = findings(text, RULE);
    assert.equal(found.length, 1, text);
    assert.deepEqual(found[0].data.fixes, [], text);
  }
  assert.equal(findings('FROM alpine\nARG M\nRUN chmod $M /srv\n', RULE).length, 0, 'unknown mode');
});

test('the range is the mode token', () => {
  const text = 'FROM alpine\nCOPY --chown=1:1 --chmod=0777 a /a\nRUN chmod -R 777 /x\n';
  const ranges = findings(text, RULE).map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]);
  assert.deepEqual(ranges, [
    [1, 25, 29],
    [2, 13, 16],
  ]);
});

test('a scratch directory the same RUN removes is not reported, one that stays is', () => {
  assert.equal(findings(run('d=$(mktemp -d); chmod 777 "$d"; make -C "$d"; rm -rf "$d"'), RULE).length, 0);
  assert.equal(findings(run('d=$(mktemp -d); chmod 777 "$d" /srv; rm -rf "$d"'), RULE).length, 1);
});

test("narrowing o+w takes away only others' write: group write was never part of the finding", () => {
  const text = run('chmod o+w /srv/data');
  const [d] = findings(text, RULE);
  const fixed = applyEdits(text, d.data.fixes[0].edits).text;
  assert.equal(fixed, run('chmod o-w /srv/data'));
  assert.doesNotMatch(fixed, /go-w/);
  assert.equal(d.data.fixes[0].title, 'Narrow the mode to o-w');
});

test('world-writable then sticky in the same RUN is the /tmp pattern and stays quiet; recursive or partial still fires', () => {
  for (const cmd of [
    'chmod 777 /scratch && chmod +t /scratch',
    'mkdir -m 777 /scratch && chmod +t /scratch/',
    'chmod a+rwx /srv/drop; chmod 1777 /srv/drop',
  ]) {
    assert.equal(findings(run(cmd), RULE).length, 0, cmd);
  }
  for (const cmd of [
    'chmod 777 /scratch /other && chmod +t /scratch',
    'chmod -R 777 /scratch && chmod +t /scratch',
    'chmod +t /scratch && chmod 777 /scratch',
    'chmod 777 /scratch && chmod -t /scratch',
  ]) {
    assert.equal(findings(run(cmd), RULE).length, 1, cmd);
  }
  assert.equal(
    findings('FROM debian:bookworm-slim\nRUN chmod 777 /scratch\nRUN echo && chmod +t /other\n', RULE).length,
    1,
    'another path',
  );
});

test('setgid directories are still reported, and the doc page says why (Decision:)', () => {
  for (const cmd of ['chmod 2775 /srv/shared', 'chmod g+s /var/www']) {
    const found = findings(run(cmd), RULE);
    assert.equal(found.length, 1, cmd);
    assert.match(found[0].message, /setgid/);
  }
  const doc = fs.readFileSync(path.join(ROOT, 'docs/rules/insecure-permissions.md'), 'utf8');
  assert.match(doc, /^Decision: setgid directories .*still reported/m);
  assert.match(doc, /shared.group director/);
  assert.match(doc, /bulkhead-ignore insecure-permissions -- /);
});

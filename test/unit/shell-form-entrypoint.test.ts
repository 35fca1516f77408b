// shell-form-entrypoint: when converting to exec form is safe, and what the conversion writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, applyEdits, lint } from './helpers';

const RULE = 'shell-form-entrypoint';

const CONVERSIONS = [
  // [shell form, exec form or null when a shell is needed]
  ['node server.js', '["node", "server.js"]'],
  ['exec node server.js', '["node", "server.js"]'],
  ['/usr/sbin/nginx -g "daemon off;"', '["/usr/sbin/nginx", "-g", "daemon off;"]'],
  ["java -jar 'my app.jar'", '["java", "-jar", "my app.jar"]'],
  ['"/setup.sh"', '["/setup.sh"]'],
  ['echo $HOME', null],
  ['echo "${HOME}"', null],
  ['a && b', null],
  ['a; b', null],
  ['a | b', null],
  ['app > /var/log/app.log', null],
  ['rm -f /tmp/*.pid', null],
  ['ls ~', null],
  ['echo `date`', null],
  ['echo a\\ b', null],
  ['PORT=80 app', null],
  ['cd /app', null],
  ['source /env && app', null],
  ['exec', null],
  ['exec -a name app', null],
];

for (const [shell, exec] of CONVERSIONS) {
  test(`CMD ${shell} -> ${exec ?? 'no fix'}`, () => {
    const text = `FROM alpine:3.20\nCMD ${shell}\n`;
    const [d] = findings(text, RULE);
    assert.ok(d, 'fires');
    if (exec === null) {
      assert.deepEqual(d.data.fixes, []);
      return;
    }
    const after = applyEdits(text, d.data.fixes[0].edits).text;
    assert.equal(after, `FROM alpine:3.20\nCMD ${exec}\n`);
    assert.equal(lint(after).diagnostics.filter((x) => x.code === RULE).length, 0);
  });
}

test('a continued command becomes one exec-form line', () => {
  const text = 'FROM alpine:3.20\nENTRYPOINT /usr/bin/app \\\n    --config /etc/app.yml\nUSER 10001\n';
  const [d] = findings(text, RULE);
  assert.equal(
    applyEdits(text, d.data.fixes[0].edits).text,
    'FROM alpine:3.20\nENTRYPOINT ["/usr/bin/app", "--config", "/etc/app.yml"]\nUSER 10001\n',
  );
});

test('ENTRYPOINT with a CMD in the stage (or a derived stage) is not converted: CMD would become its arguments', () => {
  const own = findings('FROM alpine:3.20\nENTRYPOINT app --serve\nCMD ["--port", "80"]\n', RULE);
  assert.deepEqual(own[0].data.fixes, []);
  const derived = findings('FROM alpine:3.20 AS base\nENTRYPOINT app --serve\nFROM base\nCMD ["--port", "80"]\n', RULE);
  assert.deepEqual(derived[0].data.fixes, []);
  const alone = findings('FROM alpine:3.20\nENTRYPOINT app --serve\n', RULE);
  assert.equal(alone[0].data.fixes.length, 1);
});

test('only the last CMD and ENTRYPOINT of each stage count', () => {
  const text = 'FROM alpine:3.20 AS a\nCMD echo one\nCMD echo two\nFROM alpine:3.20\nCMD ["x"]\n';
  assert.deepEqual(
    findings(text, RULE).map((d) => d.range.start.line + 1),
    [3],
  );
});

test('not-quite-JSON is shell form and says so', () => {
  const [d] = findings("FROM alpine:3.20\nCMD ['node', 'app.js']\n", RULE);
  assert.match(d.message, /not valid JSON/);
  assert.deepEqual(d.data.fixes, []);
});

test('Windows stages are skipped; a POSIX stage in the same file is not', () => {
  const text =
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\nCMD ping -t localhost\nFROM alpine:3.20\nCMD sleep 1\n';
  assert.deepEqual(
    findings(text, RULE).map((d) => d.range.start.line + 1),
    [4],
  );
  assert.deepEqual(findings('# escape=`\nFROM alpine:3.20\nCMD sleep 1\n', RULE), []);
});

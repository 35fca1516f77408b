// user-not-numeric: which accounts the fix can resolve to numeric ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, applyEdits } from './helpers';

const RULE = 'user-not-numeric';

function fixed(text) {
  const [d] = findings(text, RULE);
  assert.ok(d, text);
  return d.data.fixes.length
    ? /USER (.*)\n/.exec(applyEdits(text, d.data.fixes[0].edits).text.split('\n').slice(-3).join('\n') + '\n')?.[1]
    : null;
}

test('the fix uses the ids the Dockerfile assigns', () => {
  const cases = {
    'RUN useradd -u 1500 app\nUSER app': '1500',
    'RUN useradd --uid=1500 --gid=1600 app\nUSER app': '1500:1600',
    'RUN groupadd -g 1600 grp && useradd -u 1500 -g grp app\nUSER app': '1500:1600',
    'RUN addgroup -S -g 1600 grp && adduser -S -D -u 1500 -G grp app\nUSER app': '1500:1600',
    'RUN addgroup -g 1600 -S grp && adduser -u 1500 -SDG grp app\nUSER app': '1500:1600',
    'RUN adduser --system --uid 1500 --ingroup grp app && addgroup --gid 1600 grp\nUSER app': '1500:1600',
    'RUN addgroup --gid 1600 grp && adduser --uid 1500 --gid 1600 --disabled-password app\nUSER app': '1500:1600',
    'RUN useradd -u 1500 app && groupadd -g 42 staff\nUSER app:staff': '1500:42',
    'RUN useradd -u 1500 app\nUSER app:0': '1500:0',
    'RUN useradd -u 1500 app\nUSER app:unknowngroup': '1500:unknowngroup',
    'ARG UID=1500\nRUN useradd -u ${UID} app\nUSER app': '1500',
  };
  for (const [body, want] of Object.entries(cases))
    assert.equal(fixed(`FROM debian:bookworm-slim\n${body}\n`), want, body);
});

test('no fix without an explicit uid, in another stage, for uid 0, or when USER uses a build argument', () => {
  for (const text of [
    'FROM debian\nRUN useradd app\nUSER app\n',
    'FROM debian AS other\nRUN useradd -u 1500 app\nFROM debian\nUSER app\n',
    'FROM debian\nRUN useradd -o -u 0 admin\nUSER admin\n',
    'FROM debian\nARG U=app\nRUN useradd -u 1500 app\nUSER $U\n',
    'FROM debian\nARG UID\nRUN useradd -u ${UID} app\nUSER app\n',
  ]) {
    assert.equal(fixed(text), null, text);
  }
});

test('the message names the known id even when it cannot rewrite USER', () => {
  const [d] = findings('FROM debian\nARG U=app\nRUN useradd -u 1500 app\nUSER $U\n', RULE);
  assert.match(d.message, /USER 1500/);
});

// The plain-text reading of messages (server/src/text/plain.ts): what the Problems panel, quick-fix menus, the CLI,
// JSON and SARIF show instead of Markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainText, terminalText } from '../../server/src/text/plain';
import { assertLinear } from './cost-helpers';

test('code spans become quoted text; bold marks and links are read plain; other stars stay', () => {
  assert.equal(plainText('`curl -k` turns off TLS'), '"curl -k" turns off TLS');
  assert.equal(plainText('Set `SHELL ["/bin/bash", "-c"]` first'), `Set 'SHELL ["/bin/bash", "-c"]' first`);
  assert.equal(plainText('a ``x ` y`` b'), 'a "x ` y" b');
  assert.equal(plainText('**Why it matters:** x'), 'Why it matters: x');
  assert.equal(plainText('key (AKIA****************) in'), 'key (AKIA****************) in');
  assert.equal(plainText('[Rule documentation](https://x/y.md) · z'), 'Rule documentation (https://x/y.md) · z');
  assert.equal(plainText('an unclosed ` stays, [a bracket] too'), 'an unclosed ` stays, [a bracket] too');
  assert.equal(plainText('2 * 3 ** 4'), '2 * 3 ** 4');
});

test('property: balanced code spans leave no backtick; text outside them is kept', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.stringMatching(/^[a-z.,:]{1,8}$/), fc.stringMatching(/^[a-z"/ -]{1,8}$/))),
      (pairs) => {
        const markdown = pairs.map(([text, code]) => `${text}\`${code}\``).join('');
        const plain = plainText(markdown);
        return !plain.includes('`') && pairs.every(([text]) => plain.includes(text));
      },
    ),
    { seed: 20261206, numRuns: 300 },
  );
});

test('linear on hostile messages: many unmatched backticks, brackets and stars', () => {
  for (const unit of ['`', '[a', '**', '``x', '[x](']) assertLinear((n) => plainText(unit.repeat(n)), 2000, unit);
});

test('terminal text: a Markdown table becomes aligned columns', () => {
  assert.equal(
    terminalText('**Title**\n\n| Key | Value |\n|---|---|\n| `icc` | `false` |\n| `log-level` | `"info"` |\nafter'),
    'Title\n\nKey        Value\n---------  ------\nicc        false\nlog-level  "info"\nafter',
  );
});

// ssh-port-exposed: which EXPOSE words are SSH, and that removing the port leaves a valid instruction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lint, applyEdits } from './helpers';

const RULE = 'ssh-port-exposed';

function fixed(text) {
  const found = findings(text, RULE);
  assert.equal(found.length, 1, `one finding in:\n${text}`);
  return applyEdits(text, found[0].data.fixes[0].edits).text;
}

const FIXES = [
  ['EXPOSE 22\n', ''],
  ['EXPOSE 22 80\n', 'EXPOSE 80\n'],
  ['EXPOSE 80 22\n', 'EXPOSE 80\n'],
  ['EXPOSE 80 22/tcp 443\n', 'EXPOSE 80 443\n'],
  ['EXPOSE 80 \\\n    22\nCMD ["x"]\n', 'EXPOSE 80\nCMD ["x"]\n'],
  ['EXPOSE 22 \\\n    80\n', 'EXPOSE 80\n'],
  ['EXPOSE 20-25/tcp\n', 'EXPOSE 20-21/tcp 23-25/tcp\n'],
  ['EXPOSE 22-23\n', 'EXPOSE 23\n'],
  ['EXPOSE 1-65535\n', 'EXPOSE 1-21 23-65535\n'],
];

for (const [body, expected] of FIXES) {
  test(`fix: ${JSON.stringify(body)} -> ${JSON.stringify(expected)}`, () => {
    const text = `FROM alpine:3.20\n${body}`;
    const after = fixed(text);
    assert.equal(after, `FROM alpine:3.20\n${expected}`);
    assert.equal(lint(after).diagnostics.filter((d) => d.code === RULE).length, 0);
  });
}

test('Windows escape character: the continuation is kept balanced', () => {
  const text =
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 3389 `\n       22\nCMD ["cmd"]\n';
  assert.equal(
    fixed(text),
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 3389\nCMD ["cmd"]\n',
  );
});

for (const word of ['22/udp', '22/sctp', '2222', '122', '220', '23-30', '${UNKNOWN}']) {
  test(`EXPOSE ${word} does not fire`, () => {
    assert.deepEqual(findings(`FROM alpine:3.20\nARG UNKNOWN\nEXPOSE ${word}\n`, RULE), []);
  });
}

test('a variable holding 22 fires, and the finding sits on the word as written', () => {
  const text = 'FROM alpine:3.20\nENV SSH=22\nEXPOSE 80 $SSH 0.0.0.0:2222:22/TCP\n';
  const found = findings(text, RULE);
  const line = text.split('\n')[2];
  assert.deepEqual(
    found.map((d) => line.slice(d.range.start.character, d.range.end.character)),
    ['$SSH', '0.0.0.0:2222:22/TCP'],
  );
});

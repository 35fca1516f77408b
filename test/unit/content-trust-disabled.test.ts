// content-trust-disabled: the values the docker CLI reads as off, where they can be set, and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lint, applyEdits } from './helpers';

const RULE = 'content-trust-disabled';

for (const value of ['0', 'f', 'F', 'false', 'FALSE', 'False', '"0"', "'false'"]) {
  test(`ENV DOCKER_CONTENT_TRUST=${value} fires`, () => {
    assert.equal(findings(`FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=${value}\n`, RULE).length, 1);
  });
}

for (const value of ['1', 'true', 'yes', '""', '']) {
  test(`ENV DOCKER_CONTENT_TRUST=${value} does not fire`, () => {
    assert.equal(findings(`FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=${value}\n`, RULE).length, 0);
  });
}

test('the fix sets the literal value to 1 and leaves the rest of the instruction alone', () => {
  const text = 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=false DOCKER_BUILDKIT=1\n';
  const [d] = findings(text, RULE);
  const after = applyEdits(text, d.data.fixes[0].edits).text;
  assert.equal(after, 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=1 DOCKER_BUILDKIT=1\n');
  assert.equal(lint(after).diagnostics.filter((x) => x.code === RULE).length, 0);
});

test('RUN assignments: export, command prefix and env; the fix edits the value only', () => {
  const text =
    'FROM docker:27-cli\nRUN export DOCKER_CONTENT_TRUST=0 && env DOCKER_CONTENT_TRUST=false docker pull a:1\n';
  const found = findings(text, RULE);
  assert.equal(found.length, 2);
  let after = text;
  for (const d of [...found].reverse()) after = applyEdits(after, d.data.fixes[0].edits).text;
  assert.equal(
    after,
    'FROM docker:27-cli\nRUN export DOCKER_CONTENT_TRUST=1 && env DOCKER_CONTENT_TRUST=1 docker pull a:1\n',
  );
});

test('a value from a build argument fires without a fix (change the argument instead)', () => {
  const [d] = findings('FROM docker:27-cli\nARG DCT=0\nENV DOCKER_CONTENT_TRUST=$DCT\n', RULE);
  assert.match(d.message, /= 0/);
  assert.deepEqual(d.data.fixes, []);
});

test('quoted or echoed text is not an assignment', () => {
  assert.deepEqual(findings('FROM alpine:3.20\nRUN echo DOCKER_CONTENT_TRUST=0 "DOCKER_CONTENT_TRUST=0"\n', RULE), []);
});

test('ONBUILD ENV/ARG fires too (it disables content trust in every downstream build)', () => {
  const text = 'FROM docker:27-cli\nONBUILD ENV DOCKER_CONTENT_TRUST=0\n';
  const [d] = findings(text, RULE);
  assert.match(d.message, /ONBUILD ENV/);
  assert.equal(
    applyEdits(text, d.data.fixes[0].edits).text,
    'FROM docker:27-cli\nONBUILD ENV DOCKER_CONTENT_TRUST=1\n',
  );
});

// Hovers: findings explain the rule (rationale, remedy, guidance, other tools' ids); security-relevant
// instructions explain themselves; secrets never appear unmasked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, hoverText } from './helpers';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';

const hoverAt = (text, line, character) => hoverDockerfile(lint(text), { line, character });

test('a finding hovers with its explanation and equivalent ids', () => {
  const h = hoverAt('FROM alpine:3.20\nADD a.txt /a\nUSER 1:1\n', 1, 1);
  assert.match(hoverText(h), /ADD used for local files/);
  assert.match(hoverText(h), /ADD copies local "a\.txt" here/, 'the message, for editors that do not show it');
  assert.match(hoverText(h), /\*\*Why it matters:\*\*/);
  assert.match(hoverText(h), /\*\*What to do:\*\*/);
  assert.match(hoverText(h), /Same as hadolint DL3020/);
  assert.match(hoverText(h), /bulkhead-ignore add-instead-of-copy/);
});

test('each finding is read once: no message where the editor shows it, one section per rule, compact', () => {
  const text = 'FROM node:latest\nCMD ["node"]\n';
  const r = lint(text);
  const at = { line: 0, character: 12 };
  const inside = (d) =>
    d.range.start.line === 0 && d.range.start.character <= at.character && d.range.end.character >= at.character;
  const under = r.diagnostics.filter(inside);
  assert.ok(under.length >= 3, `several findings under the cursor: ${under.map((d) => d.code).join()}`);
  const shown = hoverText(hoverDockerfile(r, at, { editorShowsMessages: true }))!;
  for (const d of under) {
    assert.ok(!shown.includes(String(d.message)), `the message of ${d.code} is left to the editor`);
    assert.equal(shown.split(`\`${d.code}\``).length - 1, 1, `${d.code} explained once`);
  }
  assert.doesNotMatch(shown, /\*\*Guidance:\*\*/, 'the guidance is on the rule page');
  // other editors get the messages, once each
  const all = hoverText(hoverDockerfile(r, at))!;
  for (const d of under) assert.equal(all.split(String(d.message)).length - 1, 1, `${d.code}'s message once`);
  // the same rule twice under the cursor: one explanation, both messages
  const twice = { ...r, diagnostics: [under[0], { ...under[0], message: 'A second finding of the same rule.' }] };
  const h = hoverText(hoverDockerfile(twice, at))!;
  assert.equal(h.split(`\`${under[0].code}\``).length - 1, 1);
  assert.ok(h.includes(String(under[0].message)) && h.includes('A second finding of the same rule.'));
});

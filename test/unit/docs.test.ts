// Every rule in the registry has its documentation page: first the header generated from the rule's metadata and its
// kind's descriptor (scripts/ruleDocs.mjs: title, kind, default severity, fix safety, how to suppress, guidance,
// anchors), as `npm run generate` writes it now, then the sections written by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers';
import { allRules, languageOfRule } from '../../server/src/service/registry';
import { ruleDocHeader } from '../../scripts/ruleDocs.mjs';

/** The sections every page writes by hand, below its header. */
const BODY = ['## Why it matters', '## What fires', '## What does not fire', '## Bad', '## Good'];
/** What the header says, which the body does not say again. */
const HEADER_ONLY = ['## Guidance', '## Equivalent rules in other tools', 'Default severity:'];

const flat = (text: string) => text.replace(/\s+/g, ' ');

for (const rule of allRules) {
  test(`docs/rules/${rule.id}.md`, () => {
    const file = path.join(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    const language = languageOfRule(rule);
    const header = ruleDocHeader(rule, language);
    assert.ok(
      text.startsWith(`${header}\n`),
      `${rule.id}.md does not start with its current header: run npm run generate`,
    );
    const body = text.slice(header.length);
    for (const h of BODY) assert.ok(body.includes(`\n${h}\n`), `${rule.id}.md lacks "${h}"`);
    for (const h of HEADER_ONLY) assert.ok(!body.includes(h), `${rule.id}.md says "${h}" below its header again`);
    // a kind whose format takes comments: the page shows its ignore comment at work, with a reason; daemon.json allows
    // no comments (dockerd refuses them): its rules are turned off in settings or .bulkhead.json
    const comment = language.suppression.comment;
    if (comment) {
      assert.ok(body.includes('\n## How to suppress\n'), `${rule.id}.md lacks "## How to suppress"`);
      assert.ok(body.includes(`${comment} bulkhead-ignore ${rule.id} -- `), 'shows the ignore comment with a reason');
    }
  });
}

test('a header states the rule metadata users look for', () => {
  for (const rule of allRules) {
    const language = languageOfRule(rule);
    const header = flat(ruleDocHeader(rule, language));
    assert.ok(header.startsWith(`<!-- header:start`), rule.id);
    assert.ok(header.includes(` # ${rule.id} — ${rule.title} `), `${rule.id}: the title`);
    assert.ok(header.includes(`Default severity: ${rule.severity} `), `${rule.id}: the default severity`);
    for (const a of rule.anchors) assert.ok(header.includes(a.id), `${rule.id}: does not name ${a.tool} ${a.id}`);
    for (const g of rule.guidance) assert.ok(header.includes(g), `${rule.id}: does not name the guidance "${g}"`);
    assert.ok(header.includes(` Kind: ${language.name} · `), `${rule.id}: the kind`);
    if (language.suppression.comment)
      assert.ok(
        header.includes(`${language.suppression.comment} bulkhead-ignore ${rule.id} `),
        `${rule.id}: the ignore comment`,
      );
    else assert.ok(header.includes(`"${rule.id}": "off"`), `${rule.id}: how to turn it off`);
    assert.match(
      header,
      { safe: /Fix: safe/, manual: /Fix: offered for review/, mixed: /Fixes: some safe/ }[rule.fixSafety] ?? /No fix/,
      `${rule.id}: fix safety ${rule.fixSafety}`,
    );
  }
});

test('no orphan doc pages', () => {
  const ids = new Set(allRules.map((r) => r.id));
  for (const f of fs.readdirSync(path.join(ROOT, 'docs/rules'))) {
    if (!f.endsWith('.md') || f === 'README.md') continue;
    assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} has no rule`);
  }
});

// Every rule in the registry has its documentation page, with the sections users rely on, naming its anchors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { svc, ROOT } from './helpers.mjs';

const REQUIRED = [
  '## Why it matters',
  '## Guidance',
  '## Bad',
  '## Good',
  '## How to suppress',
  '## Equivalent rules in other tools',
];

for (const rule of svc.allRules) {
  test(`docs/rules/${rule.id}.md`, () => {
    const file = path.join(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^# ${rule.id}\\b`), 'starts with "# <id>"');
    for (const h of REQUIRED) assert.ok(text.includes(h), `${rule.id}.md lacks "${h}"`);
    for (const a of rule.anchors) assert.ok(text.includes(a.id), `${rule.id}.md does not name ${a.tool} ${a.id}`);
    for (const g of rule.guidance) assert.ok(text.includes(g), `${rule.id}.md does not name the guidance "${g}"`);
    // daemon.json allows no comments (dockerd refuses them): its rules are turned off in settings or .bulkhead.json
    if (rule.kind === 'daemon') assert.ok(text.includes(`"${rule.id}": "off"`), 'shows how to turn the rule off');
    else assert.ok(text.includes(`bulkhead-ignore ${rule.id}`), 'shows the ignore comment');
    assert.ok(text.includes(`Default severity: ${rule.severity}`), 'states the default severity');
  });
}

test('no orphan doc pages', () => {
  const ids = new Set(svc.allRules.map((r) => r.id));
  for (const f of fs.readdirSync(path.join(ROOT, 'docs/rules'))) {
    if (!f.endsWith('.md') || f === 'README.md') continue;
    assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} has no rule`);
  }
});

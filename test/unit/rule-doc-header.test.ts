// The client's Show Rule Documentation picker reads each rule page's title and default severity from its generated
// header (shared/src/ruleDocs.ts): for every rule, what it reads is the registry's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers';
import { allRules } from '../../server/src/service/registry';
import { ruleDocHeader } from '../../shared/src/ruleDocs';

test('every rule page gives the picker its title and default severity', () => {
  for (const rule of allRules) {
    const text = fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    assert.deepEqual(ruleDocHeader(text), { title: rule.title, severity: rule.severity }, rule.id);
  }
  assert.deepEqual(ruleDocHeader('no header here'), { title: undefined, severity: undefined });
});

// Every Dockerfile rule: at least 3 firing and 3 non-firing fixtures, expected lines where given, and every fix
// applied and re-linted.
import { test } from 'node:test';
import { findings, ruleFixtures, checkFixes, fixtureSuite } from './helpers';

fixtureSuite(test, 'dockerfile', {
  findings,
  fixtures: ruleFixtures,
  checkFixes: (text, rule, opts) => checkFixes(text, rule, opts),
});

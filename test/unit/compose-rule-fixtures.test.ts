// Every Compose rule: at least 3 firing and 3 non-firing fixtures, expected lines where given, and every fix applied,
// the YAML re-parsed and re-linted.
import { test } from 'node:test';
import { fixtureSuite } from './helpers';
import { composeFindings, composeFixtures, checkComposeFixes } from './compose-helpers';

fixtureSuite(test, 'compose', { findings: composeFindings, fixtures: composeFixtures, checkFixes: checkComposeFixes });

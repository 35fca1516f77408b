// Every devcontainer.json rule: at least 3 firing and 3 non-firing fixtures, expected lines where given, and every fix
// applied, the JSON re-parsed and re-linted.
import { test } from 'node:test';
import { fixtureSuite } from './helpers';
import { devcontainerFindings, devcontainerFixtures, checkDevcontainerFixes } from './devcontainer-helpers';

fixtureSuite(test, 'devcontainer', {
  findings: devcontainerFindings,
  fixtures: devcontainerFixtures,
  checkFixes: checkDevcontainerFixes,
});

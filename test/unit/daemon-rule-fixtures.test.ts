// Every daemon.json rule: at least 3 firing and 3 non-firing fixtures, expected lines where given, and every fix
// applied and re-linted.
import { test } from 'node:test';
import { fixtureSuite } from './helpers';
import { daemonFindings, daemonFixtures, checkDaemonFixes } from './daemon-helpers';

fixtureSuite(test, 'daemon', { findings: daemonFindings, fixtures: daemonFixtures, checkFixes: checkDaemonFixes });

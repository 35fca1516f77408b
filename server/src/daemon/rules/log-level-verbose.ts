import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { booleanSetting, cisApplies, effectiveValue, fixes, setKeyFix, shown, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

const VERBOSE = new Set(['debug', 'trace']);

export const logLevelVerbose: Rule<DaemonContext> = {
  id: 'log-level-verbose',
  kind: 'daemon',
  severity: 'info',
  title: 'Daemon logs at debug level',
  rationale:
    'At `debug` or `trace` level (or with `"debug": true`) dockerd logs every API call with its parameters: the volume buries the events worth auditing, fills disks, and exposes request details to whoever reads the logs.',
  remedy: 'Set `"log-level": "info"` (or remove it) and `"debug": false` outside troubleshooting sessions.',
  guidance: ['Host: auditing and authorization'],
  anchors: [cisCheck('2.3')],
  fixes: ['Set "log-level": "info"', 'Set "debug": false'],
  fixSafety: 'safe',
  check({ model }) {
    const out: Report[] = [];
    if (cisApplies(model, 'log-level')) {
      const { prop, value } = effectiveValue(model, 'log-level');
      // dockerd lower-cases the level ("DEBUG" is debug)
      if (prop && typeof value === 'string' && VERBOSE.has(value.toLowerCase())) {
        out.push({
          range: valueRange(model, prop),
          message: `"log-level": ${shown(value)} makes dockerd log every API call with its parameters, burying the events worth auditing (CIS 2.3). Set "log-level": "info" once troubleshooting is over.`,
          fixes: fixes(setKeyFix(model, 'log-level', 'info')),
        });
      }
    }
    if (cisApplies(model, 'debug')) {
      const { prop, value } = booleanSetting(model, 'debug');
      if (prop && value === true) {
        out.push({
          range: valueRange(model, prop),
          message:
            '"debug": true sets dockerd\'s log level to debug whatever "log-level" says: every API call is logged with its parameters, burying the events worth auditing (CIS 2.3). Set "debug": false once troubleshooting is over.',
          fixes: fixes(setKeyFix(model, 'debug', false)),
        });
      }
    }
    return out;
  },
};

import type { Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { booleanSetting, cisApplies, fixes, setKeyFix, valueRange } from '../cis';
import { cisCheck } from '../../rules/anchors';

export const experimentalEnabled: Rule<DaemonContext> = {
  id: 'experimental-enabled',
  kind: 'daemon',
  severity: 'info',
  title: 'Experimental features enabled',
  rationale:
    'Experimental features are unfinished: they change or disappear between releases and get less review and testing than the stable API, which is more code exposed than a production daemon needs.',
  remedy: 'Set `"experimental": false` (or remove it) on production hosts.',
  guidance: ['Host: least privilege'],
  anchors: [cisCheck('2.18')],
  fixes: ['Set "experimental": false'],
  fixSafety: 'manual',
  check({ model }) {
    if (!cisApplies(model, 'experimental')) return [];
    const { prop, value } = booleanSetting(model, 'experimental');
    if (!prop || value !== true) return [];
    return [
      {
        range: valueRange(model, prop),
        message:
          '"experimental": true turns on unfinished daemon features that change between releases and are less tested (CIS 2.18). Set "experimental": false on production hosts; keep it for development machines only.',
        fixes: fixes(setKeyFix(model, 'experimental', false)),
      },
    ];
  },
};

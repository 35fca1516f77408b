import type { EffectiveConfig } from '../rules/context';
import type { Severity } from '../rules/types';

/**
 * The severity of a finding about a setting a service leaves out (docs/severity.md): advice, not a weakness written in
 * the file, as for daemon.json keys a file leaves out. `advice` is `info` for a control that costs the service nothing
 * (no-new-privileges, resource limits) and `hint` for defence in depth that costs functionality until the service is
 * tuned for it (dropping every capability, a read-only root filesystem). With `"profile": "cis"` the rule's own severity
 * (undefined: the rule's).
 */
export function absentSeverity(config: EffectiveConfig, advice: Severity): Severity | undefined {
  return config.profile === 'cis' ? undefined : advice;
}

import { renderAuditRules } from '../../../shared/src/templates';
import { showNote, targetFolder, writeRendered } from './workspace';

export const NEW_AUDIT_RULES = 'bulkhead.newAuditRules';

/** Generate auditd Rules for the Docker Host: `docker.rules`, to install under /etc/audit/rules.d/ (see the note). */
export async function newAuditRules(arg?: unknown): Promise<void> {
  const folder = await targetFolder(arg, 'docker.rules');
  if (!folder) return;
  const rules = renderAuditRules();
  await showNote(
    await writeRendered(folder, rules),
    rules,
    'Install it in /etc/audit/rules.d/ and reload with augenrules --load (see the notes).',
  );
}

import type { DaemonKey, EngineVersion, NestedField, Platform } from './keyTypes';
import { daemonKey, keyAvailable, IGNORED_SPELLINGS, REJECTED_FIELDS, REMOVED_KEYS } from './keys';

const TYPE_NAMES: Record<string, string> = {
  boolean: 'boolean',
  string: 'string',
  integer: 'integer',
  'string-array': 'array of strings',
  object: 'object',
  'object-array': 'array of objects',
};

const PLATFORM_NAMES: Record<Platform, string> = { linux: 'Linux', windows: 'Windows' };

/**
 * The hover card of a daemon.json key: type, default, platform, versions, CLI flag, reload behaviour, CIS id with the
 * secure value, and why it matters. Also the text of the editor schema's descriptions (generated from the same table).
 * With a version and platform, says whether the key works for that dockerd.
 */
export function keyCardMarkdown(key: DaemonKey, target?: { version: EngineVersion; platform: Platform }): string {
  const lines: string[] = [];
  const type = TYPE_NAMES[key.type] ?? key.type;
  lines.push(
    `**\`${key.key}\`** — ${type} · default ${key.default} · ${key.platforms.map((p) => PLATFORM_NAMES[p]).join(', ')} only`.replace(
      / \u00b7 (Linux, Windows) only$/,
      ' · Linux and Windows',
    ),
  );
  lines.push(key.description);
  if (key.values?.length) lines.push(`Values: ${key.values.map((v) => `\`${v}\``).join(', ')}`);
  const facts: string[] = [];
  facts.push(key.flag ? `Flag: \`${key.flag}\`` : 'No command-line flag (file only)');
  facts.push(key.reload ? 'Reload: applied on `SIGHUP` / `systemctl reload docker`' : 'Reload: needs a daemon restart');
  facts.push(versionText(key));
  lines.push(facts.join(' · '));
  if (key.cis) lines.push(`**CIS ${key.cis.id}** (${key.cis.title}): secure value ${key.cis.secure}.`);
  if (key.security) lines.push(`**Why it matters:** ${key.security}`);
  for (const note of key.notes ?? []) lines.push(`- ${note}`);
  if (target && !keyAvailable(key, target.version, target.platform)) {
    lines.push(
      `⚠ Not accepted by Engine ${target.version} on ${PLATFORM_NAMES[target.platform]} (settings \`bulkhead.daemon.engineVersion\` / \`bulkhead.daemon.platform\`).`,
    );
  }
  return lines.join('\n\n');
}

function versionText(key: DaemonKey): string {
  const parts = [`Engine ${key.since}+`];
  if (key.deprecatedIn)
    parts.push(`deprecated in ${key.deprecatedIn}${key.replacement ? ` (use \`${key.replacement}\`)` : ''}`);
  if (key.removedIn) parts.push(`removed in ${key.removedIn}`);
  return parts.join(', ');
}

/** Markdown for a nested field (log-opts keys, builder fields, runtimes...). */
export function nestedFieldMarkdown(parent: string, field: NestedField): string {
  const parts = [`**\`${parent}.${field.key}\`** — ${TYPE_NAMES[field.type] ?? field.type}`, field.description];
  if (field.values?.length) parts.push(`Values: ${field.values.map((v) => `\`${v}\``).join(', ')}`);
  if (field.since) parts.push(`Engine ${field.since}+`);
  if (field.deprecatedIn)
    parts.push(`Deprecated in ${field.deprecatedIn}${field.replacement ? `: use \`${field.replacement}\`` : ''}.`);
  return parts.join('\n\n');
}

/** What a key that is not a working key is: an ignored spelling, a rejected field, a removed key. */
export function unusableKeyMarkdown(name: string): string | undefined {
  const ignored = IGNORED_SPELLINGS.find((k) => k.key === name);
  if (ignored) {
    const to = ignored.to
      ? ` Write \`${ignored.to}\`.`
      : ignored.moveUnder
        ? ` Put it under \`"${ignored.moveUnder}"\`.`
        : '';
    return `**\`${name}\`** — accepted by dockerd but ignored: ${ignored.effect}${to}`;
  }
  const rejected = REJECTED_FIELDS.find((k) => k.key === name);
  if (rejected)
    return `**\`${name}\`** — dockerd refuses to start with this key. ${rejected.explanation} ${rejected.instead}`;
  const removed = REMOVED_KEYS.find((k) => k.key === name);
  if (removed)
    return `**\`${name}\`** — removed in Engine ${removed.removedIn}. ${removed.explanation}${removed.renameTo ? ` Use \`${removed.renameTo}\`.` : ''}`;
  return undefined;
}

export function topLevelKeyMarkdown(
  name: string,
  target?: { version: EngineVersion; platform: Platform },
): string | undefined {
  const key = daemonKey(name);
  return key ? keyCardMarkdown(key, target) : unusableKeyMarkdown(name);
}

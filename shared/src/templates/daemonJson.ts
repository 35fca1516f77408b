import type { Placeholder, RenderedFile } from './types';
import { DAEMON_BASELINE, DAEMON_BASELINE_KEYS } from './daemonBaseline.generated';
import type { BaselineEngineVersion, DaemonBaselineEntry, JsonValue } from './daemonBaseline.generated';

/** A value the baseline cannot know (`<your-authz-plugin>`): dockerd refuses to start until it is replaced. */
const ANGLE_PLACEHOLDER = /^<.*>$/;

/**
 * daemon.json with every setting of the CIS secure baseline (CIS_BASELINE in server/src/daemon/keys.ts, the same
 * table the "Apply secure baseline" quick fix uses, copied by scripts/generate.mjs into daemonBaseline.generated.ts),
 * as plain JSON: dockerd refuses comments.
 */
export function renderDaemonJson(o: { platform?: 'linux'; engineVersion?: 27 | 28 | 29 } = {}): RenderedFile {
  const platform = o.platform ?? 'linux';
  if (platform !== 'linux') throw new RangeError(`the daemon.json template is for Linux (got "${String(platform)}")`);
  const version: BaselineEngineVersion = o.engineVersion ?? 29;
  if (version !== 27 && version !== 28 && version !== 29)
    throw new RangeError(`engineVersion is 27, 28 or 29 (got ${String(version)})`);
  const available = new Set(DAEMON_BASELINE_KEYS[version][platform]);
  // a setting whose value only the site knows and without which dockerd refuses to start (an authorization plugin's
  // name) is not written: a file people copy must start dockerd; the note says how to add it
  const entries = DAEMON_BASELINE.filter((e) => available.has(e.key) && !needsSiteValue(e));
  const left = DAEMON_BASELINE.filter((e) => available.has(e.key) && needsSiteValue(e));
  const settings: Record<string, JsonValue> = {};
  for (const e of entries) settings[e.key] = e.value;
  const found = placeholdersOf(entries);
  const placeholders = found.map((f) => f.placeholder);

  const rows = entries.map((e) => {
    const cis = e.cis;
    return `| \`${e.key}\` | \`${JSON.stringify(e.value)}\` | ${cis ? `${cis.id} ${cis.title}` : 'with log-driver (CIS 2.13)'} |`;
  });
  const note = [
    `**daemon.json** with the CIS Docker Benchmark settings for Docker Engine ${version} on Linux, as plain JSON (dockerd refuses comments).`,
    '',
    '| Key | Value | CIS |',
    '|---|---|---|',
    ...rows,
    '',
    '**Before you restart dockerd:**',
    '',
    ...placeholders.map((p) => `- **Fill in** \`${p.text}\`: ${p.why}`),
    ...left.map(
      (e) =>
        `- \`${e.key}\` is not written${e.cis ? ` (CIS ${e.cis.id})` : ''}: install what it names first (for authorization, a plugin such as opa-docker-authz), then add it; dockerd refuses to start with a plugin that is not installed.`,
    ),
    ...entries.filter((e) => e.caveat && !found.some((f) => f.key === e.key)).map((e) => `- ${e.caveat}`),
    '- `hosts` is not set: keep the API on the local socket. If it must listen on TCP, use TLS with client certificates (CIS 2.7).',
    '',
    'Apply: merge it into `/etc/docker/daemon.json`, check it with `sudo dockerd --validate --config-file /etc/docker/daemon.json`, then `sudo systemctl restart docker`.',
  ].join('\n');
  return { fileName: 'daemon.json', text: JSON.stringify(settings, null, 2) + '\n', placeholders, note };
}

/** An entry whose value is a placeholder dockerd cannot start with (`<your-authz-plugin>`). */
function needsSiteValue(e: DaemonBaselineEntry): boolean {
  const values = Array.isArray(e.value) ? e.value : [e.value];
  return values.some((v) => typeof v === 'string' && ANGLE_PLACEHOLDER.test(v));
}

/** The site-specific values of the baseline (with their keys), each explained by the entry's caveat. */
function placeholdersOf(entries: readonly DaemonBaselineEntry[]): { key: string; placeholder: Placeholder }[] {
  const out: { key: string; placeholder: Placeholder }[] = [];
  for (const e of entries) {
    const why = e.caveat ?? `Replace it with your value for ${e.key}.`;
    if (e.key === 'log-opts' && e.value && typeof e.value === 'object' && !Array.isArray(e.value)) {
      const address = (e.value as Record<string, JsonValue>)['syslog-address'];
      if (typeof address === 'string')
        out.push({
          key: e.key,
          placeholder: { text: address, why: `${why} Keep tcp+tls:// so that logs travel encrypted.` },
        });
      continue;
    }
    const values = Array.isArray(e.value) ? e.value : [e.value];
    for (const v of values)
      if (typeof v === 'string' && ANGLE_PLACEHOLDER.test(v)) out.push({ key: e.key, placeholder: { text: v, why } });
  }
  return out;
}

import type { Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import type { DaemonKey, Platform } from '../keyTypes';
import type { DaemonModel } from '../model';
import { valueOf } from '../model';
import { LOG_DRIVERS } from '../keys';
import { keyRange, keysOwnedBy, removeKeyFix, unknownDirectives, workingProperties } from '../validity';

const NAME: Record<Platform, string> = { linux: 'Linux', windows: 'Windows' };

/**
 * Keys the facts mark as Linux-only from the source although Docker's own Windows example uses them
 * (`storage-driver`, `default-ulimits`): the table says so in a note.
 */
function inferredOnly(row: DaemonKey | undefined): boolean {
  return !!row?.notes?.some((n) => n.includes('inferred from source') && n.includes('Windows'));
}

export const daemonWrongPlatform: Rule<DaemonContext> = {
  id: 'daemon-wrong-platform',
  kind: 'daemon',
  severity: 'error',
  title: 'Key of the other platform',
  rationale:
    "dockerd registers some options only on Linux (`iptables`, `icc`, `bip`, `userns-remap`, `live-restore` ...) and a few only on Windows; in the other platform's daemon.json they are unknown directives and the daemon does not start.",
  remedy:
    "Remove the key from this platform's daemon.json (or set `bulkhead.daemon.platform` if the platform was guessed wrong).",
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Remove the key'],
  fixSafety: 'mixed',
  check({ model }) {
    const out: Report[] = [];
    const here = NAME[model.platform];
    for (const k of keysOwnedBy(model, 'daemon-wrong-platform')) {
      if (k.verdict.kind !== 'other-platform') continue;
      const { row, spelling } = k.verdict;
      const platforms = row?.platforms ?? spelling?.platforms ?? [];
      const other = platforms.map((p) => NAME[p]).join(' and ');
      const names = k.refused.length ? k.refused.map((r) => r.key) : [k.prop.key];
      const inferred = inferredOnly(row);
      const caveat = inferred
        ? " (Inferred from dockerd's source, which registers the flag only on Linux; Docker's own Windows example contains it. If your Windows daemon accepts it, turn this finding down in the settings.)"
        : '';
      out.push({
        range: keyRange(model, k.prop),
        message: `"${k.prop.key}"${k.parent ? ` (inside "${k.parent.key}", which dockerd flattens)` : ''} is a ${other}-only ${row ? 'option' : 'dockerd flag'}: dockerd on ${here} refuses to start with "${unknownDirectives(names)}". Remove it from this ${here} daemon.json${PLATFORM_HINT}.${caveat}`,
        ...(inferred ? { severity: 'warning' as const } : {}),
        fixes: [removeKeyFix(model, k.prop, { preferred: true })],
      });
    }
    out.push(...logDriverOfOtherPlatform(model));
    return out;
  },
};

/** Where the platform came from, for a file whose platform was guessed wrong. */
const PLATFORM_HINT = " (the platform comes from the setting bulkhead.daemon.platform, or from the file's location)";

/** `journald` on Windows, `etwlogs` on Linux: no such driver there. */
function logDriverOfOtherPlatform(model: DaemonModel): Report[] {
  const prop = workingProperties(model).find((w) => w.prop.key === 'log-driver')?.prop;
  const name = valueOf(prop?.valueNode);
  const driver = LOG_DRIVERS.find((d) => d.name === name);
  if (!prop?.valueNode || !driver || driver.platforms.includes(model.platform)) return [];
  const only = driver.platforms.map((p) => NAME[p]).join(' and ');
  return [
    {
      range: model.range(prop.valueNode.offset, prop.valueNode.offset + prop.valueNode.length),
      message: `The ${driver.name} log driver exists only on ${only}: dockerd on ${NAME[model.platform]} finds no log driver of that name and refuses to start. Use one of this platform's drivers (json-file, local, syslog, gelf, fluentd ...).`,
      fixes: [removeKeyFix(model, prop, { title: 'Remove "log-driver" (back to json-file)', manual: true })],
    },
  ];
}

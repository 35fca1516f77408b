import type { Fix, Report, Rule } from '../../rules/types';
import type { DaemonContext } from '../context';
import { DaemonModel, JsonProperty, propertiesOf, valueOf } from '../model';
import { replaceNode, indentOf, valueText } from '../edits';
import {
  CLIENT_PROXY_KEYS,
  CheckedKey,
  KeyVerdict,
  engineTarget,
  keyRange,
  keysOwnedBy,
  moveIntoProxiesFix,
  quoted,
  removeKeyFix,
  renameFix,
  siblingHas,
  suggest,
  unknownDirectives,
  workingProperties,
} from '../validity';
import { decodeError, NRI_OPTS_FIELDS } from '../keys';

export const daemonUnknownKey: Rule<DaemonContext> = {
  id: 'daemon-unknown-key',
  kind: 'daemon',
  severity: 'error',
  title: 'Key dockerd does not know',
  rationale:
    'dockerd refuses to start when daemon.json holds a key it does not know ("the following directives don\'t match any configuration option"), so a typo takes the whole Docker host down at the next restart.',
  remedy: 'Fix the spelling (or remove the key); check keys against the Engine version you run.',
  guidance: ['Host: a daemon configuration that takes effect'],
  anchors: [],
  fixes: ['Rename to the suggested key', 'Convert the client proxy format', 'Remove the key'],
  fixSafety: 'mixed',
  check({ model }) {
    const out: Report[] = [];
    for (const k of keysOwnedBy(model, 'daemon-unknown-key')) {
      if (k.verdict.kind !== 'unknown') continue;
      out.push(unknownReport(model, k, k.verdict));
    }
    out.push(...nriOptsFields(model));
    return out;
  },
};

/**
 * Fields of nri-opts that NRIOpts does not have. Engine 29 checks nri-opts by its own name only (a flat option), then
 * decodes it with unknown fields disallowed (daemon/pkg/opts/nri_opts.go UnmarshalJSON, lines 19-24 at
 * docker-v29.7.2): the first unknown field stops dockerd. Go still matches the known names case-insensitively.
 */
function nriOptsFields(model: DaemonModel): Report[] {
  const w = workingProperties(model).find((x) => x.prop.key === 'nri-opts');
  if (!w || w.prop.valueNode?.type !== 'object') return [];
  const names = NRI_OPTS_FIELDS.map((f) => f.key);
  return propertiesOf(w.prop.valueNode)
    .filter((p) => !names.some((n) => n.toLowerCase() === p.key.toLowerCase()))
    .map((p) => {
      const s = suggest(p.key, names);
      const fixes: Fix[] = s.length === 1 && !siblingHas(p, s[0]) ? [renameFix(model, p, s[0], true)] : [];
      if (!fixes.length) fixes.push(removeKeyFix(model, p, { manual: true }));
      return {
        range: keyRange(model, p),
        message: `"${p.key}" is not a field of "nri-opts": dockerd refuses to start with "${decodeError(`json: unknown field ${JSON.stringify(p.key)}`, model.version)}". nri-opts takes ${quoted(names)}.${s.length ? ` Did you mean ${quoted(s)}?` : ''}`,
        fixes,
      };
    });
}

function unknownReport(model: DaemonModel, k: CheckedKey, v: Extract<KeyVerdict, { kind: 'unknown' }>): Report {
  const { prop, parent, refused } = k;
  const names = refused.length ? refused.map((r) => r.key) : [prop.key];
  const refusal = `dockerd refuses to start with "${unknownDirectives(names)}"`;
  const inside = parent ? ` inside "${parent.key}"` : '';
  const flattenedNote = refused.length
    ? ` dockerd reads the keys of an object that is not one of its own as top-level settings, and refuses ${quoted(names, 'and')}.`
    : parent && parent.key !== 'proxies'
      ? ` ("${parent.key}" is not a daemon.json section: dockerd reads the keys inside it as top-level settings.)`
      : '';
  const fixes: Fix[] = [];
  let message: string;
  switch (v.reason) {
    case 'later':
      message = `"${prop.key}" was added in Engine ${v.row!.since}, and ${engineTarget(model)}: that dockerd refuses to start with "${unknownDirectives(names)}".${v.rejected ? ` ${v.rejected.instead}` : ' Upgrade dockerd or set the setting to the Engine you run; otherwise remove the key.'}`;
      fixes.push(removeKeyFix(model, prop, { manual: true }));
      break;
    case 'rejected':
      message = `"${prop.key}" cannot be set in daemon.json: ${lowerFirst(v.rejected!.explanation)} On start, ${refusal}. ${v.rejected!.instead}`;
      fixes.push(removeKeyFix(model, prop, { manual: true }));
      break;
    case 'client':
      message = clientMessage(prop, parent, refusal);
      fixes.push(...clientFixes(model, prop, parent, v.suggestions));
      break;
    case 'comment':
      message = `"${prop.key}" looks like a note, but JSON has no comments and dockerd takes every key for a setting: it refuses to start with "${unknownDirectives(names)}". Remove it; keep notes beside the file (a README, the commit message).`;
      fixes.push(removeKeyFix(model, prop, { title: 'Remove the note', preferred: true }));
      break;
    default: {
      const s = v.suggestions;
      const mean = s.length ? ` Did you mean ${quoted(s)}?` : ' Remove it, or look the key up for your Engine version.';
      message = `"${prop.key}"${inside} is not a daemon.json option: ${refusal}.${flattenedNote}${mean}`;
      for (const to of s) {
        if (siblingHas(prop, to))
          fixes.push(removeKeyFix(model, prop, { title: `Remove "${prop.key}" ("${to}" is already set)` }));
        else fixes.push(renameFix(model, prop, to, s.length === 1));
      }
      if (!s.length) fixes.push(removeKeyFix(model, prop, { manual: true }));
    }
  }
  return { range: keyRange(model, prop), message, fixes };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function clientMessage(prop: JsonProperty, parent: JsonProperty | undefined, refusal: string): string {
  const daemonProxies = '{"proxies": {"http-proxy": "…", "https-proxy": "…", "no-proxy": "…"}}';
  if (parent?.key === 'proxies' && prop.key === 'default') {
    return `"proxies": {"default": …} is the Docker client's ~/.docker/config.json format: ${refusal}. The daemon takes ${daemonProxies}.`;
  }
  const proxyName = CLIENT_PROXY_KEYS[prop.key];
  if (proxyName) {
    return `"${prop.key}" is the Docker client's ~/.docker/config.json spelling: ${refusal}. The daemon takes "${proxyName}" inside "proxies": ${daemonProxies}.`;
  }
  return `"${prop.key}" belongs in the Docker client's ~/.docker/config.json, not in daemon.json: ${refusal}. Move it to the client configuration.`;
}

function clientFixes(
  model: DaemonModel,
  prop: JsonProperty,
  parent: JsonProperty | undefined,
  suggestions: string[],
): Fix[] {
  // proxies.default {httpProxy, httpsProxy, noProxy} → the daemon's own three keys
  if (parent?.key === 'proxies' && prop.key === 'default' && parent.valueNode) {
    const inner = valueOf(prop.valueNode);
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const entries = Object.entries(inner as Record<string, unknown>);
      const others = propertiesOf(parent.valueNode).filter((p) => p.key !== 'default');
      if (
        !others.length &&
        entries.length &&
        entries.every(([k, v]) => CLIENT_PROXY_KEYS[k] && typeof v === 'string')
      ) {
        const converted = Object.fromEntries(entries.map(([k, v]) => [CLIENT_PROXY_KEYS[k], v]));
        return [
          {
            title: "Convert to the daemon's proxies format",
            edits: [replaceNode(model, parent.valueNode, valueText(model, converted, indentOf(model, parent.node)))],
            isPreferred: true,
          },
        ];
      }
    }
    return [];
  }
  if (parent?.key === 'proxies' && suggestions.length === 1 && !siblingHas(prop, suggestions[0]))
    return [renameFix(model, prop, suggestions[0], true)];
  if (!parent && CLIENT_PROXY_KEYS[prop.key]) {
    const move = moveIntoProxiesFix(model);
    if (move) return [move];
  }
  return [removeKeyFix(model, prop, { manual: true })];
}

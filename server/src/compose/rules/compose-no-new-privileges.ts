import { isScalar, isSeq } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { absentSeverity } from '../absent';
import { isOverrideFile } from '../reportSite';
import { nodeRange, serviceNameRange } from '../reportSite';
import {
  appendItem,
  definedElsewhere,
  insertList,
  isWindowsService,
  ListItem,
  listItems,
  setting,
  splitOption,
  stringValue,
  subject,
} from '../serviceValues';

const ENTRY = 'no-new-privileges:true';

/** The value of a `no-new-privileges` entry (`no-new-privileges` alone is true), undefined for other entries. */
function noNewPrivileges(item: ListItem): boolean | undefined {
  const text = stringValue(item.value);
  if (text === undefined) return undefined;
  const { name, value } = splitOption(text);
  if (name !== 'no-new-privileges') return undefined;
  if (value === undefined) return true;
  // dockerd reads the value with Go's strconv.ParseBool
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  return undefined;
}

/** The entry as the replaced scalar was written (plain, double- or single-quoted). */
function sameQuoting(type: string | undefined): string | undefined {
  if (type === 'PLAIN') return ENTRY;
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(ENTRY);
  if (type === 'QUOTE_SINGLE') return `'${ENTRY}'`;
  return undefined;
}

export const composeNoNewPrivileges: Rule<ComposeContext> = {
  id: 'compose-no-new-privileges',
  kind: 'compose',
  severity: 'warning',
  title: 'Container may gain new privileges',
  rationale:
    'Without `no-new-privileges` a process in the container can raise its privileges by running a setuid or setgid binary (`su`, `sudo`, a planted setuid shell): a foothold as an unprivileged user becomes root in the container.',
  remedy: 'Add `security_opt: ["no-new-privileges:true"]` to the service.',
  guidance: ['Host: no-new-privileges'],
  anchors: [cisCheck('5.26'), { tool: 'kics', id: 'No New Privileges Not Set' }],
  fixes: ['Add no-new-privileges:true to security_opt'],
  fixSafety: 'manual',
  check({ model, config }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const items = listItems(model, service, 'security_opt');
      // dockerd applies the entries in order: the last no-new-privileges entry decides
      const last = items.filter((i) => noNewPrivileges(i) !== undefined).pop();
      if (last && noNewPrivileges(last)) continue;
      if (last) {
        const replacement = last.own && isScalar(last.node) ? sameQuoting(last.node.type) : undefined;
        // the author turned it off on purpose: a person checks why before turning it on
        const fixes: Fix[] = replacement
          ? [
              {
                title: `Set ${ENTRY}`,
                edits: [{ range: nodeRange(model, last.node), newText: replacement }],
                isPreferred: true,
                manual: true,
              },
            ]
          : [];
        out.push({
          range: last.at,
          message: `${subject(service, last, String(last.value).trim())} lets processes in the container gain privileges through setuid and setgid binaries. Set \`${ENTRY}\`; if the service really runs \`su\` or \`sudo\`, keep it with a comment saying why.`,
          fixes,
        });
        continue;
      }
      // only part of the service is here, or a Windows container (no setuid, no no_new_privs)
      if (definedElsewhere(model, service) || isOverrideFile(model.uri) || isWindowsService(model, service)) continue;
      const list = setting(model, service, 'security_opt');
      const seq = list && list.origin !== 'extends' && isSeq(list.node) ? list.node : undefined;
      // a list the service writes: append to it; merged from an anchor: append there (every service using that list
      // lacks it too); otherwise a list of its own, which `extends` merges with the base's
      // a value that is not a list (invalid Compose) gets no fix: a second key would be a duplicate
      const edit = seq
        ? appendItem(model, seq, ENTRY)
        : list && list.origin !== 'extends'
          ? undefined
          : insertList(model, service, 'security_opt', ENTRY);
      const title =
        seq && !list?.own
          ? `Add ${ENTRY} to the security_opt list in ${list?.from} (shared)`
          : `Add ${ENTRY} to security_opt`;
      const range =
        seq && list?.own && list.keyNode?.range ? nodeRange(model, list.keyNode) : serviceNameRange(model, service);
      const what = !seq
        ? `Service \`${service.name}\` does not set \`${ENTRY}\``
        : list?.own
          ? `\`security_opt\` of service \`${service.name}\` has no \`${ENTRY}\``
          : `Service \`${service.name}\` gets a \`security_opt\` list without \`${ENTRY}\` from ${list?.from}`;
      out.push({
        range,
        message: `${what}: a process in it can gain privileges through setuid and setgid binaries (\`su\`, \`sudo\`, a planted setuid shell). Add \`security_opt: ["${ENTRY}"]\`.`,
        fixes: edit ? [{ title, edits: [edit], isPreferred: true }] : [],
        severity: absentSeverity(config, 'info'),
        absent: {
          service: service.name,
          summary: `do not set \`${ENTRY}\`: a process in them can gain privileges through setuid and setgid binaries (\`su\`, \`sudo\`, a planted setuid shell). Add \`security_opt: ["${ENTRY}"]\` to each.`,
        },
      });
    }
    return out;
  },
};

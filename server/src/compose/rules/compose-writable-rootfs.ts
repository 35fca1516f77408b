import type { TextEdit } from 'vscode-languageserver-types';
import { isScalar, isSeq, Node } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel, ComposeService } from '../model';
import { appendToSequence, insertIntoService, replaceScalar } from '../edits';
import { serviceNameRange, writtenInService, fromNote, isOverrideFile } from '../reportSite';
import { definedElsewhere, isTrue, setting, stringValue } from '../serviceValues';
import { trimTrailing } from '../../text/scan';
import { absentSeverity } from '../absent';

export const composeWritableRootfs: Rule<ComposeContext> = {
  id: 'compose-writable-rootfs',
  kind: 'compose',
  severity: 'info',
  title: 'Writable root filesystem',
  rationale:
    'With a writable root filesystem, whoever gets code execution in the container can replace its binaries, drop tools and plant changes that last as long as the container does.',
  remedy: 'Set `read_only: true` and mount `tmpfs` (or volumes) for the paths the service writes, such as /tmp.',
  guidance: ['Isolation: read-only root filesystem or tmpfs'],
  anchors: [{ tool: 'docker-bench', id: '5.13' }],
  fixes: ['Make the root filesystem read-only (read_only: true, tmpfs: [/tmp])'],
  fixSafety: 'manual',
  check({ model, config }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const readOnly = setting(model, service, 'read_only');
      if (!readOnly) {
        // a partial definition (override file, `extends: {file: …}`): the rest may set it
        if (definedElsewhere(model, service) || isOverrideFile(model.uri)) continue;
        out.push({
          range: serviceNameRange(model, service),
          message: `Service \`${service.name}\` runs with a writable root filesystem: whoever gets code execution in it can replace its binaries and drop tools. ${ADVICE}`,
          fixes: fixFor(model, service, undefined),
          // until the service is told where it may write, a read-only root filesystem stops it
          severity: absentSeverity(config, 'hint'),
          absent: {
            service: service.name,
            summary:
              'run with a writable root filesystem: whoever gets code execution in one can replace its binaries and drop tools. Set `read_only: true` on each and mount tmpfs (or volumes) for the paths it writes (`tmpfs: [/tmp]`).',
          },
        });
        continue;
      }
      // true, or a variable the deployer sets
      if (isTrue(readOnly.value) || (typeof readOnly.value === 'string' && stringValue(readOnly.value) === undefined))
        continue;
      const written = readOnly.value === null ? '' : String(readOnly.value);
      out.push({
        range: readOnly.at,
        message: readOnly.own
          ? `\`read_only: ${written}\` leaves the root filesystem of service \`${service.name}\` writable: whoever gets code execution in it can replace its binaries and drop tools. ${ADVICE}`
          : `Service \`${service.name}\` gets \`read_only: ${written}\`${fromNote(readOnly.from)}, so its root filesystem is writable: whoever gets code execution in it can replace its binaries and drop tools. ${ADVICE}`,
        fixes: fixFor(model, service, readOnly.own ? readOnly.node : undefined),
      });
    }
    return out;
  },
};

const ADVICE = 'Set `read_only: true` and mount tmpfs (or volumes) for the paths it writes (`tmpfs: [/tmp]`).';

/** Whether a tmpfs entry (`/tmp`, `/tmp:size=64m,mode=1777`) mounts /tmp. */
function mountsTmp(entry: unknown): boolean {
  return typeof entry === 'string' && trimTrailing(entry.split(':')[0], '/') === '/tmp';
}

/**
 * `read_only: true` (replacing the service's own value, or added to the service, where it overrides an inherited one)
 * and `/tmp` on tmpfs (appended to the service's own tmpfs list, or a new `tmpfs: [/tmp]`). When the service inherits
 * a tmpfs list without /tmp, only read_only is set: a list of its own would replace (merge key) or duplicate
 * (extends) the inherited mounts.
 */
function fixFor(model: ComposeModel, service: ComposeService, ownValue: Node | null | undefined): Fix[] {
  const edits: TextEdit[] = [];
  const newKeys: string[] = [];
  if (ownValue) {
    const edit = replaceScalar(model, ownValue, 'true');
    if (!edit) return [];
    edits.push(edit);
  } else newKeys.push('read_only: true');

  const tmpfs = service.get(['tmpfs']);
  let addsTmp = false;
  if (!tmpfs) {
    newKeys.push('tmpfs: [/tmp]');
    addsTmp = true;
  } else if (
    !(Array.isArray(tmpfs.value) ? tmpfs.value : [tmpfs.value]).some(mountsTmp) &&
    writtenInService(service, tmpfs.node)
  ) {
    const edit = appendTmp(model, tmpfs.node);
    if (edit) {
      edits.push(edit);
      addsTmp = true;
    }
  }
  if (newKeys.length) {
    const flow = !!service.map?.flow;
    const edit = insertIntoService(model, service, flow ? [newKeys.join(', ')] : newKeys);
    if (!edit) return [];
    edits.push(edit);
  }
  return [
    {
      title: addsTmp
        ? 'Make the root filesystem read-only (read_only: true, tmpfs: [/tmp])'
        : 'Make the root filesystem read-only (read_only: true)',
      edits,
      isPreferred: true,
      // the service may write elsewhere than /tmp: a person checks before it runs read-only
      manual: true,
    },
  ];
}

/** `/tmp` added to the service's own tmpfs: a new list item, or a one-line value turned into a list (`[/run, /tmp]`). */
function appendTmp(model: ComposeModel, node: Node | null): TextEdit | undefined {
  if (isSeq(node)) return appendToSequence(model, node, '/tmp');
  if (!isScalar(node) || !node.range || node.value === null || node.value === '') return undefined;
  const written = model.text.slice(node.range[0], node.range[1]);
  return written.includes('\n') ? undefined : replaceScalar(model, node, `[${written}, /tmp]`);
}

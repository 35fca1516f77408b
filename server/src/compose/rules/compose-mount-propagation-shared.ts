import { isScalar } from 'yaml';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel } from '../model';
import { nodeRange, verbatimStart } from '../reportSite';
import { listItems } from '../serviceValues';
import { mountOf, type Mount } from '../mounts';

/** The propagation modes that carry mounts between the container and the host: `shared`, and `rshared` for submounts too. */
const SHARED = new Set(['shared', 'rshared']);

/** The mode the fix writes: Docker's default for bind mounts. */
const PRIVATE = 'rprivate';

export const composeMountPropagationShared: Rule<ComposeContext> = {
  id: 'compose-mount-propagation-shared',
  kind: 'compose',
  severity: 'warning',
  title: 'Bind mount with shared propagation',
  rationale:
    "A bind mount with `shared` or `rshared` propagation joins the host's mount peer group: a mount the container makes under it appears on the host and in every other container that shares it, and the host's mounts appear in the container. A compromised container can then mount over host paths that other processes trust.",
  remedy:
    'Leave the propagation out (Docker uses `rprivate`), or use `rslave` when the container must see mounts the host makes later.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [{ tool: 'docker-bench', id: '5.20' }],
  fixes: [`Set the propagation to ${PRIVATE}`],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'volumes')) {
        const mount = mountOf(model, item);
        const propagation = mount?.propagation;
        // a named volume takes no bind options (docker compose ignores them there)
        if (!mount || !propagation || mount.type === 'volume' || !SHARED.has(propagation.value)) continue;
        const option = mount.long ? `bind.propagation: ${propagation.value}` : propagation.value;
        const fix = item.own ? fixFor(model, mount) : undefined;
        const where = item.own ? propagationRange(model, mount) : item.at;
        const what = item.own
          ? `\`${option}\` on \`${mount.written}\` puts`
          : `Service \`${service.name}\` mounts \`${mount.written}\`${item.via}, whose \`${option}\` puts`;
        out.push({
          range: where,
          message: `${what} the mount in the host's mount peer group: a mount the container makes under \`${mount.target}\` appears on the host and in every container that shares it, and the host's own mounts appear in the container. ${item.own ? 'Leave the propagation out' : 'Leave the propagation out where it is written'} (Docker's default is \`${PRIVATE}\`), or use \`rslave\` if the service must see mounts the host makes later.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return out;
  },
};

/** The option itself when it can be pointed at, else the entry (short syntax) or the `propagation` value. */
function propagationRange(model: ComposeModel, mount: Mount) {
  const p = mount.propagation!;
  if (p.span) return model.range(p.span[0], p.span[1]);
  return nodeRange(model, p.node);
}

/** `rprivate` in place of the option as written; none where a variable or an escape stands in the way. */
function fixFor(model: ComposeModel, mount: Mount): Fix | undefined {
  const p = mount.propagation!;
  let edit;
  if (p.span) edit = { range: model.range(p.span[0], p.span[1]), newText: PRIVATE };
  else if (mount.long && isScalar(p.node) && p.node.value === p.value) {
    // the value as written, without a variable or surrounding spaces
    const start = verbatimStart(model, p.node);
    if (start !== undefined) edit = { range: model.range(start, start + p.value.length), newText: PRIVATE };
  }
  return edit
    ? { title: `Set the propagation to ${PRIVATE} (was ${p.value})`, edits: [edit], isPreferred: true, manual: true }
    : undefined;
}

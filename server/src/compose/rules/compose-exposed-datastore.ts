import { isMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import type { ComposeModel } from '../model';
import { insertIntoMap, replaceScalar } from '../edits';
import { interpolate } from '../interpolation';
import { composeImage } from '../imageRef';
import { bindsAllInterfaces, PortBinding, portBinding } from '../ports';
import { fromNote, nodeRange, resolvedNode, verbatimStart } from '../reportSite';
import { listItems, setting, stringValue } from '../serviceValues';
import { datastoreImage } from '../../data/datastoreImages';

const LOOPBACK = '127.0.0.1';

export const composeExposedDatastore: Rule<ComposeContext> = {
  id: 'compose-exposed-datastore',
  kind: 'compose',
  severity: 'warning',
  title: 'Datastore published on every interface',
  rationale:
    "A database, cache, search engine or back-end broker published without a host address listens on every interface of the host, and Docker's port publishing bypasses most host firewalls: anyone who can reach the machine can try its login, and several of these ask for none by default.",
  remedy:
    'Bind the port to this host (`127.0.0.1:5432:5432`, or `host_ip: 127.0.0.1`) or to the one interface its clients use, or remove it and let the other services reach the datastore over the Compose network.',
  guidance: ['Isolation: minimise open ports', 'Isolation: restrict networks'],
  anchors: [
    { tool: 'docker-bench', id: '5.14' },
    { tool: 'kics', id: 'Container Traffic Not Bound To Host Interface' },
  ],
  fixes: ['Bind the port to 127.0.0.1 (this host only)'],
  fixSafety: 'manual',
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      const image = setting(model, service, 'image');
      if (typeof image?.value !== 'string') continue;
      const ref = composeImage(image.value);
      if (!ref?.name) continue;
      const store = datastoreImage(ref.repository);
      if (!store) continue;
      // host networking (compose-host-namespace) or another container's network: `ports:` do not apply
      const networkMode = stringValue(setting(model, service, 'network_mode')?.value);
      if (networkMode && /^(host|service:|container:)/.test(networkMode)) continue;
      // `extends` adds the base service's ports to the service's own
      for (const item of listItems(model, service, 'ports')) {
        const node = resolvedNode(model, item.node);
        const binding = node && portBinding(node);
        if (!binding || binding.hostIpUnknown || !bindsAllInterfaces(binding.hostIp)) continue;
        const fix = item.own ? fixFor(model, binding) : undefined;
        out.push({
          range: item.own
            ? nodeRange(model, binding.hostIpNode ?? binding.publishedNode ?? binding.targetNode ?? binding.node)
            : item.at,
          message: `Service \`${service.name}\` runs ${store.product} (\`${image.value}\`) and ${describeBinding(binding)}${fromNote(item.from)} on every host interface: anyone who can reach this host can connect to it, and Docker's published ports bypass most host firewalls. Bind it to this host (${boundForm(binding)}) or to the one interface its clients use, or remove the port and let the other services reach it over the Compose network.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return out;
  },
};

function describeBinding(b: PortBinding): string {
  if (b.syntax === 'short') {
    return b.published === null && b.hostIp === null && !shortHasHostPart(b)
      ? `publishes container port \`${b.text}\` on a random host port`
      : `publishes \`${b.text}\``;
  }
  const port = b.published === null ? `container port \`${b.target}\` on a random host port` : `port \`${b.text}\``;
  return b.hostIpNode ? `publishes ${port} with \`host_ip: ${b.hostIp}\`` : `publishes ${port} without \`host_ip\``;
}

/** The short syntax has a `HOST:` part (`:5432`, `5432:5432`), rather than the container port alone. */
function shortHasHostPart(b: PortBinding): boolean {
  return interpolate(b.raw ?? '', () => 'VAR').value.includes(':');
}

/** A wildcard address written at the start of the short syntax (`0.0.0.0:`, `[::]:`), which the fix replaces. */
const WRITTEN_WILDCARD = /^(0\.0\.0\.0|\[::\]|\[0:0:0:0:0:0:0:0\]):/;

/** How the binding reads bound to the loopback address, for the message. */
function boundForm(b: PortBinding): string {
  if (b.syntax === 'long') return `\`host_ip: ${LOOPBACK}\``;
  const raw = (b.raw ?? '').trim();
  const wildcard = WRITTEN_WILDCARD.exec(raw);
  if (wildcard) return `\`${LOOPBACK}${raw.slice(wildcard[1].length)}\``;
  if (b.hostIp !== null) return `\`${LOOPBACK}:${b.published ?? ''}:${b.target}\``;
  return `\`${LOOPBACK}:${shortHasHostPart(b) ? '' : ':'}${raw}\``;
}

function fixFor(model: ComposeModel, b: PortBinding): Fix | undefined {
  let edit: TextEdit | undefined;
  if (b.syntax === 'long') {
    if (!isMap(b.node)) return undefined;
    edit = b.hostIpNode
      ? replaceScalar(model, b.hostIpNode, LOOPBACK)
      : insertIntoMap(model, b.node, null, [`host_ip: ${LOOPBACK}`]);
  } else {
    const start = verbatimStart(model, b.node);
    if (start === undefined) return undefined;
    const wildcard = WRITTEN_WILDCARD.exec(b.raw ?? '');
    if (wildcard) edit = { range: model.range(start, start + wildcard[1].length), newText: LOOPBACK };
    else if (b.hostIp === null)
      edit = { range: model.range(start, start), newText: `${LOOPBACK}:${shortHasHostPart(b) ? '' : ':'}` };
  }
  if (!edit) return undefined;
  // other hosts that connect to the port lose access: a person decides
  return { title: `Bind the port to ${LOOPBACK} (this host only)`, edits: [edit], isPreferred: true, manual: true };
}

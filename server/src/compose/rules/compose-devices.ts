import { isMap, isPair, isScalar, Node } from 'yaml';
import type { Report, Rule } from '../../rules/types';
import type { ComposeContext } from '../context';
import { cisCheck } from '../../rules/anchors';
import { nodeRange } from '../reportSite';
import { listItems, removeIt, subject } from '../serviceValues';

/** What a `devices` entry names: the host side of `HOST[:CONTAINER[:PERMISSIONS]]`, a CDI name, or the long syntax's source. */
function deviceName(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object') {
    const source = (value as { source?: unknown }).source;
    return typeof source === 'string' ? source.trim() : JSON.stringify(value);
  }
  return undefined;
}

export const composeDevices: Rule<ComposeContext> = {
  id: 'compose-devices',
  kind: 'compose',
  severity: 'warning',
  title: 'Host device passed into the container',
  rationale:
    '`devices` gives the container a host device node: it talks to the hardware and its kernel driver directly, past the container boundary, and a driver bug or a writable disk device is a way onto the host.',
  remedy:
    'Pass only the device the service needs, with the fewest permissions (`:r`, `:rw`, without `m`), or remove it.',
  guidance: ['Isolation: do not break isolation'],
  anchors: [cisCheck('5.18')],
  fixes: [],
  check({ model }) {
    const out: Report[] = [];
    for (const service of model.services) {
      for (const item of listItems(model, service, 'devices')) {
        const name = deviceName(item.value);
        if (!name) continue;
        // the long syntax: point at its source, the device itself
        const source = isMap(item.node)
          ? (item.node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'source')?.value as
              Node | undefined)
          : undefined;
        const range = item.own && source?.range ? nodeRange(model, source) : item.at;
        out.push({
          range,
          message: `${subject(service, item, `devices: ${name}`)} passes a host device into the container: it reaches the hardware and its kernel driver directly, past the container boundary. Keep it only if the service needs it, with the fewest permissions (\`:r\` or \`:rw\`, without \`m\`); otherwise ${removeIt(item).toLowerCase()}.`,
        });
      }
    }
    return out;
  },
};

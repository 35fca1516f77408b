import type { ImageReference } from '../../rules/language';
import { parseCompose } from '../model';
import { setting } from '../serviceValues';

/**
 * The `image:` of each service of a Compose file `bulkhead pin` reads, where the service writes it (a value inherited
 * from an anchor or `extends` is pinned where it is written, when that is a service). A service with `build:` names the
 * image Compose builds and tags, not one it pulls: not pinned.
 */
export function composeImageReferences(text: string): ImageReference[] {
  const model = parseCompose(text, 'file:///compose.yaml');
  const refs: ImageReference[] = [];
  for (const service of model.services) {
    const image = setting(model, service, 'image');
    const range = image?.node?.range;
    if (!image?.own || typeof image.value !== 'string' || !range) continue;
    const value = image.value;
    const at = value && !value.includes('\n') ? text.slice(range[0], range[1]).indexOf(value) : -1;
    if (at < 0) continue;
    const offset = range[0] + at;
    refs.push({
      line: model.range(offset, offset).start.line,
      offset,
      text: value,
      ...(service.get(['build']) ? { skip: 'built by this file (build:)' } : {}),
    });
  }
  return refs.sort((a, b) => a.offset - b.offset);
}

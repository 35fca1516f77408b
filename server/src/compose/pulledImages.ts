import type { ComposeModel, ComposeService } from './model';
import type { Setting } from './serviceValues';
import { setting } from './serviceValues';
import { composeImage, ComposeImage } from './imageRef';
import { verbatimStart } from './reportSite';
import { interpolate } from './interpolation';

/** A service's `image:` that Compose pulls, where its text is written, and the reference to ask a registry about. */
export interface PulledImage {
  service: ComposeService;
  image: Setting;
  ref: ComposeImage;
  /** Document offset where the reference's text starts, when the scalar spells it verbatim (an edit can go there). */
  start: number | undefined;
  /** The reference without variables (the registry can be asked about it), else undefined. */
  literal: string | undefined;
}

/**
 * The images a Compose file pulls: every service's `image:` (through merge keys and `extends`) except a service with
 * `build:`, whose `image:` names what Compose builds and tags (Compose spec, build.md: "image … names the built
 * image"), and values a variable decides the name or tag of (chosen at deploy time).
 */
export function pulledImages(model: ComposeModel): PulledImage[] {
  const out: PulledImage[] = [];
  for (const service of model.services) {
    if (service.get(['build'])) continue;
    const image = setting(model, service, 'image');
    if (typeof image?.value !== 'string') continue;
    const ref = composeImage(image.value);
    if (!ref || ref.nameOrTagFromVariable) continue;
    const start = verbatimStart(model, image.node);
    const literal = interpolate(ref.raw).hadVariables ? undefined : ref.raw;
    out.push({
      service,
      image,
      ref,
      start: start !== undefined && model.text.startsWith(ref.raw, start) ? start : undefined,
      literal,
    });
  }
  return out;
}

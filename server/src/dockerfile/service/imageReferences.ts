import type { ImageReference } from '../../rules/language';
import { parseDockerfile } from '../model/model';
import { imageUses } from '../analysis/imageRefs';

/**
 * The image references of a Dockerfile `bulkhead pin` reads (FROM, COPY --from=<image>, RUN --mount=from=<image>:
 * analysis/imageRefs.ts, which follows line continuations, heredocs and the escape directive), with why a FROM is not
 * pinned: a stage name, scratch, or a variable (pinning it would mean rewriting the ARG, which the user should decide).
 */
export function dockerfileImageReferences(text: string): ImageReference[] {
  const model = parseDockerfile(text);
  const lineOf = (offset: number) => model.range(offset, offset).start.line;
  const refs: ImageReference[] = [];
  const pinnable = new Set<number>();
  for (const use of imageUses(model)) {
    const ref = use.ref;
    pinnable.add(ref.start);
    refs.push({
      line: lineOf(ref.start),
      offset: ref.start,
      text: model.text.slice(ref.start, ref.end),
      ...(use.literal ? {} : { skip: 'variable' }),
    });
  }
  for (const stage of model.stages) {
    const ref = stage.image;
    if (pinnable.has(ref.start)) continue;
    const skip = ref.stage
      ? 'stage'
      : ref.isScratch
        ? 'scratch'
        : !ref.resolved
          ? 'variable'
          : 'not an image reference';
    refs.push({ line: lineOf(ref.start), offset: ref.start, text: model.text.slice(ref.start, ref.end), skip });
  }
  return refs.sort((a, b) => a.offset - b.offset);
}

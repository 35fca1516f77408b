import type { DockerfileModel, DockerInstruction, FlagInfo, ImageRef } from '../model/model';
import { resolveImageRef } from '../model/model';
import { lookupIn } from '../model/words';
import type { ParsedImage } from '../../common/image';
import { isWellFormedReference } from '../../common/image';
import { recall, remember } from '../../common/memo';

/**
 * Every place a Dockerfile pulls an image: `FROM`, `COPY --from=<image>` and `RUN --mount=...,from=<image>`.
 * Stage references (`FROM builder`, `--from=0`), `scratch`, references a build argument leaves unknown and
 * template placeholders are left out: the image rules only ever judge a reference they can read.
 */
export interface ImageUse {
  inst: DockerInstruction;
  where: 'FROM' | 'COPY --from' | 'RUN --mount from';
  ref: ImageRef;
  parsed: ParsedImage;
  /** The reference after ARG substitution. */
  resolved: string;
  /** The reference is written literally (no variable), so sub-ranges (the tag) can be pointed at. */
  literal: boolean;
}

export function imageUses(model: DockerfileModel): ImageUse[] {
  const cached = recall<ImageUse[]>(model, IMAGE_USES);
  if (cached) return cached;
  const out: ImageUse[] = [];
  for (const inst of model.instructions) {
    // ONBUILD triggers run in another Dockerfile, where `--from=<name>` may be one of its stages.
    if (inst.keyword === 'ONBUILD') continue;
    if (inst.keyword === 'FROM' && inst.stage) {
      push(out, model, inst, 'FROM', inst.stage.image);
    } else if (inst.keyword === 'COPY') {
      const flag = model.flag(inst, 'from');
      const span = flag && flagValueSpan(model, flag, 'from');
      if (span && !/^\d+$/.test(span.text)) {
        push(
          out,
          model,
          inst,
          'COPY --from',
          resolveImageRef(model, span.text, span.start, span.end, lookupIn(model.varsAt(inst), 'unknown')),
        );
      }
    } else if (inst.keyword === 'RUN') {
      for (const flag of inst.flags) {
        if (flag.name !== 'mount') continue;
        const span = flagValueSpan(model, flag, 'from');
        if (span && !/^\d+$/.test(span.text)) {
          push(
            out,
            model,
            inst,
            'RUN --mount from',
            resolveImageRef(model, span.text, span.start, span.end, lookupIn(model.varsAt(inst), 'unknown')),
          );
        }
      }
    }
  }
  remember(model, IMAGE_USES, out);
  return out;
}

const IMAGE_USES = Symbol('imageUses');

function push(
  out: ImageUse[],
  model: DockerfileModel,
  inst: DockerInstruction,
  where: ImageUse['where'],
  ref: ImageRef,
): void {
  if (ref.isScratch || ref.stage || !ref.resolved || !ref.parsed) return;
  if (!isWellFormedReference(ref.resolved)) return;
  // `COPY --from=templates`: a bare word that is no stage here is usually a named build context
  // (`--build-context templates=./dir`), not an image; only a tag, digest, namespace or registry makes it one.
  if (where !== 'FROM' && /^[a-z0-9._-]+$/.test(ref.resolved)) return;
  const literal = ref.resolved === ref.text && model.text.slice(ref.start, ref.end) === ref.text;
  out.push({ inst, where, ref, parsed: ref.parsed, resolved: ref.resolved, literal });
}

/**
 * The document span of a flag's value (`--from=<value>`) or, for `--mount=<csv>`, of one option's value
 * (`from=<value>`). Null when the flag is written in a way whose offsets cannot be trusted (split over lines).
 */
export function flagValueSpan(
  model: DockerfileModel,
  flag: FlagInfo,
  option: string,
): { text: string; start: number; end: number } | null {
  const raw = model.text.slice(flag.start, flag.end);
  if (raw.includes('\n')) return null;
  const eq = raw.indexOf('=');
  if (eq < 0) return null;
  let from = eq + 1;
  let to = raw.length;
  if (flag.name !== option) {
    // an option inside a comma-separated flag value
    const re = new RegExp(`(^|[=,"'])${option}=([^,"']*)`, 'i');
    const m = re.exec(raw.slice(from));
    if (!m) return null;
    from += m.index + m[1].length + option.length + 1;
    to = from + m[2].length;
  } else if (/^["']/.test(raw.slice(from)) && raw.endsWith(raw[from])) {
    from++;
    to--;
  }
  const text = raw.slice(from, to);
  if (!text) return null;
  return { text, start: flag.start + from, end: flag.start + to };
}

/** Document span of the repository part (registry and path, no tag or digest) of a literal reference. */
export function nameSpan(use: ImageUse): { start: number; end: number } {
  if (!use.literal) return { start: use.ref.start, end: use.ref.end };
  const text = use.ref.text;
  let end = text.length;
  const at = text.indexOf('@');
  if (at >= 0) end = at;
  const colon = text.lastIndexOf(':', end);
  if (use.parsed.tag !== null && colon > text.lastIndexOf('/', end)) end = colon;
  return { start: use.ref.start, end: use.ref.start + end };
}

/** Document span of the tag (after the `:`) of a literal reference, or null when no tag is written. */
export function tagSpan(use: ImageUse): { start: number; end: number } | null {
  if (!use.literal || use.parsed.tag === null) return null;
  const name = nameSpan(use);
  const text = use.ref.text;
  const at = text.indexOf('@');
  const tagEnd = at >= 0 ? at : text.length;
  return { start: name.end + 1, end: use.ref.start + tagEnd };
}

/** How a finding names the reference: as written, plus what it resolves to when a build argument is involved. */
export function describeRef(use: ImageUse): string {
  return use.literal ? `\`${use.resolved}\`` : `\`${use.ref.text}\` (\`${use.resolved}\`)`;
}

import type { Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, FlagInfo } from '../model/model';
import { flagValueSpan } from '../analysis/imageRefs';
import { isBareName, resolveFrom } from '../analysis/copyFrom';
import { replaceRange } from '../analysis/edits';
import { editDistance } from '../../text/editDistance';
import { visitInstructions } from '../visitor';

/** BuildKit suggests a stage name within this edit distance (util/suggest/error.go 15-25: distance < 3). */
const SUGGEST_DISTANCE = 2;

export const copyFromUnknownStage: DockerfileRule = {
  id: 'copy-from-unknown-stage',
  kind: 'dockerfile',
  severity: 'warning',
  title: '--from names no stage of this Dockerfile',
  rationale:
    '`COPY --from=<name>` and `RUN --mount=from=<name>` take a stage of this Dockerfile; a name that is no stage is pulled as an image, so a typo (`--from=bulid` beside `AS build`) silently copies files from `docker.io/library/bulid` — whoever publishes that name decides what goes into the image.',
  remedy:
    'Name the stage (`--from=build`), or write the image you mean in full, with its registry and tag (`--from=docker.io/library/busybox:1.37`).',
  guidance: ['Images: only use trusted images and registries'],
  anchors: [{ tool: 'hadolint', id: 'DL3022' }],
  fixes: ['Use the stage whose name is closest'],
  fixSafety: 'manual',
  check: (ctx) =>
    visitInstructions(ctx, {
      // not ONBUILD: a trigger's `--from` names a stage of the build that uses the image
      keywords: ['COPY', 'RUN'],
      visit(inst, { model }) {
        const out: Report[] = [];
        if (inst.keyword === 'COPY') {
          const flag = model.flag(inst, 'from');
          if (flag) out.push(...check(model, inst, flag, 'from', 'copy'));
        } else
          for (const flag of inst.flags)
            if (flag.name === 'mount') out.push(...check(model, inst, flag, 'from', 'mount'));
        return out;
      },
    }),
};

function check(
  model: DockerfileModel,
  inst: DockerInstruction,
  flag: FlagInfo,
  option: string,
  form: 'copy' | 'mount',
): Report[] {
  const span = flagValueSpan(model, flag, option);
  if (!span) return [];
  const target = resolveFrom(model, inst, span.text, form);
  if (target.kind !== 'external' || !isBareName(target.name)) return [];
  const current = inst.stage?.index ?? model.stages.length;
  const earlier = model.stages.filter((s) => s.alias && s.index < current);
  let closest: { alias: string; distance: number } | null = null;
  for (const s of earlier) {
    const distance = editDistance(target.name.toLowerCase(), s.alias!, SUGGEST_DISTANCE);
    if (distance <= SUGGEST_DISTANCE && (!closest || distance < closest.distance))
      closest = { alias: s.alias!, distance };
  }
  const where = form === 'copy' ? `COPY --from=${span.text}` : `RUN --mount=…,from=${span.text}`;
  const numeric = form === 'mount' && /^[0-9]+$/.test(target.name);
  const image = `\`docker.io/library/${target.name.toLowerCase()}\``;
  const message = numeric
    ? `\`${where}\` is not a stage index: a mount's \`from\` takes a stage name only, so BuildKit pulls the image ${image}. Name the stage (give it \`AS <name>\`).`
    : closest
      ? `\`${where}\` names no stage of this Dockerfile, so BuildKit pulls the image ${image} instead. Did you mean stage \`${closest.alias}\`?`
      : `\`${where}\` names no stage of this Dockerfile, so BuildKit pulls the image ${image} (unless the build is given a context of that name with \`--build-context\`). Name a stage, or write the image in full with its registry and tag.`;
  const fixes: Fix[] = closest
    ? [
        {
          title: `Use stage \`${closest.alias}\``,
          edits: [replaceRange(model, span.start, span.end, closest.alias)],
          isPreferred: true,
          // it changes what the build copies: offered, never applied by Fix all
          manual: true,
        },
      ]
    : [];
  return [{ range: model.range(span.start, span.end), message, fixes }];
}

import { posix } from 'node:path';
import type { DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { resolveImageRef } from '../model/model';
import { addSources } from '../analysis/sources';
import { resolveFrom } from '../analysis/copyFrom';
import { Distro, imageDistro } from '../analysis/distro';
import { visitInstructions } from '../visitor';

/** Images that are a whole operating system (package manager, shell, libraries), not a few files. */
const FULL_SYSTEMS: ReadonlySet<Distro> = new Set<Distro>(['alpine', 'debian', 'rhel', 'rhel-minimal']);

export const wholeStageCopied: DockerfileRule = {
  id: 'whole-stage-copied',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Whole filesystem copied from another stage',
  rationale:
    '`COPY --from=<stage> / …` brings everything that stage holds: its package manager, compilers, caches, test data and whatever a build step left behind (tokens in config files included), which defeats the point of a multi-stage build.',
  remedy:
    'Copy only the paths the image needs (`COPY --from=build /out/app /usr/local/bin/app`), or collect them in a `FROM scratch` stage and copy that.',
  guidance: ['Build: add only what is needed'],
  anchors: [{ tool: 'hadolint', id: 'DL3067' }],
  fixes: [],
  check: (ctx) =>
    visitInstructions(ctx, {
      // ONBUILD triggers run in another build, where `--from` names that build's stages
      keywords: ['COPY'],
      visit(inst, { model }) {
        const from = model.flag(inst, 'from');
        if (!from?.value) return;
        // an explicit exclusion list shows the copy was pruned on purpose
        if (model.flag(inst, 'exclude')) return;
        const root = addSources(model, inst).find((s) => s.known && posix.normalize(`/${s.value}`) === '/');
        if (!root) return;
        const source = sourceOf(model, inst, from.value);
        if (!source) return;
        return {
          range: model.range(root.start, root.end),
          message: `\`COPY --from=${from.value} ${root.written}\` copies the whole filesystem of ${source}, with its package manager, tools, caches and anything a build step left behind. Copy only the paths this image needs (\`COPY --from=${from.value} /path/to/app /app/\`).`,
        };
      },
    }),
};

/**
 * What `--from` names, described for the message, when copying all of it brings a whole system: a stage whose chain
 * runs commands (so it has a shell and whatever the commands installed) or starts from an operating-system image, or
 * such an image itself. Null for `FROM scratch` stages (they hold only what was copied into them on purpose),
 * images that ship a few files to be copied whole (`tonistiigi/xx`), and references that cannot be resolved.
 */
function sourceOf(model: DockerfileModel, inst: DockerInstruction, written: string): string | null {
  const target = resolveFrom(model, inst, written, 'copy');
  let stage: Stage | null = null;
  if (target.kind === 'stage') stage = target.stage;
  else if (target.kind === 'external') {
    const ref = resolveImageRef(model, target.name, 0, 0, () => ({ state: 'unset' }));
    if (ref.isScratch || !ref.resolved) return null;
    return FULL_SYSTEMS.has(imageDistro(ref.resolved)) ? `the image \`${ref.resolved}\`` : null;
  }
  if (!stage) return null;
  const name = stage.alias ? `stage \`${stage.alias}\`` : `stage ${stage.index}`;
  let root: Stage = stage;
  let runs = false;
  for (let s: Stage | null = stage; s; s = s.parent) {
    root = s;
    runs ||= s.instructions.some((i) => i.keyword === 'RUN');
  }
  if (root.image.isScratch) return null;
  if (runs) return name;
  const base = root.image.resolved;
  return base && FULL_SYSTEMS.has(imageDistro(base)) ? `${name} (based on \`${base}\`)` : null;
}

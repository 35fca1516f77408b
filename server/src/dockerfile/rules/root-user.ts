import type { Rule, Fix } from '../../rules/types';
import type { DockerfileContext } from '../../rules/context';
import type { DockerfileModel, Stage } from '../model';
import { nonRootImage } from '../../data/nonRootImages';
import { stageDistro, Distro } from '../distro';
import { appendLines, insertLinesBefore } from '../edits';

const ROOT = /^(root|0)(:.*)?$/;

export const rootUser: Rule<DockerfileContext> = {
  id: 'root-user',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Container runs as root',
  rationale:
    'A process that runs as root inside the container is root on the host if it escapes (kernel bug, mounted socket, misconfiguration), and can modify everything in the image at run time.',
  remedy: 'Create an unprivileged user in the final stage and switch to it with a numeric `USER uid:gid` before CMD/ENTRYPOINT.',
  guidance: ['Build: run as a non-root user', 'Host: least privilege'],
  anchors: [
    { tool: 'hadolint', id: 'DL3002' },
    { tool: 'trivy', id: 'DS-0002' },
    { tool: 'checkov', id: 'CKV_DOCKER_3' },
    { tool: 'checkov', id: 'CKV_DOCKER_8' },
    { tool: 'kics', id: 'Last User Is Root' },
  ],
  fixes: ['Add a non-root user (distribution-aware)'],
  check({ model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const user = stage.user;
    if (user) {
      if (user.unresolved || !ROOT.test(user.value.trim())) return [];
      const inst = user.inst;
      // Point at the USER in this file's final stage chain; an inherited USER root lives in a builder stage.
      const where = inst.body.text.length ? { start: inst.body.offsets[0], end: inst.body.end } : { start: inst.start, end: inst.end };
      return [
        {
          range: model.range(where.start, Math.min(where.end, inst.end)),
          message: `The final stage runs as root (USER ${user.value.trim()}). Switch to an unprivileged user with a numeric USER before CMD/ENTRYPOINT.`,
          fixes: [userFix(model, stage)],
        },
      ];
    }
    let base: Stage = stage;
    while (base.parent) base = base.parent;
    if (base.image.resolved === null && !base.image.isScratch) return []; // unresolvable $VAR base: cannot know
    const known = base.image.resolved ? nonRootImage(base.image.resolved) : undefined;
    if (known) return [];
    return [
      {
        range: model.range(stage.image.start, stage.image.end),
        message: 'The final stage has no USER, so the container runs as root. Add an unprivileged user and a numeric USER before CMD/ENTRYPOINT.',
        fixes: [userFix(model, stage)],
      },
    ];
  },
};

function userLines(distro: Distro): string[] {
  switch (distro) {
    case 'alpine':
      return ['RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app', 'USER 10001:10001'];
    case 'debian':
      return ['RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app', 'USER 10001:10001'];
    case 'rhel':
      return ['RUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app -M -s /sbin/nologin app', 'USER 10001:10001'];
    case 'distroless':
      return ['# 65532 is the "nonroot" user that distroless and Chainguard images ship', 'USER 65532:65532'];
    default:
      // scratch, ubi-minimal/micro (no useradd) and unknown bases: a numeric UID needs no passwd entry
      return ['USER 10001:10001'];
  }
}

function userFix(model: DockerfileModel, stage: Stage): Fix {
  const distro = stageDistro(model, stage);
  const lines = userLines(distro);
  // Before the trailing CMD/ENTRYPOINT block of the final stage (after any USER root that build steps need).
  const list = stage.instructions;
  let at = list.length;
  while (at > 0 && ['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'EXPOSE', 'LABEL', 'STOPSIGNAL'].includes(list[at - 1].keyword)) at--;
  const anchor = list.slice(at).find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const edit = anchor ? insertLinesBefore(model, anchor, lines) : appendLines(model, lines);
  return { title: `Run as an unprivileged user (${distro === 'unknown' ? 'USER 10001:10001' : distro})`, edits: [edit], isPreferred: true };
}

import type { Anchor, Fix, Report } from '../../rules/types';
import type { DockerfileRule } from '../context';
import { isRootUserPart } from '../analysis/users';
import type { DockerfileModel, Stage } from '../model/model';
import { nonRootImage } from '../../data/nonRootImages';
import { isWellFormedReference } from '../../common/image';
import { stageDistro, Distro } from '../analysis/distro';
import { appendLines, insertLinesBefore, replaceRange } from '../analysis/edits';

export const rootUser: DockerfileRule = {
  id: 'root-user',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Container runs as root',
  rationale:
    'A process that runs as root inside the container is root on the host if it escapes (kernel bug, mounted socket, misconfiguration), and can modify everything in the image at run time.',
  remedy:
    'Create an unprivileged user in the final stage and switch to it with a numeric `USER uid:gid` before CMD/ENTRYPOINT.',
  guidance: ['Build: run as a non-root user', 'Host: least privilege'],
  anchors: [
    { tool: 'hadolint', id: 'DL3002' },
    { tool: 'trivy', id: 'DS-0002' },
    { tool: 'checkov', id: 'CKV_DOCKER_3' },
    { tool: 'checkov', id: 'CKV_DOCKER_8' },
    { tool: 'kics', id: 'Last User Is Root' },
    { tool: 'kics', id: 'Missing User Instruction' },
  ],
  fixes: ['Add a non-root user (distribution-aware)'],
  fixSafety: 'manual',
  check({ model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    if (stage.windows) return windowsCheck(model, stage);
    const user = stage.user;
    if (user) {
      // the user part decides, also when a group comes from a variable that is not known (`0:${GID}`)
      if (user.userPart === null || user.value.trim() === '' || !isRootUserPart(user.userPart)) return [];
      const inst = user.inst;
      if (inst.stage !== stage) {
        // inherited through FROM <stage>: report on the final FROM, where a reader (and an ignore comment) expects it
        return [
          {
            range: model.range(stage.image.start, stage.image.end),
            anchors: USER_ROOT,
            message: `The final stage runs as root: it inherits USER ${user.value.trim()} from stage "${inst.stage?.alias ?? inst.stage?.index}". Switch to an unprivileged user with a numeric USER before CMD/ENTRYPOINT.`,
            fixes: userFixes(model, stage),
          },
        ];
      }
      const where = inst.body.text.length
        ? { start: inst.body.offsets[0], end: inst.body.end }
        : { start: inst.start, end: inst.end };
      return [
        {
          range: model.range(where.start, Math.min(where.end, inst.end)),
          anchors: USER_ROOT,
          message: `The final stage runs as root (USER ${user.value.trim()}). Switch to an unprivileged user with a numeric USER before CMD/ENTRYPOINT.`,
          fixes: userFixes(model, stage),
        },
      ];
    }
    let base: Stage = stage;
    while (base.parent) base = base.parent;
    if (base.image.resolved === null && !base.image.isScratch) return []; // unresolvable $VAR base: cannot know
    if (base.image.resolved && !isWellFormedReference(base.image.resolved)) return []; // a template (`{{ .base }}`)
    if (base.image.isScratch && !runsSomething(stage)) return []; // an artifact export stage (`--output`), never run
    const known = base.image.resolved ? nonRootImage(base.image.resolved) : undefined;
    if (known) return [];
    return [
      {
        range: model.range(stage.image.start, stage.image.end),
        anchors: NO_USER,
        message:
          'The final stage has no USER, so the container runs as root. Add an unprivileged user and a numeric USER before CMD/ENTRYPOINT.',
        fixes: userFixes(model, stage),
      },
    ];
  },
};

/**
 * Windows containers have no root: the administrator account is `ContainerAdministrator`, the unprivileged one
 * `ContainerUser`. Only an explicit `USER ContainerAdministrator` in the final stage is reported; which account a
 * Windows base image defaults to varies by image, so a missing USER is not (no finding rather than a false one).
 */
/** hadolint DL3002 and Checkov CKV_DOCKER_8 look at an explicit root USER; CKV_DOCKER_3 at a missing one. */
const USER_ROOT: Anchor[] = [
  { tool: 'hadolint', id: 'DL3002' },
  { tool: 'trivy', id: 'DS-0002' },
  { tool: 'checkov', id: 'CKV_DOCKER_8' },
  { tool: 'kics', id: 'Last User Is Root' },
];
const NO_USER: Anchor[] = [
  { tool: 'trivy', id: 'DS-0002' },
  { tool: 'checkov', id: 'CKV_DOCKER_3' },
  { tool: 'kics', id: 'Missing User Instruction' },
];

function windowsCheck(model: DockerfileModel, stage: Stage): Report[] {
  const user = stage.user;
  if (!user || user.unresolved || !/^containeradministrator$/i.test(user.value.trim())) return [];
  const inst = user.inst;
  const start = inst.body.offsets[0] ?? inst.start;
  const end = Math.min(inst.body.end, inst.end);
  const own = inst.stage === stage;
  return [
    {
      range: own ? model.range(start, end) : model.range(stage.image.start, stage.image.end),
      message: `The final stage runs as ContainerAdministrator, the Windows container administrator. Use USER ContainerUser unless a step really needs administrator rights.`,
      fixes: own
        ? [
            {
              title: 'Run as ContainerUser',
              edits: [replaceRange(model, start, end, 'ContainerUser')],
              isPreferred: true,
              manual: true,
            },
          ]
        : [],
    },
  ];
}

function userLines(distro: Distro): string[] {
  switch (distro) {
    case 'alpine':
      return [
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app',
        'USER 10001:10001',
      ];
    case 'debian':
      return [
        'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app',
        'USER 10001:10001',
      ];
    case 'rhel':
      return ['RUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app -M -s /sbin/nologin app', 'USER 10001:10001'];
    case 'distroless':
      return ['# 65532 is the "nonroot" user that distroless and Chainguard images ship', 'USER 65532:65532'];
    default:
      // scratch, ubi-minimal/micro (no useradd) and unknown bases: a numeric UID needs no passwd entry
      return ['USER 10001:10001'];
  }
}

/** The user fix, or none when there is no place to put it (after a heredoc that is never closed). */
function userFixes(model: DockerfileModel, stage: Stage): Fix[] {
  const distro = stageDistro(model, stage);
  const lines = userLines(distro);
  // Before the trailing CMD/ENTRYPOINT block of the final stage (after any USER root that build steps need).
  const list = stage.instructions;
  let at = list.length;
  while (at > 0 && ['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'EXPOSE', 'LABEL', 'STOPSIGNAL'].includes(list[at - 1].keyword))
    at--;
  const anchor = list.slice(at).find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const edit = anchor ? insertLinesBefore(model, anchor, lines) : appendLines(model, lines);
  if (!edit) return [];
  return [
    {
      title: `Run as an unprivileged user (${distro === 'unknown' ? 'USER 10001:10001' : distro})`,
      edits: [edit],
      isPreferred: true,
      manual: true,
    },
  ];
}

/** The stage (or a stage it is built on) says what the container runs: CMD or ENTRYPOINT. */
function runsSomething(stage: Stage): boolean {
  for (let s: Stage | null = stage; s; s = s.parent) {
    if (s.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return true;
  }
  return false;
}

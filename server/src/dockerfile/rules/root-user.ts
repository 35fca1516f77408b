import type { Anchor, Fix, Report } from '../../rules/types';
import { fixesIfWanted, type DockerfileRule } from '../context';
import { isRootUserPart } from '../analysis/users';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { imagePatterns, nonRootImage } from '../../data/nonRootImages';
import { knownFacts } from '../../registry/pins';
import { runsAsRoot } from '../../registry/facts';
import { rootImage } from '../../data/rootImages';
import { imageUser } from '../../data/imageUsers';
import type { EffectiveConfig } from '../../rules/context';
import { privilegeDrop } from './root-user/privilegeDrop';
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
  check(ctx) {
    const { model, config, env } = ctx;
    const stage = model.finalStage;
    if (!stage) return [];
    if (stage.windows) return windowsCheck(model, stage);
    const user = stage.user;
    const baseRole = imageRole(model, config) === 'base';
    if (user) {
      // the user part decides, also when a group comes from a variable that is not known (`0:${GID}`)
      if (user.userPart === null || user.value.trim() === '' || !isRootUserPart(user.userPart)) return [];
      // the entrypoint starts as root and drops to another user before the service runs
      if (privilegeDrop(model, stage, env)) return [];
      const inst = user.inst;
      if (baseRole) {
        const at = inst.stage === stage ? inst : stage.from;
        return [
          {
            range: at === inst ? userRange(model, inst) : model.range(stage.image.start, stage.image.end),
            anchors: USER_ROOT,
            severity: 'info',
            message: `This base image ends as root (USER ${user.value.trim()}), as base images often do so that the images built on them can install software. ${BASE_ROLE_NOTE}`,
            fixes: fixesIfWanted(ctx, () => userFixes(model, stage)),
          },
        ];
      }
      if (inst.stage !== stage) {
        // inherited through FROM <stage>: report on the final FROM, where a reader (and an ignore comment) expects it
        return [
          {
            range: model.range(stage.image.start, stage.image.end),
            anchors: USER_ROOT,
            message: `The final stage runs as root: it inherits USER ${user.value.trim()} from stage "${inst.stage?.alias ?? inst.stage?.index}". Switch to an unprivileged user with a numeric USER before CMD/ENTRYPOINT.`,
            fixes: fixesIfWanted(ctx, () => userFixes(model, stage)),
          },
        ];
      }
      return [
        {
          range: userRange(model, inst),
          anchors: USER_ROOT,
          message: `The final stage runs as root (USER ${user.value.trim()}). Switch to an unprivileged user with a numeric USER before CMD/ENTRYPOINT.`,
          fixes: fixesIfWanted(ctx, () => userFixes(model, stage)),
        },
      ];
    }
    let base: Stage = stage;
    while (base.parent) base = base.parent;
    if (base.image.resolved === null && !base.image.isScratch) return []; // unresolvable $VAR base: cannot know
    if (base.image.resolved && !isWellFormedReference(base.image.resolved)) return []; // a template (`{{ .base }}`)
    if (base.image.isScratch && !runsSomething(stage)) return []; // an artifact export stage (`--output`), never run
    const resolved = base.image.resolved;
    // what the registry says the base image runs as (bulkhead.registry.enabled) outranks the tables below
    const config_ = resolved ? knownFacts(env.images?.(resolved))?.config : undefined;
    if (config_ && !runsAsRoot(config_)) return [];
    if (!config_ && resolved && (nonRootImage(resolved) || trustedNonRoot(config)(resolved))) return [];
    const drop = privilegeDrop(model, stage, env);
    if (drop) return [];
    const range = model.range(stage.image.start, stage.image.end);
    const fixes = fixesIfWanted(ctx, () => userFixes(model, stage));
    if (baseRole) {
      return [
        {
          range,
          anchors: NO_USER,
          severity: 'info',
          message: `This base image has no USER, so a container of it runs as root. ${BASE_ROLE_NOTE}`,
          fixes,
        },
      ];
    }
    if (config_) {
      return [
        {
          range,
          anchors: NO_USER,
          message: `The final stage has no USER, and its base image ${resolved} runs as root (${config_.user.trim() ? `its configuration sets User ${config_.user.trim()}` : 'its configuration sets no User'}, as the registry reports), so the container runs as root. Add an unprivileged user and a numeric USER before CMD/ENTRYPOINT.`,
          fixes,
        },
      ];
    }
    // scratch and the images known to run as root; a base image of anyone else may well set a user of its own
    if (base.image.isScratch || (resolved && rootImage(resolved))) {
      return [
        {
          range,
          anchors: NO_USER,
          message:
            'The final stage has no USER, so the container runs as root. Add an unprivileged user and a numeric USER before CMD/ENTRYPOINT.',
          fixes,
        },
      ];
    }
    return [
      {
        range,
        anchors: NO_USER,
        severity: 'info',
        message: `The final stage has no USER and the base image's user is not known here, so the container may run as root. Make it certain: add a numeric USER before CMD/ENTRYPOINT, or, if ${resolved ?? 'the base image'} runs as a non-root user, list it in "trustedNonRootImages" in .bulkhead.json.`,
        fixes,
      },
    ];
  },
};

const BASE_ROLE_NOTE =
  'This file builds a base image ("imageRole": "base" in .bulkhead.json, or a "# bulkhead-image-role base" comment), so the images built on it must end with an unprivileged numeric USER.';

/** The USER instruction's value, where a finding about it goes. */
function userRange(model: DockerfileModel, inst: DockerInstruction) {
  const where = inst.body.text.length
    ? { start: inst.body.offsets[0], end: inst.body.end }
    : { start: inst.start, end: inst.end };
  return model.range(where.start, Math.min(where.end, inst.end));
}

// linear: anchored at a line's start; blanks, the word, blanks, the role
const ROLE_COMMENT = /^[ \t]*#[ \t]*bulkhead-image-role[ \t]+(base|application)[ \t]*$/im;

/** `# bulkhead-image-role base|application` in the file wins over `.bulkhead.json` `imageRole`. */
function imageRole(model: DockerfileModel, config: EffectiveConfig): 'base' | 'application' {
  const comment = model.text.includes('bulkhead-image-role') ? ROLE_COMMENT.exec(model.text) : null;
  if (comment) return comment[1].toLowerCase() as 'base' | 'application';
  return config.imageRole ?? 'application';
}

const trustedMatchers = new WeakMap<readonly string[], (reference: string) => string | undefined>();
const NONE = (): undefined => undefined;

/** `.bulkhead.json` `trustedNonRootImages` as a matcher (compiled once per configuration). */
function trustedNonRoot(config: EffectiveConfig): (reference: string) => string | undefined {
  const list = config.trustedNonRootImages;
  if (!list?.length) return NONE;
  let m = trustedMatchers.get(list);
  if (!m) trustedMatchers.set(list, (m = imagePatterns(list)));
  return m;
}

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
  let base: Stage = stage;
  while (base.parent) base = base.parent;
  // an official image that already has an unprivileged user (node, postgres …): switch to it, create none
  const own = base.image.resolved ? imageUser(base.image.resolved) : undefined;
  const lines = own
    ? [`# the ${own.image} image's own unprivileged user, ${own.user}`, `USER ${own.uid}:${own.gid}`]
    : userLines(distro);
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
      title: own
        ? `Run as the image's own user ${own.user} (USER ${own.uid}:${own.gid})`
        : `Run as an unprivileged user (${distro === 'unknown' ? 'USER 10001:10001' : distro})`,
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

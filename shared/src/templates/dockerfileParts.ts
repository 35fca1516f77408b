/**
 * The building blocks every hardened Dockerfile template shares: the pinning comment above FROM, the unprivileged
 * user per distribution, EXPOSE, HEALTHCHECK, USER and CMD, each with the comment that says why.
 */
import type { Placeholder, RuntimeInfo } from './types';

/** What a runtime template is rendered with (options resolved against the runtime's defaults). */
export interface DockerfileContext {
  port: number | null;
  command: readonly string[];
  /** The command is the runtime's default (its placeholders apply). */
  defaultCommand: boolean;
  uid: number;
  /** The uid is the runtime's default. */
  defaultUid: boolean;
}

export interface DockerfileBody {
  /** The lines after the shared header. */
  lines: string[];
  placeholders: Placeholder[];
  /** Markdown bullets specific to the runtime. */
  notes: string[];
  /** Base images, build stage first, for the note. */
  images: string[];
  /** What the health check probes, for the note (null: HEALTHCHECK NONE). */
  health: string | null;
}

export interface RuntimeTemplate {
  info: RuntimeInfo;
  /** The uid the final image runs as by default. */
  defaultUid: number;
  render(c: DockerfileContext): DockerfileBody;
}

/** The user a template creates when the base image has no suitable one. */
const APP_USER = 'appuser';
/**
 * Far from the ids distributions give to system accounts (below 1000) and to the first people (1000, 1001…): files
 * the container writes to a bind mount belong to no host account.
 */
export const DEFAULT_UID = 10001;

const HEALTH_OPTIONS = '--interval=30s --timeout=5s --start-period=30s --retries=3';

/** `FROM image [AS alias]` with the comment on pinning the digest. */
export function from(image: string, alias?: string): string[] {
  return [
    `# Pin the digest: docker buildx imagetools inspect ${image} (then FROM ${image}@sha256:<digest>); rebuild often`,
    `FROM ${image}${alias ? ` AS ${alias}` : ''}`,
  ];
}

/** Alpine: upgrade the base packages and create the user, in one layer without a package cache. */
export function alpineBase(uid: number): string[] {
  return [
    '# Upgrade the packages the base image shipped with (security fixes since it was built), keeping no apk cache,',
    '# and create an unprivileged system user with a fixed uid:gid, no password, no home and no login shell',
    'RUN apk upgrade --no-cache \\',
    ` && addgroup -S -g ${uid} ${APP_USER} \\`,
    ` && adduser -S -D -H -u ${uid} -G ${APP_USER} -s /sbin/nologin ${APP_USER}`,
  ];
}

/** Debian (slim): upgrade, drop the package lists, create the user. */
export function debianBase(uid: number): string[] {
  return [
    '# Upgrade the packages the base image shipped with (security fixes since it was built) and drop the package lists,',
    '# then create an unprivileged system user with a fixed uid:gid, no home and no login shell',
    'RUN apt-get update \\',
    ' && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y \\',
    ' && rm -rf /var/lib/apt/lists/* \\',
    ` && groupadd --system --gid ${uid} ${APP_USER} \\`,
    ` && useradd --system --uid ${uid} --gid ${APP_USER} --no-create-home --shell /usr/sbin/nologin ${APP_USER}`,
  ];
}

/** UBI minimal: microdnf upgrade; useradd comes with shadow-utils, which is removed again. */
export function ubiMinimalBase(uid: number): string[] {
  const quiet = '--nodocs --setopt=install_weak_deps=0';
  return [
    '# Upgrade the packages the base image shipped with (security fixes since it was built). ubi-minimal has no',
    '# useradd: install shadow-utils for the unprivileged user (fixed uid:gid, no home, no login shell), remove it',
    '# again and drop the package cache, all in one layer',
    '# bulkhead-ignore package-version-unpinned -- shadow-utils is removed again in this step: nothing of it ships',
    `RUN microdnf upgrade -y ${quiet} \\`,
    ` && microdnf install -y ${quiet} shadow-utils \\`,
    ` && groupadd --system --gid ${uid} ${APP_USER} \\`,
    ` && useradd --system --uid ${uid} --gid ${APP_USER} --no-create-home --shell /sbin/nologin ${APP_USER} \\`,
    ' && microdnf remove -y shadow-utils \\',
    ' && microdnf clean all',
  ];
}

function user(uid: number): string[] {
  return [
    '# Run as the unprivileged user, by number: runtimes (Kubernetes runAsNonRoot) can verify a number, not a name',
    `USER ${uid}:${uid}`,
  ];
}

function expose(port: number | null): string[] {
  if (port === null) return [];
  return ['# The one port the application listens on (publishing it is decided at run time)', `EXPOSE ${port}`];
}

/** JSON array form, as CMD and HEALTHCHECK CMD take it. */
function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/**
 * HEALTHCHECK in exec form with `why` (which tool of the final image runs it), or HEALTHCHECK NONE with the reason
 * when there is no port to probe.
 */
function healthcheck(check: readonly string[] | null, why: string): string[] {
  if (!check) {
    return [
      '# No port, so nothing to probe from outside the process: Docker already sees the container exit. If the',
      '# application can report its health (a --health flag, a heartbeat file), replace NONE with CMD ["<check>"]',
      'HEALTHCHECK NONE',
    ];
  }
  return [
    `# Exec-form health check (no shell needed): ${why}`,
    `HEALTHCHECK ${HEALTH_OPTIONS} \\`,
    `  CMD ${execForm(check)}`,
  ];
}

/** busybox wget: every Alpine-based final image has it. Fails on connection errors and HTTP errors. */
export function wgetCheck(port: number): string[] {
  return ['wget', '-q', '-O', '/dev/null', '-T', '4', `http://127.0.0.1:${port}/`];
}

function cmd(command: readonly string[]): string[] {
  return [
    '# Exec form: the application is PID 1 and receives SIGTERM itself (clean shutdown), with no shell in between',
    `CMD ${execForm(command)}`,
  ];
}

/** The note line on what an HTTP health check expects (null: no port, no check). */
export function httpHealthNote(port: number | null): string | null {
  return port === null
    ? null
    : `http://127.0.0.1:${port}/ answering 2xx (point it at your health endpoint, e.g. /healthz)`;
}

/**
 * The end of every final stage: the numeric user, the port, the health check (`check(port)`, or NONE without a
 * port) and the start command.
 */
export function finalSteps(
  c: DockerfileContext,
  check: (port: number) => readonly string[],
  why: string,
  probed = c.port,
): string[] {
  return [
    ...user(c.uid),
    ...expose(c.port),
    ...healthcheck(probed === null ? null : check(probed), why),
    ...cmd(c.command),
  ];
}

/** A runtime with a build step: a build stage whose tools stay behind, and a final stage that only runs. */
export interface MultiStageSpec {
  info: RuntimeInfo;
  buildImage: string;
  image: string;
  /** What stays in the build stage, for its header (`the JDK, Maven and the local repository`). */
  buildKeeps: string;
  /** The build stage after its FROM. */
  build: string[];
  /** Said after `final stage` in its header. */
  finalTitle?: string;
  /** The final stage's base setup: upgrade the packages, create the user. */
  base: (uid: number) => string[];
  /** The final stage between the base setup and USER. */
  final: (c: DockerfileContext) => string[];
  check: (port: number) => readonly string[];
  /** Which tool of the final image runs the check. */
  checkWhy: string;
  placeholders?: (c: DockerfileContext) => Placeholder[];
  notes: string[];
}

export function multiStage(spec: MultiStageSpec): RuntimeTemplate {
  return {
    info: spec.info,
    defaultUid: DEFAULT_UID,
    render(c) {
      return {
        images: [spec.buildImage, spec.image],
        health: httpHealthNote(c.port),
        lines: [
          `# ---- build stage: ${spec.buildKeeps} stay here, out of the final image ----`,
          ...from(spec.buildImage, 'build'),
          ...spec.build,
          '',
          `# ---- final stage${spec.finalTitle ? `: ${spec.finalTitle}` : ''} ----`,
          ...from(spec.image),
          ...spec.base(c.uid),
          ...spec.final(c),
          ...finalSteps(c, spec.check, spec.checkWhy),
        ],
        placeholders: spec.placeholders?.(c) ?? [],
        notes: spec.notes,
      };
    },
  };
}

/**
 * A program built outside the image, on a generic base: `base` upgrades it and creates the user, `packages` shows
 * how to add runtime packages, and the health check is a TCP connection (the protocol is the application's).
 */
export function prebuiltProgram(
  info: RuntimeInfo,
  image: string,
  base: (uid: number) => string[],
  packages: string[],
  tcpCheck: { check: (port: number) => readonly string[]; why: string },
  notes: string[] = [],
): RuntimeTemplate {
  const program = 'app';
  return {
    info,
    defaultUid: DEFAULT_UID,
    render(c) {
      return {
        images: [image],
        health: c.port === null ? null : `a TCP connection to 127.0.0.1:${c.port}`,
        lines: [
          ...from(image),
          ...base(c.uid),
          ...packages,
          '# A build secret is mounted for one step only, never an ARG, ENV or copied file (those stay in the image):',
          '#   RUN --mount=type=secret,id=token,env=TOKEN <command that needs it>',
          '# The program stays owned by root and read-only (0555): the application cannot replace it',
          `COPY --chmod=0555 ${program} /usr/local/bin/${program}`,
          ...finalSteps(c, tcpCheck.check, tcpCheck.why),
        ],
        placeholders: [{ text: program, why: 'The program to ship, built before `docker build` (the COPY source).' }],
        notes,
      };
    },
  };
}

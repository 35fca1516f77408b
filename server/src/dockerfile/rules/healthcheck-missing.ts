import type { Fix } from '../../rules/types';
import { fixesIfWanted, type DockerfileRule } from '../context';
import type { DockerfileModel, DockerInstruction, Stage } from '../model/model';
import { appendLines, insertLinesBefore } from '../analysis/edits';
import { isWellFormedReference, repositoryName } from '../../common/image';
import { basename } from '../analysis/commands';
import { knownFacts } from '../../registry/pins';
import { healthcheckImage } from '../../data/healthcheckImages';
import { interactiveImage } from '../../data/interactiveImages';
import { trimTrailing } from '../../text/scan';

/** What the skeleton fix inserts: exec form (no shell needed, works on distroless), with a note to adapt it. */
export const HEALTHCHECK_SKELETON = [
  '# Adapt: a command that exits 0 only while the service is healthy (e.g. an HTTP probe built into the app).',
  'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["/healthcheck"]',
];

export const healthcheckMissing: DockerfileRule = {
  id: 'healthcheck-missing',
  kind: 'dockerfile',
  severity: 'info',
  title: 'No HEALTHCHECK in the final image',
  rationale:
    'Without a HEALTHCHECK the runtime only knows whether the process exists, not whether it works: a hung or broken service keeps receiving traffic and is never restarted by Docker or Swarm.',
  remedy:
    'Add a `HEALTHCHECK CMD [...]` that probes the service, or `HEALTHCHECK NONE` when health is checked elsewhere (Kubernetes probes).',
  guidance: ['Orchestration: health checking'],
  anchors: [
    // off by default in hadolint; its pragmas and `.hadolint.yaml` `ignored` still name it
    { tool: 'hadolint', id: 'DL3057' },
    { tool: 'trivy', id: 'DS-0026' },
    { tool: 'checkov', id: 'CKV_DOCKER_2' },
    { tool: 'dockle', id: 'CIS-DI-0006' },
    { tool: 'kics', id: 'Healthcheck Instruction Missing' },
  ],
  fixes: ['Add a HEALTHCHECK skeleton before CMD/ENTRYPOINT', 'Opt out explicitly with HEALTHCHECK NONE'],
  fixSafety: 'manual',
  check(ctx) {
    const { model, env } = ctx;
    const stage = model.finalStage;
    if (!stage || stage.healthcheck) return [];
    let base: Stage = stage;
    while (base.parent) base = base.parent;
    const command = effectiveCommand(stage);
    // A scratch stage with no command cannot run: it exports files (`docker build --output`), nothing to check.
    if (base.image.isScratch && !command.entrypoint && !command.cmd) return [];
    // A toolbox or language base image whose command is an interactive shell or REPL serves nothing to probe,
    // unless it EXPOSEs a port (the service is then started by `docker run <image> <command>`).
    const serves = chainOf(stage).some((s) => s.instructions.some((i) => i.keyword === 'EXPOSE'));
    if (!serves && isInteractive(command)) return [];
    const parsed = base.image.parsed;
    if (!base.image.isScratch) {
      // A base image a build argument decides may bring its own HEALTHCHECK: no finding.
      if (!parsed || !base.image.resolved || !isWellFormedReference(base.image.resolved)) return [];
      // an inherited HEALTHCHECK, as the registry reports the base image's configuration (bulkhead.registry.enabled)
      const inherited = knownFacts(env.images?.(base.image.resolved))?.config?.healthcheck;
      if (inherited && inherited[0] !== 'NONE') return [];
      if (healthcheckImage(repositoryName(parsed))) return [];
      // No command written here: the base image's default applies (`FROM alpine` + RUN … is a toolbox image).
      if (!serves && !command.entrypoint && !command.cmd && interactiveImage(repositoryName(parsed), parsed.tag))
        return [];
    }
    return [
      {
        range: model.range(stage.image.start, stage.image.end),
        message:
          'The final stage has no HEALTHCHECK: if this image runs a service, Docker cannot tell a hung one from a healthy one. Add `HEALTHCHECK CMD [...]` that probes it, or `HEALTHCHECK NONE` for tools, one-shot jobs and services whose health an orchestrator checks.',
        // Two fixes, neither preferred: the skeleton has to be adapted, so "fix all" must not apply either silently.
        fixes: fixesIfWanted(ctx, () =>
          [
            insertBeforeCommand(model, stage, 'Add a HEALTHCHECK skeleton (adapt the command)', HEALTHCHECK_SKELETON),
            insertBeforeCommand(model, stage, 'Add HEALTHCHECK NONE (health is checked by the orchestrator)', [
              'HEALTHCHECK NONE',
            ]),
          ].filter((f): f is Fix => f !== null),
        ),
      },
    ];
  },
};

/** Programs that, run with no arguments (or only these flags), give an interactive prompt rather than a service. */
const INTERACTIVE = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  'ksh',
  'fish',
  'pwsh',
  'powershell',
  'cmd',
  'python',
  'python2',
  'python3',
  'pypy',
  'pypy3',
  'node',
  'irb',
  'erl',
  'iex',
  'ghci',
  'julia',
  'r',
  'jshell',
  'lua',
  'perl',
  'php',
  'tclsh',
  'scala',
  'clojure',
]);
const INTERACTIVE_FLAGS = new Set(['-a', '-i', '-l', '--login', '-de0']);
/** ENTRYPOINTs that only prepare the environment and then run CMD. */
const WRAPPER = /(^|[-_])entrypoint(\.sh)?$|^(tini|tini-static|dumb-init)$/i;

interface Command {
  entrypoint: string[] | null;
  cmd: string[] | null;
}

/** The ENTRYPOINT and CMD in effect (the model's) as argv (shell form split on blanks), null where none is written. */
function effectiveCommand(stage: Stage): Command {
  return {
    entrypoint: stage.entrypoint ? argvOf(stage.entrypoint) : null,
    cmd: stage.cmd ? argvOf(stage.cmd) : null,
  };
}

/** The stage and the in-file stages it builds on, base first. */
function chainOf(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s; s = s.parent) chain.unshift(s);
  return chain;
}

/** Exec form: the model's argv; shell form: the text BuildKit hands to the shell, split at blanks as the shell would. */
function argvOf(inst: DockerInstruction): string[] {
  return inst.argv ?? inst.body.text.trim().split(/\s+/).filter(Boolean);
}

function isInteractive({ entrypoint, cmd }: Command): boolean {
  let argv = cmd;
  if (entrypoint && entrypoint.length) {
    if (WRAPPER.test(programName(entrypoint[0]))) {
      const rest = entrypoint.slice(1).filter((a) => a !== '--');
      argv = rest.length ? [...rest, ...(cmd ?? [])] : cmd;
    } else argv = [...entrypoint, ...(cmd ?? [])];
  }
  if (!argv || !argv.length) return false;
  const program = trimTrailing(
    programName(argv[0])
      .toLowerCase()
      .replace(/\.exe$/, '')
      .replace(/-preview$/, ''),
    '0123456789.',
  );
  return INTERACTIVE.has(program) && argv.slice(1).every((a) => INTERACTIVE_FLAGS.has(a));
}

/** The program name of a path, Windows paths included (`C:\\tools\\pwsh.exe` → `pwsh.exe`). */
function programName(p: string): string {
  return basename(p.replace(/\\/g, '/'));
}

/** Null when there is no place for the lines (after a heredoc that is never closed). */
function insertBeforeCommand(model: DockerfileModel, stage: Stage, title: string, lines: string[]): Fix | null {
  const commands = stage.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const lastCmd = commands.filter((i) => i.keyword === 'CMD').pop();
  const lastEntrypoint = commands.filter((i) => i.keyword === 'ENTRYPOINT').pop();
  const anchor = [lastCmd, lastEntrypoint].filter((i) => i !== undefined).sort((a, b) => a.index - b.index)[0];
  const edit = anchor ? insertLinesBefore(model, anchor, lines) : appendLines(model, lines);
  return edit ? { title, edits: [edit] } : null;
}

/** Command-line parsing for `bulkhead`: a small hand-written parser so every usage error is one clear line. */
import { RUNTIMES, RuntimeId } from '../../../shared/src/templates';
import { parsePort, parseStartCommand } from '../../../shared/src/inputs';
import { buildArgNameProblem, MAX_BUILD_ARG_VALUE, MAX_BUILD_ARGS } from '../service/config';

export type Format = 'text' | 'json' | 'sarif' | 'checkstyle' | 'junit' | 'gitlab' | 'github' | 'gnu';
export type FailOn = 'error' | 'warning' | 'info';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'checkstyle', 'junit', 'gitlab', 'github', 'gnu'];
export type Platform = 'linux' | 'windows' | 'auto';
export const PLATFORMS: readonly Platform[] = ['linux', 'windows', 'auto'];
export const ENGINE_VERSIONS = ['27', '28', '29'] as const;
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info'];
/** Warnings and errors fail a build; info and hint findings are advice. */
export const DEFAULT_FAIL_ON: FailOn = 'warning';

export type Command =
  | {
      command: 'check';
      paths: string[];
      format: Format;
      config?: string;
      failOn: FailOn;
      engineVersion?: string;
      platform?: Platform;
      stdinFilename?: string;
      fileTimeoutMs?: number;
      /** `--build-arg NAME=VALUE` (repeatable); `--build-arg NAME` takes NAME's value from the environment. */
      buildArgs?: Record<string, string>;
      /** `--fix`: write the safe fixes into the files; `--fix-dry-run`: print them as a diff instead. */
      fix?: 'write' | 'diff';
      /** `--docs-base <url>`: where the rule pages are on the web (the help links of SARIF and the other reports). */
      docsBase?: string;
      /** `--baseline <file>`: report (and fail on) only the findings this baseline file does not hold. */
      baseline?: string;
      /** `--baseline-write <file>`: record today's findings in this baseline file instead of reporting them. */
      baselineWrite?: string;
      /** `--files-from <file>`: more paths, one a line (`-`: standard input), after those on the command line. */
      filesFrom?: string;
      /** `--jobs <n>`: threads that check files (default: one per CPU from three CPUs, for more than a few files). */
      jobs?: number;
    }
  | PinCommand
  | { command: 'rules'; format: 'text' | 'json' }
  | { command: 'explain'; rule: string; docsBase?: string }
  | { command: 'lsp' }
  | InitCommand
  | { command: 'help' }
  | { command: 'version' };

export const INIT_KINDS = ['dockerfile', 'daemon', 'dockerignore', 'compose', 'auditd', 'devcontainer'] as const;
export type InitKind = (typeof INIT_KINDS)[number];
export const DATASTORES = ['postgres', 'redis', 'none'] as const;

/** `bulkhead init <kind>`: write (or print) a hardened template. */
export interface InitCommand {
  command: 'init';
  kind: InitKind;
  runtime?: RuntimeId;
  /** null: no port (`--port none`); absent: the template's default. */
  port?: number | null;
  startCommand?: string[];
  datastore?: (typeof DATASTORES)[number];
  /** The folder to write into, as given (relative to the working folder). */
  dir: string;
  force: boolean;
  stdout: boolean;
}

/** `bulkhead pin`: add the registry's digest to each `name:tag` image reference. */
export interface PinCommand {
  command: 'pin';
  paths: string[];
  dryRun: boolean;
  /** Rewrite `name:tag@digest` references whose tag has moved to the tag's digest now. */
  update: boolean;
  /** Ask the credential helpers the Docker config names (credsStore, credHelpers). */
  credentialHelpers: boolean;
  insecureRegistries: string[];
  timeoutMs?: number;
}

/** A mistake in the command line: reported on one line, exit code 2. */
export class UsageError extends Error {}

export const HELP = `Usage:
  bulkhead check [paths...] [--format <format>] [--config <file>] [--fail-on error|warning|info]
                 [--engine-version 27|28|29] [--platform linux|windows|auto] [--file-timeout <seconds>]
                 [--build-arg <name>=<value>]... [--fix | --fix-dry-run] [--docs-base <url>]
                 [--baseline <file> | --baseline-write <file>] [--files-from <file>] [--jobs <n>]
  bulkhead pin [paths...] [--dry-run] [--update] [--use-credential-helpers]
               [--insecure-registry <host[:port]>]... [--timeout <ms>]
  bulkhead rules [--format text|json]
  bulkhead explain <rule> [--docs-base <url>]
  bulkhead init <dockerfile|daemon|dockerignore|compose|auditd|devcontainer> [--runtime <id>] [--port <n>|none]
                [--cmd <command>] [--datastore postgres|redis|none] [--dir <folder>] [--force] [--stdout]
  bulkhead lsp --stdio
  bulkhead --help | --version

check     Lint Dockerfiles, Docker daemon configuration (daemon.json), Compose files and Dev Container
          configurations (devcontainer.json) for container-security problems. Each path is a file (linted
          whatever its name: *devcontainer.json as a dev container configuration, other *.json as a daemon.json,
          *.yml/*.yaml as a Compose file, anything else as a Dockerfile) or a directory, searched for Dockerfile,
          Dockerfile.*, Dockerfile-*, Dockerfile_*, *.Dockerfile, *.dockerfile, the same Containerfile names (not
          templates such as Dockerfile.template, nor *.md, *.sh...), daemon.json, compose.yaml,
          docker-compose.yml and their compose.*.yaml overrides, devcontainer.json and .devcontainer.json, and
          the Dockerfiles and Compose files a devcontainer.json names (node_modules, vendor and VCS folders and
          links to folders are skipped). Default path: the current folder.
          "-" reads one file from standard input: a Dockerfile, or what --stdin-filename names.
pin       Add the digest to each image reference that has a tag and no digest (FROM, COPY --from=<image> and
          RUN --mount=from=<image> in Dockerfiles; a service's image: in Compose files, unless it has build:;
          a devcontainer.json's image, unless it has a Dockerfile), in the files check finds: name:tag becomes
          name:tag@sha256:... (a multi-platform image's index digest). Unlike check, pin contacts the registries
          the files name (credentials: the "auths" of $DOCKER_CONFIG/config.json or ~/.docker/config.json).
          Stage names, scratch and references with variables are skipped. Each reference is reported on stderr
          as "file:line  old -> new" or with why it failed; the files are then written in place.
          A reference already pinned with its tag (name:tag@sha256:...) is checked: when the tag now points
          to another digest it is reported ("tag has moved: old -> new") and left alone, or, with --update,
          rewritten to the new digest.
          --dry-run prints the changes as a unified diff and writes nothing.
          --use-credential-helpers also asks the credential helpers the Docker config names (credsStore,
          credHelpers: docker-credential-<name> programs on PATH); without it only "auths" is read.
          --insecure-registry <host[:port]> speaks plain HTTP to that registry (repeatable);
          --timeout <ms> limits each request (default 10000).
          Exit codes: 0 every reference resolved, 1 some failed (the others are still pinned), 2 usage error.
rules     List every rule with its default severity and title.
explain   Show why a rule matters, what to do about it and how to suppress it. Another tool's id
          (hadolint DL3002, Checkov CKV_DOCKER_3, Trivy AVD-DS-0002 or DS002, BuildKit SecretsUsedInArgOrEnv; any
          case) shows the Bulkhead rules that check the same thing; an unknown id gets the nearest known ones.
init      Write a hardened template into the current folder (or --dir), then say what to fill in:
          dockerfile    Dockerfile for --runtime (required), and a .dockerignore unless one exists (kept)
          dockerignore  .dockerignore (for --runtime, if given)
          daemon        daemon.json with the CIS Docker Benchmark settings
          compose       compose.yaml: one hardened service, with a datastore on an internal network
          auditd        docker.rules, auditd watches for /etc/audit/rules.d/
          devcontainer  .devcontainer.json: non-root, unprivileged, pinned image and features (--runtime's tools)
          An existing file is never replaced without --force.
lsp       Run the language server (the editor extension's) over standard input and output, for any LSP client:
          Neovim, Helix, Emacs eglot, Sublime LSP (README, "Other editors"). Also installed as the
          bulkhead-language-server command.

Options:
  -f, --format <fmt>     text (default): "file:line:col severity rule message", a summary on stderr.
                         json: an array of {file, rule, severity, line, column, endLine, endColumn, message[, related]}.
                         sarif: SARIF 2.1.0 for code-scanning dashboards (partialFingerprints that survive
                         line moves; helpUri: the rule's page on the web, see --docs-base).
                         checkstyle: Checkstyle XML, one <file> per file with findings.
                         junit: JUnit XML, one <testsuite> per checked file, a <failure> per finding.
                         gitlab: GitLab Code Quality JSON (fingerprints that survive line moves).
                         github: GitHub Actions workflow commands (::error file=...,line=...::message),
                         shown as annotations on the pull request.
                         gnu: "file:line:col: severity: message [rule]", as compilers print.
                         Lines and columns are 1-based; endColumn points just past the last character.
  -c, --config <file>    Use this .bulkhead.json instead of the .bulkhead.json / .hadolint.yaml files found
                         from each Dockerfile's folder up to the current folder.
      --fail-on <level>  Lowest severity that makes the exit code 1: error, warning (default) or info.
                         Hints never fail.
      --engine-version <v>  The Docker Engine daemon.json files are for: 27, 28 or 29 (default 29).
      --platform <p>     The daemon's platform: linux, windows, or auto (default: Windows for files under
                         ProgramData\\docker\\config or named *windows*, else Linux).
      --stdin-filename <name>  What "-" is and where it stands, for its kind and configuration: daemon.json,
                         compose.yaml, deploy/Dockerfile (default: a Dockerfile in the current folder).
      --build-arg <name>=<value>  A build argument the build passes (repeatable, as docker build's): an ARG
                         the Dockerfile declares takes this value, so findings judge that build. "--build-arg
                         <name>" takes the value from the environment, as docker build does (ignored when unset).
                         Wins over "buildArgs" in .bulkhead.json.
      --fix              Apply the safe fixes (what the editor's "Fix all" applies; docs/fixes.md) to the files
                         in place, say on stderr what changed, and report the findings left. Manual fixes are
                         never applied. A file is written only when it changes.
      --fix-dry-run      Print the safe fixes as a unified diff (git apply / patch read it) instead of the
                         findings, and write nothing. Exit code 1 when a file would change.
      --docs-base <url>  Where the rule pages are published (http or https), for the help links of the
                         reports and of explain (default: the docs/rules folder of the project's repository).
      --baseline <file>  Report, and fail on, only the findings this baseline file does not hold (a file
                         --baseline-write wrote, e.g. .bulkhead-baseline.json). The summary on stderr says how
                         many were baselined and how many baselined ones are gone (fixed). Every format leaves
                         the baselined findings out; SARIF marks the others "baselineState": "new".
      --baseline-write <file>  Record every finding of this run in a baseline file (file, rule and a
                         fingerprint that survives line moves; no message, no line text), and report nothing:
                         commit it when adopting Bulkhead in an existing repository. Exit code 0 unless an
                         error is reported.
      --files-from <file>  Also check the paths listed in this file, one a line (blank lines skipped; "-" reads
                         the list from standard input; at most 64 MB): for more files than a command line holds.
      --jobs <n>         Threads that check files at once (default: one per CPU with three CPUs or more and more
                         than a few files, else 1). The output is the same whatever the number.
      --file-timeout <s>  Seconds one file may take to check (default 30); a file that takes longer is
                         reported (exit code 2) and the other files are still checked.

Options for init:
      --runtime <id>     ${RUNTIMES.map((r) => r.id).join(', ')}.
      --port <n>         The port the application listens on (EXPOSE, published port); "none" for none.
      --cmd <command>    The start command (CMD, exec form): a JSON array ('["node", "server.js"]') or words.
      --datastore <d>    compose: postgres (default), redis or none.
      --dir <folder>     Write into this folder instead of the current one.
      --force            Replace existing files.
      --stdout           Print the template instead of writing it.

  -h, --help             Show this help.
  -V, --version          Show the version.

Environment:
  BULKHEAD_CODE_CACHE  Where check keeps the code V8 compiled for the CLI, for the next start (default
                       $XDG_CACHE_HOME/bulkhead/code-cache, else ~/.cache/bulkhead/code-cache); "off" for none.

Exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level (with --fix: among those left; with --fix-dry-run:
     a file would change)
  2  usage error, a path that does not exist or cannot be read, an invalid configuration file, an internal
     error (a rule failed, or a file took longer than --file-timeout, so the result is incomplete), or a file
     init would replace without --force.
     Files that look binary or exceed 2 MB are skipped with a note on stderr; they do not change the exit code.
  141 the reader of the report went away (\`bulkhead check | head\`): the check stops there, as a program
     SIGPIPE ends.
`;

/** --stdin-filename: a file name (or relative path) that says what standard input is and where it stands. */
function stdinFilename(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim() || /[\\/]$/.test(value))
    throw new UsageError('--stdin-filename needs a file name, e.g. daemon.json or compose.yaml');
  return value;
}

/** --file-timeout: seconds (a decimal) one file may take, as milliseconds. */
function fileTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\d{1,6}(\.\d{1,6})?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(seconds > 0))
    throw new UsageError(`--file-timeout must be a number of seconds greater than 0 (got "${value}")`);
  return seconds * 1000;
}

/** --jobs: a whole number of threads, 1 to 256. */
function jobsOption(value: string): number {
  const n = /^\d{1,3}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 256)) throw new UsageError(`--jobs must be a whole number from 1 to 256 (got "${value}")`);
  return n;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

/**
 * `--docs-base <url>`: where the rule pages are published (a mirror, an intranet copy). Reports are read on other
 * machines (a code-scanning dashboard, a merge request), so it must be a web address, never a local path.
 */
function docsBase(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--docs-base needs an http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--docs-base needs an http(s) URL, not a local path (got "${value}")`);
  let end = value.length;
  while (end > 0 && value[end - 1] === '/') end--;
  return value.slice(0, end);
}

/** Options that take no value. */
const FLAGS = ['--force', '--stdout', '--fix', '--fix-dry-run', '--dry-run', '--update', '--use-credential-helpers'];

/** Which init templates take which options (the rest apply to all). */
const INIT_OPTIONS: Readonly<Record<string, readonly InitKind[]>> = {
  '--runtime': ['dockerfile', 'dockerignore', 'devcontainer'],
  '--port': ['dockerfile', 'compose'],
  '--cmd': ['dockerfile'],
  '--datastore': ['compose'],
};

function parseInit(
  positionals: readonly string[],
  values: ReadonlyMap<string, string>,
  flags: ReadonlySet<string>,
): InitCommand {
  const kinds = INIT_KINDS.join(', ');
  if (!positionals.length) throw new UsageError(`init needs a template: ${kinds}`);
  if (positionals.length > 1)
    throw new UsageError(`init writes one template at a time (got "${positionals.join('", "')}")`);
  const kind = positionals[0] as InitKind;
  if (!INIT_KINDS.includes(kind)) throw new UsageError(`unknown template "${positionals[0]}"; use one of ${kinds}`);
  for (const [option, kindsTaking] of Object.entries(INIT_OPTIONS)) {
    if (values.has(option) && !kindsTaking.includes(kind))
      throw new UsageError(`${option} does not apply to "bulkhead init ${kind}"`);
  }
  const command: InitCommand = {
    command: 'init',
    kind,
    dir: values.get('--dir') ?? '.',
    force: flags.has('--force'),
    stdout: flags.has('--stdout'),
  };
  if (command.dir === '') throw new UsageError('--dir needs a folder');
  const runtime = values.get('--runtime');
  if (runtime !== undefined)
    command.runtime = oneOf(
      '--runtime',
      runtime,
      RUNTIMES.map((r) => r.id),
    );
  else if (kind === 'dockerfile')
    throw new UsageError(`init dockerfile needs --runtime: ${RUNTIMES.map((r) => r.id).join(', ')}`);
  const port = values.get('--port');
  if (port !== undefined) {
    const parsed = port.trim().toLowerCase() === 'none' ? { ok: true as const, value: null } : parsePort(port);
    if (!parsed.ok || (parsed.value === null && port.trim() === ''))
      throw new UsageError(`--port must be a number from 1 to 65535, or none (got "${port}")`);
    command.port = parsed.value;
  }
  const cmd = values.get('--cmd');
  if (cmd !== undefined) {
    const parsed = parseStartCommand(cmd);
    if (!parsed.ok) throw new UsageError(`--cmd: ${parsed.message}`);
    command.startCommand = parsed.value;
  }
  const datastore = values.get('--datastore');
  if (datastore !== undefined) command.datastore = oneOf('--datastore', datastore, DATASTORES);
  return command;
}

function parsePin(
  positionals: readonly string[],
  values: ReadonlyMap<string, string>,
  flags: ReadonlySet<string>,
  insecure: readonly string[],
): PinCommand {
  if (positionals.includes('-')) throw new UsageError('pin writes files and cannot read standard input');
  for (const host of insecure)
    if (!/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host))
      throw new UsageError(`--insecure-registry needs a host or host:port (got "${host}")`);
  const command: PinCommand = {
    command: 'pin',
    paths: positionals.length ? [...positionals] : ['.'],
    dryRun: flags.has('--dry-run'),
    update: flags.has('--update'),
    credentialHelpers: flags.has('--use-credential-helpers'),
    insecureRegistries: [...insecure],
  };
  const timeout = values.get('--timeout');
  if (timeout !== undefined) {
    const ms = /^\d{1,7}$/.test(timeout.trim()) ? Number(timeout) : NaN;
    if (!(ms > 0)) throw new UsageError(`--timeout must be a number of milliseconds greater than 0 (got "${timeout}")`);
    command.timeoutMs = ms;
  }
  return command;
}

/** `--build-arg` values in order (a later one for the same name wins, as in docker build). */
function buildArgs(given: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  if (!given.length) return undefined;
  if (given.length > MAX_BUILD_ARGS) throw new UsageError(`--build-arg given more than ${MAX_BUILD_ARGS} times`);
  const out: Record<string, string> = {};
  for (const arg of given) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const bad = buildArgNameProblem(name);
    if (bad) throw new UsageError(`--build-arg needs NAME=VALUE: ${bad}`);
    // docker build / buildx: a name alone takes the environment's value, and is left out when the environment has none
    const value = eq < 0 ? env[name] : arg.slice(eq + 1);
    if (value === undefined) continue;
    if (value.length > MAX_BUILD_ARG_VALUE)
      throw new UsageError(`--build-arg ${name}: the value is longer than ${MAX_BUILD_ARG_VALUE / 1024} KB`);
    out[name] = value;
  }
  return out;
}

/** `bulkhead lsp [--stdio]`: stdio is the one transport, so the option LSP clients pass is accepted and changes nothing. */
function parseLsp(rest: readonly string[]): Command {
  const extra = rest.find((a) => a !== '--stdio');
  if (extra === undefined) return { command: 'lsp' };
  throw new UsageError(
    extra.startsWith('-')
      ? `unknown option "${extra}" for "bulkhead lsp"; run "bulkhead --help"`
      : `lsp takes no arguments (got "${extra}")`,
  );
}

export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Command {
  // anywhere before `--`: after it every argument is a path (a file named `-h` is checked, not read as --help)
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  if (options.some((a) => a === '-h' || a === '--help')) return { command: 'help' };
  if (options.some((a) => a === '-V' || a === '--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command; run "bulkhead --help"');
  if (command === 'help') return { command: 'help' };
  if (command === 'lsp') return parseLsp(rest);
  if (!['check', 'rules', 'explain', 'init', 'pin'].includes(command)) {
    throw new UsageError(`unknown command "${command}"; run "bulkhead --help"`);
  }

  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  /** Options that may be given more than once, in order. */
  const repeated: string[] = [];
  const allowed: Record<string, string[]> = {
    check: [
      '--format',
      '--config',
      '--fail-on',
      '--engine-version',
      '--platform',
      '--stdin-filename',
      '--file-timeout',
      '--build-arg',
      '--fix',
      '--fix-dry-run',
      '--docs-base',
      '--baseline',
      '--baseline-write',
      '--files-from',
      '--jobs',
    ],
    rules: ['--format'],
    pin: ['--dry-run', '--update', '--use-credential-helpers', '--insecure-registry', '--timeout'],
    explain: ['--docs-base'],
    init: ['--runtime', '--port', '--cmd', '--datastore', '--dir', '--force', '--stdout'],
  };
  const aliases: Record<string, string> = { '-f': '--format', '-c': '--config' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const raw = eq > 0 ? arg.slice(0, eq) : arg;
    const name = aliases[raw] ?? raw;
    if (!allowed[command].includes(name))
      throw new UsageError(`unknown option "${raw}" for "bulkhead ${command}"; run "bulkhead --help"`);
    if (FLAGS.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-'))
        throw new UsageError(`${name} needs a value`);
      i++;
    }
    if (name === '--build-arg' || name === '--insecure-registry') {
      repeated.push(value);
      continue;
    }
    if (values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, value);
  }

  if (command === 'explain') {
    if (positionals.length !== 1)
      throw new UsageError(
        'explain takes exactly one rule id, e.g. "bulkhead explain root-user" or "bulkhead explain DL3002"',
      );
    const base = docsBase(values.get('--docs-base'));
    return { command: 'explain', rule: positionals[0], ...(base ? { docsBase: base } : {}) };
  }
  if (command === 'init') return parseInit(positionals, values, flags);
  if (command === 'rules') {
    if (positionals.length) throw new UsageError(`rules takes no arguments (got "${positionals[0]}")`);
    return { command: 'rules', format: oneOf('--format', values.get('--format') ?? 'text', ['text', 'json'] as const) };
  }
  if (command === 'pin') return parsePin(positionals, values, flags, repeated);
  const config = values.get('--config');
  if (config === '') throw new UsageError('--config needs a file name');
  if (positionals.filter((p) => p === '-').length > 1)
    throw new UsageError('standard input ("-") can be read only once');
  if (flags.has('--fix') && flags.has('--fix-dry-run')) throw new UsageError('use --fix or --fix-dry-run, not both');
  if (flags.has('--fix') && positionals.includes('-'))
    throw new UsageError('--fix writes files in place and cannot fix standard input; use --fix-dry-run for a diff');
  const filesFrom = values.get('--files-from');
  if (filesFrom === '') throw new UsageError('--files-from needs a file name');
  if (filesFrom === '-' && positionals.includes('-'))
    throw new UsageError(
      'standard input ("-") can be read only once: it cannot be both a file and the --files-from list',
    );
  if (flags.has('--fix-dry-run') && values.has('--format'))
    throw new UsageError('--fix-dry-run prints a diff and takes no --format');
  const baseline = values.get('--baseline');
  const baselineWrite = values.get('--baseline-write');
  if (baseline === '' || baselineWrite === '') throw new UsageError('--baseline needs a file name');
  if (baseline !== undefined && baselineWrite !== undefined)
    throw new UsageError(
      'use --baseline or --baseline-write, not both (--baseline-write alone records the baseline again)',
    );
  if ((baseline !== undefined || baselineWrite !== undefined) && flags.has('--fix-dry-run'))
    throw new UsageError('--fix-dry-run prints a diff and takes no baseline');
  if (baselineWrite !== undefined && flags.has('--fix'))
    throw new UsageError('--baseline-write records the findings as they are and cannot be used with --fix');
  if (baselineWrite !== undefined && values.has('--format'))
    throw new UsageError('--baseline-write writes the baseline file and prints no report: it takes no --format');
  return {
    command: 'check',
    paths: positionals.length || filesFrom !== undefined ? positionals : ['.'],
    format: oneOf('--format', values.get('--format') ?? 'text', FORMATS),
    config,
    failOn: oneOf('--fail-on', values.get('--fail-on') ?? DEFAULT_FAIL_ON, FAIL_ON),
    engineVersion: values.has('--engine-version')
      ? oneOf('--engine-version', values.get('--engine-version') ?? '', ENGINE_VERSIONS)
      : undefined,
    platform: values.has('--platform') ? oneOf('--platform', values.get('--platform') ?? '', PLATFORMS) : undefined,
    stdinFilename: stdinFilename(values.get('--stdin-filename')),
    fileTimeoutMs: fileTimeout(values.get('--file-timeout')),
    buildArgs: buildArgs(repeated, env),
    ...(values.has('--docs-base') ? { docsBase: docsBase(values.get('--docs-base')) } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(baselineWrite !== undefined ? { baselineWrite } : {}),
    ...(flags.has('--fix') ? { fix: 'write' as const } : flags.has('--fix-dry-run') ? { fix: 'diff' as const } : {}),
    ...(filesFrom !== undefined ? { filesFrom } : {}),
    ...(values.has('--jobs') ? { jobs: jobsOption(values.get('--jobs') ?? '') } : {}),
  };
}

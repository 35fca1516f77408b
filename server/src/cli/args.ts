/** Command-line parsing for `bulkhead`: a small hand-written parser so every usage error is one clear line. */

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info'];
/** Warnings and errors fail a build; info and hint findings are advice. */
export const DEFAULT_FAIL_ON: FailOn = 'warning';

export type Command =
  | { command: 'check'; paths: string[]; format: Format; config?: string; failOn: FailOn }
  | { command: 'rules'; format: Format }
  | { command: 'explain'; rule: string }
  | { command: 'help' }
  | { command: 'version' };

/** A mistake in the command line: reported on one line, exit code 2. */
export class UsageError extends Error {}

export const HELP = `Usage:
  bulkhead check [paths...] [--format text|json|sarif] [--config <file>] [--fail-on error|warning|info]
  bulkhead rules [--format text|json]
  bulkhead explain <rule>
  bulkhead --help | --version

check     Lint Dockerfiles for container-security problems. Each path is a file (linted whatever its name) or
          a directory, searched for Dockerfile, Containerfile, Dockerfile.*, Containerfile.*, *.Dockerfile and
          *.dockerfile (node_modules, vendor and VCS folders and links to folders are skipped). Default path:
          the current folder.
          "-" reads one Dockerfile from standard input.
rules     List every rule with its default severity and title.
explain   Show why a rule matters, what to do about it and how to suppress it.

Options:
  -f, --format <fmt>     text (default): "file:line:col severity rule message", a summary on stderr.
                         json: an array of {file, rule, severity, line, column, endLine, endColumn, message}.
                         sarif: SARIF 2.1.0 for code-scanning dashboards.
                         Lines and columns are 1-based; endColumn points just past the last character.
  -c, --config <file>    Use this .bulkhead.json instead of the .bulkhead.json / .hadolint.yaml files found
                         from each Dockerfile's folder up to the current folder.
      --fail-on <level>  Lowest severity that makes the exit code 1: error, warning (default) or info.
                         Hints never fail.
  -h, --help             Show this help.
  -V, --version          Show the version.

Exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level
  2  usage error, a path that does not exist or cannot be read, an invalid configuration file, or an internal
     error (a rule failed, so the result is incomplete). Files that look binary or exceed 2 MB are skipped with
     a note on stderr; they do not change the exit code.
`;

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.some((a) => a === '-h' || a === '--help')) return { command: 'help' };
  if (argv.some((a) => a === '-V' || a === '--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command; run "bulkhead --help"');
  if (command === 'help') return { command: 'help' };
  if (command !== 'check' && command !== 'rules' && command !== 'explain') {
    throw new UsageError(`unknown command "${command}"; run "bulkhead --help"`);
  }

  const positionals: string[] = [];
  const values = new Map<string, string>();
  const allowed: Record<string, string[]> = {
    check: ['--format', '--config', '--fail-on'],
    rules: ['--format'],
    explain: [],
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
    if (!allowed[command].includes(name)) throw new UsageError(`unknown option "${raw}" for "bulkhead ${command}"; run "bulkhead --help"`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`${name} needs a value`);
      i++;
    }
    if (values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, value);
  }

  if (command === 'explain') {
    if (positionals.length !== 1) throw new UsageError('explain takes exactly one rule id, e.g. "bulkhead explain root-user"');
    return { command, rule: positionals[0] };
  }
  if (command === 'rules') {
    if (positionals.length) throw new UsageError(`rules takes no arguments (got "${positionals[0]}")`);
    return { command, format: oneOf('--format', values.get('--format') ?? 'text', ['text', 'json'] as const) };
  }
  const config = values.get('--config');
  if (config === '') throw new UsageError('--config needs a file name');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input ("-") can be read only once');
  return {
    command,
    paths: positionals.length ? positionals : ['.'],
    format: oneOf('--format', values.get('--format') ?? 'text', FORMATS),
    config,
    failOn: oneOf('--fail-on', values.get('--fail-on') ?? DEFAULT_FAIL_ON, FAIL_ON),
  };
}

import type { DockerfileModel, DockerInstruction, Stage } from '../../model/model';
import type { LintEnvironment } from '../../../rules/context';
import { copyOperands } from '../../analysis/sources';

/**
 * A container that starts as root and drops to an unprivileged user before it runs the service: the entrypoint runs
 * the service through gosu, su-exec, setpriv --reuid, s6-setuidgid, runuser or chroot --userspec, directly or from an
 * entrypoint script the Dockerfile copies from the build context (its text read, never run). The official postgres,
 * redis and mysql images start this way (`exec gosu postgres "$BASH_SOURCE" "$@"`).
 */

/** Tools that run a command as another user; `setpriv` and `chroot` only with the options that change the user. */
const DROP_TOOLS = new Set(['gosu', 'su-exec', 's6-setuidgid', 'runuser']);
/** Init processes that run their arguments (`tini -g -- cmd`, `dumb-init --single-child cmd`). */
const INIT_WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit']);
/** Words that may precede a command on a script line (`then exec gosu …`). */
const KEYWORDS = new Set(['exec', 'then', 'do', 'else', '!', 'time', '{', '(']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
/** Script lines read (a script of more lines than this is judged on its first ones). */
const MAX_SCRIPT_LINES = 5000;

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The index of the first word of argv from `i` that is not `exec`, a keyword or an init wrapper with its options. */
function commandStart(argv: readonly string[], i: number): number {
  while (i < argv.length) {
    const name = base(argv[i]);
    if (KEYWORDS.has(name)) {
      i++;
      continue;
    }
    if (!INIT_WRAPPERS.has(name)) return i;
    // the wrapper's options, up to `--` or the command
    i++;
    while (i < argv.length && argv[i].startsWith('-')) {
      if (argv[i++] === '--') break;
    }
  }
  return i;
}

/** The tool an argument vector runs the service through to drop privileges, or null. */
export function argvDropTool(argv: readonly string[]): string | null {
  const i = commandStart(argv, 0);
  if (i >= argv.length) return null;
  const name = base(argv[i]);
  if (DROP_TOOLS.has(name)) return name;
  const rest = argv.slice(i + 1);
  if (name === 'setpriv' && rest.some((a) => a === '--reuid' || a.startsWith('--reuid='))) return 'setpriv';
  if (name === 'chroot' && rest.some((a) => a === '--userspec' || a.startsWith('--userspec=')))
    return 'chroot --userspec';
  // `sh -c 'exec gosu app …'`
  if (SHELLS.has(name) && argv[i + 1] === '-c' && argv[i + 2] !== undefined) return scriptDropTool(argv[i + 2]);
  return null;
}

/**
 * The tool a shell script (an entrypoint script, a shell-form ENTRYPOINT) drops privileges with: a command of one of
 * its lines, split at `;`, `&&`, `||` and `|`, that runs one. Read line by line and word by word (linear).
 */
export function scriptDropTool(text: string): string | null {
  const lines = text.split('\n', MAX_SCRIPT_LINES);
  for (const line of lines) {
    const hash = line.indexOf('#');
    const code = hash === 0 || (hash > 0 && /\s/.test(line[hash - 1])) ? line.slice(0, hash) : line;
    for (const part of code.split(/&&|\|\||[;|&]/)) {
      const words = part.split(/\s+/).filter(Boolean);
      if (!words.length) continue;
      const tool = argvDropTool(words);
      if (tool) return tool;
    }
  }
  return null;
}

/** The program an argument vector runs first, past init wrappers and `exec` (what an entrypoint script would be). */
function program(argv: readonly string[]): string | undefined {
  const i = commandStart(argv, 0);
  // `sh -c './entrypoint.sh "$@"'`: the script is the string's first word
  if (i < argv.length && SHELLS.has(base(argv[i])) && argv[i + 1] === '-c') {
    const words = (argv[i + 2] ?? '').split(/\s+/).filter(Boolean);
    return words[commandStart(words, 0)];
  }
  return argv[i];
}

/** Folders of the default PATH, where a bare entrypoint name (`docker-entrypoint.sh`) is found. */
const PATH_DIRS = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);

function normalise(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/**
 * The build-context path of the file a COPY of this stage (or a stage it is built on) puts at `target` (an absolute
 * path, or a bare name found on PATH), or null. Only plain context copies: no `--from`, a known single source without
 * wildcards, an absolute destination.
 */
function copiedFrom(model: DockerfileModel, stage: Stage, target: string): string | null {
  const bare = !target.includes('/');
  // a path relative to WORKDIR is not followed
  if (!bare && !target.startsWith('/')) return null;
  const wanted = bare ? target : normalise(target);
  for (let s: Stage | null = stage; s; s = s.parent) {
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const inst: DockerInstruction = s.instructions[k];
      if (inst.keyword !== 'COPY' && inst.keyword !== 'ADD') continue;
      if (inst.flags.some((f) => f.name === 'from')) continue;
      const ops = copyOperands(model, inst);
      if (ops.length !== 2 || !ops.every((o) => o.known) || ops[0].remote) continue;
      const [src, dest] = ops;
      if (/[*?[]/.test(src.value) || !dest.value.startsWith('/')) continue;
      const file = dest.value.endsWith('/') ? `${dest.value}${base(src.value)}` : dest.value;
      const path = normalise(file);
      const hit = bare
        ? base(path) === wanted && PATH_DIRS.has(path.slice(0, path.lastIndexOf('/')) || '/')
        : path === wanted;
      if (hit) return src.value.replace(/^(\.\/)+/, '');
    }
  }
  return null;
}

/** What the container runs: ENTRYPOINT then CMD, a shell form as `/bin/sh -c <text>` (which drops a CMD after it). */
function containerArgv(stage: Stage): string[] {
  const form = (inst: DockerInstruction): string[] => inst.argv ?? ['/bin/sh', '-c', inst.body.text];
  if (stage.entrypoint && !stage.entrypoint.argv) return form(stage.entrypoint);
  return [...(stage.entrypoint ? form(stage.entrypoint) : []), ...(stage.cmd ? form(stage.cmd) : [])];
}

/** How the final stage's container drops root, or null: `gosu`, or `gosu (in docker-entrypoint.sh)`. */
export function privilegeDrop(model: DockerfileModel, stage: Stage, env: LintEnvironment): string | null {
  const argv = containerArgv(stage);
  const direct = argvDropTool(argv);
  if (direct) return direct;
  const first = program(argv);
  if (!first || !env.contextFile) return null;
  const source = copiedFrom(model, stage, first);
  if (!source) return null;
  const text = env.contextFile(source);
  const tool = text === null ? null : scriptDropTool(text);
  return tool ? `${tool} (in ${source})` : null;
}

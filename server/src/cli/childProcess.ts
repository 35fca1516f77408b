import fs = require('node:fs');
import type * as ChildProcess from 'node:child_process';
import type * as Os from 'node:os';
import type * as V8 from 'node:v8';
import { UsageError } from './args';
import { CHECK_CHILD_ARG, CHILD_V8_OPTIONS } from './childArg';
import { CODE_CACHE_LEFT_TO_CHILD } from '../common/codeCache';

export { CHECK_CHILD_ARG };

/**
 * A long check on a machine with few CPUs runs in a child process whose V8 has fewer background threads (issue 21).
 *
 * Node starts V8 with four threads for its background work (node/src/node_options.h: `v8_thread_pool_size = 4`), and a
 * cold run keeps them busy: TurboFan compiles the rules' hot functions there. On two CPUs those four threads and the
 * lint thread take turns on two cores, and the lint thread, which has the same work to do either way, waits. Measured
 * on a 2-CPU machine, whole process, medians of 4-5 runs: the 2,648 corpus Dockerfiles 3.76 → 2.86 s with
 * `--v8-pool-size=1` (the lint thread's CPU time the same, 2.75 s; the background threads' 3.5 → 2.35 s), a 10,000-file
 * tree 5.69 → 4.54 s, 300 files 826 → 641 ms, 1,200 files 2,066 → 1,568 ms. No V8 flag set at run time does the same
 * (fewer concurrent compile jobs or GC threads were measured level), and Node reads `--v8-pool-size` only when it
 * starts: so once the walk has found REEXEC_MIN_FILES files, the check is handed to a child started with it. The child
 * costs a Node start and the bundle's load (~150 ms), which a run of that many files wins back.
 *
 * The child also gets a smaller young generation and an old generation collected sooner (CHILD_V8_OPTIONS in
 * childArg.ts: the run's peak memory), and so a code cache of its own. The parent stops walking there and prints
 * nothing; the child gets the check as the parent was asked for it (the command, the paths, --files-from's list already read, the day) through a pipe on its
 * descriptor 3, walks the folders itself, inherits stdin, stdout and stderr, and its exit status is the parent's;
 * SIGINT, SIGTERM and SIGHUP sent to the parent are passed on. So the parent stays small (~60 MB beside the child's
 * run, not the walk's ~130 MB of a 50,000-file tree) and the output is the one this process would have printed.
 */

/** At least this many files: the child's start (a Node start and the bundle's load) is won back. */
export const REEXEC_MIN_FILES = 500;

/** Node's default pool (node/src/node_options.h); the child is started only when it would get fewer. */
const NODE_POOL = 4;

/** Node options that belong to this process (a debugger's port, a profile's file) or decide the pool themselves. */
const OWN_OPTIONS = /--(v8-pool-size|inspect|debug|prof|cpu-prof|heap-prof|diagnostic-dir|report)/;

/** What the child is handed: the check as this process was asked for it. */
export interface ChildCheck<C> {
  command: C;
  cwd: string;
  /** The run's day (ms since the epoch): the same "today" as the parent's. */
  today: number;
  /** The paths to check: the command line's and --files-from's (read by the parent, from standard input too). */
  paths: string[];
  /** The child's V8 pool (for BULKHEAD_STATS). */
  platformThreads: number;
  /**
   * The parent's process id, given on the child's command line (readChildCheck reads it): the child stops when its
   * parent is no longer this one (its parent may be gone before it got that far, or while it sent the check).
   */
  parent: number;
}

export interface PoolQuestion {
  files: number;
  /** Threads that would check files here (1: this thread alone). */
  threads: number;
  cpus: number;
  platform: string;
  execArgv: readonly string[];
  /** NODE_OPTIONS, which the child inherits. */
  nodeOptions: string;
  /** A Node whose options are Node's (not Electron or another runtime that runs Node programs). */
  plainNode: boolean;
  /** The entry the child would run exists (the built CLI, not the sources run by a test's loader). */
  hasEntry: boolean;
}

/** The child's V8 pool size for this run, or undefined when the check is best run here. */
export function childPoolSize(q: PoolQuestion): number | undefined {
  if (!q.hasEntry || !q.plainNode || q.threads !== 1 || q.files < REEXEC_MIN_FILES) return undefined;
  // the pipe on descriptor 3 and the signals passed on are POSIX's
  if (q.platform === 'win32') return undefined;
  // options the user gave Node for this run stay theirs: a child would inherit a debugger's port or a profile's file
  if (q.execArgv.length || OWN_OPTIONS.test(q.nodeOptions)) return undefined;
  // one thread for V8's background work per CPU the lint thread leaves free
  const pool = Math.max(1, q.cpus - 1);
  return pool < NODE_POOL ? pool : undefined;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The child's environment: this process's without NODE_EXTRA_CA_CERTS. Node 20 reads that file at every start, before
 * any program runs (node/src/crypto/crypto_context.cc, UseExtraCaCerts, "called only once at the start of the Node.js
 * process": a store of Node's own root certificates is made, then the file's added): ~40 ms of the child's start on a
 * 2-CPU machine whose variable names the system's bundle (144 certificates), and a second "Warning: Ignoring extra
 * certs" when the file cannot be read. A check opens no connection (only `bulkhead pin` speaks to registries, never in
 * a child), so the child has no use for them; the rest of the environment is this process's.
 */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (name !== 'NODE_EXTRA_CA_CERTS') out[name] = value;
  return out;
}

/**
 * Runs the check in a child started with `--v8-pool-size=<pool>`: resolves to its exit code, or undefined when it could
 * not be started (nothing was printed: the check runs here). A child ended by a signal ends this process by the same
 * signal, so whoever started `bulkhead` sees what it would have seen.
 */
export function checkInChild<C>(entry: string, data: Omit<ChildCheck<C>, 'parent'>): Promise<number | undefined> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded for a long run only */
  const { spawn } = require('node:child_process') as typeof ChildProcess;
  const { signals } = (require('node:os') as typeof Os).constants;
  const payload = (require('node:v8') as typeof V8).serialize(data);
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new Promise((resolve) => {
    /** This process ends as by `signal`: its default action, or (PID 1 ignores it) the shell's status for it. */
    const endBy = (signal: NodeJS.Signals) => {
      process.kill(process.pid, signal);
      resolve(128 + (signals[signal] ?? 0));
    };
    let child: ChildProcess.ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [`--v8-pool-size=${data.platformThreads}`, ...CHILD_V8_OPTIONS, entry, CHECK_CHILD_ARG, String(process.pid)],
        {
          stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
          env: childEnv(process.env),
        },
      );
    } catch {
      resolve(undefined);
      return;
    }
    /** A signal that came while the child could not be started: this process answers it once it knows. */
    let unanswered: NodeJS.Signals | undefined;
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.pid === undefined) unanswered = signal;
      else child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    const stopForwarding = () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    };
    // the child exists once spawn returns (or failed to): from now on a signal to this process is passed on
    for (const [signal, handler] of handlers) process.on(signal, handler);
    let started = false;
    child.once('spawn', () => {
      started = true;
      // the child writes the code cache: this process compiled only the walk's code
      (globalThis as { [CODE_CACHE_LEFT_TO_CHILD]?: boolean })[CODE_CACHE_LEFT_TO_CHILD] = true;
      const input = child.stdio[3] as NodeJS.WritableStream | null;
      // a child that dies before reading says so by its exit status
      input?.on('error', () => undefined);
      input?.end(payload);
    });
    child.once('error', () => {
      if (started) return;
      stopForwarding();
      // not started (no process, no memory): nothing was printed, the check runs here, unless it was to stop
      if (unanswered) endBy(unanswered);
      else resolve(undefined);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      // the same end as the child's
      if (signal) endBy(signal);
      else resolve(code ?? 2);
    });
  });
}

/**
 * The child's side: what the parent (whose process id `parentArg` is, from the command line) sent on descriptor 3.
 * Undefined when nothing or not all of a check came and that parent is gone: it was killed before or while it wrote
 * (a check with a long --files-from list is written in pieces), and nobody waits for the check. Throws when there is
 * no such pipe or what came is not a check's, its parent still there (the argument typed by hand).
 */
export function readChildCheck<C>(
  isCommand: (c: unknown) => c is C,
  parentArg: string | undefined,
): ChildCheck<C> | undefined {
  const parent = parentArg !== undefined && /^[1-9]\d{0,9}$/.test(parentArg) ? Number(parentArg) : undefined;
  let data: unknown;
  try {
    // the parent's pipe is a socket (Node's stdio pipes): a terminal or a file left open there is not read
    if (!fs.fstatSync(3).isSocket()) throw new Error('not a pipe from bulkhead');
    const sent = fs.readFileSync(3);
    fs.closeSync(3);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the child of a long run only
    data = (require('node:v8') as typeof V8).deserialize(sent);
  } catch {
    data = undefined;
  }
  const d = data as Partial<ChildCheck<C>> | undefined;
  if (
    parent === undefined ||
    !d ||
    typeof d !== 'object' ||
    !isCommand(d.command) ||
    typeof d.cwd !== 'string' ||
    typeof d.today !== 'number' ||
    !Array.isArray(d.paths) ||
    !d.paths.every((p) => typeof p === 'string') ||
    typeof d.platformThreads !== 'number'
  ) {
    if (parent !== undefined && parentGone(parent)) return undefined;
    throw new UsageError(`${CHECK_CHILD_ARG} is internal: bulkhead starts it with the check on descriptor 3`);
  }
  return { ...(d as Omit<ChildCheck<C>, 'parent'>), parent };
}

/**
 * The child's guard against outliving its parent: a parent ended by a signal it cannot pass on (SIGKILL, an out-of-
 * memory kill) leaves the child to a new parent, and a check nobody waits for stops (what the one process would have
 * done). True when the parent is gone: the child's parent is no longer the process that sent the check (compared
 * with the id the parent sent, not with the child's first look at its parent, which may already be the new one).
 */
export function parentGone(parent: number): boolean {
  return process.ppid !== parent;
}

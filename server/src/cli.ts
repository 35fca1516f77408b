import fs = require('node:fs');
import type * as Os from 'node:os';
import path = require('node:path');
import type * as Tty from 'node:tty';
import type * as WorkerThreads from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError } from './service/lint';
import { kindOfNamedFile, languageOf, lintDocument, type LintedKind } from './service/languages';
import { Budgeted, CLI_LINT_BUDGET_MS, eachWithinBudget, stoppedMessage } from './common/budget';
import { decodeUtf8 } from './common/documents';
import { severityName, type DiagnosticData } from './rules/diagnostics';
import { DEFAULT_DOCS_BASE } from './common/docsBase';
import { inspectInput, MAX_LINT_BYTES, tooLargeMessage } from './service/input';
import { mergeConfig, ConfigProblem } from './service/config';
import { allRules, explainRule } from './service/registry';
import { ruleDocUri } from './rules/anchors';
import type { EffectiveConfig } from './rules/context';
import { SEVERITIES, Severity } from './rules/types';
import { contextFileReader, DirectoryCache, findConfigFiles, readBaselineFile, readDockerignore } from './config/files';
import { isIgnored, parseDockerignore } from './dockerfile/analysis/dockerignore';
import { Command, FailOn, HELP, InitCommand, parseArgs, PinCommand, UsageError } from './cli/args';
import { readFileUpTo } from './cli/readFile';
// `pin` alone talks to registries: its modules (and the Node modules they load) are loaded when it runs (issue 21)
import type { PinOutcome } from './cli/pin';
import {
  RenderedFile,
  renderAuditRules,
  renderComposeService,
  renderDaemonJson,
  renderDockerfile,
  renderDockerignore,
  renderDevcontainer,
} from '../../shared/src/templates';
import { CollectOptions, collectTargets, describeFsError, describePathError, STDIN, Target } from './service/walk';
import {
  Finding,
  JUNIT_TAIL,
  NOTICE_RULE,
  Notice,
  ReportStream,
  SARIF_RESULTS_CLOSE,
  SARIF_RESULTS_OPEN,
  findingsByFile,
  junitHead,
  junitSuite,
  oneLine,
  sarifDocument,
  sarifResult,
  streamedReport,
} from './cli/report';
import { Spool } from './cli/spool';
import { fingerprints, loadFingerprints, locatedOf } from './service/fingerprint';
import { Baseline, BaselineEntry, formatBaseline, matchBaseline } from './service/baseline';
import { readProjectInfo, webDocsBase } from './cli/project';
import { explainTarget } from './cli/explain';
import { FolderPaths } from './cli/folderPaths';
import { unifiedDiff } from './text/diff';
import { MIN_FILES_PER_JOB, PoolCounts, filesPerJob, maxAheadFor, runOrdered } from './cli/parallel';
import { tuneOptimizer } from './cli/v8Tuning';
import { readAhead, readsAhead, type ReadAhead } from './cli/prefetch';
import {
  CHECK_CHILD_ARG as CHILD_ARG,
  ChildCheck,
  checkInChild,
  childPoolSize,
  PoolQuestion,
  parentGone as parentEnded,
  readChildCheck,
  REEXEC_MIN_FILES,
} from './cli/childProcess';
import { plainText, terminalText } from './text/plain';
import { maskSecretsIn, maskValues } from './rules/secrets';
import { lazy, remembered } from './common/memo';

/*
 * Node's modules a run may not need, loaded on first use (issue 21): `tty` (with `net` and the streams behind it,
 * ~4 ms) only when stdout or stderr may be a terminal, `worker_threads` (~4 ms) only with worker threads, `os` for
 * the thread count.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- built-in modules loaded when first used */
const tty = lazy(() => require('node:tty') as typeof Tty);
const workerThreads = lazy(() => require('node:worker_threads') as typeof WorkerThreads);
const os = lazy(() => require('node:os') as typeof Os);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Is this descriptor a terminal? Only a character device can be, and /dev/null (where a script sends what it does not
 * want) is not: those are answered with fstat, without loading Node's terminal module.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    const devNull = fs.statSync('/dev/null');
    if (stat.rdev === devNull.rdev && stat.ino === devNull.ino) return false;
  } catch {
    // a closed descriptor, or no /dev/null (Windows): the terminal module answers
  }
  return tty().isatty(fd);
}

/**
 * Worker threads (--jobs) run this bundle with this argument (its argv[2]), so the main thread knows it is the main
 * one without loading worker_threads: the argument alone proves nothing (anyone may type it); worker_threads decides.
 */
const CHECK_WORKER_ARG = '--bulkhead-check-worker';

/**
 * `bulkhead`: the same engine as the editor, for CI. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage/I-O/configuration/internal errors (see HELP).
 */

const STDIN_NAME = '<stdin>';

/** package.json's version and home page: read when a command prints them (a text or JSON report does not). */
const project = lazy(() => readProjectInfo(__dirname));

/**
 * Where the rule pages are for a report read on another machine: --docs-base, else the repository's web pages; never
 * this machine's copy (DEFAULT_DOCS_BASE, which the editor's hovers keep, so they work offline).
 */
function webDocs(option: string | undefined): string | undefined {
  if (option !== undefined) return option;
  const { homepage } = project();
  return homepage ? webDocsBase(homepage) : undefined;
}

/**
 * A report on stdout as it grows: written in pieces of about 64 KB when stdout is a file or a pipe (a CI job's log, a
 * report file), not one write a file (issue 21: 2,648 files' JSON took 160 ms in write calls alone); line by line on
 * a terminal. Whatever is pending is written before any line on stderr, so the two keep their order.
 *
 * The pending piece is bytes, not strings: each text is encoded into one buffer outside V8's heap as it comes, and
 * dies young. Kept as strings until the piece was full, a long check's report outlived the young generation's
 * collections, which copied and promoted it (issue 21: a seventh of what a 20,000-file check's scavenges kept alive).
 */
class Stdout {
  private piece: Buffer | undefined;
  private used = 0;
  private readonly batch = !isTerminal(1);
  write(text: string): void {
    if (!text) return;
    if (!this.batch) {
      usedStreams = true;
      // a terminal gets Node's stream, which writes a Windows console in UTF-16 (raw UTF-8 bytes would garble
      // non-ASCII text there); a terminal never answers EPIPE
      process.stdout.write(text);
      return;
    }
    // room for the text however it encodes (up to 3 bytes a UTF-16 unit; a surrogate pair is 4 bytes for 2), else
    // its bytes counted: the piece is written first when they do not fit, and a text larger than a piece at once
    if (this.used + text.length * 3 > STDOUT_PIECE) {
      const bytes = Buffer.byteLength(text);
      if (this.used + bytes > STDOUT_PIECE) {
        this.flush();
        if (bytes > STDOUT_PIECE) {
          writeAll(1, Buffer.from(text));
          return;
        }
      }
    }
    this.piece ??= Buffer.allocUnsafeSlow(STDOUT_PIECE);
    this.used += this.piece.write(text, this.used);
  }
  flush(): void {
    if (!this.used) return;
    const bytes = this.piece!.subarray(0, this.used);
    this.used = 0;
    writeAll(1, bytes);
  }
}

const STDOUT_PIECE = 64 * 1024;

/** Output went through Node's stdout or stderr stream (a terminal), which may still be writing: see finish(). */
let usedStreams = false;
const stdout = new Stdout();

/**
 * All of `text` to stdout now, as check's report goes (a pipe whose reader went away is OutputClosed, exit 141): the
 * other commands' output, so `bulkhead rules | head -1` ends as quietly as `bulkhead check | head` does.
 */
function print(text: string): void {
  stdout.write(text);
  stdout.flush();
}

/**
 * The reader of stdout went away (`bulkhead check | head`): the run stops there, with no message and the status a
 * shell gives a program its SIGPIPE ended (128 + 13; Node ignores the signal, so the write fails with EPIPE instead).
 * Written with fs.writeSync so the failure is known at the write, not after every file is linted.
 */
class OutputClosed extends Error {}
const OUTPUT_CLOSED_EXIT = 141;

/**
 * The report could not be written for another reason (a full disk, a quota, an I/O error): said as what it is, with
 * exit code 2, not as an internal error.
 */
class OutputFailed extends Error {}

/**
 * All of `bytes` to a descriptor; a non-blocking pipe that is full is waited for; a pipe whose reader went away is
 * OutputClosed (exit 141); any other failure (a full disk, an I/O error, a descriptor closed with `>&-`) is
 * OutputFailed (said, exit 2).
 */
function writeAll(fd: number, bytes: Buffer): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += fs.writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // a pipe's reader gone: EPIPE; a socket's (Node's child_process gives a child socket pairs) that had not read
      // all it was sent: ECONNRESET
      if (code === 'EPIPE' || code === 'ECONNRESET') throw new OutputClosed();
      if (code !== 'EAGAIN')
        throw new OutputFailed(
          `cannot write to ${fd === 1 ? 'standard output' : 'standard error'}: ${describeFsError(e, 'write failed')}`,
        );
      // a pipe another part of Node made non-blocking, full: wait a moment for the reader
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

const stderrIsTerminal = lazy(() => isTerminal(2));

class Stderr {
  /** Set when a path, a file or a configuration could not be used, or a rule failed: exit code 2. */
  failed = false;
  line(message: string): void {
    stdout.flush();
    const line = `bulkhead: ${oneLine(message)}\n`;
    if (stderrIsTerminal()) {
      usedStreams = true;
      process.stderr.write(line);
      return;
    }
    // a file or a pipe: written now, as stdout is (Node's stream for it would load its stream modules first)
    try {
      writeAll(2, Buffer.from(line));
    } catch {
      // stderr is gone: there is no one left to tell
    }
  }
  error(message: string): void {
    this.failed = true;
    this.line(message);
  }
}

/** How a linted file is named in output: relative to the working folder. */
function displayName(file: string, cwd: string, paths = new FolderPaths(cwd)): { file: string; uri: string } {
  if (file === STDIN) return { file: STDIN_NAME, uri: encodeURIComponent(STDIN_NAME) };
  return { file: paths.relative(file), uri: paths.relativeUri(file) };
}

/**
 * What a file is linted as: a kind's own name (daemon.json, compose.yaml); a file named on the command line by its
 * extension (`*.json` a daemon.json, `*.yml`/`*.yaml` a Compose file); anything else a Dockerfile.
 */
function kindOf(target: Target, stdinFilename?: string): LintedKind {
  if (target.kind) return target.kind as LintedKind;
  if (target.file === STDIN && !stdinFilename) return kindOfNamedFile('', false);
  // a path's name, as the walk saw it (isLintedName): not a URI's, which ends at a `#` or `?` (`c#/compose.yaml` was
  // linted as a Dockerfile named `c`) and decodes `%` escapes
  const name = path.basename(target.file === STDIN ? stdinFilename! : target.file);
  return kindOfNamedFile(name, target.explicit || target.file === STDIN);
}

/**
 * A target's text, or null after one line on stderr saying why it was not read (unreadable; or skipped: binary, too
 * large), which `onSkip` also gets.
 */
function readOrSay(
  target: Target,
  kind: LintedKind,
  file: string,
  stderr: Say,
  onSkip?: (message: string) => void,
  readAhead?: Uint8Array,
): ReadInput | null {
  let input;
  try {
    input = readTarget(target, kind, readAhead);
  } catch (e) {
    stderr.error(`${file}: ${describePathError(target.file, e)}`);
    return null;
  }
  if ('skipped' in input) {
    stderr.line(`${file}: ${input.skipped}`);
    onSkip?.(input.skipped);
    return null;
  }
  return input;
}

/**
 * The file's text, or why it is not linted (binary, too large). Throws on I/O errors. `readAhead`: its bytes, read
 * ahead by a reader thread (cli/prefetch.ts).
 */
function readTarget(target: Target, kind: LintedKind, readAhead?: Uint8Array): ReadInput | { skipped: string } {
  const bytes =
    target.file === STDIN ? readBounded(0, MAX_LINT_BYTES) : (readAhead ?? readFileUpTo(target.file, MAX_LINT_BYTES));
  if (!bytes) return { skipped: tooLargeMessage(kind) };
  const text = decodeUtf8(bytes);
  const skipped = inspectInput(text, kind);
  return skipped ? { skipped } : { text, bom: startsWithBom(bytes), bytes };
}

/**
 * A file as read: its text (UTF-8 decoded, without the BOM), whether it starts with a BOM, and its bytes, valid only
 * until the next file is read (readFileUpTo's buffer): for writesBack, asked before the next read.
 */
interface ReadInput {
  text: string;
  bom: boolean;
  bytes: Uint8Array;
}

const BOM = '\uFEFF';

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Can the file be written back from its text (--fix) without changing a byte the fixes did not change: are its bytes
 * the text's UTF-8, with the BOM put back? Not when some were not UTF-8: decoding made each such sequence U+FFFD, and
 * writing the text back would put U+FFFD's bytes in their place. (Decoding replaces nothing else: a text without
 * U+FFFD came from valid UTF-8, whose encoding is unique.)
 */
function writesBack(input: ReadInput): boolean {
  if (!input.text.includes('\uFFFD')) return true;
  return Buffer.from((input.bom ? BOM : '') + input.text, 'utf8').equals(input.bytes);
}

/**
 * The text with each credential the findings point at (DiagnosticData.secret) masked in its place: exact where a search
 * for the value would miss it (`-pS3cret`: the value is glued to its option). Nothing of it is kept (maskSecret keeps a
 * long token's first characters, which name its kind; a password's would be part of it), and its line breaks stay
 * where they are (a value continued over several lines), so the diff's line numbers are the file's. The places are
 * taken in order, overlapping ones together.
 */
function maskPlaces(text: string, diagnostics: readonly Diagnostic[]): string {
  const places = diagnostics.map((d) => (d.data as DiagnosticData | undefined)?.secret).filter((r): r is Range => !!r);
  if (!places.length) return text;
  const lines = TextDocument.create('', '', 0, text);
  const spans = places
    .map((r) => [lines.offsetAt(r.start), lines.offsetAt(r.end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length;) {
    let [start, end] = spans[i++];
    while (i < spans.length && spans[i][0] <= end) end = Math.max(end, spans[i++][1]);
    if (start < at) start = at;
    out +=
      text.slice(at, start) +
      text.slice(start, end).replace(/[^\r\n]+/g, (part) => '*'.repeat(Math.min(12, Math.max(4, part.length))));
    at = end;
  }
  return out + text.slice(at);
}

/**
 * The credentials a linted text holds (Language.credentials; none for a kind that names none): for what a --fix-dry-run
 * diff masks. Within the lint's slice, so it must load nothing (eachWithinBudget).
 */
function credentialsOf(kind: LintedKind, result: unknown): string[] {
  const language = languageOf(kind) as { credentials?: (r: unknown) => string[] };
  return language.credentials?.(result) ?? [];
}

/**
 * An open descriptor's bytes (standard input, a --files-from file: a file, a pipe, a device), at most `limit`: null
 * when there is more (it is not read to the end, so an endless stream cannot hold the CLI or its memory).
 */
function readBounded(fd: number, limit: number): Buffer | null {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(64 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw e;
      // a non-blocking pipe with nothing yet: wait a moment for the writer
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) return null;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** A file's findings in the form every output format uses, each with its fingerprint in the linted text. */
function toFindings(
  diagnostics: readonly Diagnostic[],
  name: { file: string; uri: string },
  text: string,
  withPrints: boolean,
): Finding[] {
  const findings = diagnostics.map((d) => toFinding(d, name));
  if (withPrints) {
    const prints = fingerprints(findings, text);
    findings.forEach((f, i) => (f.fingerprint = prints[i]));
  }
  return findings;
}

/**
 * Does this run's output use the findings' fingerprints? SARIF and GitLab reports carry them, a baseline matches or
 * records them; text, JSON and the other formats do not, and a run that writes one of those does not take them (a
 * hash of each finding's line: issue 21's cold run spent 125 ms on them).
 */
function wantsFingerprints(command: CheckCommand): boolean {
  return command.format === 'sarif' || command.format === 'gitlab' || !!command.baseline || !!command.baselineWrite;
}

/**
 * Where (1-based) a diagnostic is, in the form every output format uses; its fingerprint is set after, when the run
 * wants it. One object literal of one shape: spreads of the name and the place made this the costliest line of a run
 * over many files (issue 21's profile: 170 ms for 37,750 findings).
 */
function toFinding(d: Diagnostic, name: { file: string; uri: string }): Finding {
  const at = locatedOf(d);
  const finding: Finding = {
    file: name.file,
    uri: name.uri,
    rule: at.rule,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    severity: severityName(d.severity),
    // plain text in every format (Markdown stays in the editor's hovers)
    message: plainMessage(typeof d.message === 'string' ? d.message : (d.message as { value: string }).value),
    fingerprint: '',
  };
  if (d.relatedInformation?.length)
    finding.related = d.relatedInformation.map((r) => ({
      line: r.location.range.start.line + 1,
      column: r.location.range.start.character + 1,
      endLine: r.location.range.end.line + 1,
      endColumn: r.location.range.end.character + 1,
      message: plainText(r.message),
    }));
  return finding;
}

/** A message in plain text (plainText), the answer kept: messages recur across a run's files (issue 21). */
const plainMessage = remembered(plainText);

function configProblemLine(p: ConfigProblem, cwd: string): string {
  return `${path.relative(cwd, p.path) || p.path}: ${p.message}`;
}

/** `--build-arg` values: they win over every configuration file's `buildArgs`. */
type BuildArgs = Readonly<Record<string, string>> | undefined;

interface ConfigSource {
  /** The configuration for a Dockerfile at this absolute path; a problem with a file found is said (once per run). */
  forFile(documentPath: string, say: Say): EffectiveConfig;
}

/** The paths to check: the command line's, then --files-from's (one a line; a line `-` is the file named "-"). */
function checkedPaths(command: CheckCommand, cwd: string): string[] {
  if (command.filesFrom === undefined) return command.paths;
  let text: string;
  try {
    // at most MAX_LIST_BYTES from a file as from standard input: `--files-from /dev/zero` is not read forever
    const bytes =
      command.filesFrom === '-' ? readBounded(0, MAX_LIST_BYTES) : readListFile(path.resolve(cwd, command.filesFrom));
    if (!bytes) throw new UsageError(`--files-from ${command.filesFrom}: the list is larger than 64 MB`);
    text = decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--files-from ${command.filesFrom}: ${describeFsError(e)}`);
  }
  const listed = text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => (line === STDIN ? `.${path.sep}${line}` : line));
  return [...command.paths, ...listed];
}

/** The longest --files-from list read (64 MB: over half a million paths). */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** A --files-from file's bytes, at most MAX_LIST_BYTES (null past that): a file, a pipe (`<(git ls-files)`), a device. */
function readListFile(file: string): Buffer | null {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    return readBounded(fd, MAX_LIST_BYTES);
  } finally {
    fs.closeSync(fd);
  }
}

/** --config: one .bulkhead.json for every file; any problem with it is a usage error. */
function explicitConfig(file: string, cwd: string, buildArgs: BuildArgs): ConfigSource {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) throw Object.assign(new Error(), { code: st.isDirectory() ? 'EISDIR' : 'EINVAL' });
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`--config ${file}: ${describeFsError(e)}`);
  }
  const { config, problems } = mergeConfig({ bulkheadJson: { path: abs, text }, buildArgs });
  if (problems.length) throw new UsageError(`--config ${file}: ${problems.map((p) => p.message).join('; ')}`);
  return { forFile: () => config };
}

/** Without --config: the files found beside each Dockerfile and up to the working folder (cached per folder). */
function discoveredConfig(cwd: string, buildArgs: BuildArgs, dirs: DirectoryCache): ConfigSource {
  const byFolder = new Map<string, { config: EffectiveConfig; problems: string[] }>();
  return {
    forFile(documentPath, say) {
      const folder = path.dirname(documentPath);
      let found = byFolder.get(folder);
      if (!found) {
        const merged = mergeConfig({ ...findConfigFiles(documentPath, cwd, dirs), buildArgs });
        found = { config: merged.config, problems: merged.problems.map((p) => configProblemLine(p, cwd)) };
        byFolder.set(folder, found);
      }
      // said for every file, printed once per run (the run may check files in several threads)
      for (const line of found.problems) say.error(line, { once: true });
      return found.config;
    },
  };
}

/** Where a file's lines for stderr go: a FileReport (printed in order by the run), or stderr itself. */
interface Say {
  line(message: string): void;
  error(message: string, options?: { once?: boolean }): void;
}

/**
 * Everything checking one file gave, in the order the sequential run printed it: the run prints these in the order of
 * the files, whichever thread checked them, so the output does not depend on how the work was shared. Plain data: it
 * crosses from a worker thread by structured clone.
 */
export interface FileReport {
  /** The file as the reports name it, and the path its configuration and the baseline know it by (stdin's stand-in). */
  file: string;
  path: string;
  /** Lines for stderr; `error` makes the exit code 2; `once` lines are printed once per run (configuration problems). */
  say: { message: string; error?: boolean; once?: boolean }[];
  findings: Finding[];
  notices: Notice[];
  linted: boolean;
  /** --fix-dry-run: the file's diff. */
  diff?: string;
  /** --fix / --fix-dry-run: problems fixed (or that would be). */
  fixed: number;
  /** --fix: the file was written. */
  written: boolean;
}

/** A file's empty report, and how to say things into it. */
function newReport(file: string, documentPath: string): { report: FileReport; say: Say } {
  const report: FileReport = {
    file,
    path: documentPath,
    say: [],
    findings: [],
    notices: [],
    linted: false,
    fixed: 0,
    written: false,
  };
  const say: Say = {
    line(message) {
      report.say.push({ message });
    },
    error(message, options) {
      report.say.push({ message, error: true, ...(options?.once ? { once: true } : {}) });
    },
  };
  return { report, say };
}

/** What checking a file needs besides the file: the same in every thread. */
interface CheckSetup {
  command: CheckCommand;
  cwd: string;
  configs: ConfigSource;
  dirs: DirectoryCache;
  /** The files' names relative to the working folder and their URLs, worked out once per folder. */
  paths: FolderPaths;
  today: Date;
  /** Watchdogs started on this thread (BULKHEAD_STATS). */
  watchdogs: number;
}

type CheckCommand = Extract<Command, { command: 'check' }>;

function checkSetup(command: CheckCommand, cwd: string, today: Date): CheckSetup {
  // one listing per folder for the whole run: .dockerignore, .bulkhead.json and .hadolint.yaml are looked up in it
  const dirs = new DirectoryCache();
  const configs = command.config
    ? explicitConfig(command.config, cwd, command.buildArgs)
    : discoveredConfig(cwd, command.buildArgs, dirs);
  return { command, cwd, configs, dirs, paths: new FolderPaths(cwd), today, watchdogs: 0 };
}

/** A file read and set up for its lint, or the report that says why it is not linted. */
type Prepared = {
  target: Target;
  /** How the output names the file (displayName). */
  name: { file: string; uri: string };
  report: FileReport;
  say: Say;
  lint?: () => LintOutcome;
  size?: number;
};
type LintOutcome = {
  result: LintResultOf;
  /** The text the result is of (the fixed text after --fix): the findings' fingerprints are taken in it. */
  text: string;
  /**
   * The fixed text, the findings before the fixes, and the text as read (for the diff), both texts without the file's
   * BOM (`bom`: it has one, which is written back and shown in the diff).
   */
  fixed: {
    text: string;
    before: readonly Diagnostic[];
    original: string;
    bom: boolean;
    /**
     * For --fix-dry-run's diff: both texts with the credentials the rules found masked where they are written, and
     * those credentials, masked wherever else they appear (Language.credentials).
     */
    shown: string;
    fixedShown: string;
    credentials: string[];
  } | null;
  /** The findings of `result.diagnostics`, made as soon as the lint returned (settled): the diagnostics are then gone. */
  findings?: Finding[];
  /** --fix found fixes to make, but the file is not valid UTF-8: it is not fixed (writesBack). */
  notUtf8?: true;
};
/**
 * What a file's lint leaves for its report: its diagnostics and failures, not its model. A slice of files' outcomes
 * waits for the slice to end (eachWithinBudget), and a model kept that long outlives the young generation: with it
 * every scavenge copied and promoted ~15% of what the lint allocated (issue 21's GC profile); without, files' models
 * die young.
 */
type LintResultOf = Pick<ReturnType<typeof lintDocument>['result'], 'diagnostics' | 'failures'>;
const reported = ({ diagnostics, failures }: LintResultOf): LintResultOf => ({ diagnostics, failures });

function prepareFile(target: Target, setup: CheckSetup, readAhead?: Uint8Array): Prepared {
  const { command, cwd } = setup;
  const name = displayName(target.file, cwd, setup.paths);
  // standard input stands for a file in the working folder (a Dockerfile unless --stdin-filename says otherwise):
  // that file's configuration and .dockerignore apply
  const documentPath = target.file === STDIN ? path.resolve(cwd, command.stdinFilename ?? 'Dockerfile') : target.file;
  const { report, say } = newReport(name.file, documentPath);
  const kind = kindOf(target, command.stdinFilename);
  const input = readOrSay(
    target,
    kind,
    name.file,
    say,
    (message) => report.notices.push({ ...name, level: 'note', message }),
    readAhead,
  );
  if (!input) return { target, name, report, say };
  const { text, bom } = input;
  // --fix writes the file back (or, --fix-dry-run, shows how): only when that changes no byte but the fixes' (asked
  // now: its bytes are valid only until the next file is read)
  const exact = !command.fix || writesBack(input);
  // before the lint's deadline starts (eachWithinBudget), not under it
  languageOf(kind).preload?.();
  const config = setup.configs.forFile(documentPath, say);
  const uri = setup.paths.url(documentPath);
  const lintSetup = {
    config,
    env: {
      ...dockerfileEnv(documentPath, setup.today, setup.dirs, target.context),
      // a Compose file a devcontainer.json names: the service the dev container attaches to
      ...(target.service ? { attachedService: target.service } : {}),
    },
    daemon: { engineVersion: command.engineVersion, platform: command.platform },
  };
  // the safe fixes are found and the fixed text linted again within the file's deadline too; no format prints a fix,
  // so a lint whose fixes will not be applied leaves them out (LintOptions.fixes)
  const lint = (): LintOutcome => {
    const first = lintDocument(kind, text, uri, lintSetup, { docsBase: DEFAULT_DOCS_BASE, fixes: !!command.fix });
    const edits = command.fix ? first.fixAll() : [];
    if (!edits.length) return { result: reported(first.result), text, fixed: null };
    // fixes to make, in a file that cannot be written back: reported as it is, and said (finishFile)
    if (!exact) return { result: reported(first.result), text, fixed: null, notUtf8: true };
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, kind, 0, text), edits);
    const after = lintDocument(kind, fixed, uri, lintSetup, { docsBase: DEFAULT_DOCS_BASE, fixes: false }).result;
    // what --fix-dry-run's diff shows of the texts: the credentials the rules found masked where they are written
    // (Report.secret: a password `nagios` leaves /opt/nagios alone), and those a language knows by value wherever they
    // appear (Language.credentials: daemon.json's)
    const diff = command.fix === 'diff';
    return {
      result: reported(after),
      text: fixed,
      fixed: {
        text: fixed,
        before: first.result.diagnostics,
        original: text,
        bom,
        shown: diff ? maskPlaces(text, first.result.diagnostics) : text,
        fixedShown: diff ? maskPlaces(fixed, after.diagnostics) : fixed,
        credentials: diff ? [...credentialsOf(kind, first.result), ...credentialsOf(kind, after)] : [],
      },
    };
  };
  return { target, name, report, say, lint, size: text.length };
}

/**
 * A lint's outcome as its report will need it, made within the watchdog's slice as soon as the lint returned
 * (eachWithinBudget's `settle`): its findings, not its diagnostics. A slice's outcomes wait for the slice to end (up to
 * PREPARED_AT_ONCE files), and the ~6 objects of each diagnostic, kept that long, outlived the young generation: V8 then
 * allocated them in the old generation from the start (allocation-site pretenuring) and promoted what they point to.
 * Issue 21, the generated tree, one thread: promoted 139-142 → 75-84 MB and full collections 11 → 6 at 20,000 files,
 * 346 → 190 MB and 21 → 12 at 50,000; whole runs 0.92 of the time at 20,000 files (median of 8 interleaved rounds),
 * 0.99 at 50,000 (6), the corpus level (8). Pure, as `settle` must be (stopped half-way, the outcome stays as it was):
 * the report is not touched here, and node:crypto, which the fingerprints need, is loaded before the slices
 * (checkFiles). An outcome with fixes stays as it is (finishFile writes or diffs them).
 */
function settled(p: Prepared, outcome: LintOutcome, command: CheckCommand): LintOutcome {
  if (outcome.fixed || outcome.findings) return outcome;
  const { diagnostics, failures } = outcome.result;
  const findings = toFindings(diagnostics, p.name, outcome.text, wantsFingerprints(command));
  return { result: { diagnostics: [], failures }, text: outcome.text, fixed: null, findings, notUtf8: outcome.notUtf8 };
}

function finishFile(
  { target, name, report, say }: Prepared,
  outcome: Budgeted<LintOutcome> | { done: 'error'; error: unknown },
  setup: CheckSetup,
): FileReport {
  const { command } = setup;
  const budget = command.fileTimeoutMs ?? CLI_LINT_BUDGET_MS;
  if (outcome.done === 'error') {
    const message = `internal error: the file could not be linted (${describeError(outcome.error)}). Please report this.`;
    say.error(`${name.file}: ${message}`);
    report.notices.push({ ...name, level: 'error', message });
    return report;
  }
  if (!outcome.done) {
    // one file over its deadline never stops the run: it is named, the result is incomplete (exit 2), the rest go on
    const message = stoppedMessage(outcome.step, budget);
    say.error(`${name.file}: ${message}`);
    report.notices.push({ ...name, level: 'error', message });
    return report;
  }
  try {
    const { result, fixed, text, findings, notUtf8 } = outcome.value;
    if (notUtf8)
      say.line(`${name.file}: not valid UTF-8; not fixed (writing it back would replace the bytes that are not)`);
    if (fixed && command.fix === 'diff') {
      // the diff shows the file's own lines: the credentials the rules found are masked in both texts before they are
      // compared (where they are written, line by line, and those the language knows by value wherever they appear),
      // then every credential shape (maskSecretsIn), and the user is told that such a diff no longer applies as it is.
      // A value masks nothing on the header lines (the files' names). The BOM is on both sides: the diff's first line
      // is the file's own (git apply compares it byte for byte)
      const bom = fixed.bom ? BOM : '';
      const diff = unifiedDiff(bom + fixed.original, bom + fixed.text, `a/${name.file}`, `b/${name.file}`);
      const mask = maskValues(fixed.credentials);
      const masked = maskSecretsIn(
        unifiedDiff(mask(bom + fixed.shown), mask(bom + fixed.fixedShown), `a/${name.file}`, `b/${name.file}`),
      );
      if (masked !== diff)
        say.line(
          `${name.file}: a line of the diff holds a credential and is shown masked, so this diff does not apply as printed; use --fix`,
        );
      report.diff = masked;
      report.fixed = fixedProblems(fixed.before, result.diagnostics).total;
      report.linted = true;
      return report;
    }
    if (fixed && command.fix === 'write') {
      // written only over the bytes it was made from: a file changed since it was read (a second name of it, a hard
      // link, fixed before it in this run; another program) would lose those changes
      const read = Buffer.from((fixed.bom ? BOM : '') + fixed.original, 'utf8');
      if (!stillAsRead(target.file, read)) {
        say.error(
          `${name.file}: changed since it was read (another name of the same file fixed before it?); not fixed`,
        );
        return report;
      }
      if (!writeFixed(target.file, (fixed.bom ? BOM : '') + fixed.text, name.file, say)) return report;
    }
    if (fixed) {
      const { total, byRule } = fixedProblems(fixed.before, result.diagnostics);
      report.fixed = total;
      report.written = true;
      say.line(`${name.file}: fixed ${plural(total, 'problem')}${byRule ? ` (${byRule})` : ''}`);
    }
    for (const f of result.failures) {
      const message = `internal error: rule ${f.rule} failed on this file (${describeError(f.error)}); its findings are missing. Please report this.`;
      say.error(`${name.file}: ${message}`);
      report.notices.push({ ...name, level: 'error', message });
    }
    report.findings.push(...(findings ?? toFindings(result.diagnostics, name, text, wantsFingerprints(command))));
    report.linted = true;
  } catch (e) {
    const message = `internal error: the file could not be linted (${describeError(e)}). Please report this.`;
    say.error(`${name.file}: ${message}`);
    report.notices.push({ ...name, level: 'error', message });
  }
  return report;
}

/**
 * Check some files in this thread, in order: each file read, then linted under its deadline (one watchdog per slice
 * of files: eachWithinBudget), then reported. `onReport` gets each file's report in order. `ahead`: a reader thread
 * reading `targets` ahead (cli/prefetch.ts); a file it has not read is read here.
 */
function checkFiles(
  targets: readonly Target[],
  setup: CheckSetup,
  onReport: (report: FileReport) => void,
  ahead?: ReadAhead,
): void {
  const budget = setup.command.fileTimeoutMs ?? CLI_LINT_BUDGET_MS;
  // settled() makes the fingerprints within the watchdog's slices: node:crypto is loaded before the first
  if (wantsFingerprints(setup.command)) loadFingerprints();
  // a few files at a time: read, linted, reported and dropped, so memory does not grow with the number of files
  for (let at = 0; at < targets.length;) {
    const prepared: Prepared[] = [];
    let size = 0;
    while (at < targets.length && prepared.length < PREPARED_AT_ONCE && size < PREPARED_SIZE) {
      const p = prepareFile(targets[at], setup, ahead?.take(at));
      at++;
      prepared.push(p);
      size += p.size ?? 0;
    }
    const linted = prepared.filter((p) => p.lint);
    let next = 0;
    setup.watchdogs += eachWithinBudget(
      linted,
      (p) => p.lint!(),
      budget,
      (p, outcome) => {
        // the files not linted (skipped, unreadable) before this one keep their place
        while (prepared[next] !== p) onReport(prepared[next++].report);
        next++;
        onReport(finishFile(p, outcome, setup));
      },
      undefined,
      (p, outcome) => settled(p, outcome, setup.command),
    );
    while (next < prepared.length) onReport(prepared[next++].report);
  }
}

/**
 * Files read ahead of their lint in one thread: up to this many, and text up to PREPARED_SIZE characters. A batch is
 * one call of eachWithinBudget, so one watchdog thread at least: 16 files a batch started 305 watchdogs over the 2,648
 * corpus Dockerfiles, 0.6 ms of wall time each (issue 21); 64 a batch started 180 over 10,000 small files, 256 start
 * 108 (a watchdog is still started every BUDGET_SLICE_MS of lint, so each file keeps its deadline).
 */
const PREPARED_AT_ONCE = 256;
const PREPARED_SIZE = 4 * 1024 * 1024;

/** The run's output, written as each file's report arrives (in order): memory stays flat with the number of files. */
class CheckOutput {
  private readonly once = new Set<string>();
  /** The files with findings, for the summary. */
  private readonly withFindings = new Set<string>();
  private readonly bySeverity = new Map<Severity, number>();
  private total = 0;
  private failing = false;
  /**
   * Most formats are written file by file (report.ts streamedReport). JUnit's counts come first: its test suites are put
   * aside as text (a Spool: in a temporary file once they are large) and written after the counts at the end; a name
   * two reports share (standard input's `<stdin>` beside a file so named) gets a suite each. SARIF's results come
   * last in its document, after the files' notices: they are put aside as text the same way, the notices kept.
   */
  private readonly stream: ReportStream | undefined;
  private readonly junit: { suites: Spool; tests: number; failures: number; clean: string[] } | undefined;
  private readonly sarif: { results: Spool; count: number; noticeRule: boolean; notices: Notice[] } | undefined;
  /** --baseline: the findings it held (left out of the report), and the recorded ones no longer found. */
  private readonly baseline: Baseline | undefined;
  /** Files named as the baseline file names them (baselinePath), worked out once per folder. */
  private readonly baselinePaths: FolderPaths;
  private baselined = 0;
  private baselineGone = 0;
  /** --baseline-write: every finding, as the baseline file records it. */
  private readonly recorded: BaselineEntry[] = [];
  fixedCount = 0;
  fixedFiles = 0;
  diffs = 0;
  linted = 0;
  files = 0;

  constructor(
    private readonly command: CheckCommand,
    private readonly stderr: Stderr,
    private readonly write: (text: string) => void,
    cwd: string,
  ) {
    // by the format alone: --fix reports what it left in the format asked for (--fix-dry-run prints diffs: add())
    this.stream = streamedReport(command.format);
    this.junit =
      command.format === 'junit'
        ? { suites: new Spool(() => os().tmpdir()), tests: 0, failures: 0, clean: [] }
        : undefined;
    this.sarif =
      command.format === 'sarif'
        ? { results: new Spool(() => os().tmpdir()), count: 0, noticeRule: false, notices: [] }
        : undefined;
    this.baseline = command.baseline ? readBaseline(command.baseline, cwd) : undefined;
    this.baselinePaths = new FolderPaths(
      path.dirname(path.resolve(cwd, command.baseline ?? command.baselineWrite ?? '.')),
    );
  }

  add(report: FileReport): void {
    this.files++;
    for (const s of report.say) {
      if (s.once) {
        if (this.once.has(s.message)) continue;
        this.once.add(s.message);
      }
      if (s.error) this.stderr.error(s.message);
      else this.stderr.line(s.message);
    }
    if (report.linted) this.linted++;
    this.fixedCount += report.fixed;
    if (report.written) this.fixedFiles++;
    if (report.diff !== undefined) {
      this.diffs++;
      this.write(report.diff);
      return;
    }
    let findings = report.findings;
    if (report.linted) {
      // baselinePath(the baseline's folder, report.path)
      const inBaseline = this.baselinePaths.relativeSlashed(report.path);
      if (this.command.baselineWrite) {
        // recorded, not reported
        this.recorded.push(...findings.map((f) => ({ file: inBaseline, rule: f.rule, fingerprint: f.fingerprint })));
        findings = [];
      } else if (this.baseline) {
        const match = matchBaseline(this.baseline, inBaseline, findings);
        this.baselined += match.baselined.filter(Boolean).length;
        this.baselineGone += match.gone;
        findings = findings.filter((_, i) => !match.baselined[i]);
      }
    }
    for (const f of findings) {
      this.total++;
      this.bySeverity.set(f.severity, (this.bySeverity.get(f.severity) ?? 0) + 1);
      this.withFindings.add(f.file);
      if (atOrAbove(f.severity, this.command.failOn)) this.failing = true;
    }
    if (this.command.fix === 'diff' || this.command.baselineWrite) return;
    if (this.junit) {
      // formatJunit's document: the files with findings in order, then those checked without any
      if (!findings.length) {
        if (report.linted) this.junit.clean.push(report.file);
        return;
      }
      for (const [file, list] of findingsByFile(findings)) {
        this.junit.suites.add(junitSuite(file, list));
        this.junit.tests += list.length;
        this.junit.failures += list.length;
      }
    } else if (this.sarif) {
      const baseline = { baseline: this.baseline !== undefined };
      for (const f of findings) {
        this.sarif.results.add((this.sarif.count++ ? ',\n' : '') + sarifResult(f, baseline));
        if (f.rule === NOTICE_RULE) this.sarif.noticeRule = true;
      }
      this.sarif.notices.push(...report.notices);
    } else if (findings.length) this.write(this.stream!.add(findings));
  }

  /** For BULKHEAD_STATS: the bytes of JUnit's test suites or SARIF's results that went to a temporary file. */
  spoolStats(): { spilled?: number } {
    const spool = this.junit?.suites ?? this.sarif?.results;
    return spool ? { spilled: spool.spilled } : {};
  }

  /** The end of the output and the summary on stderr; the exit code. */
  end(cwd: string): number {
    const { command, stderr } = this;
    if (command.fix === 'diff') {
      const what = this.diffs
        ? `${plural(this.diffs, 'file')} would be fixed (${plural(this.fixedCount, 'problem')})`
        : 'nothing to fix';
      stderr.line(`${what}; ${plural(this.linted, 'file')} checked` + (stderr.failed ? '; errors reported above' : ''));
      if (stderr.failed) return 2;
      return this.diffs ? 1 : 0;
    }
    if (command.baselineWrite) return writeBaseline(command.baselineWrite, this.recorded, this.linted, cwd, stderr);
    if (this.junit) {
      const { suites, tests, failures, clean } = this.junit;
      this.write(junitHead(tests + clean.length, failures));
      suites.drain((text) => this.write(text));
      for (const file of clean) this.write(junitSuite(file, []));
      this.write(JUNIT_TAIL);
    } else if (this.sarif) {
      // formatSarif's document, its results put aside as they came
      const { results, count, noticeRule, notices } = this.sarif;
      const { head, tail } = sarifDocument(noticeRule, notices, {
        version: project().version,
        docsBase: webDocs(command.docsBase),
        informationUri: project().homepage,
        rootUri: pathToFileURL(cwd).toString().replace(/\/?$/, '/'),
        executionSuccessful: !stderr.failed,
        baseline: this.baseline !== undefined,
      });
      this.write(head + (count ? SARIF_RESULTS_OPEN : '[]'));
      results.drain((text) => this.write(text));
      this.write((count ? SARIF_RESULTS_CLOSE : '') + tail);
    } else {
      const rest = this.stream!.end();
      if (rest) this.write(rest);
    }
    const fixedNote = !command.fix
      ? ''
      : this.fixedFiles
        ? `; fixed ${plural(this.fixedCount, 'problem')} in ${plural(this.fixedFiles, 'file')}`
        : '; nothing to fix';
    const baselineNote = !this.baseline
      ? ''
      : `; ${this.baselined} baselined` +
        (this.baselineGone
          ? `, ${this.baselineGone} baselined gone (fixed; --baseline-write records the baseline again)`
          : '');
    stderr.line(
      summary(
        { total: this.total, bySeverity: this.bySeverity, files: this.withFindings.size },
        this.linted,
        this.files - this.linted,
      ) +
        baselineNote +
        fixedNote +
        (stderr.failed ? '; errors reported above' : ''),
    );
    if (stderr.failed) return 2;
    return this.failing ? 1 : 0;
  }
}

/** Fewer files than this are checked on this thread alone: starting a worker (loading this bundle) costs more. */
const MIN_FILES_FOR_WORKERS = 2 * MIN_FILES_PER_JOB;

/**
 * Threads that check files: --jobs; else, with three CPUs or more, one per CPU (this thread and a worker per other
 * CPU); one for a few files or standard input. On two CPUs the default is one thread: measured there (issue 21), each
 * thread warms up its own copy of the engine, and the one thread already keeps both CPUs busy (V8 compiles on the
 * other). The 2,648 corpus Dockerfiles took 1.5x the time with a second thread (6 paired rounds; 1.7x the CPU); 50,000
 * files 0.83-0.90 of it (the medians of three sets of paired rounds, 10 in all) for 1.2-1.3x the CPU and 271-292 MB at
 * the peak (issue 21's bound is 300), against ~220 MB for one thread's parent and child. --jobs 2 asks for it.
 */
function threadsFor(command: CheckCommand, targets: readonly Target[]): number {
  if (targets.some((t) => t.file === STDIN)) return 1;
  // the worker threads run this bundle: not when this file is not the bundle (the sources, run by a test's loader)
  if (!__filename.endsWith('.js')) return 1;
  // a few files: one thread, without asking (node:os is not loaded for a one-file check)
  if (command.jobs === undefined && targets.length < MIN_FILES_FOR_WORKERS) return 1;
  // --fix writes files: on one thread, in file order, each only over the bytes it was read as (finishFile), so that two
  // names of one file (hard links) are fixed one after the other, the same way on every run, not both from one read
  if (command.fix === 'write') return 1;
  const wanted = command.jobs ?? cpuCount();
  if (command.jobs === undefined && wanted < 3) return 1;
  return Math.max(1, Math.min(wanted, Math.ceil(targets.length / MIN_FILES_PER_JOB)));
}

function cpuCount(): number {
  return os().availableParallelism?.() ?? os().cpus().length;
}

/** The file a worker thread runs: the `bulkhead` entry beside this bundle (it uses the code cache), else this bundle. */
function workerEntry(): string {
  const entry = path.join(__dirname, 'cli.js');
  return entry !== __filename && fs.existsSync(entry) ? entry : __filename;
}

/** What a worker thread is started with: enough to build the same CheckSetup. */
interface CheckWorkerData {
  bulkheadCheck: { command: CheckCommand; cwd: string; today: number };
}

/**
 * This thread and `workers` worker threads (this same bundle) share the files, filesPerJob at a time; the reports
 * come back in file order (runOrdered), so the output is byte for byte the one-thread run's.
 */
async function checkInParallel(
  targets: readonly Target[],
  workers: number,
  data: CheckWorkerData['bulkheadCheck'],
  setup: CheckSetup,
  onReport: (report: FileReport) => void,
): Promise<PoolCounts> {
  const size = filesPerJob(targets.length, workers + 1);
  const jobs: Target[][] = [];
  for (let at = 0; at < targets.length; at += size) jobs.push(targets.slice(at, at + size));
  return runOrdered<Target[], FileReport[]>({
    jobs,
    workers,
    maxAhead: maxAheadFor(size, workers),
    start: () =>
      new (workerThreads().Worker)(workerEntry(), {
        argv: [CHECK_WORKER_ARG],
        workerData: { bulkheadCheck: data } satisfies CheckWorkerData,
      }),
    local: (job) => {
      const reports: FileReport[] = [];
      checkFiles(job, setup, (r) => reports.push(r));
      return reports;
    },
    deliver: (reports) => reports.forEach(onReport),
  });
}

/** A worker thread: checks the jobs it is sent and answers each with its files' reports. */
function checkWorker(data: CheckWorkerData['bulkheadCheck']): void {
  let setup: CheckSetup | undefined;
  const { parentPort } = workerThreads();
  parentPort?.on('message', ({ id, job }: { id: number; job: Target[] }) => {
    try {
      setup ??= checkSetup(data.command, data.cwd, new Date(data.today));
      const reports: FileReport[] = [];
      checkFiles(job, setup, (r) => reports.push(r));
      parentPort?.postMessage({ id, result: reports });
    } catch (e) {
      // the main thread runs the job itself
      parentPort?.postMessage({ id, error: describeError(e) });
    }
  });
}

function check(command: CheckCommand, cwd: string, stderr: Stderr): number | Promise<number> {
  const today = new Date();
  // --config is read before --files-from's list: its problem is the one said when both have one
  const setup = checkSetup(command, cwd, today);
  const paths = checkedPaths(command, cwd);
  const seed = folderListings(setup.dirs);
  const walk = () => collectTargets(paths, cwd, undefined, seed);
  // a long check on one thread on a machine with few CPUs runs in a child (cli/childProcess.ts): the walk stops as soon
  // as it has found enough files to say so, and the child walks the folders itself (this process stays small)
  const mayHandOff =
    (command.jobs === undefined || command.jobs === 1) &&
    !paths.includes(STDIN) &&
    childPoolSize({ ...childQuestion(), files: REEXEC_MIN_FILES, threads: 1, cpus: 1 }) !== undefined;
  if (!mayHandOff) return checkPaths(setup, paths, walk(), stderr);
  const first = collectTargets(paths, cwd, undefined, { ...seed, stopAfter: REEXEC_MIN_FILES });
  // fewer files: that walk was the whole walk
  if (!first.stopped) return checkPaths(setup, paths, first, stderr);
  const pool = childPoolSize({
    ...childQuestion(),
    files: first.targets.length,
    threads: threadsFor(command, first.targets),
    cpus: cpuCount(),
  });
  if (pool === undefined) return checkPaths(setup, paths, walk(), stderr);
  return checkInChild(workerEntry(), { command, cwd, today: today.getTime(), paths, platformThreads: pool }).then(
    // the child could not be started: nothing was printed, the check runs here
    (code) => code ?? checkPaths(setup, paths, walk(), stderr),
  );
}

/**
 * One listing per folder for the walk and the run: the folders the walk lists are kept for the .dockerignore and
 * configuration look-ups, and a named file its folder's listing shows as a regular file needs no lstat (the run lists
 * that folder anyway, for those look-ups).
 */
function folderListings(dirs: DirectoryCache): CollectOptions {
  return {
    onListing: (dir, names) => dirs.seed(dir, names),
    isListedFile: (dir, name) => dirs.isListedFile(dir, name),
  };
}

/** What childPoolSize asks of this process (the files, threads and CPUs are the caller's). */
function childQuestion(): PoolQuestion {
  const versions = process.versions as Record<string, string | undefined>;
  return {
    files: 0,
    threads: 1,
    cpus: 1,
    platform: process.platform,
    execArgv: process.execArgv,
    nodeOptions: process.env.NODE_OPTIONS ?? '',
    // runtimes that run Node programs but may not take Node's options
    plainNode: process.release?.name === 'node' && !versions.electron && !versions.bun && !versions.deno,
    // the built CLI: not its sources, run by a test's loader
    hasEntry: __filename.endsWith('.js') && workerEntry() !== __filename,
  };
}

/** The child's side of a long check (cli/childProcess.ts): the paths the parent was given, walked here, one thread. */
function checkChild(parentArg: string | undefined, stderr: Stderr): number | Promise<number> {
  const data = readChildCheck<CheckCommand>(
    (c): c is CheckCommand => !!c && typeof c === 'object' && (c as { command?: unknown }).command === 'check',
    parentArg,
  );
  // a parent gone before or while it sent the check, or before this child read it (SIGKILL at once): nobody waits for
  // the check (see checkTargets)
  if (!data || parentEnded(data.parent)) process.exit(OUTPUT_CLOSED_EXIT);
  const setup = checkSetup(data.command, data.cwd, new Date(data.today));
  const collected = collectTargets(data.paths, data.cwd, undefined, folderListings(setup.dirs));
  return checkPaths(setup, data.paths, collected, stderr, data);
}

/** A long check's child (cli/childProcess.ts): its V8 pool (for BULKHEAD_STATS) and its parent's process id. */
type ChildRun = Pick<ChildCheck<CheckCommand>, 'platformThreads' | 'parent'>;

/** Check the files a walk found; `child`: this is a long check's child, on one thread. */
function checkPaths(
  setup: CheckSetup,
  paths: readonly string[],
  { targets, problems }: { targets: Target[]; problems: string[] },
  stderr: Stderr,
  child?: ChildRun,
): number | Promise<number> {
  for (const p of problems) stderr.error(p);
  if (!targets.length && !problems.length)
    stderr.line(
      `no Dockerfiles, daemon.json, Compose or devcontainer.json files found in ${paths.join(', ') || 'the --files-from list'}`,
    );
  const threads = child ? 1 : threadsFor(setup.command, targets);
  return checkTargets(setup, targets, threads, stderr, child);
}

/** Check the files and print the report: on `threads` threads (this one and workers). */
function checkTargets(
  setup: CheckSetup,
  targets: readonly Target[],
  threads: number,
  stderr: Stderr,
  child?: ChildRun,
): number | Promise<number> {
  const { command, cwd } = setup;
  const output = new CheckOutput(command, stderr, (text) => stdout.write(text), cwd);
  // on this thread alone (a worker thread started under other flags would reject the code cache); V8's defaults are
  // back before the process exits (the code cache written then carries V8's flags)
  const restoreOptimizer = threads === 1 ? tuneOptimizer(targets.length) : () => undefined;
  // BULKHEAD_STATS=1: the work this thread did, on stderr after the summary (the tests count work, never time); a
  // long check's child adds the V8 options it runs under
  const stats = (pool?: PoolCounts, ahead?: ReadAhead) => {
    if (process.env.BULKHEAD_STATS === '1')
      stderr.line(
        `stats ${JSON.stringify({ threads, ...(child ? { platformThreads: child.platformThreads, v8Options: process.execArgv } : {}), ...setup.dirs.counts, watchdogs: setup.watchdogs, pool, readAhead: ahead?.counts, ...output.spoolStats() })}`,
      );
  };
  if (threads > 1)
    return checkInParallel(targets, threads - 1, { command, cwd, today: setup.today.getTime() }, setup, (report) =>
      output.add(report),
    )
      .then((pool) => {
        const code = output.end(cwd);
        stdout.flush();
        stats(pool);
        return code;
      })
      .finally(restoreOptimizer);
  // a long check reads its files on a reader thread (its own heap and Node's set-up for a thread: ~27 MB more at the
  // peak of a 50,000-file check, 147 against 120 MB)
  const ahead = readsAhead({ files: targets.length, cpus: cpuCount, fix: command.fix })
    ? readAhead(
        targets.map((t) => (t.file === STDIN ? null : t.file)),
        MAX_LINT_BYTES,
        workerThreads(),
      )
    : undefined;
  let reports = 0;
  try {
    checkFiles(
      targets,
      setup,
      (report) => {
        // a long check's child whose parent was ended by a signal it could not pass on: nobody waits for the rest (the
        // one process would have ended there); the status is SIGPIPE's, as for a reader gone. Asked every few files:
        // each time is a system call (getppid), ~1.4 µs here, once per file of a 50,000-file check
        if (child && reports++ % PARENT_CHECK_EVERY === 0 && parentEnded(child.parent))
          process.exit(OUTPUT_CLOSED_EXIT);
        output.add(report);
      },
      ahead,
    );
    const code = output.end(cwd);
    stdout.flush();
    stats(undefined, ahead);
    return code;
  } finally {
    ahead?.close();
    restoreOptimizer();
  }
}

/** A long check's child asks whether its parent is still there before every this many files' reports. */
const PARENT_CHECK_EVERY = 8;

/** --baseline: the baseline file, or a usage error (exit 2) saying why it cannot be used. */
function readBaseline(file: string, cwd: string): Baseline {
  const read = readBaselineFile(path.resolve(cwd, file));
  if ('problem' in read)
    throw new UsageError(
      `--baseline ${file}: ${read.problem}` + (read.missing ? '; write one with --baseline-write' : ''),
    );
  return read.baseline;
}

/** --baseline-write: the baseline file, written whole; the summary on stderr. */
function writeBaseline(
  file: string,
  entries: readonly BaselineEntry[],
  linted: number,
  cwd: string,
  stderr: Stderr,
): number {
  try {
    fs.writeFileSync(path.resolve(cwd, file), formatBaseline(entries));
  } catch (e) {
    stderr.line(`--baseline-write ${file}: cannot write (${describeFsError(e)})`);
    return 2;
  }
  const files = new Set(entries.map((e) => e.file)).size;
  stderr.line(
    `wrote ${file}: ${plural(entries.length, 'finding')} in ${plural(files, 'file')} (${plural(linted, 'file')} checked)` +
      (stderr.failed ? '; errors reported above: the findings of those files are not in it' : ''),
  );
  return stderr.failed ? 2 : 0;
}

/** Does the file still hold `read`, byte for byte (false when it cannot be read again)? */
function stillAsRead(file: string, read: Buffer): boolean {
  try {
    const now = readFileUpTo(file, MAX_LINT_BYTES);
    return now !== null && read.equals(now);
  } catch {
    return false;
  }
}

/**
 * Write a file's fixed text in place (its mode and links kept: the file is rewritten, not replaced). False, with the
 * error said, when it cannot be written: the file's findings are then left out, as for a file that cannot be read.
 */
function writeFixed(file: string, text: string, shown: string, stderr: Say): boolean {
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch (e) {
    stderr.error(`${shown}: cannot write the fixes: ${describeFsError(e)}`);
    return false;
  }
}

/** The findings the fixes removed, by rule: `add-instead-of-copy ×2, package-cache-kept`. */
function fixedProblems(before: readonly Diagnostic[], after: readonly Diagnostic[]): { total: number; byRule: string } {
  const count = (list: readonly Diagnostic[]) => {
    const m = new Map<string, number>();
    for (const d of list) if (d.code !== undefined) m.set(String(d.code), (m.get(String(d.code)) ?? 0) + 1);
    return m;
  };
  const left = count(after);
  const gone: [string, number][] = [];
  for (const [rule, n] of count(before)) {
    const fewer = n - (left.get(rule) ?? 0);
    if (fewer > 0) gone.push([rule, fewer]);
  }
  return {
    total: gone.reduce((sum, [, n]) => sum + n, 0),
    byRule: gone.map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule)).join(', '),
  };
}

/**
 * A Dockerfile's environment: its build context's .dockerignore and files (the context a devcontainer.json names for
 * it, else its folder), today's date.
 */
function dockerfileEnv(documentPath: string, today: Date, dirs: DirectoryCache, context?: string) {
  const ignore = readDockerignore(documentPath, context, dirs);
  return {
    // there but not read: unknown, so rules that need it stay quiet (not "no .dockerignore")
    dockerignore: ignore ? ignore.text : null,
    dockerignorePath: ignore
      ? path.relative(path.dirname(documentPath), ignore.path).split(path.sep).join('/') || path.basename(ignore.path)
      : undefined,
    contextFile: contextFileReader(documentPath, context, dirs),
    today,
  };
}

function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The findings of a run, counted as they were printed. */
interface Tally {
  total: number;
  bySeverity: ReadonlyMap<Severity, number>;
  /** Files with at least one finding. */
  files: number;
}

function summary(findings: Tally, linted: number, notLinted: number): string {
  const files = `${plural(linted, 'file')} checked${notLinted ? `, ${notLinted} not checked` : ''}`;
  // "no problems" only says something about files that were checked
  if (!linted && !findings.total) return `no files checked${notLinted ? ` (${notLinted} not checked)` : ''}`;
  if (!findings.total) return `no problems (${files})`;
  const counts = SEVERITIES.map((s) => [s, findings.bySeverity.get(s) ?? 0] as const)
    .filter(([, n]) => n)
    .map(([s, n]) => (s === 'info' ? `${n} info` : plural(n, s)));
  return `${plural(findings.total, 'problem')} (${counts.join(', ')}) in ${plural(findings.files, 'file')} (${files})`;
}

function listRules(format: 'text' | 'json'): void {
  if (format === 'json') {
    const out = allRules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, anchors: r.anchors }));
    print(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  const idWidth = Math.max(...allRules.map((r) => r.id.length), 2);
  print(allRules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title}\n`).join(''));
}

/**
 * `bulkhead explain <id>`: a rule of ours, or another tool's check by its id (hadolint DL3002, Checkov CKV_DOCKER_3,
 * Trivy AVD-DS-0002, BuildKit SecretsUsedInArgOrEnv...) through the registry's anchors; an unknown id gets the nearest
 * known ones.
 */
function explain(id: string, docsBase: string | undefined): void {
  const target = explainTarget(id);
  if (target.kind === 'unknown') {
    const hint = target.suggestions.length
      ? ` (did you mean ${target.suggestions.map((s) => `"${s}"`).join(', ')}?)`
      : '';
    throw new UsageError(`unknown rule "${id}"${hint}; run "bulkhead rules" for the list`);
  }
  const rules = target.kind === 'rule' ? [target.rule] : target.rules;
  if (target.kind === 'anchor') {
    const names = rules.map((r) => r.id);
    print(
      `${target.anchor.tool} ${target.anchor.id} is checked by Bulkhead's ${names.length > 1 ? 'rules' : 'rule'} ${names.join(', ')}.\n\n`,
    );
  }
  // the terminal shows no Markdown: the hover's text, read plain; the page beside the CLI (offline), and on the web
  const web = webDocs(docsBase);
  print(
    rules
      .map(
        (rule) =>
          `${plainText(explainRule(rule))}\n\nDocumentation: ${ruleDocUri(DEFAULT_DOCS_BASE, rule.id)}\n` +
          (web ? `On the web: ${ruleDocUri(web, rule.id)}\n` : ''),
      )
      .join('\n'),
  );
}

/** The template `init` writes, and the companion it adds when absent (the .dockerignore beside a Dockerfile). */
function renderInit(command: InitCommand): { file: RenderedFile; companion?: RenderedFile } {
  try {
    switch (command.kind) {
      case 'dockerfile':
        return {
          file: renderDockerfile({ runtime: command.runtime!, port: command.port, startCommand: command.startCommand }),
          companion: renderDockerignore({ runtime: command.runtime }),
        };
      case 'dockerignore':
        return { file: renderDockerignore({ runtime: command.runtime }) };
      case 'daemon':
        return { file: renderDaemonJson({ platform: 'linux' }) };
      case 'compose':
        return { file: renderComposeService({ port: command.port, datastore: command.datastore }) };
      case 'devcontainer':
        return { file: renderDevcontainer({ runtime: command.runtime }) };
      case 'auditd':
        return { file: renderAuditRules() };
    }
  } catch (e) {
    // the templates refuse options they cannot render (RangeError), with a message meant for the user
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return null;
    throw e;
  }
}

/** `bulkhead init`: print the template, or write it without replacing anything unless --force says so. */
function init(command: InitCommand, cwd: string, stderr: Stderr): number {
  const { file, companion } = renderInit(command);
  if (command.stdout) {
    print(file.text);
    for (const p of file.placeholders) stderr.line(`fill in ${p.text}: ${p.why}`);
    return 0;
  }
  const dir = path.resolve(cwd, command.dir);
  let folder: fs.Stats;
  try {
    folder = fs.statSync(dir);
  } catch (e) {
    throw new UsageError(`--dir ${command.dir}: ${describeFsError(e)}`);
  }
  if (!folder.isDirectory()) throw new UsageError(`--dir ${command.dir}: not a directory`);
  const shown = (f: string) => path.relative(cwd, f) || path.basename(f);

  // decide everything before writing anything: a refusal leaves the folder as it was
  const target = path.join(dir, file.fileName);
  const companionTarget = companion ? path.join(dir, companion.fileName) : null;
  let existing: fs.Stats | null;
  let companionExists: boolean;
  try {
    existing = lstatOrNull(target);
    companionExists = companionTarget !== null && lstatOrNull(companionTarget) !== null;
  } catch (e) {
    stderr.line(`${shown(target)}: ${describeFsError(e)}`);
    return 2;
  }
  if (existing && !command.force) {
    stderr.line(`${shown(target)} exists; use --force to overwrite, or --stdout`);
    return 2;
  }
  if (existing && !existing.isFile()) {
    stderr.line(`${shown(target)} is not a regular file; it is not replaced`);
    return 2;
  }

  const writes = [{ name: target, text: file.text, replace: existing !== null }];
  if (companion && companionTarget && !companionExists)
    writes.push({ name: companionTarget, text: companion.text, replace: false });
  const report: string[] = [];
  for (const { name, text, replace } of writes) {
    try {
      // 'wx' fails if the file appeared since the check: never replace what the user did not ask to replace
      fs.writeFileSync(name, text, { flag: replace ? 'w' : 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      stderr.line(
        code === 'EEXIST'
          ? `${shown(name)} exists; use --force to overwrite, or --stdout`
          : `${shown(name)}: cannot write (${code ?? 'error'})`,
      );
      return 2;
    }
    report.push(`${replace ? 'replaced' : 'wrote'} ${shown(name)}`);
  }
  if (companionTarget && companionExists) report.push(keptCompanion(companionTarget, shown(companionTarget)));
  print(`${report.join('\n')}\n\n${terminalText(file.note)}\n`);
  return 0;
}

/** The line for a .dockerignore that init keeps, with a warning when it lets .git or .env into the build context. */
function keptCompanion(file: string, shown: string): string {
  const kept = `kept the existing ${shown}`;
  let patterns;
  try {
    patterns = parseDockerignore(fs.readFileSync(file, 'utf8'));
  } catch {
    return kept;
  }
  const missing = ['.git', '.env'].filter((p) => !isIgnored(patterns, p));
  if (!missing.length) return kept;
  return `${kept}; it does not exclude ${missing.join(' or ')}: add ${missing.length > 1 ? 'them' : 'it'}, or replace it with "bulkhead init dockerignore --force"`;
}

/**
 * `bulkhead pin`: each file the walk finds (as check's) whose kind names images, each `name:tag` reference resolved once
 * per run and replaced by `name:tag@sha256:…`; nothing else in the file changes.
 */
async function pin(command: PinCommand, cwd: string, stderr: Stderr): Promise<number> {
  const { checkPinned, digestResolver, pinnedTag, skipReason } = await import('./cli/pin');
  const { credentialSource, readDockerConfig } = await import('./registry/dockerConfig');
  const { proxySettingsFromEnv } = await import('./registry/proxy');
  const { config, warning } = readDockerConfig(process.env);
  if (warning) stderr.line(warning);
  const resolve = digestResolver({
    credentials: credentialSource(config, { useCredentialHelpers: command.credentialHelpers }),
    insecureRegistries: command.insecureRegistries,
    timeoutMs: command.timeoutMs,
    // HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as curl and docker read them
    proxy: proxySettingsFromEnv(process.env),
  });
  const { targets, problems } = collectTargets(command.paths, cwd);
  for (const p of problems) stderr.error(p);
  let failed = 0;
  let pinned = 0;
  let moved = 0;
  const diffs: string[] = [];
  for (const target of targets) {
    const name = displayName(target.file, cwd);
    const kind = kindOf(target);
    // the kinds whose documents name images to pin (Dockerfiles, Compose files, devcontainer.json)
    const imageReferences = languageOf(kind).imageReferences;
    if (!imageReferences) continue;
    const input = readOrSay(target, kind, name.file, stderr);
    if (!input) continue;
    // the file is written back byte for byte apart from the references: its BOM kept, and never a file whose bytes
    // are not UTF-8 (decoding would have replaced them)
    if (!writesBack(input)) {
      stderr.error(`${name.file}: not valid UTF-8; not pinned`);
      continue;
    }
    const text = input.text;
    const refs = imageReferences(text);
    const outcomes = await Promise.all(
      refs.map(async (ref): Promise<PinOutcome> => {
        const reason = skipReason(ref);
        // a reference pinned with its tag: has the tag moved since?
        const tagged = reason === 'already pinned' ? pinnedTag(ref) : null;
        if (tagged) return checkPinned(tagged, resolve);
        return reason ? { kind: 'skip', reason } : await resolve(ref.text);
      }),
    );
    const replacements: { offset: number; length: number; text: string }[] = [];
    refs.forEach((ref, i) => {
      const outcome = outcomes[i];
      const where = `${name.file}:${ref.line + 1}`;
      if (outcome.kind === 'current') return;
      if (outcome.kind === 'skip') {
        if (outcome.reason !== 'already pinned') stderr.line(`${where}  ${ref.text}: skipped: ${outcome.reason}`);
      } else if (outcome.kind === 'moved') {
        moved++;
        const note = command.update ? '' : ' (run with --update)';
        stderr.line(`${where}  ${outcome.tagged}: tag has moved: ${outcome.from} -> ${outcome.to}${note}`);
        if (command.update)
          replacements.push({ offset: ref.offset, length: ref.text.length, text: `${outcome.tagged}@${outcome.to}` });
      } else if (outcome.kind === 'error') {
        failed++;
        stderr.line(`${where}  ${ref.text}: ${outcome.message}`);
      } else {
        const pinnedRef = `${ref.text}@${outcome.digest}`;
        stderr.line(`${where}  ${ref.text} -> ${pinnedRef}`);
        replacements.push({ offset: ref.offset, length: ref.text.length, text: pinnedRef });
        pinned++;
      }
    });
    if (!replacements.length) continue;
    let out = '';
    let at = 0;
    for (const r of replacements) {
      out += text.slice(at, r.offset) + r.text;
      at = r.offset + r.length;
    }
    out += text.slice(at);
    if (command.dryRun) {
      // the diff's context lines are the file's own: credential shapes in them are masked (maskSecretsIn); pin does not
      // lint, so the credentials only the rules find (check --fix-dry-run masks those too) are not known here
      const bom = input.bom ? BOM : '';
      const diff = unifiedDiff(bom + text, bom + out, `a/${name.file}`, `b/${name.file}`);
      const masked = maskSecretsIn(diff);
      if (masked !== diff)
        stderr.line(
          `${name.file}: a line of the diff holds a credential and is shown masked, so this diff does not apply as printed`,
        );
      diffs.push(masked);
    } else if (!writeFixed(target.file, (input.bom ? BOM : '') + out, name.file, stderr)) failed++;
  }
  if (command.dryRun) print(diffs.join(''));
  stderr.line(
    `${plural(pinned, 'reference')} ${command.dryRun ? 'would be pinned' : 'pinned'}` +
      (moved
        ? `; ${plural(moved, 'moved tag')} ${command.update ? (command.dryRun ? 'would be updated' : 'updated') : 'left as pinned'}`
        : '') +
      (failed ? `; ${failed} failed` : '') +
      (stderr.failed ? '; errors reported above' : ''),
  );
  if (stderr.failed) return 2;
  return failed ? 1 : 0;
}

/**
 * `bulkhead lsp --stdio`: the editor's language server, in this process. The server is its own bundle beside this one
 * (dist/server.js, which the VS Code client runs too); the CLI loads that file instead of importing the server's
 * modules, so the two front ends still share only the service. The server ends the process (exit notification, or
 * its input closed), so the promise never settles.
 */
function languageServer(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside the bundle, loaded at run time
  require(path.join(__dirname, 'server.js'));
  return new Promise<number>(() => undefined);
}

export function main(argv: readonly string[], cwd?: string): number | Promise<number> {
  const stderr = new Stderr();
  try {
    const result = runCommand(argv, () => cwd ?? workingFolder(), stderr);
    // a command that finishes later fails as one that finishes now
    return typeof result === 'number' ? result : result.catch((e: unknown) => failure(e, stderr));
  } catch (e) {
    return failure(e, stderr);
  }
}

/**
 * The folder the command runs in. A folder removed under the shell (or one this user may no longer read) has no path
 * left: said as the usage problem it is, not as an internal error with a stack trace (exit 2, not 1: findings).
 */
function workingFolder(): string {
  try {
    return process.cwd();
  } catch (e) {
    throw new UsageError(
      `cannot use the working folder: ${describeFsError(e)} (it may have been removed); cd to one that exists`,
    );
  }
}

/** What a command's exception means for the user: a usage error's message, an internal error's report; the status. */
function failure(e: unknown, stderr: Stderr): number {
  if (e instanceof OutputClosed) return OUTPUT_CLOSED_EXIT;
  if (e instanceof UsageError || e instanceof OutputFailed) {
    stderr.line(e.message);
    return 2;
  }
  stderr.line(`internal error (${describeError(e)}). Please report this.`);
  return 2;
}

/**
 * Runs the command the arguments name (`cwd`: the working folder, asked for by the commands that use it): its exit
 * status, now or later.
 */
function runCommand(argv: readonly string[], cwd: () => string, stderr: Stderr): number | Promise<number> {
  // a long check's child (cli/childProcess.ts): the check comes on descriptor 3, not in the arguments
  if (argv[0] === CHILD_ARG) return checkChild(argv[1], stderr);
  const command = parseArgs(argv);
  switch (command.command) {
    case 'help':
      print(HELP);
      return 0;
    case 'version':
      print(`${project().version}\n`);
      return 0;
    case 'rules':
      listRules(command.format);
      return 0;
    case 'explain':
      explain(command.rule, command.docsBase);
      return 0;
    case 'lsp':
      return languageServer();
    case 'check':
      return check(command, cwd(), stderr);
    case 'init':
      return init(command, cwd(), stderr);
    case 'pin':
      return pin(command, cwd(), stderr);
  }
}

/**
 * The end of a command that returned its exit code. Output written with fs.writeSync (a file, a pipe) is all out:
 * the process exits now, without waiting for Node to tear its heap down page by page (issue 21: 2-4 ms of a one-file
 * check). Output given to Node's terminal streams (asynchronous on Windows) is left to drain: the code is set and
 * the process ends when the event loop does.
 */
function finish(code: number): void {
  process.exitCode = code;
  if (!usedStreams) process.exit(code);
}

const fromMain =
  process.argv[2] === CHECK_WORKER_ARG && !workerThreads().isMainThread
    ? (workerThreads().workerData as Partial<CheckWorkerData> | null)
    : undefined;
if (fromMain?.bulkheadCheck) checkWorker(fromMain.bulkheadCheck);
else if (process.argv[2] !== CHECK_WORKER_ARG || workerThreads().isMainThread) {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') finish(code);
  else
    void code.then(
      (c) => finish(c),
      (e: unknown) => {
        if (!(e instanceof OutputClosed)) throw e;
        // the worker threads stop with the process
        process.exit(OUTPUT_CLOSED_EXIT);
      },
    );
}

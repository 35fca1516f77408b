import * as fs from 'node:fs';
import * as path from 'node:path';
import { proxySettingsFromEnv } from './registry/proxy';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError } from './service/lint';
import { kindOfNamedFile, lintDocument, type LintedKind } from './service/languages';
import { CLI_LINT_BUDGET_MS, stoppedMessage, withinBudget } from './common/budget';
import { basenameOf } from './common/documents';
import { severityName } from './rules/diagnostics';
import { DEFAULT_DOCS_BASE } from './common/docsBase';
import { ruleHoverMarkdown } from './rules/hover';
import { inspectInput, MAX_LINT_BYTES, tooLargeMessage } from './service/input';
import { mergeConfig, ConfigProblem } from './service/config';
import { allRules } from './service/registry';
import { ruleDocUri } from './rules/anchors';
import type { EffectiveConfig } from './rules/context';
import { SEVERITIES, Severity } from './rules/types';
import { contextFileReader, findConfigFiles, readDockerignore } from './config/files';
import { isIgnored, parseDockerignore } from './dockerfile/analysis/dockerignore';
import { Command, FailOn, HELP, InitCommand, parseArgs, PinCommand, UsageError } from './cli/args';
import {
  checkPinned,
  composeReferences,
  digestResolver,
  dockerfileReferences,
  pinnedTag,
  PinOutcome,
  skipReason,
} from './cli/pin';
import { credentialSource, readDockerConfig } from './registry/dockerConfig';
import {
  RenderedFile,
  renderAuditRules,
  renderDevcontainer,
  renderComposeService,
  renderDaemonJson,
  renderDockerfile,
  renderDockerignore,
} from '../../shared/src/templates';
import { collectTargets, describeFsError, STDIN, Target } from './service/walk';
import { Finding, Notice, NOTICE_RULE, formatReport, oneLine } from './cli/report';
import { unifiedDiff } from './text/diff';
import { fingerprints } from './cli/fingerprint';
import { readProjectInfo, webDocsBase } from './cli/project';
import { explainTarget } from './cli/explain';
import { plainText, terminalText } from './text/plain';
import { maskSecretsIn } from './rules/secrets';

/**
 * `bulkhead`: the same engine as the editor, for CI. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage/I-O/configuration/internal errors (see HELP).
 */

const STDIN_NAME = '<stdin>';

const project = readProjectInfo(__dirname);

/**
 * Where the rule pages are for a report read on another machine: --docs-base, else the repository's web pages; never
 * this machine's copy (DEFAULT_DOCS_BASE, which the editor's hovers keep, so they work offline).
 */
function webDocs(option: string | undefined): string | undefined {
  return option ?? (project.homepage ? webDocsBase(project.homepage) : undefined);
}

class Stderr {
  /** Set when a path, a file or a configuration could not be used, or a rule failed: exit code 2. */
  failed = false;
  line(message: string): void {
    process.stderr.write(`bulkhead: ${oneLine(message)}\n`);
  }
  error(message: string): void {
    this.failed = true;
    this.line(message);
  }
}

/** How a linted file is named in output: relative to the working folder. */
function displayName(file: string, cwd: string): { file: string; uri: string } {
  if (file === STDIN) return { file: STDIN_NAME, uri: encodeURIComponent(STDIN_NAME) };
  const rel = path.relative(cwd, file) || path.basename(file);
  return { file: rel, uri: rel.split(path.sep).map(encodeURIComponent).join('/') };
}

/**
 * What a file is linted as: a kind's own name (daemon.json, compose.yaml); a file named on the command line by its
 * extension (`*.json` a daemon.json, `*.yml`/`*.yaml` a Compose file); anything else a Dockerfile.
 */
function kindOf(target: Target, stdinFilename?: string): LintedKind {
  if (target.kind) return target.kind as LintedKind;
  if (target.file === STDIN && !stdinFilename) return kindOfNamedFile('', false);
  const name = basenameOf(target.file === STDIN ? stdinFilename! : target.file);
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
  stderr: Stderr,
  onSkip?: (message: string) => void,
): { text: string } | null {
  let input;
  try {
    input = readTarget(target, kind);
  } catch (e) {
    stderr.error(`${file}: ${describeFsError(e)}`);
    return null;
  }
  if ('skipped' in input) {
    stderr.line(`${file}: ${input.skipped}`);
    onSkip?.(input.skipped);
    return null;
  }
  return input;
}

/** The file's text, or why it is not linted (binary, too large). Throws on I/O errors. */
function readTarget(target: Target, kind: LintedKind): { text: string } | { skipped: string } {
  if (target.file !== STDIN && fs.statSync(target.file).size > MAX_LINT_BYTES)
    return { skipped: tooLargeMessage(kind) };
  const bytes = target.file === STDIN ? readStdin(MAX_LINT_BYTES) : fs.readFileSync(target.file);
  if (!bytes) return { skipped: tooLargeMessage(kind) };
  const text = decode(bytes);
  const skipped = inspectInput(text, kind);
  return skipped ? { skipped } : { text };
}

/**
 * Standard input, at most `limit` bytes: null when there is more (it is not read to the end, so an endless stream
 * cannot hold the CLI or its memory).
 */
function readStdin(limit: number): Buffer | null {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(64 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
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

/** UTF-8 without the BOM (editors hide it, so columns match what the user sees); bad bytes become U+FFFD. */
function decode(buffer: Buffer): string {
  return new TextDecoder('utf-8').decode(buffer);
}

/** A file's findings in the form every output format uses, each with its fingerprint in the linted text. */
function toFindings(diagnostics: readonly Diagnostic[], name: { file: string; uri: string }, text: string): Finding[] {
  const located = diagnostics.map((d) => toFinding(d, name));
  const prints = fingerprints(located, text);
  return located.map((f, i) => ({ ...f, fingerprint: prints[i] }));
}

/** Where (1-based) a diagnostic is, in the form every output format uses. */
function toFinding(d: Diagnostic, name: { file: string; uri: string }): Omit<Finding, 'fingerprint'> {
  return {
    ...name,
    rule: d.code === undefined ? NOTICE_RULE : String(d.code),
    severity: severityName(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    // plain text in every format (Markdown stays in the editor's hovers)
    message: plainText(typeof d.message === 'string' ? d.message : (d.message as { value: string }).value),
    ...(d.relatedInformation?.length
      ? {
          related: d.relatedInformation.map((r) => ({
            line: r.location.range.start.line + 1,
            column: r.location.range.start.character + 1,
            endLine: r.location.range.end.line + 1,
            endColumn: r.location.range.end.character + 1,
            message: plainText(r.message),
          })),
        }
      : {}),
  };
}

function configProblemLine(p: ConfigProblem, cwd: string): string {
  return `${path.relative(cwd, p.path) || p.path}: ${p.message}`;
}

/** `--build-arg` values: they win over every configuration file's `buildArgs`. */
type BuildArgs = Readonly<Record<string, string>> | undefined;

interface ConfigSource {
  /** The configuration for a Dockerfile at this absolute path. */
  forFile(documentPath: string): EffectiveConfig;
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
function discoveredConfig(cwd: string, stderr: Stderr, buildArgs: BuildArgs): ConfigSource {
  const byFolder = new Map<string, EffectiveConfig>();
  const reported = new Set<string>();
  return {
    forFile(documentPath) {
      const folder = path.dirname(documentPath);
      let config = byFolder.get(folder);
      if (!config) {
        const merged = mergeConfig({ ...findConfigFiles(documentPath, cwd), buildArgs });
        for (const p of merged.problems) {
          const line = configProblemLine(p, cwd);
          if (!reported.has(line)) stderr.error(line);
          reported.add(line);
        }
        config = merged.config;
        byFolder.set(folder, config);
      }
      return config;
    },
  };
}

function check(command: Extract<Command, { command: 'check' }>, cwd: string, stderr: Stderr): number {
  const configs = command.config
    ? explicitConfig(command.config, cwd, command.buildArgs)
    : discoveredConfig(cwd, stderr, command.buildArgs);
  const { targets, problems } = collectTargets(command.paths, cwd);
  for (const p of problems) stderr.error(p);
  if (!targets.length && !problems.length)
    stderr.line(`no Dockerfiles, daemon.json, Compose or devcontainer.json files found in ${command.paths.join(', ')}`);

  const findings: Finding[] = [];
  const notices: Notice[] = [];
  /** --fix-dry-run: the diff of each file that would change; --fix / --fix-dry-run: what was (or would be) fixed. */
  const diffs: string[] = [];
  let fixedCount = 0;
  let fixedFiles = 0;
  const today = new Date();
  let linted = 0;
  /** The files checked, as the reports name them. */
  const checked: string[] = [];
  for (const target of targets) {
    const name = displayName(target.file, cwd);
    const kind = kindOf(target, command.stdinFilename);
    const input = readOrSay(target, kind, name.file, stderr, (message) =>
      notices.push({ ...name, level: 'note', message }),
    );
    if (!input) continue;
    // standard input stands for a file in the working folder (a Dockerfile unless --stdin-filename says otherwise):
    // that file's configuration and .dockerignore apply
    const documentPath = target.file === STDIN ? path.resolve(cwd, command.stdinFilename ?? 'Dockerfile') : target.file;
    const config = configs.forFile(documentPath);
    try {
      const uri = pathToFileURL(documentPath).toString();
      const setup = {
        config,
        env: dockerfileEnv(documentPath, today, target.context),
        daemon: { engineVersion: command.engineVersion, platform: command.platform },
      };
      const budget = command.fileTimeoutMs ?? CLI_LINT_BUDGET_MS;
      // the safe fixes are found and the fixed text linted again within the file's deadline too
      const outcome = withinBudget(() => {
        const lint = lintDocument(kind, input.text, uri, setup, { docsBase: DEFAULT_DOCS_BASE });
        const edits = command.fix ? lint.fixAll() : [];
        if (!edits.length) return { result: lint.result, fixed: null };
        const fixed = TextDocument.applyEdits(TextDocument.create(uri, kind, 0, input.text), edits);
        const after = lintDocument(kind, fixed, uri, setup, { docsBase: DEFAULT_DOCS_BASE }).result;
        return { result: after, fixed: { text: fixed, before: lint.result.diagnostics } };
      }, budget);
      if (!outcome.done) {
        // one file over its deadline never stops the run: it is named, the result is incomplete (exit 2), the rest go on
        const message = stoppedMessage(outcome.step, budget);
        stderr.error(`${name.file}: ${message}`);
        notices.push({ ...name, level: 'error', message });
        continue;
      }
      const { result, fixed } = outcome.value;
      if (fixed && command.fix === 'diff') {
        // the diff shows the file's own lines: a credential in them is masked like in every other output, and the
        // user is told that such a diff no longer applies as it is
        const diff = unifiedDiff(input.text, fixed.text, `a/${name.file}`, `b/${name.file}`);
        const masked = maskSecretsIn(diff);
        if (masked !== diff)
          stderr.line(
            `${name.file}: a line of the diff holds a credential and is shown masked, so this diff does not apply as printed; use --fix`,
          );
        diffs.push(masked);
        fixedCount += fixedProblems(fixed.before, result.diagnostics).total;
        linted++;
        continue;
      }
      if (fixed && command.fix === 'write' && !writeFixed(target.file, fixed.text, name.file, stderr)) continue;
      if (fixed) {
        const { total, byRule } = fixedProblems(fixed.before, result.diagnostics);
        fixedCount += total;
        fixedFiles++;
        stderr.line(`${name.file}: fixed ${plural(total, 'problem')}${byRule ? ` (${byRule})` : ''}`);
      }
      for (const f of result.failures) {
        const message = `internal error: rule ${f.rule} failed on this file (${describeError(f.error)}); its findings are missing. Please report this.`;
        stderr.error(`${name.file}: ${message}`);
        notices.push({ ...name, level: 'error', message });
      }
      findings.push(...toFindings(result.diagnostics, name, fixed ? fixed.text : input.text));
      checked.push(name.file);
      linted++;
    } catch (e) {
      const message = `internal error: the file could not be linted (${describeError(e)}). Please report this.`;
      stderr.error(`${name.file}: ${message}`);
      notices.push({ ...name, level: 'error', message });
    }
  }

  if (command.fix === 'diff') {
    process.stdout.write(diffs.join(''));
    const what = diffs.length
      ? `${plural(diffs.length, 'file')} would be fixed (${plural(fixedCount, 'problem')})`
      : 'nothing to fix';
    stderr.line(`${what}; ${plural(linted, 'file')} checked` + (stderr.failed ? '; errors reported above' : ''));
    if (stderr.failed) return 2;
    return diffs.length ? 1 : 0;
  }
  process.stdout.write(
    formatReport(command.format, findings, notices, {
      version: project.version,
      docsBase: webDocs(command.docsBase),
      informationUri: project.homepage,
      rootUri: pathToFileURL(cwd).toString().replace(/\/?$/, '/'),
      executionSuccessful: !stderr.failed,
      checked,
    }),
  );
  const fixedNote = !command.fix
    ? ''
    : fixedFiles
      ? `; fixed ${plural(fixedCount, 'problem')} in ${plural(fixedFiles, 'file')}`
      : '; nothing to fix';
  stderr.line(
    summary(findings, linted, targets.length - linted) + fixedNote + (stderr.failed ? '; errors reported above' : ''),
  );

  if (stderr.failed) return 2;
  return findings.some((f) => atOrAbove(f.severity, command.failOn)) ? 1 : 0;
}

/**
 * Write a file's fixed text in place (its mode and links kept: the file is rewritten, not replaced). False, with the
 * error said, when it cannot be written: the file's findings are then left out, as for a file that cannot be read.
 */
function writeFixed(file: string, text: string, shown: string, stderr: Stderr): boolean {
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
function dockerfileEnv(documentPath: string, today: Date, context?: string) {
  const ignore = readDockerignore(documentPath, context);
  return {
    dockerignore: ignore?.text ?? null,
    dockerignorePath: ignore
      ? path.relative(path.dirname(documentPath), ignore.path).split(path.sep).join('/') || path.basename(ignore.path)
      : undefined,
    contextFile: contextFileReader(documentPath, context),
    today,
  };
}

function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(findings: readonly Finding[], linted: number, notLinted: number): string {
  const files = `${plural(linted, 'file')} checked${notLinted ? `, ${notLinted} not checked` : ''}`;
  // "no problems" only says something about files that were checked
  if (!linted && !findings.length) return `no files checked${notLinted ? ` (${notLinted} not checked)` : ''}`;
  if (!findings.length) return `no problems (${files})`;
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n)
    .map(([s, n]) => (s === 'info' ? `${n} info` : plural(n, s)));
  const withFindings = new Set(findings.map((f) => f.file)).size;
  return `${plural(findings.length, 'problem')} (${counts.join(', ')}) in ${plural(withFindings, 'file')} (${files})`;
}

function listRules(format: 'text' | 'json'): void {
  if (format === 'json') {
    const out = allRules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, anchors: r.anchors }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  const idWidth = Math.max(...allRules.map((r) => r.id.length), 2);
  for (const r of allRules) process.stdout.write(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
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
    process.stdout.write(
      `${target.anchor.tool} ${target.anchor.id} is checked by Bulkhead's ${names.length > 1 ? 'rules' : 'rule'} ${names.join(', ')}.\n\n`,
    );
  }
  // the terminal shows no Markdown: the hover's text, read plain; the page beside the CLI (offline), and on the web
  const web = webDocs(docsBase);
  process.stdout.write(
    rules
      .map(
        (rule) =>
          `${plainText(ruleHoverMarkdown(rule))}\n\nDocumentation: ${ruleDocUri(DEFAULT_DOCS_BASE, rule.id)}\n` +
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
      case 'auditd':
        return { file: renderAuditRules() };
      case 'devcontainer':
        return { file: renderDevcontainer({ runtime: command.runtime }) };
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
    process.stdout.write(file.text);
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
  process.stdout.write(`${report.join('\n')}\n\n${terminalText(file.note)}\n`);
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
 * `bulkhead pin`: each Dockerfile and Compose file the walk finds (as check's), each `name:tag` reference resolved once
 * per run and replaced by `name:tag@sha256:…`; nothing else in the file changes.
 */
async function pin(command: PinCommand, cwd: string, stderr: Stderr): Promise<number> {
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
    if (kind !== 'dockerfile' && kind !== 'compose') continue;
    const input = readOrSay(target, kind, name.file, stderr);
    if (!input) continue;
    // the file is written back byte for byte apart from the references: its BOM kept, and never a file whose bytes
    // are not UTF-8 (decoding would have replaced them)
    const bom = '\uFEFF';
    const raw = fs.readFileSync(target.file);
    const hasBom = raw.subarray(0, 3).equals(Buffer.from(bom, 'utf8'));
    if (!Buffer.from((hasBom ? bom : '') + input.text, 'utf8').equals(raw)) {
      stderr.error(`${name.file}: not valid UTF-8; not pinned`);
      continue;
    }
    const text = input.text;
    const refs = kind === 'dockerfile' ? dockerfileReferences(text) : composeReferences(text);
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
      // the diff's context lines are the file's own: a credential in them is masked, as check --fix-dry-run does
      const diff = unifiedDiff(text, out, `a/${name.file}`, `b/${name.file}`);
      const masked = maskSecretsIn(diff);
      if (masked !== diff)
        stderr.line(
          `${name.file}: a line of the diff holds a credential and is shown masked, so this diff does not apply as printed`,
        );
      diffs.push(masked);
    } else if (!writeFixed(target.file, (hasBom ? bom : '') + out, name.file, stderr)) failed++;
  }
  if (command.dryRun) process.stdout.write(diffs.join(''));
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

export function main(argv: readonly string[], cwd = process.cwd()): number | Promise<number> {
  const stderr = new Stderr();
  try {
    const command = parseArgs(argv);
    switch (command.command) {
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'version':
        process.stdout.write(`${project.version}\n`);
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
        return check(command, cwd, stderr);
      case 'init':
        return init(command, cwd, stderr);
      case 'pin':
        return pin(command, cwd, stderr).catch((e: unknown) => {
          stderr.line(`internal error (${describeError(e)}). Please report this.`);
          return 2;
        });
    }
  } catch (e) {
    if (e instanceof UsageError) {
      stderr.line(e.message);
      return 2;
    }
    stderr.line(`internal error (${describeError(e)}). Please report this.`);
    return 2;
  }
}

// Set the code and let stdout drain: process.exit() would cut off large piped output.
const code = main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
else void code.then((c) => (process.exitCode = c));

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { lintDockerfile } from './service/dockerfile';
import { severityName } from './service/diagnostics';
import { DEFAULT_DOCS_BASE } from './service/docsBase';
import { ruleHoverMarkdown } from './service/hover';
import { inspectInput, MAX_LINT_BYTES, TOO_LARGE_MESSAGE } from './service/input';
import { mergeConfig, ConfigProblem } from './rules/config';
import { allRules, ruleById, ruleDocUri } from './rules/registry';
import type { EffectiveConfig } from './rules/context';
import { SEVERITIES, Severity } from './rules/types';
import { findConfigFiles, readDockerignore } from './config/files';
import { Command, FailOn, HELP, parseArgs, UsageError } from './cli/args';
import { collectTargets, describeFsError, STDIN, Target } from './cli/walk';
import { Finding, Notice, formatJson, formatSarif, formatText, oneLine } from './cli/report';

/**
 * `bulkhead`: the same engine as the editor, for CI. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage/I-O/configuration/internal errors (see HELP).
 */

const STDIN_NAME = '<stdin>';

function version(): string {
  // dist/cli.js sits beside the package's package.json, in the repository and in the published package
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
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

/** The file's text, or why it is not linted (binary, too large). Throws on I/O errors. */
function readTarget(target: Target): { text: string } | { skipped: string } {
  if (target.file !== STDIN && fs.statSync(target.file).size > MAX_LINT_BYTES) return { skipped: TOO_LARGE_MESSAGE };
  const text = decode(fs.readFileSync(target.file === STDIN ? 0 : target.file));
  const skipped = inspectInput(text);
  return skipped ? { skipped } : { text };
}

/** UTF-8 without the BOM (editors hide it, so columns match what the user sees); bad bytes become U+FFFD. */
function decode(buffer: Buffer): string {
  return new TextDecoder('utf-8').decode(buffer);
}

/** Where (1-based) a diagnostic is, in the form every output format uses. */
function toFinding(d: Diagnostic, name: { file: string; uri: string }): Finding {
  return {
    ...name,
    rule: String(d.code),
    severity: severityName(d.severity),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
  };
}

/** A rule threw: say which and where in our code, never the error message (it may quote the file). */
function describeFailure(stack: string): string {
  const kind = /^([A-Za-z]*Error)\b/.exec(stack)?.[1] ?? 'exception';
  const frame = /\n\s*at (.+)/.exec(stack)?.[1];
  return frame ? `${kind} at ${frame}` : kind;
}

function configProblemLine(p: ConfigProblem, cwd: string): string {
  return `${path.relative(cwd, p.path) || p.path}: ${p.message}`;
}

interface ConfigSource {
  /** The configuration for a Dockerfile at this absolute path. */
  forFile(documentPath: string): EffectiveConfig;
}

/** --config: one .bulkhead.json for every file; any problem with it is a usage error. */
function explicitConfig(file: string, cwd: string): ConfigSource {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) throw Object.assign(new Error(), { code: st.isDirectory() ? 'EISDIR' : 'EINVAL' });
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`--config ${file}: ${describeFsError(e)}`);
  }
  const { config, problems } = mergeConfig({ bulkheadJson: { path: abs, text } });
  if (problems.length) throw new UsageError(`--config ${file}: ${problems.map((p) => p.message).join('; ')}`);
  return { forFile: () => config };
}

/** Without --config: the files found beside each Dockerfile and up to the working folder (cached per folder). */
function discoveredConfig(cwd: string, stderr: Stderr): ConfigSource {
  const byFolder = new Map<string, EffectiveConfig>();
  const reported = new Set<string>();
  return {
    forFile(documentPath) {
      const folder = path.dirname(documentPath);
      let config = byFolder.get(folder);
      if (!config) {
        const merged = mergeConfig(findConfigFiles(documentPath, cwd));
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
  const configs = command.config ? explicitConfig(command.config, cwd) : discoveredConfig(cwd, stderr);
  const { targets, problems } = collectTargets(command.paths, cwd);
  for (const p of problems) stderr.error(p);
  if (!targets.length && !problems.length) stderr.line(`no Dockerfiles found in ${command.paths.join(', ')}`);

  const findings: Finding[] = [];
  const notices: Notice[] = [];
  const today = new Date();
  let linted = 0;
  for (const target of targets) {
    const name = displayName(target.file, cwd);
    let input;
    try {
      input = readTarget(target);
    } catch (e) {
      stderr.error(`${name.file}: ${describeFsError(e)}`);
      continue;
    }
    if ('skipped' in input) {
      stderr.line(`${name.file}: ${input.skipped}`);
      notices.push({ ...name, level: 'note', message: input.skipped });
      continue;
    }
    // standard input stands for a Dockerfile in the working folder (its configuration and .dockerignore apply)
    const documentPath = target.file === STDIN ? path.join(cwd, 'Dockerfile') : target.file;
    const config = configs.forFile(documentPath);
    const ignore = readDockerignore(documentPath);
    const env = { dockerignore: ignore?.text ?? null, dockerignorePath: ignore ? path.basename(ignore.path) : undefined, today };
    try {
      const result = lintDockerfile(input.text, pathToFileURL(documentPath).toString(), config, env, { docsBase: DEFAULT_DOCS_BASE });
      for (const f of result.failures) {
        const message = `internal error: rule ${f.rule} failed on this file (${describeFailure(f.error)}); its findings are missing. Please report this.`;
        stderr.error(`${name.file}: ${message}`);
        notices.push({ ...name, level: 'error', message });
      }
      for (const d of result.diagnostics) findings.push(toFinding(d, name));
      linted++;
    } catch (e) {
      const message = `internal error: the file could not be linted (${describeFailure(String((e as Error)?.stack ?? e))}). Please report this.`;
      stderr.error(`${name.file}: ${message}`);
      notices.push({ ...name, level: 'error', message });
    }
  }

  if (command.format === 'text') process.stdout.write(formatText(findings));
  else if (command.format === 'json') process.stdout.write(formatJson(findings));
  else {
    const rootUri = pathToFileURL(cwd).toString().replace(/\/?$/, '/');
    process.stdout.write(formatSarif(findings, notices, { version: version(), docsBase: DEFAULT_DOCS_BASE, rootUri, executionSuccessful: !stderr.failed }));
  }
  stderr.line(summary(findings, linted, targets.length - linted) + (stderr.failed ? '; errors reported above' : ''));

  if (stderr.failed) return 2;
  return findings.some((f) => atOrAbove(f.severity, command.failOn)) ? 1 : 0;
}

function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(findings: readonly Finding[], linted: number, notLinted: number): string {
  const files = `${plural(linted, 'file')} checked${notLinted ? `, ${notLinted} not checked` : ''}`;
  if (!findings.length) return `no problems (${files})`;
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n)
    .map(([s, n]) => (s === 'info' || s === 'hint' ? `${n} ${s}` : plural(n, s)));
  const withFindings = new Set(findings.map((f) => f.file)).size;
  return `${plural(findings.length, 'problem')} (${counts.join(', ')}) in ${plural(withFindings, 'file')} (${files})`;
}

function listRules(format: 'text' | 'json' | 'sarif'): void {
  if (format === 'json') {
    const out = allRules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, anchors: r.anchors }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  const idWidth = Math.max(...allRules.map((r) => r.id.length), 2);
  for (const r of allRules) process.stdout.write(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
}

function explain(id: string): void {
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"; run "bulkhead rules" for the list`);
  process.stdout.write(`${ruleHoverMarkdown(rule)}\n\nDocumentation: ${ruleDocUri(DEFAULT_DOCS_BASE, rule.id)}\n`);
}

export function main(argv: readonly string[], cwd = process.cwd()): number {
  const stderr = new Stderr();
  try {
    const command = parseArgs(argv);
    switch (command.command) {
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'version':
        process.stdout.write(`${version()}\n`);
        return 0;
      case 'rules':
        listRules(command.format);
        return 0;
      case 'explain':
        explain(command.rule);
        return 0;
      case 'check':
        return check(command, cwd, stderr);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      stderr.line(e.message);
      return 2;
    }
    stderr.line(`internal error (${describeFailure(String((e as Error)?.stack ?? e))}). Please report this.`);
    return 2;
  }
}

// Set the code and let stdout drain: process.exit() would cut off large piped output.
process.exitCode = main(process.argv.slice(2));

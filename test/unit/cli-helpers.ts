// Helpers for the tests that drive the built CLI (dist/cli.js) as a user or CI would: a real process, real files.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childPoolSize } from '../../server/src/cli/childProcess';
import type { Position, Range } from 'vscode-languageserver-types';
import type { Finding } from '../../server/src/cli/report';
import { ROOT } from './helpers';

export const CLI = path.join(ROOT, 'dist/cli.js');

/** Run `node dist/cli.js ...args`; returns the exit code, both streams and the wall time. */
export function runCli(args: string[], { cwd = ROOT, input }: { cwd?: string; input?: string | Buffer } = {}) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Math.round(performance.now() - started);
  assert.equal(r.error, undefined, `the CLI did not run: ${r.error}`);
  assert.equal(r.signal, null, `the CLI was killed by ${r.signal} after ${ms} ms`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms };
}

/** A finding as `check --format json` prints it (formatJson: the finding without its URI). */
export type CliFinding = Omit<Finding, 'uri'>;

/** `check --format json`: the parsed findings, with the exit code and streams. */
export function checkJson(args: string[], opts?: Parameters<typeof runCli>[1]) {
  const r = runCli(['check', '--format', 'json', ...args], opts);
  let findings: CliFinding[];
  try {
    findings = JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not JSON (exit ${r.code}): ${(e as Error).message}\n${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
  return { ...r, findings };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'bulkhead-') {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Write files under a folder: `{ 'a/Dockerfile': 'FROM ...' }` (Buffers written as is). */
export function writeTree(root: string, files: Record<string, string | Buffer>) {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Lines as an LSP document sees them (\n, \r\n and \r all end a line). */
export function documentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A 0-based LSP range lies inside the document and is not reversed. */
export function assertRangeInside(lines: readonly string[], range: Range, what: string) {
  const inside = (p: Position) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  assert.ok(
    inside(range.start),
    `${what}: start ${JSON.stringify(range.start)} is outside the document (${lines.length} lines)`,
  );
  assert.ok(
    inside(range.end),
    `${what}: end ${JSON.stringify(range.end)} is outside the document (${lines.length} lines)`,
  );
  const before =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(before, `${what}: range ${JSON.stringify(range)} is reversed`);
}

/** The same check for a CLI JSON finding (1-based, endColumn exclusive). */
export function assertFindingInside(lines: readonly string[], f: CliFinding) {
  assert.ok(Number.isInteger(f.line) && f.line >= 1, `${f.rule}: line ${f.line} is not 1-based`);
  assert.ok(Number.isInteger(f.column) && f.column >= 1, `${f.rule}: column ${f.column} is not 1-based`);
  assertRangeInside(
    lines,
    { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    `${f.file} ${f.rule}`,
  );
}

/** A maker of fresh project folders under `root` (p1, p2, ...), each holding the given files. */
export function projectMaker(root: string) {
  let counter = 0;
  return (files: Record<string, string | Buffer>) => {
    const dir = path.join(root, `p${++counter}`);
    fs.mkdirSync(dir, { recursive: true });
    writeTree(dir, files);
    return dir;
  };
}

/**
 * The V8 pool a long check's child gets on this machine (cli/childProcess.ts), or undefined when a check of `files`
 * files runs in one process here (more CPUs, or Node options in NODE_OPTIONS).
 */
export function childPoolHere(files: number): number | undefined {
  return childPoolSize({
    files,
    threads: 1,
    cpus: os.availableParallelism(),
    platform: process.platform,
    execArgv: [],
    nodeOptions: process.env.NODE_OPTIONS ?? '',
    plainNode: true,
    hasEntry: true,
  });
}

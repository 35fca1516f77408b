import path = require('node:path');
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { jsonNestingDepth } from '../text/nesting';
import { diagnosticFingerprints, locatedOf } from './fingerprint';

/**
 * The baseline file (`.bulkhead-baseline.json`): the findings a repository had when it adopted Bulkhead, so that a
 * build fails only on new ones (`bulkhead check --baseline`) and the editor shows the old ones at hint. Each finding
 * is its file (relative to the baseline's folder, with forward slashes), its rule and its fingerprint
 * (service/fingerprint.ts: it survives lines moved, added or removed above it). No message, line or text is stored:
 * the file holds nothing of the linted files but their names, and it does not change when lines move.
 *
 * The file is read from the repository, so it is input like any other: bounded in size, nesting and entries, every
 * field checked, and a problem is one sentence, never a crash.
 */

export const BASELINE_FILE = '.bulkhead-baseline.json';
export const BASELINE_VERSION = 1;
/** Larger baseline files are not read (an entry takes about 120 bytes: some 130,000 findings). */
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;
const MAX_ENTRIES = 200_000;
const MAX_PATH = 4096;
const RULE_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const FINGERPRINT = /^[0-9a-f]{32}$/;

/** One recorded finding. */
export interface BaselineEntry {
  file: string;
  rule: string;
  fingerprint: string;
}

/** A parsed baseline: how many times each finding was recorded, by file. */
export interface Baseline {
  byFile: ReadonlyMap<string, ReadonlyMap<string, number>>;
  size: number;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The baseline file's text: stable whatever order the files were checked in (entries sorted by file, rule and
 * fingerprint, by code unit, not by locale), one entry per line so a review diff shows what was added or fixed.
 */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => compare(a.file, b.file) || compare(a.rule, b.rule) || compare(a.fingerprint, b.fingerprint),
  );
  const lines = sorted.map((e) => `    ${JSON.stringify({ file: e.file, rule: e.rule, fingerprint: e.fingerprint })}`);
  return (
    `{\n  "version": ${BASELINE_VERSION},\n  "tool": "bulkhead",\n  "findings": [` +
    (lines.length ? `\n${lines.join(',\n')}\n  ]` : ']') +
    '\n}\n'
  );
}

/** The key of a finding inside one file's map. */
function findingKey(rule: string, fingerprint: string): string {
  return `${rule}\u0000${fingerprint}`;
}

/** The baseline in a file's text, or what is wrong with it (one sentence, quoting nothing of the file). */
export function parseBaseline(text: string): { baseline: Baseline } | { problem: string } {
  if (text.length > MAX_BASELINE_BYTES) return { problem: `it is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB` };
  // the shape is an object holding an array of objects: anything deeper is not a baseline (and is not parsed)
  if (jsonNestingDepth(text, 3) > 3) return { problem: 'it nests deeper than a baseline does; it is not a baseline' };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { problem: `it is not a baseline (expected {"version": ${BASELINE_VERSION}, "findings": [...]})` };
  const { version, findings } = data as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION)
    return {
      problem:
        typeof version === 'number' && Number.isInteger(version)
          ? `its version ${version} is not one this Bulkhead reads (${BASELINE_VERSION}); write it again with --baseline-write`
          : `it has no "version": ${BASELINE_VERSION}`,
    };
  if (!Array.isArray(findings)) return { problem: 'its "findings" is not a list' };
  if (findings.length > MAX_ENTRIES) return { problem: `it lists more than ${MAX_ENTRIES} findings` };
  const byFile = new Map<string, Map<string, number>>();
  for (let i = 0; i < findings.length; i++) {
    const e = findings[i] as Partial<Record<keyof BaselineEntry, unknown>> | null;
    const at = `findings[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) return { problem: `${at} is not an object` };
    if (typeof e.file !== 'string' || !e.file || e.file.length > MAX_PATH || e.file.includes('\u0000'))
      return { problem: `${at}: "file" must be a relative path` };
    if (typeof e.rule !== 'string' || !RULE_ID.test(e.rule)) return { problem: `${at}: "rule" must be a rule id` };
    if (typeof e.fingerprint !== 'string' || !FINGERPRINT.test(e.fingerprint))
      return { problem: `${at}: "fingerprint" must be 32 hexadecimal digits` };
    let counts = byFile.get(e.file);
    if (!counts) byFile.set(e.file, (counts = new Map()));
    const key = findingKey(e.rule, e.fingerprint);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { baseline: { byFile, size: findings.length } };
}

/** A file's path as a baseline names it: relative to the baseline's folder, with forward slashes. */
export function baselinePath(baselineDir: string, file: string): string {
  return path.relative(baselineDir, file).split(path.sep).join('/');
}

/**
 * Which of one file's findings the baseline holds, in order. Each recorded finding covers one finding: a baseline
 * that recorded a finding once does not cover a second identical one.
 */
export function matchBaseline(
  baseline: Baseline,
  file: string,
  findings: readonly { rule: string; fingerprint: string }[],
): { baselined: boolean[]; gone: number } {
  const recorded = baseline.byFile.get(file);
  if (!recorded) return { baselined: findings.map(() => false), gone: 0 };
  const left = new Map(recorded);
  const baselined = findings.map((f) => {
    const key = findingKey(f.rule, f.fingerprint);
    const n = left.get(key) ?? 0;
    if (n) left.set(key, n - 1);
    return n > 0;
  });
  let gone = 0;
  for (const n of left.values()) gone += n;
  return { baselined, gone };
}

/** A document's place in a baseline: the baseline, and the document's path as the baseline names it. */
export interface DocumentBaseline {
  baseline: Baseline;
  file: string;
}

/**
 * The editor's view of a baseline: a finding the baseline holds is shown at hint, its message ending "(baselined)",
 * so it stays visible in the file without standing out as a new problem. Fingerprints as the CLI computes them.
 */
export function markBaselined(diagnostics: readonly Diagnostic[], text: string, where: DocumentBaseline): Diagnostic[] {
  if (!where.baseline.byFile.has(where.file)) return [...diagnostics];
  const prints = diagnosticFingerprints(diagnostics, text);
  const { baselined } = matchBaseline(
    where.baseline,
    where.file,
    diagnostics.map((d, i) => ({ rule: locatedOf(d).rule, fingerprint: prints[i] })),
  );
  return diagnostics.map((d, i) =>
    baselined[i] && typeof d.message === 'string'
      ? { ...d, severity: DiagnosticSeverity.Hint, message: `${d.message} (baselined)` }
      : d,
  );
}

import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticData } from '../rules/diagnostics';
import type { Fix } from '../rules/types';

/**
 * "Fix all" as ESLint applies fixes (linter.js, verifyAndFix): take the fix Fix All may apply for each finding, keep
 * those that do not overlap or touch a fix already taken (the others wait for the next round), apply them, lint the
 * result again and repeat until no fix is left or MAX_FIX_ALL_ROUNDS rounds have run. The user gets one edit: the
 * smallest span of the document that changed. No kind needs its own merging: two keys inserted at the end of a
 * daemon.json's object are written in two rounds, each against the text the previous one left.
 */
export const MAX_FIX_ALL_ROUNDS = 10;

/**
 * What Fix All may apply, and what a person gets by accepting every finding's preferred quick fix in turn: `manual`
 * fixes too (docs/fixes.md), which Fix All, a save and `bulkhead check --fix` never apply.
 */
export interface FixAllOptions {
  /** Take a finding's preferred fix even when it is manual (a person accepted it). Default false. */
  manual?: boolean;
}

/** The fix "Fix all" applies for a finding: its preferred one (or its only one), unless it needs a person's review. */
export function fixAllChoice(data: DiagnosticData, { manual = false }: FixAllOptions = {}): Fix | undefined {
  const fix = data.fixes.find((f) => f.isPreferred) ?? (data.fixes.length === 1 ? data.fixes[0] : undefined);
  return !fix || (fix.manual && !manual) || fix.otherFile || !fix.edits.length ? undefined : fix;
}

const offsetKey = (p: { line: number; character: number }) => p.line * 2 ** 26 + p.character;

/**
 * One round: the chosen fix of every finding, in order, skipping any whose edits overlap or touch an edit already
 * taken; the same edit offered by two findings (one USER line for two rules) is taken once.
 */
export function fixAllEdits(result: { diagnostics: readonly Diagnostic[] }, options: FixAllOptions = {}): TextEdit[] {
  const chosen: TextEdit[] = [];
  const same = (a: TextEdit, b: TextEdit) =>
    offsetKey(a.range.start) === offsetKey(b.range.start) &&
    offsetKey(a.range.end) === offsetKey(b.range.end) &&
    a.newText === b.newText;
  // touching counts: two insertions at one point (or an insertion at the end of a replaced span) would run together
  const clash = (a: TextEdit, b: TextEdit) =>
    offsetKey(a.range.start) <= offsetKey(b.range.end) && offsetKey(b.range.start) <= offsetKey(a.range.end);
  for (const d of result.diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    if (!data?.fixes) continue; // notices without a rule (a YAML syntax error)
    const fix = fixAllChoice(data, options);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !chosen.some((c) => same(c, e)));
    if (fresh.some((e) => chosen.some((c) => clash(e, c)))) continue;
    chosen.push(...fresh);
  }
  return chosen;
}

/**
 * Fix All until stable. `first` is the lint of `text` already made (the editor has it); `lint` lints another text of
 * the same document. Returns the one edit that turns `text` into the fixed text, or none.
 */
export function fixAllUntilStable(
  text: string,
  first: { diagnostics: readonly Diagnostic[] },
  lint: (text: string) => { diagnostics: readonly Diagnostic[] },
): TextEdit[] {
  let current = text;
  let result = first;
  for (let round = 0; round < MAX_FIX_ALL_ROUNDS; round++) {
    const edits = fixAllEdits(result);
    if (!edits.length) break;
    const next = TextDocument.applyEdits(TextDocument.create('', '', 0, current), edits);
    if (next === current) break;
    current = next;
    if (round + 1 < MAX_FIX_ALL_ROUNDS) result = lint(current);
  }
  return current === text ? [] : [smallestEdit(text, current)];
}

/** One edit turning `before` into `after`: what lies between their common prefix and common suffix. */
export function smallestEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // never split a CR LF pair or a surrogate pair: the edit's ends fall on whole characters of a line
  while (
    start > 0 &&
    ((before[start - 1] === '\r' && before[start] === '\n') || isHighSurrogate(before.charCodeAt(start - 1)))
  )
    start--;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  while (
    end > 0 &&
    ((before[before.length - end] === '\n' && before[before.length - end - 1] === '\r') ||
      isLowSurrogate(before.charCodeAt(before.length - end)))
  )
    end--;
  const doc = TextDocument.create('', '', 0, before);
  return {
    range: { start: doc.positionAt(start), end: doc.positionAt(before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

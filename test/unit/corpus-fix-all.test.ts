// Fix All (what `bulkhead check --fix` and a save apply) over every corpus file (../shared/corpus: Dockerfiles,
// Compose files, daemon.json and devcontainer.json files) and every rule fixture: no manual fix is applied (docs/fixes.md), the file still
// reads (no new YAML or JSON error), nothing new appears, and a second Fix All has nothing left to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, TODAY, listFiles, ALLOW_NEW_AFTER_FIX } from './helpers';
import { lintDocument, type LintedKind } from '../../server/src/service/languages';
import { fixAllEdits, MAX_FIX_ALL_ROUNDS } from '../../server/src/service/fixAll';
import type { DiagnosticData } from '../../server/src/rules/diagnostics';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';

const CORPUS = path.resolve(ROOT, '../shared/corpus');
const FIXTURES = path.join(ROOT, 'test/fixtures');
// one entry per kind (a Record: a kind added to the descriptors does not compile until its files are listed here)
const KINDS: Record<LintedKind, [corpus: string, fixtures: string]> = {
  dockerfile: [path.join(CORPUS, 'dockerfiles'), path.join(FIXTURES, 'dockerfile')],
  compose: [path.join(CORPUS, 'compose'), path.join(FIXTURES, 'compose')],
  daemon: [path.join(CORPUS, 'daemon-json'), path.join(FIXTURES, 'daemon')],
  devcontainer: [path.join(CORPUS, 'devcontainer'), path.join(FIXTURES, 'devcontainer')],
};
const KIND_DIRS = Object.entries(KINDS).map(([kind, dirs]) => [kind as LintedKind, ...dirs] as const);
const FIXTURE_FILE = /\.(Dockerfile|ya?ml|json)$/;

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return (
    a.newText === b.newText &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** Findings per rule (a notice without a rule counts as `(notice)`: a new YAML or JSON error is one). */
function counts(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diagnostics) {
    const key = d.code === undefined ? '(notice)' : String(d.code);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function check(kind: LintedKind, file: string, problems: string[]): boolean {
  const text = fs.readFileSync(file, 'utf8');
  if (text.length > 2 * 1024 * 1024 || text.includes('\0')) return false;
  const uri = pathToFileURL(file).toString();
  const setup = {
    config: DEFAULT_CONFIG,
    env: { dockerignore: '.git\n.env\n', today: TODAY },
    daemon: { engineVersion: 29, platform: 'auto' as const },
  };
  const lint = lintDocument(kind, text, uri, setup);
  const edits = lint.fixAll();
  if (!edits.length) return false;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, kind, 0, text), edits);
  const name = path.relative(ROOT, file);
  // the same rounds again, each edit checked against the fixes its lint offered: every one is a safe fix's
  let current = text;
  let result = lint.result;
  for (let round = 0; round < MAX_FIX_ALL_ROUNDS; round++) {
    const chosen = fixAllEdits(result);
    if (!chosen.length) break;
    for (const e of chosen) {
      const from = result.diagnostics.flatMap((d) =>
        ((d.data as DiagnosticData | undefined)?.fixes ?? []).filter((f) => f.edits.some((x) => sameEdit(x, e))),
      );
      if (!from.some((f) => !f.manual))
        problems.push(`${name}: Fix All applied "${from.map((f) => f.title).join('" / "')}", which is manual`);
    }
    current = TextDocument.applyEdits(TextDocument.create(uri, kind, 0, current), chosen);
    result = lintDocument(kind, current, uri, setup).result;
  }
  assert.equal(current, fixed, `${name}: Fix All's one edit is its rounds'`);
  const again = lintDocument(kind, fixed, uri, setup);
  const before = counts(lint.result.diagnostics);
  const after = counts(again.result.diagnostics);
  // the rules whose findings Fix All fixed may bring out others (ALLOW_NEW_AFTER_FIX); nothing else is new
  const fixedRules = [...before].filter(([rule, n]) => (after.get(rule) ?? 0) < n).map(([rule]) => rule);
  const allowed = new Set(fixedRules.flatMap((r) => ALLOW_NEW_AFTER_FIX[r] ?? []));
  for (const [rule, n] of after) {
    if (n > (before.get(rule) ?? 0) && !allowed.has(rule))
      problems.push(`${name}: Fix All brought ${n - (before.get(rule) ?? 0)} new ${rule}`);
  }
  if (again.fixAll().length) problems.push(`${name}: a second Fix All still changes the file`);
  return true;
}

for (const [kind, corpus, fixtures] of KIND_DIRS) {
  test(`Fix All over the ${kind} corpus and fixtures: no manual fix, nothing new, nothing left`, (t) => {
    const corpusFiles = fs.existsSync(corpus) ? listFiles(corpus).filter((f) => !f.endsWith('.md')) : [];
    if (!corpusFiles.length) t.diagnostic(`corpus not found at ${corpus}: only the fixtures are checked`);
    const fixtureFiles = listFiles(fixtures).filter((f) => FIXTURE_FILE.test(f) && !f.endsWith('.config.json'));
    const problems: string[] = [];
    let changed = 0;
    for (const file of [...corpusFiles, ...fixtureFiles]) if (check(kind, file, problems)) changed++;
    t.diagnostic(`${corpusFiles.length} corpus files and ${fixtureFiles.length} fixtures; Fix All changed ${changed}`);
    assert.ok(fixtureFiles.length > 0);
    assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problems`);
  });
}

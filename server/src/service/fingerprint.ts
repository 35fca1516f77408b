import type * as Crypto from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver-types';
import { maskSecretsIn } from '../rules/secrets';
import { lazy } from '../common/memo';

/** node:crypto, loaded when a fingerprint is first made: a text or JSON report needs none (issue 21: ~6 ms to load). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module loaded on first use
const createHash = lazy(() => (require('node:crypto') as typeof Crypto).createHash);

/**
 * The fingerprint of a finding, computed one way for the CLI's reports (SARIF partialFingerprints, GitLab, the
 * baseline file) and for the language server (which marks baselined findings): both front ends import it from here.
 */

/**
 * The rule id given to a finding no rule made: Bulkhead's own notice that it could not read all of a file (YAML that
 * does not parse, nesting too deep to judge, a lint stopped at its deadline).
 */
export const NOTICE_RULE = 'bulkhead';

/** Where a finding is (1-based lines and columns, endColumn exclusive), as every CLI format gives it. */
export interface Located {
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Past this many characters a line's text is not read further: a fingerprint stays cheap on a minified line. */
const MAX_KEY_TEXT = 1000;

/** A line's text with its indentation and inner runs of blanks folded, so re-indenting does not change it. */
function normalised(text: string): string {
  return maskSecretsIn(text.slice(0, MAX_KEY_TEXT).replace(/\s+/g, ' ').trim());
}

/**
 * One fingerprint per finding of one file, in the order given: a hash of the rule, the text of the line the finding
 * starts on (normalised), the text the finding covers, and how many findings with the same three came before it in
 * the file. It survives lines added or removed above (only the line numbers change), re-indenting and a changed
 * message; it changes when the line itself changes. Credentials are masked before hashing, so the fingerprint is no
 * test of a guessed secret. The file's path is not part of it (SARIF places each result in its artifact already).
 */
export function fingerprints(findings: readonly Located[], text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const keys = findings.map((f) => {
    const lineText = lines[f.line - 1] ?? '';
    const covered = f.line === f.endLine ? lineText.slice(f.column - 1, f.endColumn - 1) : '';
    return `${f.rule}\u0000${normalised(lineText)}\u0000${normalised(covered)}`;
  });
  // occurrences count in document order, whatever order the rules reported in
  const order = findings
    .map((f, i) => i)
    .sort((a, b) => findings[a].line - findings[b].line || findings[a].column - findings[b].column || a - b);
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  for (const i of order) {
    const n = seen.get(keys[i]) ?? 0;
    seen.set(keys[i], n + 1);
    out[i] = hash(`${keys[i]}\u0000${n}`);
  }
  return out;
}

/** A diagnostic's place and rule in the 1-based form fingerprints (and the CLI's reports) use. */
export function locatedOf(d: Diagnostic): Located {
  return {
    rule: d.code === undefined ? NOTICE_RULE : String(d.code),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

/** The fingerprint of each diagnostic of a document, in order (`fingerprints` over `locatedOf` of each). */
export function diagnosticFingerprints(diagnostics: readonly Diagnostic[], text: string): string[] {
  return fingerprints(diagnostics.map(locatedOf), text);
}

/**
 * node:crypto loaded now, for a caller about to make fingerprints under a deadline (the CLI's settled outcomes, cli.ts):
 * V8 stops a job without running its `finally` blocks, so a Node module stopped half-loaded stays broken for the rest
 * of the process (createHash undefined in every later fingerprint).
 */
export function loadFingerprints(): void {
  createHash();
}

/** A hex SHA-256 prefix: 128 bits, plenty to keep the findings of a repository apart. */
export function hash(text: string): string {
  return createHash()('sha256').update(text).digest('hex').slice(0, 32);
}

import type { Severity, RuleMeta } from '../rules/types';
import { allRules } from '../service/registry';
import { ruleDocUri } from '../rules/anchors';
import { ruleHoverMarkdown } from '../rules/hover';
import { plainText } from '../text/plain';

/**
 * The CLI's output formats. Everything printed comes from a finding's rule id, position and message (the
 * rules mask secrets in their messages) or from the rule registry: never from the linted text itself.
 */
export interface Finding {
  /** Path relative to the working folder, as the user sees it. */
  file: string;
  /** The same path as a relative URI reference (forward slashes, percent-encoded) for SARIF. */
  uri: string;
  rule: string;
  severity: Severity;
  /** 1-based; endColumn is just past the last character (exclusive), as in SARIF. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /**
   * Stays the same when lines are added or removed above the finding (cli/fingerprint.ts); the file's path is not
   * part of it.
   */
  fingerprint: string;
  /**
   * The places a finding stands for (a Compose setting most services leave out is reported once, on `services:`):
   * each service's own finding, where it is. Absent for other findings.
   */
  related?: { line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

/**
 * The rule id the CLI gives a finding no rule made: Bulkhead's own notice that it could not read all of a file (YAML
 * that does not parse, nesting too deep to judge, a lint stopped at its deadline).
 */
export const NOTICE_RULE = 'bulkhead';

/** Something about a file that is not a finding: skipped input, a failed rule. */
export interface Notice {
  file: string;
  uri: string;
  level: 'note' | 'error';
  message: string;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One terminal line: newlines become spaces; control and bidi-override characters are shown escaped. */
export function oneLine(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatText(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${oneLine(f.file)}:${f.line}:${f.column} ${f.severity} ${f.rule} ${oneLine(f.message)}\n`)
    .join('');
}

export function formatJson(findings: readonly Finding[]): string {
  const out = findings.map(({ file, rule, severity, line, column, endLine, endColumn, message, related }) => ({
    file,
    rule,
    severity,
    line,
    column,
    endLine,
    endColumn,
    message,
    ...(related ? { related } : {}),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};
/** GitHub code scanning ranks security alerts by this score (>= 7 high, >= 4 medium, else low). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

function sarifRule(rule: RuleMeta, docsBase: string | undefined) {
  const markdown = ruleHoverMarkdown(rule);
  return {
    id: rule.id,
    name: rule.id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: plainText(markdown), markdown },
    ...(docsBase ? { helpUri: ruleDocUri(docsBase, rule.id) } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'dockerfile', ...rule.guidance, ...rule.anchors.map((a) => `${a.tool}:${a.id}`)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** The final OASIS schema of SARIF 2.1.0 (with errata 01), the one validators and editors expect. */
export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The partialFingerprints key: a hierarchical name ending in a version (SARIF 2.1.0 §3.27.17). */
export const FINGERPRINT_KEY = 'bulkheadFindingHash/v1';

export interface SarifOptions {
  version: string;
  /**
   * Where the rule pages are on the web (helpUri); undefined: no helpUri. Never a local path: the log is read on
   * another machine.
   */
  docsBase: string | undefined;
  /** The project's web page (driver.informationUri). */
  informationUri: string | undefined;
  /** file:// URI of the working folder (trailing slash): the base of every relative artifact URI. */
  rootUri: string;
  executionSuccessful: boolean;
}

export function formatSarif(findings: readonly Finding[], notices: readonly Notice[], options: SarifOptions): string {
  const rules: { id: string; [key: string]: unknown }[] = allRules.map((r) => sarifRule(r, options.docsBase));
  if (findings.some((f) => f.rule === NOTICE_RULE))
    rules.push({
      id: NOTICE_RULE,
      name: NOTICE_RULE,
      shortDescription: { text: 'Bulkhead could not read all of the file' },
      fullDescription: {
        text: 'The file does not parse, nests too deeply to judge, or took longer than its deadline: findings in it may be missing.',
      },
    });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifactLocation = (uri: string) => ({ uri, uriBaseId: 'SRCROOT' });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulkhead',
            version: options.version,
            semanticVersion: options.version,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: options.rootUri } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: options.executionSuccessful,
            toolExecutionNotifications: notices.map((n) => ({
              level: n.level,
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.uri) } }],
            })),
          },
        ],
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.uri),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          ...(f.related
            ? {
                relatedLocations: f.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: {
                    artifactLocation: artifactLocation(f.uri),
                    region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
                  },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

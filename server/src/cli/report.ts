import type { Severity, RuleMeta } from '../rules/types';
import { allRules, explainRule } from '../service/registry';
import { ruleDocUri } from '../rules/anchors';
import { plainText } from '../text/plain';
import type { Format } from './args';
import { hash, NOTICE_RULE } from '../service/fingerprint';
import { lazy } from '../common/memo';

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
   * Stays the same when lines are added or removed above the finding (service/fingerprint.ts); the file's path is not
   * part of it. Empty when the run's output does not use it (only SARIF, GitLab and baselines do: cli.ts
   * wantsFingerprints).
   */
  fingerprint: string;
  /**
   * The places a finding stands for (a Compose setting most services leave out is reported once, on `services:`):
   * each service's own finding, where it is. Absent for other findings.
   */
  related?: { line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export { NOTICE_RULE };

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
  return shownEscaped(s.replace(/\r?\n|\r/g, ' '));
}

/** Control and bidi-override characters shown as `\uXXXX`, so a message cannot recolour or rewrite a log. */
function shownEscaped(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

/**
 * One finding as an element of formatJson's array, byte for byte (indented, no comma after it), for the JSON output
 * that is written finding by finding: made from its fields, not by JSON.stringify of an array of a copy of the finding
 * sliced again (issue 21: 100 ms over 75,500 findings). A finding with related places, or with a field that is not a
 * string or finite number where expected, is left to formatJson.
 */
export function formatJsonItem(f: Finding): string {
  const { file, rule, severity, line, column, endLine, endColumn, message } = f;
  if (
    f.related ||
    typeof file !== 'string' ||
    typeof rule !== 'string' ||
    typeof severity !== 'string' ||
    typeof message !== 'string' ||
    !Number.isFinite(line) ||
    !Number.isFinite(column) ||
    !Number.isFinite(endLine) ||
    !Number.isFinite(endColumn)
  ) {
    const one = formatJson([f]);
    return one.slice(2, one.length - 3);
  }
  return (
    `  {\n    "file": ${JSON.stringify(file)},\n    "rule": ${JSON.stringify(rule)},\n` +
    `    "severity": ${JSON.stringify(severity)},\n    "line": ${line},\n    "column": ${column},\n` +
    `    "endLine": ${endLine},\n    "endColumn": ${endColumn},\n    "message": ${JSON.stringify(message)}\n  }`
  );
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
  const markdown = explainRule(rule);
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
      // the rule's kind (every rule was tagged `dockerfile`, a Compose or daemon.json rule too)
      tags: ['security', rule.kind, ...rule.guidance, ...rule.anchors.map((a) => `${a.tool}:${a.id}`)],
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
  /**
   * The run compared its findings with a baseline (--baseline): the baselined ones are left out, and each result
   * reported is marked `baselineState: "new"` (SARIF 2.1.0 §3.27.24).
   */
  baseline?: boolean;
}

export function formatSarif(findings: readonly Finding[], notices: readonly Notice[], options: SarifOptions): string {
  const results = findings.map((f) => sarifResult(f, options));
  const { head, tail } = sarifDocument(
    findings.some((f) => f.rule === NOTICE_RULE),
    notices,
    options,
  );
  return head + sarifResults(results.join(',\n'), results.length) + tail;
}

/**
 * The SARIF log but its results, as formatSarif prints it: `head` ends just before the results array, `tail` follows
 * it (the results come last in the run). `noticeRule`: some result is a NOTICE_RULE finding, whose rule is then listed
 * after every registered rule (so its ruleIndex is allRules.length, known before any result is written).
 */
export function sarifDocument(
  noticeRule: boolean,
  notices: readonly Notice[],
  options: SarifOptions,
): { head: string; tail: string } {
  const rules: { id: string; [key: string]: unknown }[] = allRules.map((r) => sarifRule(r, options.docsBase));
  if (noticeRule)
    rules.push({
      id: NOTICE_RULE,
      name: NOTICE_RULE,
      shortDescription: { text: 'Bulkhead could not read all of the file' },
      fullDescription: {
        text: 'The file does not parse, nests too deeply to judge, or took longer than its deadline: findings in it may be missing.',
      },
    });
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
              locations: [{ physicalLocation: { artifactLocation: sarifArtifact(n.uri) } }],
            })),
          },
        ],
        results: [],
      },
    ],
  };
  const text = JSON.stringify(log, null, 2) + '\n';
  // the last key of the run; a string holding these characters would show its quotes escaped
  const at = text.lastIndexOf(RESULTS_KEY);
  return { head: text.slice(0, at + RESULTS_KEY.length - 2), tail: text.slice(at + RESULTS_KEY.length) };
}

const RESULTS_KEY = '"results": []';

/** The results array between sarifDocument's head and tail: `items` results (sarifResult), joined with ",\n". */
function sarifResults(joined: string, items: number): string {
  return items ? SARIF_RESULTS_OPEN + joined + SARIF_RESULTS_CLOSE : '[]';
}
export const SARIF_RESULTS_OPEN = '[\n';
export const SARIF_RESULTS_CLOSE = '\n      ]';

function sarifArtifact(uri: string) {
  return { uri, uriBaseId: 'SRCROOT' };
}

/** One result as formatSarif prints it in the results array (indented to its depth, no comma after it). */
export function sarifResult(f: Finding, options: Pick<SarifOptions, 'baseline'>): string {
  const result = {
    ruleId: f.rule,
    ruleIndex: f.rule === NOTICE_RULE ? allRules.length : ruleIndex().get(f.rule),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(options.baseline ? { baselineState: 'new' } : {}),
    locations: [
      {
        physicalLocation: {
          artifactLocation: sarifArtifact(f.uri),
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
              artifactLocation: sarifArtifact(f.uri),
              region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
            },
          })),
        }
      : {}),
  };
  return nestedJson(result, 4);
}

/** `value` as JSON.stringify(document, null, 2) prints it `depth` levels deep in a document (no comma after it). */
function nestedJson(value: unknown, depth: number): string {
  const indent = '  '.repeat(depth);
  return indent + JSON.stringify(value, null, 2).replace(/\n/g, '\n' + indent);
}

/** Each registered rule's place in the SARIF log's rules. */
const ruleIndex = lazy(() => new Map(allRules.map((r, i) => [r.id, i])));

/** A path as CI tools want it: the relative URI reference decoded, so always with forward slashes. */
function posixPath(f: { uri: string }): string {
  return f.uri.split('/').map(decodeURIComponent).join('/');
}

/** `file:line:col: severity: message [rule]`, the GNU coding standards' form that editors' error parsers read. */
const GNU_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'note' };

export function formatGnu(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `${oneLine(f.file)}:${f.line}:${f.column}: ${GNU_SEVERITY[f.severity]}: ${oneLine(f.message)} [${f.rule}]\n`,
    )
    .join('');
}

/**
 * Characters XML 1.0 cannot hold at all (§2.2 Char): C0 controls but tab and newlines, lone surrogates (with the `u`
 * flag a pair is one code point, so only a lone half matches), U+FFFE and U+FFFF. They become U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // kept as characters references: an attribute value's newlines and tabs would otherwise be read as spaces
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Text for an XML attribute value or element content. */
function xml(s: string): string {
  return s.replace(NOT_XML, '\ufffd').replace(/[&<>"'\n\r\t]/g, (c) => XML_ENTITY[c]);
}

/** The files of the findings, in the order they first appear, each with its findings. */
export function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = files.get(f.file);
    if (list) list.push(f);
    else files.set(f.file, [f]);
  }
  return files;
}

/** Checkstyle's severities (error, warning, info, ignore): a hint is advice, like info. */
const CHECKSTYLE_SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  hint: 'info',
};

/**
 * Checkstyle XML (as hadolint's and ESLint's checkstyle formatters write it): one <file> per file with findings, one
 * <error> per finding; `source` is bulkhead.<rule>.
 */
export function formatCheckstyle(findings: readonly Finding[]): string {
  const out = [CHECKSTYLE_HEAD];
  for (const [file, list] of findingsByFile(findings)) {
    out.push(`  <file name="${xml(file)}">`);
    for (const f of list) out.push(checkstyleError(f));
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}

const CHECKSTYLE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">';

function checkstyleError(f: Finding): string {
  return `    <error line="${f.line}" column="${f.column}" severity="${CHECKSTYLE_SEVERITY[f.severity]}" message="${xml(f.message)}" source="bulkhead.${xml(f.rule)}"/>`;
}

/**
 * JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins): one <testsuite> per checked file; each
 * finding a <testcase> with a <failure>, whatever its severity (the exit code follows --fail-on); a file without
 * findings one passing <testcase>, so the report shows it was checked.
 */
export function formatJunit(findings: readonly Finding[], checked: readonly string[]): string {
  const files = findingsByFile(findings);
  for (const file of checked) if (!files.has(file)) files.set(file, []);
  let tests = 0;
  for (const list of files.values()) tests += Math.max(1, list.length);
  let out = junitHead(tests, findings.length);
  for (const [file, list] of files) out += junitSuite(file, list);
  return out + JUNIT_TAIL;
}

/** The start of formatJunit's document: the counts of all its test cases and failures come first. */
export function junitHead(tests: number, failures: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="bulkhead" tests="${tests}" failures="${failures}" errors="0">\n`
  );
}

/** One file's <testsuite>: a test case for each finding, or one passing case for a file without findings. */
export function junitSuite(file: string, list: readonly Finding[]): string {
  const cases = list.length
    ? list.map(
        (f) =>
          `    <testcase name="${xml(`${f.rule} ${f.line}:${f.column}`)}" classname="${xml(file)}" file="${xml(file)}" line="${f.line}">\n` +
          `      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`)}</failure>\n` +
          '    </testcase>',
      )
    : [`    <testcase name="bulkhead check" classname="${xml(file)}" file="${xml(file)}"/>`];
  return (
    `  <testsuite name="${xml(file)}" tests="${Math.max(1, list.length)}" failures="${list.length}" errors="0" skipped="0">\n` +
    cases.join('\n') +
    '\n  </testsuite>\n'
  );
}

export const JUNIT_TAIL = '</testsuites>\n';

/** GitLab Code Quality severities (info, minor, major, critical, blocker). */
const GITLAB_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/**
 * GitLab Code Quality (a subset of the Code Climate issue format; docs.gitlab.com ci/testing/code_quality, "Code
 * Quality report format"): description, check_name, fingerprint, severity, location.path and location.lines.begin.
 * The fingerprint is unique in the report and survives line moves: the finding's own (service/fingerprint.ts) with the
 * file's path, which GitLab's report spans.
 */
export function formatGitlab(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map(gitlabIssue), null, 2) + '\n';
}

function gitlabIssue(f: Finding) {
  return {
    type: 'issue',
    description: f.message,
    check_name: f.rule,
    categories: ['Security'],
    fingerprint: hash(`${posixPath(f)}\u0000${f.fingerprint}`),
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: posixPath(f), lines: { begin: f.line, end: f.endLine } },
  };
}

/** Workflow command levels: GitHub annotates with error, warning and notice. */
const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * A workflow command's data, escaped as @actions/core escapes it (actions/toolkit packages/core/src/command.ts,
 * escapeData): `%`, CR and LF. Other control characters are shown escaped, as in the text format, so a message cannot
 * recolour or rewrite the log.
 */
function githubData(s: string): string {
  return shownEscaped(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A workflow command's property value (command.ts escapeProperty): the data escapes, and `:` and `,`. */
function githubProperty(s: string): string {
  return githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (docs.github.com actions "Workflow commands for GitHub Actions", setting an error
 * message): `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`, which the runner turns into
 * annotations on the pull request. Columns only for a finding on one line, as GitHub's annotations take them.
 */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const properties = [
        `file=${githubProperty(posixPath(f))}`,
        `line=${f.line}`,
        `endLine=${f.endLine}`,
        ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : []),
        `title=${githubProperty(`bulkhead ${f.rule}`)}`,
      ];
      return `::${GITHUB_LEVEL[f.severity]} ${properties.join(',')}::${githubData(f.message)}\n`;
    })
    .join('');
}

/**
 * A report written as each file's findings arrive, so memory does not grow with the number of files (issue 21): `add`
 * gives the text for the next findings, `end` the rest of the document. What the pieces make together is byte for byte
 * what formatReport prints for all the findings at once when each file's findings come together under a name of its
 * own, as a check's reports do (one a file); two reports under one name (standard input, shown as `<stdin>`, beside a
 * file named so) get a Checkstyle <file> element each where formatReport merges them. SARIF (its notices and rules come
 * before its results) and JUnit (its counts come first) are undefined here: the check puts their results aside as text
 * (sarifResult, junitSuite) and writes the document around them at the end (cli.ts CheckOutput).
 */
export interface ReportStream {
  add(findings: readonly Finding[]): string;
  end(): string;
}

export function streamedReport(format: Format): ReportStream | undefined {
  switch (format) {
    case 'text':
      return { add: formatText, end: () => '' };
    case 'gnu':
      return { add: formatGnu, end: () => '' };
    case 'github':
      return { add: formatGithub, end: () => '' };
    case 'json':
      return arrayStream(formatJsonItem, formatJson([]));
    case 'gitlab':
      return arrayStream((f) => nestedJson(gitlabIssue(f), 1), formatGitlab([]));
    case 'checkstyle':
      return checkstyleStream();
    case 'sarif':
    case 'junit':
      return undefined;
  }
}

/** A JSON array written element by element as JSON.stringify(all, null, 2) + newline prints it; `empty` when none. */
function arrayStream(item: (f: Finding) => string, empty: string): ReportStream {
  let items = 0;
  return {
    add: (findings) => {
      let out = '';
      for (const f of findings) out += (items++ ? ',\n' : '[\n') + item(f);
      return out;
    },
    end: () => (items ? '\n]\n' : empty),
  };
}

/**
 * Checkstyle's document with each file's <file> element written as its findings arrive, left open while the findings
 * are the same file's. A name whose findings come apart gets a second element (see ReportStream).
 */
function checkstyleStream(): ReportStream {
  let open: string | undefined;
  let started = false;
  const head = () => (started ? '' : ((started = true), CHECKSTYLE_HEAD + '\n'));
  return {
    add: (findings) => {
      let out = '';
      for (const f of findings) {
        if (f.file !== open) {
          out += (open === undefined ? head() : '  </file>\n') + `  <file name="${xml(f.file)}">\n`;
          open = f.file;
        }
        out += checkstyleError(f) + '\n';
      }
      return out;
    },
    end: () => head() + (open === undefined ? '' : '  </file>\n') + '</checkstyle>\n',
  };
}

/** What a report can say beyond its findings. */
export interface ReportOptions extends SarifOptions {
  /** The files that were checked (as Finding.file), in order: JUnit lists those without findings as passed. */
  checked: readonly string[];
}

/** The whole report at once, in the format asked for: the document the check writes piece by piece (cli.ts CheckOutput, with streamedReport, sarifResult and junitSuite), which the tests compare with it. */
export function formatReport(
  format: Format,
  findings: readonly Finding[],
  notices: readonly Notice[],
  options: ReportOptions,
): string {
  const formats: Record<Format, () => string> = {
    text: () => formatText(findings),
    json: () => formatJson(findings),
    sarif: () => formatSarif(findings, notices, options),
    checkstyle: () => formatCheckstyle(findings),
    junit: () => formatJunit(findings, options.checked),
    gitlab: () => formatGitlab(findings),
    github: () => formatGithub(findings),
    gnu: () => formatGnu(findings),
  };
  return formats[format]();
}

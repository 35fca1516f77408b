// The CI report formats (checkstyle, junit, gitlab, github, gnu) read as their consumers read them: XML parsed by a
// strict XML parser, GitLab's Code Quality fields, GitHub's workflow commands unescaped as the runner does. A hostile
// message and file name round-trip; fingerprints survive a line move; an empty result is a valid empty report.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
// xml2js (sax underneath): a strict XML 1.0 parser, installed with @vscode/vsce
import xml2js from 'xml2js';
import fc from 'fast-check';
import { runCli, tempDir, projectMaker } from './cli-helpers';
import { FORMATS } from '../../server/src/cli/args';
import {
  Finding,
  formatCheckstyle,
  formatGithub,
  formatGitlab,
  formatGnu,
  formatJunit,
  formatReport,
  formatSarif,
  NOTICE_RULE,
  SARIF_RESULTS_CLOSE,
  SARIF_RESULTS_OPEN,
  sarifDocument,
  sarifResult,
  streamedReport,
} from '../../server/src/cli/report';

const { dir: TMP, cleanup } = tempDir('bulkhead-formats-');
after(cleanup);

const project = projectMaker(TMP);

/** Parse XML strictly (the callback runs synchronously). */
function parseXml(text: string) {
  let out;
  new xml2js.Parser({ strict: true }).parseString(text, (error, result) => {
    assert.ifError(error);
    out = result;
  });
  assert.ok(out, 'no XML document');
  return out;
}

/** A workflow command as the runner reads it: `::level k=v,k=v::data`, each part unescaped. */
function parseWorkflowCommand(line: string) {
  const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescape = (s: string) =>
    s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    m[2].split(',').map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq), unescape(p.slice(eq + 1))];
    }),
  );
  return { level: m[1], properties, message: unescape(m[3]) };
}

const HOSTILE_MESSAGE = 'a <b> & "c" \'d\' 100% done,\nnext: line %0A, \r\nend\u0007';
const HOSTILE_FILE = 'dir, x/a:b <&>%.Dockerfile';
const hostile = (over: Partial<Finding> = {}): Finding => ({
  file: HOSTILE_FILE,
  uri: HOSTILE_FILE.split('/').map(encodeURIComponent).join('/'),
  rule: 'root-user',
  severity: 'warning',
  line: 3,
  column: 2,
  endLine: 3,
  endColumn: 9,
  message: HOSTILE_MESSAGE,
  fingerprint: '0123456789abcdef0123456789abcdef',
  ...over,
});

test('checkstyle: XML a strict parser reads back, message and file name escaped and intact', () => {
  const findings = [hostile(), hostile({ severity: 'hint', line: 5, rule: 'x-rule' })];
  const doc = parseXml(formatCheckstyle(findings));
  const files = doc.checkstyle.file;
  assert.equal(files.length, 1);
  assert.equal(files[0].$.name, HOSTILE_FILE);
  const errors = files[0].error.map((e) => e.$);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.severity, e.source]),
    [
      ['3', '2', 'warning', 'bulkhead.root-user'],
      ['5', '2', 'info', 'bulkhead.x-rule'],
    ],
  );
  // a character XML cannot hold (BEL) becomes U+FFFD; everything else comes back as it was, newlines included
  assert.equal(errors[0].message, HOSTILE_MESSAGE.replace('\u0007', '\ufffd'));
  assert.equal(parseXml(formatCheckstyle([])).checkstyle.file, undefined);
});

test('junit: one testsuite per checked file, a failure per finding, a passing case for a clean file', () => {
  const findings = [hostile(), hostile({ line: 7, severity: 'error' })];
  const doc = parseXml(formatJunit(findings, [HOSTILE_FILE, 'clean/Dockerfile']));
  const root = doc.testsuites;
  assert.deepEqual([root.$.name, root.$.tests, root.$.failures], ['bulkhead', '3', '2']);
  const [withFindings, clean] = root.testsuite;
  assert.deepEqual([withFindings.$.name, withFindings.$.tests, withFindings.$.failures], [HOSTILE_FILE, '2', '2']);
  assert.equal(withFindings.testcase.length, 2);
  for (const c of withFindings.testcase) {
    assert.equal(c.$.classname, HOSTILE_FILE);
    assert.equal(c.failure.length, 1);
    assert.equal(c.failure[0].$.message, HOSTILE_MESSAGE.replace('\u0007', '\ufffd'));
  }
  assert.deepEqual(
    withFindings.testcase.map((c) => [c.$.name, c.failure[0].$.type]),
    [
      ['root-user 3:2', 'warning'],
      ['root-user 7:2', 'error'],
    ],
  );
  assert.deepEqual([clean.$.name, clean.$.tests, clean.$.failures], ['clean/Dockerfile', '1', '0']);
  assert.equal(clean.testcase[0].failure, undefined);
  const none = parseXml(formatJunit([], [])).testsuites;
  assert.deepEqual([none.$.tests, none.$.failures, none.testsuite], ['0', '0', undefined]);
});

test('gitlab: Code Quality fields, a fingerprint per file and finding, severities GitLab knows', () => {
  const findings = [
    hostile(),
    hostile({ file: 'other/Dockerfile', uri: 'other/Dockerfile' }),
    hostile({ severity: 'error', fingerprint: 'f'.repeat(32) }),
    hostile({ severity: 'info', fingerprint: 'e'.repeat(32) }),
    hostile({ severity: 'hint', fingerprint: 'd'.repeat(32) }),
  ];
  const issues = JSON.parse(formatGitlab(findings));
  assert.equal(issues.length, findings.length);
  for (const issue of issues) {
    assert.equal(issue.description, HOSTILE_MESSAGE);
    assert.equal(issue.check_name, 'root-user');
    assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), issue.severity);
    assert.equal(typeof issue.location.path, 'string');
    assert.equal(issue.location.lines.begin, 3);
  }
  assert.equal(issues[0].location.path, HOSTILE_FILE, 'the path as written, forward slashes');
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'the same finding in two files');
  assert.deepEqual(
    issues.map((i) => i.severity),
    ['major', 'major', 'critical', 'minor', 'info'],
  );
  assert.equal(formatGitlab([]), '[]\n');
});

test('github: workflow commands the runner unescapes to the message and file name, one line each', () => {
  const out = formatGithub([hostile(), hostile({ severity: 'info', endLine: 4 }), hostile({ severity: 'error' })]);
  const lines = out.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 3, 'a message with newlines stays on one line');
  const [first, multi, error] = lines.map(parseWorkflowCommand);
  assert.equal(first.level, 'warning');
  assert.deepEqual(first.properties, {
    file: HOSTILE_FILE,
    line: '3',
    endLine: '3',
    col: '2',
    endColumn: '9',
    title: 'bulkhead root-user',
  });
  // the runner's unescaping gives the message back; a control character is shown, not sent to the log
  assert.equal(first.message, HOSTILE_MESSAGE.replace('\u0007', '\\u0007'));
  assert.equal(multi.level, 'notice');
  assert.equal(multi.properties.col, undefined, 'columns only on one line');
  assert.equal(error.level, 'error');
  // the escapes @actions/core uses (command.ts): no raw `,` or `:` inside a property, no raw newline anywhere
  assert.match(lines[0], /^::warning file=dir%2C x\/a%3Ab <&>%25\.Dockerfile,line=3,/);
  assert.equal(formatGithub([]), '');
});

test('gnu: file:line:col: severity: message [rule], one line each', () => {
  const out = formatGnu([hostile(), hostile({ severity: 'hint' }), hostile({ severity: 'info' })]);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  const GNU = /^(.+):(\d+):(\d+): (error|warning|info|note): (.*) \[([a-z0-9-]+)\]$/;
  assert.deepEqual(
    lines.map((l) => GNU.exec(l)?.slice(2, 5).concat(GNU.exec(l)[6])),
    [
      ['3', '2', 'warning', 'root-user'],
      ['3', '2', 'note', 'root-user'],
      ['3', '2', 'info', 'root-user'],
    ],
  );
  assert.ok(lines[0].includes('100% done, next: line %0A,  end\\u0007'), lines[0]);
  assert.equal(formatGnu([]), '');
});

const INSECURE = 'FROM alpine:3.19\nADD app.py /app/\nCMD ["python3", "/app/app.py"]\n';

test('every format end to end: the exit code of the text format, stdout the report, an empty report when clean', () => {
  const root = project({ Dockerfile: INSECURE, 'ok/Dockerfile': '# nothing\n' });
  const clean = project({ Dockerfile: '# nothing\n' });
  const textCode = runCli(['check', '--fail-on', 'error'], { cwd: root }).code;
  assert.equal(runCli(['check'], { cwd: root }).code, 1);
  for (const format of FORMATS) {
    assert.equal(runCli(['check', '--format', format, '--fail-on', 'error'], { cwd: root }).code, textCode, format);
    const r = runCli(['check', '--format', format], { cwd: root });
    assert.equal(r.code, 1, format);
    assert.match(r.stderr, /problems? .* in 1 file \(2 files checked\)/, format);
    const empty = runCli(['check', '--format', format], { cwd: clean });
    assert.equal(empty.code, 0, `${format}: ${empty.stderr}`);
    if (format === 'checkstyle') assert.equal(parseXml(empty.stdout).checkstyle.file, undefined);
    if (format === 'junit') {
      const suites = parseXml(r.stdout).testsuites.testsuite.map((s) => [s.$.name, s.$.failures === '0']);
      assert.deepEqual(suites, [
        ['Dockerfile', false],
        [path.join('ok', 'Dockerfile'), true],
      ]);
      assert.equal(parseXml(empty.stdout).testsuites.testsuite.length, 1);
    }
    if (format === 'gitlab') assert.deepEqual(JSON.parse(empty.stdout), []);
    if (format === 'github' || format === 'gnu') assert.equal(empty.stdout, '');
    if (format === 'checkstyle') {
      const files = parseXml(r.stdout).checkstyle.file;
      assert.deepEqual(
        files.map((f) => f.$.name),
        ['Dockerfile'],
      );
    }
  }
});

test('gitlab fingerprints survive a line move; github and gnu follow the lines', () => {
  const moved = '# moved down\n\n' + INSECURE;
  const at = (text: string, format: string) =>
    runCli(['check', '--format', format], { cwd: project({ Dockerfile: text }) }).stdout;
  const prints = (text: string) => JSON.parse(at(text, 'gitlab')).map((i) => `${i.check_name} ${i.fingerprint}`);
  assert.deepEqual(prints(moved).sort(), prints(INSECURE).sort());
  assert.notDeepEqual(
    JSON.parse(at(moved, 'gitlab')).map((i) => i.location.lines.begin),
    JSON.parse(at(INSECURE, 'gitlab')).map((i) => i.location.lines.begin),
  );
  assert.match(at(moved, 'gnu'), /^Dockerfile:4:1: /m);
  assert.match(at(moved, 'github'), /^::\w+ file=Dockerfile,line=4,/m);
});

test('streamed reports: the pieces written file by file are byte for byte the document formatReport prints at once', () => {
  const finding = fc.record({
    severity: fc.constantFrom('error', 'warning', 'info', 'hint' as const),
    rule: fc.constantFrom('root-user', 'image-latest-tag', 'x<&>"y', NOTICE_RULE),
    line: fc.integer({ min: 1, max: 99 }),
    endLine: fc.integer({ min: 1, max: 99 }),
    message: fc.oneof(
      fc.constant(HOSTILE_MESSAGE),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    related: fc.option(fc.constant([{ line: 1, column: 1, endLine: 1, endColumn: 2, message: 'there' }]), {
      nil: undefined,
    }),
  });
  // files one after another, each with its findings together (as a check's reports come), cut into arbitrary pieces
  const run = fc.array(
    fc.record({
      file: fc.constantFrom('Dockerfile', HOSTILE_FILE, 'compose.yaml', 'Ä/ü "x".Dockerfile'),
      findings: fc.array(finding, { maxLength: 4 }),
    }),
    { maxLength: 6 },
  );
  const options = {
    version: '1.0.0',
    docsBase: undefined,
    informationUri: 'https://example.invalid',
    rootUri: 'file:///w/',
    executionSuccessful: true,
    checked: [],
    baseline: true,
  };
  const streamed = FORMATS.filter((format) => streamedReport(format));
  assert.deepEqual([...streamed].sort(), ['checkstyle', 'github', 'gitlab', 'gnu', 'json', 'text']);
  fc.assert(
    fc.property(run, fc.array(fc.nat(), { maxLength: 8 }), (files, cuts) => {
      const all: Finding[] = [];
      const seen = new Set<string>();
      files.forEach(({ file, findings }, i) => {
        // a run checks each file once
        const name = seen.has(file) ? `${file}.${i}` : file;
        seen.add(name);
        for (const f of findings) all.push(hostile({ ...f, file: name, uri: encodeURIComponent(name) }));
      });
      const at = [...new Set(cuts.map((c) => (all.length ? c % (all.length + 1) : 0)))].sort((a, b) => a - b);
      const pieces = [0, ...at, all.length].slice(1).map((end, i, ends) => all.slice(i ? ends[i - 1] : 0, end));
      for (const format of streamed) {
        const stream = streamedReport(format)!;
        const text = pieces.map((p) => stream.add(p)).join('') + stream.end();
        assert.equal(text, formatReport(format, all, [], options), format);
      }
      // SARIF as the check writes it: its results one by one, the log around them made at the end
      for (const baseline of [false, true]) {
        const sarifOptions = { ...options, baseline };
        const notices = all.slice(0, 2).map((f, k) => ({
          file: f.file,
          uri: f.uri,
          level: k ? ('error' as const) : ('note' as const),
          message: f.message,
        }));
        const { head, tail } = sarifDocument(
          all.some((f) => f.rule === NOTICE_RULE),
          notices,
          sarifOptions,
        );
        const results = all.map((f, k) => (k ? ',\n' : '') + sarifResult(f, sarifOptions)).join('');
        const sarif = head + (all.length ? SARIF_RESULTS_OPEN + results + SARIF_RESULTS_CLOSE : '[]') + tail;
        assert.equal(sarif, formatSarif(all, notices, sarifOptions), 'sarif');
        // what it must be on its own, whatever formatSarif is made of: JSON.stringify's layout of the log, each result
        // pointing at its rule, marked new when a baseline was used, the notices and the findings all there
        const log = JSON.parse(sarif);
        assert.equal(sarif, JSON.stringify(log, null, 2) + '\n');
        const run = log.runs[0];
        assert.equal(run.results.length, all.length);
        run.results.forEach((r: { ruleId: string; ruleIndex?: number; baselineState?: string }, k: number) => {
          assert.equal(r.ruleId, all[k].rule);
          if (r.ruleIndex !== undefined) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
          else assert.ok(!run.tool.driver.rules.some((rule: { id: string }) => rule.id === r.ruleId));
          assert.equal(r.baselineState, baseline ? 'new' : undefined);
        });
        assert.deepEqual(
          run.invocations[0].toolExecutionNotifications.map((n: { level: string }) => n.level),
          notices.map((n) => n.level),
        );
      }
    }),
    { seed: 21, numRuns: 300 },
  );
});

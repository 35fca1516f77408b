// `bulkhead check --baseline-write` / `--baseline`: adopting Bulkhead in a repository that has findings today. The
// round trip survives moved lines; only new findings are reported and fail; a second identical finding is new; fixed
// ones are counted; every format leaves the baselined findings out; a hostile baseline file is a usage error (exit 2).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { checkJson, projectMaker, runCli, tempDir } from './cli-helpers';
import { FORMATS } from '../../server/src/cli/args';
import { formatBaseline, matchBaseline, parseBaseline } from '../../server/src/service/baseline';

const { dir: TMP, cleanup } = tempDir('bulkhead-baseline-');
after(cleanup);
const project = projectMaker(TMP);

const CURL = 'RUN curl -fsSL http://get.example/install.sh | sh';
const DOCKERFILE = ['FROM ubuntu:22.04', CURL, 'USER app', ''].join('\n');

function written(dir: string, name = '.bulkhead-baseline.json') {
  const r = runCli(['check', '--baseline-write', name], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'a baseline run prints no report');
  return { ...r, text: fs.readFileSync(path.join(dir, name), 'utf8') };
}

test('baseline round trip: nothing new after moving lines; a new finding is the only one reported', () => {
  const dir = project({ Dockerfile: DOCKERFILE, 'sub/Dockerfile': DOCKERFILE });
  const { text, stderr } = written(dir);
  assert.match(stderr, /wrote \.bulkhead-baseline\.json: \d+ findings in 2 files/);
  const data = JSON.parse(text);
  assert.equal(data.version, 1);
  assert.deepEqual(
    [...new Set(data.findings.map((f: { file: string }) => f.file))],
    ['Dockerfile', 'sub/Dockerfile'],
    'paths relative to the baseline, forward slashes, sorted',
  );
  for (const f of data.findings) assert.deepEqual(Object.keys(f), ['file', 'rule', 'fingerprint']);
  assert.ok(!text.includes('get.example'), 'no line text in the baseline');

  // lines moved and re-indented: still all baselined
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    ['# a comment', '', 'FROM ubuntu:22.04', `  ${CURL}`, 'USER app'].join('\n'),
  );
  const same = checkJson(['--baseline', '.bulkhead-baseline.json'], { cwd: dir });
  assert.deepEqual(same.findings, []);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, new RegExp(`; ${data.findings.length} baselined$`, 'm'));

  // a second identical RUN is a new finding, although its text is the same as a baselined one
  fs.writeFileSync(path.join(dir, 'Dockerfile'), ['FROM ubuntu:22.04', CURL, CURL, 'USER app'].join('\n'));
  const more = checkJson(['--baseline', '.bulkhead-baseline.json'], { cwd: dir });
  assert.equal(more.code, 1);
  assert.ok(more.findings.length > 0);
  assert.ok(
    more.findings.every((f) => f.file === 'Dockerfile' && f.line === 3),
    JSON.stringify(more.findings),
  );

  // fixed: the baselined findings that are gone are counted
  fs.writeFileSync(path.join(dir, 'sub/Dockerfile'), 'FROM ubuntu:22.04\nUSER app\n');
  const fixed = checkJson(['--baseline', '.bulkhead-baseline.json', 'sub'], { cwd: dir });
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stderr, /\d+ baselined, [1-9]\d* baselined gone \(fixed/);
});

test('baseline paths are relative to the baseline file, whatever the working folder', () => {
  const dir = project({ 'app/Dockerfile': DOCKERFILE });
  const r = runCli(['check', '--baseline-write', '../ci/baseline.json', '.'], {
    cwd: (fs.mkdirSync(path.join(dir, 'ci')), path.join(dir, 'app')),
  });
  assert.equal(r.code, 0, r.stderr);
  const data = JSON.parse(fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8'));
  assert.ok(
    data.findings.every((f: { file: string }) => f.file === '../app/Dockerfile'),
    JSON.stringify(data),
  );
  const again = checkJson(['--baseline', 'ci/baseline.json', 'app'], { cwd: dir });
  assert.deepEqual(again.findings, []);
  assert.equal(again.code, 0);
});

test('every format leaves baselined findings out; SARIF marks the new ones', () => {
  const dir = project({ Dockerfile: DOCKERFILE });
  written(dir);
  fs.appendFileSync(path.join(dir, 'Dockerfile'), 'RUN curl -k https://x.example/a -o /a\n');
  const all = checkJson([], { cwd: dir }).findings;
  const fresh = checkJson(['--baseline', '.bulkhead-baseline.json'], { cwd: dir }).findings;
  assert.ok(fresh.length > 0 && fresh.length < all.length);
  const rules = [...new Set(fresh.map((f) => f.rule))];
  const baselinedOnly = [...new Set(all.map((f) => f.rule))].filter((r) => !rules.includes(r));
  assert.ok(baselinedOnly.length > 0);
  for (const format of FORMATS) {
    const r = runCli(['check', '--format', format, '--baseline', '.bulkhead-baseline.json'], { cwd: dir });
    assert.equal(r.code, 1, `${format}: ${r.stderr}`);
    if (format === 'sarif') {
      // every rule is described in the driver: the results are what count
      const results = JSON.parse(r.stdout).runs[0].results;
      assert.equal(results.length, fresh.length);
      assert.ok(results.every((x: { baselineState: string }) => x.baselineState === 'new'));
      assert.ok(results.every((x: { ruleId: string }) => !baselinedOnly.includes(x.ruleId)));
    } else for (const rule of baselinedOnly) assert.ok(!r.stdout.includes(rule), `${format} reports ${rule}`);
  }
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: dir }).stdout);
  assert.ok(
    sarif.runs[0].results.every((x: object) => !('baselineState' in x)),
    'no baseline, no baselineState',
  );
});

test('a missing, malformed or hostile baseline is one line on stderr and exit code 2', () => {
  const dir = project({ Dockerfile: DOCKERFILE });
  const cases: [string, string | Buffer | null, RegExp][] = [
    ['missing.json', null, /no such file; write one with --baseline-write/],
    ['folder', 'DIR', /it is a folder/],
    ['empty.json', '', /not valid JSON/],
    ['garbage.json', Buffer.from([0xff, 0, 1, 2]), /not valid JSON/],
    ['array.json', '[]', /not a baseline/],
    ['deep.json', '['.repeat(100_000), /nests deeper/],
    ['version.json', '{"version":2,"findings":[]}', /version 2 is not one this Bulkhead reads/],
    ['noversion.json', '{"findings":[]}', /no "version": 1/],
    ['findings.json', '{"version":1,"findings":{}}', /"findings" is not a list/],
    ['entry.json', '{"version":1,"findings":[1]}', /findings\[0\] is not an object/],
    ['rule.json', '{"version":1,"findings":[{"file":"Dockerfile","rule":"a b","fingerprint":"0"}]}', /"rule"/],
    [
      'print.json',
      '{"version":1,"findings":[{"file":"Dockerfile","rule":"root-user","fingerprint":"xyz"}]}',
      /"fingerprint" must be 32 hexadecimal digits/,
    ],
    ['file.json', '{"version":1,"findings":[{"file":1,"rule":"root-user","fingerprint":"0"}]}', /"file"/],
    ['proto.json', '{"version":1,"__proto__":{"findings":[]}}', /"findings" is not a list/],
  ];
  for (const [name, content, message] of cases) {
    if (content === 'DIR') fs.mkdirSync(path.join(dir, name));
    else if (content !== null) fs.writeFileSync(path.join(dir, name), content);
    const r = runCli(['check', '--baseline', name], { cwd: dir });
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.equal(r.stdout, '', name);
    assert.match(r.stderr, message, name);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line\n${r.stderr}`);
  }
});

test('usage errors: baseline options that do not go together', () => {
  for (const [args, message] of [
    [['--baseline', 'a', '--baseline-write', 'b'], /not both/],
    [['--baseline-write', 'b', '--fix'], /cannot be used with --fix/],
    [['--baseline-write', 'b', '--format', 'json'], /takes no --format/],
    [['--baseline', 'a', '--fix-dry-run'], /takes no baseline/],
    [['--baseline', ''], /needs a file name/],
    [['--baseline'], /needs a value/],
  ] as const) {
    const r = runCli(['check', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('baseline file: stable text (any order in, the same file out) and parse(format(x)) holds x', () => {
  const entry = fc.record({
    file: fc.constantFrom('Dockerfile', 'a/Dockerfile', 'compose.yaml', 'Ä/ü "x".Dockerfile'),
    rule: fc.constantFrom('root-user', 'bulkhead', 'plain-http-download'),
    fingerprint: fc.constantFrom('0'.repeat(32), 'f'.repeat(32), '0123456789abcdef'.repeat(2)),
  });
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
      const text = formatBaseline(entries);
      assert.equal(formatBaseline([...entries].reverse()), text);
      const parsed = parseBaseline(text);
      assert.ok('baseline' in parsed);
      assert.equal(parsed.baseline.size, entries.length);
      for (const file of new Set(entries.map((e) => e.file))) {
        const mine = entries.filter((e) => e.file === file);
        // each recorded finding covers exactly one finding: one more of the same is new
        const match = matchBaseline(parsed.baseline, file, [...mine, ...mine.slice(0, 1)]);
        assert.deepEqual(match.baselined, [...mine.map(() => true), ...mine.slice(0, 1).map(() => false)]);
        assert.equal(match.gone, 0);
        assert.equal(matchBaseline(parsed.baseline, file, []).gone, mine.length);
      }
    }),
    { seed: 20, numRuns: 200 },
  );
});

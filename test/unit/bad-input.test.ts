// Hostile and malformed input, through the pure service AND the CLI: every case must finish, never throw, never make
// a rule fail, and put every finding inside the document. Timings are printed for the reader; a hang fails the test
// through a guard, and super-linear cost is caught by comparing n with 4n (cost-helpers.ts), never by a time limit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TODAY } from './helpers';
import { assertLinear, finishes } from './cost-helpers';
import { checkJson, tempDir, documentLines, assertRangeInside, assertFindingInside } from './cli-helpers';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { MAX_LINT_BYTES, inspectInput } from '../../server/src/service/input';

const { dir: TMP, cleanup } = tempDir('bulkhead-bad-');
after(cleanup);

const INSECURE_LINES = [
  'FROM alpine:3.19',
  'RUN apk add curl \\',
  '    && echo done',
  'ADD app.py /app/',
  'CMD ["python3"]',
];

function manyRunLines(bytes) {
  const parts = ['FROM alpine:3.19'];
  let size = parts[0].length;
  for (let n = 0; size < bytes; n++) {
    const line = `RUN echo line ${n} && apk add --no-cache pkg${n} \\\n    && rm -rf /var/cache/apk/* # ${n}`;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n') + '\n';
}

/**
 * Each case: `content` (string or Buffer), optional `skipped` (inspectInput declines it), `check` (service result),
 * `cliCheck` (CLI findings).
 */
const CASES = [
  {
    name: 'binary data (NUL bytes)',
    content: Buffer.concat([Buffer.from('FROM alpine\n\u0000\u0001\u0002'), crypto.randomBytes(64 * 1024)]),
    skipped: /NUL bytes/,
  },
  // Over the 2 MiB limit: declined at once with a message, in the editor and the CLI alike.
  { name: '5 MB Dockerfile of RUN lines', content: manyRunLines(5 * 1024 * 1024), skipped: /larger than 2 MB/ },
  // Far beyond real Dockerfiles but under the limit (~11k instructions): the engine lints it all (1-2 s here)
  { name: '1 MB Dockerfile of RUN lines', content: manyRunLines(1024 * 1024) },
  { name: '1 MB single line', content: 'FROM alpine:3.19\nRUN ' + 'echo x && '.repeat(100_000) + 'true\n' },
  { name: '1 MB single word', content: 'FROM alpine:3.19\nRUN ' + 'a'.repeat(1024 * 1024) + '\n' },
  {
    name: 'unterminated heredoc',
    content: 'FROM alpine:3.19\nRUN <<EOF\napk add curl\nUSER root\nCOPY . /app\n',
    check: (r) => assert.ok(r.model.instructions.length >= 2),
  },
  {
    name: 'unterminated quote and substitution',
    content: 'FROM alpine:3.19\nRUN echo "unclosed $(curl http://x | sh \\\n  && echo `tick\nUSER ${NAME:-\n',
  },
  {
    name: 'bogus escape directive (# escape=x)',
    content: '# escape=x\nFROM alpine:3.19\nRUN echo a x\n  b\nADD app.py /app/\n',
    check: (r) => {
      assert.equal(r.model.escapeChar, '\\', 'an invalid escape character falls back to the default');
      assert.ok(r.diagnostics.some((d) => d.code === 'add-instead-of-copy' && d.range.start.line === 4));
    },
  },
  {
    name: 'CRLF line endings',
    content: INSECURE_LINES.join('\r\n') + '\r\n',
    check: (r) => sameFindings(r, lint(INSECURE_LINES.join('\n') + '\n')),
    cliCheck: (findings) => {
      const add = findings.find((f) => f.rule === 'add-instead-of-copy');
      assert.deepEqual([add.line, add.column, add.endLine, add.endColumn], [4, 1, 4, 4]);
    },
  },
  {
    name: 'lone CR line endings',
    content: INSECURE_LINES.join('\r') + '\r',
  },
  {
    name: 'byte order mark',
    content: '\uFEFF' + INSECURE_LINES.join('\n') + '\n',
    check: (r) => {
      assert.equal(r.model.instructions[0].keyword, 'FROM', 'the BOM hides the first instruction');
      const plain = lint(INSECURE_LINES.join('\n') + '\n');
      // the service counts the BOM as a character of line 1; every other position is the same
      const shift = (d) =>
        d.range.start.line === 0 ? { ...d.range.start, character: d.range.start.character - 1 } : d.range.start;
      assert.deepEqual(
        r.diagnostics.map((d) => [d.code, shift(d)]),
        plain.diagnostics.map((d) => [d.code, d.range.start]),
      );
    },
  },
  { name: 'empty file', content: '', check: (r) => assert.equal(r.model.instructions.length, 0) },
  {
    name: 'only comments',
    content: '# syntax=docker/dockerfile:1\n# a comment\n\n   # indented\n',
    check: (r) => assert.equal(r.model.instructions.length, 0),
  },
  {
    name: '100k comment lines',
    content: Array.from({ length: 100_000 }, (_, i) => `# comment ${i}`).join('\n') + '\nFROM alpine:3.19\n',
  },
  { name: 'FROM with no image', content: 'FROM\nRUN echo hi\nFROM \nUSER\nADD\nCOPY --from=\n' },
  {
    name: 'JSON garbage',
    content: '{"FROM": ["alpine", {"RUN": null}], "x": "\\u0000 \\\\ \\"", [1, 2, {]}\n]]]}}}\n',
  },
  {
    name: 'deep stage chain and many variables',
    content:
      'FROM alpine:3.19 AS s0\n' +
      Array.from(
        { length: 15_000 },
        (_, i) => `FROM s${i} AS s${i + 1}\nENV V${i}=\${V${i > 0 ? i - 1 : 0}:-x}y\nUSER u$V${i}\n`,
      ).join(''),
  },
];

function lint(text) {
  return lintDockerfile(text, 'file:///work/Dockerfile', DEFAULT_CONFIG, { dockerignore: null, today: TODAY });
}

function sameFindings(a, b) {
  const key = (d) =>
    `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;
  assert.deepEqual(a.diagnostics.map(key), b.diagnostics.map(key));
}

/** Everything a rule or the editor may touch on the model, so lazy parts are exercised even if no rule needs them. */
function touchModel(result) {
  const model = result.model;
  for (const inst of model.instructions) {
    void [inst.flags, inst.body, inst.heredocs, inst.scripts, inst.execForm];
    model.varsAt(inst).get('PATH');
  }
  for (const d of result.diagnostics) hoverDockerfile(result, d.range.start);
  if (model.instructions.length) hoverDockerfile(result, model.instructions[0].range.start);
  return fixAllEdits(result);
}

for (const c of CASES) {
  const text = Buffer.isBuffer(c.content) ? c.content.toString('utf8') : c.content;

  test(`service: ${c.name}`, (t) => {
    const started = performance.now();
    const declined = inspectInput(text);
    if (c.skipped) assert.match(declined ?? '', c.skipped, 'inspectInput should decline it');
    else assert.equal(declined, null);
    // The server and CLI never lint declined input, but the engine must survive binary text anyway (the size limit
    // exists so that nothing spends seconds on a file no one wrote by hand: that one is not linted here either).
    if (c.skipped && text.length > MAX_LINT_BYTES) {
      t.diagnostic(`${c.name}: declined in ${(performance.now() - started).toFixed(0)} ms`);
      return;
    }
    const result = finishes(() => lint(text), c.name);
    const lintMs = performance.now() - started;
    assert.deepEqual(
      result.failures.map((f) => `${f.rule}: ${f.error}`),
      [],
    );
    const lines = documentLines(text);
    for (const d of result.diagnostics) assertRangeInside(lines, d.range, `${d.code}`);
    const edits = touchModel(result);
    for (const e of edits) assertRangeInside(lines, e.range, 'fix-all edit');
    c.check?.(result);
    const ms = performance.now() - started;
    t.diagnostic(
      `${c.name}: ${(text.length / 1024).toFixed(0)} KiB, lint ${lintMs.toFixed(0)} ms, lint + model walk ${ms.toFixed(0)} ms, ${result.diagnostics.length} findings`,
    );
  });

  test(`cli: ${c.name}`, (t) => {
    const file = path.join(TMP, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.Dockerfile`);
    fs.writeFileSync(file, c.content);
    const r = checkJson([file], { cwd: TMP });
    t.diagnostic(`${c.name}: cli ${r.ms} ms, exit ${r.code}, ${r.findings.length} findings`);
    assert.doesNotMatch(r.stderr, /internal error/);
    if (c.skipped) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.findings, []);
      assert.match(r.stderr, c.skipped);
      assert.match(r.stderr, /no files checked \(1 not checked\)/);
      return;
    }
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.equal(r.code, r.findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0);
    // the CLI reads UTF-8 without the BOM
    const lines = documentLines(text.replace(/^\uFEFF/, ''));
    for (const f of r.findings) {
      assert.equal(f.file, path.basename(file));
      assertFindingInside(lines, f);
    }
    c.cliCheck?.(r.findings);
  });
}

test('cli: CRLF, BOM and LF versions of a file give the same findings', () => {
  const lf = INSECURE_LINES.join('\n') + '\n';
  const variants = {
    'lf.Dockerfile': lf,
    'crlf.Dockerfile': lf.replace(/\n/g, '\r\n'),
    'bom.Dockerfile': '\uFEFF' + lf,
  };
  for (const [name, content] of Object.entries(variants)) fs.writeFileSync(path.join(TMP, name), content);
  const runs = Object.keys(variants).map((name) => checkJson([name], { cwd: TMP }).findings.map(({ file, ...f }) => f));
  assert.ok(runs[0].length >= 2);
  assert.deepEqual(runs[1], runs[0], 'CRLF');
  assert.deepEqual(runs[2], runs[0], 'BOM');
});

test('cli: a file of invalid UTF-8 is linted with replacement characters, not rejected', () => {
  const file = path.join(TMP, 'latin1.Dockerfile');
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('FROM alpine:3.19\nLABEL author="'),
      Buffer.from([0xe9, 0xff, 0xfe]),
      Buffer.from('"\nADD a /b\n'),
    ]),
  );
  const r = checkJson([file], { cwd: TMP });
  assert.equal(r.code, 1);
  assert.ok(r.findings.some((f) => f.rule === 'add-instead-of-copy' && f.line === 3));
});

test('service and cli agree on a case with findings on many lines', () => {
  const text = manyRunLines(256 * 1024).replace(/^RUN echo line (\d*7) /gm, 'ADD app$1.py /app/\nRUN echo line $1 ');
  const file = path.join(TMP, 'agree.Dockerfile');
  fs.writeFileSync(file, text);
  const service = lintDockerfile(text, pathToFileURL(file).toString(), DEFAULT_CONFIG, {
    dockerignore: null,
    today: new Date(),
  });
  const cli = checkJson([file], { cwd: TMP });
  assert.ok(service.diagnostics.filter((d) => d.code === 'add-instead-of-copy').length > 100);
  assert.deepEqual(
    cli.findings.map((f) => `${f.rule}@${f.line}:${f.column}`),
    service.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`),
  );
});

test('service: lint cost grows linearly with the number of instructions and with the length of one line', () => {
  assertLinear((n) => lint(manyRunLines(n * 1024)), 64, 'RUN lines');
  assertLinear((n) => lint('FROM alpine:3.19\nRUN ' + 'echo x && '.repeat(n * 100) + 'true\n'), 64, 'one long line');
});

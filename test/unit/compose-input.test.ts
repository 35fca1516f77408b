// Compose files that could hurt the linter, and the real corpus: malformed YAML, alias bombs, cycles, include: and
// env_file (not followed), huge and binary files. Each finishes with clear findings and never an exception, through the
// service and the CLI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, listFiles } from './helpers';
import { lintCompose, applyEdits } from './compose-helpers';
import { assertLinear, finishes } from './cost-helpers';
import { checkJson, tempDir } from './cli-helpers';
import { lintCompose as lintComposeText } from '../../server/src/compose/service/lint';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { inspectInput } from '../../server/src/service/input';

const { dir: TMP, cleanup } = tempDir('bulkhead-compose-bad-');
after(cleanup);

const CASES = [
  { name: 'tab indentation and an unclosed quote', text: 'services:\n\tweb:\n    image: "nginx\n', notice: true },
  { name: 'a list at top level', text: '- services\n- web\n' },
  { name: 'services is a string', text: 'services: nope\n' },
  { name: 'a service that is null', text: 'services:\n  web:\n' },
  {
    name: 'include: and env_file are not followed',
    text: 'include:\n  - ../other/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n    env_file: [.env, /nonexistent/secrets.env]\n',
  },
  {
    name: 'extends another file',
    text: 'services:\n  web:\n    extends:\n      file: ../common.yaml\n      service: base\n',
  },
  { name: 'extends cycle', text: 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' },
  { name: 'extends of a missing service', text: 'services:\n  a:\n    extends: nowhere\n' },
  { name: 'merge key of a scalar', text: 'x-a: &a 3\nservices:\n  web:\n    <<: *a\n    image: nginx:1.27\n' },
  {
    name: 'alias bomb (billion laughs)',
    text: 'x-a: &a [x, x, x, x, x, x, x, x, x, x]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nx-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nx-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nx-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nservices:\n  web:\n    image: nginx:1.27\n    command: *g\n    environment: *g\n',
  },
  {
    name: 'two YAML documents',
    text: 'services:\n  web:\n    image: nginx:1.27\n---\nservices:\n  db:\n    image: postgres:16\n',
    notice: true,
  },
  {
    name: 'deep nesting',
    text: 'services:\n  web:\n    image: nginx:1.27\n    labels: ' + '['.repeat(2000) + ']'.repeat(2000) + '\n',
  },
  { name: 'a BOM', text: '\uFEFFservices:\n  web:\n    image: nginx:1.27\n' },
];

for (const c of CASES) {
  test(`compose bad input: ${c.name}`, () => {
    const r = finishes(() => lintCompose(c.text), c.name);
    const lines = c.text.split('\n').length;
    for (const d of r.diagnostics) assert.ok(d.range.end.line < lines + 1, 'range inside');
    if (c.notice)
      assert.ok(
        r.diagnostics.some((d) => !d.code && /does not parse/.test(d.message)),
        JSON.stringify(r.diagnostics.map((d) => d.message)),
      );
  });
}

test('a byte order mark before several top-level keys: the file parses and lints as it does without one', () => {
  const text = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
  const plain = lintCompose(text);
  const bom = lintCompose('\uFEFF' + text);
  assert.deepEqual(bom.model.errors, []);
  assert.deepEqual(
    bom.diagnostics.map((d) => [d.code, d.range, d.message]),
    plain.diagnostics.map((d) => [d.code, d.range, d.message]),
  );
  assert.ok(bom.diagnostics.some((d) => d.code === 'compose-privileged'));
  const fix = bom.diagnostics.find((d) => d.code === 'compose-privileged').data.fixes[0];
  assert.equal(applyEdits('\uFEFF' + text, fix.edits).text, '\uFEFF' + text.replace('    privileged: true\n', ''));
});

test('compose bad input: odd shapes lint quietly (no process warnings on stderr) and quickly with many services', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    for (const text of [
      'services:\n  - web\n  - db\n',
      'services:\n  web:\n    image: alpine:3.20\n    environment:\n      ? [a]\n      : b\n    labels: {[x]: 1}\n',
      'services:\n  db:\n    image: postgres:16\n    ports: [5432, {target: 5432, published: 5432}, null, [1]]\n    environment: [PASSWORD, =x, 5, {A: B}]\n',
    ])
      lintCompose(text);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
  // the suppression check looks up each finding's service: once per file, not once per finding and service
  const many = (n) =>
    'services:\n' +
    Array.from(
      { length: n },
      (_, i) => `  s${i}:\n    image: redis\n    privileged: true\n    ports: ["6379:6379"]\n`,
    ).join('');
  assert.ok(lintCompose(many(2000)).diagnostics.length > 6000);
  assertLinear((n) => lintCompose(many(n)), 250, 'findings in a file of n services');
});

test('compose bad input: huge and binary files are declined with a message', () => {
  assert.match(
    inspectInput('services:\n' + '  x: y\n'.repeat(500_000), 'compose') ?? '',
    /larger than 2 MB, far beyond any real Compose file/,
  );
  assert.match(
    inspectInput('services:\u0000\u0001', 'compose') ?? '',
    /NUL bytes, so it looks binary rather than a Compose file/,
  );
});

test('compose bad input through the CLI: exit 0 or 1, JSON output', () => {
  for (const c of CASES) {
    const file = path.join(TMP, c.name.replace(/[^a-z0-9]+/gi, '-'), 'compose.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, c.text);
    const { code, findings, stderr } = checkJson([file]);
    assert.ok(code === 0 || code === 1, `${c.name}: exit ${code}: ${stderr}`);
    assert.ok(Array.isArray(findings));
  }
});

const CORPUS = path.resolve(ROOT, '../shared/corpus/compose');
test('compose corpus: every file lints without exceptions or rule failures; per-rule counts', (t) => {
  if (!fs.existsSync(CORPUS)) {
    t.skip(`compose corpus not found at ${CORPUS}`);
    return;
  }
  const files = listFiles(CORPUS);
  const perRule = new Map();
  const started = performance.now();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const result = lintComposeText(text, pathToFileURL(file).toString(), DEFAULT_CONFIG);
    assert.deepEqual(result.failures, [], `${file}: a rule failed`);
    for (const d of result.diagnostics) {
      const k = d.code ?? '(yaml syntax)';
      const e = perRule.get(k) ?? { n: 0, files: new Set() };
      e.n++;
      e.files.add(file);
      perRule.set(k, e);
    }
  }
  const table = [...perRule].sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `${k} ${v.n}/${v.files.size}`);
  t.diagnostic(`${files.length} files in ${Math.round(performance.now() - started)} ms: ${table.join(', ')}`);
  assert.ok(files.length > 200);
});

test('a lone CR ends a line for # bulkhead-ignore as it does for the positions of findings', () => {
  const text =
    'services:\r  web:\r    image: nginx:1.27\n    # bulkhead-ignore compose-privileged\n    privileged: true\n';
  const privileged = lintCompose(text).diagnostics.filter((d) => d.code === 'compose-privileged');
  assert.deepEqual(privileged, []);
  assert.equal(
    lintCompose(text.replace('# bulkhead-ignore compose-privileged', '# a note')).diagnostics.filter(
      (d) => d.code === 'compose-privileged',
    ).length,
    1,
  );
});

test('fixes on YAML with syntax errors: none for "Fix all", none inside the broken service, none that add an error', () => {
  const text =
    'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"\n    privileged: true\n  web:\n    image: nginx:1.27\n';
  const result = lintCompose(text);
  assert.ok(result.diagnostics.some((d) => d.code === 'compose-no-new-privileges'));
  assert.deepEqual(fixAllEdits(result), []);
  for (const d of result.diagnostics) {
    for (const fix of d.data?.fixes ?? []) {
      assert.equal(fix.manual, true, fix.title);
      assert.ok(
        fix.edits.every((e) => e.range.start.line >= 5),
        `${fix.title} edits the broken service`,
      );
    }
  }
});

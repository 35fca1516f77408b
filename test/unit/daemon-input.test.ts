// daemon.json input that dockerd refuses or that could hurt the linter: comments, trailing commas, two top-level
// objects, a top-level array, deep nesting, huge files, a BOM, binary data. Each gives clear findings (dockerd's own
// words where it would refuse to start) and never an exception, through the service and the CLI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintDaemon } from './daemon-helpers';
import { checkJson, tempDir } from './cli-helpers';
import { finishes } from './cost-helpers';
import { inspectInput } from '../../server/src/service/input';

const { dir: TMP, cleanup } = tempDir('bulkhead-daemon-bad-');
after(cleanup);

const invalid = (r) => r.diagnostics.filter((d) => d.code === 'daemon-invalid-json');

function inside(text, d) {
  const lines = text.split('\n');
  assert.ok(
    d.range.start.line < lines.length + 1 && d.range.end.line < lines.length + 1,
    `range outside: ${JSON.stringify(d.range)}`,
  );
}

const CASES = [
  {
    name: 'line comment',
    text: '{\n  // hardened\n  "icc": false\n}\n',
    expect: (r) => {
      const [d] = invalid(r);
      assert.match(d.message, /invalid character '\/' looking for beginning of object key string/);
      assert.equal(d.range.start.line, 1);
    },
  },
  {
    name: 'block comment after a value',
    text: '{\n  "icc": false /* CIS 2.2 */\n}\n',
    expect: (r) => assert.match(invalid(r)[0].message, /invalid character '\/' after object key:value pair/),
  },
  {
    name: 'trailing comma in the object',
    text: '{\n  "icc": false,\n}\n',
    expect: (r) =>
      assert.match(invalid(r)[0].message, /invalid character '\}' looking for beginning of object key string/),
  },
  {
    name: 'trailing comma in an array',
    text: '{\n  "dns": ["1.1.1.1",]\n}\n',
    expect: (r) => assert.match(invalid(r)[0].message, /invalid character '\]' looking for beginning of value/),
  },
  {
    name: 'two top-level objects',
    text: '{"icc": false}\n{"debug": false}\n',
    expect: (r) => {
      assert.match(invalid(r)[0].message, /invalid character '\{' after top-level value/);
      // the rest of the file is not checked key by key: dockerd stops here
      assert.deepEqual(
        r.diagnostics.map((d) => d.code),
        ['daemon-invalid-json'],
      );
    },
  },
  {
    name: 'an array at top level',
    text: '[{"icc": false}]\n',
    expect: (r) =>
      assert.match(invalid(r)[0].message, /cannot unmarshal array into Go value of type map\[string\]interface \{\}/),
  },
  {
    name: 'a string at top level',
    text: '"icc=false"\n',
    expect: (r) => assert.match(invalid(r)[0].message, /cannot unmarshal string into Go value of type map/),
  },
  {
    name: 'missing comma',
    text: '{\n  "icc": false\n  "debug": false\n}\n',
    expect: (r) => assert.match(invalid(r)[0].message, /invalid character '"' after object key:value pair/),
  },
  {
    name: 'unterminated object',
    text: '{\n  "icc": false\n',
    expect: (r) => assert.match(invalid(r)[0].message, /unexpected end of JSON input/),
  },
  {
    name: 'UTF-8 byte order mark (dockerd accepts it since Engine 23)',
    text: '\uFEFF{\n  "icc": false\n}\n',
    expect: (r) => assert.deepEqual(invalid(r), []),
  },
  {
    name: 'whitespace only (dockerd: empty configuration)',
    text: '  \n\n',
    expect: (r) => assert.deepEqual(invalid(r), []),
  },
  {
    name: 'deeply nested values (20,000 levels)',
    text: '{"log-opts": ' + '['.repeat(20000) + ']'.repeat(20000) + '}',
    expect: (r) => assert.match(invalid(r)[0].message, /exceeded max depth/),
  },
  {
    name: "deeply nested values (2,000 levels, under Go's limit)",
    text: '{"builder": ' + '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) + '}',
    expect: (r) => assert.ok(Array.isArray(r.diagnostics)),
  },
  {
    name: 'a 5 MB file',
    text:
      '{\n' +
      Array.from({ length: 120000 }, (_, i) => `  "label-${i}": "${'x'.repeat(24)}",`).join('\n') +
      '\n  "icc": false\n}\n',
    skipped: /larger than 2 MB, far beyond any real daemon\.json/,
  },
  {
    name: 'binary data',
    text: '{"icc": false}\u0000\u0001\u0002',
    skipped: /NUL bytes, so it looks binary rather than a daemon\.json/,
  },
];

for (const c of CASES) {
  test(`daemon.json bad input: ${c.name}`, () => {
    if (c.skipped) {
      assert.match(inspectInput(c.text, 'daemon') ?? '', c.skipped);
      return;
    }
    // a hang fails the test (node:vm's watchdog); how long the lint takes is never the verdict
    const r = finishes(() => lintDaemon(c.text), c.name);
    for (const d of r.diagnostics) inside(c.text, d);
    c.expect(r);
  });
}

test('daemon.json bad input through the CLI: findings, skips and exit codes', () => {
  for (const c of CASES) {
    const file = path.join(TMP, c.name.replace(/[^a-z0-9]+/gi, '-'), 'daemon.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, c.text);
    const { code, findings, stderr } = checkJson([file]);
    if (c.skipped) {
      assert.equal(code, 0, `${c.name}: ${stderr}`);
      assert.match(stderr, c.skipped);
    } else {
      assert.ok(code === 0 || code === 1, `${c.name}: exit ${code}: ${stderr}`);
      assert.ok(Array.isArray(findings));
    }
  }
});

// Every real-world daemon.json in the shared corpus (third-party, unmodified; ../shared/corpus/daemon-json) through
// the service for each Engine version, and through the CLI: no exception, no rule failure, positions inside the file.
// Prints what fired, per rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, listFiles } from './helpers';
import { checkJson } from './cli-helpers';
import { lintDaemon } from '../../server/src/daemon/service/lint';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';

const CORPUS = path.resolve(ROOT, '../shared/corpus/daemon-json');

const files = fs.existsSync(CORPUS) ? listFiles(CORPUS, (name) => name.endsWith('.json')) : [];

test('daemon.json corpus: every file lints for Engine 27, 28 and 29 without exceptions or rule failures', (t) => {
  if (!files.length) {
    t.skip(`daemon.json corpus not found at ${CORPUS}`);
    return;
  }
  const perRule = new Map();
  for (const version of [27, 28, 29]) {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const result = lintDaemon(text, pathToFileURL(file).toString(), DEFAULT_CONFIG, {
        engineVersion: version,
      });
      assert.deepEqual(result.failures, [], `${file}: a rule failed`);
      const lines = text.split('\n').length;
      for (const d of result.diagnostics) {
        assert.ok(d.range.end.line < lines + 1, `${file}: range outside the file`);
        if (version === 29) {
          const k = d.code;
          const entry = perRule.get(k) ?? { findings: 0, files: new Set() };
          entry.findings++;
          entry.files.add(file);
          perRule.set(k, entry);
        }
      }
    }
  }
  const table = [...perRule]
    .sort((a, b) => b[1].findings - a[1].findings)
    .map(([k, v]) => `${k} ${v.findings}/${v.files.size}`);
  t.diagnostic(`${files.length} files (Engine 29): ${table.join(', ')}`);
});

test('daemon.json corpus: the CLI checks the folder (files found by name) and explicit files', (t) => {
  if (!files.length) {
    t.skip(`daemon.json corpus not found at ${CORPUS}`);
    return;
  }
  const explicit = checkJson(files);
  assert.ok(explicit.code === 0 || explicit.code === 1, explicit.stderr);
  assert.match(explicit.stderr, new RegExp(`\\(${files.length} files checked\\)`));
  const named = files.filter((f) => path.basename(f) === 'daemon.json');
  const walked = checkJson([CORPUS]);
  assert.match(walked.stderr, new RegExp(`\\(${named.length} files? checked\\)`));
});

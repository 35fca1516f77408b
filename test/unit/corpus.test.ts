// Every real-world Dockerfile in the shared corpus (third-party, unmodified; beside the repository as
// ../shared/corpus) through the service and through the CLI: no exception, no rule failure, positions inside the
// file. Prints the file count, the total time and the slowest file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, TODAY, listFiles } from './helpers';
import { runCli, documentLines, assertRangeInside, assertFindingInside } from './cli-helpers';
import { isDockerfileName } from '../../server/src/common/documents';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';

const CORPUS = path.resolve(ROOT, '../shared/corpus/dockerfiles');

const files = fs.existsSync(CORPUS) ? listFiles(CORPUS) : [];

test('corpus: every file lints through the service without exceptions or rule failures', (t) => {
  if (!files.length) {
    t.skip(`corpus not found at ${CORPUS}`);
    return;
  }
  const problems = [];
  let total = 0;
  let findings = 0;
  let slowest = { file: '', ms: -1 };
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    let result;
    try {
      result = lintDockerfile(text, pathToFileURL(file).toString(), DEFAULT_CONFIG, {
        dockerignore: null,
        today: TODAY,
      });
    } catch (e) {
      problems.push(`${path.relative(CORPUS, file)}: threw ${e.stack}`);
      continue;
    }
    const ms = performance.now() - started;
    total += ms;
    if (ms > slowest.ms) slowest = { file, ms };
    findings += result.diagnostics.length;
    for (const f of result.failures) problems.push(`${path.relative(CORPUS, file)}: rule ${f.rule} failed: ${f.error}`);
    const lines = documentLines(text);
    for (const d of result.diagnostics) {
      try {
        assertRangeInside(lines, d.range, `${path.relative(CORPUS, file)} ${d.code}`);
      } catch (e) {
        problems.push(e.message);
      }
    }
  }
  t.diagnostic(
    `${files.length} files, ${findings} findings, total ${total.toFixed(0)} ms (${(total / files.length).toFixed(2)} ms/file)`,
  );
  // re-timed once: a single slow sample is often a garbage-collection pause, not the file
  const again = performance.now();
  lintDockerfile(fs.readFileSync(slowest.file, 'utf8'), pathToFileURL(slowest.file).toString(), DEFAULT_CONFIG, {
    dockerignore: null,
    today: TODAY,
  });
  const rerun = performance.now() - again;
  t.diagnostic(
    `slowest: ${path.relative(CORPUS, slowest.file)} in ${slowest.ms.toFixed(1)} ms, re-run ${rerun.toFixed(1)} ms (${fs.statSync(slowest.file).size} bytes)`,
  );
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
});

test('corpus: the CLI checks every file named on the command line, and walks the folder by name', (t) => {
  if (!files.length) {
    t.skip(`corpus not found at ${CORPUS}`);
    return;
  }
  const explicit = runCli(['check', '--format', 'json', ...files.map((f) => path.relative(CORPUS, f))], {
    cwd: CORPUS,
  });
  t.diagnostic(`cli over ${files.length} explicit files: ${explicit.ms} ms, exit ${explicit.code}`);
  assert.ok(explicit.code === 0 || explicit.code === 1, `exit ${explicit.code}: ${explicit.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(explicit.stderr, /internal error/);
  assert.match(explicit.stderr, new RegExp(`\\(${files.length} files checked\\)`));
  const findings = JSON.parse(explicit.stdout);
  const texts = new Map();
  for (const f of findings) {
    if (!texts.has(f.file))
      texts.set(f.file, documentLines(fs.readFileSync(path.join(CORPUS, f.file), 'utf8').replace(/^\uFEFF/, '')));
    assertFindingInside(texts.get(f.file), f);
  }

  // the corpus flattens paths (`1.10__alpine__Dockerfile`), so only some names are Dockerfile names
  const byName = files.filter((f) => isDockerfileName(path.basename(f)));
  const walked = runCli(['check', '--format', 'json', '.'], { cwd: CORPUS });
  t.diagnostic(`cli walking the corpus: ${walked.ms} ms, ${byName.length} files by name`);
  assert.ok(walked.code === 0 || walked.code === 1, walked.stderr.slice(0, 2000));
  assert.match(walked.stderr, new RegExp(`\\(${byName.length} files? checked\\)`));
  const walkedFiles = new Set<string>(JSON.parse(walked.stdout).map((f) => f.file));
  for (const f of walkedFiles) assert.ok(isDockerfileName(path.basename(f)), `${f} is not a Dockerfile name`);
});

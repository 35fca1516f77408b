// The precision report: every Dockerfile of the shared real-world corpus (../shared/corpus beside the repository;
// third-party, read-only) through the built engine (dist/service.js; `npm run corpus-report` builds it first).
// Prints, per rule, how many findings and how many files, plus exceptions and rule failures (both must be none),
// and writes a sample of findings per rule to corpus-report/<rule>.md for review: spread across repositories,
// deterministic, and without test-fixture files (which are insecure on purpose). Every file is counted.
//
//   node scripts/corpus-report.mjs [--per-rule=N] [--today=YYYY-MM-DD] [--corpus=DIR] [--out=DIR]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Test-fixture paths, per the corpus README: counted, never sampled. */
const FIXTURE_PATH = /(^|\/)(tests?|testdata|testfiles[^/]*|fixtures?|__tests__|integration|e2e)\//;
const MAX_INSTRUCTION_LINES = 12;

function option(name, fallback) {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}

function parseToday(value) {
  if (value === undefined) return new Date();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`))) {
    console.error(`--today must be a date written YYYY-MM-DD (got ${value})`);
    process.exit(2);
  }
  return new Date(`${value}T12:00:00Z`);
}

const corpusRoot = path.resolve(ROOT, option('corpus', '../shared/corpus'));
const dockerfiles = path.join(corpusRoot, 'dockerfiles');
const outDir = path.resolve(ROOT, option('out', 'corpus-report'));
const perRule = Number(option('per-rule', '30'));
const today = parseToday(option('today', undefined));
if (!Number.isInteger(perRule) || perRule < 0) {
  console.error('--per-rule must be a whole number');
  process.exit(2);
}

if (!fs.existsSync(dockerfiles)) {
  console.log(
    `No corpus at ${dockerfiles}: nothing to report. (The corpus lives beside the repository, in ../shared/corpus.)`,
  );
  process.exit(0);
}
const servicePath = path.join(ROOT, 'dist/service.js');
if (!fs.existsSync(servicePath)) {
  console.error('dist/service.js is missing: run `node esbuild.mjs service` first (or `npm run corpus-report`).');
  process.exit(2);
}
const svc = require(servicePath);

/** MANIFEST rows by local path: repository and path in the repository. */
function readManifest() {
  const file = path.join(corpusRoot, 'MANIFEST.tsv');
  const rows = new Map();
  if (!fs.existsSync(file)) return rows;
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n');
  const cols = header.split('\t');
  const at = (name) => cols.indexOf(name);
  for (const line of lines) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    rows.set(f[at('local_path')], { kind: f[at('kind')], repo: f[at('repo')], originalPath: f[at('original_path')] });
  }
  return rows;
}

function listFiles(dir) {
  const out = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const manifest = readManifest();
const files = listFiles(dockerfiles);
const rules = svc.allRules.filter((r) => r.kind === 'dockerfile');
/** rule id -> { findings, files: Set, samples: [] } */
const stats = new Map(rules.map((r) => [r.id, { findings: 0, files: new Set(), candidates: [] }]));
const exceptions = [];
const failures = [];
let fixtureFiles = 0;
const started = performance.now();

for (const file of files) {
  const local = path.relative(corpusRoot, file).split(path.sep).join('/');
  const row = manifest.get(local) ?? { kind: 'unknown', repo: local.split('/')[1] ?? '?', originalPath: local };
  const fixture = FIXTURE_PATH.test(row.originalPath);
  if (fixture) fixtureFiles++;
  const text = fs.readFileSync(file, 'utf8');
  let result;
  try {
    // `.dockerignore` unknown (the corpus has none): the rule that needs it stays quiet rather than guess
    result = svc.lintDockerfile(text, pathToFileURL(file).toString(), svc.DEFAULT_CONFIG, { today });
  } catch (e) {
    exceptions.push({ file: local, error: e?.stack ?? String(e) });
    continue;
  }
  for (const f of result.failures) failures.push({ file: local, rule: f.rule, error: f.error });
  const lines = text.split('\n');
  for (const d of result.diagnostics) {
    const s = stats.get(d.code);
    if (!s) continue;
    s.findings++;
    s.files.add(local);
    if (fixture) continue;
    const inst = result.model.instructionAtLine(d.range.start.line);
    s.candidates.push({
      local,
      repo: row.repo,
      originalPath: row.originalPath,
      line: d.range.start.line + 1,
      message: d.message,
      flagged: flaggedText(lines, d.range),
      instruction: inst ? instructionText(lines, inst.range, d.range.start.line) : (lines[d.range.start.line] ?? ''),
    });
  }
}
const elapsed = performance.now() - started;

function flaggedText(lines, range) {
  const { start, end } = range;
  if (start.line === end.line)
    return (lines[start.line] ?? '').slice(start.character, end.character).replace(/\r$/, '');
  return `${(lines[start.line] ?? '').slice(start.character).replace(/\r$/, '')}…`;
}

/** The instruction's lines (long ones cut around the finding), with the finding's line marked. */
function instructionText(lines, range, findingLine) {
  let from = range.start.line;
  let to = range.end.line;
  if (to - from + 1 > MAX_INSTRUCTION_LINES) {
    from = Math.max(range.start.line, findingLine - Math.floor(MAX_INSTRUCTION_LINES / 2));
    to = Math.min(range.end.line, from + MAX_INSTRUCTION_LINES - 1);
  }
  const out = [];
  if (from > range.start.line) out.push(`${lines[range.start.line].replace(/\r$/, '')}`, '    …');
  for (let l = from; l <= to; l++) out.push(`${l === findingLine ? '▶ ' : '  '}${(lines[l] ?? '').replace(/\r$/, '')}`);
  if (to < range.end.line) out.push('    …');
  return out.join('\n');
}

/**
 * Up to n findings, spread: repositories in a fixed pseudo-random order (a hash of rule and name), taking one finding
 * from each in turn; within a repository, files in turn.
 */
function sample(rule, candidates, n) {
  const byRepo = new Map();
  for (const c of candidates) {
    if (!byRepo.has(c.repo)) byRepo.set(c.repo, new Map());
    const byFile = byRepo.get(c.repo);
    if (!byFile.has(c.local)) byFile.set(c.local, []);
    byFile.get(c.local).push(c);
  }
  const hash = (s) => crypto.createHash('sha1').update(`${rule}\0${s}`).digest('hex');
  const queues = [...byRepo.entries()]
    .sort((a, b) => (hash(a[0]) < hash(b[0]) ? -1 : 1))
    .map(([, byFile]) =>
      interleave([...byFile.entries()].sort((a, b) => (hash(a[0]) < hash(b[0]) ? -1 : 1)).map(([, list]) => list)),
    );
  return interleave(queues).slice(0, n);
}

function interleave(lists) {
  const out = [];
  for (let k = 0; lists.some((l) => k < l.length); k++) for (const l of lists) if (k < l.length) out.push(l[k]);
  return out;
}

function fence(text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

fs.mkdirSync(outDir, { recursive: true });
const stamp = today.toISOString().slice(0, 10);
for (const rule of rules) {
  const s = stats.get(rule.id);
  const picked = sample(rule.id, s.candidates, perRule);
  const body = [
    `# ${rule.id} — corpus sample`,
    '',
    `${s.findings} findings in ${s.files.size} of ${files.length} files (${s.candidates.length} outside test fixtures). ` +
      `Showing ${picked.length}, spread across repositories. Date used: ${stamp}.`,
    '',
    'Review each: is the finding true (right rule, right token, message fits)? Note false positives with their reason.',
    '',
  ];
  picked.forEach((c, i) => {
    const f = fence(c.instruction);
    body.push(
      `## ${i + 1}. ${c.repo} — ${c.originalPath}:${c.line}`,
      '',
      `- file: \`${c.local}\``,
      `- flagged: \`${c.flagged.replace(/`/g, "'")}\``,
      `- message: ${c.message}`,
      '',
      `${f}dockerfile`,
      c.instruction,
      f,
      '',
    );
  });
  fs.writeFileSync(path.join(outDir, `${rule.id}.md`), body.join('\n'));
}

const idWidth = Math.max(4, ...rules.map((r) => r.id.length));
const row = (a, b, c, d) => `${a.padEnd(idWidth)}  ${String(b).padStart(8)}  ${String(c).padStart(6)}  ${d}`;
console.log(
  `Corpus: ${files.length} files (${fixtureFiles} under test-fixture paths, counted but not sampled) in ${(elapsed / 1000).toFixed(1)} s; date ${stamp}`,
);
console.log('');
console.log(row('rule', 'findings', 'files', 'severity'));
for (const rule of rules) {
  const s = stats.get(rule.id);
  console.log(row(rule.id, s.findings, s.files.size, rule.severity));
}
console.log('');
console.log(`Exceptions: ${exceptions.length}`);
for (const e of exceptions) console.log(`  ${e.file}: ${e.error.split('\n')[0]}`);
console.log(`Rule failures: ${failures.length}`);
for (const f of failures) console.log(`  ${f.file}: ${f.rule}: ${f.error.split('\n')[0]}`);
console.log('');
console.log(`Samples (up to ${perRule} per rule): ${path.relative(ROOT, outDir) || '.'}/<rule>.md`);
process.exit(exceptions.length || failures.length ? 1 : 0);

// What a kind's descriptor (rules/language.ts) says about the kind is said nowhere else: its rules carry its kind, and
// its name and suppression text are what every hover, `bulkhead explain` and rule page header show for its rules. A
// made-up fifth kind, registered nowhere, gets its own text from the same functions, with nothing edited for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Diagnostic } from 'vscode-languageserver-types';
import { FIXTURES, ROOT, TODAY, hoverText, listFiles } from './helpers';
import { minimatch } from 'minimatch';
import { LANGUAGES, documentKind, lintDocument, type DocumentLint } from '../../server/src/service/languages';
import { DOCUMENT_SELECTOR, FILES_SETTINGS } from '../../client/src/documentSelector';
import { allRules, explainRule, languageOfRule } from '../../server/src/service/registry';
import { findingHoverSections, ruleHoverMarkdown, ruleLookup } from '../../server/src/rules/hover';
import { toDiagnostic } from '../../server/src/rules/diagnostics';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import type { Language, LintResult, SuppressionHelp } from '../../server/src/rules/language';
import type { RuleMeta } from '../../server/src/rules/types';
import { ruleDocHeader } from '../../scripts/ruleDocs.mjs';
import { DEFAULT_DOCS_BASE } from '../../server/src/common/docsBase';
import { dockerfileRules } from '../../server/src/dockerfile/rules';
import { parseDockerfile } from '../../server/src/dockerfile/model/model';

const flat = (text: string) => text.replace(/\s+/g, ' ');

test('each kind is one descriptor, and every rule it lists carries its kind', () => {
  const kinds = LANGUAGES.map((l) => l.kind);
  assert.equal(new Set(kinds).size, kinds.length, `a kind twice: ${kinds.join(', ')}`);
  for (const language of LANGUAGES)
    for (const rule of language.rules) {
      assert.equal(rule.kind, language.kind, `${rule.id} is listed by the ${language.kind} descriptor`);
      assert.equal(languageOfRule(rule), language, rule.id);
    }
  assert.equal(
    allRules.length,
    LANGUAGES.reduce((n, l) => n + l.rules.length, 0),
  );
  assert.throws(() => languageOfRule({ ...allRules[0], kind: 'notebook' }), /no document kind notebook/);
});

test('no shared module names a kind: hovers, explanations and rule pages read the descriptors', () => {
  // a kind's id written as a string in the code every kind shares would be a table keyed by kind
  const kindLiteral = new RegExp(`['"\`](?:${LANGUAGES.map((l) => l.kind).join('|')})['"\`]`);
  // a default for callers that only ask whether a text can be linted at all (the message names a Dockerfile)
  const allowed = new Set(['server/src/service/input.ts']);
  const files = [
    ...['server/src/rules', 'server/src/service', 'server/src/lsp'].flatMap((dir) =>
      listFiles(path.join(ROOT, dir), (n) => n.endsWith('.ts')),
    ),
    ...['server/src/lsp.ts', 'server/src/server.ts', 'scripts/ruleDocs.mjs'].map((f) => path.join(ROOT, f)),
  ];
  assert.ok(files.length > 20, `found ${files.length} files`);
  for (const file of files) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (allowed.has(rel)) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
      assert.doesNotMatch(line, kindLiteral, `${rel}:${i + 1} names a kind`);
    });
  }
});

/** How the fixtures are linted here: the default configuration, an empty .dockerignore, the tests' day. */
const FIXTURE_SETUP = {
  config: DEFAULT_CONFIG,
  env: { dockerignore: '', today: TODAY },
  daemon: { engineVersion: 29, platform: 'auto' as const },
};

/** A finding of some rule of the kind, from the kind's own fixtures, linted through the pipeline. */
function findingOf(kind: string): { file: string; rule: RuleMeta; diagnostic: Diagnostic; lint: DocumentLint } {
  const language = LANGUAGES.find((l) => l.kind === kind)!;
  for (const rule of language.rules) {
    const dir = path.join(FIXTURES, kind, rule.id);
    if (!fs.existsSync(dir)) continue;
    // the fixture itself, not its sidecars (.lines, .config.json, .dockerignore)
    for (const file of listFiles(dir, (n) => /^fires-[^.]*\.(Dockerfile|ya?ml|json)$/.test(n))) {
      const text = fs.readFileSync(file, 'utf8');
      const lint = lintDocument(language.kind, text, pathToFileURL(file).href, FIXTURE_SETUP);
      const diagnostic = lint.result.diagnostics.find((d) => d.code === rule.id);
      if (diagnostic) return { file, rule, diagnostic, lint };
    }
  }
  throw new Error(`no fixture of a ${kind} rule fires`);
}

for (const language of LANGUAGES)
  test(`${language.kind}: hovers, explain and the rule pages say what its descriptor says`, () => {
    const { file, rule, diagnostic, lint } = findingOf(language.kind);
    const suppress = `Suppress: ${language.suppression.hover(rule.id)}`;
    const shown = hoverText(lint.hover(diagnostic.range.start)) ?? '';
    assert.ok(shown.includes(suppress), `${path.relative(ROOT, file)}: the hover says "${suppress}":\n${shown}`);
    assert.ok(explainRule(rule).endsWith(`\n\n${suppress}`), `explain ${rule.id}`);
    const header = flat(ruleDocHeader(rule, language));
    assert.ok(header.includes(` Kind: ${language.name} · `), `${rule.id}: the page names the kind`);
    assert.ok(header.includes(flat(language.suppression.page(rule.id))), `${rule.id}: the page says how to suppress`);
    // every other kind's text is its own
    for (const other of LANGUAGES)
      if (other !== language) {
        assert.ok(!shown.includes(other.suppression.hover(rule.id)), `${rule.id}: not ${other.kind}'s hover text`);
        assert.ok(!header.includes(flat(other.suppression.page(rule.id))), `${rule.id}: not ${other.kind}'s page text`);
      }
  });

/** A fifth kind, registered nowhere: Jupyter notebooks with a `%`-comment of their own. */
const notebookSuppression: SuppressionHelp = {
  comment: '%',
  hover: (id) => `\`%bulkhead-ignore ${id} -- reason\` in the cell's first line`,
  page: (id) => `To suppress: \`%bulkhead-ignore ${id} -- <reason>\` in the first line of the cell.`,
};

const notebookRule: RuleMeta = {
  id: 'notebook-shell-escape',
  kind: 'notebook',
  severity: 'warning',
  title: 'Shell escape in a notebook cell',
  rationale: 'A `!` line runs a shell command as the kernel user.',
  remedy: 'Run setup commands outside the notebook.',
  guidance: ['Host: least privilege'],
  anchors: [],
};

const notebookLanguage: Language<LintResult, 'notebook'> = {
  kind: 'notebook',
  noun: 'a notebook',
  name: 'Jupyter notebook',
  recognise: { fileName: (name) => name.endsWith('.ipynb') },
  suppression: notebookSuppression,
  rules: [notebookRule],
  lint: (text) => ({
    diagnostics: text.startsWith('!')
      ? [
          toDiagnostic(
            notebookRule,
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'A shell escape.' },
            notebookRule.severity,
            'https://example.invalid/rules/',
          ),
        ]
      : [],
    failures: [],
  }),
  hover(result, position) {
    const found = findingHoverSections(result.diagnostics, position, ruleLookup(this.rules), {
      suppression: this.suppression,
    });
    return found.sections.length
      ? { contents: { kind: MarkupKind.Markdown, value: found.sections.join('\n\n---\n\n') }, range: found.range }
      : null;
  },
  codeActions: () => [],
};

test('a fifth kind gets its own suppression text and page header from its descriptor alone', () => {
  const at = { line: 0, character: 0 };
  const shown = hoverText(
    notebookLanguage.hover(notebookLanguage.lint('!pip install x', '', {} as never, {} as never), at, {}),
  );
  assert.ok(
    shown?.includes("Suppress: `%bulkhead-ignore notebook-shell-escape -- reason` in the cell's first line"),
    shown,
  );
  assert.ok(!shown.includes('# bulkhead-ignore') && !shown.includes('// bulkhead-ignore'), shown);
  assert.match(
    ruleHoverMarkdown(notebookRule, notebookSuppression),
    /Suppress: `%bulkhead-ignore notebook-shell-escape/,
  );
  const header = ruleDocHeader(notebookRule, notebookLanguage);
  assert.match(header, /^Kind: Jupyter notebook · Default severity: warning · No fix$/m);
  assert.match(
    header,
    /^To suppress: `%bulkhead-ignore notebook-shell-escape -- <reason>` in the first line of the cell\.$/m,
  );
  // a page is never written with another kind's descriptor
  assert.throws(() => ruleDocHeader(notebookRule, LANGUAGES[0]), /no descriptor for the kind notebook/);
  assert.throws(() => ruleDocHeader(allRules[0], notebookLanguage), /no descriptor for the kind/);
});

/** Names of each kind's documents, as projects write them: a new kind adds its own here. */
const NAMES: Record<string, string[]> = {
  dockerfile: ['Dockerfile', 'Containerfile', 'Dockerfile.prod', 'api.Dockerfile'],
  daemon: ['etc/docker/daemon.json'],
  compose: ['compose.yaml', 'docker-compose.yml', 'docker-compose.override.yml', 'compose.prod.yaml'],
  devcontainer: ['.devcontainer/devcontainer.json', '.devcontainer.json', '.devcontainer/python/devcontainer.json'],
};

test("the editor's document selector takes in every kind's documents and files settings", () => {
  assert.deepEqual(Object.keys(NAMES).sort(), LANGUAGES.map((l) => l.kind).sort(), 'names for every kind');
  const patterns = DOCUMENT_SELECTOR.flatMap((s) => ('pattern' in s ? [s.pattern] : []));
  for (const language of LANGUAGES)
    for (const name of NAMES[language.kind]) {
      assert.equal(documentKind(`file:///w/${name}`), language.kind, name);
      assert.ok(
        patterns.some((p) => minimatch(`/w/${name}`, p, { dot: true })),
        `no pattern of client/src/documentSelector.ts matches ${name}`,
      );
    }
  // bulkhead.<filesSetting>.files: read by the client, contributed and restricted in untrusted workspaces
  const settings = LANGUAGES.flatMap((l) => (l.recognise.filesSetting ? [`${l.recognise.filesSetting}.files`] : []));
  assert.deepEqual([...FILES_SETTINGS].sort(), settings.sort());
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = Object.keys(pkg.contributes.configuration.properties ?? {});
  for (const key of settings) {
    assert.ok(contributed.includes(`bulkhead.${key}`), `package.json contributes bulkhead.${key}`);
    assert.ok(
      pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`bulkhead.${key}`),
      `bulkhead.${key} is restricted in untrusted workspaces`,
    );
  }
});

test('a lint whose fixes are not wanted (LintOptions.fixes: false) finds the same, with no fixes, for every kind', () => {
  // every kind's fixtures: each rule's findings, Compose's collapsed ones and the notices included
  let withFixes = 0;
  for (const language of LANGUAGES) {
    const files = listFiles(path.join(FIXTURES, language.kind), (n) => /\.(Dockerfile|ya?ml|json)$/.test(n)).filter(
      (f) => !/\.config\.json$/.test(f),
    );
    assert.ok(files.length > 10, `${language.kind}: fixtures found`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).href;
      const all = lintDocument(language.kind, text, uri, FIXTURE_SETUP).result;
      const none = lintDocument(language.kind, text, uri, FIXTURE_SETUP, {
        docsBase: DEFAULT_DOCS_BASE,
        fixes: false,
      }).result;
      const rel = path.relative(ROOT, file);
      assert.deepEqual(none.failures, all.failures, rel);
      assert.equal(none.diagnostics.length, all.diagnostics.length, rel);
      none.diagnostics.forEach((d, i) => {
        const { data, ...rest } = all.diagnostics[i];
        const fixes = (data as { fixes?: unknown[] } | undefined)?.fixes;
        if (fixes?.length) withFixes++;
        assert.deepEqual(
          d,
          data === undefined ? rest : { ...rest, data: { ...(data as object), ...(fixes ? { fixes: [] } : {}) } },
          `${rel}: finding ${i}`,
        );
      });
    }
  }
  assert.ok(withFixes > 100, `findings that had fixes: ${withFixes}`);
});

test('the rules whose fixes cost the most leave them out of a lint that does not want them', () => {
  // root-user's user lines (by the base image's distribution), pipe-without-pipefail's prefix or SHELL rewrite,
  // healthcheck-missing's two skeletons, broad-copy-without-dockerignore's entries and package-cache-kept's cleanups
  // are built only for a lint that keeps its fixes (DockerfileContext.wantsFixes); the findings are the same either way
  const alpine =
    'FROM alpine:3.20\nRUN apk add curl && curl -fsSL https://x.example/a | tar -x\nCOPY . /app\nCMD ["/app/run"]\n';
  const cases: [string, string][] = [
    ['root-user', alpine],
    ['pipe-without-pipefail', alpine],
    ['healthcheck-missing', alpine],
    ['broad-copy-without-dockerignore', alpine],
    ['package-cache-kept', alpine],
    [
      'package-cache-kept',
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n',
    ],
    ['package-cache-kept', 'FROM fedora:40\nRUN dnf install -y curl && yarn install\n'],
  ];
  for (const [id, text] of cases) {
    const rule = dockerfileRules.find((r) => r.id === id);
    assert.ok(rule, id);
    const model = parseDockerfile(text, 'file:///w/Dockerfile');
    const env = { dockerignore: null, today: TODAY };
    const wanted = rule.check({ model, config: DEFAULT_CONFIG, env });
    assert.ok(wanted.length && wanted.every((r) => r.fixes?.length), `${id}: its findings offer fixes in ${text}`);
    assert.deepEqual(rule.check({ model, config: DEFAULT_CONFIG, env, wantsFixes: true }), wanted, id);
    assert.deepEqual(
      rule.check({ model, config: DEFAULT_CONFIG, env, wantsFixes: false }),
      wanted.map((r) => ({ ...r, fixes: [] })),
      `${id}: the same findings, without fixes, in ${text}`,
    );
  }
});

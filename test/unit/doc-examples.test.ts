// Every rule page's examples are true: each code block under "## Bad" makes the page's rule fire, each one under
// "## Good" does not. The pages' own conventions give the context a fragment needs:
// - a Dockerfile fragment without FROM is linted after `FROM alpine:3.21`;
// - a leading `# trustedRegistries: [...]` comment in a Dockerfile block is that setting;
// - a `# registry: <reference> -> <digest>` comment line is what the registry says the reference's tag gives now
//   (bulkhead.registry.enabled), in a Dockerfile or a Compose block;
// - "as `<path>`" right after a block is the file's path (a Windows daemon.json); a Good block without one is the
//   same file as the Bad one, written right;
// - a Good block that starts with `# .dockerignore` is the .dockerignore the Bad Dockerfile lacked: the Bad is linted
//   again beside it. Otherwise a Dockerfile has no .dockerignore beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, TODAY, imageFacts } from './helpers';
import { tableLookup } from '../../server/src/registry/facts';
import { DEFAULT_CONFIG } from '../../server/src/rules/context';
import type { RuleMeta } from '../../server/src/rules/types';
import type { LintedKind } from '../../server/src/service/languages';
import { allRules, languageOfRule } from '../../server/src/service/registry';
import { lintDocument } from '../../server/src/service/languages';

const DEFAULT_PATH: Record<LintedKind, string> = {
  dockerfile: '/w/Dockerfile',
  daemon: '/etc/docker/daemon.json',
  compose: '/w/compose.yaml',
  devcontainer: '/w/.devcontainer/devcontainer.json',
};

/** A fenced block of a rule page: its language, its code and the prose after it. */
interface Example {
  lang: string;
  code: string;
  after: string;
}

/** The fenced blocks of a section, each with the prose that follows it up to the next block. */
export function examples(page: string, heading: string): Example[] {
  const start = page.indexOf(`\n${heading}\n`);
  if (start < 0) return [];
  const rest = page.slice(start + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const found = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  return found.map((m, i) => ({
    lang: m[1],
    code: m[2],
    after: section.slice(m.index + m[0].length, found[i + 1]?.index ?? section.length),
  }));
}

const pathOf = (block: Example): string | undefined => /^\s*as `([^`]+)`/.exec(block.after)?.[1];

function lintExample(
  rule: RuleMeta,
  block: Example,
  { dockerignore = null, file: fallback }: { dockerignore?: string | null; file?: string } = {},
) {
  const kind = languageOfRule(rule).kind;
  let code = block.code;
  if (kind === 'dockerfile' && !/^(\s*(#[^\n]*|ARG[^\n]*)?\n)*\s*FROM\b/i.test(code))
    code = `FROM alpine:3.21\n${code}`;
  const registries = /^#\s*trustedRegistries:\s*(\[.*\])\s*$/m.exec(block.code)?.[1];
  const config = { ...DEFAULT_CONFIG, trustedRegistries: registries ? JSON.parse(registries) : [] };
  const file = pathOf(block) ?? fallback ?? DEFAULT_PATH[kind];
  const uri = /^[A-Za-z]:\\/.test(file) ? `file:///${file.replace(/\\/g, '/')}` : pathToFileURL(file).href;
  const answers = [...block.code.matchAll(/^#\s*registry:\s*(\S+)\s*->\s*(sha256:[0-9a-f]{64})\s*$/gm)];
  const images = answers.length
    ? tableLookup(Object.fromEntries(answers.map((m) => [m[1], imageFacts({ digest: m[2] })])))
    : undefined;
  const env = { dockerignore, today: TODAY, ...(images ? { images } : {}) };
  const lint = lintDocument(kind, code, uri, { config, env, daemon: {} });
  return lint.result.diagnostics.filter((d) => d.code === rule.id);
}

const isDockerignore = (block: Example) => /^#\s*\.dockerignore\s*\n/.test(block.code);

for (const rule of allRules) {
  test(`docs/rules/${rule.id}.md: the Bad examples fire it, the Good ones do not`, () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    const bad = examples(page, '## Bad');
    const good = examples(page, '## Good');
    assert.ok(bad.length && good.length, 'a code block under both "## Bad" and "## Good"');
    for (const block of bad)
      assert.ok(lintExample(rule, block).length, `the Bad example does not fire ${rule.id}:\n${block.code}`);
    for (const block of good) {
      if (isDockerignore(block)) {
        for (const b of bad)
          assert.deepEqual(
            lintExample(rule, b, { dockerignore: block.code }),
            [],
            `the Bad example beside the Good .dockerignore still fires:\n${b.code}`,
          );
        continue;
      }
      const fired = lintExample(rule, block, { file: bad.map(pathOf).find(Boolean) });
      assert.deepEqual(
        fired.map((d) => d.message),
        [],
        `the Good example fires ${rule.id}:\n${block.code}`,
      );
    }
  });
}

test('the example reader: blocks per section, the prose after each, and a page without a section', () => {
  const page =
    '# x\n\n## Bad\n```dockerfile\nADD a /\n```\nas `C:\\ProgramData\\docker\\config\\daemon.json`.\n\n## Good\n```\n# .dockerignore\n.git\n```\n\n## Fix\n```dockerfile\nnot an example\n```\n';
  const bad = examples(page, '## Bad');
  assert.deepEqual(
    bad.map((b) => [b.lang, b.code]),
    [['dockerfile', 'ADD a /\n']],
  );
  assert.match(bad[0].after, /^\nas `C:/);
  const good = examples(page, '## Good');
  assert.equal(good.length, 1);
  assert.ok(isDockerignore(good[0]));
  assert.deepEqual(examples(page, '## Why it matters'), []);
});

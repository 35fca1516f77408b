// Shared helpers for the unit tier: lint text through the engine's own modules, apply fixes, check them, and the
// fixture suite every rule passes.
import { tableLookup, type ImageFacts, type ImageLookup } from '../../server/src/registry/facts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MarkupContent, type Diagnostic, type Hover, type TextEdit } from 'vscode-languageserver-types';
import type { TestContext } from 'node:test';
import { lintDockerfile, type DockerfileLintResult } from '../../server/src/dockerfile/service/lint';
import type { EffectiveConfig, LintEnvironment } from '../../server/src/rules/context';
import type { LintResult } from '../../server/src/rules/language';
import type { Fix } from '../../server/src/rules/types';
import type { LintedKind } from '../../server/src/service/languages';
import { allRules, ruleById } from '../../server/src/service/registry';
import { contextFileReader } from '../../server/src/config/files';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The `bulkhead` processes a test starts keep their V8 code cache (server/src/common/codeCache.ts) in a folder of this
// test process, not in the user's ~/.cache; the tests of the cache itself name their own.
if (!process.env.BULKHEAD_CODE_CACHE) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-code-cache-'));
  process.env.BULKHEAD_CODE_CACHE = cacheDir;
  process.once('exit', () => fs.rmSync(cacheDir, { recursive: true, force: true }));
}
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const TODAY = new Date('2026-11-28T12:00:00Z');

/** How a test lints a Dockerfile: severities and registries (merged over none), its environment, its URI. */
export interface LintOpts {
  config?: Partial<EffectiveConfig>;
  env?: LintEnvironment;
  uri?: string;
}

/**
 * A finding as the engine makes it: its message is text and its code the rule's id, or none (LSP allows markdown
 * messages and numeric codes too; the engine sends neither).
 */
export type Finding = Diagnostic & { message: string; code?: string };

/** A lint result whose findings were checked to carry text messages. */
export type Checked<R extends LintResult> = Omit<R, 'diagnostics'> & { diagnostics: Finding[] };

/** Check that no rule threw and that every finding is one the engine makes (Finding). */
export function checked<R extends LintResult>(result: R): Checked<R> {
  assert.deepEqual(result.failures, [], `a rule threw: ${result.failures.map((f) => f.error).join('\n')}`);
  for (const d of result.diagnostics) {
    assert.equal(typeof d.message, 'string', `a finding's message is text: ${JSON.stringify(d.message)}`);
    assert.ok(d.code === undefined || typeof d.code === 'string', `a finding's code is a rule id: ${d.code}`);
  }
  return result as Checked<R>;
}

/** Lint a Dockerfile text. `env.dockerignore` defaults to a safe one so unrelated rules stay quiet. */
export function lint(
  text: string,
  { config = {}, env = {}, uri = 'file:///work/Dockerfile' }: LintOpts = {},
): Checked<DockerfileLintResult> {
  const merged: EffectiveConfig = { rules: {}, trustedRegistries: [], ...config };
  const environment: LintEnvironment = { dockerignore: '.git\n.env\n', today: TODAY, ...env };
  return checked(lintDockerfile(text, uri, merged, environment));
}

export function findings(text: string, rule: string, opts?: LintOpts): Finding[] {
  return lint(text, opts).diagnostics.filter((d) => d.code === rule);
}

/** The markdown a hover shows (the engine's hovers are MarkupContent); undefined when there is no hover. */
export function hoverText(hover: Hover | null | undefined): string | undefined {
  if (!hover) return undefined;
  assert.ok(MarkupContent.is(hover.contents), `a hover is markdown: ${JSON.stringify(hover.contents)}`);
  return hover.contents.value;
}

/** Apply LSP TextEdits (document positions) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; spans: [number, number][] } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) =>
    Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = edits
    .map((e, i) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText, i }))
    .sort((a, b) => b.s - a.s || b.i - a.i);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    assert.ok(e.e <= lastStart, 'edits overlap');
    out = out.slice(0, e.s) + e.t + out.slice(e.e);
    lastStart = e.s;
  }
  return { text: out, spans: sorted.map((e): [number, number] => [e.s, e.e]) };
}

function ruleCounts(diags: readonly Diagnostic[]) {
  const m = new Map<Diagnostic['code'], number>();
  for (const d of diags) m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

/** The fixes a finding carries (`Diagnostic.data`, see DiagnosticData). */
export function fixesOf(d: Diagnostic): Fix[] {
  return d.data.fixes;
}

/**
 * For every fix of every `rule` finding: apply it, re-lint, and check that the targeted finding is gone, that no
 * finding of another rule appeared (except those the rule's `fixLeaves` names), and that the text outside the edited
 * ranges is byte-identical.
 * Returns the number of fixes checked.
 */
export function checkFixes(text: string, rule: string, opts: LintOpts = {}): number {
  const before = lint(text, opts);
  const targets = before.diagnostics.filter((d) => d.code === rule);
  let checked = 0;
  for (const d of targets) {
    for (const fix of fixesOf(d)) {
      const { text: after, spans } = applyEdits(text, fix.edits);
      let env = opts.env ?? {};
      if (fix.otherFile) {
        const prior = fix.otherFile.create ? '' : (env.dockerignore ?? '');
        env = { ...env, dockerignore: applyEdits(prior, fix.otherFile.edits).text };
      }
      // outside the edited spans nothing changed
      const first = Math.min(...spans.map((s) => s[0]), text.length);
      const last = Math.max(...spans.map((s) => s[1]), 0);
      if (spans.length) {
        assert.equal(after.slice(0, first), text.slice(0, first), `${fix.title}: text before the edit changed`);
        assert.equal(
          after.slice(after.length - (text.length - last)),
          text.slice(last),
          `${fix.title}: text after the edit changed`,
        );
      }
      const re = lint(after, { ...opts, env });
      const countBefore = ruleCounts(before.diagnostics);
      const countAfter = ruleCounts(re.diagnostics);
      assert.ok(
        (countAfter.get(rule) ?? 0) < (countBefore.get(rule) ?? 0),
        `${fix.title}: the ${rule} finding is still there:\n${after}`,
      );
      const leaves = ruleById(rule)?.fixLeaves ?? [];
      for (const [id, n] of countAfter) {
        if (id === rule || leaves.includes(String(id))) continue;
        assert.ok(
          n <= (countBefore.get(id) ?? 0),
          `${fix.title}: a new ${id} finding appeared:\n${after}\n${JSON.stringify(re.diagnostics.filter((x) => x.code === id).map((x) => x.message))}`,
        );
      }
      checked++;
    }
  }
  return checked;
}

/** The document text under each `rule` finding's range (a multi-line range ends in `…`), in order. */
export function findingTexts(text: string, rule: string, opts?: LintOpts): string[] {
  const lines = text.split('\n');
  return findings(text, rule, opts).map(({ range: { start, end } }) =>
    start.line === end.line
      ? lines[start.line].slice(start.character, end.character)
      : `${lines[start.line].slice(start.character)}…`,
  );
}

/** A rule's fixture: its file, text, lint options and the 1-based lines its findings start on (null: any). */
export interface Fixture<O> {
  name: string;
  file: string;
  text: string;
  opts: O;
  lines: number[] | null;
}

/** A Dockerfile fixture's options: its .dockerignore (null: none beside it) and its rule severities. */
export type DockerfileFixture = Fixture<{ env: LintEnvironment; config: Partial<EffectiveConfig> }>;

/** Fixture files of a rule: test/fixtures/dockerfile/<rule>/{fires,passes}-*.Dockerfile with optional sidecars. */
export function ruleFixtures(rule: string): { fires: DockerfileFixture[]; passes: DockerfileFixture[] } {
  const dir = path.join(FIXTURES, 'dockerfile', rule);
  if (!fs.existsSync(dir)) return { fires: [], passes: [] };
  const load = (name: string): DockerfileFixture => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const base = file.replace(/\.Dockerfile$/, '');
    const opts: DockerfileFixture['opts'] = { env: {}, config: {} };
    if (fs.existsSync(`${base}.dockerignore`)) opts.env.dockerignore = fs.readFileSync(`${base}.dockerignore`, 'utf8');
    else if (fs.existsSync(`${base}.no-dockerignore`)) opts.env.dockerignore = null;
    if (fs.existsSync(`${base}.config.json`)) opts.config = JSON.parse(fs.readFileSync(`${base}.config.json`, 'utf8'));
    const images = fixtureImages(base);
    if (images) opts.env.images = images;
    // `<name>.context/`: the build context (files a COPY takes, such as an entrypoint script)
    if (fs.existsSync(`${base}.context`))
      opts.env.contextFile = contextFileReader(path.join(`${base}.context`, 'Dockerfile'));
    const expect = /^#\s*expect-lines:\s*([\d,\s]+)$/m.exec(text);
    return {
      name,
      file,
      text,
      opts,
      lines: expect
        ? expect[1]
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number)
        : null,
    };
  };
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.Dockerfile'))
    .sort();
  return {
    fires: names.filter((n) => n.startsWith('fires')).map(load),
    passes: names.filter((n) => n.startsWith('passes')).map(load),
  };
}

/** `<name>.lines` beside a fixture: the 1-based lines its findings start on, or null when there is none. */
export function fixtureLines(base: string): number[] | null {
  if (!fs.existsSync(`${base}.lines`)) return null;
  return fs
    .readFileSync(`${base}.lines`, 'utf8')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
}

/** `<name>.config.json` beside a fixture: the configuration it is linted with (none: the defaults). */
export function fixtureConfig(base: string): Partial<EffectiveConfig> {
  return fs.existsSync(`${base}.config.json`) ? JSON.parse(fs.readFileSync(`${base}.config.json`, 'utf8')) : {};
}

/**
 * `<name>.images.json`: what the registry says about image references (`{"app:1.0": {"digest": …, "config": …}}`), as
 * the server's look-up would answer once fetched; fields not written take neutral defaults.
 */
export function fixtureImages(base: string): ImageLookup | undefined {
  if (!fs.existsSync(`${base}.images.json`)) return undefined;
  const table = JSON.parse(fs.readFileSync(`${base}.images.json`, 'utf8')) as Record<string, Partial<ImageFacts>>;
  return tableLookup(Object.fromEntries(Object.entries(table).map(([ref, facts]) => [ref, imageFacts(facts)])));
}

/** Image facts with neutral defaults (a single linux/amd64 manifest, no config) for what a test does not say. */
export function imageFacts(facts: Partial<ImageFacts>): ImageFacts {
  return {
    digest: `sha256:${'a'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    platforms: ['linux/amd64'],
    platform: 'linux/amd64',
    config: null,
    size: null,
    fetchedAt: 0,
    ...facts,
  };
}

/** A RUN/ENV snippet as a Dockerfile (a text that starts with FROM or a comment is taken as a whole file). */
export function asDockerfile(body: string, base = 'debian:bookworm-slim'): string {
  return /^(FROM|#)/.test(body) ? body : `FROM ${base}\n${body}\n`;
}

/** A table of fix cases: `[name, body, expected]`. */
export type FixCase = readonly [name: string, body: string, expected: string];

/**
 * Table-driven fix tests: each case `[name, body, expected]` has exactly one `rule` finding whose first fix turns
 * `doc(body)` into `doc(expected)`, and that fix passes checkFixes. `more(finding)` adds rule-specific checks.
 */
export function fixOutputTests(
  test: (name: string, fn: () => void) => unknown,
  rule: string,
  cases: readonly FixCase[],
  doc: (body: string) => string,
  more: (finding: Diagnostic) => void = () => {},
): void {
  for (const [name, body, expected] of cases) {
    test(`fix: ${name}`, () => {
      const text = doc(body);
      const found = findings(text, rule);
      assert.equal(found.length, 1);
      more(found[0]);
      assert.equal(applyEdits(text, fixesOf(found[0])[0].edits).text, doc(expected));
      assert.equal(checkFixes(text, rule), 1);
    });
  }
}

/**
 * Rules whose findings a fix may bring out when it makes a setting take effect (a typo renamed, a flag spelling
 * replaced, a value converted): the setting's own problems, hidden while dockerd could not read it.
 */
export const SURFACED_WHEN_SETTING_APPLIES: readonly string[] = [
  'daemon-wrong-type',
  'daemon-invalid-value',
  'daemon-conflict',
  'daemon-flag-conflict',
  'daemon-wrong-platform',
  'insecure-registries',
  'tcp-socket-without-tls',
  'iptables-disabled',
  'seccomp-unconfined',
  'experimental-enabled',
  'log-level-verbose',
  'cgroup-parent-set',
  'storage-driver-deprecated',
  'remote-logging-missing',
];

/**
 * By rule id: the rules whose findings a fix of that rule may legitimately bring out (setting a CIS key can surface a
 * conflict that was hidden by the key's absence). The fix checks let these appear after the fix; any other new
 * finding fails it. A rule not listed may bring out none.
 */
export const ALLOW_NEW_AFTER_FIX: Readonly<Record<string, readonly string[]>> = {
  // removing a refused key from an object that is not a dockerd section leaves that object accepted but unread
  'daemon-unknown-key': ['daemon-ignored-key', ...SURFACED_WHEN_SETTING_APPLIES],
  'daemon-invalid-value': SURFACED_WHEN_SETTING_APPLIES,
  'daemon-wrong-type': SURFACED_WHEN_SETTING_APPLIES,
  'daemon-removed-key': SURFACED_WHEN_SETTING_APPLIES,
  'daemon-ignored-key': SURFACED_WHEN_SETTING_APPLIES,
  // removing a key from an object that is not a dockerd section leaves that object accepted but unread
  'daemon-wrong-platform': ['daemon-ignored-key', 'remote-logging-missing'],
  // with `network_mode: host` Compose ignores `ports:`; once the service is on a network of its own they publish,
  // and a datastore's port on every interface is compose-exposed-datastore's business
  'compose-host-namespace': ['compose-exposed-datastore'],
  // without privileged, the service's default capabilities become compose-dangerous-capabilities' business
  'compose-privileged': ['compose-dangerous-capabilities'],
};

/** The rules a fix of `rule` may bring out (ALLOW_NEW_AFTER_FIX), none when it is not listed. */
export function allowNewAfterFix(rule: string): readonly string[] {
  return ALLOW_NEW_AFTER_FIX[rule] ?? [];
}

/** What the fixture suite needs of a document kind: its fixtures, its findings, its fix check. */
export interface FixtureKind<O> {
  findings: (text: string, rule: string, opts: O) => Finding[];
  fixtures: (rule: string) => { fires: Fixture<O>[]; passes: Fixture<O>[] };
  checkFixes: (text: string, rule: string, opts: O, allowNew: readonly string[]) => number;
}

/**
 * The generic fixture suite of a document kind: every rule has at least 3 firing and 3 non-firing fixtures, findings
 * start on the expected lines where given, carry their rule's documentation link and a message, and every fix the
 * rule declares is applied and re-linted by `checkFixes` (which lets the rule's ALLOW_NEW_AFTER_FIX appear).
 */
export function fixtureSuite<O>(
  test: (name: string, fn: (t: TestContext) => Promise<void>) => unknown,
  kind: LintedKind,
  { findings: find, fixtures, checkFixes: check }: FixtureKind<O>,
): void {
  for (const rule of allRules.filter((r) => r.kind === kind)) {
    test(`${rule.id}: fixtures`, async (t) => {
      const { fires, passes } = fixtures(rule.id);
      assert.ok(fires.length >= 3, `${rule.id} needs at least 3 firing fixtures (has ${fires.length})`);
      assert.ok(passes.length >= 3, `${rule.id} needs at least 3 non-firing fixtures (has ${passes.length})`);
      for (const f of fires) {
        await t.test(`fires: ${f.name}`, () => {
          const found = find(f.text, rule.id, f.opts);
          assert.ok(found.length > 0, `${rule.id} did not fire on ${f.name}`);
          if (f.lines)
            assert.deepEqual(
              // a Compose finding that stands for several services (compose/collapse.ts) is where each service is
              found.flatMap((d) =>
                (d.data as { services?: string[] } | undefined)?.services
                  ? (d.relatedInformation ?? []).map((r) => r.location.range.start.line + 1)
                  : [d.range.start.line + 1],
              ),
              f.lines,
              `${f.name}: lines`,
            );
          for (const d of found) {
            assert.equal(d.source, 'bulkhead');
            assert.ok(d.codeDescription.href.endsWith(`/${rule.id}.md`));
            assert.ok(d.message.length > 20, 'message says what to do');
          }
        });
      }
      for (const f of passes) {
        await t.test(`passes: ${f.name}`, () => {
          const found = find(f.text, rule.id, f.opts);
          assert.deepEqual(
            found.map((d) => `${d.range.start.line + 1}: ${d.message}`),
            [],
            `${rule.id} fired on ${f.name}`,
          );
        });
      }
      if (rule.fixes?.length) {
        await t.test('fixes apply cleanly', () => {
          const allowNew = allowNewAfterFix(rule.id);
          for (const id of allowNew) assert.ok(ruleById(id), `ALLOW_NEW_AFTER_FIX['${rule.id}'] names no rule: ${id}`);
          let n = 0;
          for (const f of fires) n += check(f.text, rule.id, f.opts, allowNew);
          assert.ok(n > 0, `${rule.id} declares fixes but none was offered on its fixtures`);
        });
      }
    });
  }
}

/**
 * Findings per rule, counted per place: a Compose finding that stands for several services (compose/collapse.ts) counts
 * once per service, one reported once for several places (the same secret written again) once per place.
 */
function codeCounts(diags: readonly Diagnostic[]) {
  const m = new Map<Diagnostic['code'], number>();
  for (const d of diags) {
    const services = (d.data as { services?: string[] } | undefined)?.services?.length;
    const places = services ?? 1 + (d.relatedInformation?.length ?? 0);
    if (d.code) m.set(d.code, (m.get(d.code) ?? 0) + places);
  }
  return m;
}

/**
 * For every fix of every `rule` finding in `text`: apply it, check the text outside the edits is byte-identical,
 * re-lint with `relint`, and check the finding is gone and no finding of another rule appeared (`allowNew`: rules a fix
 * may legitimately surface). `after(fixed, fix, before, re)` adds the document kind's own checks. Returns the number
 * of fixes checked.
 */
export function verifyFixes<R extends LintResult>(
  text: string,
  rule: string,
  relint: (text: string) => R,
  {
    allowNew = [],
    after: more = () => {},
  }: { allowNew?: readonly string[]; after?: (fixed: string, fix: Fix, before: R, re: R) => void } = {},
): number {
  const before = relint(text);
  let checked = 0;
  for (const d of before.diagnostics.filter((x) => x.code === rule)) {
    for (const fix of fixesOf(d)) {
      const { text: fixed, spans } = applyEdits(text, fix.edits);
      const first = Math.min(...spans.map((s) => s[0]), text.length);
      const last = Math.max(...spans.map((s) => s[1]), 0);
      if (spans.length) {
        assert.equal(fixed.slice(0, first), text.slice(0, first), `${fix.title}: text before the edit changed`);
        assert.equal(
          fixed.slice(fixed.length - (text.length - last)),
          text.slice(last),
          `${fix.title}: text after the edit changed`,
        );
      }
      const re = relint(fixed);
      const cb = codeCounts(before.diagnostics);
      const ca = codeCounts(re.diagnostics);
      assert.ok(
        (ca.get(rule) ?? 0) < (cb.get(rule) ?? 0),
        `${fix.title}: the ${rule} finding is still there:\n${fixed}`,
      );
      for (const [id, n] of ca) {
        if (id === rule || allowNew.includes(id as string)) continue;
        assert.ok(
          n <= (cb.get(id) ?? 0),
          `${fix.title}: a new ${id} finding appeared:\n${fixed}\n${JSON.stringify(re.diagnostics.filter((x) => x.code === id).map((x) => x.message))}`,
        );
      }
      more(fixed, fix, before, re);
      checked++;
    }
  }
  return checked;
}

/** Every file under a folder, in a stable order (`keep` filters by name). */
export function listFiles(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, keep));
    else if (entry.isFile() && keep(entry.name)) out.push(full);
  }
  return out;
}

// Property-based tests (fast-check, fixed seed, bounded runs) over every document kind: the fixtures mutated the way
// the fuzzer mutates them (scripts/fuzz.mjs: hostile whitespace, deep nesting, truncation, splicing...) and generated
// corpus-like documents. Properties: no exception and no rule failure; every finding inside the document; generated
// credentials never shown in a message, fix title or hover; every fix keeps the document parseable; Fix All reaches a
// fixed point within 3 rounds. Each lint runs under a vm timeout: a hang fails its property instead of the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import {
  KINDS,
  documentLines,
  rangeInside,
  applyDocumentEdits,
  fixAllToFixedPoint,
  streamRandom,
  mutate,
  GENERATORS,
  fixtureFiles,
} from './fuzz-helpers';
import { secureBaselineEdits } from '../../server/src/daemon/service/baseline';
import { analyzeSyntax } from '../../server/src/daemon/syntax';
import { parseTree, type ParseError } from 'jsonc-parser';
import type { LintedKind } from '../../server/src/service/languages';

const SEED = 20261128;
/** Runs per property and kind (a Compose lint costs several Dockerfile lints): the whole file stays well under a minute. */
const RUNS = {
  crash: { dockerfile: 600, compose: 300, daemon: 600, devcontainer: 400 },
  ranges: { dockerfile: 300, compose: 200, daemon: 300, devcontainer: 200 },
  secrets: { dockerfile: 250, compose: 250, daemon: 250, devcontainer: 200 },
  fixes: { dockerfile: 300, compose: 120, daemon: 300, devcontainer: 300 },
  fixAll: { dockerfile: 800, compose: 200, daemon: 600, devcontainer: 300 },
};
/**
 * A lint that has not finished after this long is a hang (an endless loop), not slow work: the largest generated input
 * lints in under a second even on a loaded machine, so the bound never decides a property by speed.
 */
const HANG_MS = 60_000;
/**
 * Once a property has failed by hanging, fast-check shrinks the input, and each shrunk candidate may hang too: they are
 * given a second each, so shrinking ends. Only the shrinking uses it: the first hang is judged at HANG_MS.
 */
const SHRINK_HANG_MS = 1000;
let hangSeen = false;
// No time limit on a property: how many runs a property makes never depends on the machine's speed or load.
const fcOptions = (numRuns) => ({ seed: SEED, numRuns });

const context = vm.createContext({});
const script = new vm.Script('job()');
function guarded(what, fn) {
  context.job = fn;
  const timeout = hangSeen ? SHRINK_HANG_MS : HANG_MS;
  try {
    return script.runInContext(context, { timeout });
  } catch (e) {
    if (e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      hangSeen = true;
      throw new Error(`${what} did not finish within ${timeout} ms (a hang)`, { cause: e });
    }
    throw e;
  } finally {
    context.job = undefined;
  }
}

/** Lint under the guard; a rule that threw fails the property. */
function lint(kind, text, opts = {}) {
  const result = guarded(`linting the ${kind}`, () => KINDS[kind].lint(text, opts));
  assert.deepEqual(
    result.failures.map((f) => `${f.rule}: ${f.error.split('\n').slice(0, 3).join(' ')}`),
    [],
    'a rule threw',
  );
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------

const FIXTURES = Object.fromEntries(
  Object.entries(fixtureFiles()).map(([kind, files]) => [
    kind,
    files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') })),
  ]),
);
const KIND_NAMES = Object.keys(KINDS) as LintedKind[];
/** The choices of a random source: uniform (fast-check's bias toward small numbers would pick the first option of every choice). */
const numbers = fc.array(fc.noBias(fc.nat({ max: 0x7fffffff })), { minLength: 32, maxLength: 64, size: 'max' });

/**
 * How a document is mutated: the fuzzer's mix, or one family at a time (so that each has a fair chance within the
 * bounded runs): hostile whitespace, deep nesting, or edits (hostile characters, truncation, snippets, splicing).
 */
const RECIPES = {
  mixed: undefined,
  whitespace: [['hostileWhitespace', 1]],
  nesting: [
    ['nest', 3],
    ['insertSnippet', 1],
  ],
  edits: [
    ['insertHostile', 3],
    ['truncate', 2],
    ['insertSnippet', 3],
    ['deleteSpan', 1],
    ['splice', 1],
    ['lineEndings', 1],
  ],
};

/** A fixture or a generated document of the kind, with up to three mutations (the counterexample shows which). */
function documents(kind) {
  return fc
    .record({
      fixture: fc.nat({ max: FIXTURES[kind].length - 1 }),
      generated: fc.boolean(),
      recipe: fc.constantFrom(...Object.keys(RECIPES)),
      mutations: fc.integer({ min: 0, max: 3 }),
      numbers,
    })
    .map(({ fixture, generated, recipe, mutations, numbers: n }) => {
      const r = streamRandom(n);
      const base = generated ? GENERATORS[kind](r) : FIXTURES[kind][fixture].text;
      const donor = (rr) => rr.pick(FIXTURES[rr.pick(KIND_NAMES)]).text;
      const { text, ops } = mutate(base, r, { kind, donor }, mutations, RECIPES[recipe]);
      return { from: generated ? `generated ${kind}` : FIXTURES[kind][fixture].name, ops, text };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Properties 1 and 2: no exception; every finding inside the document
// ---------------------------------------------------------------------------------------------------------------

for (const kind of KIND_NAMES) {
  test(`${kind}: no exception, no rule failure, hovers and code actions work`, () => {
    fc.assert(
      fc.property(documents(kind), ({ text }) => {
        const result = lint(kind, text);
        guarded('hovering', () => KINDS[kind].hovers(result));
        guarded('code actions', () => KINDS[kind].actionTitles(result));
        if (kind === 'daemon') guarded('the secure baseline', () => secureBaselineEdits(result.model));
      }),
      fcOptions(RUNS.crash[kind]),
    );
  });

  test(`${kind}: every finding and every fix edit lies inside the document`, () => {
    fc.assert(
      fc.property(documents(kind), ({ text }) => {
        const lines = documentLines(text);
        for (const d of lint(kind, text).diagnostics) {
          assert.ok(
            rangeInside(lines, d.range),
            `${d.code}: ${JSON.stringify(d.range)} is outside the document (${lines.length} lines)`,
          );
          for (const fix of d.data?.fixes ?? []) {
            for (const e of fix.edits)
              assert.ok(
                rangeInside(lines, e.range),
                `${d.code} fix "${fix.title}": edit ${JSON.stringify(e.range)} is outside the document`,
              );
          }
        }
      }),
      fcOptions(RUNS.ranges[kind]),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Property 3: generated credentials are never shown
// ---------------------------------------------------------------------------------------------------------------

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER_DIGITS}abcdefghijklmnopqrstuvwxyz`;
const chars = (alphabet, min, max = min) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''));
/** Words that make a value a placeholder (data/secretPatterns.ts), which the engine rightly does not treat as a secret. */
const PLACEHOLDER = /example|change|placeholder|your|dummy|sample|redacted|xxxx/i;

/** Credentials in the formats of real tokens (masked wherever they appear) and plain passwords (masked where they are credentials). */
const credentials = fc
  .oneof(
    chars(ALNUM, 36).map((s) => ({ shape: 'github', token: `ghp_${s}` })),
    fc
      .tuple(chars(ALNUM, 22), chars(ALNUM, 59))
      .map(([a, b]) => ({ shape: 'github-pat', token: `github_pat_${a}_${b}` })),
    chars(UPPER_DIGITS, 16).map((s) => ({ shape: 'aws', token: `AKIA${s}` })),
    chars(ALNUM, 36).map((s) => ({ shape: 'npm', token: `npm_${s}` })),
    chars(`${ALNUM}_-`, 20, 30).map((s) => ({ shape: 'gitlab', token: `glpat-${s}` })),
    chars(ALNUM, 24, 32).map((s) => ({ shape: 'stripe', token: `sk_live_${s}` })),
    fc.tuple(chars(ALNUM, 1), chars(`${ALNUM}_.-`, 9, 23)).map(([a, b]) => ({ shape: 'password', token: a + b })),
  )
  .filter(
    ({ token }) =>
      new Set(token).size >= 10 && /[0-9]/.test(token) && /[A-Za-z]/.test(token) && !PLACEHOLDER.test(token),
  );

const SECRET_NAMES = ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'API_KEY', 'NPM_TOKEN', 'CLIENT_SECRET'];

/** Where each kind holds a credential: `(token, name)` to the text. */
const SECRET_PLACES = {
  dockerfile: [
    (t, n) => `ENV ${n}=${t}`,
    (t, n) => `ENV ${n} ${t}`,
    (t, n) => `ARG ${n}=${t}`,
    (t) => `RUN curl -u deploy:${t} https://repo.corp.io/artifact.tgz -o /tmp/a.tgz`,
    (t) => `RUN curl -fsSL https://deploy:${t}@repo.corp.io/install.sh | sh`,
    (t) => `RUN curl -fsSL https://${t}@repo.corp.io/install.sh | sh`,
    (t) => `ADD https://${t}@repo.corp.io/a.tar.gz /tmp/`,
    (t) => `RUN wget -qO- https://ci:${t}@repo.corp.io/i.sh | bash`,
    (t) => `RUN git clone https://${t}@github.com/org/private.git`,
    (t) => `RUN git clone https://oauth2:${t}@gitlab.com/org/private.git`,
    (t) => `ADD https://repo.corp.io/a.tar.gz?token=${t} /tmp/`,
    (t) => `RUN wget https://repo.corp.io/file?private_token=${t} -O /f && sh /f`,
    (t) => `RUN docker login -u deploy -p ${t} registry.corp.io`,
    (t) => `RUN mysql -u root -p${t} -e "select 1"`,
    (t) => `RUN pip install --index-url https://deploy:${t}@pypi.corp.io/simple app`,
    (t, n) => `RUN export ${n}=${t} && make`,
    (t) => `RUN echo "//registry.npmjs.org/:_authToken=${t}" > .npmrc && npm ci`,
    (t) => `RUN curl -H "Authorization: Bearer ${t}" https://api.corp.io/v1/x | sh`,
    (t) => `HEALTHCHECK CMD curl -f https://monitor:${t}@localhost/health || exit 1`,
    (t) => `ENV DATABASE_URL=postgres://app:${t}@db:5432/app`,
  ],
  compose: [
    (t, n) => `    environment:\n      ${n}: ${t}`,
    (t, n) => `    environment:\n      ${n}: "${t}"`,
    (t, n) => `    environment:\n      - ${n}=${t}`,
    (t) => `    environment:\n      DATABASE_URL: postgres://app:${t}@db:5432/app`,
    (t) => `    command: sh -c "curl -fsSL https://deploy:${t}@repo.corp.io/i.sh | sh"`,
    (t) => `    command: sh -c "curl -fsSL https://${t}@repo.corp.io/i.sh | sh"`,
    (t) => `    environment:\n      REGISTRY_URL: https://${t}@registry.corp.io`,
    (t) => `    entrypoint: ["sh", "-c", "git clone https://${t}@github.com/org/x.git"]`,
    (t, n) => `    build:\n      context: .\n      args:\n        ${n}: ${t}`,
    (t) => `    healthcheck:\n      test: ["CMD", "curl", "-f", "https://${t}@localhost/health"]`,
  ],
  daemon: [
    (t) => `"proxies": { "http-proxy": "http://deploy:${t}@proxy.corp.io:3128" }`,
    (t) => `"proxies": { "https-proxy": "https://${t}@proxy.corp.io:3128" }`,
    (t) => `"registry-mirrors": ["https://deploy:${t}@mirror.corp.io"]`,
    (t) => `"registry-mirrors": ["https://${t}@mirror.corp.io"]`,
    (t) =>
      `"log-driver": "splunk",\n  "log-opts": { "splunk-token": "${t}", "splunk-url": "https://splunk.corp.io:8088" }`,
    (t) => `"insecure-registries": ["deploy:${t}@registry.corp.io:5000"]`,
    (t) => `"insecure-registries": ["${t}@registry.corp.io:5000"]`,
    (t) => `"insecure-registries": ["https://${t}@registry.corp.io"]`,
    (t) => `"hosts": ["tcp://${t}@0.0.0.0:2375"]`,
    (t) => `"hosts": ["tcp://deploy:${t}@0.0.0.0:2375"]`,
    (t) => `"registry-password": "${t}"`,
    (t) => `"labels": ["password=${t}"]`,
  ],
  devcontainer: [
    (t) => `"containerEnv": { "API_TOKEN": "${t}" }`,
    (t, name) => `"runArgs": ["--privileged", "-e", "${name}=${t}", "--cap-add=${t}"]`,
    (t) => `"initializeCommand": "curl -k -u deploy:${t} https://deploy:${t}@get.corp.io/setup.sh | sh"`,
    (t) => `"mounts": ["source=/var/run/docker.sock,target=/s,type=bind,${t}"]`,
    (t) => `"securityOpt": ["seccomp=unconfined", "label=${t}"]`,
  ],
};

/** A generated document (a fixed one for Compose and daemon.json) holding one credential in one of its places. */
function secretDocuments(kind) {
  return fc
    .record({
      credential: credentials,
      place: fc.nat({ max: SECRET_PLACES[kind].length - 1 }),
      name: fc.constantFrom(...SECRET_NAMES),
      numbers,
    })
    .map(({ credential, place, name, numbers: n }) => {
      const line = SECRET_PLACES[kind][place](credential.token, name);
      let text;
      if (kind === 'dockerfile') text = `${GENERATORS.dockerfile(streamRandom(n)).replace(/\n?$/, '\n')}${line}\n`;
      else if (kind === 'compose') text = `services:\n  app:\n    image: registry.corp.io/app:1.4\n${line}\n`;
      else if (kind === 'devcontainer') text = `{\n  "remoteUser": "root",\n  ${line}\n}\n`;
      else text = `{\n  "icc": true,\n  ${line}\n}\n`;
      return { shape: credential.shape, token: credential.token, text };
    });
}

for (const kind of KIND_NAMES) {
  test(`${kind}: a credential in the document is never shown in a message, fix title or hover`, () => {
    fc.assert(
      fc.property(secretDocuments(kind), ({ token, text }) => {
        const result = lint(kind, text);
        const shown = [
          ...result.diagnostics.map((d) => `message of ${d.code}: ${d.message}`),
          ...result.diagnostics.flatMap((d) => (d.data?.fixes ?? []).map((f) => `fix title of ${d.code}: ${f.title}`)),
          ...guarded('code actions', () => KINDS[kind].actionTitles(result)).map((t) => `code action: ${t}`),
          ...guarded('hovering', () => KINDS[kind].hovers(result)).map((h) => `hover: ${h}`),
        ];
        const leaks = shown.filter((s) => s.includes(token));
        assert.deepEqual(leaks, [], 'the raw credential is shown');
      }),
      fcOptions(RUNS.secrets[kind]),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Property 4: every offered fix keeps the document parseable
// ---------------------------------------------------------------------------------------------------------------

function countBy(items) {
  const m = new Map();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** The syntax problems of a text, by kind: YAML error codes, Go JSON decoder problems; none for a Dockerfile (it re-lints). */
const SYNTAX = {
  dockerfile: () => [],
  compose: (text) => parseDocument(text, { merge: true }).errors.map((e) => e.code),
  daemon: (text) => {
    const problems: string[] = analyzeSyntax(text).problems.map((p) => p.kind);
    try {
      JSON.parse(text);
    } catch {
      problems.push('not JSON');
    }
    return problems;
  },
  devcontainer: (text) => {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    return errors.map((e) => e.error);
  },
};

for (const kind of KIND_NAMES) {
  test(`${kind}: every offered fix keeps the document parseable (no new syntax problem, the re-lint does not fail)`, () => {
    fc.assert(
      fc.property(documents(kind), ({ text }) => {
        const result = lint(kind, text);
        const before = countBy(SYNTAX[kind](text));
        for (const d of result.diagnostics) {
          for (const fix of KINDS[kind].offeredFixes?.(result, d) ?? d.data?.fixes ?? []) {
            const fixed = applyDocumentEdits(text, fix.edits);
            lint(kind, fixed);
            for (const [problem, n] of countBy(SYNTAX[kind](fixed))) {
              assert.ok(
                n <= (before.get(problem) ?? 0),
                `${d.code} fix "${fix.title}" adds a syntax problem (${problem}):\n${fixed}`,
              );
            }
          }
        }
      }),
      fcOptions(RUNS.fixes[kind]),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Property 5: Fix All converges
// ---------------------------------------------------------------------------------------------------------------

for (const kind of KIND_NAMES) {
  test(`${kind}: Fix All applied to its own output reaches a fixed point within 3 rounds`, () => {
    fc.assert(
      fc.property(documents(kind), ({ text }) => {
        const run = fixAllToFixedPoint(
          kind,
          text,
          {},
          { maxRounds: 3, lint: (t) => lint(kind, t), fixAll: (r) => guarded('Fix All', () => KINDS[kind].fixAll(r)) },
        );
        assert.ok(
          run.converged,
          `Fix All still changes the text after 3 rounds (rules: ${run.rules?.join(', ')}):\n${run.texts.map((t, i) => `--- round ${i}\n${t}`).join('\n')}`,
        );
      }),
      fcOptions(RUNS.fixAll[kind]),
    );
  });
}

// Shared by the fuzzer (scripts/fuzz.mjs) and the property tests (properties.test.ts): the three document kinds as
// one descriptor each, random sources (seeded, or drawn from a list of numbers fast-check generates and shrinks),
// mutation operators aimed at this engine (hostile whitespace, deep nesting, truncation, very long tokens, splicing)
// and generators of corpus-like documents.
import fs from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TODAY, FIXTURES, ROOT, listFiles, applyEdits, hoverText } from './helpers';
import { documentLines } from './cli-helpers';
import { codeActionsCompose } from '../../server/src/compose/service/features';
import { daemonKeys } from '../../server/src/daemon/keys';
import { codeActionsDockerfile } from '../../server/src/dockerfile/service/codeActions';
import type { DockerfileLintResult } from '../../server/src/dockerfile/service/lint';
import type { ComposeLintResult } from '../../server/src/compose/service/lint';
import { hoverDockerfile } from '../../server/src/dockerfile/service/hover';
import { findingHoverSections } from '../../server/src/rules/hover';
import { fixAllEdits } from '../../server/src/service/fixAll';
import { lintDocument, type DocumentLint, type LintedKind } from '../../server/src/service/languages';
import type { DaemonEnvironment, EffectiveConfig, LintEnvironment } from '../../server/src/rules/context';
import type { LintResult, LintSetup } from '../../server/src/rules/language';
import { allRules, languageOfRule, ruleById } from '../../server/src/service/registry';

export { documentLines };

const CONFIG: EffectiveConfig = { rules: {}, trustedRegistries: [] };

/** How an input is linted: its environment (a Dockerfile's, or the dockerd a daemon.json is for), configuration, URI. */
export interface KindOpts {
  env?: LintEnvironment & DaemonEnvironment;
  config?: EffectiveConfig;
  uri?: string;
}

/**
 * At most this many findings are hovered and asked for code actions per document: the editor asks for one position
 * at a time, and each answer looks through all findings, so asking for thousands would time the harness instead.
 */
const MAX_ASKED = 200;

/** An even spread of at most `max` items. */
function spread(items, max = MAX_ASKED) {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

/** How one kind is linted, fixed all at once, hovered and asked for code actions. */
export interface Kind {
  ext: string;
  uri: string;
  lint(text: string, opts?: KindOpts): LintResult;
  fixAll(result: LintResult): TextEdit[];
  /** Every text a hover shows. */
  hovers(result: LintResult): string[];
  /** The titles of the code actions the editor offers. */
  actionTitles(result: LintResult): string[];
  /** The fixes the editor offers for a finding, where that is not simply the finding's own. */
  offeredFixes?(result: LintResult, d: Diagnostic): { title: string; edits: TextEdit[] }[];
}

/** How each kind is linted, fixed all at once and hovered; `opts` = { env, config, uri }. */
export const KINDS: Record<LintedKind, Kind> = {
  dockerfile: {
    ext: '.Dockerfile',
    uri: 'file:///work/app/Dockerfile',
    lint: (text: string, opts: KindOpts = {}) =>
      lintThroughPipeline('dockerfile', text, opts.uri ?? KIND_URI.dockerfile, {
        config: opts.config ?? CONFIG,
        env: { dockerignore: '.git\n.env\n', today: TODAY, ...opts.env },
      }),
    fixAll,
    /** Every text a hover shows for the findings and the instruction keywords. */
    hovers(lint) {
      const result = lint as DockerfileLintResult;
      const positions = spread(result.diagnostics).flatMap((d) => [d.range.start, d.range.end]);
      for (const inst of spread(result.model.instructions)) positions.push(inst.range.start);
      return positions.map((p) => hoverText(hoverDockerfile(result, p))).filter(Boolean);
    },
    /** The titles of the code actions the editor offers for each finding, and of Fix All. */
    actionTitles(lint) {
      const result = lint as DockerfileLintResult;
      const doc = { uri: KIND_URI.dockerfile, version: 1 };
      const titles = spread(result.diagnostics).flatMap((d) =>
        codeActionsDockerfile(result, doc, d.range, [d]).map((a) => a.title),
      );
      const all = documentLintOf(result).codeActions(
        doc,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        [],
        ['source.fixAll.bulkhead'],
      );
      return [...titles, ...all.map((a) => a.title)];
    },
  },
  compose: {
    ext: '.compose.yaml',
    uri: 'file:///work/app/compose.yaml',
    lint: (text: string, opts: KindOpts = {}) =>
      lintThroughPipeline('compose', text, opts.uri ?? KIND_URI.compose, { config: opts.config ?? CONFIG }),
    fixAll,
    /** The fixes the editor offers for a finding: on YAML that does not parse, those checked when asked for. */
    offeredFixes(result, d) {
      const doc = { uri: KIND_URI.compose, version: 1 };
      return codeActionsCompose(result as ComposeLintResult, doc, d.range, [d])
        .filter((a) => a.edit?.changes && !a.title.startsWith('Ignore '))
        .map((a) => ({ title: a.title, edits: a.edit.changes[doc.uri] }));
    },
    hovers: findingHovers,
    actionTitles: fixTitles,
  },
  daemon: {
    ext: '.daemon.json',
    uri: 'file:///etc/docker/daemon.json',
    lint: (text: string, opts: KindOpts = {}) =>
      lintThroughPipeline('daemon', text, opts.uri ?? KIND_URI.daemon, {
        config: opts.config ?? CONFIG,
        daemon: opts.env ?? {},
      }),
    fixAll,
    hovers: findingHovers,
    actionTitles: fixTitles,
  },
  devcontainer: {
    ext: '.devcontainer.json',
    uri: 'file:///work/app/.devcontainer/devcontainer.json',
    lint: (text: string, opts: KindOpts = {}) =>
      lintThroughPipeline('devcontainer', text, opts.uri ?? KIND_URI.devcontainer, { config: opts.config ?? CONFIG }),
    fixAll,
    hovers: findingHovers,
    actionTitles: fixTitles,
  },
};
/** Each lint result's document lint (the pipeline's: its Fix All and code actions). */
const documentLints = new WeakMap<LintResult, DocumentLint>();
function lintThroughPipeline(kind: LintedKind, text: string, uri: string, setup: LintSetup): LintResult {
  const lint = lintDocument(kind, text, uri, setup);
  documentLints.set(lint.result, lint);
  return lint.result;
}
const documentLintOf = (result: LintResult) => documentLints.get(result);
/** Fix All as the editor runs it: the pipeline's, applied until stable (one edit). */
function fixAll(result: LintResult): TextEdit[] {
  return documentLintOf(result).fixAll();
}
const KIND_URI = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [k, v.uri]));

/** What a hover over a Compose or daemon.json finding shows (the finding part; key cards are fixed text). */
function findingHovers(result) {
  return spread(result.diagnostics.filter((d) => d.code)).flatMap((d) => {
    // a code that is no rule's is shown by its message alone: any kind's suppression text will do
    const rule = ruleById(String(d.code)) ?? allRules[0];
    return findingHoverSections([d], d.range.start, (id) => ruleById(id), {
      suppression: languageOfRule(rule).suppression,
    }).sections;
  });
}

function fixTitles(result) {
  return result.diagnostics.flatMap((d) => (d.data?.fixes ?? []).map((f) => f.title));
}

export function kindOfFile(file) {
  return Object.keys(KINDS).find((k) => file.endsWith(KINDS[k].ext)) ?? null;
}

/**
 * LSP edits applied to a text: the shared helper, or (for a text with lone CR line breaks, which LSP counts as line
 * breaks and the helper does not) the LSP text document's own implementation. Both throw on overlapping edits.
 */
export function applyDocumentEdits(text, edits) {
  if (!/\r(?!\n)/.test(text)) return applyEdits(text, edits).text;
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 1, text), edits);
}

/** Whether an LSP range lies inside the document (given as its lines) and is not reversed. */
export function rangeInside(lines, range) {
  const inside = (p) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < lines.length &&
    p.character >= 0 &&
    p.character <= lines[p.line].length;
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  return inside(range.start) && inside(range.end) && ordered;
}

/** What fixAllToFixedPoint found: every text on the way, and the rules still fixing when it did not converge. */
export interface FixedPoint {
  converged: boolean;
  rounds: number;
  text: string;
  texts: string[];
  rules?: Diagnostic['code'][];
}

/**
 * Fix All applied to its own output until nothing changes. `converged` when, after at most `maxRounds` applications,
 * the next Fix All changes nothing; `rules` are the rules still offering Fix All edits when it did not converge.
 * `lint(text, opts, round)` and `fixAll` default to the kind's; the fuzzer passes guarded ones.
 */
export function fixAllToFixedPoint(
  kind: LintedKind,
  text: string,
  opts: KindOpts = {},
  {
    maxRounds = 3,
    lint = KINDS[kind].lint,
    fixAll = KINDS[kind].fixAll,
    onLint = () => {},
  }: {
    maxRounds?: number;
    lint?: (text: string, opts: KindOpts, round: number) => LintResult;
    fixAll?: (result: LintResult) => TextEdit[];
    onLint?: (result: LintResult, text: string, round: number) => void;
  } = {},
): FixedPoint {
  let current = text;
  const texts = [text];
  for (let round = 0; ; round++) {
    const result = lint(current, opts, round);
    onLint(result, current, round);
    const edits = fixAll(result);
    const next = edits.length ? applyDocumentEdits(current, edits) : current;
    if (next === current) return { converged: true, rounds: round, text: current, texts };
    if (round === maxRounds) {
      const rules = [
        ...new Set(result.diagnostics.filter((d) => fixAllEdits({ diagnostics: [d] }).length).map((d) => d.code)),
      ];
      return { converged: false, rounds: round, text: current, texts, rules };
    }
    current = next;
    texts.push(current);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Random sources
// ---------------------------------------------------------------------------------------------------------------

function source(next) {
  const int = (n) => (n <= 1 ? 0 : next() % n);
  return {
    int,
    /** lo..hi inclusive */
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => items[int(items.length)],
    chance: (p) => int(10_000) < p * 10_000,
    /** [item, weight] pairs */
    weighted(pairs) {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let at = int(total);
      for (const [item, w] of pairs) if ((at -= w) < 0) return item;
      return pairs[0][0];
    },
  };
}

/** A seeded random source (mulberry32): the same seed gives the same inputs on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return source(() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  });
}

/** A random source that replays a list of numbers, then zeros: fast-check shrinks the list toward simpler choices. */
export function streamRandom(numbers) {
  let i = 0;
  return source(() => (i < numbers.length ? numbers[i++] : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

/** Characters that tokenizers and parsers get wrong: Unicode spaces and line breaks, BOM, NUL, lone surrogates. */
export const HOSTILE_SPACE = ['\f', '\v', '\u00A0', '\u2028', '\u2029', '\u0085', '\u3000', '\u200B', '\t', '\r'];
const HOSTILE = [
  ...HOSTILE_SPACE,
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u{1F600}',
  '\r\n',
  '\n',
  '\\',
  '\\\n',
  '\\\r\n',
  '"',
  "'",
  '`',
  '$',
  '${',
  '$(',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  ': ',
  '#',
  '&&',
  '||',
  '|',
  ';',
  '<<',
  '<<EOF',
  '>',
  '*',
  '&',
  '-',
  '--',
  '=',
  ',',
  ' ',
  '%',
  '?',
  '@',
  '!',
  // escapes that JSON and YAML strings turn into line breaks and hostile spaces
  '\\n',
  '\\r',
  '\\t',
  '\\u2028',
  '\\u00a0',
  '\\f',
];

const SNIPPETS = {
  dockerfile: [
    'RUN apt-get update && apt-get install -y curl wget',
    'RUN apt-get install -y --no-install-recommends ca-certificates',
    'RUN apk add curl',
    'RUN apk add --no-cache bash',
    'RUN yum install -y httpd',
    'RUN dnf install -y git && dnf clean all',
    'RUN pip install flask requests',
    'RUN npm install -g yarn',
    'RUN gem install bundler',
    'RUN curl -fsSL https://get.example.io | sh',
    'RUN wget -qO- https://x.io/i.sh | bash',
    'RUN curl -k https://x.io/a -o /a',
    'RUN chmod 777 /app',
    'RUN chmod -R 4755 /usr/bin/x',
    'RUN sudo apt-get install -y vim',
    'USER root',
    'USER 10001:10001',
    'USER app',
    'ADD . /app',
    'ADD https://x.io/a.tar.gz /tmp/',
    'COPY . .',
    'COPY --chmod=777 app /app',
    'COPY --from=build / /',
    'ENV PASSWORD=hunter2hunter2',
    'ENV GITHUB_TOKEN ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3kM5',
    'ARG NPM_TOKEN',
    'ARG BASE=alpine:3.19',
    'HEALTHCHECK NONE',
    'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
    '# escape=`',
    '# syntax=docker/dockerfile:1',
    'FROM ubuntu AS build',
    'FROM ${BASE}',
    'FROM scratch',
    'RUN <<EOF\napt-get install -y curl\nEOF',
    'RUN <<-EOT bash\n\tapk add x\n\tEOT',
    'ONBUILD RUN sudo make install',
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    'SHELL ["powershell", "-Command"]',
    'RUN --mount=type=secret,id=npm cat /run/secrets/npm',
    'RUN --mount=type=cache,target=/var/cache/apt apt-get install -y x',
    'EXPOSE 22',
    'CMD node server.js',
    'ENTRYPOINT ["/entry.sh"]',
    'RUN set -o pipefail && curl x | tar -x',
    'RUN echo "$(id -u)" > /tmp/x',
    'WORKDIR /app',
    'VOLUME /var/run/docker.sock',
    'LABEL a=b',
    'RUN export DOCKER_CONTENT_TRUST=0',
    'RUN pip install --trusted-host pypi.org x',
    'RUN apt-get install -y --allow-unauthenticated x',
    'RUN useradd -u 10001 app',
    'RUN git clone https://github.com/a/b.git',
    '# bulkhead-ignore root-user',
    '# bulkhead-ignore-file all',
  ],
  compose: [
    'privileged: true',
    'cap_add: [ALL]',
    'cap_add:\n  - SYS_ADMIN',
    'cap_drop: [ALL]',
    'network_mode: host',
    'pid: host',
    'ipc: host',
    'user: root',
    'user: "10001:10001"',
    'volumes:\n  - /var/run/docker.sock:/var/run/docker.sock',
    'volumes:\n  - /:/host',
    'environment:\n  DB_PASSWORD: hunter2hunter2',
    'environment:\n  - API_TOKEN=s3cr3tv4lu3',
    'ports:\n  - "5432:5432"',
    'ports:\n  - target: 6379\n    published: 6379',
    'image: postgres',
    'image: redis:latest',
    'security_opt:\n  - seccomp:unconfined',
    'security_opt:\n  - no-new-privileges:true',
    'read_only: true',
    'read_only: false',
    'tmpfs:\n  - /tmp',
    '<<: *default',
    'extends:\n  service: web',
    'extends: web',
    'deploy:\n  resources:\n    limits:\n      memory: 512M\n      cpus: "0.5"',
    'mem_limit: 1g',
    'devices:\n  - /dev/mem:/dev/mem:rwm',
    'command: sh -c "curl x | sh"',
    'x-common: &default\n  privileged: true',
    'services:',
    'services: {}',
    'web:',
    '  web:\n    image: nginx',
    'build: .',
    '# bulkhead-ignore compose-privileged',
    '# bulkhead-ignore-file all',
    'secrets:\n  - db',
    'healthcheck:\n  test: ["CMD", "true"]',
    'version: "3.8"',
    '---',
    '...',
    '? complex\n: key',
    '!!binary aGVsbG8=',
  ],
  daemon: [
    '"icc": true,',
    '"icc": false,',
    '"iptables": false,',
    '"hosts": ["tcp://0.0.0.0:2375"],',
    '"insecure-registries": ["0.0.0.0/0"],',
    '"log-level": "debug",',
    '"userland-proxy": true,',
    '"seccomp-profile": "unconfined",',
    '"live-restore": false,',
    '"experimental": true,',
    '"storage-driver": "aufs",',
    '"graph": "/var/lib/docker",',
    '"proxies": {"http-proxy": "http://bob:pr0xyp4ss@proxy.corp:3128"},',
    '"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 1, "Soft": 2}},',
    '"tlsverify": false,',
    '"tls": true,',
    '"userns-remap": "default",',
    '"no-new-privileges": false,',
    '"authorization-plugins": [],',
    '"log-driver": "splunk", "log-opts": {"splunk-token": "t0k3nv4lu3x"},',
    '"cgroup-parent": "/x",',
    '"registry-mirrors": ["https://mirror.gcr.io"],',
    '"features": {"buildkit": true},',
    '"runtimes": {"r": {"path": "/r"}},',
    '"default-address-pools": [{"base": "10.0.0.0/8", "size": 24}],',
    '"exec-opts": ["native.cgroupdriver=systemd"],',
    '"mtu": "1500",',
    '"debug": 1,',
    '// comment',
    '/* comment */',
    ',',
    '"icc": true',
    '"a": ',
    '{}',
    '[]',
    'null',
    '"\\u0000"',
  ],
  devcontainer: [
    '"privileged": true,',
    '"runArgs": ["--privileged", "--cap-add", "SYS_ADMIN", "--security-opt=seccomp=unconfined", "--network", "host"],',
    '"runArgs": ["-itv", "/var/run/docker.sock:/var/run/docker.sock", "--mount"],',
    '"mounts": ["source=/,target=/host,type=bind", {"source": "/run", "target": "/r", "type": "bind"}],',
    '"capAdd": ["ALL", 1, null],',
    '"securityOpt": ["apparmor:unconfined"],',
    '"remoteUser": "root",',
    '"initializeCommand": "curl -k https://x | sh -c \\"$(wget -qO- https://y)\\"",',
    '"initializeCommand": {"a": ["sh", "-c", "curl https://x | bash"], "b": 3},',
    '"features": {"ghcr.io/devcontainers/features/docker-in-docker": {}, "a/b/c:latest": {}},',
    '"image": "ubuntu",',
    '// bulkhead-ignore all',
    '// bulkhead-ignore-file devcontainer-privileged',
  ],
};

/** Deeply nested constructs, per kind, of depth `n`. */
const NESTINGS = {
  any: [
    (n) => '{'.repeat(n),
    (n) => '['.repeat(n),
    (n) => '$('.repeat(n),
    (n) => '${a:-'.repeat(n),
    (n) => '('.repeat(n),
    (n) => '"$('.repeat(n),
    (n) => '{'.repeat(n) + '}'.repeat(n),
    (n) => '['.repeat(n) + ']'.repeat(n),
  ],
  dockerfile: [
    (n) => `RUN ${'$('.repeat(n)}echo${')'.repeat(n)}`,
    (n) => `RUN echo ${'"$('.repeat(n)}x${')"'.repeat(n)}`,
    (n) => `ENV A=${'${a:-'.repeat(n)}x${'}'.repeat(n)}`,
    (n) => `FROM ${'${a:-'.repeat(n)}alpine`,
    (n) => `ARG B=${'${a:+'.repeat(n)}`,
    (n) => `RUN ${'{ '.repeat(n)}apt-get install -y curl${'; }'.repeat(n)}`,
    (n) => `RUN ${'( '.repeat(n)}apk add x${' )'.repeat(n)}`,
    (n) => `RUN ${'echo a \\\n'.repeat(n)}true`,
    (n) => `${'ONBUILD '.repeat(n)}RUN sudo x`,
    (n) => `RUN ${'<<EOF '.repeat(n)}`,
    (n) => `RUN ${'`'.repeat(n)}`,
    (n) => `RUN ${'sh -c "'.repeat(n)}apt-get install x`,
    (n) => `RUN ${'if true; then '.repeat(n)}x`,
    (n) => `COPY ${'--chmod=777 '.repeat(n)}a b`,
    (n) => `RUN ${"bash -c '".repeat(Math.min(n, 50))}curl x | sh`,
  ],
  compose: [
    (n) => `x-deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
    (n) => `x-deep: ${'['.repeat(n)}${']'.repeat(n)}`,
    (n) => `x-deep: ${'{'.repeat(n)}`,
    (n) => `x-deep:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n')} 1`,
    (n) => `x-deep:\n${'- '.repeat(n)}a`,
    mergeChain,
    aliasBomb,
    extendsChain,
    (n) => `x-list: &l\n  <<: [${Array.from({ length: n }, () => '*l').join(', ')}]`,
  ],
  daemon: [
    (n) => '{"a":'.repeat(n),
    (n) => `"x": ${'['.repeat(n)}${']'.repeat(n)},`,
    (n) => `"log-opts": ${'{"a": '.repeat(n)}1${'}'.repeat(n)},`,
    (n) => `"proxies": ${'{"http-proxy": '.repeat(n)}"x"${'}'.repeat(n)},`,
    (n) => '"a": "'.repeat(n),
  ],
  devcontainer: [
    (n) => '{"a":'.repeat(n),
    (n) => `"runArgs": ${'['.repeat(n)}${']'.repeat(n)},`,
    (n) => `"initializeCommand": "${'$('.repeat(n)}",`,
    (n) => `"mounts": ["${'${'.repeat(n)}"],`,
  ],
};

/** `x-aN: &aN` maps each merging the one before (`<<: *aN-1`), then a service merging the last. */
function mergeChain(n) {
  const lines = ['x-a0: &a0', '  image: alpine', '  privileged: true'];
  for (let i = 1; i < n; i++) lines.push(`x-a${i}: &a${i}`, `  <<: *a${i - 1}`, `  user: u${i}`);
  lines.push('services:', '  chained:', `    <<: *a${n - 1}`);
  return lines.join('\n');
}

/** Each level lists the one before ten times: 10^n values once aliases are expanded. */
function aliasBomb(n) {
  const lines = ['x-l0: &l0 [a, a, a, a, a, a, a, a, a, a]'];
  for (let i = 1; i < Math.min(n, 12); i++)
    lines.push(`x-l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** Services each extending the next, the last extending the first (a cycle). */
function extendsChain(n) {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) lines.push(`  s${i}:`, '    image: alpine', `    extends: s${(i + 1) % n}`);
  return lines.join('\n');
}

/** Offsets of the starts of the lines of a text (\n separated). */
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A block inserted at the start of a random line, indented like that line. */
function insertBlock(text, r, block) {
  const starts = lineStarts(text);
  const at = r.pick(starts);
  const indent = /^[ \t]*/.exec(text.slice(at, at + 200))[0];
  const body = block
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
  return text.slice(0, at) + body + '\n' + text.slice(at);
}

function lineSpan(text, r, maxLines) {
  const starts = lineStarts(text);
  const first = r.int(starts.length);
  const last = Math.min(starts.length, first + r.between(1, maxLines));
  return [starts[first], last < starts.length ? starts[last] : text.length];
}

/** Nesting depths: mostly what a person might write, now and then far beyond (stack overflows, exponential parsers). */
const DEPTHS = [
  [3, 20],
  [8, 20],
  [20, 15],
  [50, 15],
  [100, 12],
  [300, 8],
  [1000, 6],
  [3000, 4],
];

/** Each mutation takes a text, a random source and `{ kind, donor(r) }` (another document's text) and returns a text. */
export const MUTATIONS = {
  insertHostile(text, r) {
    let out = text;
    for (let i = r.between(1, 4); i > 0; i--) {
      const at = r.int(out.length + 1);
      out = out.slice(0, at) + r.pick(HOSTILE).repeat(r.chance(0.2) ? r.between(2, 50) : 1) + out.slice(at);
    }
    return out;
  },
  /** Spaces of one line (a package install when there is one) become another kind of space. */
  hostileWhitespace(text, r) {
    const lines = text.split('\n');
    const installs = lines
      .map((l, i) => (/\b(install|add|apt-get|apk|yum|dnf|pip|npm|RUN)\b/.test(l) ? i : -1))
      .filter((i) => i >= 0);
    const i = installs.length && r.chance(0.7) ? r.pick(installs) : r.int(lines.length);
    const ch = r.pick(HOSTILE_SPACE);
    const all = r.chance(0.5);
    let seen = 0;
    const nth = r.int(8);
    lines[i] = lines[i].replace(/ /g, (s) => (all || seen++ === nth ? ch : s));
    return lines.join('\n');
  },
  nul(text, r) {
    const at = r.int(text.length + 1);
    return text.slice(0, at) + '\u0000'.repeat(r.between(1, 3)) + text.slice(at);
  },
  deleteSpan(text, r) {
    if (r.chance(0.5)) {
      const [a, b] = lineSpan(text, r, 5);
      return text.slice(0, a) + text.slice(b);
    }
    const at = r.int(text.length + 1);
    return text.slice(0, at) + text.slice(at + r.between(1, r.chance(0.3) ? 400 : 8));
  },
  duplicateLines(text, r) {
    const [a, b] = lineSpan(text, r, r.chance(0.8) ? 3 : 30);
    const times = r.chance(0.95) ? r.between(1, 8) : r.pick([100, 500, 2000]);
    const block = text.slice(a, b);
    const copies = block.endsWith('\n') || !block ? block.repeat(times) : (block + '\n').repeat(times);
    return text.slice(0, b) + copies + text.slice(b);
  },
  duplicateSpan(text, r) {
    const from = r.int(text.length + 1);
    const span = text.slice(from, from + r.between(1, 300));
    const at = r.int(text.length + 1);
    return text.slice(0, at) + span.repeat(r.between(1, 5)) + text.slice(at);
  },
  splice(text, r, ctx) {
    const donor = ctx.donor(r);
    const [a, b] = lineSpan(donor, r, 20);
    const piece = donor.slice(a, b);
    if (r.chance(0.5)) return insertBlock(text, r, piece.replace(/\n$/, ''));
    const [c, d] = lineSpan(text, r, 20);
    return text.slice(0, c) + piece + text.slice(d);
  },
  nest(text, r, ctx) {
    const n = r.weighted(DEPTHS);
    const make = r.chance(0.7) ? r.pick(NESTINGS[ctx.kind]) : r.pick(NESTINGS.any);
    if (r.chance(0.3) && (make === mergeChain || make === aliasBomb || make === extendsChain))
      return make(n) + '\n' + text;
    if (r.chance(0.3)) {
      const at = r.int(text.length + 1);
      return text.slice(0, at) + make(n) + text.slice(at);
    }
    return insertBlock(text, r, make(n));
  },
  /**
   * Cut the text (anywhere, or at the end of a line, where a command or a value ends), often leaving an unterminated
   * quote, heredoc, substitution or continuation at the end.
   */
  truncate(text, r) {
    const ends = [...text.matchAll(/\n/g)].map((m) => m.index);
    const out = text.slice(0, ends.length && r.chance(0.5) ? r.pick(ends) : r.int(text.length + 1));
    return r.chance(0.7)
      ? out +
          r.pick([
            '"',
            "'",
            '`',
            ' "',
            '<<EOF\n',
            '<<-EOT\napk add x\n',
            '$(',
            '${',
            '[',
            '{',
            '\\',
            '\\\n',
            '&& \\\n',
            '- ',
            ': |\n',
            '"a": ',
            '/*',
          ])
      : out;
  },
  longToken(text, r) {
    const unit = r.pick([
      'a',
      'A1',
      '-',
      '/a',
      '$a',
      '\\',
      ' ',
      '\t',
      '=',
      'x:',
      '&& echo ',
      '%',
      'ab ',
      ',',
      '"a",',
      '\u00A0',
      'http://a/',
    ]);
    const at = r.int(text.length + 1);
    return (
      text.slice(0, at) +
      unit.repeat(
        Math.ceil(
          r.weighted([
            [1000, 50],
            [10_000, 35],
            [100_000, 15],
          ]) / unit.length,
        ),
      ) +
      text.slice(at)
    );
  },
  lineEndings(text, r) {
    const eol = r.pick(['\r\n', '\r', '\n\r', '\u2028']);
    if (r.chance(0.5)) return text.replace(/\n/g, eol);
    return text.replace(/\n/g, (s) => (r.chance(0.3) ? eol : s));
  },
  insertSnippet(text, r, ctx) {
    const snippet = r.pick(SNIPPETS[ctx.kind]);
    if ((ctx.kind === 'daemon' || ctx.kind === 'devcontainer') && r.chance(0.6)) {
      const brace = text.indexOf('{');
      const at = brace >= 0 ? brace + 1 : 0;
      return text.slice(0, at) + '\n  ' + snippet + text.slice(at);
    }
    return insertBlock(text, r, snippet);
  },
};

/** Mutation weights of the fuzzer (NUL is rare: it makes the editor skip the file as binary). */
export const MUTATION_WEIGHTS = [
  ['insertHostile', 14],
  ['hostileWhitespace', 12],
  ['nul', 1],
  ['deleteSpan', 8],
  ['duplicateLines', 6],
  ['duplicateSpan', 4],
  ['splice', 7],
  ['nest', 9],
  ['truncate', 7],
  ['longToken', 4],
  ['lineEndings', 4],
  ['insertSnippet', 12],
];

/** `count` mutations stacked on a text; returns the text and the names of the mutations applied. */
export function mutate(text, r, ctx, count = r.between(1, 4), weights = MUTATION_WEIGHTS) {
  let out = text;
  const ops = [];
  for (let i = 0; i < count; i++) {
    const op = r.weighted(weights);
    out = MUTATIONS[op](out, r, ctx);
    ops.push(op);
  }
  return { text: out, ops };
}

// ---------------------------------------------------------------------------------------------------------------
// Generated documents
// ---------------------------------------------------------------------------------------------------------------

const IMAGES = [
  'debian:bookworm-slim',
  'ubuntu:22.04',
  'ubuntu',
  'alpine:3.19',
  'alpine',
  'node:18',
  'python:3.12-slim',
  'centos:7',
  'golang:1.22',
  'nginx:latest',
  'scratch',
  '${BASE}',
  '${BASE:-alpine:3.19}',
  'registry.corp.io/team/app:1.2',
  'postgres:16',
  'redis',
  `alpine@sha256:${'0123456789abcdef'.repeat(4)}`,
  'mcr.microsoft.com/windows/servercore:ltsc2022',
  'gcr.io/distroless/static:nonroot',
];
const PACKAGES = [
  'curl',
  'wget',
  'git',
  'ca-certificates',
  'build-essential',
  'openssh-server',
  'sudo',
  'vim',
  'python3=3.11.2-1',
  'nginx',
];

function packages(r) {
  return Array.from({ length: r.between(1, 4) }, () => r.pick(PACKAGES)).join(' ');
}

const COMMANDS = [
  () => 'apt-get update',
  (r) => `apt-get install -y ${r.chance(0.5) ? '--no-install-recommends ' : ''}${packages(r)}`,
  () => 'rm -rf /var/lib/apt/lists/*',
  (r) => `apk add ${r.chance(0.5) ? '--no-cache ' : ''}${packages(r)}`,
  () => `apk upgrade`,
  (r) => `yum install -y ${packages(r)}`,
  () => 'yum clean all',
  (r) => `dnf install -y ${packages(r)}`,
  (r) => `pip install ${r.chance(0.5) ? '--no-cache-dir ' : ''}flask==3.0.0 requests`,
  () => 'npm install -g pm2',
  () => 'npm ci',
  () => 'curl -fsSL https://get.tool.io/install.sh | sh',
  () => 'wget -q https://dl.tool.io/t.tar.gz -O /tmp/t.tar.gz',
  () => 'sha256sum -c t.sha256',
  (r) => `chmod ${r.pick(['777', '755', '4755', 'u+s', 'a+w'])} /app`,
  () => 'chown -R 10001:10001 /app',
  (r) => `sudo ${packages(r)}`,
  () => 'useradd -r -u 10001 app',
  () => 'git clone https://github.com/org/repo.git',
  () => 'make && make install',
  () => 'echo "$(date)" > /build-date',
  () => 'cd /app',
  () => 'set -o pipefail',
  () => 'curl -k https://x.io/a -o /a',
  () => 'apt-get upgrade -y',
  () => 'export DOCKER_CONTENT_TRUST=0',
  () => 'ssh-keygen -A',
  () => 'gem install rails',
  () => 'go build -o /bin/app ./...',
];

function runCommand(r) {
  const parts = Array.from({ length: r.between(1, 4) }, () => r.pick(COMMANDS)(r));
  const joiners = [' && ', ' && \\\n    ', '; ', ' || ', ' | ', ' \\\n && '];
  return parts.reduce((out, p, i) => (i ? out + r.pick(joiners) + p : p), '');
}

const INSTRUCTIONS = [
  (r) => `RUN ${runCommand(r)}`,
  (r) => `RUN ${runCommand(r)}`,
  (r) => `RUN ${runCommand(r)}`,
  (r) => `RUN <<EOF\n${runCommand(r).replace(/ && /g, '\n')}\nEOF`,
  (r) => `RUN ["/bin/sh", "-c", "${runCommand(r).replace(/["\\\n]/g, ' ')}"]`,
  (r) =>
    `ENV ${r.pick(['PATH', 'APP_HOME', 'DB_PASSWORD', 'NODE_ENV', 'API_KEY'])}${r.pick(['=', ' '])}${r.pick(['/app', 'production', 'x1y2z3w4', '${HOME}/bin'])}`,
  (r) =>
    `ARG ${r.pick(['VERSION', 'BASE', 'NPM_TOKEN', 'USER_ID'])}${r.chance(0.5) ? '=' + r.pick(['1.0', 'alpine:3.19', '1000']) : ''}`,
  (r) => `USER ${r.pick(['root', 'app', '10001', '10001:10001', '${UID}', '0'])}`,
  (r) => `WORKDIR ${r.pick(['/app', '/', '$HOME'])}`,
  (r) =>
    `COPY ${r.chance(0.3) ? '--chown=10001:10001 ' : ''}${r.chance(0.2) ? '--chmod=777 ' : ''}${r.pick(['. .', 'app/ /app/', 'id_rsa /root/.ssh/', '.env /app/', '--from=build /out /app'])}`,
  (r) =>
    `ADD ${r.pick(['. /app', 'app.tar.gz /app/', 'https://x.io/a.tar.gz /tmp/', '--checksum=sha256:' + 'ab'.repeat(32) + ' https://x.io/a /a'])}`,
  (r) => `EXPOSE ${r.pick(['22', '80', '443', '8080/tcp', '2375'])}`,
  (r) => `HEALTHCHECK ${r.pick(['NONE', 'CMD curl -f http://localhost/ || exit 1', '--interval=30s CMD true'])}`,
  (r) => `CMD ${r.pick(['["node", "server.js"]', 'node server.js', '["sh", "-c", "exec app"]'])}`,
  (r) => `ENTRYPOINT ${r.pick(['["/entrypoint.sh"]', '/entrypoint.sh run'])}`,
  (r) =>
    `SHELL ${r.pick(['["/bin/bash", "-o", "pipefail", "-c"]', '["/bin/sh", "-c"]', '["powershell", "-Command"]'])}`,
  () => 'LABEL maintainer="a@b.c"',
  (r) => `VOLUME ${r.pick(['/data', '["/var/run/docker.sock"]'])}`,
  (r) => `ONBUILD RUN ${runCommand(r)}`,
  (r) =>
    `RUN --mount=type=${r.pick(['cache,target=/root/.cache', 'secret,id=npm', 'ssh', 'bind,source=.,target=/src'])} ${runCommand(r)}`,
];

/** A Dockerfile like the corpus's: directives, one to three stages of common instructions. */
export function genDockerfile(r) {
  const lines = [];
  if (r.chance(0.2)) lines.push('# syntax=docker/dockerfile:1');
  if (r.chance(0.05)) lines.push('# escape=`');
  const stages = r.between(1, 3);
  for (let s = 0; s < stages; s++) {
    if (s === 0 && r.chance(0.3)) lines.push('ARG BASE=alpine:3.19');
    lines.push(`FROM ${r.pick(IMAGES)}${stages > 1 && s < stages - 1 ? ` AS s${s}` : ''}`);
    for (let i = r.between(1, 8); i > 0; i--) lines.push(r.pick(INSTRUCTIONS)(r));
  }
  return lines.join(r.chance(0.1) ? '\r\n' : '\n') + (r.chance(0.9) ? '\n' : '');
}

const SERVICE_KEYS = [
  (r) => `image: ${r.pick(IMAGES.filter((i) => !i.includes('$')))}`,
  () => 'build: .',
  (r) => `privileged: ${r.pick(['true', 'false'])}`,
  (r) => `user: ${r.pick(['root', '"10001:10001"', '"0"', 'app'])}`,
  (r) => `cap_add: [${r.pick(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_BIND_SERVICE'])}]`,
  () => 'cap_drop:\n  - ALL',
  (r) =>
    `security_opt:\n  - ${r.pick(['seccomp:unconfined', 'apparmor=unconfined', 'no-new-privileges:true', 'label:disable'])}`,
  (r) => `${r.pick(['network_mode', 'pid', 'ipc', 'userns_mode', 'uts'])}: host`,
  (r) => `ports:\n  - ${r.pick(['"5432:5432"', '"127.0.0.1:80:80"', '8080', '"6379"', '"0.0.0.0:27017:27017"'])}`,
  (r) =>
    `volumes:\n  - ${r.pick(['/var/run/docker.sock:/var/run/docker.sock', './data:/data', '/:/host:ro', 'db:/var/lib/postgresql/data', '/etc:/etc'])}`,
  (r) =>
    `environment:\n  ${r.pick(['POSTGRES_PASSWORD: s3cr3tP4ss', 'TZ: UTC', 'API_TOKEN: "${API_TOKEN}"', 'DEBUG: "1"'])}`,
  (r) =>
    `environment:\n  - ${r.pick(['MYSQL_ROOT_PASSWORD=r00tp4ss', 'NODE_ENV=production', 'SECRET_KEY=${SECRET_KEY:?set it}'])}`,
  (r) => `read_only: ${r.pick(['true', 'false'])}`,
  () => 'tmpfs:\n  - /tmp',
  () => 'deploy:\n  resources:\n    limits:\n      memory: 512M\n      cpus: "0.5"',
  () => 'mem_limit: 512m',
  (r) => `devices:\n  - ${r.pick(['/dev/fuse', '/dev/sda:/dev/sda:rwm', '/dev/mem'])}`,
  () => 'restart: unless-stopped',
  () => 'healthcheck:\n  test: ["CMD", "curl", "-f", "http://localhost"]',
  () => 'command: ["sh", "-c", "exec app"]',
  () => 'extends:\n  service: base',
];

/** A Compose file like the corpus's: an optional `x-` anchor merged into services, a few services with common keys. */
export function genCompose(r) {
  const lines = [];
  if (r.chance(0.3)) lines.push(`version: "${r.pick(['3', '3.8', '2.4'])}"`);
  const anchor = r.chance(0.3);
  if (anchor)
    lines.push(
      'x-common: &common',
      ...r
        .pick(SERVICE_KEYS)(r)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push('services:');
  const names = ['web', 'db', 'cache', 'base', 'worker'];
  for (let s = r.between(1, 3); s > 0; s--) {
    lines.push(`  ${r.pick(names)}:`);
    if (anchor && r.chance(0.5)) lines.push('    <<: *common');
    for (let i = r.between(1, 6); i > 0; i--)
      lines.push(
        ...r
          .pick(SERVICE_KEYS)(r)
          .split('\n')
          .map((l) => `    ${l}`),
      );
  }
  if (r.chance(0.2)) lines.push('volumes:', '  db: {}');
  return lines.join('\n') + '\n';
}

function daemonValue(key, r) {
  switch (key.type) {
    case 'boolean':
      return r.chance(0.8) ? r.pick([true, false]) : r.pick(['true', 1]);
    case 'integer':
      return r.chance(0.8) ? r.between(0, 70000) : '1500';
    case 'string-array':
      return r.pick([
        [],
        ['tcp://0.0.0.0:2375'],
        ['unix:///var/run/docker.sock'],
        ['10.0.0.0/8', 'reg.corp:5000'],
        'x',
      ]);
    case 'object':
      return r.pick([
        {},
        { 'max-size': '10m' },
        { 'http-proxy': 'http://proxy.corp:3128' },
        { nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 } },
        [],
      ]);
    case 'object-array':
      return r.pick([[{ base: '10.10.0.0/16', size: 24 }], [], {}]);
    default:
      return r.pick([
        '',
        'default',
        'debug',
        'unconfined',
        'overlay2',
        'aufs',
        'json-file',
        '/var/lib/docker',
        'systemd',
        'x',
      ]);
  }
}

/** A daemon.json: some known keys (and now and then an unknown, removed or duplicated one) with values of their type. */
export function genDaemon(r) {
  const entries = [];
  for (let i = r.between(0, 8); i > 0; i--) {
    const key = r.pick(daemonKeys());
    entries.push([key.key, daemonValue(key, r)]);
  }
  if (r.chance(0.2)) entries.push([r.pick(['graph', 'disable-legacy-registry', 'no-such-key', 'cluster-store']), 'x']);
  if (r.chance(0.1) && entries.length) entries.push(entries[0]);
  const indent = r.pick(['  ', '    ', '\t', '']);
  const body = entries
    .map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(indent ? ',\n' : ',');
  return indent ? `{\n${body}\n}\n` : `{${body}}`;
}

/** A devcontainer.json of settings the rules read, in random order, values good and bad. */
export function genDevcontainer(r) {
  const entries = [
    ['image', r.pick(['mcr.microsoft.com/devcontainers/base:2-trixie', 'ubuntu', 'x:latest', '${localEnv:IMG}'])],
    ['privileged', r.pick([true, false, 'true'])],
    [
      'runArgs',
      r.pick([['--privileged'], ['--cap-add', 'SYS_PTRACE'], ['-v', '/var/run/docker.sock:/s'], ['--net=host']]),
    ],
    ['capAdd', [r.pick(['NET_ADMIN', 'sys_admin', 'NET_BIND_SERVICE'])]],
    ['securityOpt', [r.pick(['seccomp=unconfined', 'label:disable', 'no-new-privileges'])]],
    ['mounts', [r.pick(['source=/var/run/docker.sock,target=/x,type=bind', 'source=v,target=/v,type=volume'])]],
    ['remoteUser', r.pick(['root', 'vscode', '0'])],
    [
      'initializeCommand',
      r.pick(['curl -fsSL https://x | sh', ['sh', '-c', 'wget -qO- https://y | bash'], { a: 'mkdir x' }]),
    ],
    ['features', { [r.pick(['ghcr.io/devcontainers/features/node', 'ghcr.io/devcontainers/features/go:1'])]: {} }],
  ].filter(() => r.chance(0.5));
  const body = entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  return `{\n${r.chance(0.3) ? '  // a comment\n' : ''}${body}${r.chance(0.3) ? ',' : ''}\n}\n`;
}

export const GENERATORS = {
  dockerfile: genDockerfile,
  compose: genCompose,
  daemon: genDaemon,
  devcontainer: genDevcontainer,
};

// ---------------------------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------------------------

/** The repository's fixtures by kind (sidecar files left out). */
export function fixtureFiles() {
  const keep = (re) => (name) => re.test(name) && !/\.(env|config)\.json$/.test(name);
  return {
    dockerfile: listFiles(path.join(FIXTURES, 'dockerfile'), keep(/\.Dockerfile$/)).concat(
      path.join(FIXTURES, 'clients/insecure.Dockerfile'),
    ),
    compose: listFiles(path.join(FIXTURES, 'compose'), keep(/\.ya?ml$/)),
    daemon: listFiles(path.join(FIXTURES, 'daemon'), keep(/\.json$/)).concat(
      path.join(FIXTURES, 'clients/insecure.daemon.json'),
    ),
    devcontainer: listFiles(path.join(FIXTURES, 'devcontainer'), keep(/\.json$/)),
  };
}

/** The shared corpus (beside the repository) by kind, from its MANIFEST; null when it is absent. */
export function corpusFiles(corpus = path.resolve(ROOT, '../shared/corpus')) {
  const manifest = path.join(corpus, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) return null;
  const kinds = {
    dockerfile: 'dockerfile',
    'dockerfile-template': 'dockerfile',
    compose: 'compose',
    'daemon-json': 'daemon',
    devcontainer: 'devcontainer',
  };
  const out = { dockerfile: [], compose: [], daemon: [], devcontainer: [] };
  for (const row of fs.readFileSync(manifest, 'utf8').split('\n').slice(1)) {
    const [kind, local] = row.split('\t');
    if (kinds[kind] && local) out[kinds[kind]].push(path.join(corpus, local));
  }
  return out;
}

/**
 * One round of what a person gets by accepting every finding's preferred quick fix, manual ones included (Fix All
 * leaves those out: docs/fixes.md): for tests of the edits themselves (where they land, that they settle).
 */
export function acceptPreferred(result: LintResult, rule?: string): TextEdit[] {
  const diagnostics = (result as { diagnostics: readonly Diagnostic[] }).diagnostics;
  return fixAllEdits(
    { diagnostics: rule ? diagnostics.filter((d) => d.code === rule) : diagnostics },
    { manual: true },
  );
}

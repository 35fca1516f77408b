// Every contributed snippet expands (placeholders take their defaults) to something valid: Dockerfile snippets lint
// without an error-severity finding inside a minimal Dockerfile, daemon.json snippets parse as JSON inside `{}` and
// use only keys dockerd knows. The manifest contributes both files with `bulkhead-` prefixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TODAY } from './helpers';
import { lintDaemon } from '../../server/src/daemon/service/lint';
import { lintDockerfile } from '../../server/src/dockerfile/service/lint';

const read = (rel) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));

/** A snippet as a snippets file holds it. */
type Snippet = { prefix: string; description: string; body: string | string[] };

/**
 * Expand a snippet body as the editor does when the user accepts every default: `${1:default}` → default (nested
 * placeholders too), `${1|a,b|}` → a, `$1`/`${1}`/`$0` → nothing, `\$` → `$`.
 */
export function expand(body) {
  const text = Array.isArray(body) ? body.join('\n') : body;
  let i = 0;
  const parse = (stopAt) => {
    let s = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && '$}\\,|'.includes(text[i + 1])) {
        s += text[i + 1];
        i += 2;
      } else if (stopAt && c === stopAt) {
        return s;
      } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (/[0-9]/.test(text[i] ?? '')) i++;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        const m = /^[0-9A-Z_a-z]+/.exec(text.slice(i));
        assert.ok(m, `bad placeholder at ${i} in ${text}`);
        i += m[0].length;
        if (text[i] === '}') {
          i++;
        } else if (text[i] === ':') {
          i++;
          s += parse('}');
          i++;
        } else if (text[i] === '|') {
          i++;
          const choices = parse('|');
          i += 2; // |}
          s += choices.split(',')[0];
        } else assert.fail(`bad placeholder in ${text}`);
      } else {
        s += c;
        i++;
      }
    }
    assert.ok(!stopAt, `unclosed placeholder in ${text}`);
    return s;
  };
  const out = parse(null);
  return out;
}

test('the expander handles defaults, nesting, choices, tabstops and escapes', () => {
  assert.equal(expand('a ${1:b ${2:c}} $1 ${3} \\$HOME ${4|x,y|}$0'), 'a b c   $HOME x');
});

test('package.json contributes the Dockerfile and daemon.json snippets', () => {
  const pkg = read('package.json');
  const byPath = Object.fromEntries(pkg.contributes.snippets.map((s) => [s.path, s.language]));
  assert.equal(byPath['./snippets/dockerfile.json'], 'dockerfile');
  assert.equal(byPath['./snippets/daemon-json.json'], 'json');
});

const dockerfileSnippets = Object.entries<Snippet>(read('snippets/dockerfile.json'));
const daemonSnippets = Object.entries<Snippet>(read('snippets/daemon-json.json'));

test('the Dockerfile snippets cover the hardened building blocks', () => {
  const text = dockerfileSnippets.map(([, s]) => expand(s.body)).join('\n');
  for (const [what, re] of [
    ['non-root user on Alpine', /adduser -S/],
    ['non-root user on Debian', /useradd --system/],
    ['RUN with a secret mount', /RUN --mount=type=secret/],
    ['checksum-verified download', /sha256sum -c/],
    ['HEALTHCHECK', /^HEALTHCHECK /m],
    ['multi-stage skeleton', /FROM .* AS build[\s\S]*COPY --from=build/],
  ] as [string, RegExp][])
    assert.match(text, re, what);
});

for (const [name, snippet] of dockerfileSnippets) {
  test(`Dockerfile snippet "${name}": prefix, and no error-severity finding when expanded`, () => {
    assert.match(snippet.prefix, /^bulkhead-/);
    assert.ok(snippet.description, 'has a description');
    const body = expand(snippet.body);
    const text = /^FROM /m.test(body) ? `${body}\n` : `FROM alpine:3.20\n${body}\nUSER 10001\n`;
    const result = lintDockerfile(
      text,
      'file:///work/Dockerfile',
      { rules: {}, trustedRegistries: [] },
      { dockerignore: '.git\n', today: TODAY },
    );
    assert.deepEqual(result.failures, []);
    const errors = result.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(
      errors.map((d) => `${d.code}: ${d.message}`),
      [],
      text,
    );
  });
}

for (const [name, snippet] of daemonSnippets) {
  test(`daemon.json snippet "${name}": prefix, JSON inside {}, known keys, no error-severity finding`, () => {
    assert.match(snippet.prefix, /^bulkhead-/);
    assert.ok(snippet.description, 'has a description');
    const text = `{\n${expand(snippet.body)}\n}\n`;
    assert.doesNotThrow(() => JSON.parse(text), text);
    const result = lintDaemon(
      text,
      'file:///etc/docker/daemon.json',
      { rules: {}, trustedRegistries: [] },
      { engineVersion: 29, platform: 'linux' },
    );
    assert.deepEqual(result.failures, []);
    const bad = result.diagnostics.filter(
      (d) => d.severity === 1 || /unknown|invalid|removed|deprecated/.test(String(d.code)),
    );
    assert.deepEqual(
      bad.map((d) => `${d.code}: ${d.message}`),
      [],
      text,
    );
  });
}

test('the daemon.json snippets cover the CIS baseline keys, remote syslog, ulimits and TLS', () => {
  const keys = new Set(daemonSnippets.flatMap(([, s]) => Object.keys(JSON.parse(`{${expand(s.body)}}`))));
  for (const k of [
    'icc',
    'userland-proxy',
    'no-new-privileges',
    'live-restore',
    'userns-remap',
    'log-driver',
    'log-opts',
    'default-ulimits',
    'tlsverify',
    'tlscacert',
    'tlscert',
    'tlskey',
  ])
    assert.ok(keys.has(k), k);
});

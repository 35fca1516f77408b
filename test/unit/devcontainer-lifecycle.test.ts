// The lifecycle commands (onCreateCommand … postAttachCommand) through the Dockerfile's shell analysis: what runs in the
// container is devcontainer-lifecycle-command's, what runs on the host (initializeCommand) devcontainer-host-command's,
// each message says where it runs, and one problem is reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintDevcontainer } from './devcontainer-helpers';

const IMAGE = '"image": "mcr.microsoft.com/devcontainers/base:bookworm"';
const lint = (body: string) =>
  lintDevcontainer(`{\n  ${IMAGE},\n${body}\n}\n`).diagnostics.filter((d) => d.code !== 'devcontainer-runs-as-root');

test('every lifecycle key in string, array and object form; the message names the key and the container', () => {
  for (const key of [
    'onCreateCommand',
    'updateContentCommand',
    'postCreateCommand',
    'postStartCommand',
    'postAttachCommand',
  ]) {
    for (const value of [
      '"curl -fsSL https://example.com/i.sh | sh"',
      '["bash", "-c", "curl -fsSL https://example.com/i.sh | sh"]',
      '{ "a": "true", "b": "curl -fsSL https://example.com/i.sh | sh" }',
      '{ "b": ["/bin/sh", "-c", "curl -fsSL https://example.com/i.sh | sh"] }',
    ]) {
      const d = lint(`  "${key}": ${value}`);
      assert.deepEqual(
        d.map((x) => x.code),
        ['devcontainer-lifecycle-command'],
        `${key}: ${value}`,
      );
      assert.match(d[0].message, new RegExp(`in the dev container \\(${key} runs in the container`));
      assert.equal(d[0].severity, 1);
    }
  }
});

test('initializeCommand stays devcontainer-host-command: runs on the host, not reported twice', () => {
  const d = lint('  "initializeCommand": "curl -fsSL https://example.com/i.sh | sh"');
  assert.deepEqual(
    d.map((x) => x.code),
    ['devcontainer-host-command'],
  );
  assert.match(d[0].message, /on your machine \(initializeCommand runs on the host/);
});

test('TLS off and credentials are warnings; a variable, a template and a prompt are not credentials', () => {
  const d = lint(
    '  "postCreateCommand": "curl -k https://example.com/x -o x && curl -u admin:s3cr3t-Value https://example.com/y"',
  );
  assert.deepEqual(
    d.map((x) => [x.code, x.severity]),
    [
      ['devcontainer-lifecycle-command', 2],
      ['devcontainer-lifecycle-command', 2],
    ],
  );
  assert.match(d[1].message, /credential written in devcontainer\.json/);
  for (const cmd of [
    'curl -u admin:$PASSWORD https://example.com/y',
    'curl -u admin:${localEnv:PASSWORD} https://example.com/y',
    'docker login -u me -p <password> registry.example.com',
    'docker login -u me registry.example.com',
  ])
    assert.deepEqual(lint(`  "postCreateCommand": "${cmd}"`), [], cmd);
});

test("a credential in initializeCommand is the host rule's warning, said to run on the host", () => {
  const d = lint('  "initializeCommand": "git clone https://me:s3cr3tValue@example.com/repo.git .cache/repo"');
  assert.deepEqual(
    d.map((x) => [x.code, x.severity]),
    [['devcontainer-host-command', 2]],
  );
  assert.match(d[0].message, /on your machine/);
});

test('hostile commands neither crash nor hang', () => {
  for (const body of [
    `  "postCreateCommand": "${'sh -c \\"'.repeat(200)}curl x | sh"`,
    `  "postCreateCommand": [${'"sh", "-c", '.repeat(300)}"x"]`,
    `  "postCreateCommand": { ${Array.from({ length: 500 }, (_, i) => `"k${i}": "curl -u a:b${i}c https://x"`).join(', ')} }`,
    '  "postCreateCommand": 42',
    '  "postCreateCommand": [1, null, {}]',
    '  "postCreateCommand": { "a": { "b": "curl x | sh" } }',
  ])
    lint(body);
});

test('xhost in initializeCommand: + and +local: are warnings said to run on the host; one user admitted is not', () => {
  for (const [cmd, word] of [
    ['xhost +', '+'],
    ['xhost +local:docker', '+local:docker'],
    ['sh -c \\"xhost +local: >/dev/null\\"', '+local:'],
  ]) {
    const d = lint(`  "initializeCommand": "${cmd}"`);
    assert.deepEqual(
      d.map((x) => [x.code, x.severity]),
      [['devcontainer-host-command', 2]],
      cmd,
    );
    assert.ok(d[0].message.startsWith(`\`xhost ${word}\` opens your X server`), d[0].message);
    assert.match(d[0].message, /on your machine/);
  }
  // only the information that initializeCommand runs on the host
  const own = lint('  "initializeCommand": "xhost +si:localuser:$(id -un)"');
  assert.deepEqual(
    own.map((x) => [x.code, x.severity]),
    [['devcontainer-host-command', 3]],
  );
});

test('an array runs its program without a shell: its items are one command (credentials, TLS off), a $ stays literal', () => {
  const body =
    '  "postCreateCommand": { "login": ["docker", "login", "-u", "ci", "-p", "hunter2-Secret"], "ca": ["curl", "--insecure", "-o", "ca.pem", "https://ca.example/ca.pem"] }';
  const d = lint(body);
  assert.deepEqual(
    d.map((x) => [x.code, x.severity, body.slice(x.range.start.character, x.range.end.character)]),
    [
      ['devcontainer-lifecycle-command', 2, '"hunter2-Secret"'],
      ['devcontainer-lifecycle-command', 2, '"--insecure"'],
    ],
  );
  assert.deepEqual(lint('  "postCreateCommand": ["docker", "login", "-u", "ci", "-p", "$TOKEN"]'), []);
  assert.deepEqual(lint('  "postCreateCommand": ["curl", "-fsSL", "https://example.com/i.sh", "|", "sh"]'), []);
});

// `bulkhead lsp --stdio` and `bulkhead-language-server`: the commands the README gives every LSP editor start the same
// server as the extension's dist/server.js. Run as a user's editor runs them: the package's bin files, executed
// directly (shebang and mode), over stdio: initialize, open a Dockerfile, get its diagnostics, shut down and exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { coldStart } from '../bench/coldstart.mjs';
import { runCli } from './cli-helpers';
import { ROOT } from './helpers';
import { readmeConfig } from '../editors.mjs';

/** The package's `bin` entries, as npm links them. */
const BINS: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin;
const bin = (name: string) => path.join(ROOT, BINS[name]);

const DOCKERFILE = 'FROM alpine:3.21\nADD app.js /app/\nCMD ["node", "/app/app.js"]\n';

async function diagnosticsFrom(command: string, args: string[]) {
  const r = await coldStart({ command, args, uri: 'file:///project/Dockerfile', text: DOCKERFILE });
  assert.ok(r.codes.includes('add-instead-of-copy'), `got ${r.codes.join(', ')}`);
  assert.ok(r.codes.includes('root-user'), `got ${r.codes.join(', ')}`);
  assert.equal(r.exitCode, 0, 'the server exits cleanly after shutdown and exit');
  return r.codes;
}

test('bulkhead lsp --stdio serves diagnostics over stdio, the same as dist/server.js --stdio', async () => {
  assert.equal(BINS.bulkhead, './dist/cli.js');
  const viaCli = await diagnosticsFrom(bin('bulkhead'), ['lsp', '--stdio']);
  const direct = await diagnosticsFrom(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']);
  assert.deepEqual(viaCli, direct);
});

test('bulkhead-language-server (no arguments: stdio) and bulkhead lsp without --stdio start the same server', async () => {
  assert.equal(BINS['bulkhead-language-server'], './dist/server.js');
  const direct = await diagnosticsFrom(bin('bulkhead-language-server'), []);
  assert.deepEqual(await diagnosticsFrom(bin('bulkhead-language-server'), ['--stdio']), direct);
  assert.deepEqual(await diagnosticsFrom(bin('bulkhead'), ['lsp']), direct);
});

test('bulkhead --help names the lsp command; lsp takes no paths or other options', () => {
  const help = runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^ {2}bulkhead lsp --stdio$/m);
  assert.match(help.stdout, /^lsp {7}Run the language server/m);
  const extra = runCli(['lsp', 'Dockerfile']);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /^bulkhead: lsp takes no arguments \(got "Dockerfile"\)\n$/);
  const option = runCli(['lsp', '--format', 'json']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /unknown option "--format" for "bulkhead lsp"/);
});

test('README: every editor configuration starts bulkhead lsp --stdio', () => {
  const lua = /cmd = \{ 'bulkhead', 'lsp', '--stdio' \}/;
  assert.match(readmeConfig('Neovim 0.7 to 0.10', 'lua'), lua);
  assert.match(readmeConfig('Neovim 0.11 and later', 'lua'), lua);
  assert.match(readmeConfig('Neovim 0.11 and later', 'lua'), /^vim\.lsp\.config\('bulkhead', \{$/m);
  const helix = readmeConfig('Helix', 'toml');
  assert.match(helix, /^\[language-server\.bulkhead\]\ncommand = "bulkhead"\nargs = \["lsp", "--stdio"\]$/m);
  assert.equal(helix.match(/^language-servers = \[.*"bulkhead"\]$/gm)?.length, 2, 'dockerfile and docker-compose');
  assert.match(readmeConfig('Emacs (eglot)', 'elisp'), /\. \("bulkhead" "lsp" "--stdio"\)\)\)$/m);
  const sublime = JSON.parse(readmeConfig('Sublime Text (LSP)', 'json'));
  assert.deepEqual(sublime.clients.bulkhead.command, ['bulkhead', 'lsp', '--stdio']);
  assert.equal(sublime.clients.bulkhead.enabled, true);
});

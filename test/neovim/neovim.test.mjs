// The language server in a second real LSP client: headless Neovim's built-in client (push diagnostics, hover,
// code actions, workspace edits), started by the README's Neovim 0.7 configuration through `bulkhead lsp --stdio`, the
// package's bin on PATH. Skipped with a message where `nvim` is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessAvailable } from '../tiers.mjs';
import { linkBins, readmeConfig, ROOT as root } from '../editors.mjs';

// skipped (loudly) where nvim is missing; under CI=true that is a failure instead
const { skip, missing } = skipUnlessAvailable('Neovim');

test('Neovim: diagnostics with rule ids and ranges, hover, code action applied, re-lint', { skip }, () => {
  if (missing) assert.fail(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-nvim-'));
  try {
    const file = path.join(dir, 'Dockerfile');
    fs.copyFileSync(path.join(root, 'test/fixtures/clients/insecure.Dockerfile'), file);
    fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n.env\n');
    const out = path.join(dir, 'result.json');
    const config = path.join(dir, 'init.lua');
    fs.writeFileSync(config, readmeConfig('Neovim 0.7 to 0.10', 'lua'));
    const r = spawnSync(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(root, 'test/neovim/drive.lua')}`],
      {
        env: {
          ...linkBins(dir),
          BULKHEAD_CONFIG: config,
          BULKHEAD_FILE: file,
          BULKHEAD_OUT: out,
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
          XDG_CONFIG_HOME: dir,
        },
        cwd: dir,
        encoding: 'utf8',
        timeout: 60000,
      },
    );
    assert.ok(
      fs.existsSync(out),
      `Neovim wrote no result (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`,
    );
    const res = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(res.ok, true, `${res.error} (steps: ${res.steps.join(', ')})`);
    assert.deepEqual(res.cmd, ['bulkhead', 'lsp', '--stdio'], 'the server the README names');
    const byCode = Object.fromEntries(res.diagnostics.map((d) => [d.code, d]));
    for (const id of ['add-instead-of-copy', 'root-user', 'remote-script-piped-to-shell', 'ssh-port-exposed'])
      assert.ok(byCode[id], `expected ${id}; got ${Object.keys(byCode)}`);
    assert.deepEqual(
      [byCode['add-instead-of-copy'].lnum, byCode['add-instead-of-copy'].col, byCode['add-instead-of-copy'].end_col],
      [2, 0, 3],
      'range on the ADD keyword',
    );
    assert.deepEqual(
      [byCode['ssh-port-exposed'].lnum, byCode['ssh-port-exposed'].col, byCode['ssh-port-exposed'].end_col],
      [4, 7, 9],
      'range on the port',
    );
    assert.ok(res.diagnostics.every((d) => d.source === 'bulkhead'));
    assert.match(res.hover, /add-instead-of-copy/);
    assert.ok(res.actions.includes('Replace ADD with COPY'), res.actions.join(' | '));
    assert.ok(res.actions.includes('Ignore add-instead-of-copy for this instruction'));
    assert.equal(res.applied, 'Replace ADD with COPY');
    assert.equal(res.line3, 'COPY server.js /app/');
    assert.ok(!res.after.includes('add-instead-of-copy'));
    assert.ok(res.after.includes('root-user'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

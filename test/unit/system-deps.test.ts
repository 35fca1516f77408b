// scripts/system-deps.sh: on a machine without the packages a task needs, it installs them (root with apt) or stops
// at once with one message naming them and the command; never a stack trace. Run here with a PATH that hides the
// tools, as a user who cannot install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers';

const SCRIPT = path.join(ROOT, 'scripts/system-deps.sh');

/** A bin folder with only the tools the script itself uses (no rg, nvim or chromium), and a fake `id` saying uid 1000. */
function bareBin() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-bare-bin-'));
  for (const tool of ['bash', 'dpkg-query', 'grep', 'apt-get']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) fs.symlinkSync(found, path.join(dir, tool));
  }
  fs.writeFileSync(path.join(dir, 'id'), '#!/bin/sh\necho 1000\n', { mode: 0o755 });
  return dir;
}

test('without the tools and without root: one message naming the packages and the command, exit 1', (t) => {
  if (!spawnSync('sh', ['-c', 'command -v dpkg-query && command -v apt-get']).stdout?.length) {
    t.skip(
      'not a Debian/Ubuntu machine (no dpkg-query/apt-get): the message path for other systems is the same exit 1',
    );
    return;
  }
  const bin = bareBin();
  t.after(() => fs.rmSync(bin, { recursive: true, force: true }));
  const env = { PATH: bin, BULKHEAD_CHROMIUM: '/nonexistent/chromium' };
  const chromium = spawnSync(path.join(bin, 'bash'), [SCRIPT, 'test'], { encoding: 'utf8', env });
  assert.equal(chromium.status, 1);
  assert.match(chromium.stderr, /BULKHEAD_CHROMIUM=\/nonexistent\/chromium is not an executable; unset it/);
  const r = spawnSync(path.join(bin, 'bash'), [SCRIPT, 'test'], { encoding: 'utf8', env: { PATH: bin } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /'test' needs these packages, which are missing: .*ripgrep.*neovim/);
  assert.match(r.stderr, /sudo apt-get update && sudo apt-get install -y --no-install-recommends .*ripgrep/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const tryRun = spawnSync(path.join(bin, 'bash'), [SCRIPT, 'try'], { encoding: 'utf8', env: { PATH: bin } });
  assert.equal(tryRun.status, 1);
  assert.match(tryRun.stderr, /'try' needs these packages, which are missing: ripgrep/);
  assert.doesNotMatch(tryRun.stderr, /neovim|chromium/, 'try needs no editor tiers');
});

test('with everything present it says nothing and exits 0', (t) => {
  const r = spawnSync('bash', [SCRIPT, 'try'], { encoding: 'utf8' });
  if (r.status !== 0) {
    t.skip(`this machine lacks packages 'try' needs: ${r.stderr.trim()}`);
    return;
  }
  assert.equal(r.stderr, '');
});

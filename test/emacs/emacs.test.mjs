// The language server in Emacs's LSP client, eglot: batch Emacs loads the README's eglot configuration, visits a
// Dockerfile in dockerfile-mode, and eglot starts `bulkhead lsp --stdio` (the package's bin on PATH); the diagnostics
// reach flymake and the code actions on the ADD line come back (test/emacs/drive.el prints them). Skipped with a
// message where Emacs, eglot or dockerfile-mode is missing; under CI=true that is a failure instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessAvailable } from '../tiers.mjs';
import { linkBins, readmeConfig, ROOT } from '../editors.mjs';

const { skip, missing } = skipUnlessAvailable('Emacs');

test('Emacs eglot: bulkhead lsp --stdio, diagnostics with rule ids in flymake, code actions', { skip }, () => {
  if (missing) assert.fail(missing);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-emacs-')));
  try {
    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    const file = path.join(project, 'Dockerfile');
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/clients/insecure.Dockerfile'), file);
    fs.writeFileSync(path.join(project, '.dockerignore'), '.git\n.env\n');
    const config = path.join(dir, 'init.el');
    fs.writeFileSync(config, readmeConfig('Emacs (eglot)', 'elisp'));
    const r = spawnSync('emacs', ['--batch', '-Q', '-l', path.join(ROOT, 'test/emacs/drive.el')], {
      cwd: project,
      env: { ...linkBins(dir), HOME: dir, BULKHEAD_CONFIG: config, BULKHEAD_FILE: file },
      encoding: 'utf8',
      timeout: 120000,
    });
    const lines = r.stdout.split('\n');
    const failed = lines.find((l) => l.startsWith('FAIL '));
    assert.ok(
      !failed && r.status === 0 && lines.includes('DONE'),
      `Emacs did not finish (exit ${r.status}, signal ${r.signal}): ${failed ?? ''}\n${r.stdout}\n${r.stderr}`,
    );
    assert.ok(lines.includes('SERVER bulkhead lsp --stdio'), 'eglot started the command the README names');

    const diagnostics = lines.flatMap((l) => {
      const m = /^DIAG (\d+):(\d+) (\S+) bulkhead \[([a-z-]+)\]: (.+)$/.exec(l);
      return m ? [{ line: Number(m[1]), column: Number(m[2]), type: m[3], rule: m[4], message: m[5] }] : [];
    });
    const byRule = Object.fromEntries(diagnostics.map((d) => [d.rule, d]));
    for (const id of ['add-instead-of-copy', 'root-user', 'remote-script-piped-to-shell', 'ssh-port-exposed'])
      assert.ok(byRule[id], `expected ${id}; got ${Object.keys(byRule)}`);
    assert.deepEqual(
      [byRule['add-instead-of-copy'].line, byRule['add-instead-of-copy'].column, byRule['add-instead-of-copy'].type],
      [3, 0, 'eglot-warning'],
      'on the ADD keyword, as a warning',
    );
    assert.deepEqual([byRule['ssh-port-exposed'].line, byRule['ssh-port-exposed'].column], [5, 7], 'on the port');
    assert.equal(byRule['remote-script-piped-to-shell'].type, 'eglot-error');
    assert.match(byRule['add-instead-of-copy'].message, /use COPY/);

    const actions = lines.filter((l) => l.startsWith('ACTION ')).map((l) => l.slice('ACTION '.length));
    assert.deepEqual(actions, [
      'Replace ADD with COPY (preferred)',
      'Ignore add-instead-of-copy for this instruction',
      'Ignore add-instead-of-copy in this file',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

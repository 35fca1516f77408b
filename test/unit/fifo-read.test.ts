// A FIFO put in a file's place after the walk listed it: every read of a file a check makes (the files checked,
// configuration and ignore files, build-context files, a baseline) opens without blocking and judges the file by its
// descriptor, so the FIFO is refused at once instead of holding the run for good (opening a FIFO to read waits for a
// writer). The readers run in a child process, which a blocking open would leave waiting: its bound is a safety net,
// the assertions are on what each reader answered.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './cli-helpers';

const { dir, cleanup } = tempDir('bulkhead-fifo-');
after(cleanup);

test("a FIFO in a file's place is refused at once by every reader, never opened for a blocking read", (t) => {
  if (process.platform === 'win32') return t.skip('Windows has no FIFOs in its file system (mkfifo)');
  const fifo = path.join(dir, 'Dockerfile');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.error || made.status !== 0) return t.skip('mkfifo is not installed here (coreutils)');
  const root = path.resolve(__dirname, '../..');
  // the FIFO came after the look that listed or stat'ed the path: a stat of it still says "a regular file of 20 bytes"
  const script = `
    const fs = require('node:fs');
    const statSync = fs.statSync;
    fs.statSync = (p, ...rest) => {
      const st = statSync(p, ...rest);
      if (p !== ${JSON.stringify(fifo)} || !st) return st;
      return Object.assign(Object.create(Object.getPrototypeOf(st)), st, { size: 20, mode: 0o100644, isFile: () => true, isFIFO: () => false });
    };
    const { readFileUpTo } = require(${JSON.stringify(path.join(root, 'server/src/cli/readFile.ts'))});
    const files = require(${JSON.stringify(path.join(root, 'server/src/config/files.ts'))});
    const out = {};
    try { readFileUpTo(${JSON.stringify(fifo)}, 1 << 20); out.upTo = 'read'; } catch (e) { out.upTo = e.code; }
    out.regular = String(files.readRegularFile(${JSON.stringify(fifo)}, 1 << 20));
    out.context = String(files.contextFileReader(${JSON.stringify(dir)})('Dockerfile'));
    out.baseline = files.readBaselineFile(${JSON.stringify(fifo)}).problem;
    const ignore = files.readDockerignore(${JSON.stringify(path.join(dir, 'x'))}, ${JSON.stringify(dir)});
    out.ignore = ignore && ignore.text === undefined ? 'there, not read' : String(ignore);
    console.log(JSON.stringify(out));
  `;
  fs.symlinkSync('Dockerfile', path.join(dir, '.dockerignore'));
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.signal, null, `a reader waited on the FIFO (killed by ${r.signal}): ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    upTo: 'ENOTREG',
    regular: 'undefined',
    context: 'null',
    baseline: 'it is not a regular file',
    ignore: 'there, not read',
  });
});

// Spool (cli/spool.ts): text put aside for a report written at the end (JUnit's counts come first), in memory and then
// in a temporary file whose name is gone at once. What comes back is what went in, in order, whatever the pieces,
// wherever they were kept; nothing is left in the temporary folder; a folder or a write that fails keeps the rest in
// memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fc from 'fast-check';
import { tempDir } from './cli-helpers';
import { Spool } from '../../server/src/cli/spool';

function drained(spool: Spool): string {
  let out = '';
  spool.drain((text) => (out += text));
  return out;
}

test('spool: small text stays in memory, no file is made', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const spool = new Spool(() => dir);
  for (const piece of ['<a>', 'é€😀', '', '</a>\n']) spool.add(piece);
  assert.equal(drained(spool), '<a>é€😀</a>\n');
  assert.equal(spool.spilled, 0);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('spool: past its memory, a file no name reaches; characters cut by the read-back pieces come back whole', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const spool = new Spool(() => dir, 10);
  // 3- and 4-byte characters across the 64 KB pieces the file is read back in
  const pieces = ['start ', '€'.repeat(50_000), '😀'.repeat(30_000), 'x', 'é'.repeat(70_001), ' end\n'];
  for (const piece of pieces) {
    spool.add(piece);
    assert.deepEqual(fs.readdirSync(dir), [], 'the temporary folder and file are gone as soon as made');
  }
  assert.ok(spool.spilled > 0);
  assert.equal(drained(spool), pieces.join(''));
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('spool: any pieces at any memory bound come back in order', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 200 }),
      (pieces, bound) => {
        const spool = new Spool(() => dir, bound);
        for (const piece of pieces) spool.add(piece);
        // lone surrogates become U+FFFD on the way through UTF-8, as they would on stdout
        const expected = Buffer.from(pieces.join(''), 'utf8').toString('utf8');
        assert.equal(drained(spool), expected);
      },
    ),
    { seed: 22, numRuns: 300 },
  );
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('spool: no temporary folder (missing), or a write that fails part way (a full disk): the rest stays in memory', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const missing = new Spool(() => `${dir}/missing/folder`, 4);
  for (const piece of ['one ', 'two ', 'three']) missing.add(piece);
  assert.equal(drained(missing), 'one two three');
  assert.equal(missing.spilled, 0);

  // a file whose folder cannot be removed while it is open (as on Windows, where its name stays until it is closed):
  // closed, removed, and the text kept in memory
  const rmdirSync = fs.rmdirSync;
  t.after(() => (fs.rmdirSync = rmdirSync));
  fs.rmdirSync = (() => {
    throw Object.assign(new Error('ENOTEMPTY: directory not empty'), { code: 'ENOTEMPTY' });
  }) as typeof fs.rmdirSync;
  const windows = new Spool(() => dir, 4);
  for (const piece of ['four ', 'five ', 'six']) windows.add(piece);
  fs.rmdirSync = rmdirSync;
  assert.equal(windows.spilled, 0);
  assert.equal(drained(windows), 'four five six');
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing left behind');

  // the file takes 5 bytes of a piece, then the disk is full
  const spool = new Spool(() => dir, 4);
  const writeSync = fs.writeSync;
  let room = 12;
  t.after(() => (fs.writeSync = writeSync));
  fs.writeSync = ((fd: number, buffer: Buffer, offset: number, length: number, position: number) => {
    if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const n = Math.min(room, length);
    room -= n;
    return writeSync(fd, buffer, offset, n, position);
  }) as typeof fs.writeSync;
  const pieces = ['abcdefg', 'hijklmnop', 'qrstu', 'vwxyz'];
  for (const piece of pieces) spool.add(piece);
  fs.writeSync = writeSync;
  assert.equal(room, 0, 'the file took what it could');
  assert.equal(spool.spilled, 12);
  assert.equal(drained(spool), pieces.join(''));
  assert.deepEqual(fs.readdirSync(dir), []);

  // a file that takes no bytes at all: no endless loop, the text kept in memory
  fs.writeSync = (() => 0) as typeof fs.writeSync;
  const stuck = new Spool(() => dir, 2);
  for (const piece of ['seven ', 'eight']) stuck.add(piece);
  fs.writeSync = writeSync;
  assert.equal(stuck.spilled, 0);
  assert.equal(drained(stuck), 'seven eight');
  assert.deepEqual(fs.readdirSync(dir), []);
});

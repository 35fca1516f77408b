// A long check's reader thread (server/src/cli/prefetch.ts, issue 21): the bytes it hands over are the file's, for
// every size and order the lint thread takes them in, past the ring's end and around it; what is not a plain read (a
// missing file, a folder, a FIFO, a file over the limit, standard input) is left to the caller; a file the caller
// reached first is read by the caller and skipped by the reader. The tests wait for the reader with settled() (an
// event), never for a time.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import workerThreads from 'node:worker_threads';
import fc from 'fast-check';
import { tempDir } from './cli-helpers';
import { READ_AHEAD_MIN_FILES, readAhead, readsAhead, type ReadAhead } from '../../server/src/cli/prefetch';

/** Long enough for a thread to start and read a file on a busy machine; a test that needs it longer has failed. */
const SETTLE_MS = 60_000;

function start(files: (string | null)[], limit = 1 << 30): ReadAhead {
  const ahead = readAhead(files, limit, workerThreads);
  assert.ok(ahead, 'the reader thread starts');
  return ahead;
}

/** A temporary folder for the test, removed after it. */
function folder(t: TestContext): string {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  return dir;
}

/** Bytes of `size`, different for each seed (so a slice handed over from the wrong place is seen). */
function content(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

test('every file taken after the reader read it is handed over byte for byte, around the ring several times', (t) => {
  const dir = folder(t);
  // ~40 MB in files of 0 B to 400 KB: the 4 MB ring is filled and wrapped many times
  const sizes = fc.sample(fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 4096, max: 400_000 })), {
    numRuns: 200,
    seed: 21,
  });
  const files = sizes.map((size, i) => {
    const file = path.join(dir, `f${i}`);
    fs.writeFileSync(file, content(size, i));
    return file;
  });
  const ahead = start(files);
  t.after(() => ahead.close());
  for (let i = 0; i < files.length; i++) {
    assert.ok(ahead.settled(i, SETTLE_MS), `the reader finished file ${i}`);
    const bytes = ahead.take(i);
    assert.ok(bytes, `file ${i} (${sizes[i]} bytes) was read ahead`);
    assert.ok(Buffer.from(bytes).equals(content(sizes[i], i)), `file ${i}: its own bytes`);
  }
  assert.deepEqual(ahead.counts, { taken: files.length, missed: 0 });
});

test('files the caller reaches first are its own to read; the rest are still handed over right (any order of arrival)', (t) => {
  const dir = folder(t);
  const files = Array.from({ length: 300 }, (_, i) => {
    const file = path.join(dir, `f${i}`);
    fs.writeFileSync(file, content(1000 + ((i * 7919) % 60_000), i));
    return file;
  });
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }), (waits) => {
      const ahead = start(files);
      try {
        for (let i = 0; i < files.length; i++) {
          // the caller either waits for the reader or takes at once (the reader may or may not have got there)
          if (waits[i]) assert.ok(ahead.settled(i, SETTLE_MS));
          const bytes = ahead.take(i);
          if (waits[i]) assert.ok(bytes, `file ${i}: read ahead`);
          if (bytes) assert.ok(Buffer.from(bytes).equals(fs.readFileSync(files[i])), `file ${i}: its own bytes`);
        }
        assert.equal(ahead.counts.taken + ahead.counts.missed, files.length);
      } finally {
        ahead.close();
      }
    }),
    { numRuns: 8, seed: 21 },
  );
});

test('what is not a plain read is left to the caller: standard input, missing, a folder, a FIFO, over the limit, a NUL', (t) => {
  const dir = folder(t);
  const small = path.join(dir, 'small');
  fs.writeFileSync(small, 'FROM alpine\n');
  const large = path.join(dir, 'large');
  fs.writeFileSync(large, content(5000, 1));
  const empty = path.join(dir, 'empty');
  fs.writeFileSync(empty, '');
  const fifo = path.join(dir, 'fifo');
  const made = spawnSync('mkfifo', [fifo]).status === 0;
  // a name holding a NUL (no file has one) is left too, and the names after it keep their places
  const files = [null, path.join(dir, 'missing'), dir, made ? fifo : null, large, `${small}\0x`, small, empty];
  // the limit: 4 KB (the large file is over it)
  const ahead = start(files, 4096);
  t.after(() => ahead.close());
  const got = files.map((_, i) => {
    assert.ok(ahead.settled(i, SETTLE_MS), `the reader finished entry ${i}`);
    const bytes = ahead.take(i);
    return bytes && Buffer.from(bytes).toString('latin1');
  });
  // the FIFO is left too (the reader opens nothing its path does not show as a regular file)
  assert.deepEqual(got, [undefined, undefined, undefined, undefined, undefined, undefined, 'FROM alpine\n', '']);
  assert.deepEqual(ahead.counts, { taken: 2, missed: 6 });
});

test('after close() nothing is handed over, and a reader that cannot start is no reader', (t) => {
  const dir = folder(t);
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, 'FROM alpine\n');
  const ahead = start([file, file]);
  assert.ok(ahead.settled(1, SETTLE_MS));
  ahead.close();
  assert.equal(ahead.take(0), undefined);
  const failing = {
    Worker: class {
      constructor() {
        throw new Error('no threads here');
      }
    },
  } as unknown as typeof workerThreads;
  assert.equal(readAhead([file], 1 << 20, failing), undefined);
});

test('a check reads ahead when it is long, has a second CPU and fixes nothing', () => {
  const n = READ_AHEAD_MIN_FILES;
  assert.equal(readsAhead({ files: n, cpus: () => 2 }), true);
  assert.equal(readsAhead({ files: n - 1, cpus: () => 2 }), false, 'a shorter check');
  // a short check does not count the CPUs (node:os stays unloaded)
  assert.equal(
    readsAhead({ files: 1, cpus: () => assert.fail('CPUs counted for a one-file check') }),
    false,
    'a one-file check',
  );
  assert.equal(readsAhead({ files: n, cpus: () => 1 }), false, 'one CPU');
  // --fix reads each file after the fixes of the files before it are written (one file under two names, hard links,
  // is fixed once); read ahead, it would be read before
  assert.equal(readsAhead({ files: n, cpus: () => 2, fix: 'write' }), false, '--fix');
  assert.equal(readsAhead({ files: n, cpus: () => 2, fix: 'diff' }), false, '--fix-dry-run');
});

import type * as WorkerThreads from 'node:worker_threads';

/**
 * A long check's files read ahead on a helper thread (issue 21). Each file costs the lint thread four system calls
 * (open, fstat, read, close: ~20 µs on a 2-CPU virtual machine, ~1 s of a 50,000-file check); a reader thread makes
 * them while the lint thread lints, and hands the bytes over through shared memory.
 *
 * The lint thread never waits for the reader. `take(i)` answers the i-th file's bytes when the reader has read it, and
 * otherwise undefined: the caller reads the file itself, as it would without a reader, and the reader skips it. Only a
 * plain read is handed over: a file that is not a regular file, is larger than the limit or the ring, or whose open,
 * fstat or read failed is left to the caller, whose own read says why in its usual words. So the output is the same
 * with or without the reader, and a reader that failed to start, stopped or fell behind costs nothing but its reads.
 *
 * Shared memory: a ring of bytes the reader writes the files into, one after another, and a ring of slots (start,
 * length, state) for the files in flight. The reader stays at most SLOTS files and the ring's size ahead of the files
 * taken; bytes of a file are not written over until the lint thread has taken (copied) it or skipped past it.
 */
export interface ReadAhead {
  /**
   * The bytes of files[index], read ahead: valid until the next call (they are copied out of the ring into a buffer
   * kept for this). Undefined: not read ahead (not yet, or not a plain read): read it yourself. Indexes must not go
   * down from one call to the next.
   */
  take(index: number): Uint8Array | undefined;
  /** Stop the reader (it ends after the file it is reading). */
  close(): void;
  /**
   * Waits, at most `ms`, until the reader has finished files[index] (read it, or left it to the caller); whether it
   * has. For tests, which must not guess how far the reader got; a check never waits for it.
   */
  settled(index: number, ms: number): boolean;
  /** For tests (BULKHEAD_STATS): files handed over, and files the caller read itself. */
  readonly counts: { taken: number; missed: number };
}

/**
 * A one-thread check of at least this many files reads them ahead. Below, the reader's start and its reads take the
 * second CPU from the optimizing compiler while the rules warm up, for little: measured on a 2-CPU machine in paired
 * rounds of whole runs (issue 21), reading ahead took 0.937 of the time over 50,000 generated files (11 rounds), 0.940
 * over 20,000 (6), but 1.027 over 4,000 (10) and 1.019 over the 2,648 corpus Dockerfiles (8).
 */
export const READ_AHEAD_MIN_FILES = 10_000;

/**
 * Whether a one-thread check reads its files ahead: a long check, with a second CPU for the reader, that fixes nothing
 * (with --fix a file is read after the files before it were fixed and written: one file under two names, hard links,
 * is fixed once; read ahead, it would be read before).
 */
export function readsAhead({ files, cpus, fix }: { files: number; cpus: () => number; fix?: unknown }): boolean {
  // the CPUs are counted only for a long check (a short one does not load node:os)
  return files >= READ_AHEAD_MIN_FILES && !fix && cpus() >= 2;
}

/** Files a reader may be ahead of the lint thread, and bytes. */
const SLOTS = 256;
/**
 * A reader waiting for a free slot is woken when the lint thread has taken this many more files (each wake is a system
 * call on the lint thread, the cost this saves); one waiting for room in the ring at each file taken (it holds large
 * files, rare).
 */
const WAKE_EVERY = 32;
const RING_BYTES = 4 * 1024 * 1024;
/** A larger file is left to the lint thread (it would hold too much of the ring). */
const MAX_FILE_IN_RING = RING_BYTES / 8;

/**
 * The control words: files the reader has finished (read or skipped), files the lint thread is past, stop, and what
 * the reader waits for (nothing, a slot, room in the ring).
 */
const PRODUCED = 0;
const CONSUMED = 1;
const STOP = 2;
const WAITING = 3;
const FOR_SLOT = 1;
const FOR_ROOM = 2;

/** A slot's state: read (bytes in the ring), or left to the lint thread. */
const READ = 1;
const LEFT = 2;

/**
 * Starts a reader for `files` (null: nothing to read, such as standard input) of at most `limit` bytes each; undefined
 * when a thread cannot be started here.
 */
export function readAhead(
  files: readonly (string | null)[],
  limit: number,
  workerThreads: typeof WorkerThreads,
): ReadAhead | undefined {
  let ring: SharedArrayBuffer;
  let slots: Int32Array;
  let control: Int32Array;
  let worker: WorkerThreads.Worker;
  // no shared memory here (a runtime without it, or not 4 MB to spare), no thread: no reader, the caller reads
  try {
    ring = new SharedArrayBuffer(RING_BYTES);
    slots = new Int32Array(new SharedArrayBuffer(SLOTS * 3 * 4));
    control = new Int32Array(new SharedArrayBuffer(4 * 4));
    worker = new workerThreads.Worker(READER_SOURCE, {
      eval: true,
      // the names as one string, '' for nothing to read (null, or a name holding a NUL, which would shift the rest;
      // no file has one): one copy, not one per name
      workerData: {
        names: files.map((f) => (f === null || f.includes('\0') ? '' : f)).join('\0'),
        limit: Math.min(limit, MAX_FILE_IN_RING),
        ring,
        slots,
        control,
        slotCount: SLOTS,
      },
    });
  } catch {
    return undefined;
  }
  // the reader never keeps the process alive, and its failure is only a reader less (the caller reads each file)
  worker.unref();
  worker.on('error', () => undefined);
  const bytes = new Uint8Array(ring);
  let buffer = new Uint8Array(64 * 1024);
  const counts = { taken: 0, missed: 0 };
  let closed = false;
  const pass = (index: number) => {
    Atomics.store(control, CONSUMED, index + 1);
    const waiting = Atomics.load(control, WAITING);
    if (waiting === FOR_ROOM || (waiting === FOR_SLOT && (index + 1) % WAKE_EVERY === 0))
      Atomics.notify(control, CONSUMED);
  };
  return {
    counts,
    take(index) {
      if (closed) return undefined;
      if (Atomics.load(control, PRODUCED) <= index) {
        // not read yet: the caller reads it, and the reader skips it
        counts.missed++;
        pass(index);
        return undefined;
      }
      const at = (index % SLOTS) * 3;
      const state = Atomics.load(slots, at + 2);
      let out: Uint8Array | undefined;
      if (state === READ) {
        const start = slots[at];
        const length = slots[at + 1];
        if (buffer.length < length) buffer = new Uint8Array(Math.max(length, buffer.length * 2));
        buffer.set(bytes.subarray(start, start + length));
        out = buffer.subarray(0, length);
        counts.taken++;
      } else counts.missed++;
      pass(index);
      return out;
    },
    settled(index, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const produced = Atomics.load(control, PRODUCED);
        if (produced > index) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        Atomics.wait(control, PRODUCED, produced, left);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(control, STOP, 1);
      Atomics.notify(control, CONSUMED);
      void worker.terminate().catch(() => undefined);
    },
  };
}

/**
 * The reader's code, run on its own thread from this text (`eval`: it uses nothing of this bundle, and plain text is
 * not rewritten by a bundler or a test's loader). For each file in order, unless the lint thread is already past it:
 * wait until a slot and room in the ring are free (the lint thread has taken the files written there), then stat it by
 * its path, open, fstat and read it into the ring. Control words and slot states as above (PRODUCED, CONSUMED, STOP,
 * WAITING; READ, LEFT).
 */
const READER_SOURCE = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const { names, limit, ring, slots, control, slotCount } = workerData;
const files = names.split('\\0');
const PRODUCED = ${PRODUCED}, CONSUMED = ${CONSUMED}, STOP = ${STOP}, WAITING = ${WAITING};
const FOR_SLOT = ${FOR_SLOT}, FOR_ROOM = ${FOR_ROOM}, READ = ${READ}, LEFT = ${LEFT};
const bytes = new Uint8Array(ring);
const size = bytes.length;
let head = 0;
// until the lint thread has taken more files (it wakes this thread, see pass()), or 100 ms
function sleep(what, consumed) {
  Atomics.store(control, WAITING, what);
  Atomics.wait(control, CONSUMED, consumed, 100);
  Atomics.store(control, WAITING, 0);
}
function finish(index, start, length, state) {
  const at = (index % slotCount) * 3;
  slots[at] = start;
  slots[at + 1] = length;
  Atomics.store(slots, at + 2, state);
  Atomics.store(control, PRODUCED, index + 1);
  Atomics.notify(control, PRODUCED);
}
// the start of the oldest bytes not taken yet, or -1 when every byte written was taken
function oldest(written) {
  for (let i = Atomics.load(control, CONSUMED); i < written; i++) {
    const at = (i % slotCount) * 3;
    if (Atomics.load(slots, at + 2) === READ && slots[at + 1] > 0) return slots[at];
  }
  return -1;
}
// where \`length\` bytes go (at head, or at 0 when the end is too close), or -1 when there is no room yet
function room(length, written) {
  const tail = oldest(written);
  if (tail < 0) return length <= size - head ? head : 0;
  if (tail < head) return length <= size - head ? head : length <= tail ? 0 : -1;
  return tail > head && length <= tail - head ? head : -1;
}
function read(i, file) {
  let fd = -1;
  try {
    // by its path first: what is not a regular file (a FIFO, a device) is never opened here
    const named = fs.statSync(file);
    if (!named.isFile() || named.size > limit) return finish(i, 0, 0, LEFT);
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > limit) return finish(i, 0, 0, LEFT);
    // an empty file takes no room
    if (stat.size === 0) return finish(i, head, 0, READ);
    let at = room(stat.size, i);
    while (at < 0) {
      if (Atomics.load(control, STOP)) return;
      sleep(FOR_ROOM, Atomics.load(control, CONSUMED));
      // the lint thread read it itself meanwhile
      if (Atomics.load(control, CONSUMED) > i) return finish(i, 0, 0, LEFT);
      at = room(stat.size, i);
    }
    let length = 0;
    while (length < stat.size) {
      const n = fs.readSync(fd, bytes, at + length, stat.size - length, length);
      if (n === 0) break;
      length += n;
    }
    if (length > 0) head = at + length;
    finish(i, at, length, READ);
  } catch {
    finish(i, 0, 0, LEFT);
  } finally {
    if (fd >= 0) try { fs.closeSync(fd); } catch {}
  }
}
for (let i = 0; i < files.length && !Atomics.load(control, STOP); ) {
  const consumed = Atomics.load(control, CONSUMED);
  // the lint thread read these itself
  if (i < consumed) {
    i = consumed;
    Atomics.store(control, PRODUCED, consumed);
    Atomics.notify(control, PRODUCED);
    continue;
  }
  // no more than slotCount files ahead
  if (i - consumed >= slotCount) {
    sleep(FOR_SLOT, consumed);
    continue;
  }
  if (files[i] === '') finish(i, 0, 0, LEFT);
  else read(i, files[i]);
  i++;
}
`;

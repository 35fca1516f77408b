import fs = require('node:fs');
import { OPEN_TO_READ } from '../config/files';
import { NOT_REGULAR } from '../service/walk';

/**
 * Where files are read: one buffer for the whole run, grown to the largest file read so far. A fresh buffer per file
 * cost a 10,000-file check its pages anew each time (the texts are decoded to strings at once and the bytes dropped).
 */
let readBuffer: Buffer | undefined;

/**
 * A file's bytes, or null when it is larger than `limit` (not read). One open, fstat and read: no stat by path. The
 * bytes are valid until the next call (they live in `readBuffer`).
 */
export function readFileUpTo(file: string, limit: number): Uint8Array | null {
  // without blocking, and judged by its descriptor: a FIFO put in the place of a file the walk listed would otherwise
  // hold the run for good (opening a FIFO to read waits for a writer)
  const fd = fs.openSync(file, OPEN_TO_READ);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: NOT_REGULAR });
    const size = stat.size;
    if (size > limit) return null;
    if (!readBuffer || readBuffer.length < size) readBuffer = Buffer.allocUnsafeSlow(Math.max(64 * 1024, size));
    const bytes = readBuffer;
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, bytes, at, size - at, at);
      if (n === 0) break; // the file shrank while read
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

import fs = require('node:fs');
import path = require('node:path');

/**
 * Text put aside to be written later, in order (issue 21: a JUnit report's counts come first, and a SARIF log's notices
 * and rules, so their test suites and results wait until every file is checked; over 50,000 files they are hundreds of
 * MB). Kept in memory up to `inMemory` bytes, then
 * in a temporary file no other name reaches: made exclusively (0600) in a private folder (mkdtemp, 0700), whose file
 * name and folder are removed as soon as the file is open, so a signal or a kill later in the run leaves nothing behind
 * (only one between those few calls could); it is read back through its descriptor. Where no such file can be made or
 * its name not removed while it is open (Windows keeps a deleted open file's name until it is closed), or a write fails
 * (a full disk), the rest stays in memory.
 */
export class Spool {
  /** The temporary file, open (read and write), once the text outgrew memory. */
  private fd: number | undefined;
  /** Bytes in the file. */
  private inFile = 0;
  /** Text after the file's (all of it until the file is made). */
  private kept: Buffer[] = [];
  private keptBytes = 0;
  /** No file is tried again after one could not be made or written. */
  private fileFailed = false;

  constructor(
    private readonly tmpdir: () => string,
    private readonly inMemory = SPILL_AT,
  ) {}

  /** Bytes that went to the file (for tests: the work is counted). */
  get spilled(): number {
    return this.inFile;
  }

  add(text: string): void {
    if (!text) return;
    const bytes = Buffer.from(text, 'utf8');
    this.kept.push(bytes);
    this.keptBytes += bytes.length;
    if (this.keptBytes > this.inMemory && !this.fileFailed) this.spill();
  }

  /** Everything added, in order, to `write` in pieces of text (the file's in pieces of CHUNK bytes); closed after. */
  drain(write: (text: string) => void): void {
    const decoder = new TextDecoder('utf-8');
    try {
      if (this.fd !== undefined) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, this.inFile));
        for (let at = 0; at < this.inFile;) {
          const n = fs.readSync(this.fd, chunk, 0, Math.min(chunk.length, this.inFile - at), at);
          if (n <= 0) throw new Error(`the report's temporary file ended after ${at} of its ${this.inFile} bytes`);
          at += n;
          const text = decoder.decode(chunk.subarray(0, n), { stream: true });
          if (text) write(text);
        }
      }
      for (const bytes of this.kept) {
        const text = decoder.decode(bytes, { stream: true });
        if (text) write(text);
      }
      const rest = decoder.decode();
      if (rest) write(rest);
    } finally {
      this.close();
      this.kept = [];
      this.keptBytes = 0;
    }
  }

  /** Closes the file, if any (its name is already gone). */
  close(): void {
    if (this.fd === undefined) return;
    closeQuietly(this.fd);
    this.fd = undefined;
  }

  /** Moves what is kept to the end of the file (made now if need be); on a failure what was not written stays kept. */
  private spill(): void {
    if (this.fd === undefined && !this.open()) {
      this.fileFailed = true;
      return;
    }
    const fd = this.fd as number;
    let done = 0;
    try {
      for (; done < this.kept.length; done++) {
        const bytes = this.kept[done];
        let written = 0;
        try {
          while (written < bytes.length) {
            const n = fs.writeSync(fd, bytes, written, bytes.length - written, this.inFile + written);
            // a file that takes nothing would never take the rest: kept in memory
            if (n <= 0) throw new Error('the temporary file took no bytes');
            written += n;
          }
        } finally {
          // a piece written in part: that part is in the file, the rest stays kept
          this.inFile += written;
          this.keptBytes -= written;
          this.kept[done] = bytes.subarray(written);
        }
      }
    } catch {
      this.fileFailed = true;
    } finally {
      this.kept = this.kept.slice(done);
    }
  }

  /** A temporary file only this descriptor reaches, or false (nothing of one left behind). */
  private open(): boolean {
    let dir: string;
    try {
      dir = fs.mkdtempSync(path.join(this.tmpdir(), 'bulkhead-'));
    } catch {
      return false;
    }
    const file = path.join(dir, 'report');
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, 'wx+', 0o600);
      fs.unlinkSync(file);
      fs.rmdirSync(dir);
      this.fd = fd;
      return true;
    } catch {
      if (fd !== undefined) closeQuietly(fd);
      removeQuietly(file);
      removeQuietly(dir);
      return false;
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // nothing left to do with it
  }
}

function removeQuietly(name: string): void {
  try {
    fs.rmSync(name, { recursive: true, force: true });
  } catch {
    // what cannot be removed stays: the run goes on
  }
}

/** Text kept in memory before it goes to a file (bytes). */
export const SPILL_AT = 4 * 1024 * 1024;
const CHUNK = 64 * 1024;

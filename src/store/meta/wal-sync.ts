// Group commit for SQLite in WAL mode, with the fsync off the event loop.
//
// With `synchronous = FULL` SQLite fsyncs the WAL inside COMMIT: better-sqlite3 is synchronous,
// so every commit blocked the whole process for the disk's flush (2.3 ms per commit on the
// bench machine; a call makes several, and 200 concurrent calls stalled their audio frames).
// Instead the stores open with `synchronous = NORMAL` — COMMIT writes the WAL frames without
// flushing them — and, before a write is acknowledged, `sync()` fdatasyncs the WAL file on
// libuv's thread pool. An acknowledged write is on disk exactly as with FULL; what changes is
// that the event loop keeps running during the flush and commits that land while one flush is
// running share the next one. Power loss can roll back only commits nobody was told succeeded.
//
// The handle stays valid: SQLite truncates or rewrites the WAL in place and deletes it only when
// the last connection closes (ours included). The inode is still checked before each flush, so a
// WAL that was somehow replaced is reopened rather than an old one flushed in its place.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { SottoError } from '../../errors/index.js';

export class WalSync {
  private handle: { file: FileHandle; ino: number } | undefined;
  /** The flush in progress, if any. */
  private current: Promise<void> | undefined;
  /** The flush that starts when the current one ends, shared by every commit made meanwhile. */
  private next: Promise<void> | undefined;
  private flushes = 0;

  constructor(private readonly walPath: string) {}

  /** Resolves once every commit made before this call is on disk. */
  sync(): Promise<void> {
    if (this.next) return this.next;
    if (!this.current) return this.start();
    // The running flush may have begun before this commit's frames were written.
    const settled = this.current.then(noop, noop);
    this.next = settled.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  /** How many flushes have run: fewer than the commits they covered when commits overlap. */
  get flushCount(): number {
    return this.flushes;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.current, this.next]);
    const handle = this.handle;
    this.handle = undefined;
    await handle?.file.close();
  }

  private start(): Promise<void> {
    const flush = this.flush().finally(() => {
      if (this.current === flush) this.current = undefined;
    });
    this.current = flush;
    return flush;
  }

  private async flush(): Promise<void> {
    this.flushes++;
    try {
      const { ino } = await stat(this.walPath);
      let handle = this.handle;
      if (handle?.ino !== ino) {
        const file = await open(this.walPath, 'r');
        await this.handle?.file.close();
        handle = this.handle = { file, ino: (await file.stat()).ino };
      }
      await handle.file.datasync();
    } catch (err) {
      throw new SottoError('STORE_UNAVAILABLE', `SQLite: the write-ahead log could not be flushed to disk (${this.walPath})`, { cause: err });
    }
  }
}

function noop(): void {}

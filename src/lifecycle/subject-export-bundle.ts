import tar from 'tar-stream';
import { incrementalSha256 } from '../crypto/index.js';

/**
 * The portable bundle of a subject export: a POSIX tar (ustar) of plain files any tool opens,
 * written as a stream so no recording is held whole in memory and nothing touches the disk
 * unencrypted (DESIGN.md invariant 1; the stream is sealed with age before it is stored).
 * manifest.json is the last entry: it lists every other file with its size and SHA-256,
 * which are only known once the file has streamed through.
 */
export const EXPORT_FORMAT = 'sotto-subject-export/1';

export interface BundleEntry {
  /** Path inside the bundle, e.g. calls/<callId>/transcript.json. */
  path: string;
  kind: 'call_record' | 'transcript' | 'recording';
  /** Exact byte count (tar headers carry it first); a body of another length fails the export. */
  size: number;
  body: AsyncIterable<Uint8Array>;
}

export interface BundleFile {
  path: string;
  kind: BundleEntry['kind'];
  bytes: number;
  sha256: string;
}

export interface PackedBundle {
  /** The tar bytes, as they are produced. */
  bytes: AsyncIterable<Uint8Array>;
  /** Resolves with the files written once the manifest is; rejects if any entry failed. */
  written: Promise<BundleFile[]>;
  /** The reader failed: stop producing (a blocked entry would otherwise wait forever). */
  abort(reason: unknown): void;
}

export function packBundle(entries: AsyncIterable<BundleEntry>, manifest: (files: BundleFile[]) => unknown, mtime: Date): PackedBundle {
  const pack = tar.pack();
  const written = (async () => {
    const files: BundleFile[] = [];
    for await (const entry of entries) files.push(await writeEntry(pack, entry, mtime));
    const json = Buffer.from(`${JSON.stringify(manifest(files), null, 2)}\n`);
    await writeEntry(pack, { path: 'manifest.json', kind: 'call_record', size: json.length, body: single(json) }, mtime);
    pack.finalize();
    return files;
  })();
  const destroy = (err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err)));
  // A failed entry ends the tar stream with the error, so whoever reads it fails too.
  written.catch(destroy);
  return { bytes: pack as AsyncIterable<Uint8Array>, written, abort: destroy };
}

async function writeEntry(pack: tar.Pack, entry: BundleEntry, mtime: Date): Promise<BundleFile> {
  const hash = incrementalSha256();
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry({ name: entry.path, size: entry.size, mode: 0o600, mtime, type: 'file' }, (err) => (err ? reject(err) : resolve()));
    void (async () => {
      for await (const chunk of entry.body) {
        hash.update(chunk);
        bytes += chunk.length;
        if (!sink.write(chunk)) await new Promise<void>((drained) => sink.once('drain', () => drained()));
      }
      sink.end(null);
    })().catch((err: unknown) => {
      sink.destroy(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    });
  });
  return { path: entry.path, kind: entry.kind, bytes, sha256: hash.hex() };
}

async function* single(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

// npm run bench -- vault
// Vault throughput against raw AES-256-GCM over the same bytes, in the same run:
//   - "store" figures: the vault's put/get through the filesystem blob store (fsync'd, atomic)
//     against raw AES-256-GCM written through the same blob store — same I/O, so the ratio is
//     the cost of the vault itself (segmenting, per-segment tags, key commitment, envelope).
//   - "cipher" figures: the segmented format alone against one raw GCM stream, both in memory.
// Then the peak RSS growth while a 1 GiB artifact streams in and out.
// Last line: one JSON object.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { LOCAL_OPERATOR } from '../src/access/index.js';
import { artifactAad, decryptArtifact, encryptArtifact } from '../src/vault/format/index.js';
import { openVaultFixture, type VaultFixture } from '../test/support/vault-fixture.js';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const BIG = 1024 * MiB;
const CHUNK = 64 * 1024;
const ROUNDS = 5;

async function* fromBuffer(data: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
}

async function* repeated(total: number): AsyncGenerator<Buffer> {
  const block = randomBytes(CHUNK);
  for (let sent = 0; sent < total; sent += CHUNK) yield block;
}

async function discard(source: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of source) n += c.length;
  return n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const mbps = (bytes: number, seconds: number): number => Math.round(bytes / 1e6 / seconds);

async function* rawGcmEncrypt(key: Buffer, iv: Buffer, source: AsyncIterable<Buffer>, tagOut: Buffer[]): AsyncGenerator<Buffer> {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  for await (const chunk of source) yield cipher.update(chunk);
  cipher.final();
  tagOut.push(cipher.getAuthTag());
}

async function rawGcmDecrypt(key: Buffer, iv: Buffer, tag: Buffer, source: AsyncIterable<Buffer>): Promise<number> {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  let n = 0;
  for await (const chunk of source) n += decipher.update(chunk).length;
  decipher.final();
  return n;
}

async function peakRssGrowth(f: VaultFixture): Promise<{ growthMb: number; writeMbps: number; readMbps: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  let id = '';
  const write = await timed(async () => {
    id = (await f.vault.put({ tenantId: 'bench', subjectId: 'big', kind: 'recording', body: repeated(BIG) })).id;
  });
  const read = await timed(async () => {
    const n = await discard((await f.gateway.readArtifact(LOCAL_OPERATOR, id)).body);
    if (n !== BIG) throw new Error(`read ${n} bytes`);
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const record = await f.store.artifacts.get(id);
  if (record) await f.blobs.delete(record.blobKey);
  return { growthMb: Math.round(((peak - base) / MiB) * 10) / 10, writeMbps: mbps(BIG, write), readMbps: mbps(BIG, read) };
}

async function main(): Promise<void> {
  const f = await openVaultFixture(256 * 1024);
  try {
    const rss = await peakRssGrowth(f);
    console.log(`1 GiB artifact: peak RSS growth ${rss.growthMb} MB (write ${rss.writeMbps} MB/s, read ${rss.readMbps} MB/s)`);

    const data = randomBytes(SIZE);
    const key = randomBytes(32);
    const aad = artifactAad('bench', 'art_bench', 'recording');
    const best = { vaultPut: Infinity, vaultGet: Infinity, rawPut: Infinity, rawGet: Infinity, fmtEnc: Infinity, fmtDec: Infinity, rawEnc: Infinity, rawDec: Infinity };
    const sealedParts: Buffer[] = [];
    for await (const part of encryptArtifact(key, aad, fromBuffer(data))) sealedParts.push(part);
    const sealed = Buffer.concat(sealedParts);
    sealedParts.length = 0;
    const rawIv = randomBytes(12);
    const rawTag: Buffer[] = [];
    const rawParts: Buffer[] = [];
    for await (const part of rawGcmEncrypt(key, rawIv, fromBuffer(data), rawTag)) rawParts.push(part);
    const rawSealed = Buffer.concat(rawParts);
    rawParts.length = 0;

    for (let round = 0; round < ROUNDS; round++) {
      // Through the blob store: the vault against raw GCM with identical I/O.
      let id = '';
      best.vaultPut = Math.min(best.vaultPut, await timed(async () => {
        id = (await f.vault.put({ tenantId: 'bench', subjectId: `s${round}`, kind: 'recording', body: fromBuffer(data) })).id;
      }));
      best.vaultGet = Math.min(best.vaultGet, await timed(async () => discard((await f.gateway.readArtifact(LOCAL_OPERATOR, id)).body)));
      const iv = randomBytes(12);
      const tags: Buffer[] = [];
      const rawKey = `bench/raw/${round}`;
      best.rawPut = Math.min(best.rawPut, await timed(() => f.blobs.put(rawKey, rawGcmEncrypt(key, iv, fromBuffer(data), tags))));
      best.rawGet = Math.min(best.rawGet, await timed(async () => rawGcmDecrypt(key, iv, tags[0] as Buffer, (await f.blobs.get(rawKey)) as AsyncIterable<Buffer>)));
      const record = await f.store.artifacts.get(id);
      if (record) await f.blobs.delete(record.blobKey);
      await f.blobs.delete(rawKey);

      // The cipher work alone, in memory.
      best.fmtEnc = Math.min(best.fmtEnc, await timed(() => discard(encryptArtifact(key, aad, fromBuffer(data)))));
      best.fmtDec = Math.min(best.fmtDec, await timed(() => discard(decryptArtifact(key, aad, fromBuffer(sealed)))));
      best.rawEnc = Math.min(best.rawEnc, await timed(() => discard(rawGcmEncrypt(key, rawIv, fromBuffer(data), []))));
      best.rawDec = Math.min(best.rawDec, await timed(() => rawGcmDecrypt(key, rawIv, rawTag[0] as Buffer, fromBuffer(rawSealed))));
    }

    const r = (a: number, b: number): number => Math.round((b / a) * 1000) / 1000;
    const result = {
      artifact_mb: SIZE / MiB,
      rounds: ROUNDS,
      vault_encrypt_mbps: mbps(SIZE, best.vaultPut),
      raw_encrypt_mbps: mbps(SIZE, best.rawPut),
      vault_decrypt_mbps: mbps(SIZE, best.vaultGet),
      raw_decrypt_mbps: mbps(SIZE, best.rawGet),
      encrypt_ratio: r(best.vaultPut, best.rawPut),
      decrypt_ratio: r(best.vaultGet, best.rawGet),
      cipher_encrypt_mbps: mbps(SIZE, best.fmtEnc),
      cipher_raw_encrypt_mbps: mbps(SIZE, best.rawEnc),
      cipher_decrypt_mbps: mbps(SIZE, best.fmtDec),
      cipher_raw_decrypt_mbps: mbps(SIZE, best.rawDec),
      cipher_encrypt_ratio: r(best.fmtEnc, best.rawEnc),
      cipher_decrypt_ratio: r(best.fmtDec, best.rawDec),
      peak_rss_growth_mb: rss.growthMb,
      big_artifact_mb: BIG / MiB,
      big_write_mbps: rss.writeMbps,
      big_read_mbps: rss.readMbps,
    };
    console.log(JSON.stringify(result));
  } finally {
    await f.close();
    await rm(f.dir, { recursive: true, force: true });
  }
}

await main();

import { createGcmSegmentDecryptor, type GcmSegmentDecryptor } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { HEADER_BYTES, TAG_BYTES, segmentNonce } from './layout.js';
import { openFinalSegment, openHeader, verifies, type OpenedHeader } from './segment.js';

/**
 * Decrypt a whole blob as a stream. A segment's plaintext is yielded only after its tag
 * verifies. A segment is known to be inner (not final) once a byte of the next one arrives;
 * until then its ciphertext is decrypted optimistically and held, never released.
 */
export async function* decryptArtifact(
  dataKey: Uint8Array,
  aad: Uint8Array,
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer> {
  const headerParts: Buffer[] = [];
  let headerLength = 0;
  let opened: OpenedHeader | undefined;
  let segment: InboundSegment | undefined;

  for await (const raw of source) {
    let chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (!opened) {
      const need = HEADER_BYTES - headerLength;
      headerParts.push(chunk.subarray(0, need));
      headerLength += Math.min(need, chunk.length);
      chunk = chunk.subarray(need);
      if (headerLength < HEADER_BYTES) continue;
      opened = openHeader(Buffer.concat(headerParts), dataKey, aad);
      segment = new InboundSegment(opened, 0);
    }
    while (chunk.length > 0 && segment) {
      if (segment.complete) {
        yield* segment.finishInner();
        segment = new InboundSegment(opened, segment.index + 1);
      }
      chunk = segment.add(chunk);
    }
  }
  if (!opened || !segment) throw new SottoError('VAULT_TRUNCATED', 'blob ends inside its header');
  if (segment.length === 0) throw new SottoError('VAULT_TRUNCATED', 'blob ends before its first segment');
  yield segment.finishFinal();
}

class InboundSegment {
  length = 0;
  private readonly parts: Buffer[] = [];
  private readonly plain: Buffer[] = [];
  private fed = 0;
  private readonly decipher: GcmSegmentDecryptor;
  private readonly full: number;

  constructor(
    private readonly opened: OpenedHeader,
    readonly index: number,
  ) {
    this.full = opened.header.segmentSize + TAG_BYTES;
    this.decipher = createGcmSegmentDecryptor(opened.keys.segmentKey, segmentNonce(opened.header.noncePrefix, index, false));
  }

  get complete(): boolean {
    return this.length === this.full;
  }

  /** Take what belongs to this segment from `chunk`; return the rest. */
  add(chunk: Buffer): Buffer {
    const part = chunk.subarray(0, this.full - this.length);
    this.parts.push(part);
    this.length += part.length;
    const body = part.subarray(0, Math.max(0, this.opened.header.segmentSize - this.fed));
    if (body.length > 0) {
      this.plain.push(this.decipher.update(body));
      this.fed += body.length;
    }
    return chunk.subarray(part.length);
  }

  finishInner(): Buffer[] {
    try {
      this.decipher.verify(this.tag(), 'VAULT_SEGMENT_AUTH_FAILED');
    } catch (err) {
      this.wipe();
      if (verifies(this.opened, this.index, true, Buffer.concat(this.parts))) {
        throw new SottoError('VAULT_TRAILING_DATA', `blob continues after its final segment ${this.index}`);
      }
      throw withSegment(err, this.index);
    }
    return this.plain;
  }

  finishFinal(): Buffer {
    this.wipe();
    try {
      return openFinalSegment(this.opened, this.index, Buffer.concat(this.parts));
    } catch (err) {
      throw withSegment(err, this.index);
    }
  }

  /** The last TAG_BYTES of the held parts, without copying the whole segment. */
  private tag(): Buffer {
    const tag = Buffer.alloc(TAG_BYTES);
    let want = TAG_BYTES;
    for (let i = this.parts.length - 1; i >= 0 && want > 0; i--) {
      const part = this.parts[i] as Buffer;
      const take = Math.min(want, part.length);
      part.copy(tag, want - take, part.length - take);
      want -= take;
    }
    return tag;
  }

  private wipe(): void {
    for (const p of this.plain) p.fill(0);
  }
}

function withSegment(err: unknown, index: number): unknown {
  if (err instanceof SottoError && err.code === 'VAULT_SEGMENT_AUTH_FAILED') {
    return new SottoError(err.code, `segment ${index} failed authentication`, { cause: err });
  }
  return err;
}

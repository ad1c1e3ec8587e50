import { createGcmSegmentEncryptor, randomBytes, type GcmSegmentEncryptor } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { deriveFileKeys, headerMac } from './keys.js';
import {
  DEFAULT_SEGMENT_SIZE,
  MAX_SEGMENT_SIZE,
  MIN_SEGMENT_SIZE,
  NONCE_PREFIX_BYTES,
  SALT_BYTES,
  encodeHeaderBody,
  segmentNonce,
} from './layout.js';

export interface EncryptOptions {
  segmentSize?: number;
}

/**
 * Encrypt a stream into the segmented format (docs/vault-format.md). Whether a segment is the
 * last is known only when the next byte arrives or the source ends, so each segment is
 * encrypted optimistically as "not last" while it fills, without copying the input; if the
 * source then ends, that one segment is encrypted again with the last-segment flag.
 * Source chunks must not be mutated after they are yielded (the Node stream contract).
 */
export async function* encryptArtifact(
  dataKey: Uint8Array,
  aad: Uint8Array,
  source: AsyncIterable<Uint8Array>,
  options: EncryptOptions = {},
): AsyncGenerator<Buffer> {
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new SottoError('USAGE', `segment size must be between ${MIN_SEGMENT_SIZE} and ${MAX_SEGMENT_SIZE}`);
  }
  const salt = randomBytes(SALT_BYTES);
  const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
  const keys = deriveFileKeys(dataKey, salt, aad);
  const body = encodeHeaderBody({ segmentSize, salt, noncePrefix, commitment: keys.commitment });
  yield Buffer.concat([body, headerMac(keys.macKey, body)]);

  const newSegment = (index: number): OpenSegment => new OpenSegment(keys.segmentKey, noncePrefix, index);
  let segment = newSegment(0);
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      if (segment.filled === segmentSize) {
        yield* segment.closeAsInner();
        segment = newSegment(segment.index + 1);
      }
      const take = Math.min(segmentSize - segment.filled, chunk.length - offset);
      segment.feed(chunk.subarray(offset, offset + take));
      offset += take;
    }
  }
  yield* segment.closeAsLast();
}

class OpenSegment {
  filled = 0;
  private readonly inputs: Uint8Array[] = [];
  private readonly outputs: Buffer[] = [];
  private readonly cipher: GcmSegmentEncryptor;

  constructor(
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    readonly index: number,
  ) {
    this.cipher = createGcmSegmentEncryptor(key, segmentNonce(prefix, index, false));
  }

  feed(part: Uint8Array): void {
    this.inputs.push(part);
    this.filled += part.length;
    this.outputs.push(this.cipher.update(part));
  }

  *closeAsInner(): Generator<Buffer> {
    const tag = this.cipher.finish();
    yield* this.outputs;
    yield tag;
  }

  /** Re-encrypt the held input with the last-segment flag set (docs/vault-format.md §nonce). */
  *closeAsLast(): Generator<Buffer> {
    const last = createGcmSegmentEncryptor(this.key, segmentNonce(this.prefix, this.index, true));
    for (const part of this.inputs) yield last.update(part);
    yield last.finish();
  }
}

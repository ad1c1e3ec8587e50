import { Readable } from 'node:stream';

import { SottoError } from '../../errors/index.js';
import type { ByteRange } from './blob-store.js';

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/** What a GetObject answer says it carries, from Content-Range or, without one, Content-Length. */
interface ServedBytes {
  start: number;
  end: number;
  total: number | undefined;
}

/**
 * Hand the caller exactly the bytes [start, end] it asked for. S3 serves a range that runs past
 * the end with the bytes it has (RFC 9110 §14.1.2) where the blob contract calls it invalid;
 * some compatible servers ignore Range, or serve more than asked (s3rver answers `bytes=0-0`
 * with the whole object). So what was served is compared with what was asked, and trimmed.
 */
export function deliverRange(
  body: Readable,
  range: ByteRange,
  answer: { ContentRange?: string; ContentLength?: number },
  key: string,
): Readable {
  const served = servedBytes(answer, key);
  if (served.total !== undefined && range.end >= served.total) {
    throw new SottoError('VAULT_RANGE_INVALID', `Byte range ${range.start}-${range.end} is outside blob ${key}.`);
  }
  if (served.start === range.start && served.end === range.end) return body;
  if (served.start <= range.start && served.end >= range.end) {
    return Readable.from(slice(body, range.start - served.start, range.end - range.start + 1, key), {
      objectMode: false,
    });
  }
  if (served.start === range.start && served.end < range.end) {
    throw new SottoError('VAULT_RANGE_INVALID', `Byte range ${range.start}-${range.end} is outside blob ${key}.`);
  }
  throw new SottoError('BLOB_STORE_UNAVAILABLE', `S3 GetObject of blob ${key} served a different byte range.`);
}

function servedBytes(answer: { ContentRange?: string; ContentLength?: number }, key: string): ServedBytes {
  if (answer.ContentRange !== undefined) {
    const m = CONTENT_RANGE.exec(answer.ContentRange);
    if (m) {
      const total = m[3] === '*' ? undefined : Number(m[3]);
      return { start: Number(m[1]), end: Number(m[2]), total };
    }
  } else if (answer.ContentLength !== undefined) {
    // Range ignored: the whole object came back.
    return { start: 0, end: answer.ContentLength - 1, total: answer.ContentLength };
  }
  throw new SottoError('BLOB_STORE_UNAVAILABLE', `S3 GetObject of blob ${key} did not say which bytes it served.`);
}

async function* slice(source: Readable, skip: number, take: number, key: string): AsyncGenerator<Uint8Array> {
  const stop = skip + take;
  let offset = 0;
  // Leaving the loop early destroys the source, which releases the connection.
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    const from = Math.max(0, skip - offset);
    const to = Math.min(chunk.byteLength, stop - offset);
    offset += chunk.byteLength;
    if (to > from) yield chunk.subarray(from, to);
    if (offset >= stop) return;
  }
  throw new SottoError('BLOB_STORE_UNAVAILABLE', `S3 GetObject of blob ${key} ended before the requested range.`);
}

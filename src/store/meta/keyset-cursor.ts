// The cursor of a newest-first list ordered by (time DESC, id DESC): the last row's time and id,
// opaque to clients (base64url). Used by the calls list and the lifecycle lists.
import { SottoError } from '../../errors/index.js';
import { timestampParam } from './records.js';

export function encodeKeysetCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/** Cursors come back from clients: parsed defensively (USAGE), never passed on half-read. */
export function decodeKeysetCursor(cursor: string): [at: string, id: string] {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || extra !== undefined || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new SottoError('USAGE', 'malformed cursor');
  return [timestampParam(at, 'cursor'), id];
}

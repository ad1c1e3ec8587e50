import { SottoError } from '../../errors/index.js';

/**
 * Parse an HTTP Range header (RFC 9110 §14.2) against a size: `bytes=a-b`, `bytes=a-`,
 * `bytes=-n`. A header we do not support (several ranges, other units) is ignored and the
 * whole body served, as the RFC allows; a syntactically valid but unsatisfiable range is 416.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw unsatisfiable(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): SottoError {
  return new SottoError('VAULT_RANGE_INVALID', `range not satisfiable (size ${size})`);
}

import { SottoError } from '../../errors/index.js';

/** What an S3 failure means for the blob contract. SDK errors carry no credentials. */
export type S3FailureKind = 'not-found' | 'conflict' | 'range' | 'unreachable' | 'refused';

/** The fields of an AWS SDK v3 error we rely on; anything else may be missing. */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as SdkErrorShape | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function classifyS3Failure(err: unknown): S3FailureKind {
  const status = httpStatusOf(err);
  const name = (err as SdkErrorShape | null)?.name;
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') return 'not-found';
  // 412: If-None-Match failed; 409: a concurrent conditional write won (ConditionalRequestConflict).
  if (status === 412 || status === 409 || name === 'PreconditionFailed') return 'conflict';
  if (status === 416 || name === 'InvalidRange') return 'range';
  // No HTTP answer at all (refused, reset, DNS, timeout), or the service says it is unwell.
  if (status === undefined || status >= 500) return 'unreachable';
  return 'refused';
}

/** A short, secret-free label for the error: SDK name and errno code, plus HTTP status. */
export function describeS3Failure(err: unknown): string {
  const shape = err as SdkErrorShape | null;
  const name = shape?.name === 'Error' ? undefined : shape?.name;
  const parts = [name, shape?.code, httpStatusOf(err)].filter(
    (p): p is string | number => typeof p === 'string' || typeof p === 'number',
  );
  return parts.length > 0 ? parts.join(' ') : 'unknown error';
}

export function s3Failure(
  err: unknown,
  operation: string,
  where: string,
  key: string,
  otherwise: 'BLOB_WRITE_FAILED' | 'BLOB_STORE_UNAVAILABLE',
): SottoError {
  const what = `S3 ${operation} of blob ${key} at ${where}`;
  switch (classifyS3Failure(err)) {
    case 'not-found':
      return new SottoError('BLOB_NOT_FOUND', `No blob is stored under ${key}.`, { cause: err });
    case 'conflict':
      return new SottoError('STORE_CONFLICT', `A blob is already stored under ${key}.`, { cause: err });
    case 'range':
      return new SottoError('VAULT_RANGE_INVALID', `${what}: the byte range is outside the blob.`, { cause: err });
    case 'unreachable':
      return new SottoError('BLOB_STORE_UNAVAILABLE', `${what} failed: ${describeS3Failure(err)}.`, { cause: err });
    case 'refused':
      return new SottoError(otherwise, `${what} was refused: ${describeS3Failure(err)}.`, { cause: err });
  }
}

import pg from 'pg';
import { SottoError } from '../../errors/index.js';

/**
 * Where a PostgreSQL URL points, for error messages: host and port, never the credentials.
 * The URL carries the password, so it is parsed here and nothing else quotes it.
 */
export interface PostgresTarget {
  /** `host:port`, safe to log. */
  readonly address: string;
  /** Removes the password from a driver message, should a driver ever echo it. */
  redact(message: string): string;
}

export function postgresTarget(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // No cause: a URL parse error carries the whole input, password included.
    throw new SottoError('CONFIG_INVALID', 'the PostgreSQL URL does not parse');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new SottoError('CONFIG_INVALID', 'the PostgreSQL URL must start with postgres:// or postgresql://');
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const address = `${host}:${parsed.port || '5432'}`;
  const secrets = [parsed.password, safeDecode(parsed.password)].filter((s) => s.length > 0);
  return {
    address,
    redact: (message) => secrets.reduce((m, secret) => m.split(secret).join('***'), message),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// SQLSTATE classes that mean "cannot use the database right now" rather than a bad query:
// 08 connection exception, 28 invalid authorization, 3D invalid catalog (no such database),
// 53 insufficient resources, 57P operator intervention (shutdown, restart).
const UNAVAILABLE_SQLSTATE = /^(08|28|3D|53|57P)/;

/** Map a pg error to a coded one. Only server-sent messages are quoted; they hold no password. */
export function postgresError(err: unknown, target: PostgresTarget): SottoError {
  if (err instanceof SottoError) return err;
  if (err instanceof pg.DatabaseError) {
    const code = err.code ?? '';
    if (code === '23505') return new SottoError('STORE_CONFLICT', `metadata store: ${err.message}`, { cause: err });
    if (code === '23503') {
      return new SottoError('NOT_FOUND', 'metadata store: the referenced tenant or subject key does not exist', {
        cause: err,
      });
    }
    if (UNAVAILABLE_SQLSTATE.test(code)) return unavailable(target, `${code} ${err.message}`, err);
    return new SottoError('INTERNAL', `metadata store query failed (${code})`, { cause: err });
  }
  if (err instanceof TypeError || err instanceof RangeError) {
    return new SottoError('INTERNAL', 'metadata store query failed', { cause: err });
  }
  // Anything else comes from the socket: refused, reset, timed out, terminated.
  const code = (err as { code?: unknown }).code;
  return unavailable(target, typeof code === 'string' ? code : (err as Error).message, err);
}

function unavailable(target: PostgresTarget, reason: string, cause: unknown): SottoError {
  return new SottoError('STORE_UNAVAILABLE', `PostgreSQL at ${target.address} is unavailable: ${target.redact(reason)}`, {
    cause,
  });
}

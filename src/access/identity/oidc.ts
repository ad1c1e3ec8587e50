import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { SottoError } from '../../errors/index.js';
import { ROLES, type Role } from '../permissions.js';
import type { Principal } from '../principal.js';
import { isRole } from './records.js';
import { isTenantId } from '../../vault/names.js';

/**
 * Asymmetric algorithms only. HS* is never accepted: with a JWKS the "secret" would be a
 * public key anyone can fetch (the RFC 8725 §2.1 algorithm-confusion attack), and 'none' is
 * no signature at all.
 */
export const OIDC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];

export interface OidcConfig {
  /** Must equal the token's `iss` exactly. */
  issuer: string;
  /** Must appear in the token's `aud`. */
  audience: string;
  /** HTTPS (plain HTTP only on a loopback address, for tests and local IdPs). */
  jwksUri: string;
  /** Claim (dot path, e.g. `sotto.tenant`) holding the Sotto tenant id. */
  tenantClaim: string;
  /** Claim (dot path, e.g. `realm_access.roles`) holding a role name or a list of them. */
  roleClaim: string;
  /** IdP role name → Sotto role(s). IdP roles not listed grant nothing. */
  roleMap: Readonly<Record<string, Role | readonly Role[]>>;
  /** A subset of OIDC_ALGORITHMS; default all three. */
  algorithms?: readonly OidcAlgorithm[];
  /** Allowed skew for exp/nbf/iat; default 30 s, at most 5 min. */
  clockToleranceMs?: number;
  /** For tests: the verification time. */
  now?: () => Date;
}

const MAX_TOKEN_CHARS = 16 * 1024;
const SUBJECT = /^[\x21-\x7e]{1,255}$/;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Verifies OIDC bearer JWTs (single sign-on) and maps their claims to a principal. */
export class OidcVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly algorithms: OidcAlgorithm[];
  private readonly roleMap: Map<string, readonly Role[]>;
  private readonly clockToleranceS: number;

  constructor(private readonly config: OidcConfig) {
    const url = parseJwksUri(config.jwksUri);
    this.jwks = createRemoteJWKSet(url, { timeoutDuration: 5000 });
    this.algorithms = [...(config.algorithms ?? OIDC_ALGORITHMS)];
    if (this.algorithms.length === 0 || this.algorithms.some((a) => !(OIDC_ALGORITHMS as readonly string[]).includes(a))) {
      throw new SottoError('CONFIG_INVALID', `OIDC algorithms must be a non-empty subset of ${OIDC_ALGORITHMS.join(', ')}`);
    }
    if (config.issuer === '' || config.audience === '' || config.tenantClaim === '' || config.roleClaim === '') {
      throw new SottoError('CONFIG_INVALID', 'OIDC issuer, audience, tenantClaim and roleClaim are required');
    }
    const tolerance = config.clockToleranceMs ?? 30_000;
    if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300_000) {
      throw new SottoError('CONFIG_INVALID', 'OIDC clock tolerance must be 0-300000 ms');
    }
    this.clockToleranceS = Math.ceil(tolerance / 1000);
    this.roleMap = new Map();
    for (const [external, mapped] of Object.entries(config.roleMap)) {
      const roles: readonly string[] = typeof mapped === 'string' ? [mapped] : mapped;
      if (!roles.every(isRole)) throw new SottoError('CONFIG_INVALID', `OIDC roleMap values must be among ${ROLES.join(', ')}`);
      this.roleMap.set(external, roles as readonly Role[]);
    }
  }

  /** A principal, or AUTH_INVALID / AUTH_EXPIRED (OIDC_UNAVAILABLE if the keys cannot be fetched). */
  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_CHARS) throw new SottoError('AUTH_INVALID');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        clockTolerance: this.clockToleranceS,
        // Without exp a token would never expire.
        requiredClaims: ['exp', 'sub'],
        ...(this.config.now ? { currentDate: this.config.now() } : {}),
      }));
    } catch (err) {
      throw verificationError(err);
    }
    // The payload is signed by the IdP but its shape is still parsed defensively.
    const sub = payload.sub;
    const tenantId = claimAt(payload, this.config.tenantClaim);
    if (typeof sub !== 'string' || !SUBJECT.test(sub) || typeof tenantId !== 'string' || !isTenantId(tenantId)) {
      throw new SottoError('AUTH_INVALID', 'the token lacks a usable subject or tenant claim');
    }
    return Object.freeze({ id: `oidc:${sub}`, kind: 'user', tenantId, roles: Object.freeze(this.mapRoles(claimAt(payload, this.config.roleClaim))) });
  }

  private mapRoles(claim: unknown): Role[] {
    const external = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim.filter((r) => typeof r === 'string') : [];
    const roles = new Set<Role>();
    for (const name of external) for (const role of this.roleMap.get(name) ?? []) roles.add(role);
    return [...roles].sort();
  }
}

function parseJwksUri(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SottoError('CONFIG_INVALID', 'the OIDC JWKS URI does not parse');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new SottoError('CONFIG_INVALID', 'the OIDC JWKS URI must be https (http only on loopback)');
  }
  return url;
}

/** `a.b.c` into nested objects; own properties only, so `__proto__` paths find nothing. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function verificationError(err: unknown): SottoError {
  if (err instanceof errors.JWTExpired) return new SottoError('AUTH_EXPIRED', undefined, { cause: err });
  if (
    err instanceof errors.JWKSTimeout ||
    err instanceof errors.JWKSInvalid ||
    // jose reports a non-200 JWKS response as a plain JOSEError
    (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') ||
    !(err instanceof errors.JOSEError)
  ) {
    return new SottoError('OIDC_UNAVAILABLE', undefined, { cause: err });
  }
  return new SottoError('AUTH_INVALID', undefined, { cause: err });
}

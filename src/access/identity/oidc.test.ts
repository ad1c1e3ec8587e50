// OIDC bearer tokens against a JWKS server on loopback (port 0) serving keys made here.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { OidcVerifier, type OidcConfig } from './oidc.js';

const ISSUER = 'https://idp.example.test/realms/sotto';
const AUDIENCE = 'sotto-api';
const NOW = new Date('2025-03-04T05:06:07Z');
const nowS = Math.floor(NOW.getTime() / 1000);

const code = (expected: ErrorCode) => (err: unknown) => {
  assert.ok(isSottoError(err), `expected ${expected}, got ${String(err)}`);
  assert.equal(err.code, expected);
  return true;
};

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

void describe('OIDC bearer tokens', () => {
  let server: Server;
  let jwksUri: string;
  let served: SigningKey[];
  let rs: SigningKey;
  let es: SigningKey;
  let ed: SigningKey;
  let stranger: SigningKey;

  const claims = (extra: JWTPayload = {}): JWTPayload => ({
    sub: 'user-7f3a',
    tenant: 'acme',
    groups: ['sotto-compliance', 'unrelated-group'],
    iat: nowS - 60,
    exp: nowS + 300,
    ...extra,
  });

  function sign(key: SigningKey, payload: JWTPayload = claims(), options: { iss?: string; aud?: string } = {}): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .sign(key.privateKey);
  }

  function verifier(overrides: Partial<OidcConfig> = {}): OidcVerifier {
    return new OidcVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri,
      tenantClaim: 'tenant',
      roleClaim: 'groups',
      roleMap: { 'sotto-compliance': 'compliance_officer', 'sotto-admins': ['admin', 'auditor'] },
      now: () => NOW,
      ...overrides,
    });
  }

  before(async () => {
    [rs, es, ed, stranger] = await Promise.all([
      signingKey('RS256', 'rs-1'),
      signingKey('ES256', 'es-1'),
      signingKey('EdDSA', 'ed-1'),
      signingKey('RS256', 'rs-1'), // same kid, different key: not the IdP's
    ]);
    served = [rs, es, ed];
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: served.map((k) => k.publicJwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  void describe('when the token is valid', () => {
    for (const which of ['RS256', 'ES256', 'EdDSA'] as const) {
      void it(`maps a ${which} token to a user principal of the claimed tenant and mapped roles`, async () => {
        const key = { RS256: rs, ES256: es, EdDSA: ed }[which];
        const principal = await verifier().verify(await sign(key));
        assert.deepEqual(principal, { id: 'oidc:user-7f3a', kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] });
      });
    }

    void it('reads nested claims and maps one IdP role to several', async () => {
      const token = await sign(rs, claims({ org: { id: 'beta' }, realm_access: { roles: ['sotto-admins'] } }));
      const principal = await verifier({ tenantClaim: 'org.id', roleClaim: 'realm_access.roles' }).verify(token);
      assert.equal(principal.tenantId, 'beta');
      assert.deepEqual(principal.roles, ['admin', 'auditor']);
    });

    void it('gives no roles at all for IdP roles the map does not name', async () => {
      const principal = await verifier().verify(await sign(rs, claims({ groups: ['sotto-root', 'owner'] })));
      assert.deepEqual(principal.roles, []);
    });

    void it('tolerates a small clock skew', async () => {
      await verifier().verify(await sign(rs, claims({ exp: nowS - 10 })));
    });
  });

  void describe('when the token is expired', () => {
    void it('throws AUTH_EXPIRED', async () => {
      await assert.rejects(verifier().verify(await sign(rs, claims({ exp: nowS - 120 }))), code('AUTH_EXPIRED'));
    });
  });

  void describe('when the token must be refused', () => {
    const cases: [string, () => Promise<string>][] = [
      ['it names another issuer', () => sign(rs, claims(), { iss: 'https://evil.example.test' })],
      ['it is for another audience', () => sign(rs, claims(), { aud: 'other-api' })],
      ['it is not yet valid', () => sign(rs, claims({ nbf: nowS + 600 }))],
      ['it has no exp', () => sign(rs, (({ exp: _exp, ...rest }) => rest)(claims()))],
      ['it has no subject', () => sign(rs, (({ sub: _sub, ...rest }) => rest)(claims()))],
      ['it has no tenant claim', () => sign(rs, (({ tenant: _t, ...rest }) => rest)(claims()))],
      ['its tenant claim is not a tenant id', () => sign(rs, claims({ tenant: '../acme' }))],
      ['it is signed by a key the IdP does not publish', () => sign(stranger)],
      [
        'its payload was tampered with after signing',
        async () => {
          const [header, , signature] = (await sign(rs)).split('.');
          return `${header}.${b64({ ...claims(), tenant: 'other', iss: ISSUER, aud: AUDIENCE })}.${signature}`;
        },
      ],
      ['it uses alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iss: ISSUER, aud: AUDIENCE })}.`],
      [
        'it is HS256-signed with the IdP’s public key as the secret (algorithm confusion)',
        async () => {
          const secret = new TextEncoder().encode(JSON.stringify(rs.publicJwk));
          return new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: rs.kid }).setIssuer(ISSUER).setAudience(AUDIENCE).sign(secret);
        },
      ],
      ['it is not a JWT at all', async () => 'not.a.jwt'],
      ['it is absurdly long', async () => `${'a'.repeat(20_000)}.b.c`],
    ];
    for (const [why, make] of cases) {
      void it(`throws AUTH_INVALID when ${why}`, async () => {
        await assert.rejects(verifier().verify(await make()), code('AUTH_INVALID'));
      });
    }

    void it('throws AUTH_INVALID for an allowed algorithm the verifier was restricted away from', async () => {
      await assert.rejects(verifier({ algorithms: ['ES256'] }).verify(await sign(rs)), code('AUTH_INVALID'));
    });
  });

  void describe('when the JWKS cannot be fetched', () => {
    void it('throws OIDC_UNAVAILABLE, failing closed', async () => {
      const down = createServer((_req, res) => {
        res.writeHead(503);
        res.end();
      });
      await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
      try {
        const uri = `http://127.0.0.1:${(down.address() as AddressInfo).port}/jwks`;
        await assert.rejects(verifier({ jwksUri: uri }).verify(await sign(rs)), code('OIDC_UNAVAILABLE'));
      } finally {
        down.closeAllConnections();
        await new Promise((resolve) => down.close(resolve));
      }
      await assert.rejects(verifier({ jwksUri: 'http://127.0.0.1:1/jwks' }).verify(await sign(rs)), code('OIDC_UNAVAILABLE'));
    });
  });

  void describe('when the configuration is unsafe', () => {
    void it('throws CONFIG_INVALID for HS256, plain HTTP off loopback, or a role outside ROLES', () => {
      assert.throws(() => verifier({ algorithms: ['HS256' as 'RS256'] }), code('CONFIG_INVALID'));
      assert.throws(() => verifier({ algorithms: [] }), code('CONFIG_INVALID'));
      assert.throws(() => verifier({ jwksUri: 'http://idp.example.test/jwks' }), code('CONFIG_INVALID'));
      assert.throws(() => verifier({ roleMap: { x: 'root' as 'owner' } }), code('CONFIG_INVALID'));
    });
  });
});

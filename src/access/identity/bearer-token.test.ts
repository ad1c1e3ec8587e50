import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { bearerFromHeader, issueToken, tokenKind } from './bearer-token.js';

const fails = (code: ErrorCode) => (err: unknown) => isSottoError(err, code);

void describe('when a bearer token is issued', () => {
  void it('carries its kind in the prefix and 256 random bits in base64url', () => {
    const session = issueToken('session');
    const api = issueToken('api');
    assert.match(session.token, /^sotto_s_[A-Za-z0-9_-]{43}$/);
    assert.match(api.token, /^sotto_t_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(session.token.slice(8), 'base64url').length, 32);
    assert.equal(tokenKind(session.token), 'session');
    assert.equal(tokenKind(api.token), 'api');
  });

  void it('is stored as the hex SHA-256 of the whole token', () => {
    const { token, hash } = issueToken('session');
    assert.equal(hash, sha256(Buffer.from(token)).toString('hex'));
  });

  void it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => issueToken('api').token));
    assert.equal(seen.size, 1000);
  });
});

void describe('when a presented token is malformed', () => {
  for (const bad of ['', 'sotto_s_', 'sotto_x_' + 'A'.repeat(43), 'sotto_s_' + 'A'.repeat(42), 'sotto_s_' + 'A'.repeat(44), 'sotto_s_' + '+'.repeat(43), ' sotto_s_' + 'A'.repeat(43)]) {
    void it(`throws AUTH_INVALID for ${JSON.stringify(bad.slice(0, 20))}… (length ${bad.length})`, () => {
      assert.throws(() => tokenKind(bad), fails('AUTH_INVALID'));
    });
  }
});

void describe('when an Authorization header is parsed', () => {
  void it('returns the Bearer credential, whatever the scheme’s case', () => {
    assert.equal(bearerFromHeader('Bearer abc.def-ghi'), 'abc.def-ghi');
    assert.equal(bearerFromHeader('bearer abc'), 'abc');
  });

  void it('throws AUTH_REQUIRED when there is none', () => {
    assert.throws(() => bearerFromHeader(undefined), fails('AUTH_REQUIRED'));
    assert.throws(() => bearerFromHeader('  '), fails('AUTH_REQUIRED'));
  });

  void it('throws AUTH_INVALID for another scheme or a malformed credential', () => {
    assert.throws(() => bearerFromHeader('Basic dXNlcjpwYXNz'), fails('AUTH_INVALID'));
    assert.throws(() => bearerFromHeader('Bearer a b'), fails('AUTH_INVALID'));
    assert.throws(() => bearerFromHeader('Bearer'), fails('AUTH_INVALID'));
  });
});

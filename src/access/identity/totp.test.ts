import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'otpauth';
import { newTotpSecret, totpCode, totpEnrolmentUri, totpStep } from './totp.js';

// RFC 6238 Appendix B, SHA-1 seed; 6-digit codes are the last six digits of its 8-digit ones.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

void describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  for (const [seconds, code] of RFC_VECTORS) {
    void it(`matches the RFC 6238 vector at T=${seconds}s`, () => {
      const at = new Date(seconds * 1000);
      assert.equal(totpCode(RFC_SECRET, at), code);
      assert.equal(totpStep(RFC_SECRET, code, at), Math.floor(seconds / 30));
    });
  }

  void describe('when the code is from a neighbouring step', () => {
    const at = new Date(1_700_000_015_000);
    const step = Math.floor(at.getTime() / 30_000);

    void it('accepts the previous and the next step, returning that step', () => {
      assert.equal(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 30_000)), at), step - 1);
      assert.equal(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + 30_000)), at), step + 1);
    });

    void it('rejects a code two steps away', () => {
      assert.equal(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 60_000)), at), undefined);
      assert.equal(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + 60_000)), at), undefined);
    });
  });

  void describe('when the code is malformed', () => {
    void it('rejects anything but six ASCII digits', () => {
      const at = new Date(59_000);
      for (const bad of ['', '28708', '2870820', ' 287082', '287082 ', '２８７０８２', 'abcdef']) {
        assert.equal(totpStep(RFC_SECRET, bad, at), undefined, JSON.stringify(bad));
      }
    });
  });

  void describe('when a user enrols', () => {
    void it('gets an otpauth URI that an authenticator app reads back to the same secret and parameters', () => {
      const secret = newTotpSecret();
      assert.equal(secret.length, 20);
      const uri = totpEnrolmentUri(secret, { issuer: 'Sotto', label: 'ana@example.com (acme)' });
      assert.match(uri, /^otpauth:\/\/totp\/Sotto:/);
      const parsed = URI.parse(uri);
      assert.ok('period' in parsed);
      assert.equal(parsed.algorithm, 'SHA1');
      assert.equal(parsed.digits, 6);
      assert.equal(parsed.period, 30);
      assert.deepEqual(Buffer.from(parsed.secret.bytes), secret);
    });
  });
});

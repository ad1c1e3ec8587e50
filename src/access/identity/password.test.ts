import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { PasswordHasher } from './password.js';
import { generatePassword } from './password-policy.js';

const hasher = new PasswordHasher();

void describe('when a password is hashed', () => {
  void it('produces an argon2id PHC string with at least the OWASP parameters (m=19 MiB, t=2, p=1)', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(hasher.needsRehash(stored), false);
  });

  void it('salts every hash', async () => {
    assert.notEqual(await hasher.hash('correct horse battery staple'), await hasher.hash('correct horse battery staple'));
  });

  void it('verifies the right password only', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    assert.equal(await hasher.verify(stored, 'correct horse battery staple'), true);
    assert.equal(await hasher.verify(stored, 'correct horse battery stapl'), false);
    assert.equal(await hasher.verify(stored, 'Correct horse battery staple'), false);
  });

  void it('treats NFC and NFD spellings of a password as the same', async () => {
    const stored = await hasher.hash('caf\u00e9-au-lait-123');
    assert.equal(await hasher.verify(stored, 'cafe\u0301-au-lait-123'), true);
  });
});

void describe('when a password is too short or too long', () => {
  void it('throws PASSWORD_WEAK under 12 characters or over 1024 bytes', async () => {
    for (const weak of ['', 'elevenchars', 'x'.repeat(1025)]) {
      await assert.rejects(hasher.hash(weak), (err: unknown) => isSottoError(err, 'PASSWORD_WEAK'));
    }
    await hasher.hash('twelve chars');
  });
});

void describe('when the stored hash is not argon2id', () => {
  void it('refuses to verify with it, even if it would match', async () => {
    const weak = new PasswordHasher({ memoryCostKiB: 1024, timeCost: 1, parallelism: 1 });
    const argon2idWeak = await weak.hash('correct horse battery staple');
    const argon2i = argon2idWeak.replace('$argon2id$', '$argon2i$');
    assert.equal(await hasher.verify(argon2i, 'correct horse battery staple'), false);
    assert.equal(await hasher.verify('plaintext-password', 'plaintext-password'), false);
    assert.equal(await hasher.verify('$argon2id$garbage', 'x'), false);
  });

  void it('asks for a rehash of one made with weaker parameters', async () => {
    const weak = new PasswordHasher({ memoryCostKiB: 1024, timeCost: 1, parallelism: 1 });
    assert.equal(hasher.needsRehash(await weak.hash('correct horse battery staple')), true);
    assert.equal(hasher.needsRehash('not a hash'), true);
  });
});

void describe('when a password is generated', () => {
  void it('has 144 random bits in 24 base64url characters', () => {
    const password = generatePassword();
    assert.match(password, /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(password, generatePassword());
  });
});

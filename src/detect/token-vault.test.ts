import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { createTokenVault } from './token-vault.js';

describe('the per-call token vault', () => {
  it('gives the same value the same token and different values different tokens', () => {
    const { vault } = createTokenVault();
    const a = vault.tokenize('CREDIT_CARD', '4111111111111111');
    assert.equal(a, '[CREDIT_CARD_1]');
    assert.equal(vault.tokenize('CREDIT_CARD', '4111111111111111'), a);
    assert.equal(vault.tokenize('CREDIT_CARD', '5500000000000004'), '[CREDIT_CARD_2]');
    assert.equal(vault.tokenize('CARD_CVV', '123'), '[CARD_CVV_1]');
  });

  it('resolves a token only for the capability it was created with', () => {
    const { vault, capability } = createTokenVault();
    const token = vault.tokenize('CARD_CVV', '123');
    assert.equal(vault.resolve(token, capability), '123');
    const forged = { purpose: capability.purpose };
    assert.throws(() => vault.resolve(token, forged), (err) => isSottoError(err, 'DETECT_CAPABILITY_INVALID'));
    assert.throws(() => vault.resolve(token, createTokenVault().capability), (err) => isSottoError(err, 'DETECT_CAPABILITY_INVALID'));
  });

  it('refuses an unknown token', () => {
    const { vault, capability } = createTokenVault();
    assert.throws(() => vault.resolve('[CREDIT_CARD_9]', capability), (err) => isSottoError(err, 'DETECT_TOKEN_UNKNOWN'));
  });

  describe('when the call ends and the vault is wiped', () => {
    it('forgets every token and refuses further use', () => {
      const { vault, capability } = createTokenVault();
      const token = vault.tokenize('US_SSN', '123456789');
      vault.wipe();
      assert.equal(vault.size, 0);
      assert.equal(vault.has(token), false);
      assert.throws(() => vault.resolve(token, capability), (err) => isSottoError(err, 'DETECT_VAULT_WIPED'));
      assert.throws(() => vault.tokenize('US_SSN', '1'), (err) => isSottoError(err, 'DETECT_VAULT_WIPED'));
    });
  });
});

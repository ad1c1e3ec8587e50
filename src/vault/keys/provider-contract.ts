// The behaviour every KeyProvider must show, registered as node:test suites so each provider's
// test file runs the same cases: `describeKeyProviderContract('local', () => open…())`.
// Test-only: nothing in src imports this file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import type { KeyProvider, WrapContext, WrappedKey } from './provider.js';

/** Opens a provider on the same backing store each time it is called. */
export type OpenKeyProvider = () => Promise<KeyProvider>;

export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isSottoError(err), `expected a SottoError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return true;
  });
}

const context: WrapContext = { tenant: 'tenant-a', subject: 'subj-1', purpose: 'subject-key' };

export function describeKeyProviderContract(name: string, openProvider: OpenKeyProvider): void {
  void describe(`${name} key provider contract`, () => {
    let provider: KeyProvider;
    let counter = 0;
    // Fresh key ids per case keep the cases independent on one shared backing store.
    const freshKeyId = () => `tenant-${++counter}-${randomBytes(4).toString('hex')}`;
    const subjectKey = () => randomBytes(32);

    before(async () => {
      provider = await openProvider();
    });
    after(async () => {
      await provider.close();
    });

    async function wrapFresh(): Promise<{ keyId: string; plaintext: Buffer; wrapped: WrappedKey }> {
      const keyId = freshKeyId();
      await provider.ensureKey(keyId);
      const plaintext = subjectKey();
      return { keyId, plaintext, wrapped: await provider.wrap(keyId, plaintext, context) };
    }

    void describe('when a key is wrapped and unwrapped with the same context', () => {
      void it('returns the original bytes under version 1 of the named key', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        assert.deepEqual({ provider: wrapped.provider, keyId: wrapped.keyId, version: wrapped.version }, { provider: provider.name, keyId, version: 1 });
        assert.equal(wrapped.ciphertext.includes(plaintext), false);
        assert.deepEqual(await provider.unwrap(wrapped, context), plaintext);
      });
      void it('accepts the context with its keys in another order', async () => {
        const { plaintext, wrapped } = await wrapFresh();
        const reordered = { purpose: 'subject-key', subject: 'subj-1', tenant: 'tenant-a' };
        assert.deepEqual(await provider.unwrap(wrapped, reordered), plaintext);
      });
      void it('produces a different ciphertext each time (random nonce)', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        const again = await provider.wrap(keyId, plaintext, context);
        assert.notDeepEqual(again.ciphertext, wrapped.ciphertext);
      });
    });

    void describe('when the unwrap context differs from the wrap context', () => {
      void it('fails KEY_UNWRAP_FAILED for a changed value', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap(wrapped, { ...context, tenant: 'tenant-b' }), 'KEY_UNWRAP_FAILED');
      });
      void it('fails KEY_UNWRAP_FAILED for an extra key', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap(wrapped, { ...context, extra: '' }), 'KEY_UNWRAP_FAILED');
      });
      void it('fails KEY_UNWRAP_FAILED for a missing key', async () => {
        const { wrapped } = await wrapFresh();
        const { purpose: _purpose, ...fewer } = context;
        await rejectsWithCode(provider.unwrap(wrapped, fewer), 'KEY_UNWRAP_FAILED');
      });
    });

    void describe('when the wrapped key is relabelled', () => {
      void it('fails KEY_UNWRAP_FAILED under another existing key id', async () => {
        const { wrapped } = await wrapFresh();
        const other = freshKeyId();
        await provider.ensureKey(other);
        await rejectsWithCode(provider.unwrap({ ...wrapped, keyId: other }, context), 'KEY_UNWRAP_FAILED');
      });
      void it('fails KEY_NOT_FOUND under an unknown key id', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap({ ...wrapped, keyId: freshKeyId() }, context), 'KEY_NOT_FOUND');
      });
      void it('fails KEY_NOT_FOUND under an unknown version', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap({ ...wrapped, version: 7 }, context), 'KEY_NOT_FOUND');
      });
      void it('fails KEY_UNWRAP_FAILED under another existing version', async () => {
        const { keyId, wrapped } = await wrapFresh();
        await provider.rotate(keyId);
        await rejectsWithCode(provider.unwrap({ ...wrapped, version: 2 }, context), 'KEY_UNWRAP_FAILED');
      });
      void it('fails KEY_NOT_FOUND under another provider name', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap({ ...wrapped, provider: 'elsewhere' }, context), 'KEY_NOT_FOUND');
      });
    });

    void describe('when a ciphertext bit is flipped', () => {
      for (const [where, index] of [['nonce', 0], ['body', 20], ['tag', -1]] as const) {
        void it(`fails KEY_UNWRAP_FAILED (bit in the ${where})`, async () => {
          const { wrapped } = await wrapFresh();
          const ciphertext = Buffer.from(wrapped.ciphertext);
          const at = index < 0 ? ciphertext.length + index : index;
          ciphertext[at] = (ciphertext[at] ?? 0) ^ 0x01;
          await rejectsWithCode(provider.unwrap({ ...wrapped, ciphertext }, context), 'KEY_UNWRAP_FAILED');
        });
      }
      void it('fails KEY_UNWRAP_FAILED when the ciphertext is truncated', async () => {
        const { wrapped } = await wrapFresh();
        await rejectsWithCode(provider.unwrap({ ...wrapped, ciphertext: wrapped.ciphertext.subarray(0, 20) }, context), 'KEY_UNWRAP_FAILED');
      });
    });

    void describe('when wrapping under a key that does not exist', () => {
      void it('fails KEY_NOT_FOUND', async () => {
        await rejectsWithCode(provider.wrap(freshKeyId(), subjectKey(), context), 'KEY_NOT_FOUND');
      });
    });

    void describe('when the key id is malformed', () => {
      void it('fails USAGE', async () => {
        await rejectsWithCode(provider.ensureKey('../etc/passwd'), 'USAGE');
      });
    });

    void describe('when the key is rotated', () => {
      void it('wraps new keys under version 2 and still unwraps version 1 wraps', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        const rotated = await provider.rotate(keyId);
        assert.equal(rotated.primaryVersion, 2);
        const second = subjectKey();
        const wrappedV2 = await provider.wrap(keyId, second, context);
        assert.equal(wrappedV2.version, 2);
        assert.deepEqual(await provider.unwrap(wrapped, context), plaintext);
        assert.deepEqual(await provider.unwrap(wrappedV2, context), second);
      });
      void it('fails KEY_NOT_FOUND for an unknown key', async () => {
        await rejectsWithCode(provider.rotate(freshKeyId()), 'KEY_NOT_FOUND');
      });
    });

    void describe('when version 1 is retired after a rotation', () => {
      void it('refuses version 1 wraps with KEY_RETIRED and still unwraps version 2 wraps', async () => {
        const { keyId, wrapped } = await wrapFresh();
        await provider.rotate(keyId);
        const second = subjectKey();
        const wrappedV2 = await provider.wrap(keyId, second, context);
        const retired = await provider.retire(keyId, 1);
        assert.deepEqual(retired.versions.map((v) => [v.version, v.state]), [[1, 'retired'], [2, 'primary']]);
        await rejectsWithCode(provider.unwrap(wrapped, context), 'KEY_RETIRED');
        assert.deepEqual(await provider.unwrap(wrappedV2, context), second);
      });
      void it('keeps numbering after the retired version on the next rotation', async () => {
        const { keyId } = await wrapFresh();
        await provider.rotate(keyId);
        await provider.retire(keyId, 1);
        const rotated = await provider.rotate(keyId);
        assert.deepEqual(rotated.versions.map((v) => [v.version, v.state]), [[1, 'retired'], [2, 'active'], [3, 'primary']]);
      });
    });

    void describe('when retiring the primary version', () => {
      void it('refuses with KEY_IN_USE and the key still unwraps', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        await rejectsWithCode(provider.retire(keyId, 1), 'KEY_IN_USE');
        assert.deepEqual(await provider.unwrap(wrapped, context), plaintext);
      });
    });

    void describe('when retiring an unknown version', () => {
      void it('fails KEY_NOT_FOUND', async () => {
        const { keyId } = await wrapFresh();
        await rejectsWithCode(provider.retire(keyId, 9), 'KEY_NOT_FOUND');
      });
    });

    void describe('when keys are described and listed', () => {
      void it('reports every version with its state and creation time', async () => {
        const { keyId } = await wrapFresh();
        await provider.rotate(keyId);
        await provider.rotate(keyId);
        await provider.retire(keyId, 1);
        const described = await provider.describe(keyId);
        assert.ok(described);
        assert.equal(described.keyId, keyId);
        assert.equal(described.provider, provider.name);
        assert.equal(described.primaryVersion, 3);
        assert.deepEqual(described.versions.map((v) => [v.version, v.state]), [[1, 'retired'], [2, 'active'], [3, 'primary']]);
        for (const v of described.versions) assert.ok(Number.isFinite(Date.parse(v.createdAt)), v.createdAt);
        assert.ok((await provider.listKeys()).includes(keyId));
      });
      void it('describes an unknown key as undefined', async () => {
        assert.equal(await provider.describe(freshKeyId()), undefined);
      });
    });

    void describe('when ensureKey is called again for an existing key', () => {
      void it('keeps the same versions and the same key material', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        await provider.rotate(keyId);
        const before = await provider.describe(keyId);
        assert.deepEqual(await provider.ensureKey(keyId), before);
        assert.deepEqual(await provider.unwrap(wrapped, context), plaintext);
      });
    });

    void describe('when another instance is opened on the same store', () => {
      void it('sees the keys and unwraps what the first wrapped', async () => {
        const { keyId, plaintext, wrapped } = await wrapFresh();
        const second = await openProvider();
        try {
          assert.deepEqual(await second.describe(keyId), await provider.describe(keyId));
          assert.deepEqual(await second.unwrap(wrapped, context), plaintext);
        } finally {
          await second.close();
        }
        // Closing one instance must not disturb the other.
        assert.deepEqual(await provider.unwrap(wrapped, context), plaintext);
      });
    });

    void describe('when the provider is closed', () => {
      void it('refuses further calls with KEY_PROVIDER_UNAVAILABLE', async () => {
        const { keyId, wrapped } = await wrapFresh();
        const closing = await openProvider();
        await closing.close();
        await rejectsWithCode(closing.unwrap(wrapped, context), 'KEY_PROVIDER_UNAVAILABLE');
        await rejectsWithCode(closing.wrap(keyId, subjectKey(), context), 'KEY_PROVIDER_UNAVAILABLE');
      });
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pkcs11js from 'pkcs11js';
import { createSoftHsmToken, type SoftHsmToken } from '../../../test/support/softhsm.js';
import { randomBytes } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import { Pkcs11KeyProvider, type Pkcs11KeyProviderOptions } from './pkcs11.js';
import { describeKeyProviderContract, rejectsWithCode } from './provider-contract.js';

const context = { tenant: 't1', subject: 's1' };
let token: SoftHsmToken;

before(async () => {
  token = await createSoftHsmToken('sotto-kek-test');
});
after(async () => {
  await token.cleanup();
});

function open(overrides: Partial<Pkcs11KeyProviderOptions> = {}) {
  return Pkcs11KeyProvider.open({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, pin: token.pin, ...overrides });
}

/**
 * A logged-in session of our own, outside the provider, to inspect the token as any other
 * PKCS#11 application could. Only while no provider is open: the module is initialised once.
 */
function withRawSession<T>(use: (p11: pkcs11js.PKCS11, session: Buffer, slot: Buffer) => T): T {
  const p11 = new pkcs11js.PKCS11();
  p11.load(token.modulePath);
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trimEnd() === token.tokenLabel);
    assert.ok(slot, 'test token not found');
    const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    p11.C_Login(session, pkcs11js.CKU_USER, token.pin);
    try {
      return use(p11, session, slot);
    } finally {
      p11.C_Logout(session);
      p11.C_CloseSession(session);
    }
  } finally {
    p11.C_Finalize();
    p11.close();
  }
}

function findByLabel(p11: pkcs11js.PKCS11, session: Buffer, label: string, objectClass: number): Buffer[] {
  p11.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_CLASS, value: objectClass },
  ]);
  try {
    return p11.C_FindObjects(session, 100);
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

function attribute(p11: pkcs11js.PKCS11, session: Buffer, object: Buffer, type: number): Buffer {
  return p11.C_GetAttributeValue(session, object, [{ type }])[0]?.value ?? Buffer.alloc(0);
}

void describe('Pkcs11KeyProvider', () => {
  describeKeyProviderContract('pkcs11', () => open());

  void describe('when a KEK is generated', () => {
    void it('is a sensitive, never-extractable AES-256 token object whose value cannot be read', async () => {
      const provider = await open();
      await provider.ensureKey('sealed-kek');
      await provider.close();
      withRawSession((p11, session) => {
        const [kek, ...more] = findByLabel(p11, session, 'sotto-kek:sealed-kek', pkcs11js.CKO_SECRET_KEY);
        assert.ok(kek);
        assert.equal(more.length, 0);
        assert.throws(
          () => p11.C_GetAttributeValue(session, kek, [{ type: pkcs11js.CKA_VALUE }]),
          (err: unknown) => err instanceof pkcs11js.Pkcs11Error && err.code === pkcs11js.CKR_ATTRIBUTE_SENSITIVE,
        );
        const flag = (type: number) => attribute(p11, session, kek, type)[0] === 1;
        assert.equal(flag(pkcs11js.CKA_TOKEN), true);
        assert.equal(flag(pkcs11js.CKA_SENSITIVE), true);
        assert.equal(flag(pkcs11js.CKA_EXTRACTABLE), false);
        assert.equal(flag(pkcs11js.CKA_NEVER_EXTRACTABLE), true);
        assert.equal(flag(pkcs11js.CKA_WRAP), false);
        assert.equal(attribute(p11, session, kek, pkcs11js.CKA_VALUE_LEN).readUInt32LE(0), 32);
        assert.throws(() => p11.C_SetAttributeValue(session, kek, [{ type: pkcs11js.CKA_EXTRACTABLE, value: true }]));
      });
    });
  });

  void describe('when the provider is closed and reopened on the same token', () => {
    void it('keeps the keys and unwraps what was wrapped before', async () => {
      const first = await open();
      await first.ensureKey('persistent');
      await first.rotate('persistent');
      const plaintext = randomBytes(32);
      const wrapped = await first.wrap('persistent', plaintext, context);
      assert.equal(wrapped.ciphertext.length, 12 + 32 + 16);
      await first.close();

      const second = await open();
      assert.equal((await second.describe('persistent'))?.primaryVersion, 2);
      assert.deepEqual(await second.unwrap(wrapped, context), plaintext);
      await second.close();
    });
  });

  void describe('when a version is retired', () => {
    void it('destroys its key object and leaves a tombstone', async () => {
      const provider = await open();
      await provider.ensureKey('shredded');
      await provider.rotate('shredded');
      await provider.retire('shredded', 1);
      await provider.close();
      withRawSession((p11, session) => {
        const keks = findByLabel(p11, session, 'sotto-kek:shredded', pkcs11js.CKO_SECRET_KEY);
        assert.deepEqual(keks.map((k) => attribute(p11, session, k, pkcs11js.CKA_ID).readUInt32BE(0)), [2]);
        assert.equal(findByLabel(p11, session, 'sotto-kek:shredded', pkcs11js.CKO_DATA).length, 1);
      });
    });
  });

  void describe('when the token is selected by slot id', () => {
    void it('opens the same token', async () => {
      const slot = withRawSession((_p11, _session, s) => Number(s.readBigUInt64LE(0)));
      const provider = await open({ tokenLabel: undefined, slot });
      await provider.ensureKey('by-slot');
      await provider.close();
      const byLabel = await open();
      assert.ok((await byLabel.listKeys()).includes('by-slot'));
      await byLabel.close();
    });
  });

  void describe('when the PIN is wrong', () => {
    void it('fails KEY_PROVIDER_UNAVAILABLE on a fresh login', async () => {
      await assert.rejects(open({ pin: 'wrong-pin' }), (err: unknown) => {
        assert.ok(isSottoError(err, 'KEY_PROVIDER_UNAVAILABLE'), String(err));
        assert.match(err.message, /PIN/);
        assert.doesNotMatch(err.message, /wrong-pin/);
        return true;
      });
    });
    void it('fails KEY_PROVIDER_UNAVAILABLE while another provider is logged in to the token', async () => {
      const loggedIn = await open();
      try {
        await rejectsWithCode(open({ pin: 'wrong-pin' }), 'KEY_PROVIDER_UNAVAILABLE');
        assert.deepEqual(await loggedIn.listKeys(), await loggedIn.listKeys());
      } finally {
        await loggedIn.close();
      }
    });
  });

  void describe('when the module path does not exist', () => {
    void it('fails KEY_PROVIDER_UNAVAILABLE naming the path', async () => {
      await assert.rejects(open({ modulePath: '/nonexistent/libpkcs11.so' }), (err: unknown) => {
        assert.ok(isSottoError(err, 'KEY_PROVIDER_UNAVAILABLE'), String(err));
        assert.match(err.message, /\/nonexistent\/libpkcs11\.so/);
        return true;
      });
    });
  });

  void describe('when no token has the label', () => {
    void it('fails KEY_PROVIDER_UNAVAILABLE', async () => {
      await rejectsWithCode(open({ tokenLabel: 'no-such-token' }), 'KEY_PROVIDER_UNAVAILABLE');
    });
  });
});

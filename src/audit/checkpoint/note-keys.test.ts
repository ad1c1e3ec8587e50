import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519PrivateKeyFromSeed, ed25519PublicKeyOf, ed25519SeedOf, ed25519Sign, ed25519Verify, generateEd25519KeyPair } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import {
  createEd25519NoteSigner,
  ed25519NoteKeyId,
  generateNoteKeys,
  parseSignerKey,
  parseVerifierKey,
  signerKeyString,
  verifierKeyString,
} from './note-keys.js';

// From the Go reference implementation's tests (golang.org/x/mod/sumdb/note, note_test.go).
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const isKeyInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_KEY_INVALID');

describe('Ed25519 primitives (src/crypto)', () => {
  it('reproduce RFC 8032 §7.1 test 1', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pkcs8 = ed25519PrivateKeyFromSeed(seed);
    const publicKey = ed25519PublicKeyOf(pkcs8);
    assert.equal(publicKey.toString('hex'), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const signature = ed25519Sign(pkcs8, Buffer.alloc(0));
    assert.equal(
      signature.toString('hex'),
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    assert.ok(ed25519Verify(publicKey, Buffer.alloc(0), signature));
    assert.deepEqual(ed25519SeedOf(pkcs8), seed);
  });

  it('answer false, never throw, for wrong messages, signatures or malformed keys', () => {
    const { privateKeyPkcs8, publicKey } = generateEd25519KeyPair();
    assert.equal(publicKey.length, 32);
    const msg = Buffer.from('hi');
    const sig = ed25519Sign(privateKeyPkcs8, msg);
    assert.ok(ed25519Verify(publicKey, msg, sig));
    assert.ok(!ed25519Verify(publicKey, Buffer.from('ho'), sig));
    assert.ok(!ed25519Verify(publicKey, msg, Buffer.concat([sig.subarray(0, 63), Buffer.from([sig[63] as number ^ 1])])));
    assert.ok(!ed25519Verify(publicKey.subarray(1), msg, sig));
    assert.ok(!ed25519Verify(publicKey, msg, sig.subarray(1)));
    assert.ok(!ed25519Verify(Buffer.alloc(32, 0xff), msg, sig));
  });
});

describe('note keys', () => {
  it('parse the Go reference verifier key and compute its key ID', () => {
    const key = parseVerifierKey(GO_VKEY);
    assert.equal(key.name, 'PeterNeumann');
    assert.equal(key.keyId.toString('hex'), 'c74f20a3');
    assert.equal(ed25519NoteKeyId(key.name, key.publicKey).toString('hex'), 'c74f20a3');
    assert.equal(verifierKeyString(key.name, key.publicKey), GO_VKEY);
  });

  it('parse the Go reference signer key, and write it back identically', () => {
    const signer = parseSignerKey(GO_SKEY);
    assert.equal(signer.name, 'PeterNeumann');
    assert.equal(signer.keyId.toString('hex'), 'c74f20a3');
    const seed = Buffer.from(GO_SKEY.split('+').slice(4).join('+'), 'base64').subarray(1);
    assert.equal(signerKeyString('PeterNeumann', ed25519PrivateKeyFromSeed(seed)), GO_SKEY);
  });

  describe('when a key string is mangled in any way (the Go reference test)', () => {
    it('throws AUDIT_KEY_INVALID for every proper substring and every single-character change', () => {
      for (const [key, parse] of [[GO_VKEY, parseVerifierKey], [GO_SKEY, parseSignerKey]] as const) {
        for (let i = 0; i <= key.length; i++) {
          for (let j = i + 1; j <= key.length; j++) {
            if (i === 0 && j === key.length) continue;
            assert.throws(() => parse(key.slice(i, j)), isKeyInvalid, key.slice(i, j));
          }
        }
        for (let i = 0; i < key.length; i++) {
          const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
          assert.throws(() => parse(changed), isKeyInvalid, changed);
        }
      }
    });

    it('throws AUDIT_KEY_INVALID for a wrong-length key or an unknown algorithm, even with a matching key ID', () => {
      assert.throws(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), isKeyInvalid);
      assert.throws(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), isKeyInvalid);
      assert.throws(() => parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), isKeyInvalid);
      assert.throws(() => parseVerifierKey(42 as unknown as string), isKeyInvalid);
    });
  });

  it('generate fresh signer and verifier keys that belong together', () => {
    const { signerKey, verifierKey } = generateNoteKeys('sotto.example/audit');
    const signer = parseSignerKey(signerKey);
    const verifier = parseVerifierKey(verifierKey);
    assert.deepEqual(signer.keyId, verifier.keyId);
    assert.ok(ed25519Verify(verifier.publicKey, Buffer.from('x\n'), signer.sign(Buffer.from('x\n'))));
  });

  describe('when a signer is built from a mismatched or unusable key', () => {
    it('throws AUDIT_KEY_INVALID', () => {
      const a = generateEd25519KeyPair();
      const b = generateEd25519KeyPair();
      assert.throws(() => createEd25519NoteSigner('log', a.privateKeyPkcs8, b.publicKey), isKeyInvalid);
      assert.throws(() => createEd25519NoteSigner('log', Buffer.from('not a key'), a.publicKey), isKeyInvalid);
      for (const name of ['', 'has space', 'has+plus', 'tab\tname', 'nbsp\u00a0name']) {
        assert.throws(() => createEd25519NoteSigner(name, a.privateKeyPkcs8, a.publicKey), isKeyInvalid, name);
      }
    });
  });
});

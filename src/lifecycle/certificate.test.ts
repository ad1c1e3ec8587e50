import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEd25519NoteSigner, verifierKeyString } from '../audit/checkpoint/index.js';
import { generateEd25519KeyPair } from '../crypto/index.js';
import { isSottoError } from '../errors/index.js';
import { CERTIFICATE_FORMAT, canonicalJson, signCertificate, verifyCertificate, type DeletionCertificate } from './certificate.js';

const NAME = 'sotto.test/deletion-certificates';

function keyPair() {
  const pair = generateEd25519KeyPair();
  return { signer: createEd25519NoteSigner(NAME, pair.privateKeyPkcs8, pair.publicKey), verifier: verifierKeyString(NAME, pair.publicKey) };
}

const certificate: DeletionCertificate = {
  format: CERTIFICATE_FORMAT,
  erasureId: 'era_AAAAAAAAAAAAAAAAAAAAAA',
  tenantId: 'acme',
  subjectRef: 'ab'.repeat(32),
  requestedAt: '2026-01-01T00:00:00.000Z',
  keyDestroyedAt: '2026-01-01T00:00:00.010Z',
  completedAt: '2026-01-01T00:00:01.000Z',
  keysDestroyed: [{ type: 'subject-key', subjectRef: 'ab'.repeat(32), destroyedAt: '2026-01-01T00:00:00.010Z', wrappedBy: { provider: 'local', keyId: 'tenant-acme', version: 2 } }],
  counts: { recording: 1, transcript: 0, export: 0, call_record: 1 },
  artifacts: [{ id: 'art_BBBBBBBBBBBBBBBBBBBBBB', kind: 'recording', auditIndex: 12 }],
  calls: [{ id: 'call_CCCCCCCCCCCCCCCCCCCCCC', auditIndex: 13 }],
  audit: { log: 'sotto.local/audit', requestIndex: 10, keyDestroyedIndex: 11, completedIndex: 14 },
};

const invalid = (err: unknown) => isSottoError(err, 'CERTIFICATE_INVALID');

describe('deletion certificates', () => {
  const { signer, verifier } = keyPair();
  const signed = signCertificate(certificate, signer);
  const text = JSON.stringify(signed);

  it('verify with the signer’s verifier key, whatever the file’s formatting', () => {
    assert.deepEqual(verifyCertificate(text, verifier), certificate);
    assert.deepEqual(verifyCertificate(JSON.stringify(signed, null, 2), `${verifier}\n`), certificate);
  });

  describe('when anything under the signature is edited', () => {
    const edits: [string, (c: DeletionCertificate) => void][] = [
      ['an artifact id', (c) => void ((c.artifacts[0] as { id: string }).id = 'art_DDDDDDDDDDDDDDDDDDDDDD')],
      ['an audit index', (c) => void (c.audit.completedIndex = 15)],
      ['the completion time', (c) => void (c.completedAt = '2026-01-02T00:00:01.000Z')],
      [
        'a dropped call',
        (c) => {
          c.calls = [];
          c.counts.call_record = 0;
        },
      ],
    ];
    for (const [what, edit] of edits) {
      it(`(${what}) throws CERTIFICATE_INVALID`, () => {
        const copy = JSON.parse(text) as { certificate: DeletionCertificate };
        edit(copy.certificate);
        assert.throws(() => verifyCertificate(JSON.stringify(copy), verifier), invalid);
      });
    }
  });

  it('signed by another key: CERTIFICATE_INVALID, even when re-signed consistently (a forgery)', () => {
    const forger = keyPair();
    const forged = signCertificate({ ...certificate, tenantId: 'globex' }, { ...forger.signer, name: NAME, keyId: signer.keyId });
    assert.throws(() => verifyCertificate(JSON.stringify(forged), verifier), invalid);
    assert.throws(() => verifyCertificate(JSON.stringify(signCertificate(certificate, forger.signer)), verifier), invalid);
  });

  it('counts that do not match the listed items: CERTIFICATE_INVALID even under a valid signature', () => {
    const wrong = signCertificate({ ...certificate, counts: { ...certificate.counts, recording: 5 } }, signer);
    assert.throws(() => verifyCertificate(JSON.stringify(wrong), verifier), invalid);
  });

  for (const [what, input] of [
    ['not JSON', '{"certificate":'],
    ['an extra field', JSON.stringify({ ...signed, note: 'x' })],
    ['a personal field smuggled into the certificate', JSON.stringify({ ...signed, certificate: { ...certificate, subjectId: '+15551234567' } })],
    ['a signature that is not base64', JSON.stringify({ ...signed, signature: { ...signed.signature, value: '!!!' } })],
    ['an empty object', '{}'],
  ] as const) {
    it(`${what}: CERTIFICATE_INVALID`, () => {
      assert.throws(() => verifyCertificate(input, verifier), invalid);
    });
  }

  it('a malformed verifier key: CERTIFICATE_INVALID', () => {
    assert.throws(() => verifyCertificate(text, 'not-a-key'), invalid);
  });

  it('canonical JSON sorts keys at every depth and has no spaces (RFC 8785)', () => {
    assert.equal(canonicalJson({ b: [{ z: 1, a: 'x' }], a: null }), '{"a":null,"b":[{"a":"x","z":1}]}');
  });
});

import { z } from 'zod';
import { decodeBase64Strict, parseVerifierKey, type NoteSigner, type ParsedVerifierKey } from '../audit/checkpoint/index.js';
import { ED25519_SIGNATURE_BYTES, ed25519Verify } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';
import type { DataClass } from './data-classes.js';

/**
 * A deletion certificate: what one erasure deleted, when, which key was destroyed, and the
 * audit log entries that recorded it — ids, kinds, counts, times and a keyed hash, never
 * personal data or key material. Signed with Ed25519 over a context string and the
 * certificate's canonical JSON (RFC 8785: sorted keys, no spaces), so re-formatting the file
 * does not break it but changing any value does.
 */
export const CERTIFICATE_FORMAT = 'sotto-deletion-certificate/1';
const SIGNATURE_CONTEXT = Buffer.from('sotto deletion certificate v1\n', 'utf8');
/** Far above a real certificate (10,000 items is ~1 MB); bounds what a hostile file can cost. */
const MAX_CERTIFICATE_BYTES = 64 * 1024 * 1024;

const timestamp = z.iso.datetime();
const index = z.number().int().min(0);
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const certificateSchema = z.strictObject({
  format: z.literal(CERTIFICATE_FORMAT),
  erasureId: id,
  tenantId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  subjectRef: z.string().regex(/^[0-9a-f]{64}$/),
  requestedAt: timestamp,
  keyDestroyedAt: timestamp,
  completedAt: timestamp,
  keysDestroyed: z.array(
    z.strictObject({
      type: z.literal('subject-key'),
      subjectRef: z.string().regex(/^[0-9a-f]{64}$/),
      destroyedAt: timestamp,
      /** The key-encryption key version that wrapped it; null if it was destroyed before this erasure. */
      wrappedBy: z.strictObject({ provider: z.string().min(1), keyId: z.string().min(1), version: z.number().int().min(1) }).nullable(),
    }),
  ),
  counts: z.strictObject({ recording: index, transcript: index, export: index, call_record: index }),
  artifacts: z.array(z.strictObject({ id, kind: z.enum(['recording', 'transcript', 'export']), auditIndex: index })),
  calls: z.array(z.strictObject({ id, auditIndex: index })),
  audit: z.strictObject({ log: z.string().min(1), requestIndex: index, keyDestroyedIndex: index, completedIndex: index }),
});

export type DeletionCertificate = z.infer<typeof certificateSchema>;

const signedSchema = z.strictObject({
  certificate: certificateSchema,
  signature: z.strictObject({ algorithm: z.literal('Ed25519'), keyName: z.string().min(1), keyId: z.string().regex(/^[0-9a-f]{8}$/), value: z.string() }),
});

export type SignedDeletionCertificate = z.infer<typeof signedSchema>;

export function signCertificate(certificate: DeletionCertificate, signer: NoteSigner): SignedDeletionCertificate {
  const value = signer.sign(signedMessage(certificate)).toString('base64');
  return { certificate, signature: { algorithm: 'Ed25519', keyName: signer.name, keyId: signer.keyId.toString('hex'), value } };
}

/**
 * Verify a certificate file against a verifier key (`name+keyid+base64`, as `sotto erase
 * certificate-key` prints it). Everything in the file is attacker-controlled: it is parsed
 * strictly and every failure is CERTIFICATE_INVALID, never a quiet false.
 */
export function verifyCertificate(text: string, verifierKey: string): DeletionCertificate {
  let key: ParsedVerifierKey;
  try {
    key = parseVerifierKey(verifierKey.trim());
  } catch (cause) {
    throw new SottoError('CERTIFICATE_INVALID', 'the verifier key is malformed (expected name+keyid+base64)', { cause });
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_CERTIFICATE_BYTES) throw new SottoError('CERTIFICATE_INVALID', 'the certificate is too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SottoError('CERTIFICATE_INVALID', 'the certificate is not JSON');
  }
  const parsed = signedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SottoError('CERTIFICATE_INVALID', `the certificate is malformed at ${issue?.path.join('.') || '(root)'}`);
  }
  const { certificate, signature } = parsed.data;
  if (signature.keyName !== key.name || signature.keyId !== key.keyId.toString('hex')) {
    throw new SottoError('CERTIFICATE_INVALID', 'the certificate is signed by another key than the one given');
  }
  const bytes = decodeBase64Strict(signature.value);
  if (bytes === undefined || bytes.length !== ED25519_SIGNATURE_BYTES || !ed25519Verify(key.publicKey, signedMessage(certificate), bytes)) {
    throw new SottoError('CERTIFICATE_INVALID', 'the signature does not verify: the certificate was edited or forged');
  }
  checkCounts(certificate);
  return certificate;
}

/** Counts must match the lists they summarize (a signer never produces otherwise; fail closed). */
function checkCounts(c: DeletionCertificate): void {
  const listed: Record<DataClass, number> = { recording: 0, transcript: 0, export: 0, call_record: c.calls.length };
  for (const a of c.artifacts) listed[a.kind]++;
  for (const kind of Object.keys(listed) as DataClass[]) {
    if (listed[kind] !== c.counts[kind]) throw new SottoError('CERTIFICATE_INVALID', `the ${kind} count does not match the listed items`);
  }
}

function signedMessage(certificate: DeletionCertificate): Buffer {
  return Buffer.concat([SIGNATURE_CONTEXT, Buffer.from(canonicalJson(certificate), 'utf8')]);
}

/** RFC 8785 (JCS) for the values a certificate holds: strings, safe integers, null, arrays, objects. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new SottoError('INTERNAL', 'certificates hold integers only');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // JCS sorts keys by UTF-16 code units, which is what Array.prototype.sort does.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new SottoError('INTERNAL', `a ${typeof value} cannot be in a certificate`);
}

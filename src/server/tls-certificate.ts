import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket, createSecureContext } from 'node:tls';
import { generate } from 'selfsigned';
import { SottoError } from '../errors/index.js';
import type { ServerCertificate } from './tls-policy.js';

export interface TlsFileOptions {
  certFile?: string;
  keyFile?: string;
}

export interface LoadedCertificate extends ServerCertificate {
  certFile: string;
  keyFile: string;
  /** 'configured' files from the operator, or a self-signed one 'created' now or 'reused'. */
  origin: 'configured' | 'created' | 'reused';
  /** SHA-256 of the DER certificate, colon-separated hex, as node's getPeerCertificate shows it. */
  fingerprint256: string;
  validTo: Date;
}

export const SELF_SIGNED_CERT_FILE = 'cert.pem';
export const SELF_SIGNED_KEY_FILE = 'key.pem';
export const SELF_SIGNED_HOSTS = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;
const SELF_SIGNED_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;
// Renew a week early so a long-running server does not cross the expiry date.
const SELF_SIGNED_RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;
// POSIX modes mean nothing on Windows; there the directory ACL is the operator's job.
const CHECK_MODES = process.platform !== 'win32';

interface CertificateFacts {
  fingerprint256: string;
  validFrom: Date;
  validTo: Date;
}

/**
 * Parses the certificate and checks it against the key the same way the TLS server will
 * (node:tls rather than node:crypto, which only src/crypto may import). Throws when the PEM
 * does not parse or the key does not match.
 */
function inspectCertificate(certificate: ServerCertificate): CertificateFacts {
  const secureContext = createSecureContext(certificate);
  // An unconnected socket: nothing is sent, the TLS object only exposes the parsed certificate.
  const transport = new Socket();
  const socket = new TLSSocket(transport, { secureContext, isServer: true });
  try {
    const parsed = socket.getCertificate();
    if (parsed === null || !('fingerprint256' in parsed)) {
      throw new Error('the certificate could not be parsed');
    }
    return { fingerprint256: parsed.fingerprint256, validFrom: new Date(parsed.valid_from), validTo: new Date(parsed.valid_to) };
  } finally {
    socket.destroy();
    transport.destroy();
  }
}

async function readConfigured(files: TlsFileOptions, now: Date): Promise<LoadedCertificate> {
  const { certFile, keyFile } = files;
  if (certFile === undefined || keyFile === undefined) {
    throw new SottoError('CONFIG_INVALID', 'TLS needs both a certificate file and a key file, or neither');
  }
  let certificate: ServerCertificate;
  let facts: CertificateFacts;
  try {
    certificate = { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
    facts = inspectCertificate(certificate);
  } catch (err) {
    throw new SottoError('CONFIG_INVALID', `the TLS certificate ${certFile} or key ${keyFile} is unreadable or they do not match`, { cause: err });
  }
  // Fail closed: serving an expired certificate teaches clients to click through warnings.
  if (facts.validTo.getTime() <= now.getTime()) {
    throw new SottoError('CONFIG_INVALID', `the TLS certificate ${certFile} expired on ${facts.validTo.toISOString()}`);
  }
  return { ...certificate, certFile, keyFile, origin: 'configured', fingerprint256: facts.fingerprint256, validTo: facts.validTo };
}

async function ensurePrivateDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (CHECK_MODES) await chmod(dir, 0o700);
  } catch (err) {
    throw new SottoError('CONFIG_INVALID', `the TLS directory ${dir} cannot be created or secured`, { cause: err });
  }
}

/** The stored self-signed pair, or undefined when it is missing, unreadable, exposed or near expiry. */
async function readStoredSelfSigned(certFile: string, keyFile: string, now: Date): Promise<LoadedCertificate | undefined> {
  try {
    // A key that group or others could read may have been copied: treat it as compromised.
    if (CHECK_MODES && ((await stat(keyFile)).mode & 0o077) !== 0) return undefined;
    const certificate = { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
    const facts = inspectCertificate(certificate);
    const remainingMs = facts.validTo.getTime() - now.getTime();
    if (remainingMs <= SELF_SIGNED_RENEW_BEFORE_MS || facts.validFrom.getTime() > now.getTime()) return undefined;
    return { ...certificate, certFile, keyFile, origin: 'reused', fingerprint256: facts.fingerprint256, validTo: facts.validTo };
  } catch {
    return undefined;
  }
}

// Write to a fresh temporary name ('wx': never through an existing file or symlink) and
// rename, so a crash never leaves a half-written key in place.
async function writeReplacing(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, content, { mode, flag: 'wx' });
  await rename(temporary, path);
}

async function createSelfSigned(certFile: string, keyFile: string, now: Date): Promise<LoadedCertificate> {
  // EC P-256: generation takes milliseconds (RSA 2048 takes far longer) and every client since
  // TLS 1.2 supports ECDSA. The SANs are what clients check (RFC 6125); CN is for display.
  const generated = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + SELF_SIGNED_VALIDITY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...SELF_SIGNED_HOSTS.dns.map((value) => ({ type: 2 as const, value })),
          ...SELF_SIGNED_HOSTS.ip.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  const certificate = { cert: generated.cert, key: generated.private };
  const facts = inspectCertificate(certificate);
  try {
    await writeReplacing(keyFile, certificate.key, 0o600);
    await writeReplacing(certFile, certificate.cert, 0o644);
  } catch (err) {
    throw new SottoError('CONFIG_INVALID', `the self-signed TLS certificate cannot be stored in ${certFile}`, { cause: err });
  }
  return { ...certificate, certFile, keyFile, origin: 'created', fingerprint256: facts.fingerprint256, validTo: facts.validTo };
}

/**
 * The server's certificate: the configured files when given, else a self-signed certificate for
 * localhost kept in `tlsDir` (created on first start, reused until it nears expiry).
 */
export async function loadServerCertificate(options: {
  tls: TlsFileOptions;
  tlsDir: string;
  now?: Date;
}): Promise<LoadedCertificate> {
  const now = options.now ?? new Date();
  if (options.tls.certFile !== undefined || options.tls.keyFile !== undefined) {
    return readConfigured(options.tls, now);
  }
  await ensurePrivateDirectory(options.tlsDir);
  const certFile = join(options.tlsDir, SELF_SIGNED_CERT_FILE);
  const keyFile = join(options.tlsDir, SELF_SIGNED_KEY_FILE);
  return (await readStoredSelfSigned(certFile, keyFile, now)) ?? createSelfSigned(certFile, keyFile, now);
}

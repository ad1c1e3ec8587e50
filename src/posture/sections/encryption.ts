import { TLS_CIPHERS, TLS_MIN_VERSION } from '../../server/tls-policy.js';
import { ageDays, tenantsInScope, type PostureSources } from '../sources.js';
import { itemStatus, type PostureItem } from '../types.js';

/** NIST SP 800-57 Pt. 1 suggests cryptoperiods of a year or two for key-wrapping keys; we flag a year. */
const KEK_ROTATION_DAYS = 365;

export async function encryptionAtRest(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const now = sources.now();
  const gaps: string[] = [];
  const tenants = [];
  for (const tenant of await tenantsInScope(sources, tenantId)) {
    const { key, subjectKeysByVersion } = await sources.keyStatus(tenant);
    const primary = key?.versions.find((v) => v.version === key.primaryVersion);
    const age = ageDays(primary?.createdAt, now);
    tenants.push({ tenant, kekPrimaryVersion: key?.primaryVersion ?? null, kekAgeDays: age, subjectKeys: sumValues(subjectKeysByVersion) });
    if (key === undefined) gaps.push(`tenant ${tenant} has no key-encryption key (sotto keys init --tenant ${tenant})`);
    else if (age !== null && age > KEK_ROTATION_DAYS) gaps.push(`tenant ${tenant}'s key-encryption key is ${age} days old (sotto keys rotate --tenant ${tenant})`);
  }
  if (sources.keyProviderName === 'local') {
    gaps.push('key-encryption keys are in a keyring file on this host, sealed by a master secret; a PKCS#11 HSM or a cloud KMS keeps them off the host');
  }
  gaps.push('the audit log and deletion-certificate signing keys are not covered by key rotation yet');
  return {
    id: 'encryption_at_rest',
    title: 'Encryption at rest',
    status: itemStatus(gaps, false),
    evidence: {
      format: 'segmented AES-256-GCM with key commitment; a data key per artifact, wrapped by a subject key, wrapped by the tenant key (docs/vault-format.md)',
      keyProvider: sources.keyProviderName,
      blobStore: sources.config.blobs.kind,
      metadataStore: sources.config.metadata.kind,
      tenants,
    },
    gaps,
  };
}

export function encryptionInTransit(sources: PostureSources): Promise<PostureItem> {
  const tls = sources.config.server.tls;
  const ownCertificate = tls.certFile !== undefined && tls.keyFile !== undefined;
  const gaps: string[] = [];
  if (!ownCertificate) {
    gaps.push('the server uses a self-signed certificate it generated; configure server.tls.certFile and keyFile with one a caller’s carrier trusts');
  }
  return Promise.resolve({
    id: 'encryption_in_transit',
    title: 'Encryption in transit',
    status: itemStatus(gaps, false),
    evidence: {
      minTlsVersion: TLS_MIN_VERSION,
      ciphers: TLS_CIPHERS.split(':'),
      certificate: ownCertificate ? 'configured' : 'self-signed',
      listen: `${sources.config.server.host}:${sources.config.server.port}`,
      mediaStreams: 'wss only (TLS); plain ws:// and http:// are refused',
      outbound: 'https/wss only to providers (src/net requireSecureUrl)',
    },
    gaps,
  });
}

function sumValues(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

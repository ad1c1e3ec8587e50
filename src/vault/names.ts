import { SottoError } from '../errors/index.js';
import { ARTIFACT_KINDS, type ArtifactKind } from '../store/meta/metadata-store.js';

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ARTIFACT_ID = /^art_[A-Za-z0-9_-]{22}$/;

/** Whether a string has the shape of a tenant id (for code that must not throw on input). */
export function isTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}

/** Tenant ids appear in blob keys and key ids, so they are kept to a safe alphabet. */
export function checkTenantId(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) {
    throw new SottoError('USAGE', 'tenant id must be 1-63 characters of a-z, 0-9 and -, starting with a letter or digit');
  }
  return tenantId;
}

/** Subject identifiers are personal data: checked for shape only, never echoed in errors. */
export function checkSubjectId(subjectId: string): string {
  if (subjectId.length === 0 || subjectId.length > 256) throw new SottoError('USAGE', 'subject id must be 1-256 characters');
  return subjectId;
}

export function checkArtifactKind(kind: string): ArtifactKind {
  if (!(ARTIFACT_KINDS as readonly string[]).includes(kind)) {
    throw new SottoError('ARTIFACT_KIND_INVALID', `kind must be one of ${ARTIFACT_KINDS.join(', ')}`);
  }
  return kind as ArtifactKind;
}

/** Artifact ids come from users (CLI, API): anything malformed is simply not found. */
export function checkArtifactId(id: string): string {
  if (!ARTIFACT_ID.test(id)) throw new SottoError('ARTIFACT_NOT_FOUND', 'no such artifact');
  return id;
}

/** The key provider's key id for a tenant's key-encryption key. */
export function tenantKekId(tenantId: string): string {
  return `tenant-${tenantId}`;
}

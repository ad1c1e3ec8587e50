export { Vault } from './vault.js';
export type { PutArtifact, StoredArtifact, VaultDeps } from './vault.js';
export { SubjectKeys } from './subject-keys.js';
export { checkArtifactId, checkArtifactKind, checkTenantId, isTenantId, tenantKekId } from './names.js';

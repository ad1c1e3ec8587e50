export { PROOF_FILE_FORMAT, consistencyProofFile, inclusionProofFile, readProofFile, verifyProofFile } from './proof-file.js';
export type { AuditProofFile, ConsistencyProofFile, InclusionProofFile, ProofFileVerification } from './proof-file.js';

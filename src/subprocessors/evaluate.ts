import type { Certification, DataCategory } from '../config/subprocessors.js';
import type { TenantSubprocessorPolicy } from './policy.js';
import type { RegistryEntry, SubprocessorRole } from './registry.js';

/** The rule that refused a provider, named in errors, the CLI and the audit log. */
export type PolicyRule = 'undeclared' | 'allow_list' | 'data_category' | 'region' | 'health_certification' | 'card_certification';

export interface Verdict {
  name: string;
  role: SubprocessorRole;
  allowed: boolean;
  /** Set when refused. */
  rule: PolicyRule | undefined;
  /** Why, in a line without personal data (provider names, regions, certifications). */
  reason: string;
}

/** What each role receives during a call. */
export const RECEIVES: Readonly<Record<SubprocessorRole, DataCategory>> = {
  // Audio may contain anything the caller says; nothing is detected before it is sent.
  asr: 'audio',
  // What the agent says: plain text.
  tts: 'transcript_text',
  // Caller text after live detection: every value, health values included, is a token
  // (DESIGN.md invariant 3; the streaming detector tokenizes every entity type).
  llm: 'tokenized_text',
  storage: 'encrypted_blobs',
  key_management: 'key_wrapping',
};

/**
 * Which regulated data a role's input may hold. Audio and plain text may hold anything.
 * Encrypted recordings and transcripts still count as health information: a provider storing
 * encrypted ePHI is a business associate even without the key (HHS, "Guidance on HIPAA &
 * Cloud Computing", 2016). Card data is muted and masked before storage, and encrypted data
 * whose keys the provider cannot reach is outside PCI DSS scope (PCI SSC FAQ 1086). Tokens and
 * key wrapping carry neither.
 */
const CARRIES: Readonly<Record<SubprocessorRole, { health: boolean; card: boolean }>> = {
  asr: { health: true, card: true },
  tts: { health: true, card: true },
  llm: { health: false, card: false },
  storage: { health: true, card: false },
  key_management: { health: false, card: false },
};

/** A declaration of the more revealing category covers the less revealing one. */
function accepts(declared: readonly DataCategory[], needed: DataCategory): boolean {
  return declared.includes(needed) || (needed === 'tokenized_text' && declared.includes('transcript_text'));
}

function missing(held: readonly Certification[], required: readonly Certification[]): Certification[] {
  return required.filter((c) => !held.includes(c));
}

/** Decides whether a tenant may use one provider, by the first rule it breaks. */
export function evaluate(entry: RegistryEntry, policy: TenantSubprocessorPolicy, tenantRegion: string): Verdict {
  const verdict = (rule: PolicyRule | undefined, reason: string): Verdict => ({ name: entry.name, role: entry.role, allowed: rule === undefined, rule, reason });
  if (entry.status === 'local') return verdict(undefined, 'processed on this host');
  const d = entry.declaration;
  if (entry.status === 'undeclared' || !d) return verdict('undeclared', 'an outside provider without a declaration is trusted for nothing');
  if (policy.allowedProviders !== null && !policy.allowedProviders.includes(entry.name)) return verdict('allow_list', 'not on the tenant’s list of allowed providers');
  const needed = RECEIVES[entry.role];
  if (!accepts(d.dataCategories, needed)) return verdict('data_category', `not declared to receive ${needed}`);
  if (policy.sameRegionOnly) {
    const elsewhere = d.regions.filter((r) => r !== tenantRegion);
    if (elsewhere.length > 0) return verdict('region', `processes data in ${elsewhere.join(', ')}, outside the tenant’s region ${tenantRegion}`);
  }
  const carries = CARRIES[entry.role];
  const health = carries.health ? missing(d.certifications, policy.healthDataRequires) : [];
  if (health.length > 0) return verdict('health_certification', `receives ${needed}, which may hold health information, without ${health.join(', ')}`);
  const card = carries.card ? missing(d.certifications, policy.cardDataRequires) : [];
  if (card.length > 0) return verdict('card_certification', `receives ${needed}, which may hold card data, without ${card.join(', ')}`);
  return verdict(undefined, `allowed to receive ${needed}`);
}

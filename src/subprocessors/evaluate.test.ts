import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config/index.js';
import type { OutsideDeclaration } from '../config/subprocessors.js';
import { isSottoError } from '../errors/index.js';
import { evaluate } from './evaluate.js';
import { defaultTenantPolicy, parseTenantPolicy } from './policy.js';
import { classify, deploymentRegistry, llmProviderName, type RegistryEntry, type SubprocessorRole } from './registry.js';
import { transparencyListing } from './transparency.js';

const declared = (role: SubprocessorRole, d: Partial<OutsideDeclaration> = {}): RegistryEntry => ({
  name: 'acme-cloud',
  role,
  status: 'declared',
  declaration: { legalEntity: 'Acme Cloud Inc.', purpose: 'p', certifications: ['soc2_type2', 'hipaa_baa', 'pci_dss'], regions: ['eu-west'], dataCategories: ['audio', 'transcript_text', 'encrypted_blobs', 'key_wrapping'], ...d },
});

describe('the deployment registry', () => {
  it('with the embedded defaults, lists only providers on this host', () => {
    const entries = deploymentRegistry(defaultConfig('/tmp/x'));
    assert.deepEqual(entries.map((e) => [e.role, e.name, e.status]), [
      ['asr', 'pocketsphinx', 'local'],
      ['tts', 'flite', 'local'],
      ['storage', 'filesystem', 'local'],
      ['key_management', 'local-keyring', 'local'],
    ]);
  });

  it('lists Deepgram, an LLM, S3 and a network HSM as outside and undeclared until the operator declares them', () => {
    const config = defaultConfig('/tmp/x');
    config.calls.asr = { provider: 'deepgram' };
    config.calls.llm = { baseUrl: 'https://api.openai.com/v1', model: 'm' };
    config.blobs = { kind: 's3', bucket: 'calls-bucket', region: 'eu-west-1' };
    config.keys = { provider: 'pkcs11', modulePath: '/opt/cloudhsm/lib/libcloudhsm_pkcs11.so', tokenLabel: 't' };
    config.subprocessors.declarations['api.openai.com'] = { legalEntity: 'OpenAI', purpose: 'agent', certifications: ['soc2_type2'], regions: ['us'], dataCategories: ['tokenized_text'] };
    const entries = deploymentRegistry(config);
    assert.deepEqual(entries.map((e) => [e.role, e.name, e.status]), [
      ['asr', 'deepgram', 'undeclared'],
      ['tts', 'flite', 'local'],
      ['llm', 'api.openai.com', 'declared'],
      ['storage', 's3:calls-bucket', 'undeclared'],
      ['key_management', 'pkcs11:libcloudhsm_pkcs11', 'undeclared'],
    ]);
  });

  it('counts SoftHSM as on this host, and a loopback model as outside unless declared on-host', () => {
    const config = defaultConfig('/tmp/x');
    config.keys = { provider: 'pkcs11', modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 't' };
    config.calls.llm = { baseUrl: 'https://127.0.0.1:8080/v1', model: 'm' };
    const status = (): string[] => deploymentRegistry(config).map((e) => `${e.name}:${e.status}`);
    assert.ok(status().includes('pkcs11:libsofthsm2:local'));
    assert.ok(status().includes('127.0.0.1:undeclared'));
    config.subprocessors.declarations['127.0.0.1'] = { onHost: true };
    assert.ok(status().includes('127.0.0.1:local'));
  });

  it('names an LLM endpoint by its host, as call records do', () => {
    assert.equal(llmProviderName('https://Models.Example.COM:8443/v1'), 'models.example.com');
  });

  it('a name such as constructor is not mistaken for a declaration (own keys only)', () => {
    assert.equal(classify('constructor', 'asr', false, {}).status, 'undeclared');
  });
});

describe('evaluating a provider against the default tenant policy', () => {
  const policy = defaultTenantPolicy();

  it('allows a local provider whatever the policy', () => {
    assert.equal(evaluate({ name: 'pocketsphinx', role: 'asr', status: 'local', declaration: undefined }, policy, 'eu-west').allowed, true);
  });

  it('refuses an undeclared outside provider (trusted for nothing)', () => {
    const v = evaluate({ name: 'x', role: 'llm', status: 'undeclared', declaration: undefined }, policy, 'eu-west');
    assert.deepEqual([v.allowed, v.rule], [false, 'undeclared']);
  });

  it('refuses audio to a recognizer without a BAA (audio may hold health information)', () => {
    const v = evaluate(declared('asr', { certifications: ['soc2_type2', 'pci_dss'] }), policy, 'eu-west');
    assert.deepEqual([v.allowed, v.rule], [false, 'health_certification']);
    assert.match(v.reason, /hipaa_baa/);
  });

  it('refuses audio to a recognizer without PCI DSS (audio may hold card data)', () => {
    assert.equal(evaluate(declared('asr', { certifications: ['hipaa_baa'] }), policy, 'eu-west').rule, 'card_certification');
  });

  it('refuses a provider that also processes outside the tenant’s region, unless the tenant allows it', () => {
    const entry = declared('asr', { regions: ['eu-west', 'us-east'] });
    assert.equal(evaluate(entry, policy, 'eu-west').rule, 'region');
    assert.equal(evaluate(entry, { ...policy, sameRegionOnly: false }, 'eu-west').allowed, true);
  });

  it('refuses a provider not declared for the data its role receives', () => {
    assert.equal(evaluate(declared('asr', { dataCategories: ['transcript_text'] }), policy, 'eu-west').rule, 'data_category');
  });

  it('allows an LLM without BAA or PCI DSS to receive tokenized text (every value, health included, is a token)', () => {
    const v = evaluate(declared('llm', { certifications: [], dataCategories: ['tokenized_text'] }), policy, 'eu-west');
    assert.equal(v.allowed, true, v.reason);
  });

  it('requires a BAA of storage holding encrypted recordings (HHS cloud guidance), not PCI DSS', () => {
    assert.equal(evaluate(declared('storage', { certifications: ['pci_dss'] }), policy, 'eu-west').rule, 'health_certification');
    assert.equal(evaluate(declared('storage', { certifications: ['hipaa_baa'] }), policy, 'eu-west').allowed, true);
  });

  it('refuses a provider missing from the tenant’s allow list', () => {
    assert.equal(evaluate(declared('asr'), { ...policy, allowedProviders: ['other'] }, 'eu-west').rule, 'allow_list');
    assert.equal(evaluate(declared('asr'), { ...policy, allowedProviders: ['acme-cloud'] }, 'eu-west').allowed, true);
  });
});

describe('parsing a tenant policy', () => {
  it('sorts and de-duplicates lists', () => {
    const p = parseTenantPolicy({ healthDataRequires: ['pci_dss', 'hipaa_baa', 'hipaa_baa'], cardDataRequires: [], sameRegionOnly: false, allowedProviders: ['b', 'a'] });
    assert.deepEqual(p.healthDataRequires, ['hipaa_baa', 'pci_dss']);
    assert.deepEqual(p.allowedProviders, ['a', 'b']);
  });

  for (const [what, value] of [
    ['an unknown certification', { ...defaultTenantPolicy(), healthDataRequires: ['gdpr_ok'] }],
    ['an unknown field', { ...defaultTenantPolicy(), extra: true }],
    ['a missing field', { healthDataRequires: [], cardDataRequires: [], sameRegionOnly: true }],
    ['a malformed provider name', { ...defaultTenantPolicy(), allowedProviders: ['Not A Name!'] }],
    ['a string for a boolean', { ...defaultTenantPolicy(), sameRegionOnly: 'yes' }],
    ['not an object', 'hipaa'],
  ] as const) {
    it(`with ${what}: throws SUBPROCESSOR_POLICY_INVALID without echoing the value`, () => {
      assert.throws(
        () => parseTenantPolicy(value),
        (err: unknown) => isSottoError(err, 'SUBPROCESSOR_POLICY_INVALID') && !err.message.includes('gdpr_ok') && !err.message.includes('Not A Name'),
      );
    });
  }
});

describe('the transparency listing', () => {
  it('lists outside providers with their declarations, undeclared ones as such, and on-host roles by role only', () => {
    const listing = transparencyListing([
      { name: 'pocketsphinx', role: 'asr', status: 'local', declaration: undefined },
      declared('llm'),
      { name: 's3:b', role: 'storage', status: 'undeclared', declaration: undefined },
    ]);
    assert.deepEqual(listing.processedOnHost, ['asr']);
    assert.deepEqual(listing.subprocessors.map((s) => [s.name, s.status, s.legalEntity]), [
      ['acme-cloud', 'declared', 'Acme Cloud Inc.'],
      ['s3:b', 'undeclared', null],
    ]);
  });
});

// `sotto subprocessors` through the real command: the registry from the configuration (with a
// config file declaring an outside recognizer), a tenant's policy shown, changed and checked
// against each provider, and the CLI contract (--json, exit 1 with a typed error, exit 2 on usage).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertFailure, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS;
const env = { SOTTO_MASTER_SECRET: 'subprocessors-cli-master-secret-0123456789' };

interface ViewJson {
  source: string;
  policy: { healthDataRequires: string[]; cardDataRequires: string[]; sameRegionOnly: boolean; allowedProviders: string[] | null };
  providers: { name: string; role: string; status: string; verdict: { allowed: boolean; rule?: string } }[];
}

describe('when an operator lists subprocessors and sets a tenant’s policy through the CLI', () => {
  let box: Sandbox;
  const sotto = (args: string[]) => box.sotto(args, { env });

  before(async () => {
    box = await createSandbox();
    await mkdir(box.data, { recursive: true });
    await writeFile(
      join(box.data, 'sotto.json'),
      JSON.stringify({
        calls: { asr: { provider: 'deepgram' } },
        subprocessors: {
          declarations: {
            deepgram: { legalEntity: 'Deepgram, Inc.', purpose: 'speech recognition', certifications: ['soc2_type2', 'pci_dss'], regions: ['local'], dataCategories: ['audio'] },
          },
        },
      }),
    );
    assertSuccess(await sotto(['keys', 'init', '--tenant', 'acme']));
  });
  after(() => box.remove());

  it('list prints every provider in use, local or outside, with --json', { timeout }, async () => {
    const listed = jsonLine<{ subprocessors: { name: string; role: string; status: string }[] }>(await sotto(['subprocessors', 'list', '--json']));
    assert.deepEqual(listed.subprocessors.map((s) => `${s.role}:${s.name}:${s.status}`), ['asr:deepgram:declared', 'tts:flite:local', 'storage:filesystem:local', 'key_management:local-keyring:local']);
    const text = await sotto(['subprocessors', 'list']);
    assertSuccess(text);
    assert.match(text.stdout.toString('utf8'), /deepgram\s+Deepgram, Inc\./);
  });

  it('list --tenant says the recognizer is not allowed by the default policy, and why', { timeout }, async () => {
    const view = jsonLine<ViewJson>(await sotto(['subprocessors', 'list', '--tenant', 'acme', '--json']));
    assert.equal(view.source, 'default');
    assert.deepEqual(view.providers.find((p) => p.name === 'deepgram')?.verdict, { name: 'deepgram', role: 'asr', allowed: false, rule: 'health_certification', reason: 'receives audio, which may hold health information, without hipaa_baa' });
  });

  it('policy set changes only the options given; policy show reads it back; the recognizer is then allowed', { timeout }, async () => {
    const set = jsonLine<ViewJson>(await sotto(['subprocessors', 'policy', 'set', '--tenant', 'acme', '--health-requires', 'none', '--allow', 'deepgram', '--json']));
    assert.deepEqual(set.policy, { healthDataRequires: [], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: ['deepgram'] });
    const shown = jsonLine<ViewJson>(await sotto(['subprocessors', 'policy', 'show', '--tenant', 'acme', '--json']));
    assert.equal(shown.source, 'tenant');
    assert.deepEqual(shown.policy, set.policy);
    assert.equal(shown.providers.find((p) => p.name === 'deepgram')?.verdict.allowed, true);
  });

  it('an unknown tenant: exit 1, NOT_FOUND on one line', { timeout }, async () => {
    assert.match(assertFailure(await sotto(['subprocessors', 'policy', 'show', '--tenant', 'initech']), 1), /^sotto: NOT_FOUND: /);
  });

  it('an unknown certification or a non-boolean: exit 2 (usage), nothing changed', { timeout }, async () => {
    assertFailure(await sotto(['subprocessors', 'policy', 'set', '--tenant', 'acme', '--health-requires', 'hipaa']), 2);
    assertFailure(await sotto(['subprocessors', 'policy', 'set', '--tenant', 'acme', '--same-region-only', 'maybe']), 2);
    assertFailure(await sotto(['subprocessors', 'policy', 'show']), 2);
    const shown = jsonLine<ViewJson>(await sotto(['subprocessors', 'policy', 'show', '--tenant', 'acme', '--json']));
    assert.deepEqual(shown.policy.allowedProviders, ['deepgram']);
  });

  it('a malformed provider name in --allow: exit 1, SUBPROCESSOR_POLICY_INVALID', { timeout }, async () => {
    assert.match(assertFailure(await sotto(['subprocessors', 'policy', 'set', '--tenant', 'acme', '--allow', 'Not A Name']), 1), /^sotto: SUBPROCESSOR_POLICY_INVALID: /);
  });
});

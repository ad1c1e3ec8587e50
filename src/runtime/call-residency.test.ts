// A call for a tenant pinned to another region is refused before any of its audio is processed
// (docs/residency.md). The call service is the real one over a real two-region runtime; speech
// providers are REPLACED by ones that only count their use (the refusal must come before them).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoTools, loadAgentSync } from '../agent/index.js';
import { CallService, type CallMedia } from '../call/index.js';
import { SottoError, isSottoError } from '../errors/index.js';
import type { AsrProvider, TtsProvider } from '../speech/index.js';
import { filesUnder, twoRegions, type TwoRegions } from './region-fixture.js';
import type { Runtime } from './runtime.js';

/** A media stream that has sent one frame and records how it was hung up. */
function heldMedia(): CallMedia & { hungUp: SottoError | undefined } {
  const media = {
    sampleRate: 8000,
    hungUp: undefined as SottoError | undefined,
    onFrame(listener: (frame: { timestampMs: number; samples: Int16Array }) => void) {
      listener({ timestampMs: 0, samples: new Int16Array(160).fill(1000) });
    },
    onDigit() {},
    onMark() {},
    onHangup() {},
    onError() {},
    play() {},
    clear() {},
    hangup(reason?: SottoError) {
      media.hungUp = reason;
    },
  };
  return media;
}

describe('when a process whose calls.region is us receives calls (speech replaced by counting stand-ins)', () => {
  let dir: string;
  let regions: TwoRegions;
  let rt: Runtime;
  let service: CallService;
  const used = { asr: 0, tts: 0 };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-call-residency-'));
    regions = twoRegions(dir);
    rt = await regions.open();
    await rt.regions.create('acme-eu', 'eu');
    await rt.regions.create('acme-us', 'us');
    const asr: AsrProvider = {
      name: 'counting-asr',
      sampleRate: 8000,
      subprocessor: { name: 'counting-asr', kind: 'asr', local: true },
      open: () => {
        used.asr++;
        return Promise.reject(new SottoError('ASR_UNAVAILABLE', 'stand-in recognizer'));
      },
    };
    const tts: TtsProvider = {
      name: 'counting-tts',
      subprocessor: { name: 'counting-tts', kind: 'tts', local: true },
      synthesize: () => {
        used.tts++;
        return Promise.reject(new SottoError('TTS_FAILED', 'stand-in synthesizer'));
      },
      close: () => Promise.resolve(),
    };
    const demo = createDemoTools();
    service = new CallService({
      vault: rt.vault,
      calls: rt.calls,
      logger: rt.logger,
      asr,
      tts,
      agents: (name) => ({ agent: loadAgentSync(name, { tools: demo.tools, logger: rt.logger }), tools: demo.tools }),
      settings: { region: rt.config.calls.region, recordingNotice: undefined, maxDurationMs: 60_000 },
      residency: rt.regions,
    });
  });
  after(async () => {
    await rt?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const callsOf = async (tenantId: string): Promise<number> => {
    const [row] = await rt.store.sql.rows<{ n: number | string }>('SELECT count(*) AS n FROM calls WHERE tenant_id = ?', [tenantId]);
    return Number(row?.n ?? 0);
  };

  it('refuses a call for an eu tenant with RESIDENCY_VIOLATION, before any speech provider, storing nothing', async () => {
    const euFiles = await filesUnder(regions.roots.eu);
    const usFiles = await filesUnder(regions.roots.us);
    const media = heldMedia();
    await assert.rejects(service.handle(media, { tenantId: 'acme-eu', agent: 'card-payment', subjectId: '+4930000001', channel: 'simulated' }), (err: unknown) => {
      assert.ok(isSottoError(err, 'RESIDENCY_VIOLATION'));
      assert.equal(err.message, 'tenant acme-eu is pinned to region eu; this process handles calls in region us');
      return true;
    });
    assert.ok(isSottoError(media.hungUp, 'RESIDENCY_VIOLATION'), 'the caller’s stream is closed with the refusal');
    assert.deepEqual(used, { asr: 0, tts: 0 });
    assert.equal(await callsOf('acme-eu'), 0, 'no call record');
    assert.deepEqual(await filesUnder(regions.roots.eu), euFiles);
    assert.deepEqual(await filesUnder(regions.roots.us), usFiles);
  });

  it('audits the refusal with the tenant and the code only', async () => {
    const entries = await rt.audit.entries({ from: 0, limit: 10_000 });
    const refusal = entries.map((e) => e.entry).find((e) => e.action === 'call.process' && e.outcome === 'denied');
    assert.ok(refusal);
    assert.equal(refusal.reason, 'RESIDENCY_VIOLATION');
    assert.deepEqual(refusal.resource, { type: 'tenant', id: 'acme-eu', tenantId: 'acme-eu' });
    assert.ok(!JSON.stringify(refusal).includes('+4930000001'), 'no caller number in the audit log');
  });

  it('lets a call for a us tenant past the residency check (it then fails at the stand-in recognizer)', async () => {
    const media = heldMedia();
    await assert.rejects(service.handle(media, { tenantId: 'acme-us', agent: 'card-payment', subjectId: '+15550000001', channel: 'simulated' }), (err: unknown) => {
      assert.ok(!isSottoError(err, 'RESIDENCY_VIOLATION'), String(err));
      return true;
    });
    assert.equal(await callsOf('acme-us'), 1);
  });
});

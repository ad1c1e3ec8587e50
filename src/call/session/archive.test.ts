import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SottoError, isSottoError } from '../../errors/index.js';
import { createLogger } from '../../log/index.js';
import type { PutArtifact, StoredArtifact, Vault } from '../../vault/index.js';
import type { CallRepository } from '../record/index.js';
import { archiveCall } from './archive.js';
import type { EndedCall } from './call-session.js';
import { finalizeTranscript } from './transcript.js';

type Finish = Parameters<CallRepository['finish']>[1];

// A stand-in vault and call repository (they REPLACE the real ones, which have their own
// tests): these tests are about the order and the failure handling of one call's writes.
function standIns(options: { failKind?: string; putMs?: number } = {}) {
  const events: string[] = [];
  const bodies: Buffer[] = [];
  const finished: Finish[] = [];
  let next = 0;
  const vault = {
    async put(request: PutArtifact): Promise<StoredArtifact> {
      const n = ++next;
      const parts: Buffer[] = [];
      for await (const part of request.body) parts.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      bodies.push(...parts);
      const kind = request.kind === 'transcript' && n > 1 ? 'break-glass' : request.kind;
      events.push(`start ${kind}`);
      await new Promise((resolve) => setTimeout(resolve, options.putMs ?? 20));
      events.push(`end ${kind}`);
      if (kind === options.failKind) throw new SottoError('BLOB_WRITE_FAILED', 'the disk is full');
      return { id: `art_${n}`, tenantId: request.tenantId, kind: request.kind as StoredArtifact['kind'], plaintextSize: 0, ciphertextSize: 0 };
    },
  } as unknown as Vault;
  const calls = { finish: async (_id: string, update: Finish) => void finished.push(update) } as unknown as CallRepository;
  return { vault, calls, events, bodies, finished };
}

function endedCall(): EndedCall {
  const tone = (): Int16Array => Int16Array.from({ length: 8000 * 3 }, (_, i) => Math.round(4000 * Math.sin(i / 4)));
  return {
    status: 'completed',
    failureReason: undefined,
    outcome: 'completed',
    callerAudio: tone(),
    agentAudio: tone(),
    sampleRate: 8000,
    transcript: finalizeTranscript([{ speaker: 'agent', source: 'agent', text: 'Hello.', startMs: 0, endMs: 1000 }]),
    silence: [],
    subprocessors: [],
  };
}

const target = { callId: 'call_1', tenantId: 'acme', subjectId: '+15555550100', agent: 'card-payment', startedAt: '2026-01-01T00:00:00.000Z' };
const logger = createLogger({ level: 'silent' });

describe('archiving a call (stand-in vault and call repository in place of the real ones)', () => {
  it('writes the redacted transcript first, then the recording and the break-glass transcript together', async () => {
    const s = standIns();
    const ended = endedCall();
    await archiveCall({ vault: s.vault, calls: s.calls, logger }, target, ended);
    assert.deepEqual(s.events.slice(0, 2), ['start transcript', 'end transcript']);
    assert.deepEqual(s.events.slice(2, 4).sort(), ['start break-glass', 'start recording'], 'both started before either ended');
    const [update] = s.finished;
    assert.equal(update?.status, 'completed');
    assert.ok(update.recordingArtifactId && update.transcriptArtifactId && update.unredactedTranscriptArtifactId);
    assert.equal(new Set([update.recordingArtifactId, update.transcriptArtifactId, update.unredactedTranscriptArtifactId]).size, 3);
  });

  it('says in both transcripts where the recording was silenced (padded windows), times only', async () => {
    const s = standIns();
    const ended = endedCall();
    ended.silence = [{ startMs: 1000, endMs: 1500 }];
    await archiveCall({ vault: s.vault, calls: s.calls, logger }, target, ended);
    const documents = s.bodies.filter((b) => b[0] === 0x7b).map((b) => JSON.parse(b.toString('utf8')) as { view: string; mutedMs: unknown });
    assert.deepEqual(documents.map((d) => d.view).sort(), ['break-glass', 'redacted']);
    for (const d of documents) assert.deepEqual(d.mutedMs, [{ startMs: 750, endMs: 1750 }], 'REDACTION_PADDING_MS each side');
  });

  it('zeroes the call audio and the WAV it wrote', async () => {
    const s = standIns();
    const ended = endedCall();
    await archiveCall({ vault: s.vault, calls: s.calls, logger }, target, ended);
    assert.ok(ended.callerAudio.every((x) => x === 0) && ended.agentAudio.every((x) => x === 0));
    const wav = s.bodies.find((b) => b.length > 10_000);
    assert.ok(wav, 'a recording was written');
    assert.ok(wav.subarray(44).every((x) => x === 0), 'the WAV buffer is wiped once written');
  });

  describe('when the recording cannot be written', () => {
    it('keeps both transcripts, fails the call with the vault’s code, wipes the WAV and throws CALL_FAILED', async () => {
      const s = standIns({ failKind: 'recording' });
      await assert.rejects(archiveCall({ vault: s.vault, calls: s.calls, logger }, target, endedCall()), (err) => isSottoError(err, 'CALL_FAILED'));
      const [update] = s.finished;
      assert.equal(update?.status, 'failed');
      assert.equal(update.failureReason, 'BLOB_WRITE_FAILED');
      assert.equal(update.recordingArtifactId, undefined);
      assert.ok(update.transcriptArtifactId && update.unredactedTranscriptArtifactId);
      const wav = s.bodies.find((b) => b.length > 10_000);
      assert.ok(wav?.every((x) => x === 0), 'the WAV buffer is wiped even though its write failed');
    });
  });
});

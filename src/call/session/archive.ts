import { recordingWav, redactAudio, type RedactedAudio } from '../../audio/index.js';
import { SottoError, isSottoError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import type { Vault } from '../../vault/index.js';
import type { CallRepository } from '../record/index.js';
import type { EndedCall } from './call-session.js';
import { heavyStep } from './heavy-steps.js';
import type { StoredTurn } from './transcript.js';

/** Audio around a sensitive span that is silenced too (DESIGN.md: ~250 ms each side). */
export const REDACTION_PADDING_MS = 250;

export interface ArchiveTarget {
  callId: string;
  tenantId: string;
  subjectId: string;
  agent: string;
  startedAt: string;
}

/** The stored transcript document (JSON, in the vault). */
export interface TranscriptDocument {
  format: 'sotto.transcript/1';
  callId: string;
  agent: string;
  startedAt: string;
  /** 'redacted': every entity masked; 'break-glass': only numeric secrets masked. */
  view: 'redacted' | 'break-glass';
  turns: StoredTurn[];
  /**
   * Where the recording's caller side was silenced (padded, merged windows, ms from the start),
   * so a player can mark the redactions exactly. Times only: no value, no type.
   */
  mutedMs?: { startMs: number; endMs: number }[];
}

async function* once(body: Buffer): AsyncIterable<Uint8Array> {
  yield body;
}

/**
 * The caller's track with every sensitive window silenced. If the windows cannot be applied,
 * the whole caller side is muted instead (DESIGN.md invariant 4: fail closed).
 */
export function redactedCallerAudio(ended: EndedCall, logger: Logger): RedactedAudio {
  const durationMs = (ended.callerAudio.length * 1000) / ended.sampleRate;
  const spans = [...ended.transcript.sensitiveSpans, ...ended.transcript.unplaceable, ...ended.silence].map((s) => ({
    startMs: s.startMs,
    endMs: s.endMs === Number.POSITIVE_INFINITY ? Math.max(durationMs, s.startMs) : s.endMs,
  }));
  try {
    return redactAudio(ended.callerAudio, ended.sampleRate, spans, { paddingMs: REDACTION_PADDING_MS });
  } catch (err) {
    logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'audio redaction failed; the caller side is muted entirely');
    return { audio: new Int16Array(ended.callerAudio.length), windows: [{ startMs: 0, endMs: durationMs }] };
  }
}

/**
 * Writes the redacted recording and transcripts through the vault (encrypted under the
 * caller's subject key) and finishes the call record. Raw audio is zeroed afterwards.
 */
export async function archiveCall(deps: { vault: Vault; calls: CallRepository; logger: Logger }, target: ArchiveTarget, ended: EndedCall): Promise<void> {
  const put = (kind: 'recording' | 'transcript', body: Buffer) =>
    deps.vault.put({ tenantId: target.tenantId, subjectId: target.subjectId, kind, body: once(body) });
  let mutedMs: TranscriptDocument['mutedMs'] = [];
  const document = (view: TranscriptDocument['view'], turns: StoredTurn[]): Buffer =>
    Buffer.from(
      JSON.stringify({ format: 'sotto.transcript/1', callId: target.callId, agent: target.agent, startedAt: target.startedAt, view, turns, mutedMs } satisfies TranscriptDocument),
    );
  let recordingId: string | undefined;
  let transcriptId: string | undefined;
  let breakGlassId: string | undefined;
  let failureReason = ended.failureReason;
  let wav: Buffer | undefined;
  const failed = (err: unknown): void => {
    failureReason ??= isSottoError(err) ? err.code : 'CALL_FAILED';
    deps.logger.error({ code: isSottoError(err) ? err.code : 'CALL_FAILED', callId: target.callId }, 'the call could not be archived');
  };
  try {
    // The redacted transcript first, alone: a caller's first call creates their subject key
    // here, so the two writes after it do not race to create one.
    // The audio is redacted first, so the transcript can say where the recording was silenced.
    if (ended.callerAudio.length > 0 || ended.agentAudio.length > 0) {
      // Redaction and the WAV take a few ms for a 30 s call: each in a turn of the event loop of
      // its own (heavy-steps.ts), so calls ending together do not add theirs up in one stall.
      const caller = await heavyStep(() => redactedCallerAudio(ended, deps.logger));
      mutedMs = caller.windows;
      wav = await heavyStep(() => recordingWav(caller.audio, ended.agentAudio, ended.sampleRate));
      caller.audio.fill(0);
    }
    transcriptId = (await put('transcript', document('redacted', ended.transcript.redacted))).id;
    // Independent writes (each its own data key, blob and record): together, not one after the other.
    const [recording, breakGlass] = await Promise.allSettled([
      wav ? put('recording', wav) : Promise.resolve(undefined),
      put('transcript', document('break-glass', ended.transcript.breakGlass)),
    ]);
    if (recording.status === 'fulfilled') recordingId = recording.value?.id;
    else failed(recording.reason);
    if (breakGlass.status === 'fulfilled') breakGlassId = breakGlass.value.id;
    else failed(breakGlass.reason);
  } catch (err) {
    failed(err);
  } finally {
    wav?.fill(0);
    ended.callerAudio.fill(0);
    ended.agentAudio.fill(0);
  }
  const counts = ended.transcript.entityCounts;
  await deps.calls.finish(target.callId, {
    status: failureReason ? 'failed' : ended.status,
    failureReason,
    endedAt: new Date().toISOString(),
    recordingArtifactId: recordingId,
    transcriptArtifactId: transcriptId,
    unredactedTranscriptArtifactId: breakGlassId,
    entityTypes: Object.keys(counts),
    entityCounts: counts as Record<string, number>,
    subprocessors: ended.subprocessors,
    outcome: failureReason ? 'failed' : ended.outcome,
  });
  if (failureReason && !ended.failureReason) throw new SottoError('CALL_FAILED', 'the call could not be archived');
}

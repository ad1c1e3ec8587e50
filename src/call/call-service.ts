import type { Agent, Tool } from '../agent/index.js';
import { randomId } from '../crypto/index.js';
import { SottoError, isSottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { AsrProvider, Subprocessor, TtsProvider } from '../speech/index.js';
import type { Vault } from '../vault/index.js';
import type { CallRecord, CallRepository } from './record/index.js';
import { LiveFeed } from './live-feed.js';
import { archiveCall } from './session/archive.js';
import { runCallSession, type LiveEvent } from './session/call-session.js';
import { holdEarlyMedia, type HeldMedia } from './session/early-media.js';
import type { CallFrameTimer } from './session/caller-audio.js';
import type { CallMedia } from './session/media-port.js';

export interface CallSettings {
  region: string;
  recordingNotice: string | undefined;
  maxDurationMs: number;
  /** Instrumentation (bench/calls.ts): each caller frame's processing time. Unset, nothing is timed. */
  frameTimer?: CallFrameTimer;
}

/** An agent ready for one call, with the tools it may use (tools may keep per-call state). */
export interface AgentBinding {
  agent: Agent;
  tools: readonly Tool[];
}

export interface CallServiceDeps {
  vault: Vault;
  calls: CallRepository;
  logger: Logger;
  asr: AsrProvider;
  tts: TtsProvider;
  /** Resolves an agent by name; AGENT_UNKNOWN if none. */
  agents(name: string): AgentBinding;
  settings: CallSettings;
  /** Data residency (docs/residency.md): RESIDENCY_VIOLATION for a tenant pinned outside settings.region. */
  residency: { assertProcessedHere(tenantId: string): Promise<void> };
  /**
   * Runs after the call record exists and before any provider is opened; a throw fails the
   * call with its code and nothing is sent (tenant subprocessor policy, docs/subprocessors.md).
   */
  admit?(call: { callId: string; tenantId: string; providers: readonly Subprocessor[] }): Promise<void>;
}

export interface IncomingCall {
  tenantId: string;
  agent: string;
  /** The data subject: the caller's number or a customer id. Stored only as a keyed hash. */
  subjectId: string | undefined;
  channel: CallRecord['channel'];
  /** The carrier's id for the call (Twilio's callSid): lets the caller's side follow the live transcript. */
  carrierCallId?: string | undefined;
}

/** Media held while a call is set up (call record, recognizer), replayed when the session listens. */
const EARLY_MEDIA_MS = 2_000;

/**
 * Accepts calls from any transport: creates the call record, runs the session, archives the
 * redacted result. `live` carries each call's events while it runs, with redacted text only.
 */
export class CallService {
  readonly live = new LiveFeed();
  private readonly active = new Set<Promise<unknown>>();

  constructor(private readonly deps: CallServiceDeps) {}

  get activeCalls(): number {
    return this.active.size;
  }

  /** A new call id, for a transport that must name the call before handing it over (its audit entry). */
  static newCallId(): string {
    return randomId('call');
  }

  /** Runs a call to its end; resolves with the finished call record's id. */
  async handle(media: CallMedia, incoming: IncomingCall, callId: string = CallService.newCallId()): Promise<string> {
    const run = this.run(callId, media, incoming);
    this.active.add(run);
    try {
      await run;
      return callId;
    } finally {
      this.active.delete(run);
    }
  }

  /** Waits for calls in progress to finish archiving (server shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }

  private async run(callId: string, stream: CallMedia, incoming: IncomingCall): Promise<void> {
    // Listen before the first await: frames, keypad digits and a hang-up that arrive during setup
    // are held and replayed to the session in order.
    const media = holdEarlyMedia(stream, { maxHeldMs: EARLY_MEDIA_MS });
    try {
      await this.runHeld(callId, media, incoming);
    } catch (err) {
      // Fail closed: a call whose setup failed (the call record could not be written, say) must
      // not leave the caller's stream open with nobody listening. A no-op once it is closed.
      media.hangup(isSottoError(err) ? err : new SottoError('CALL_FAILED'));
      throw err;
    } finally {
      media.discard();
    }
  }

  private async runHeld(callId: string, media: HeldMedia, incoming: IncomingCall): Promise<void> {
    const { deps } = this;
    let binding: AgentBinding;
    try {
      binding = deps.agents(incoming.agent);
    } catch (err) {
      media.hangup(isSottoError(err) ? err : new SottoError('AGENT_UNKNOWN'));
      throw err;
    }
    // A caller with no number still gets a subject of their own, so erasing them finds this call.
    const subjectId = incoming.subjectId ?? `call:${callId}`;
    // Before anything is created or stored, and again once the tenant exists (it may have been created elsewhere meanwhile).
    await deps.residency.assertProcessedHere(incoming.tenantId);
    await deps.vault.subjects.ensureTenant(incoming.tenantId);
    await deps.residency.assertProcessedHere(incoming.tenantId);
    const startedAt = new Date().toISOString();
    await deps.calls.create({
      id: callId,
      tenantId: incoming.tenantId,
      subjectRef: await deps.vault.subjects.subjectRef(incoming.tenantId, subjectId),
      agent: binding.agent.name,
      channel: incoming.channel,
      status: 'active',
      failureReason: undefined,
      startedAt,
      endedAt: undefined,
      recordingArtifactId: undefined,
      transcriptArtifactId: undefined,
      unredactedTranscriptArtifactId: undefined,
      entityTypes: [],
      entityCounts: {},
      subprocessors: [],
      region: deps.settings.region,
      outcome: undefined,
    });
    this.live.open({ callId, tenantId: incoming.tenantId, carrierCallId: incoming.carrierCallId });
    const onLive = (event: LiveEvent): void => {
      this.live.publish(callId, event);
    };
    deps.logger.info({ callId, agent: binding.agent.name, channel: incoming.channel }, 'call started');
    let ended;
    try {
      await deps.admit?.({ callId, tenantId: incoming.tenantId, providers: [deps.asr.subprocessor, deps.tts.subprocessor, ...binding.agent.subprocessors] });
      ended = await runCallSession({
        callId,
        tenantId: incoming.tenantId,
        media,
        asr: deps.asr,
        tts: deps.tts,
        agent: binding.agent,
        tools: binding.tools,
        recordingNotice: deps.settings.recordingNotice,
        maxDurationMs: deps.settings.maxDurationMs,
        logger: deps.logger,
        onLive,
        isFollowed: () => this.live.isFollowed(callId),
        frameTimer: deps.settings.frameTimer,
        onListening: () => media.release(),
      });
    } catch (err) {
      const reason = isSottoError(err) ? err.code : 'CALL_FAILED';
      // Followers learn the call is over even when the session never got to say so (a no-op if it did).
      this.live.publish(callId, { type: 'ended', status: 'failed', reason });
      await deps.calls.finish(callId, {
        status: 'failed', failureReason: reason, endedAt: new Date().toISOString(), recordingArtifactId: undefined, transcriptArtifactId: undefined,
        unredactedTranscriptArtifactId: undefined, entityTypes: [], entityCounts: {}, subprocessors: [], outcome: 'failed',
      });
      throw err;
    }
    await archiveCall(
      { vault: deps.vault, calls: deps.calls, logger: deps.logger },
      { callId, tenantId: incoming.tenantId, subjectId, agent: binding.agent.name, startedAt },
      ended,
    );
    deps.logger.info({ callId, status: ended.status, reason: ended.failureReason, outcome: ended.outcome }, 'call ended');
  }
}

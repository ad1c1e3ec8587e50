import { createToolRunner, type Agent, type AgentReply, type CallerTurn, type Tool } from '../../agent/index.js';
import { createStreamingDetector, type TimedWord } from '../../detect/index.js';
import { SottoError, isSottoError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { asrInputRate, type AsrProvider, type AsrStream, type TtsProvider } from '../../speech/index.js';
import { AgentVoice } from './agent-voice.js';
import { hintFor } from './asr-hint.js';
import { CallerAudio, type CallFrameTimer } from './caller-audio.js';
import { KeypadCollector } from './keypad.js';
import type { CallMedia } from './media-port.js';
import { heavyStep } from './heavy-steps.js';
import { finalizeTranscript, type FinalTranscript, type TranscriptItem } from './transcript.js';

/** Redacted, live view of the conversation for a simulator or console: never a raw value. */
export type LiveEvent =
  | { type: 'caller'; text: string; final: boolean; entities: string[] }
  | { type: 'keypad'; entityType: string | undefined }
  | { type: 'agent'; text: string }
  | { type: 'ended'; status: 'completed' | 'failed'; reason: string | undefined };

export interface CallSessionOptions {
  callId: string;
  tenantId: string;
  media: CallMedia;
  asr: AsrProvider;
  tts: TtsProvider;
  agent: Agent;
  tools: readonly Tool[];
  recordingNotice: string | undefined;
  maxDurationMs: number;
  logger: Logger;
  onLive?: (event: LiveEvent) => void;
  /**
   * Whether anyone follows the live transcript now (LiveFeed.isFollowed). Partial hypotheses
   * are detected and published only then; unset, always.
   */
  isFollowed?: () => boolean;
  /** Instrumentation (bench/calls.ts): each caller frame's time in CallerAudio.push. */
  frameTimer?: CallFrameTimer;
  /** Called once every media listener is attached (HeldMedia.release replays what came during setup). */
  onListening?: () => void;
}

/** Everything the archive step needs once the call is over. Audio is zeroed by the caller after use. */
export interface EndedCall {
  status: 'completed' | 'failed';
  failureReason: string | undefined;
  outcome: string;
  callerAudio: Int16Array;
  agentAudio: Int16Array;
  sampleRate: number;
  transcript: FinalTranscript;
  /** Extra windows to silence: keypad entry, and everything after the recognizer failed. */
  silence: { startMs: number; endMs: number }[];
  subprocessors: string[];
}

/** How long a caller may pause between keypad digits before the entry counts as finished. */
const KEYPAD_IDLE_MS = 5_000;
/** Audio around a keypad digit that is silenced (the tones encode the digits). */
const KEYPAD_GUARD_MS = 400;

/**
 * One call from first frame to archive: caller audio → recognizer → live detector (values
 * become tokens) → agent (sees tokens; tools get values) → synthesizer → caller.
 */
export async function runCallSession(o: CallSessionOptions): Promise<EndedCall> {
  const detector = createStreamingDetector();
  const tools = createToolRunner({ tools: o.tools, vault: detector.vault, capability: detector.capability, callId: o.callId, tenantId: o.tenantId });
  const items: TranscriptItem[] = [];
  const silence: EndedCall['silence'] = [];
  let failure: SottoError | undefined;
  let outcome = 'abandoned';
  let expect: AgentReply['expect'];
  let keypad: KeypadCollector | undefined;
  let keypadTimer: NodeJS.Timeout | undefined;
  let ended = false;
  /** Call time up to which the recognizer delivered final words. */
  let recognizedUntilMs = 0;
  let endCall!: () => void;
  const callOver = new Promise<void>((resolve) => (endCall = resolve));
  const fail = (err: unknown): void => {
    failure ??= isSottoError(err) ? err : new SottoError('CALL_FAILED', 'the call failed', { cause: err });
    if (!isSottoError(err)) o.logger.error({ err, callId: o.callId }, 'call failed');
    endCall();
  };

  // Phone audio goes to the recognizer at the line's rate when it converts it off the event loop.
  const asrRate = asrInputRate(o.asr, o.media.sampleRate);
  let asrStream: AsrStream;
  try {
    asrStream = await o.asr.open({ inputRate: asrRate });
  } catch (err) {
    fail(err);
    o.media.hangup(failure);
    throw failure;
  }
  const voice = new AgentVoice({ media: o.media, tts: o.tts, maxDurationMs: o.maxDurationMs });
  const caller = new CallerAudio({
    sampleRate: o.media.sampleRate,
    asrSampleRate: asrRate,
    maxDurationMs: o.maxDurationMs,
    asr: asrStream,
    onSpeechStart: (atMs) => voice.bargeIn(atMs),
    onKeypadTone: (atMs, durationMs) => silence.push({ startMs: atMs, endMs: atMs + durationMs }),
    frameTimer: o.frameTimer && ((ms, timestampMs) => o.frameTimer?.(ms, timestampMs, o.callId)),
  });
  const session = o.agent.createSession({ callId: o.callId, tenantId: o.tenantId, tools });

  // Agent turns run one at a time, in the order the caller's turns ended.
  let turns: Promise<void> = Promise.resolve();
  const speak = async (reply: AgentReply): Promise<void> => {
    if (ended) return;
    detector.pushAgentPrompt(reply.say);
    expect = reply.expect;
    // Narrow recognition to what was just asked (digits for a card number, expiry, SSN …); the
    // recognizer applies it from the caller's next utterance.
    asrStream.setHint?.(hintFor(reply.expect));
    keypad = expect?.keypad ? new KeypadCollector(expect.keypad) : undefined;
    const line = await voice.say(reply.say, caller.latestMs, reply.end ? 'end' : undefined);
    items.push({ speaker: 'agent', source: 'agent', text: reply.say, ...line });
    o.onLive?.({ type: 'agent', text: reply.say });
    if (reply.end) {
      outcome = reply.end.outcome;
      await voice.played('end');
      endCall();
    }
  };
  const takeTurn = (turn: CallerTurn): void => {
    turns = turns.then(async () => {
      if (ended) return;
      try {
        await speak(await session.respond(turn));
      } catch (err) {
        o.logger.warn({ code: isSottoError(err) ? err.code : 'INTERNAL', callId: o.callId }, 'agent turn failed');
        fail(err);
      }
    });
  };

  const submitKeypad = (entry: { digits: string; startMs: number }): void => {
    const type = expect?.entityType;
    silence.push({ startMs: Math.max(0, entry.startMs - KEYPAD_GUARD_MS), endMs: caller.latestMs + KEYPAD_GUARD_MS });
    items.push({ speaker: 'caller', source: 'keypad', entityType: type, startMs: entry.startMs, endMs: caller.latestMs });
    o.onLive?.({ type: 'keypad', entityType: type });
    if (type) {
      const token = detector.vault.tokenize(type, entry.digits);
      takeTurn({ text: token, entities: [{ type, token }], source: 'keypad' });
    } else if (expect?.sensitive) {
      takeTurn({ text: '[KEYPAD]', entities: [], source: 'keypad' });
    } else {
      takeTurn({ text: entry.digits, entities: [], source: 'keypad' });
    }
  };

  o.media.onFrame(({ timestampMs, samples }) => {
    if (ended) return;
    try {
      caller.push(timestampMs, samples);
    } catch (err) {
      fail(err);
    }
  });
  o.media.onDigit((digit) => {
    if (ended) return;
    // Tones carry the digits in the audio itself: silence them whether or not a prompt expects them.
    silence.push({ startMs: Math.max(0, caller.latestMs - KEYPAD_GUARD_MS), endMs: caller.latestMs + KEYPAD_GUARD_MS });
    if (!keypad) return;
    clearTimeout(keypadTimer);
    const entry = keypad.press(digit, caller.latestMs);
    if (entry) return submitKeypad(entry);
    keypadTimer = setTimeout(() => {
      const pending = keypad?.flush();
      if (pending) submitKeypad(pending);
    }, KEYPAD_IDLE_MS);
  });
  o.media.onMark((name) => voice.markReached(name));
  o.media.onHangup(() => endCall());
  o.media.onError((err) => fail(err));
  o.onListening?.();

  const recognition = (async () => {
    for await (const event of asrStream.events()) {
      if (ended) continue;
      const words: TimedWord[] = event.words.map((w) => ({ text: w.text, startMs: caller.timeline.toCallMs(w.startMs), endMs: caller.timeline.toCallMs(w.endMs) }));
      if (words.length === 0) continue;
      if (event.kind === 'partial') {
        if (o.isFollowed?.() === false) continue;
        const r = detector.pushPartial(words);
        o.onLive?.({ type: 'caller', text: r.redacted, final: false, entities: r.entities.map((e) => e.type) });
        continue;
      }
      const r = detector.pushFinal(words);
      recognizedUntilMs = Math.max(recognizedUntilMs, ...words.map((w) => w.endMs));
      items.push({ speaker: 'caller', source: 'speech', words, text: r.text, live: r.entities.map(({ type, start, end, startMs, endMs }) => ({ type, start, end, startMs, endMs })) });
      o.onLive?.({ type: 'caller', text: r.redacted, final: true, entities: r.entities.map((e) => e.type) });
      takeTurn({ text: r.redacted, entities: r.entities.flatMap((e) => (e.token ? [{ type: e.type, token: e.token }] : [])), source: 'speech' });
    }
  })().catch((err: unknown) => {
    // Whatever the recognizer did not finish cannot be placed: silence the rest of the call.
    silence.push({ startMs: recognizedUntilMs, endMs: Number.POSITIVE_INFINITY });
    fail(err);
  });

  const maxTimer = setTimeout(() => endCall(), o.maxDurationMs);
  try {
    const notice = o.recordingNotice ? `${o.recordingNotice} ` : '';
    const first = await session.start();
    await speak({ ...first, say: `${notice}${first.say}` });
  } catch (err) {
    fail(err);
  }
  await callOver;
  clearTimeout(maxTimer);
  clearTimeout(keypadTimer);
  // Let the recognizer finish the utterance in progress, so its values are found and masked.
  caller.flush();
  await Promise.race([asrStream.end().catch((err: unknown) => fail(err)), delay(5_000)]);
  await Promise.race([recognition, delay(5_000)]);
  ended = true;
  asrStream.close();
  if (!failure) o.media.hangup();
  // Each a few ms of CPU: one per turn of the event loop, so calls ending together do not stall the others.
  const transcript = await heavyStep(() => finalizeTranscript(items));
  detector.wipe();
  const callerAudio = await heavyStep(() => caller.track.toSamples());
  const agentAudio = await heavyStep(() => voice.track.toSamples());
  const result: EndedCall = {
    status: failure ? 'failed' : 'completed',
    failureReason: failure?.code,
    outcome: failure ? 'failed' : outcome,
    callerAudio,
    agentAudio,
    sampleRate: o.media.sampleRate,
    transcript,
    silence,
    subprocessors: [o.asr.subprocessor.name, o.tts.subprocessor.name, ...o.agent.subprocessors.map((s) => s.name)],
  };
  caller.track.clear();
  voice.track.clear();
  o.onLive?.({ type: 'ended', status: result.status, reason: result.failureReason });
  return result;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

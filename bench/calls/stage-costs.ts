// Where a frame's time goes, each stage timed alone in the idle server process (no calls
// running): the figures behind the per-level CPU per frame. Each is the median of 5 runs.
import { mulawDecode, mulawEncode, resample } from '../../src/audio/index.js';
import { CallerAudio } from '../../src/call/session/caller-audio.js';
import { createReplayAsrProvider, type SynthesizedSpeech } from '../../src/speech/index.js';
import { parseInboundMessage } from '../../src/transport/inbound-messages.js';
import { mediaMessage, mediaMessagePrefix } from '../../src/transport/outbound-messages.js';

export interface StageCosts {
  /** JSON parse, schema validation, base64 check and decode of one inbound media message. */
  parseMediaUs: number;
  mulawDecodeUs: number;
  /** CallerAudio.push (recording, VAD, recognizer write) with the recognizer at 16 kHz (8 → 16 kHz resampling). */
  callerPush16kUs: number;
  /** The same with the recognizer at 8 kHz: no resampling. */
  callerPush8kUs: number;
  /** The agent's longest line (16 kHz Flite) resampled to 8 kHz in one piece, as the Flite process does (AgentVoice.say asks it for 8 kHz). */
  agentLineMs: number;
  agentLineAudioMs: number;
  /** Mu-law encoding and the outbound media messages (JSON, base64) of that line. */
  agentLineEncodeMs: number;
}

function medianOf5(run: () => number): number {
  const times = Array.from({ length: 5 }, run).sort((a, b) => a - b);
  return times[2] as number;
}

function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function callerPushUs(asrRate: number, frames: Int16Array[]): Promise<number> {
  const asr = await createReplayAsrProvider([], { sampleRate: asrRate }).open();
  try {
    return medianOf5(() => {
      const audio = new CallerAudio({ sampleRate: 8000, asrSampleRate: asrRate, maxDurationMs: 60_000, asr, onSpeechStart: () => undefined });
      return (timeMs(() => frames.forEach((f, k) => audio.push(k * 20, f))) * 1000) / frames.length;
    });
  } finally {
    asr.close();
  }
}

export async function measureStageCosts(callerPcm: Int16Array, agentLine: SynthesizedSpeech | undefined): Promise<StageCosts> {
  const frames = Array.from({ length: Math.min(1500, Math.floor(callerPcm.length / 160)) }, (_, k) => callerPcm.slice(k * 160, (k + 1) * 160));
  const mulaw = frames.map((f) => mulawEncode(f));
  const messages = mulaw.map((m, k) =>
    JSON.stringify({ event: 'media', sequenceNumber: String(k + 2), streamSid: 'MZ' + '0'.repeat(32), media: { track: 'inbound', chunk: String(k + 1), timestamp: String(k * 20), payload: m.toString('base64') } }),
  );
  const perFrameUs = (fn: (k: number) => void): number => medianOf5(() => (timeMs(() => messages.forEach((_, k) => fn(k))) * 1000) / messages.length);
  const line = agentLine?.samples ?? new Int16Array(0);
  const rate = agentLine?.sampleRate ?? 16000;
  let narrow: Int16Array = new Int16Array(0);
  return {
    parseMediaUs: perFrameUs((k) => parseInboundMessage(messages[k] as string)),
    mulawDecodeUs: perFrameUs((k) => mulawDecode(mulaw[k] as Buffer)),
    callerPush16kUs: await callerPushUs(16000, frames),
    callerPush8kUs: await callerPushUs(8000, frames),
    agentLineMs: medianOf5(() => timeMs(() => (narrow = resample(line, rate, 8000)))),
    agentLineAudioMs: (line.length * 1000) / rate,
    agentLineEncodeMs: medianOf5(() =>
      timeMs(() => {
        const encoded = mulawEncode(narrow);
        for (let at = 0; at < encoded.length; at += 160) mediaMessage(mediaMessagePrefix('MZ' + '0'.repeat(32)), encoded.subarray(at, at + 160));
      }),
    ),
  };
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeWav, mulawEncode, resample } from '../../audio/index.js';
import { redactConversation } from '../../detect/index.js';
import { SottoError } from '../../errors/index.js';
import type { TtsProvider } from '../../speech/index.js';
import { connectMediaStream, type MediaStreamClient } from '../../transport/index.js';
import { isStreamTokenShape } from '../stream-tokens/stream-token-shape.js';
import type { CallerScript, CallerStep } from './caller-script.js';

export interface SimulateOptions {
  url: string;
  script: CallerScript;
  tts: TtsProvider;
  /**
   * A one-time stream token (`sotto_m_…`, from `sotto calls stream-token` or
   * POST /v1/calls/stream-tokens), sent as `Authorization: Bearer`. API and session tokens are
   * refused here, before connecting: the server would refuse them anyway.
   */
  token?: string;
  /** The carrier call id announced in `start` (Twilio's callSid); default: random. */
  callSid?: string;
  ca?: string | Buffer;
  insecureTls?: boolean;
  /** The agent counts as done speaking after this long without new audio. */
  agentQuietMs?: number;
  /** Give up on the call after this long. */
  timeoutMs?: number;
  /** Each line as it happens; caller lines are redacted here, agent audio is reported by length. */
  onLine?: (line: { speaker: 'caller' | 'agent'; text: string }) => void;
}

export interface SimulatedCall {
  streamSid: string;
  /** Audio received from the agent, in ms of playback. */
  agentAudioMs: number;
  /** True when the server ended the call (the agent hung up), false when we sent stop. */
  endedByAgent: boolean;
}

const RATE = 8000;
const FRAME = 160; // 20 ms at 8 kHz
/** Silence after each utterance, so the recognizer hears the caller stop. */
const TRAILING_SILENCE_MS = 1000;
const KEEPALIVE_MS = 500;

/**
 * Plays a scripted caller against a server over the Twilio Media Streams protocol. Time is
 * carried by media timestamps, not the wall clock: listening to the agent advances the
 * stream clock by the length of the agent's audio, so a call runs faster than real time.
 */
export async function simulateCall(o: SimulateOptions): Promise<SimulatedCall> {
  if (o.token !== undefined && !isStreamTokenShape(o.token)) {
    throw new SottoError('USAGE', 'the token is not a stream token (sotto_m_…): mint one with `sotto calls stream-token --tenant T` or POST /v1/calls/stream-tokens');
  }
  const client = await connectMediaStream({ url: o.url, ...(o.token ? { token: o.token } : {}), ...(o.ca ? { ca: o.ca } : {}), insecureTls: o.insecureTls === true });
  let clockMs = 0;
  let agentMs = 0;
  let heardMs = 0;
  let lastAudioAt = 0;
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => client.on('close', () => ((closed = true), resolve())));
  client.on('media', (payload) => {
    agentMs += payload.length / 8;
    lastAudioAt = Date.now();
  });
  // A carrier echoes a mark once playback reaches it; we "play" instantly.
  client.on('mark', (name) => client.sendMark(name));
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  const quietMs = o.agentQuietMs ?? 1500;

  const listen = async (): Promise<void> => {
    const before = agentMs;
    let keptAliveAt = Date.now();
    while (!closed && Date.now() < deadline) {
      const heard = agentMs > before;
      if (heard && Date.now() - lastAudioAt >= quietMs) break;
      // A carrier streams continuously; one silent frame now and then keeps the stream alive
      // while the agent thinks, without costing the recognizer seconds of silence.
      if (Date.now() - keptAliveAt >= KEEPALIVE_MS) {
        keptAliveAt = Date.now();
        await silence(20);
      }
      await sleep(50);
    }
    const spokeMs = agentMs - heardMs;
    heardMs = agentMs;
    if (spokeMs > 0) o.onLine?.({ speaker: 'agent', text: `(speaks ${(spokeMs / 1000).toFixed(1)} s)` });
    clockMs += spokeMs;
  };

  const sendPcm = async (pcm: Int16Array): Promise<void> => {
    for (let at = 0; at < pcm.length && !closed; at += FRAME) {
      const frame = new Int16Array(FRAME);
      frame.set(pcm.subarray(at, Math.min(at + FRAME, pcm.length)));
      client.sendMedia(mulawEncode(frame), clockMs);
      clockMs += 20;
      if ((at / FRAME) % 50 === 49) await sleep(0);
    }
  };
  const silence = (ms: number): Promise<void> => sendPcm(new Int16Array((ms * RATE) / 1000));

  try {
    client.start({ ...(o.callSid ? { callSid: o.callSid } : {}), customParameters: { ...(o.script.agent ? { agent: o.script.agent } : {}), ...(o.script.from ? { from: o.script.from } : {}) } });
    await silence(200);
    await listen();
    for (const step of o.script.steps) {
      if (closed || Date.now() > deadline) break;
      await play(step, o, client, sendPcm, silence);
      await listen();
    }
    if (!closed) await Promise.race([closedPromise, sleep(Math.max(0, Math.min(5_000, deadline - Date.now())))]);
    const endedByAgent = closed;
    if (!closed) client.stop();
    await client.close();
    return { streamSid: client.streamSid, agentAudioMs: Math.round(agentMs), endedByAgent };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

async function play(
  step: CallerStep,
  o: SimulateOptions,
  client: MediaStreamClient,
  sendPcm: (pcm: Int16Array) => Promise<void>,
  silence: (ms: number) => Promise<void>,
): Promise<void> {
  if ('say' in step) {
    const redacted = redactConversation({ id: 'line', turns: [{ speaker: 'caller', text: step.say }] }).turns[0]?.redacted ?? '';
    o.onLine?.({ speaker: 'caller', text: redacted });
    const speech = await o.tts.synthesize(step.say);
    await sendPcm(speech.sampleRate === RATE ? speech.samples : resample(speech.samples, speech.sampleRate, RATE));
    await silence(TRAILING_SILENCE_MS);
  } else if ('wav' in step) {
    o.onLine?.({ speaker: 'caller', text: `(plays ${step.wav})` });
    const audio = decodeWav(await readFile(resolve(o.script.baseDir, step.wav)));
    const mono = audio.channels === 1 ? audio.samples : audio.samples.filter((_, i) => i % audio.channels === 0);
    await sendPcm(audio.sampleRate === RATE ? mono : resample(mono, audio.sampleRate, RATE));
    await silence(TRAILING_SILENCE_MS);
  } else if ('keypad' in step) {
    o.onLine?.({ speaker: 'caller', text: `(keypad: ${step.keypad.length} keys)` });
    for (const digit of step.keypad) {
      // A phone sends the key both as an event and as tones in the audio (in-band), which is
      // why the server must silence the audio around keypad entry.
      client.sendDtmf(digit);
      await sendPcm(dtmfTone(digit, 100));
      await silence(100);
    }
    await silence(TRAILING_SILENCE_MS);
  } else {
    await silence(step.silenceMs);
  }
}

const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
};

/** The key's two ITU-T Q.23 frequencies, each at about -10 dBFS. */
function dtmfTone(digit: string, ms: number): Int16Array {
  const [low, high] = DTMF[digit] ?? [0, 0];
  const out = new Int16Array((ms * RATE) / 1000);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    out[i] = Math.round(5000 * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

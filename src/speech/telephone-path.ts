// Test support: what a phone line does to a caller's voice before the recognizer hears it. The
// carrier sends 8 kHz G.711 mu-law (Twilio Media Streams), and the call session decodes it and
// upsamples to the recognizer's rate in 20 ms frames (src/call/session/caller-audio.ts).
import { createResampler, mulawDecode, mulawEncode, resample } from '../audio/index.js';

const LINE_RATE = 8000;
const FRAME_SAMPLES = 160;

/** `samples` (PCM16 at `sampleRate`) as the recognizer receives them after a telephone line. */
export function throughTelephone(samples: Int16Array, sampleRate: number): Int16Array {
  const line = mulawDecode(mulawEncode(resample(samples, sampleRate, LINE_RATE)));
  const upsampler = createResampler(LINE_RATE, sampleRate);
  const parts: Int16Array[] = [];
  for (let i = 0; i < line.length; i += FRAME_SAMPLES) parts.push(upsampler.push(line.subarray(i, i + FRAME_SAMPLES)));
  parts.push(upsampler.flush());
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// src/audio — call audio in memory, never on disk (DESIGN.md invariant 1).
//
//   g711.ts            mu-law / A-law ↔ PCM16 (ITU-T G.711), table-driven
//   pcm.ts             PCM16 little-endian bytes ↔ samples; stereo interleave / deinterleave
//   resampler.ts       windowed-sinc rate conversion, one-shot and streaming (8k ↔ 16k, 48k → 8k/16k, …);
//                      quality 'high' for audio stored or played, 'recognition' for audio only a recognizer hears
//   halfband.ts        the 'recognition' 2× upsampler: a 24-tap half-band FIR (8k → 16k for PocketSphinx)
//   wav.ts             WAV decode (PCM16, mu-law, A-law, EXTENSIBLE) / encode; two-track call recordings
//   framing.ts         20 ms frames: FRAME_MS, samplesPerFrame, FrameChunker for outgoing speech
//   track-recorder.ts  one side of a call on its timeline, in 1-second blocks (≈ 0.92 MiB/min at 8 kHz)
//   vad.ts             energy VAD with a minimum-statistics noise floor: barge-in and endpointing
//   redact.ts          mute or tone sensitive spans, padded and merged; fails closed
export { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';
export { deinterleave, interleave, pcm16FromLE, pcm16ToLE } from './pcm.js';
export { createResampler, resample } from './resampler.js';
export type { Resampler, ResamplerOptions } from './resampler.js';
export { decodeWav, encodeWav, recordingWav } from './wav.js';
export type { PcmAudio } from './wav.js';
export { FRAME_MS, FrameChunker, samplesPerFrame } from './framing.js';
export { TrackRecorder } from './track-recorder.js';
export type { TrackRecorderOptions } from './track-recorder.js';
export { createVad } from './vad.js';
export type { Vad, VadEvent, VadOptions } from './vad.js';
export { muteAll, muteWindow, redactAudio } from './redact.js';
export type { RedactOptions, RedactedAudio, TimeSpan } from './redact.js';
export { isDtmfFrame } from './dtmf.js';

// RIFF/WAVE files (Microsoft Multimedia Programming Interface and Data Specifications 1.0, 1991;
// WAVE_FORMAT_EXTENSIBLE per Microsoft's "Multiple channel audio data and WAVE files", 2007).
// Uploaded recordings and test fixtures come from outside: every size is checked against the bytes
// actually present before it is used, so a malformed file yields AUDIO_FORMAT_INVALID, never a
// huge allocation or a read past the end.
import { SottoError } from '../errors/index.js';
import { alawDecode, mulawDecode } from './g711.js';
import { pcm16FromLE, writeInterleavedPcm16LE, writePcm16LE } from './pcm.js';

/** Linear 16-bit audio in memory; `samples` is interleaved when `channels` > 1. */
export interface PcmAudio {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

const FORMAT_PCM = 0x0001;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_* GUIDs are {0000xxxx-0000-0010-8000-00AA00389B71}; bytes after the 16-bit code. */
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const HEADER_BYTES = 44;
const MAX_CHANNELS = 16;
const MIN_RATE = 1000;
const MAX_RATE = 384000;

interface Format {
  codec: number;
  channels: number;
  sampleRate: number;
}

function invalid(message: string): never {
  throw new SottoError('AUDIO_FORMAT_INVALID', `WAV: ${message}`);
}

/** Chunk ids come from the file: show them, but never let control bytes into a log line. */
function printable(bytes: Uint8Array, at: number): string {
  let out = '';
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i] ?? 0;
    out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return out;
}

function parseFormat(view: DataView, at: number, size: number): Format {
  if (size < 16) invalid(`fmt chunk is ${size} bytes, shorter than the 16 a PCM format needs`);
  let codec = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const byteRate = view.getUint32(at + 8, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (codec === FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(at + 16, true) < 22) invalid('WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    const validBits = view.getUint16(at + 18, true);
    if (validBits === 0 || validBits > bits) invalid(`${validBits} valid bits in a ${bits}-bit container`);
    codec = view.getUint16(at + 24, true);
    for (let i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
      if (view.getUint8(at + 26 + i) !== SUBFORMAT_GUID_TAIL[i]) invalid('WAVE_FORMAT_EXTENSIBLE subformat is not a known GUID');
    }
  }
  if (channels < 1 || channels > MAX_CHANNELS) invalid(`${channels} channels (1 to ${MAX_CHANNELS} supported)`);
  if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) invalid(`sample rate ${sampleRate} Hz (${MIN_RATE} to ${MAX_RATE} supported)`);
  const wantBits = codec === FORMAT_PCM ? 16 : codec === FORMAT_MULAW || codec === FORMAT_ALAW ? 8 : 0;
  if (wantBits === 0) invalid(`format 0x${codec.toString(16).padStart(4, '0')} is not supported (PCM16, mu-law, A-law)`);
  if (bits !== wantBits) invalid(`${bits}-bit samples in format ${codec} (${wantBits}-bit expected)`);
  if (blockAlign !== (channels * bits) / 8) invalid(`block align ${blockAlign} does not match ${channels} channels of ${bits} bits`);
  if (byteRate !== sampleRate * blockAlign) invalid(`byte rate ${byteRate} does not match ${sampleRate} Hz × ${blockAlign} bytes`);
  return { codec, channels, sampleRate };
}

function decodeData(format: Format, data: Uint8Array): Int16Array {
  const frameBytes = format.codec === FORMAT_PCM ? 2 * format.channels : format.channels;
  if (data.length % frameBytes !== 0) invalid(`data chunk of ${data.length} bytes ends inside a ${frameBytes}-byte sample frame`);
  if (format.codec === FORMAT_MULAW) return mulawDecode(data);
  if (format.codec === FORMAT_ALAW) return alawDecode(data);
  return pcm16FromLE(data);
}

/** Parses a WAV file held in memory: PCM16, mu-law or A-law (plain or WAVE_FORMAT_EXTENSIBLE) → PCM16. */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  if (bytes.length < 12) invalid(`${bytes.length} bytes is shorter than a RIFF header`);
  const tag = printable(bytes, 0);
  if (tag === 'RIFX' || tag === 'RF64') invalid(`${tag} files are not supported`);
  if (tag !== 'RIFF') invalid('does not start with RIFF');
  if (printable(bytes, 8) !== 'WAVE') invalid('RIFF form type is not WAVE');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  // Streaming writers that cannot seek leave 0 or 0xFFFFFFFF here; such files are refused, not guessed.
  if (riffSize < 4 || riffSize > bytes.length - 8) {
    invalid(`RIFF header declares ${riffSize} bytes but ${bytes.length - 8} follow (truncated or not finalised)`);
  }
  const end = 8 + riffSize;
  let format: Format | undefined;
  let samples: Int16Array | undefined;
  let at = 12;
  while (at < end) {
    if (end - at < 8) invalid(`chunk header at offset ${at} is cut off`);
    const id = printable(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (size > end - body) invalid(`chunk '${id}' at offset ${at} declares ${size} bytes but only ${end - body} remain`);
    if (id === 'fmt ') {
      if (format) invalid('more than one fmt chunk');
      format = parseFormat(view, body, size);
    } else if (id === 'data') {
      if (!format) invalid('data chunk comes before the fmt chunk');
      if (samples) invalid('more than one data chunk');
      samples = decodeData(format, bytes.subarray(body, body + size));
    }
    // Other chunks (LIST, fact, cue, bext…) are skipped. Chunks are word-aligned: an odd size is
    // followed by a pad byte, which some writers omit after the last chunk.
    at = Math.min(body + size + (size & 1), end);
  }
  if (!format) invalid('no fmt chunk');
  if (!samples) invalid('no data chunk');
  return { sampleRate: format.sampleRate, channels: format.channels, samples };
}

/** A canonical 44-byte-header PCM16 WAV file. */
export function encodeWav(audio: PcmAudio): Buffer {
  const { sampleRate, channels, samples } = audio;
  checkFormat(sampleRate, channels);
  if (samples.length % channels !== 0) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `WAV: ${samples.length} samples do not divide into ${channels} channels`);
  }
  const out = Buffer.allocUnsafe(HEADER_BYTES + dataBytesOf(samples.length));
  writeHeader(out, sampleRate, channels, samples.length * 2);
  writePcm16LE(samples, out, HEADER_BYTES);
  return out;
}

function checkFormat(sampleRate: number, channels: number): void {
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `WAV: ${channels} channels (1 to ${MAX_CHANNELS} supported)`);
  }
  if (!Number.isInteger(sampleRate) || sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `WAV: sample rate ${sampleRate} Hz (${MIN_RATE} to ${MAX_RATE} supported)`);
  }
}

function dataBytesOf(samples: number): number {
  const dataBytes = samples * 2;
  if (dataBytes > 0xffffffff - (HEADER_BYTES - 8)) throw new SottoError('AUDIO_FORMAT_INVALID', 'WAV: audio exceeds the 4 GiB RIFF limit');
  return dataBytes;
}

function writeHeader(out: Buffer, sampleRate: number, channels: number, dataBytes: number): void {
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(FORMAT_PCM, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * channels * 2, 28);
  out.writeUInt16LE(channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
}

/** A call recording: caller on the left channel, agent on the right; the shorter track is padded with silence. */
export function recordingWav(caller: Int16Array, agent: Int16Array, sampleRate: number): Buffer {
  checkFormat(sampleRate, 2);
  // Interleaved straight into the file: no stereo copy of the call to allocate, fill and zero
  // (this runs at the end of every call). Buffer.alloc is zeroed: the shorter track's padding.
  const frames = Math.max(caller.length, agent.length);
  const out = Buffer.alloc(HEADER_BYTES + dataBytesOf(frames * 2));
  writeHeader(out, sampleRate, 2, frames * 4);
  writeInterleavedPcm16LE(caller, agent, out, HEADER_BYTES);
  return out;
}

// ITU-T G.711 (11/88) mu-law and A-law, the codecs of the telephone network (Twilio Media Streams
// send audio/x-mulaw at 8 kHz). Decoding is the standard's reconstruction table. Encoding follows the
// ITU-T G.191 software tool library (STL g711.c): 16-bit input keeps its top 14 (mu-law) or 13
// (A-law) bits, negative values in ones' complement, so x and −1−x get mirror-image codes.
// Both directions are table lookups built once at load: these run on every 20 ms frame of every call.

const BIAS = 0x84; // mu-law: 33 in 14-bit units, shifted to 16-bit
const MULAW_CLIP = 8159; // largest 14-bit magnitude mu-law represents (G.711 Table 2a)
const MULAW_SEGMENT_ENDS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const;
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function segmentOf(value: number, ends: readonly number[]): number {
  let segment = 0;
  while (segment < ends.length && value > (ends[segment] ?? 0)) segment++;
  return segment;
}

function mulawCode(sample: number): number {
  // 16-bit → 14-bit magnitude; ones' complement for negatives as in G.191's ulaw_compress
  let magnitude = sample < 0 ? ~sample >> 2 : sample >> 2;
  const mask = sample < 0 ? 0x7f : 0xff;
  if (magnitude > MULAW_CLIP) magnitude = MULAW_CLIP;
  magnitude += BIAS >> 2;
  const segment = segmentOf(magnitude, MULAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  return ((segment << 4) | ((magnitude >> (segment + 1)) & 0x0f)) ^ mask;
}

function mulawLinear(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + BIAS) << ((u & 0x70) >> 4);
  return u & 0x80 ? BIAS - t : t - BIAS;
}

function alawCode(sample: number): number {
  let magnitude = sample >> 3; // 16-bit → 13-bit
  let mask = 0xd5; // even bits inverted (G.711 §3.2), sign bit set for positive
  if (magnitude < 0) {
    mask = 0x55;
    magnitude = -magnitude - 1;
  }
  const segment = segmentOf(magnitude, ALAW_SEGMENT_ENDS);
  if (segment >= 8) return 0x7f ^ mask;
  const quant = segment < 2 ? (magnitude >> 1) & 0x0f : (magnitude >> segment) & 0x0f;
  return ((segment << 4) | quant) ^ mask;
}

function alawLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function decodeTable(linear: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = linear(code);
  return table;
}

/** Indexed by the sample's 16 bits read as unsigned (`sample & 0xffff`). */
function encodeTable(code: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = code(bits >= 32768 ? bits - 65536 : bits);
  return table;
}

const MULAW_DECODE = decodeTable(mulawLinear);
const ALAW_DECODE = decodeTable(alawLinear);
const MULAW_ENCODE = encodeTable(mulawCode);
const ALAW_ENCODE = encodeTable(alawCode);

/**
 * Small decodes (a 20 ms frame is 160 samples) are views into a shared 64 KiB block, as Node
 * pools small Buffers: a separate ArrayBuffer per frame cost an allocation and external-memory
 * bookkeeping for the collector 50 times a second per call. Holders of a frame read it, copy it
 * or zero it (never transfer its .buffer); a block is freed once no frame in it is referenced.
 */
const POOL_SAMPLES = 32 * 1024;
const POOLED_MAX = 1024;
let pool = new Int16Array(POOL_SAMPLES);
let poolUsed = 0;

function samplesFor(length: number): Int16Array {
  if (length > POOLED_MAX) return new Int16Array(length);
  if (poolUsed + length > POOL_SAMPLES) {
    pool = new Int16Array(POOL_SAMPLES);
    poolUsed = 0;
  }
  const view = pool.subarray(poolUsed, poolUsed + length);
  poolUsed += length;
  return view;
}

function decodeWith(table: Int16Array, bytes: Uint8Array): Int16Array {
  const out = samplesFor(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

function encodeWith(table: Uint8Array, samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[(samples[i] as number) & 0xffff] as number;
  return out;
}

/** G.711 mu-law bytes → 16-bit linear PCM (a view into a shared block when short: read, copy or zero it, never transfer its buffer). */
export function mulawDecode(bytes: Uint8Array): Int16Array {
  return decodeWith(MULAW_DECODE, bytes);
}

/** 16-bit linear PCM → G.711 mu-law bytes (magnitudes beyond 32635 clip to the top segment). */
export function mulawEncode(samples: Int16Array): Buffer {
  return encodeWith(MULAW_ENCODE, samples);
}

/** G.711 A-law bytes → 16-bit linear PCM. */
export function alawDecode(bytes: Uint8Array): Int16Array {
  return decodeWith(ALAW_DECODE, bytes);
}

/** 16-bit linear PCM → G.711 A-law bytes. */
export function alawEncode(samples: Int16Array): Buffer {
  return encodeWith(ALAW_ENCODE, samples);
}

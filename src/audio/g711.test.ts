import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';
import { pcm16FromLE, pcm16ToLE } from './pcm.js';

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

const mulaw = (sample: number): number => mulawEncode(Int16Array.of(sample))[0] as number;
const alaw = (sample: number): number => alawEncode(Int16Array.of(sample))[0] as number;

/** Index of each code's reconstruction level in ascending order: neighbouring levels differ by 1. */
function levelIndex(decode: (bytes: Uint8Array) => Int16Array): (code: number) => number {
  const decoded = decode(ALL_CODES);
  const levels = [...new Set(decoded)].sort((a, b) => a - b);
  return (code) => levels.indexOf(decoded[code] as number);
}

/** Encodings that differ only at decision values: at most `share` of inputs, each by at most one level. */
function assertOneLevelApart(ours: Uint8Array, theirs: Uint8Array, level: (code: number) => number, share: number): void {
  let differing = 0;
  for (let i = 0; i < ours.length; i++) {
    if (ours[i] === theirs[i]) continue;
    differing++;
    // ≤ 1: mu-law's two zero codes share a level
    assert.ok(Math.abs(level(ours[i] as number) - level(theirs[i] as number)) <= 1, `sample ${ALL_SAMPLES[i]}`);
  }
  assert.ok(differing < share * ours.length, `${differing} of ${ours.length} differ`);
}

/** Runs sox, the independent G.711 implementation installed here, over raw bytes. */
function sox(args: string[], input: Uint8Array): Buffer {
  const run = spawnSync('sox', ['-D', '-V1', ...args], { input });
  assert.equal(run.status, 0, run.stderr.toString());
  return run.stdout;
}

describe('G.711 mu-law', () => {
  it('decodes every code to the reconstruction value of G.711 Table 2a', () => {
    // Code bits are inverted on the line; after inversion: sign, 3-bit segment, 4-bit step.
    // Output in 14-bit units is (2·step + 33)·2^segment − 33; 16-bit PCM is that × 4.
    const decoded = mulawDecode(ALL_CODES);
    for (const code of ALL_CODES) {
      const u = ~code & 0xff;
      const magnitude = 4 * (((2 * (u & 0x0f) + 33) << ((u >> 4) & 7)) - 33);
      assert.equal(decoded[code], u & 0x80 ? 0 - magnitude : magnitude, `code 0x${code.toString(16)}`);
    }
  });

  it('gives the extreme and zero codes their known values', () => {
    assert.deepEqual([...mulawDecode(Uint8Array.of(0x00, 0x80, 0xff, 0x7f))], [-32124, 32124, 0, 0]);
  });

  it('switches segment exactly at each decision value 32·2^k − 33 (14-bit)', () => {
    for (let k = 1; k < 8; k++) {
      const boundary = 4 * (32 * 2 ** k - 33);
      assert.equal(mulaw(boundary), 0xff ^ (k << 4), `first step of segment ${k}`);
      assert.equal(mulaw(boundary - 1), 0xff ^ (((k - 1) << 4) | 0x0f), `last step of segment ${k - 1}`);
      assert.equal(mulaw(-1 - boundary), 0x7f ^ (k << 4), `negative first step of segment ${k}`);
    }
  });

  it('clips beyond the top decision value to the largest code', () => {
    assert.equal(mulaw(32767), 0x80);
    assert.equal(mulaw(-32768), 0x00);
  });

  it('re-encodes every decoded code to itself, except 0x7F (negative zero) which becomes 0xFF', () => {
    const again = mulawEncode(mulawDecode(ALL_CODES));
    for (const code of ALL_CODES) assert.equal(again[code], code === 0x7f ? 0xff : code, `code 0x${code.toString(16)}`);
  });

  it('encodes x and −1−x to mirror-image codes (ones’ complement, G.191)', () => {
    const codes = mulawEncode(ALL_SAMPLES);
    for (let x = 0; x <= 32767; x++) assert.equal((codes[x + 32768] as number) & 0x7f, (codes[32767 - x] as number) & 0x7f);
  });

  it('keeps the quantization error within half a step of the segment (plus the 2 dropped bits)', () => {
    const back = mulawDecode(mulawEncode(ALL_SAMPLES));
    for (let i = 0; i < ALL_SAMPLES.length; i++) {
      const x = ALL_SAMPLES[i] as number;
      if (Math.abs(x) > 32124) continue; // clipped
      const segment = Math.max(0, Math.floor(Math.log2((Math.abs(x) / 4 + 33) / 32)));
      assert.ok(Math.abs((back[i] as number) - x) <= 4 * 2 ** segment + 4, `sample ${x} → ${back[i]}`);
    }
  });

  it('decodes every code exactly as sox does', () => {
    const theirs = pcm16FromLE(sox(['-t', 'raw', '-r', '8000', '-e', 'mu-law', '-b', '8', '-c', '1', '-', '-t', 'raw', '-e', 'signed', '-b', '16', '-'], ALL_CODES));
    assert.deepEqual(mulawDecode(ALL_CODES), theirs);
  });

  it('encodes like sox except one step at decision values, where sox rounds the 2 dropped bits and G.191 truncates', () => {
    const theirs = sox(['-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', '-', '-t', 'raw', '-e', 'mu-law', '-b', '8', '-'], pcm16ToLE(ALL_SAMPLES));
    assertOneLevelApart(mulawEncode(ALL_SAMPLES), theirs, levelIndex(mulawDecode), 0.01);
  });
});

describe('G.711 A-law', () => {
  it('decodes every code to the reconstruction value of G.711 Table 1a', () => {
    // Even bits are inverted on the line (XOR 0x55); then sign (1 = positive), segment, step.
    // Output in 12-bit units: segment 0 → 2·step + 1, else (2·step + 33)·2^(segment − 1); 16-bit is × 8.
    const decoded = alawDecode(ALL_CODES);
    for (const code of ALL_CODES) {
      const a = code ^ 0x55;
      const step = a & 0x0f;
      const segment = (a >> 4) & 7;
      const magnitude = 8 * (segment === 0 ? 2 * step + 1 : (2 * step + 33) << (segment - 1));
      assert.equal(decoded[code], a & 0x80 ? magnitude : -magnitude, `code 0x${code.toString(16)}`);
    }
  });

  it('gives the smallest and extreme codes their known values', () => {
    assert.deepEqual([...alawDecode(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a))], [8, -8, 32256, -32256]);
  });

  it('switches segment exactly at each decision value 16·2^k (12-bit)', () => {
    for (let k = 1; k < 8; k++) {
      const boundary = 8 * 16 * 2 ** k;
      assert.equal(alaw(boundary), 0xd5 ^ (k << 4), `first step of segment ${k}`);
      assert.equal(alaw(boundary - 1), 0xd5 ^ (((k - 1) << 4) | 0x0f), `last step of segment ${k - 1}`);
      assert.equal(alaw(-1 - boundary), 0x55 ^ (k << 4), `negative first step of segment ${k}`);
    }
  });

  it('re-encodes every decoded code to itself (A-law has no negative zero)', () => {
    assert.deepEqual(alawEncode(alawDecode(ALL_CODES)), Buffer.from(ALL_CODES));
  });

  it('decodes every code exactly as sox does', () => {
    const theirs = pcm16FromLE(sox(['-t', 'raw', '-r', '8000', '-e', 'a-law', '-b', '8', '-c', '1', '-', '-t', 'raw', '-e', 'signed', '-b', '16', '-'], ALL_CODES));
    assert.deepEqual(alawDecode(ALL_CODES), theirs);
  });

  it('encodes like sox except one step at decision values, where sox rounds the 3 dropped bits', () => {
    const theirs = sox(['-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', '-', '-t', 'raw', '-e', 'a-law', '-b', '8', '-'], pcm16ToLE(ALL_SAMPLES));
    assertOneLevelApart(alawEncode(ALL_SAMPLES), theirs, levelIndex(alawDecode), 0.02);
  });
});

describe('G.711 decoding of short frames into a shared block', () => {
  it('gives every frame its own samples, across block boundaries, however many frames are alive', () => {
    const frames: { bytes: Uint8Array; samples: Int16Array }[] = [];
    // 600 frames of 160 bytes: 96,000 samples, three blocks of 32,768 and a frame straddling none.
    for (let f = 0; f < 600; f++) {
      const bytes = Uint8Array.from({ length: 160 }, (_, i) => (f * 31 + i * 7) & 0xff);
      frames.push({ bytes, samples: mulawDecode(bytes) });
    }
    for (const { bytes, samples } of frames) {
      assert.equal(samples.length, 160);
      assert.deepEqual(samples, mulawDecode(bytes), 'a frame is unchanged by the decodes after it');
    }
    frames[0]?.samples.fill(0);
    assert.ok(frames[1]?.samples.some((s) => s !== 0), 'zeroing one frame leaves its neighbour');
    const long = mulawDecode(new Uint8Array(5000).fill(0x80));
    assert.equal(long.byteOffset, 0, 'a long decode has a buffer of its own');
    assert.equal(long.buffer.byteLength, 10000);
  });
});

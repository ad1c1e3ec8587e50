import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { interleave, pcm16FromLE } from './pcm.js';
import { fliteSpeech, seededRandom, tone } from './test-signals.js';
import { decodeWav, encodeWav, recordingWav } from './wav.js';

function chunk(id: string, body: Uint8Array, pad = true): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, pad && body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

function fmt(codec: number, channels: number, rate: number, bits: number, extra?: Buffer): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt16LE(codec, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE((rate * channels * bits) / 8, 8);
  body.writeUInt16LE((channels * bits) / 8, 12);
  body.writeUInt16LE(bits, 14);
  return chunk('fmt ', extra ? Buffer.concat([body, extra]) : body);
}

/** cbSize 22, valid bits, channel mask, subformat GUID {0000xxxx-0000-0010-8000-00AA00389B71}. */
function extensible(subformat: number, validBits = 16, guidTail = '000000001000800000aa00389b71'): Buffer {
  const extra = Buffer.alloc(24);
  extra.writeUInt16LE(22, 0);
  extra.writeUInt16LE(validBits, 2);
  extra.writeUInt32LE(0x4, 4);
  extra.writeUInt16LE(subformat, 8);
  Buffer.from(guidTail, 'hex').copy(extra, 10);
  return extra;
}

const pcm = (...samples: number[]): Buffer => Buffer.from(Int16Array.from(samples).buffer);

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => decodeWav(bytes),
    (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID') && pattern.test(err.message),
  );
}

function sox(args: string[], input?: Uint8Array): Buffer {
  const run = spawnSync('sox', ['-D', '-V1', ...args], { input });
  assert.equal(run.status, 0, run.stderr.toString());
  return run.stdout;
}

describe('encodeWav', () => {
  it('writes the canonical 44-byte PCM16 header', () => {
    const wav = encodeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.of(1, -2) });
    assert.equal(wav.length, 48);
    assert.equal(wav.toString('latin1', 0, 4), 'RIFF');
    assert.equal(wav.readUInt32LE(4), 40);
    assert.equal(wav.toString('latin1', 8, 16), 'WAVEfmt ');
    assert.deepEqual([wav.readUInt32LE(16), wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt32LE(28), wav.readUInt16LE(32), wav.readUInt16LE(34)], [16, 1, 1, 8000, 16000, 2, 16]);
    assert.equal(wav.toString('latin1', 36, 40), 'data');
    assert.equal(wav.readUInt32LE(40), 4);
    assert.deepEqual([wav.readInt16LE(44), wav.readInt16LE(46)], [1, -2]);
  });

  it('round-trips through decodeWav', () => {
    const audio = { sampleRate: 16000, channels: 2, samples: tone(440, 16000, 50) };
    assert.deepEqual(decodeWav(encodeWav(audio)), audio);
  });

  it('is read back by sox with the same samples', () => {
    const samples = tone(1000, 8000, 100, 20000);
    const raw = sox(['-t', 'wav', '-', '-t', 'raw', '-e', 'signed', '-b', '16', '-'], encodeWav({ sampleRate: 8000, channels: 1, samples }));
    assert.deepEqual(pcm16FromLE(raw), samples);
  });

  describe('when the audio does not describe a valid file', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      for (const audio of [
        { sampleRate: 8000, channels: 2, samples: new Int16Array(3) },
        { sampleRate: 0, channels: 1, samples: new Int16Array(2) },
        { sampleRate: 8000, channels: 0, samples: new Int16Array(2) },
        { sampleRate: 8000.5, channels: 1, samples: new Int16Array(2) },
      ]) {
        assert.throws(() => encodeWav(audio), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
      }
    });
  });
});

describe('recordingWav', () => {
  it('puts the caller on the left and the agent on the right, padding the shorter with silence', () => {
    const wav = decodeWav(recordingWav(Int16Array.of(1, 2, 3), Int16Array.of(-1), 8000));
    assert.equal(wav.channels, 2);
    assert.equal(wav.sampleRate, 8000);
    assert.deepEqual([...wav.samples], [1, -1, 2, 0, 3, 0]);
  });

  it('writes the same bytes as encoding the interleaved tracks, for tracks of any lengths', () => {
    let seed = 7;
    const track = (n: number): Int16Array => Int16Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 65536) - 32768);
    for (const [left, right] of [[0, 0], [1, 0], [0, 1], [160, 161], [8000, 3], [5, 24000], [24000, 24000]] as const) {
      const caller = track(left);
      const agent = track(right);
      assert.deepEqual(recordingWav(caller, agent, 8000), encodeWav({ sampleRate: 8000, channels: 2, samples: interleave(caller, agent) }), `${left} + ${right} samples`);
    }
    assert.throws(() => recordingWav(Int16Array.of(1), Int16Array.of(1), 10), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
  });
});

describe('decodeWav on files written by real tools', () => {
  // sox cannot finalise a WAV header on a pipe, so it writes these synthetic test signals (no
  // conversation audio) to a private temp directory, removed after the tests.
  const dir = mkdtempSync(join(tmpdir(), 'sotto-wav-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rawOf = (file: string): Int16Array => pcm16FromLE(sox([file, '-t', 'raw', '-e', 'signed', '-b', '16', '-']));

  for (const [name, encoding, channels] of [['mu-law', 'mu-law', 1], ['A-law', 'a-law', 1], ['PCM16 stereo', 'signed', 2], ['PCM16 3-channel (WAVE_FORMAT_EXTENSIBLE)', 'signed', 3]] as const) {
    it(`reads sox's ${name} file as sox itself decodes it`, () => {
      const file = join(dir, `${encoding}-${channels}.wav`);
      const bits = encoding === 'signed' ? '16' : '8';
      sox(['-n', '-r', '8000', '-c', String(channels), '-e', encoding, '-b', bits, file, 'synth', '0.25', 'sine', '440', 'sine', '1000', 'sine', '300']);
      const bytes = readFileSync(file);
      if (channels === 3) assert.equal(bytes.readUInt16LE(20), 0xfffe, 'sox wrote WAVE_FORMAT_EXTENSIBLE');
      const audio = decodeWav(bytes);
      assert.equal(audio.sampleRate, 8000);
      assert.equal(audio.channels, channels);
      assert.equal(audio.samples.length, 2000 * channels);
      assert.deepEqual(audio.samples, rawOf(file));
    });
  }

  it('reads Flite’s synthesized speech, streamed to stdout and never to disk', () => {
    // fliteSpeech decodes flite's WAV output with decodeWav and checks it is 16 kHz mono.
    const samples = fliteSpeech('hello this is a test');
    assert.ok(samples.length > 16000 * 0.8, `${samples.length} samples`);
    assert.ok(samples.some((s) => Math.abs(s) > 3000), 'the speech is audible');
  });
});

describe('decodeWav on hand-built files', () => {
  it('skips unknown chunks before and after the audio, with their odd-size padding', () => {
    const file = riff(chunk('LIST', Buffer.from('INFOISFT\x05\0\0\0sotto')), fmt(1, 1, 8000, 16), chunk('fact', Buffer.alloc(4)), chunk('data', pcm(7, -7)), chunk('junk', Buffer.alloc(3)));
    assert.deepEqual(decodeWav(file), { sampleRate: 8000, channels: 1, samples: Int16Array.of(7, -7) });
  });

  it('accepts a final odd-sized chunk whose pad byte was left out', () => {
    const file = riff(fmt(1, 1, 8000, 16), chunk('data', pcm(5)), chunk('note', Buffer.from('abc'), false));
    assert.deepEqual([...decodeWav(file).samples], [5]);
  });

  it('converts mu-law and A-law data to PCM16', () => {
    assert.deepEqual([...decodeWav(riff(fmt(7, 1, 8000, 8, Buffer.alloc(2)), chunk('data', Buffer.from([0x80, 0xff])))).samples], [32124, 0]);
    assert.deepEqual([...decodeWav(riff(fmt(6, 1, 8000, 8), chunk('data', Buffer.from([0xd5, 0x55])))).samples], [8, -8]);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM or mu-law subformat', () => {
    assert.deepEqual([...decodeWav(riff(fmt(0xfffe, 1, 16000, 16, extensible(1)), chunk('data', pcm(3, 4)))).samples], [3, 4]);
    assert.deepEqual([...decodeWav(riff(fmt(0xfffe, 1, 8000, 8, extensible(7, 8)), chunk('data', Buffer.from([0x80, 0x80])))).samples], [32124, 32124]);
  });

  it('ignores bytes after the declared RIFF size', () => {
    const file = Buffer.concat([riff(fmt(1, 1, 8000, 16), chunk('data', pcm(1))), Buffer.from('trailing')]);
    assert.deepEqual([...decodeWav(file).samples], [1]);
  });
});

describe('decodeWav on malformed input', () => {
  const good = riff(fmt(1, 1, 8000, 16), chunk('data', pcm(1, 2, 3)));
  const patched = (offset: number, write: (b: Buffer) => void): Buffer => {
    const copy = Buffer.from(good);
    write(copy.subarray(offset));
    return copy;
  };

  it('rejects what is not a RIFF WAVE file', () => {
    rejects(Buffer.alloc(0), /shorter than a RIFF header/);
    rejects(Buffer.from('RIFF\x04\0\0\0WAV'), /shorter than a RIFF header/);
    rejects(Buffer.from('OggS\x04\0\0\0WAVEzzzz'), /does not start with RIFF/);
    rejects(Buffer.from('RIFX\x04\0\0\0WAVE'), /RIFX files are not supported/);
    rejects(Buffer.from('RF64\xff\xff\xff\xffWAVE'), /RF64 files are not supported/);
    rejects(Buffer.from('RIFF\x04\0\0\0AVI '), /not WAVE/);
  });

  it('rejects a RIFF size larger than the file (truncated, or a stream writer’s placeholder)', () => {
    rejects(good.subarray(0, good.length - 2), /declares \d+ bytes but \d+ follow/);
    rejects(patched(4, (b) => b.writeUInt32LE(0xffffffff)), /declares 4294967295 bytes/);
  });

  it('rejects a chunk declaring more bytes than remain, before allocating anything', () => {
    rejects(patched(40, (b) => b.writeUInt32LE(0x7ffffff0)), /chunk 'data' at offset 36 declares 2147483632 bytes but only 6 remain/);
  });

  it('rejects a chunk header cut off at the end', () => {
    rejects(riff(fmt(1, 1, 8000, 16), chunk('data', pcm(1)), Buffer.from('LIS')), /chunk header at offset \d+ is cut off/);
  });

  it('rejects files missing fmt or data, in the wrong order, or with either twice', () => {
    rejects(riff(chunk('data', pcm(1))), /data chunk comes before the fmt chunk/);
    rejects(riff(fmt(1, 1, 8000, 16)), /no data chunk/);
    rejects(riff(chunk('LIST', Buffer.alloc(4))), /no fmt chunk/);
    rejects(riff(fmt(1, 1, 8000, 16), fmt(1, 1, 8000, 16), chunk('data', pcm(1))), /more than one fmt chunk/);
    rejects(riff(fmt(1, 1, 8000, 16), chunk('data', pcm(1)), chunk('data', pcm(1))), /more than one data chunk/);
  });

  it('rejects formats it does not decode, naming them', () => {
    rejects(riff(fmt(3, 1, 8000, 32), chunk('data', Buffer.alloc(4))), /format 0x0003 is not supported/);
    rejects(riff(fmt(1, 1, 8000, 24), chunk('data', Buffer.alloc(3))), /24-bit samples/);
    rejects(riff(fmt(1, 1, 8000, 8), chunk('data', Buffer.alloc(2))), /8-bit samples in format 1/);
    rejects(riff(fmt(7, 1, 8000, 16), chunk('data', Buffer.alloc(2))), /16-bit samples in format 7/);
  });

  it('rejects impossible format fields', () => {
    rejects(riff(chunk('fmt ', Buffer.alloc(14)), chunk('data', pcm(1))), /fmt chunk is 14 bytes/);
    rejects(riff(fmt(1, 0, 8000, 16), chunk('data', pcm(1))), /0 channels/);
    rejects(riff(fmt(1, 200, 8000, 16), chunk('data', pcm(1))), /200 channels/);
    rejects(riff(fmt(1, 1, 0, 16), chunk('data', pcm(1))), /sample rate 0 Hz/);
    rejects(riff(fmt(1, 1, 4_000_000, 16), chunk('data', pcm(1))), /sample rate 4000000 Hz/);
    rejects(patched(32, (b) => b.writeUInt16LE(4)), /block align 4 does not match 1 channels of 16 bits/);
    rejects(patched(28, (b) => b.writeUInt32LE(12345)), /byte rate 12345 does not match/);
  });

  it('rejects data that ends inside a sample frame', () => {
    rejects(riff(fmt(1, 2, 8000, 16), chunk('data', pcm(1, 2, 3))), /ends inside a 4-byte sample frame/);
  });

  it('rejects WAVE_FORMAT_EXTENSIBLE that is short, has an unknown GUID or impossible valid bits', () => {
    rejects(riff(fmt(0xfffe, 1, 8000, 16), chunk('data', pcm(1))), /EXTENSIBLE fmt chunk is too short/);
    rejects(riff(fmt(0xfffe, 1, 8000, 16, extensible(1, 16, '0000000010008000ffffffffffff')), chunk('data', pcm(1))), /not a known GUID/);
    rejects(riff(fmt(0xfffe, 1, 8000, 16, extensible(1, 20)), chunk('data', pcm(1))), /20 valid bits in a 16-bit container/);
  });

  it('keeps control bytes of a chunk id out of the error message', () => {
    const file = Buffer.from(good);
    file.write('\n\x1b[0', 36, 'latin1');
    file.writeUInt32LE(0x7ffffff0, 40);
    assert.throws(() => decodeWav(file), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID') && err.message.includes("chunk '??[0'"));
  });

  it('answers every corrupted variant of a valid file with a result or AUDIO_FORMAT_INVALID, nothing else', () => {
    const valid = riff(chunk('LIST', Buffer.alloc(5)), fmt(0xfffe, 2, 8000, 16, extensible(1)), chunk('data', pcm(1, 2, 3, 4)));
    const random = seededRandom(42);
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = Buffer.from(valid.subarray(0, random() < 0.2 ? Math.floor(random() * valid.length) : valid.length));
      for (let flips = 1 + Math.floor(random() * 3); flips > 0 && bytes.length > 0; flips--) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      try {
        const audio = decodeWav(bytes);
        assert.equal(audio.samples.length % audio.channels, 0);
      } catch (err) {
        assert.ok(isSottoError(err, 'AUDIO_FORMAT_INVALID'), `trial ${trial}: ${String(err)}`);
      }
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDtmfFrame } from './dtmf.js';
import { resample } from './resampler.js';
import { fliteSpeech } from './test-signals.js';

const RATE = 8000;
const frame = (fn: (t: number, i: number) => number, ms = 20): Int16Array => {
  const out = new Int16Array((RATE * ms) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(fn(i / RATE, i));
  return out;
};
const tone = (low: number, high: number, amplitude = 5000) => frame((t) => amplitude * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));

describe('isDtmfFrame', () => {
  it('hears every key of the keypad in a 20 ms frame', () => {
    for (const low of [697, 770, 852, 941]) for (const high of [1209, 1336, 1477, 1633]) assert.equal(isDtmfFrame(tone(low, high), RATE), true, `${low}+${high}`);
  });
  it('hears a quiet key too (about -20 dBFS)', () => {
    assert.equal(isDtmfFrame(tone(852, 1336, 1000), RATE), true);
  });
  it('does not take a single tone, silence or noise for a key', () => {
    assert.equal(isDtmfFrame(frame((t) => 8000 * Math.sin(2 * Math.PI * 1000 * t)), RATE), false);
    assert.equal(isDtmfFrame(frame((t) => 8000 * Math.sin(2 * Math.PI * 770 * t)), RATE), false);
    assert.equal(isDtmfFrame(new Int16Array(160), RATE), false);
    let seed = 7;
    const noise = frame(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 12000);
    assert.equal(isDtmfFrame(noise, RATE), false);
  });
  it('does not take a voiced vowel-like sound (many harmonics) for a key', () => {
    const vowel = frame((t) => [1, 2, 3, 4, 5, 6, 7, 8].reduce((sum, k) => sum + (3000 / k) * Math.sin(2 * Math.PI * 140 * k * t), 0));
    assert.equal(isDtmfFrame(vowel, RATE), false);
  });
  it('works at 16 kHz', () => {
    const out = new Int16Array(320);
    for (let i = 0; i < out.length; i++) out[i] = Math.round(5000 * (Math.sin((2 * Math.PI * 941 * i) / 16000) + Math.sin((2 * Math.PI * 1477 * i) / 16000)));
    assert.equal(isDtmfFrame(out, 16000), true);
  });
});

describe('isDtmfFrame on real speech (Flite)', () => {
  it('takes no frame of a spoken card number for a key', () => {
    const speech = resample(fliteSpeech('my card number is four one one one one one one one one one one one one one one one'), 16000, RATE);
    let keys = 0;
    for (let at = 0; at + 160 <= speech.length; at += 160) if (isDtmfFrame(speech.subarray(at, at + 160), RATE)) keys++;
    assert.equal(keys, 0);
  });
});

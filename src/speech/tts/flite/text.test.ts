import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../../errors/index.js';
import { MAX_TEXT_CHARS, MAX_WORD_CHARS, textForFlite } from './text.js';

describe('text prepared for Flite', () => {
  it('folds accents and turns other non-ASCII and control characters into spaces', () => {
    assert.equal(textForFlite('Café crème\u0000\tok 日本 🙂.'), 'Cafe creme ok    .');
  });
  it('refuses text over the length limit and overlong words with TTS_FAILED', () => {
    assert.throws(() => textForFlite('a '.repeat(MAX_TEXT_CHARS)), (err) => isSottoError(err, 'TTS_FAILED'));
    assert.throws(() => textForFlite(`say ${'x'.repeat(MAX_WORD_CHARS + 1)}`), (err) => isSottoError(err, 'TTS_FAILED'));
    assert.equal(textForFlite('x'.repeat(MAX_WORD_CHARS)).length, MAX_WORD_CHARS);
  });
  it('refuses a value that is not a string', () => {
    assert.throws(() => textForFlite(42 as unknown as string), (err) => isSottoError(err, 'TTS_FAILED'));
  });
});

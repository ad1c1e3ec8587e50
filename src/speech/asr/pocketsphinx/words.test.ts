import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordsOfSegments } from './words.js';

describe('PocketSphinx segments to words', () => {
  it('drops markers and fillers, strips variant suffixes, and turns inclusive frames into ms', () => {
    const words = wordsOfSegments([
      { word: '<s>', startFrame: 0, endFrame: 20 },
      { word: 'my', startFrame: 21, endFrame: 35 },
      { word: '<sil>', startFrame: 36, endFrame: 40 },
      { word: 'for(3)', startFrame: 41, endFrame: 60 },
      { word: '[NOISE]', startFrame: 61, endFrame: 70 },
      { word: '++BREATH++', startFrame: 71, endFrame: 72 },
      { word: '(NULL)', startFrame: 73, endFrame: 73 },
      { word: 'one(2)', startFrame: 74, endFrame: 99 },
      { word: '</s>', startFrame: 100, endFrame: 110 },
    ]);
    assert.deepEqual(words, [
      { text: 'my', startMs: 210, endMs: 360 },
      { text: 'for', startMs: 410, endMs: 610 },
      { text: 'one', startMs: 740, endMs: 1000 },
    ]);
  });
});

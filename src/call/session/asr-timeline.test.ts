import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsrTimeline } from './asr-timeline.js';

describe('AsrTimeline', () => {
  it('passes contiguous frames straight through', () => {
    const t = new AsrTimeline(600);
    for (let at = 0; at < 100; at += 20) {
      assert.equal(t.place(at), 0);
      t.advance(20);
    }
    assert.equal(t.callMs, 100);
    assert.equal(t.toCallMs(50), 50);
  });

  it('fills a short gap with silence and keeps times aligned', () => {
    const t = new AsrTimeline(600);
    t.place(0);
    t.advance(20);
    assert.equal(t.place(220), 200);
    t.advance(20);
    assert.equal(t.toCallMs(230), 230);
  });

  it('compresses a long gap and maps later words back to call time', () => {
    const t = new AsrTimeline(600);
    t.place(0);
    t.advance(1000);
    assert.equal(t.place(6000), 600, 'only 600 ms of the 5 s gap reach the recognizer');
    t.advance(1000);
    assert.equal(t.callMs, 7000);
    assert.equal(t.toCallMs(500), 500, 'words before the gap keep their time');
    assert.equal(t.toCallMs(1600), 6000, 'the first word after the gap lands where its audio was');
    assert.equal(t.toCallMs(2100), 6500);
  });

  it('keeps late frames away from the recognizer', () => {
    const t = new AsrTimeline();
    t.place(0);
    t.advance(100);
    assert.equal(t.place(40), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mediaMessage, mediaMessagePrefix, parseOutboundMessage } from './outbound-messages.js';

describe('outbound media messages', () => {
  it('are the JSON the object form would serialize to, for any stream id and payload', () => {
    const sids = ['MZ' + 'a'.repeat(32), 'x', 'a"b', 'back\\slash', 'new\nline', 'é', '\u2028', ''];
    for (const sid of sids) {
      for (const length of [1, 2, 3, 160, 161]) {
        const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
        const text = mediaMessage(mediaMessagePrefix(sid), bytes);
        const expected = JSON.stringify({ event: 'media', streamSid: sid, media: { payload: Buffer.from(bytes).toString('base64') } });
        assert.equal(text, expected);
        const parsed = parseOutboundMessage(text);
        assert.equal(parsed.event, 'media');
        if (parsed.event === 'media') assert.deepEqual(new Uint8Array(parsed.payload), bytes);
      }
    }
  });

  it('encode only the view they are given, not the whole buffer behind it', () => {
    const whole = Uint8Array.from({ length: 480 }, (_, i) => i & 0xff);
    const text = mediaMessage(mediaMessagePrefix('MZ1'), whole.subarray(160, 320));
    assert.equal((JSON.parse(text) as { media: { payload: string } }).media.payload, Buffer.from(whole.subarray(160, 320)).toString('base64'));
  });
});

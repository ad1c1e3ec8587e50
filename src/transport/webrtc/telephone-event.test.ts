import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelephoneEvents } from './telephone-event.js';

/** An RFC 4733 payload: event, E bit, volume 10, duration. */
const event = (code: number, end: boolean, duration: number): Buffer => Buffer.from([code, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);

describe('keypad presses from telephone-events', () => {
  it('reports a press once, though its packets and its end packet (three times) repeat', () => {
    const keys = new TelephoneEvents();
    const pressed: (string | undefined)[] = [];
    for (const d of [160, 320, 480]) pressed.push(keys.accept(8000, event(5, false, d)));
    for (let i = 0; i < 3; i++) pressed.push(keys.accept(8000, event(5, true, 800)));
    assert.deepEqual(pressed.filter((k) => k !== undefined), ['5']);
  });

  it('tells presses apart by their RTP timestamp, the same key twice included', () => {
    const keys = new TelephoneEvents();
    const pressed = [keys.accept(1000, event(1, true, 800)), keys.accept(3000, event(1, true, 800)), keys.accept(5000, event(11, false, 160))];
    assert.deepEqual(pressed, ['1', '1', '#']);
  });

  it('reports a press whose first packets were lost', () => {
    assert.equal(new TelephoneEvents().accept(42, event(10, true, 800)), '*');
  });

  it('ignores events that are not keys, and short payloads', () => {
    const keys = new TelephoneEvents();
    assert.equal(keys.accept(1, event(32, false, 160)), undefined); // a fax tone (RFC 4734)
    assert.equal(keys.accept(2, Buffer.from([1, 0x80])), undefined);
  });
});

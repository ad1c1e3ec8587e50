import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SottoError } from '../errors/index.js';
import type { ErrorCode } from '../errors/index.js';
import { parseInboundMessage } from './inbound-messages.js';
import { wire } from './test-fixtures.js';

const SECRET = '4111111111111111';

function rejects(text: string, code: ErrorCode, message?: RegExp): void {
  assert.throws(
    () => parseInboundMessage(text),
    (err) => {
      assert.ok(err instanceof SottoError);
      assert.equal(err.code, code);
      if (message) assert.match(err.message, message);
      // Error messages go to logs and operators: never any of the message's content.
      assert.ok(!err.message.includes(SECRET), err.message);
      return true;
    },
  );
}

const media = (fields: Record<string, unknown>) =>
  JSON.stringify({
    event: 'media',
    sequenceNumber: '2',
    streamSid: 'MZ1',
    media: { track: 'inbound', chunk: '1', timestamp: '5', payload: 'AAEC', ...fields },
  });

describe('parseInboundMessage', () => {
  describe('when the messages are Twilio’s', () => {
    it('parses start with its SIDs, custom parameters and media format', () => {
      const message = parseInboundMessage(wire.start());
      assert.equal(message.event, 'start');
      if (message.event !== 'start') return;
      assert.equal(message.sequenceNumber, 1);
      assert.equal(message.start.callSid, 'CA00000000000000000000000000000001');
      assert.deepEqual(message.start.customParameters, { agent: 'payments' });
      assert.deepEqual(message.start.mediaFormat, { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 });
    });

    it('turns digit strings into numbers and decodes the base64 payload', () => {
      const message = parseInboundMessage(media({}));
      assert.ok(message.event === 'media');
      assert.equal(message.sequenceNumber, 2);
      assert.equal(message.media.chunk, 1);
      assert.equal(message.media.timestamp, 5);
      assert.deepEqual([...message.media.payload], [0, 1, 2]);
    });

    it('parses connected, dtmf, mark and stop', () => {
      assert.equal(parseInboundMessage(wire.connected()).event, 'connected');
      const dtmf = parseInboundMessage(JSON.stringify({ event: 'dtmf', streamSid: 'MZ1', sequenceNumber: '3', dtmf: { track: 'inbound_track', digit: '#' } }));
      assert.ok(dtmf.event === 'dtmf' && dtmf.dtmf.digit === '#');
      const mark = parseInboundMessage(JSON.stringify({ event: 'mark', sequenceNumber: '4', streamSid: 'MZ1', mark: { name: 'greeting' } }));
      assert.ok(mark.event === 'mark' && mark.mark.name === 'greeting');
      const stop = parseInboundMessage(JSON.stringify({ event: 'stop', sequenceNumber: '5', streamSid: 'MZ1', stop: { accountSid: 'AC1', callSid: 'CA1' } }));
      assert.ok(stop.event === 'stop' && stop.stop.callSid === 'CA1');
    });
  });

  describe('when a message is not JSON', () => {
    it('throws TRANSPORT_MALFORMED_FRAME without quoting it', () => rejects(`{"event":"media" ${SECRET}`, 'TRANSPORT_MALFORMED_FRAME', /not valid JSON/));
  });

  describe('when the JSON is not an object', () => {
    it('throws TRANSPORT_MALFORMED_FRAME for arrays, strings, numbers and null', () => {
      for (const text of ['[]', `"${SECRET}"`, '42', 'null']) rejects(text, 'TRANSPORT_MALFORMED_FRAME', /not a JSON object/);
    });
  });

  describe('when the event is unknown or missing', () => {
    it('throws TRANSPORT_MALFORMED_FRAME without naming the event', () => {
      rejects(JSON.stringify({ event: SECRET }), 'TRANSPORT_MALFORMED_FRAME', /unknown event/);
      rejects(JSON.stringify({ event: 'toString' }), 'TRANSPORT_MALFORMED_FRAME', /unknown event/);
      rejects(JSON.stringify({ streamSid: 'MZ1' }), 'TRANSPORT_MALFORMED_FRAME', /missing or unknown event/);
    });
  });

  describe('when a field is missing or ill-typed', () => {
    it('names the field, not its value', () => {
      rejects(media({ payload: undefined }), 'TRANSPORT_MALFORMED_FRAME', /field media\.payload/);
      rejects(media({ track: SECRET }), 'TRANSPORT_MALFORMED_FRAME', /field media\.track/);
      rejects(JSON.stringify({ event: 'mark', sequenceNumber: '4', streamSid: 'MZ1', mark: { name: '' } }), 'TRANSPORT_MALFORMED_FRAME', /field mark\.name/);
      rejects(JSON.stringify({ event: 'dtmf', sequenceNumber: '4', streamSid: 'MZ1', dtmf: { track: 'inbound_track', digit: '12' } }), 'TRANSPORT_MALFORMED_FRAME', /field dtmf\.digit/);
    });

    it('accepts numbers only as plain digit strings', () => {
      rejects(media({ chunk: 1 }), 'TRANSPORT_MALFORMED_FRAME', /field media\.chunk/);
      for (const timestamp of ['-5', '5.0', '1e3', ' 5', '05', '', '9999999999999999']) {
        rejects(media({ timestamp }), 'TRANSPORT_MALFORMED_FRAME', /field media\.timestamp/);
      }
      rejects(JSON.stringify({ ...JSON.parse(media({})), sequenceNumber: 2 }), 'TRANSPORT_MALFORMED_FRAME', /field sequenceNumber/);
    });

    it('refuses SIDs that could smuggle text into logs', () => {
      rejects(JSON.stringify({ ...JSON.parse(media({})), streamSid: 'MZ1\nlevel=error' }), 'TRANSPORT_MALFORMED_FRAME', /field streamSid/);
    });

    it('refuses custom parameters that are not an object of strings, or a __proto__ key', () => {
      const start = JSON.parse(wire.start()) as { start: { customParameters: unknown } };
      for (const customParameters of [[SECRET], { card: 4111 }, 'x']) {
        start.start.customParameters = customParameters;
        rejects(JSON.stringify(start), 'TRANSPORT_MALFORMED_FRAME', /customParameters/);
      }
      rejects(wire.start().replace('"agent"', '"__proto__"'), 'TRANSPORT_MALFORMED_FRAME', /customParameters/);
    });
  });

  describe('when a media payload is not valid base64', () => {
    it('throws TRANSPORT_MALFORMED_FRAME rather than decoding part of it', () => {
      for (const payload of ['AAE', 'AA!C', 'AAEC====', 'A===', '', 'AAEC\n']) {
        rejects(media({ payload }), 'TRANSPORT_MALFORMED_FRAME', /base64/);
      }
    });
  });

  describe('when a media payload is longer than 200 ms of audio', () => {
    it('throws TRANSPORT_FRAME_TOO_LARGE', () => {
      assert.equal(parseInboundMessage(media({ payload: Buffer.alloc(1600).toString('base64') })).event, 'media');
      rejects(media({ payload: Buffer.alloc(1601).toString('base64') }), 'TRANSPORT_FRAME_TOO_LARGE');
    });
  });
});

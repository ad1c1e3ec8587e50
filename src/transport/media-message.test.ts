// Differential test: the hand-written media validator against the zod schema it replaces on
// the per-frame path. Messages are generated from a fixed seed (reproducible), mutating one or
// more fields of a valid message into values near and far from the boundaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { parseInboundMessage, parseInboundMessageWithZod } from './inbound-messages.js';
import { scanMediaMessage } from './media-scan.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MISSING = Symbol('missing');
const DIGITS = ['0', '1', '7', '20', '00', '01', '-1', '1.0', '1e3', ' 1', '1 ', '+1', '999999999999999', '1000000000000000', '9007199254740991', '٣', '１', '0x1f'];
const SIDS = ['MZ1', 'MZ' + 'a'.repeat(32), 'x'.repeat(64), 'x'.repeat(65), '', 'a-b_c', 'a.b', 'a b', 'é', 'MZ\n1', '--', '_'];
const TRACKS = ['inbound', 'outbound', 'Inbound', 'both', 'inbound ', '', 'inbound_track'];
const PAYLOADS = ['AAEC', 'AA==', 'AAE=', '', 'A', 'AAE', '!!!!', 'AA AA', 'A'.repeat(2136), 'A'.repeat(2140), '/+8=', 'AAEC\n'];
const OTHER: unknown[] = [MISSING, null, 0, 1, -1, 1.5, true, false, [], ['1'], {}, { a: 1 }, 'media', 'stop'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A value for a field: usually from its own family (near the boundary), sometimes anything. */
function valueFor(random: () => number, family: readonly unknown[]): unknown {
  return random() < 0.7 ? pick(random, family) : pick(random, [...OTHER, ...DIGITS, ...SIDS, ...TRACKS]);
}

function generate(random: () => number): string {
  const media: Record<string, unknown> = { track: 'inbound', chunk: '1', timestamp: '20', payload: 'AAEC' };
  // Sotto's client writes streamSid before media, Twilio after it: both layouts take the scan (media-scan.ts).
  const message: Record<string, unknown> =
    random() < 0.5 ? { event: 'media', sequenceNumber: '2', streamSid: 'MZ1', media } : { event: 'media', sequenceNumber: '2', media, streamSid: 'MZ1' };
  const mutations = Math.floor(random() * 3); // 0 (valid), 1 or 2 fields changed
  for (let m = 0; m < mutations; m++) {
    const field = pick(random, ['sequenceNumber', 'streamSid', 'media', 'track', 'chunk', 'timestamp', 'payload', 'extra', 'mediaExtra']);
    const set = (target: Record<string, unknown>, key: string, value: unknown): void => {
      if (value === MISSING) delete target[key];
      else target[key] = value;
    };
    if (field === 'sequenceNumber') set(message, field, valueFor(random, DIGITS));
    else if (field === 'streamSid') set(message, field, valueFor(random, SIDS));
    else if (field === 'media') set(message, field, pick(random, OTHER));
    else if (field === 'track') set(media, field, valueFor(random, TRACKS));
    else if (field === 'chunk' || field === 'timestamp') set(media, field, valueFor(random, DIGITS));
    else if (field === 'payload') set(media, field, valueFor(random, PAYLOADS));
    else if (field === 'extra') set(message, pick(random, ['foo', 'sequence', 'mark', '__proto__']), pick(random, OTHER));
    else set(media, pick(random, ['bar', 'track2', 'payloads']), pick(random, OTHER));
  }
  const text = JSON.stringify(message);
  // Now and then the same message spelled otherwise: an escape JSON reads as the same character,
  // spaces between tokens, or a different key order inside media. Only JSON.parse may read those.
  const spelling = random();
  if (spelling < 0.04) return text.replace('MZ1', 'MZ\\u0031');
  if (spelling < 0.08) return text.replace('"sequenceNumber":', '"sequenceNumber" : ');
  if (spelling < 0.1) return text.replace('"payload":"AAEC"', '"payload":"AA\\u0045C"');
  return text;
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

function outcome(parse: (text: string) => unknown, text: string): Outcome {
  try {
    return { ok: true, value: parse(text) };
  } catch (err) {
    assert.ok(isSottoError(err), `a non-coded error for ${text}`);
    return { ok: false, code: err.code, message: err.message };
  }
}

describe('the hand-written media validator', () => {
  it('when given 20 000 generated media messages, accepts, rejects and reports exactly what the zod schema does', () => {
    const random = rng(0x50770);
    let accepted = 0;
    let rejected = 0;
    let scanned = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = generate(random);
      if (scanMediaMessage(text)) scanned++;
      const fast = outcome(parseInboundMessage, text);
      const reference = outcome(parseInboundMessageWithZod, text);
      assert.deepEqual(fast, reference, `the validators disagree on ${text}`);
      if (fast.ok) accepted++;
      else rejected++;
    }
    // The generator must exercise both sides, or the comparison proves nothing.
    assert.ok(accepted > 2000 && rejected > 2000, `accepted ${accepted}, rejected ${rejected}`);
    assert.ok(scanned > 2000 && scanned < accepted, `${scanned} read by the scan of ${accepted} accepted`);
  });

  it('when a field is wrong, names the same first field as zod (fields checked in schema order)', () => {
    const text = JSON.stringify({ event: 'media', sequenceNumber: 'x', streamSid: '', media: { track: 'x' } });
    const fast = outcome(parseInboundMessage, text);
    assert.deepEqual(fast, outcome(parseInboundMessageWithZod, text));
    assert.equal(fast.ok, false);
    if (!fast.ok) assert.match(fast.message, /field sequenceNumber /);
  });

  it('when the message is valid, drops unknown fields and decodes the payload like the zod path', () => {
    const text = JSON.stringify({ event: 'media', sequenceNumber: '3', streamSid: 'MZ1', extra: 1, media: { track: 'outbound', chunk: '2', timestamp: '40', payload: 'AAEC', more: true } });
    const fast = parseInboundMessage(text);
    assert.deepEqual(fast, parseInboundMessageWithZod(text));
    assert.deepEqual(fast, { event: 'media', sequenceNumber: 3, streamSid: 'MZ1', media: { track: 'outbound', chunk: 2, timestamp: 40, payload: Buffer.from([0, 1, 2]) } });
  });

  it('reads carriers’ own layout without JSON.parse, and leaves every other spelling to it', () => {
    const twilio = '{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"AAEC"},"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}';
    const ours = '{"event":"media","sequenceNumber":"3","streamSid":"MZ1","media":{"track":"outbound","chunk":"1","timestamp":"5","payload":"AAEC"}}';
    assert.deepEqual(scanMediaMessage(twilio), { event: 'media', sequenceNumber: 3, streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0', media: { track: 'inbound', chunk: 1, timestamp: 5, payload: 'AAEC' } });
    assert.equal(scanMediaMessage(ours)?.streamSid, 'MZ1');
    const others = [
      twilio.replace('"MZ18', '"MZ\\u0031'),
      twilio.replace(',"streamSid"', ', "streamSid"'),
      twilio.replace('"track":"inbound","chunk":"1"', '"chunk":"1","track":"inbound"'),
      twilio.replace('"payload"', '"extra":1,"payload"'),
      twilio.replace('"}', '","x":"y"}'),
      `${twilio} `,
      twilio.slice(0, -1),
      ours.replace('}}', '}}}'),
      ours.replace('"3"', '"03"'),
      ours.replace('"MZ1"', '"MZ 1"'),
    ];
    for (const text of others) {
      assert.equal(scanMediaMessage(text), undefined, text);
      assert.deepEqual(outcome(parseInboundMessage, text), outcome(parseInboundMessageWithZod, text), text);
    }
  });
});

/** RFC 4733 §3.2: events 0–9, *, #, A–D are the DTMF keys. */
const KEYS = '0123456789*#ABCD';

/** How many recent events are remembered to drop their retransmissions. */
const REMEMBERED = 32;

/**
 * Keypad presses from RFC 4733 telephone-event packets. One press is one event, named by its
 * RTP timestamp (§2.5.1.2: every packet of an event carries the timestamp of its start), sent
 * as several packets while the key is held and its end packet three times (§2.5.1.4). A
 * press is reported once, at its first packet (so a lost start or end packet loses nothing);
 * every later packet with a timestamp already seen is a repeat.
 */
export class TelephoneEvents {
  private readonly seen: number[] = [];

  /** The key pressed, when this packet starts a new event; undefined otherwise. */
  accept(timestamp: number, payload: Buffer): string | undefined {
    // Event (8 bits), E|R|volume (8 bits), duration (16 bits).
    if (payload.length < 4) return undefined;
    const key = KEYS[payload[0] as number];
    if (key === undefined) return undefined; // a tone or line event (RFC 4734), not a key
    if (this.seen.includes(timestamp)) return undefined;
    this.seen.push(timestamp);
    if (this.seen.length > REMEMBERED) this.seen.shift();
    return key;
  }
}

import { isIP } from 'node:net';
import { SottoError } from '../../errors/index.js';

/** A browser's audio-only offer is 2–6 KiB; anything much larger is not one. */
export const MAX_OFFER_BYTES = 16 * 1024;

const invalid = (why: string): SottoError => new SottoError('WEBRTC_OFFER_INVALID', `the offer ${why}`);

/** `a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> …` (RFC 8839 §5.1). */
const CANDIDATE = /^a=candidate:\S+ \d+ (\S+) \d+ (\S+) \d+ typ (\S+)/;

/**
 * Checks a browser's SDP offer before werift parses it, and returns it with the remote
 * candidates Sotto will not use removed. The offer is attacker-controlled: it is parsed
 * defensively, line by line, and anything outside the one shape Sotto answers is refused
 * (WEBRTC_OFFER_INVALID), so werift only ever sees a small, audio-only, DTLS-SRTP offer.
 *
 * - Exactly one m-line, `m=audio … UDP/TLS/RTP/SAVPF` (RFC 5764: SRTP keyed by DTLS): plain
 *   RTP (`RTP/AVP`) and SDES keys are refused, so no call can run unencrypted.
 * - PCMU must be offered (static payload type 0, or an rtpmap naming PCMU/8000): the call
 *   pipeline is 8 kHz mu-law end to end, like a phone line.
 * - ICE credentials and a DTLS fingerprint must be present (RFC 8839, RFC 8122).
 * - Candidates: `.local` names (mDNS, draft-ietf-mmusic-mdns-ice-candidates)
 *   would make werift send multicast DNS queries on the server's network, and TCP candidates are
 *   never used; both are dropped. Sotto is ICE-lite and learns the browser's address from its
 *   checks (RFC 8445 §2.5), so no remote candidate is needed at all.
 */
export function checkOffer(sdp: unknown): string {
  if (typeof sdp !== 'string' || sdp.length === 0) throw invalid('is missing');
  if (Buffer.byteLength(sdp, 'utf8') > MAX_OFFER_BYTES) throw invalid(`is larger than ${MAX_OFFER_BYTES} bytes`);
  // SDP is US-ASCII text in practice (RFC 8866 §5 allows UTF-8 in a few fields); control characters never.
  for (let i = 0; i < sdp.length; i++) {
    const c = sdp.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c === 0x7f) throw invalid('holds control characters');
  }
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== 'v=0') throw invalid('is not SDP (it must start with v=0)');
  const media = lines.filter((line) => line.startsWith('m='));
  if (media.length !== 1) throw invalid(`must have exactly one m-line (has ${media.length})`);
  const m = /^m=(\S+) \d+ (\S+) ([0-9 ]+)$/.exec(media[0] as string);
  if (!m) throw invalid('has a malformed m-line');
  const [, kind, proto, formats] = m as unknown as [string, string, string, string];
  if (kind !== 'audio') throw invalid(`must offer audio (offers ${kind})`);
  if (proto !== 'UDP/TLS/RTP/SAVPF') throw invalid(`must use DTLS-SRTP (UDP/TLS/RTP/SAVPF), not ${proto}`);
  const payloadTypes = formats.split(' ');
  const pcmu = payloadTypes.includes('0')
    ? '0'
    : lines.map((line) => /^a=rtpmap:(\d+) PCMU\/8000(\/1)?$/i.exec(line)?.[1]).find((pt) => pt !== undefined && payloadTypes.includes(pt));
  if (pcmu === undefined) throw invalid('must offer PCMU (G.711 mu-law, 8 kHz)');
  if (!lines.some((line) => line.startsWith('a=ice-ufrag:')) || !lines.some((line) => line.startsWith('a=ice-pwd:'))) {
    throw invalid('has no ICE credentials (a=ice-ufrag, a=ice-pwd)');
  }
  if (!lines.some((line) => /^a=fingerprint:\S+ [0-9A-Fa-f:]+$/.test(line))) throw invalid('has no DTLS fingerprint (a=fingerprint)');
  // werift sends with the first codec of the offer's order that it supports: PCMU goes first,
  // so an offer listing telephone-event earlier cannot make the agent's voice go out as events.
  const mLine = `${(media[0] as string).slice(0, (media[0] as string).length - formats.length)}${[pcmu, ...payloadTypes.filter((pt) => pt !== pcmu)].join(' ')}`;
  const kept = lines.map((line) => (line.startsWith('m=') ? mLine : line)).filter((line) => {
    const candidate = CANDIDATE.exec(line);
    if (!candidate) return !line.startsWith('a=candidate:');
    const [, transport, address] = candidate as unknown as [string, string, string];
    return transport.toLowerCase() === 'udp' && isIP(address) !== 0;
  });
  return `${kept.join('\r\n')}\r\n`;
}

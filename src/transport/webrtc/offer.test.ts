import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { restrictAnswerCandidates } from './answer-candidates.js';
import { checkOffer, MAX_OFFER_BYTES } from './offer.js';

/** The shape of Chromium's audio-only offer (research 2026-11-28), trimmed. */
const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 192.0.2.2 50001 typ host generation 0',
  'a=candidate:2 1 udp 2122262783 fd00::2 50002 typ host generation 0',
  'a=candidate:3 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active generation 0',
  'a=candidate:4 1 udp 2122260223 3f0c1b2e-8f4c-4d5e-9a6b-1c2d3e4f5a6b.local 50003 typ host generation 0',
  'a=ice-ufrag:Hk3e',
  'a=ice-pwd:Q4s0bIZ9S3B3kVK8gW3yYz1n',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 1E:2F:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:63 red/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  '',
].join('\r\n');

function refused(sdp: unknown, why: RegExp): void {
  assert.throws(
    () => checkOffer(sdp),
    (err: unknown) => isSottoError(err, 'WEBRTC_OFFER_INVALID') && why.test((err as Error).message),
  );
}

describe('checking a browser offer', () => {
  it('accepts Chromium’s audio offer and keeps its IP UDP candidates only', () => {
    const sdp = checkOffer(CHROME_OFFER);
    const candidates = sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    assert.deepEqual(candidates.map((c) => c.split(' ')[4]), ['192.0.2.2', 'fd00::2']);
    assert.ok(sdp.includes('a=rtpmap:0 PCMU/8000'));
    assert.ok(sdp.endsWith('\r\n'));
  });

  it('drops mDNS (.local) candidates, which would make the server send multicast DNS queries', () => {
    assert.ok(!checkOffer(CHROME_OFFER).includes('.local'));
  });

  it('puts PCMU first in the m-line, so the agent is never sent as another codec', () => {
    const sdp = checkOffer(CHROME_OFFER.replace('SAVPF 111 63 9 0 8 13 110 126', 'SAVPF 126 111 0 8'));
    assert.match(sdp, /^m=audio 9 UDP\/TLS\/RTP\/SAVPF 0 126 111 8$/m);
  });

  it('accepts PCMU under a dynamic payload type named by rtpmap', () => {
    const sdp = CHROME_OFFER.replace('SAVPF 111 63 9 0 8 13 110 126', 'SAVPF 96').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:96 PCMU/8000');
    assert.doesNotThrow(() => checkOffer(sdp));
  });

  describe('when the offer is not the one shape Sotto answers', () => {
    it('refuses an offer without PCMU', () => refused(CHROME_OFFER.replace(' 0 8 13', ' 8 13').replace('a=rtpmap:0 PCMU/8000\r\n', ''), /PCMU/));
    it('refuses plain RTP (no DTLS-SRTP)', () => refused(CHROME_OFFER.replace('UDP/TLS/RTP/SAVPF', 'RTP/AVP'), /DTLS-SRTP/));
    it('refuses an offer without a DTLS fingerprint', () => refused(CHROME_OFFER.replace(/a=fingerprint:[^\r]+\r\n/, ''), /fingerprint/));
    it('refuses an offer without ICE credentials', () => refused(CHROME_OFFER.replace(/a=ice-pwd:[^\r]+\r\n/, ''), /ICE/));
    it('refuses video', () => refused(CHROME_OFFER.replace('m=audio', 'm=video'), /audio/));
    it('refuses a second m-line', () => refused(`${CHROME_OFFER}m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n`, /exactly one m-line/));
    it('refuses an offer with no m-line', () => refused('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', /exactly one m-line/));
    it('refuses what is not SDP', () => refused('{"type":"offer"}', /v=0/));
    it('refuses a missing offer', () => refused(undefined, /missing/));
    it('refuses control characters', () => refused(CHROME_OFFER.replace('s=-', 's=\u0000'), /control/));
    it(`refuses more than ${MAX_OFFER_BYTES} bytes`, () => refused(CHROME_OFFER + `a=x-pad:${'p'.repeat(MAX_OFFER_BYTES)}\r\n`, /larger/));
  });
});

/** werift's answer on a machine with two interfaces, loopback configured. */
const WERIFT_ANSWER = [
  'v=0',
  'o=- 1 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=ice-lite',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0 126',
  'c=IN IP4 10.1.2.3',
  'a=candidate:a 1 udp 2130706431 127.0.0.1 40000 typ host',
  'a=candidate:b 1 udp 2130706431 10.1.2.3 40001 typ host',
  'a=candidate:c 1 udp 1694498815 203.0.113.9 40001 typ srflx raddr 10.1.2.3 rport 40001',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

describe('restricting the answer to the configured address', () => {
  it('keeps only the UDP host candidate on the configured address, and names it in c=', () => {
    const sdp = restrictAnswerCandidates(WERIFT_ANSWER, { hostAddress: '127.0.0.1' });
    assert.deepEqual(sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:')), ['a=candidate:a 1 udp 2130706431 127.0.0.1 40000 typ host']);
    assert.ok(!sdp.includes('10.1.2.3'), 'no other interface’s address leaks to the browser');
    assert.ok(sdp.includes('c=IN IP4 127.0.0.1'));
  });

  it('advertises the announced address (1:1 NAT) instead of the bound one', () => {
    const sdp = restrictAnswerCandidates(WERIFT_ANSWER, { hostAddress: '10.1.2.3', announcedAddress: '198.51.100.7' });
    assert.deepEqual(sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:')), ['a=candidate:b 1 udp 2130706431 198.51.100.7 40001 typ host']);
    assert.ok(!sdp.includes('10.1.2.3'));
  });

  it('fails closed when no candidate is on the configured address', () => {
    assert.throws(() => restrictAnswerCandidates(WERIFT_ANSWER, { hostAddress: '192.0.2.99' }), (err: unknown) => isSottoError(err, 'CONFIG_INVALID'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_WEBRTC_CONFIG, WebrtcConfigSchema } from './webrtc.js';

const parse = (over: Record<string, unknown>) => WebrtcConfigSchema.safeParse({ ...DEFAULT_WEBRTC_CONFIG, ...over });

describe('the webrtc configuration section', () => {
  it('is on by default, on loopback only, with no ICE servers for browsers', () => {
    assert.equal(parse({}).success, true);
    assert.equal(DEFAULT_WEBRTC_CONFIG.enabled, true);
    assert.equal(DEFAULT_WEBRTC_CONFIG.hostAddress, '127.0.0.1');
    assert.deepEqual(DEFAULT_WEBRTC_CONFIG.iceServers, []);
  });

  it('takes STUN and TURN servers for browsers, and an announced address', () => {
    const iceServers = [{ urls: 'stun:stun.example.com:3478' }, { urls: ['turns:turn.example.com:443?transport=tcp'], username: 'u', credential: 'p' }];
    assert.equal(parse({ iceServers, announcedAddress: '198.51.100.7', hostAddress: '10.0.0.5' }).success, true);
  });

  describe('when a field is wrong, it fails to load', () => {
    for (const [what, over] of [
      ['a host name instead of an address', { hostAddress: 'localhost' }],
      ['an IPv6 host address (one IPv4 address per server)', { hostAddress: '::1' }],
      ['an ICE server that is not stun: or turn:', { iceServers: [{ urls: 'https://turn.example.com' }] }],
      ['a port range of one port', { portRange: [40000, 40000] }],
      ['a port range smaller than maxCalls', { portRange: [40000, 40009], maxCalls: 32 }],
      ['a privileged port', { portRange: [80, 200] }],
      ['an unknown key', { iceLite: false }],
    ] as const) {
      it(`refuses ${what}`, () => assert.equal(parse(over).success, false));
    }
  });
});

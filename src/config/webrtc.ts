import { isIP } from 'node:net';
import { z } from 'zod';

/** A browser's ICE server (RTCIceServer): STUN or TURN URLs, with TURN credentials. */
const IceServerSchema = z
  .object({
    urls: z.union([z.string().regex(/^(stun|stuns|turn|turns):/), z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1)]),
    username: z.string().min(1).max(256).optional(),
    credential: z.string().min(1).max(256).optional(),
  })
  .strict();

const ipv4 = z.string().refine((s) => isIP(s) === 4, 'must be an IPv4 address');

/**
 * Browser calls over WebRTC (docs/webrtc.md). The server side is always ICE-lite with host
 * candidates only: it never queries a STUN or TURN server itself, and it sends media only to
 * the peer whose ICE checks it answered. `iceServers` is handed to browsers as is.
 */
export const WebrtcConfigSchema = z
  .object({
    /** POST /v1/calls/webrtc answers WEBRTC_DISABLED when false; werift is then never loaded. */
    enabled: z.boolean(),
    /** The local IPv4 address the UDP sockets bind to (werift binds every ICE socket to one address). */
    hostAddress: ipv4,
    /** The address the answer advertises when it differs (1:1 NAT, e.g. a cloud instance's public IP). */
    announcedAddress: ipv4.optional(),
    /** UDP ports for ICE + DTLS-SRTP, one per call; default: any free port. Open these in the firewall. */
    portRange: z
      .tuple([z.number().int().min(1024).max(65535), z.number().int().min(1024).max(65535)])
      .refine(([min, max]) => min < max, 'portRange must be [min, max] with min < max')
      .optional(),
    /** Handed to browsers in the signalling answer (STUN/TURN for clients behind NAT); default none. */
    iceServers: z.array(IceServerSchema).max(8),
    /** WebRTC calls at once; more are answered TRANSPORT_OVERLOADED. */
    maxCalls: z.number().int().min(1).max(10_000),
    /** ICE + DTLS must complete this long after the answer, or the call ends (WEBRTC_CONNECT_FAILED). */
    setupTimeoutMs: z.number().int().min(1000).max(120_000),
    /**
     * The call ends (TRANSPORT_IDLE_TIMEOUT) after this long without RTP from the browser: an
     * ICE-lite server never notices a browser that vanished, and browsers send PCMU continuously.
     */
    noAudioTimeoutMs: z.number().int().min(500).max(120_000),
  })
  .strict()
  .refine((c) => c.portRange === undefined || c.portRange[1] - c.portRange[0] + 1 >= c.maxCalls, {
    message: 'portRange must hold at least maxCalls ports (one per call)',
    path: ['portRange'],
  });

export type WebrtcConfig = z.infer<typeof WebrtcConfigSchema>;

/** On by default, on loopback only: a browser on this machine reaches it and nothing else can. */
export const DEFAULT_WEBRTC_CONFIG: WebrtcConfig = {
  enabled: true,
  hostAddress: '127.0.0.1',
  iceServers: [],
  maxCalls: 32,
  setupTimeoutMs: 10_000,
  noAudioTimeoutMs: 5_000,
};

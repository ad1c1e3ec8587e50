// The one place werift is loaded and configured. It is imported lazily (about 2 s of CPU on a
// busy machine, research 2026-11-28): only a server with webrtc.enabled, and tests that use it, pay.
import type * as Werift from 'werift';
import type { CandidatePair, RTCPeerConnection, RTCPeerConnectionConfig } from 'werift';

export type WeriftModule = typeof Werift;

let loading: Promise<WeriftModule> | undefined;

export function loadWerift(): Promise<WeriftModule> {
  loading ??= import('werift');
  return loading;
}

/** Static payload type 0 (RFC 3551 §6); werift needs fixed payload types preset. */
export const PCMU_PAYLOAD_TYPE = 0;
/** Our preferred dynamic type for RFC 4733 events; the browser's own number is kept when it offers one. */
const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

export interface PeerAddressing {
  /** The one IPv4 address every UDP socket binds to and the only host candidate gathered. */
  address: string;
  portRange?: [number, number] | undefined;
}

/**
 * werift's configuration, narrowed to what Sotto allows (docs/webrtc.md):
 * - PCMU only (+ telephone-event for the keypad); no video, no header extensions.
 * - `iceServers: []` and, on the answering side, `iceLite: true`: werift falls back to
 *   stun.l.google.com:19302 when no STUN server is configured (werift issue #691), and only
 *   ICE-lite skips the query. `withoutImplicitStun` covers the full-ICE side.
 * - No interface enumeration (`iceUseIpv4/6: false`): the configured address is the only one
 *   gathered (`iceAdditionalHostAddresses`) and every socket binds to it (`iceInterfaceAddresses`),
 *   so replies leave from the address the browser sent to.
 */
export function peerConfig(w: WeriftModule, role: 'answerer' | 'caller', at: PeerAddressing): RTCPeerConnectionConfig {
  return {
    codecs: {
      audio: [
        w.usePCMU(),
        new w.RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: TELEPHONE_EVENT_PAYLOAD_TYPE, parameters: '0-15' }),
      ],
      video: [],
    },
    headerExtensions: { audio: [], video: [] },
    iceServers: [],
    iceLite: role === 'answerer',
    iceTransportPolicy: 'all',
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceUseTcp: false,
    iceAdditionalHostAddresses: [at.address],
    iceInterfaceAddresses: { udp4: at.address },
    iceFilterCandidatePair: (pair: CandidatePair) => pair.localCandidate.host === at.address,
    icePortRange: at.portRange,
    bundlePolicy: 'max-bundle',
  };
}

/**
 * Clears werift's implicit STUN and TURN servers on a peer's ICE agents (created by
 * addTransceiver or setRemoteDescription, before gathering). Needed for a full-ICE peer;
 * done on the ICE-lite answerer too, so no code path can reach a server nobody configured.
 */
export function withoutImplicitStun(pc: RTCPeerConnection): void {
  for (const transport of pc.iceTransports) {
    const connection = transport.connection as unknown as { stunServer?: unknown; turnServer?: unknown };
    connection.stunServer = undefined;
    connection.turnServer = undefined;
  }
}

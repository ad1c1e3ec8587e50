// One browser call to a Sotto agent (docs/webrtc.md): the microphone, a peer connection, and
// non-trickle signalling over the API. The server is ICE-lite with one host candidate; the
// browser sends the checks, so no ICE server is needed unless the deployment configures one.
import { api } from '../api.js';

export interface WebrtcOptions {
  enabled: boolean;
  agents: string[];
  defaultAgent: string | null;
  iceServers: RTCIceServer[];
}

export interface PlacedCall {
  callId: string;
  /** The agent's voice, for an <audio> element's srcObject. */
  remote: MediaStream;
  peer: RTCPeerConnection;
  /** Stops the microphone and the peer; DELETE /v1/calls/webrtc/:id so the call ends as completed. */
  hangUp(): Promise<void>;
}

/** Why a call could not start, in words for the page; `code` is the API's error code if any. */
export class CallFailure extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Non-trickle: the offer goes out once gathering completes (host candidates: ~150 ms). */
const GATHERING_LIMIT_MS = 5_000;

export function hangUpPath(callId: string): string {
  return `/v1/calls/webrtc/${encodeURIComponent(callId)}`;
}

/**
 * The page is going away: the peer cannot report it (werift ignores a DTLS close) and the call
 * would end only at the server's no-audio timeout, as failed. sendBeacon cannot DELETE, so a
 * keepalive fetch, which outlives the page, hangs up instead.
 */
export function hangUpOnUnload(callId: string): void {
  void fetch(hangUpPath(callId), { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => undefined);
}

export async function microphone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CallFailure('This browser cannot use a microphone here (it needs HTTPS).');
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: false });
  } catch (err) {
    const name = err instanceof DOMException ? err.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CallFailure('Microphone access was denied. Allow the microphone for this site and call again.');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new CallFailure('No microphone was found.');
    if (name === 'NotReadableError') throw new CallFailure('The microphone is in use by another application.');
    throw new CallFailure('The microphone could not be opened.');
  }
}

function gatheringComplete(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      if (peer.iceGatheringState !== 'complete') return;
      clearTimeout(limit);
      peer.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    // Whatever has been gathered by then is enough: the server needs no candidate of ours.
    const limit = setTimeout(() => {
      peer.removeEventListener('icegatheringstatechange', done);
      resolve();
    }, GATHERING_LIMIT_MS);
    peer.addEventListener('icegatheringstatechange', done);
  });
}

/** Places the call: mic → offer → POST → answer. Resolves once the server has answered. */
export async function placeCall(options: { agent: string | undefined; iceServers: RTCIceServer[] }): Promise<PlacedCall> {
  const mic = await microphone();
  const peer = new RTCPeerConnection({ iceServers: options.iceServers });
  const remote = new MediaStream();
  const stopAll = (): void => {
    for (const track of mic.getTracks()) track.stop();
    peer.close();
  };
  try {
    peer.addEventListener('track', (event) => remote.addTrack(event.track));
    for (const track of mic.getAudioTracks()) peer.addTrack(track, mic);
    await peer.setLocalDescription(await peer.createOffer());
    await gatheringComplete(peer);
    const sdp = peer.localDescription?.sdp;
    if (!sdp) throw new CallFailure('The browser made no offer.');
    const answer = await api<{ callId: string; sdp: string }>('/v1/calls/webrtc', {
      method: 'POST',
      json: options.agent === undefined ? { sdp } : { sdp, agent: options.agent },
    });
    const placed: PlacedCall = {
      callId: answer.callId,
      remote,
      peer,
      hangUp: async () => {
        stopAll();
        await api(hangUpPath(answer.callId), { method: 'DELETE' });
      },
    };
    try {
      await peer.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    } catch {
      // The server's call runs until hung up: do that now rather than at its setup timeout.
      await placed.hangUp().catch(() => undefined);
      throw new CallFailure('The browser could not use the server’s answer.');
    }
    return placed;
  } catch (err) {
    stopAll();
    throw err;
  }
}

import type { WebrtcAnswerer } from './answerer.js';
import { openLoopbackCaller } from './loopback-caller.js';
import type { WebrtcPeer } from './types.js';

/** mu-law silence: 0xFF decodes to 0. */
const SILENT_FRAME = Buffer.alloc(160, 0xff);

/**
 * One whole call's handshake at boot, on the configured address: werift creates its
 * process-wide DTLS certificate (about 0.5 s) and the JIT compiles the ICE, DTLS and SRTP
 * paths (0.5–1 s more), so the first browser's call is not the slow one (research: first call
 * 0.58–0.67 s warmed against 1.1–1.6 s cold). A few frames go each way so SRTP runs too.
 * Resolves with its duration; rejects if the address cannot be used.
 */
export async function warmUpWebrtc(answerer: WebrtcAnswerer, address: string): Promise<number> {
  const started = performance.now();
  const caller = await openLoopbackCaller({ address });
  let peer: WebrtcPeer | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    peer = await answerer.answer(caller.offerSdp, { ignoreMaxPeers: true });
    const heard = new Promise<void>((resolve) => caller.onRtp(() => resolve()));
    await caller.accept(peer.answerSdp);
    caller.send([SILENT_FRAME, SILENT_FRAME]);
    peer.send([SILENT_FRAME, SILENT_FRAME, SILENT_FRAME]);
    await Promise.race([heard, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
  } finally {
    clearTimeout(timer);
    await Promise.allSettled([caller.close(), peer?.close()]);
  }
  return performance.now() - started;
}

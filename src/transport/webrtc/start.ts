import type { WebrtcConfig } from '../../config/webrtc.js';
import { isSottoError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { WebrtcAnswerer } from './answerer.js';
import { warmUpWebrtc } from './warm-up.js';

export interface RunningAnswerer {
  /** The answerer, once werift is loaded and one handshake has warmed it up. */
  ready(): Promise<WebrtcAnswerer>;
  /** Closes every open peer; waits for a warm-up in progress. */
  close(): Promise<void>;
}

/**
 * Loads werift and warms it up — at start when `eager` (`sotto serve`: the server listens at
 * once and the first browser call waits only for what is left of the warm-up), else on the
 * first browser call (in-process servers of tests and tools that never take one: loading
 * werift costs 1–3 s of CPU). A warm-up that
 * fails (the configured address cannot be bound, say) is logged; calls then fail with the
 * same error, each one.
 */
export function startWebrtcAnswerer(config: WebrtcConfig, logger: Logger, options: { eager: boolean }): RunningAnswerer {
  let loading: Promise<WebrtcAnswerer> | undefined;
  const load = (): Promise<WebrtcAnswerer> => {
    loading ??= (async () => {
      const answerer = await WebrtcAnswerer.create({
        hostAddress: config.hostAddress,
        announcedAddress: config.announcedAddress,
        portRange: config.portRange,
        maxPeers: config.maxCalls,
      });
      try {
        const ms = await warmUpWebrtc(answerer, config.hostAddress);
        logger.info({ ms: Math.round(ms), hostAddress: config.hostAddress }, 'WebRTC warmed up');
      } catch (err) {
        logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL', hostAddress: config.hostAddress }, 'WebRTC warm-up failed');
      }
      return answerer;
    })();
    loading.catch((err: unknown) => logger.error({ err }, 'WebRTC could not be loaded'));
    return loading;
  };
  if (options.eager) void load();
  return {
    ready: load,
    close: async () => {
      const answerer = await loading?.catch(() => undefined);
      await answerer?.close();
    },
  };
}

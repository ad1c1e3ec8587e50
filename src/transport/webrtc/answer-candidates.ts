import { SottoError } from '../../errors/index.js';

const CANDIDATE = /^(a=candidate:\S+ \d+ )(\S+)( \d+ )(\S+)( \d+ typ )(\S+)(.*)$/;

export interface AnswerAddresses {
  /** The address Sotto's UDP socket is bound to: the only candidate kept. */
  hostAddress: string;
  /** What the browser is told instead (1:1 NAT); default hostAddress. */
  announcedAddress?: string | undefined;
}

/**
 * The answer as the browser gets it: one UDP host candidate on the configured address (under
 * its announced name), nothing else. werift may list candidates for other interfaces, and its
 * `c=` line may name one; neither must reach a browser (they would leak internal addresses and
 * invite checks to sockets Sotto does not serve). Fails closed when no candidate is left:
 * the configured address could not be bound.
 */
export function restrictAnswerCandidates(sdp: string, addresses: AnswerAddresses): string {
  const announced = addresses.announcedAddress ?? addresses.hostAddress;
  let kept = 0;
  const lines: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.length === 0) continue;
    if (line.startsWith('a=candidate:')) {
      const c = CANDIDATE.exec(line);
      if (!c) continue;
      const [, head, transport, priority, address, typ, type, rest] = c as unknown as string[];
      if (transport?.toLowerCase() !== 'udp' || type !== 'host' || address !== addresses.hostAddress) continue;
      kept++;
      lines.push(`${head}${transport}${priority}${announced}${typ}${type}${rest}`);
      continue;
    }
    // The connection address is not used by ICE (RFC 8839 §4.2.1.1); name the announced one anyway.
    lines.push(line.startsWith('c=IN IP4 ') ? `c=IN IP4 ${announced}` : line);
  }
  if (kept === 0) throw new SottoError('CONFIG_INVALID', `no ICE candidate could be gathered on webrtc.hostAddress ${addresses.hostAddress}`);
  return `${lines.join('\r\n')}\r\n`;
}

// "Try the agent": call a Sotto agent from this browser's microphone over WebRTC (issue 7,
// docs/webrtc.md), hear it in an <audio> element and follow the call's redacted live transcript.
// The call is a real call: recorded, redacted and stored like a phone call, with the signed-in
// person as its data subject.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, entityLabel } from '../api.js';
import { BASE, linkTo } from '../route.js';
import type { ViewProps } from '../sections.js';
import { CallFailure, hangUpOnUnload, hangUpPath, placeCall, type PlacedCall, type WebrtcOptions } from './try-agent-call.js';
import { followLive, type LiveEnd, type LiveLine } from './try-agent-live.js';
import './try-agent.css';

type Phase = 'idle' | 'starting' | 'connecting' | 'connected' | 'ending' | 'ended';

const PHASE_TEXT: Record<Phase, string> = {
  idle: 'Not in a call.',
  starting: 'Starting the call…',
  connecting: 'Connecting…',
  connected: 'In a call: speak to the agent.',
  ending: 'Hanging up…',
  ended: 'The call has ended.',
};

const REFUSALS: Record<string, string> = {
  ACCESS_DENIED: 'Your role may not place calls (it needs call.connect).',
  WEBRTC_DISABLED: 'Browser calls are turned off on this server.',
  TRANSPORT_OVERLOADED: 'The server is taking as many browser calls as it can. Try again shortly.',
  WEBRTC_OFFER_INVALID: 'The server refused this browser’s offer (it needs audio with PCMU over DTLS-SRTP).',
  AGENT_UNKNOWN: 'That agent is not available on this server.',
  CALL_FAILED: 'The call could not start.',
};

function refusal(err: unknown): string {
  if (err instanceof CallFailure) return err.message;
  if (err instanceof ApiError) return REFUSALS[err.code] ?? `The server refused the call (${err.code}).`;
  return 'The call could not start.';
}

export function TryAgentView({ me }: ViewProps): React.JSX.Element {
  const [options, setOptions] = useState<WebrtcOptions | null>(null);
  const [agent, setAgent] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [callId, setCallId] = useState<string | null>(null);
  const [lines, setLines] = useState<LiveLine[]>([]);
  const [ended, setEnded] = useState<LiveEnd | null>(null);
  const [liveNote, setLiveNote] = useState<string | null>(null);
  const call = useRef<PlacedCall | null>(null);
  const stopLive = useRef<(() => void) | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const nextKey = useRef(0);

  useEffect(() => {
    api<WebrtcOptions>('/v1/calls/webrtc/options').then(
      (o) => {
        setOptions(o);
        setAgent(o.defaultAgent ?? o.agents[0] ?? '');
        if (!o.enabled) setError(REFUSALS['WEBRTC_DISABLED'] ?? null);
      },
      (err: unknown) => setError(err instanceof ApiError && err.code === 'ACCESS_DENIED' ? REFUSALS['ACCESS_DENIED'] ?? null : 'The call options could not be loaded.'),
    );
  }, []);

  /** Stops the microphone, the peer and the live feed; the server is told separately. */
  const release = useCallback((): PlacedCall | null => {
    const placed = call.current;
    call.current = null;
    stopLive.current?.();
    stopLive.current = null;
    if (placed) {
      for (const sender of placed.peer.getSenders()) sender.track?.stop();
      placed.peer.close();
    }
    if (audio.current) audio.current.srcObject = null;
    return placed;
  }, []);

  // Leaving the page (or this view) ends the call rather than leaving it to the server's no-audio timeout.
  useEffect(() => {
    const onPageHide = (): void => {
      // The DELETE goes out before the peer closes: until it lands, the server still hears audio.
      if (call.current) hangUpOnUnload(call.current.callId);
      release();
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      onPageHide();
    };
  }, [release]);

  const addLine = useCallback((line: Omit<LiveLine, 'key'>) => {
    setLines((current) => {
      const last = current[current.length - 1];
      // A caller line still being recognized is replaced by its next revision.
      if (last && last.speaker === 'caller' && !last.final && line.speaker === 'caller') return [...current.slice(0, -1), { ...line, key: last.key }];
      return [...current, { ...line, key: nextKey.current++ }];
    });
  }, []);

  const start = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setError(null);
    setLiveNote(null);
    setLines([]);
    setEnded(null);
    setCallId(null);
    setPhase('starting');
    let placed: PlacedCall;
    try {
      placed = await placeCall({ agent: agent || undefined, iceServers: options?.iceServers ?? [] });
    } catch (err) {
      setError(refusal(err));
      setPhase('idle');
      return;
    }
    call.current = placed;
    setCallId(placed.callId);
    setPhase(placed.peer.connectionState === 'connected' ? 'connected' : 'connecting');
    placed.peer.addEventListener('connectionstatechange', () => {
      const state = placed.peer.connectionState;
      if (state === 'connected') setPhase((p) => (p === 'connecting' ? 'connected' : p));
      if (state === 'failed' && call.current === placed) {
        setError('The media connection to the server failed.');
        void hangUp();
      }
    });
    if (audio.current) {
      audio.current.srcObject = placed.remote;
      audio.current.play().catch(() => setError('The browser would not play the agent’s voice; use the player’s play button.'));
    }
    stopLive.current = followLive(placed.callId, {
      onLine: addLine,
      onEnded: (end) => {
        release();
        setEnded(end);
        setPhase('ended');
      },
      onUnavailable: () => setLiveNote('The live transcript is not available for this call.'),
    });
  };

  const hangUp = async (): Promise<void> => {
    const placed = release();
    if (!placed) return;
    setPhase('ending');
    try {
      await api(hangUpPath(placed.callId), { method: 'DELETE' });
    } catch (err) {
      setError(err instanceof ApiError ? `Hanging up failed (${err.code}); the server ends the call once the audio stops.` : 'Hanging up failed.');
    }
    setPhase('ended');
  };

  const inCall = phase === 'starting' || phase === 'connecting' || phase === 'connected';
  return (
    <section aria-labelledby="try-title" className="try-agent">
      <h1 id="try-title">Try the agent</h1>
      <p className="hint">
        Calls an agent with this browser’s microphone. The call is recorded, redacted and kept like a phone call, with you as its data subject.
      </p>
      <form className="try-controls" onSubmit={(e) => void start(e)}>
        <label htmlFor="try-agent-name">Agent</label>
        <select id="try-agent-name" value={agent} onChange={(e) => setAgent(e.target.value)} disabled={inCall || !options}>
          {options?.defaultAgent === null ? <option value="">Deployment default</option> : null}
          {options?.agents.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
        <button type="submit" disabled={inCall || phase === 'ending' || !options?.enabled}>Call</button>
        <button type="button" onClick={() => void hangUp()} disabled={!inCall || callId === null}>Hang up</button>
      </form>
      <p role="status" className="call-state" data-phase={phase}>
        {PHASE_TEXT[phase]}
        {ended ? ` ${ended.status === 'failed' ? `It failed (${ended.reason ?? 'unknown reason'}).` : 'It completed.'}` : null}
      </p>
      {/* Errors are announced as they appear: microphone refused, no permission, server refused. */}
      <div role="alert" aria-live="assertive" className="error">{error}</div>
      <audio ref={audio} className="try-audio" aria-label="The agent’s voice" controls autoPlay />
      {callId && (phase === 'ended') ? (
        <p>
          Call <code>{callId}</code>
          {me.permissions.includes('call.view') ? <> — <a {...linkTo(`${BASE}calls/${callId}`)}>open the stored call</a></> : null}
        </p>
      ) : null}
      <section aria-labelledby="live-title">
        <h2 id="live-title">Live redacted transcript</h2>
        {liveNote ? <p className="hint">{liveNote}</p> : null}
        <ol className="transcript live-transcript" aria-live="polite" aria-relevant="additions text">
          {lines.map((line) => (
            <li key={line.key} className={`turn turn-${line.speaker === 'agent' ? 'agent' : 'caller'}`} data-final={line.final}>
              <span className="speaker">{line.speaker === 'keypad' ? 'keypad' : line.speaker === 'agent' ? 'agent' : 'you'}</span>
              <p>{withBadges(line.text)}</p>
            </li>
          ))}
        </ol>
        {lines.length === 0 && inCall ? <p className="hint">What you and the agent say appears here, with card numbers and other values shown only as their type.</p> : null}
      </section>
    </section>
  );
}

/** `[TYPE]` or `[TYPE_2]` placeholders become badges that name the type only, never a value. */
function withBadges(text: string): React.ReactNode[] {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[([A-Z][A-Z_]{1,40}?)(?:_\d+)?\]/g)) {
    const type = match[1] ?? '';
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(<span key={match.index} className="badge entity" aria-label={`redacted ${entityLabel(type)}`}>{type}</span>);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

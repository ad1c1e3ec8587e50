// One call: metadata, the redacted transcript (entities as type badges; the value never reaches
// the browser), and the redacted recording with its waveform. Each part shows only when the
// signed-in roles grant it; the server refuses it anyway whatever a client asks.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, entityLabel, type CallView, type Me, type TranscriptTurn } from './api.js';
import { BreakGlassPanel, mayBreakGlass } from './break-glass.js';
import { duration, formatTime } from './calls-list.js';
import { BASE, linkTo } from './route.js';
import { Waveform, type MutedWindow, type RedactedTurn } from './waveform.js';

export function CallDetail(props: { id: string; me: Me }): React.JSX.Element {
  const [call, setCall] = useState<CallView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unredactedShown, setUnredactedShown] = useState(false);
  const can = (p: string): boolean => props.me.permissions.includes(p);
  useEffect(() => {
    api<CallView>(`/v1/calls/${encodeURIComponent(props.id)}`).then(setCall, (err: unknown) => setError(err instanceof Error ? err.message : 'failed'));
  }, [props.id]);
  const transcript = useTranscript(call && can('transcript.view') && call.hasTranscript ? call.id : null);

  return (
    <article aria-labelledby="call-title" className="call-detail">
      <p><a {...linkTo(BASE)}>← All calls</a></p>
      <h1 id="call-title">Call {props.id}</h1>
      {error ? <p role="alert">{error}</p> : null}
      {call ? (
        <>
          <dl className="meta">
            <dt>Started</dt><dd>{formatTime(call.startedAt)}</dd>
            <dt>Duration</dt><dd>{duration(call)}</dd>
            <dt>Agent</dt><dd>{call.agent}</dd>
            <dt>Channel</dt><dd>{call.channel}</dd>
            <dt>Outcome</dt><dd>{call.outcome ?? call.status}{call.failureReason ? ` (${call.failureReason})` : ''}</dd>
            <dt>Sensitive data found</dt>
            <dd>{call.entityTypes.length === 0 ? 'none' : call.entityTypes.map((t) => <span key={t} className="badge">{t} ×{call.entityCounts?.[t] ?? 1}</span>)}</dd>
          </dl>
          {can('recording.listen') && call.hasRecording ? <Recording id={call.id} turns={transcript.turns} mutedMs={transcript.mutedMs} /> : null}
          {call.hasTranscript && mayBreakGlass(props.me) ? (
            <BreakGlassPanel key={call.id} callId={call.id} onActive={setUnredactedShown} renderTurns={(turns) => <TurnList turns={turns} />} />
          ) : null}
          {can('transcript.view') && call.hasTranscript && !unredactedShown ? <Transcript {...transcript} /> : null}
        </>
      ) : null}
    </article>
  );
}

function Recording(props: { id: string; turns: TranscriptTurn[] | null; mutedMs: MutedWindow[] | null }): React.JSX.Element {
  const audio = useRef<HTMLAudioElement>(null);
  const src = `/v1/calls/${encodeURIComponent(props.id)}/recording`;
  const marked = useMemo(() => redactedTurns(props.turns), [props.turns]);
  return (
    <section aria-labelledby="recording-title">
      <h2 id="recording-title">Redacted recording</h2>
      {/*
        Streamed through the access gateway; the browser asks with Range requests and the cookie.
        Every request that returns bytes is its own recording.listen entry (DESIGN.md invariant 2:
        the entry is written before a byte leaves), so the page makes only the requests a person's
        actions need: the waveform's one fetch when the call opens, and the player's only once
        they press play. With preload="metadata" Chrome fetched the whole file on open as well
        (bytes=0-), a second entry for a listen that had not happened.
      */}
      <audio ref={audio} controls preload="none" src={src} aria-label="Redacted recording" />
      <Waveform src={src} audio={audio} redactedTurns={marked} mutedMs={props.mutedMs} />
    </section>
  );
}

/**
 * Stored entities are character offsets into a turn's text, not times (StoredTurn in
 * src/call/session/transcript.ts), so the finest time the browser can know is the turn's.
 */
function redactedTurns(turns: TranscriptTurn[] | null): RedactedTurn[] {
  if (!turns) return [];
  return turns.flatMap((t) =>
    t.speaker === 'caller' && t.entities && t.entities.length > 0 && t.startMs !== undefined && t.endMs !== undefined && t.endMs > t.startMs
      ? [{ startS: t.startMs / 1000, endS: t.endMs / 1000, types: [...new Set(t.entities.map((e) => e.type))] }]
      : [],
  );
}

interface TranscriptState {
  turns: TranscriptTurn[] | null;
  /** Where archiving silenced the recording (calls archived since the transcript records it). */
  mutedMs: MutedWindow[] | null;
  error: string | null;
}

function useTranscript(id: string | null): TranscriptState {
  const [state, setState] = useState<TranscriptState>({ turns: null, mutedMs: null, error: null });
  useEffect(() => {
    if (id === null) return undefined;
    let live = true;
    api<{ turns: TranscriptTurn[]; mutedMs?: MutedWindow[] }>(`/v1/calls/${encodeURIComponent(id)}/transcript`).then(
      (t) => live && setState({ turns: t.turns, mutedMs: t.mutedMs ?? null, error: null }),
      (err: unknown) => live && setState({ turns: null, mutedMs: null, error: err instanceof Error ? err.message : 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return state;
}

function Transcript(props: TranscriptState): React.JSX.Element {
  return (
    <section aria-labelledby="transcript-title">
      <h2 id="transcript-title">Redacted transcript</h2>
      {props.error ? <p role="alert">{props.error}</p> : null}
      {props.turns ? <TurnList turns={props.turns} /> : null}
    </section>
  );
}

function TurnList(props: { turns: TranscriptTurn[] }): React.JSX.Element {
  return (
    <ol className="transcript">
      {props.turns.map((turn, i) => (
        <li key={i} className={`turn turn-${turn.speaker === 'agent' ? 'agent' : 'caller'}`}>
          <span className="speaker">{turn.speaker}</span>
          {turn.startMs !== undefined ? <span className="at">{(turn.startMs / 1000).toFixed(1)} s</span> : null}
          <p>{withBadges(turn)}</p>
        </li>
      ))}
    </ol>
  );
}

/** The stored text already holds `[TYPE]` placeholders; they become badges that name the type only. */
function withBadges(turn: TranscriptTurn): React.ReactNode[] {
  const parts: React.ReactNode[] = [];
  const pattern = /\[([A-Z][A-Z_]{1,40})\]/g;
  let last = 0;
  for (const match of turn.text.matchAll(pattern)) {
    const type = match[1] ?? '';
    if (match.index > last) parts.push(turn.text.slice(last, match.index));
    parts.push(<span key={match.index} className="badge entity" aria-label={`redacted ${entityLabel(type)}`}>{type}</span>);
    last = match.index + match[0].length;
  }
  if (last < turn.text.length) parts.push(turn.text.slice(last));
  return parts;
}

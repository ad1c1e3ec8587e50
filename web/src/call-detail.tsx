// One call: metadata, the redacted transcript (entities as type badges; the value never reaches
// the browser), and the redacted recording with its waveform. Each part shows only when the
// signed-in roles grant it; the server refuses it anyway whatever a client asks.
import { useEffect, useRef, useState } from 'react';
import { api, entityLabel, type CallView, type Me, type TranscriptTurn } from './api.js';
import { duration, formatTime } from './calls-list.js';
import { BASE, linkTo } from './route.js';
import { Waveform } from './waveform.js';

export function CallDetail(props: { id: string; me: Me }): React.JSX.Element {
  const [call, setCall] = useState<CallView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const can = (p: string): boolean => props.me.permissions.includes(p);
  useEffect(() => {
    api<CallView>(`/v1/calls/${encodeURIComponent(props.id)}`).then(setCall, (err: unknown) => setError(err instanceof Error ? err.message : 'failed'));
  }, [props.id]);

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
          {can('recording.listen') && call.hasRecording ? <Recording id={call.id} /> : null}
          {can('transcript.view') && call.hasTranscript ? <Transcript id={call.id} /> : null}
        </>
      ) : null}
    </article>
  );
}

function Recording(props: { id: string }): React.JSX.Element {
  const audio = useRef<HTMLAudioElement>(null);
  const src = `/v1/calls/${encodeURIComponent(props.id)}/recording`;
  return (
    <section aria-labelledby="recording-title">
      <h2 id="recording-title">Redacted recording</h2>
      {/* Streamed through the access gateway; the browser asks with Range requests and the cookie. */}
      <audio ref={audio} controls preload="metadata" src={src} aria-label="Redacted recording" />
      <Waveform src={src} audio={audio} />
    </section>
  );
}

function Transcript(props: { id: string }): React.JSX.Element {
  const [turns, setTurns] = useState<TranscriptTurn[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ turns: TranscriptTurn[] }>(`/v1/calls/${encodeURIComponent(props.id)}/transcript`).then(
      (t) => setTurns(t.turns),
      (err: unknown) => setError(err instanceof Error ? err.message : 'failed'),
    );
  }, [props.id]);
  return (
    <section aria-labelledby="transcript-title">
      <h2 id="transcript-title">Redacted transcript</h2>
      {error ? <p role="alert">{error}</p> : null}
      {turns ? (
        <ol className="transcript">
          {turns.map((turn, i) => (
            <li key={i} className={`turn turn-${turn.speaker === 'agent' ? 'agent' : 'caller'}`}>
              <span className="speaker">{turn.speaker}</span>
              {turn.startMs !== undefined ? <span className="at">{(turn.startMs / 1000).toFixed(1)} s</span> : null}
              <p>{withBadges(turn)}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
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

// The redacted recording's waveform on a canvas, with muted spans marked. Calls archived now
// store the windows audio redaction silenced (padded and merged, src/audio/redact.ts) with the
// transcript (`mutedMs`): those are marked exactly. For calls archived before that, the marks
// are the stretches of exact digital silence (≥ MIN_MUTED_MS of zero samples) — what redaction
// writes; natural silence is never exactly zero after a codec. In a band below: the caller turns
// whose text had an entity redacted (entity spans are text offsets, not times).
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';

const MIN_MUTED_MS = 80;
const TURN_BAND = 8;
const EMPTY: RedactedTurn[] = [];
const HEIGHT = 96;
const WIDTH = 900;

/** A window the recording was silenced over, in ms from the start (the stored transcript's `mutedMs`). */
export interface MutedWindow {
  startMs: number;
  endMs: number;
}

/** A caller turn with a redacted entity, in seconds from the start of the call. */
export interface RedactedTurn {
  startS: number;
  endS: number;
  types: string[];
}

interface Pcm {
  samples: Int16Array;
  sampleRate: number;
}

/** 16-bit PCM WAV (what Sotto stores); the chunk walk tolerates extra chunks before `data`. */
export function parseWav(bytes: ArrayBuffer): Pcm | null {
  const view = new DataView(bytes);
  if (bytes.byteLength < 44 || view.getUint32(0, false) !== 0x52494646 || view.getUint32(8, false) !== 0x57415645) return null;
  let offset = 12;
  let sampleRate = 0;
  let bits = 0;
  let channels = 0;
  while (offset + 8 <= bytes.byteLength) {
    const id = view.getUint32(offset, false);
    const size = view.getUint32(offset + 4, true);
    if (id === 0x666d7420) {
      channels = view.getUint16(offset + 10, true);
      sampleRate = view.getUint32(offset + 12, true);
      bits = view.getUint16(offset + 22, true);
    } else if (id === 0x64617461) {
      if (bits !== 16 || channels < 1 || sampleRate === 0) return null;
      const end = Math.min(bytes.byteLength, offset + 8 + size);
      const all = new Int16Array(bytes.slice(offset + 8, end - ((end - offset - 8) % 2)));
      // Mixed down to the first channel: enough to see speech and silence.
      const samples = channels === 1 ? all : all.filter((_, i) => i % channels === 0);
      return { samples, sampleRate };
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

export function mutedSpans(pcm: Pcm): { startS: number; endS: number }[] {
  const min = Math.round((MIN_MUTED_MS / 1000) * pcm.sampleRate);
  const spans: { startS: number; endS: number }[] = [];
  let run = 0;
  for (let i = 0; i <= pcm.samples.length; i++) {
    if (i < pcm.samples.length && pcm.samples[i] === 0) {
      run++;
      continue;
    }
    if (run >= min) spans.push({ startS: (i - run) / pcm.sampleRate, endS: i / pcm.sampleRate });
    run = 0;
  }
  return spans;
}

export function Waveform(props: {
  src: string;
  audio: RefObject<HTMLAudioElement | null>;
  redactedTurns?: RedactedTurn[];
  /** The windows archiving silenced; null (an older call) → found from the audio's digital silence. */
  mutedMs?: MutedWindow[] | null;
}): React.JSX.Element {
  const turns = props.redactedTurns ?? EMPTY;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pcm, setPcm] = useState<Pcm | null>(null);
  const [state, setState] = useState('Loading waveform…');
  const [position, setPosition] = useState(0);

  useEffect(() => {
    let live = true;
    fetch(props.src, { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const parsed = parseWav(await res.arrayBuffer());
        if (!live) return;
        if (parsed) setPcm(parsed);
        setState(parsed ? '' : 'Waveform unavailable: not 16-bit PCM WAV.');
      })
      .catch((err: unknown) => live && setState(`Waveform unavailable: ${err instanceof Error ? err.message : 'failed'}`));
    return () => {
      live = false;
    };
  }, [props.src]);

  useEffect(() => {
    const el = props.audio.current;
    if (!el) return undefined;
    const update = (): void => setPosition(el.duration > 0 ? el.currentTime / el.duration : 0);
    el.addEventListener('timeupdate', update);
    return () => el.removeEventListener('timeupdate', update);
  }, [props.audio]);

  const recorded = props.mutedMs ?? null;
  const spans = useMemo(
    () => (recorded ? recorded.map((w) => ({ startS: w.startMs / 1000, endS: w.endMs / 1000 })) : pcm ? mutedSpans(pcm) : []),
    [pcm, recorded],
  );
  const peaks = useMemo(() => (pcm ? peaksOf(pcm, WIDTH) : null), [pcm]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !pcm || !peaks) return;
    draw(ctx, peaks, pcm.samples.length / pcm.sampleRate, spans, turns, position);
  }, [pcm, peaks, spans, turns, position]);

  const seconds = pcm ? pcm.samples.length / pcm.sampleRate : 0;
  const summary = spans.length === 0
    ? 'no muted spans'
    : `${spans.length} muted span${spans.length === 1 ? '' : 's'}: ${spans.map((s) => `${s.startS.toFixed(1)}–${s.endS.toFixed(1)} s`).join(', ')}`;
  const turnSummary = turns.length === 0
    ? ''
    : `; caller turns with redacted data: ${turns.map((t) => `${t.startS.toFixed(1)}–${t.endS.toFixed(1)} s (${t.types.join(', ')})`).join(', ')}`;
  return (
    <figure className="waveform">
      {pcm ? (
        <canvas ref={canvas} width={WIDTH} height={HEIGHT} role="img" aria-label={`Waveform of the redacted recording, ${seconds.toFixed(1)} s; ${summary}${turnSummary}`}
          onClick={(e) => {
            const el = props.audio.current;
            const rect = e.currentTarget.getBoundingClientRect();
            // Before the player has loaded (preload="none") its duration is unknown: the WAV's is the same.
            const total = el && el.duration > 0 ? el.duration : seconds;
            if (el && total > 0) el.currentTime = ((e.clientX - rect.left) / rect.width) * total;
          }} />
      ) : null}
      <figcaption>
        {state || (
          <>
            <span className="legend-muted" aria-hidden="true" /> Muted (redacted) — {summary}. {recorded ? 'Marked where redaction silenced the caller.' : 'Marked where the audio is digital silence.'}
            {turnSummary ? <> <span className="legend-turn" aria-hidden="true" /> Caller turns with redacted data{turnSummary.slice(turnSummary.indexOf(':'))}.</> : null}
          </>
        )}
      </figcaption>
    </figure>
  );
}

/** The loudest sample in each canvas column, 0…1. */
function peaksOf(pcm: Pcm, width: number): Float32Array {
  const peaks = new Float32Array(width);
  const per = pcm.samples.length / width;
  for (let i = 0; i < pcm.samples.length; i++) {
    const x = Math.min(width - 1, Math.floor(i / per));
    const v = Math.abs(pcm.samples[i] ?? 0) / 32768;
    if (v > (peaks[x] ?? 0)) peaks[x] = v;
  }
  return peaks;
}

function draw(ctx: CanvasRenderingContext2D, peaks: Float32Array, seconds: number, spans: { startS: number; endS: number }[], turns: RedactedTurn[], position: number): void {
  const width = peaks.length;
  ctx.clearRect(0, 0, width, HEIGHT);
  ctx.fillStyle = '#f3f4f6';
  ctx.fillRect(0, 0, width, HEIGHT);
  ctx.fillStyle = 'rgba(185, 28, 28, 0.28)';
  for (const s of spans) ctx.fillRect((s.startS / seconds) * width, 0, Math.max(1, ((s.endS - s.startS) / seconds) * width), HEIGHT);
  ctx.fillStyle = '#1e3a8a';
  for (let x = 0; x < width; x++) {
    const h = Math.max(1, (peaks[x] ?? 0) * (HEIGHT - 4));
    ctx.fillRect(x, (HEIGHT - h) / 2, 1, h);
  }
  // #c2410c (the entity badges' border) in a band along the bottom, apart from the muted fill.
  ctx.fillStyle = '#c2410c';
  for (const t of turns) ctx.fillRect((t.startS / seconds) * width, HEIGHT - TURN_BAND, Math.max(2, ((t.endS - t.startS) / seconds) * width), TURN_BAND);
  ctx.fillStyle = '#b91c1c';
  ctx.fillRect(Math.min(width - 2, position * width), 0, 2, HEIGHT);
}

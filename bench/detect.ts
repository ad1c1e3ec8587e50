// npm run bench -- detect
// On the held-back split of eval/corpus (eval/README.md), in one run: Sotto's batch
// detector, redact-pii and openredaction — span recall, character precision, negatives
// redacted and turns per second (one process, one core: detection is synchronous JS).
// Sotto's batch figure is the best of 3 timed passes after a warmup pass over the dev split.
// Then Sotto's streaming path: each caller turn is fed as growing partial results (1, 2, …
// words) and a final, each push timed alone with process.hrtime.bigint; agent turns are
// pushed as prompts. Last line: one JSON object.
import type { LabelledConversation } from '../eval/corpus/format.js';
import { summary, type Summary } from '../eval/report.js';
import { inputOf, loadSplit, loadSystem, runSystem, SYSTEM_NAMES } from '../eval/run.js';
import { loadDetectModule } from '../eval/systems/sotto.js';
import { SystemUnavailableError } from '../eval/systems/types.js';

const heldout = loadSplit('heldout');
const dev = loadSplit('dev');
const f3 = (x: number | null): string => (x === null ? '-' : x.toFixed(3));

interface SystemFigures { system: string; turns_per_s: number; summary: Summary }
const figures: SystemFigures[] = [];
const notes: string[] = [];

for (const name of SYSTEM_NAMES) {
  try {
    const system = await loadSystem(name);
    const passes = name === 'sotto' ? 3 : 1;
    if (name === 'sotto') await runSystem(system, dev);
    let best = Infinity;
    let result = await runSystem(system, heldout);
    best = result.elapsedMs;
    for (let i = 1; i < passes; i++) {
      result = await runSystem(system, heldout);
      best = Math.min(best, result.elapsedMs);
    }
    const s = summary(result.tally);
    const tps = result.turns / (best / 1000);
    figures.push({ system: name, turns_per_s: tps, summary: s });
    console.log(`${name.padEnd(14)} span_recall ${f3(s.span_recall)} (strict ${f3(s.span_recall_strict)})  numeric ${f3(s.numeric_span_recall)}  token_recall ${f3(s.token_recall)}  char_precision ${f3(s.char_precision)}  negatives_redacted ${f3(s.negatives_redacted)}  ${tps.toFixed(0)} turns/s`);
  } catch (err) {
    if (!(err instanceof SystemUnavailableError)) throw err;
    notes.push(err.message);
    console.log(`${name.padEnd(14)} skipped: ${err.message}`);
  }
}

interface TimedWord { text: string; startMs: number; endMs: number }
interface Streaming {
  pushAgentPrompt(text: string): void;
  pushPartial(words: readonly TimedWord[]): unknown;
  pushFinal(words: readonly TimedWord[]): unknown;
  wipe(): void;
}

function streamCalls(create: () => Streaming, corpus: readonly LabelledConversation[], record: boolean): number[] {
  const partialMs: number[] = [];
  for (const c of corpus) {
    const d = create();
    let clock = 0;
    for (const t of inputOf(c).turns) {
      if (t.speaker === 'agent') { d.pushAgentPrompt(t.text); continue; }
      const words = t.text.split(/\s+/).filter(Boolean).map((text) => {
        clock += 320;
        return { text, startMs: clock - 300, endMs: clock };
      });
      for (let k = 1; k <= words.length; k++) {
        const slice = words.slice(0, k);
        const t0 = process.hrtime.bigint();
        if (k < words.length) d.pushPartial(slice); else d.pushFinal(slice);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (record) partialMs.push(ms);
      }
    }
    d.wipe();
  }
  return partialMs;
}

let streamingP99: number | null = null;
let streamingP50: number | null = null;
let pushes = 0;
try {
  const mod = await loadDetectModule();
  const create = mod['createStreamingDetector'];
  if (typeof create !== 'function') throw new SystemUnavailableError('sotto: createStreamingDetector is not exported yet');
  const factory = create as () => Streaming;
  streamCalls(factory, dev, false);
  const ms = streamCalls(factory, heldout, true).sort((a, b) => a - b);
  pushes = ms.length;
  const pct = (p: number): number => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? NaN;
  streamingP50 = pct(0.5);
  streamingP99 = pct(0.99);
  console.log(`sotto streaming: ${pushes} pushes (partials and finals), p50 ${streamingP50.toFixed(3)} ms, p99 ${streamingP99.toFixed(3)} ms, max ${(ms.at(-1) ?? NaN).toFixed(3)} ms`);
} catch (err) {
  if (!(err instanceof SystemUnavailableError)) throw err;
  notes.push(err.message);
  console.log(`streaming skipped: ${err.message}`);
}

const sotto = figures.find((x) => x.system === 'sotto');
console.log(JSON.stringify({
  split: 'heldout',
  conversations: heldout.length,
  turns_per_s: sotto ? Math.round(sotto.turns_per_s) : null,
  streaming_p50_ms: streamingP50,
  streaming_p99_ms: streamingP99,
  streaming_pushes: pushes,
  numeric_span_recall: sotto?.summary.numeric_span_recall ?? null,
  span_recall: sotto?.summary.span_recall ?? null,
  char_precision: sotto?.summary.char_precision ?? null,
  negatives_redacted: sotto?.summary.negatives_redacted ?? null,
  systems: Object.fromEntries(figures.map((x) => [x.system, {
    turns_per_s: Math.round(x.turns_per_s),
    span_recall: x.summary.span_recall, span_recall_strict: x.summary.span_recall_strict,
    numeric_span_recall: x.summary.numeric_span_recall, token_recall: x.summary.token_recall,
    char_precision: x.summary.char_precision, negatives_redacted: x.summary.negatives_redacted,
  }])),
  notes,
}));

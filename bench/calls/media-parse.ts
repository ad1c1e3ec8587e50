// Parsing one inbound media message (JSON, validation, base64 decode): the hand-written
// validator on the per-frame path against the zod schema it replaced, in the same process and
// run, interleaved so both see the same machine load. Run alone:
//   npx tsx bench/calls/media-parse.ts   (prints a JSON object on its last line)
import { fileURLToPath } from 'node:url';
import { randomBytes } from '../../src/crypto/index.js';
import { mediaSchema, parseInboundMessage, parseInboundMessageWithZod } from '../../src/transport/inbound-messages.js';
import { validateMediaMessage } from '../../src/transport/media-message.js';

export interface MediaParseCost {
  /** Nanoseconds per 20 ms media message, median of the runs. */
  zodNs: number;
  handWrittenNs: number;
  /** The validation step alone (JSON already parsed, payload not decoded). */
  validateZodNs: number;
  validateHandWrittenNs: number;
  messages: number;
  runs: number;
}

function timeNs<T>(parse: (m: T) => unknown, messages: readonly T[]): number {
  const t = process.hrtime.bigint();
  for (const m of messages) parse(m);
  return Number(process.hrtime.bigint() - t) / messages.length;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export function measureMediaParse(count = 3000, runs = 9): MediaParseCost {
  const streamSid = 'MZ' + randomBytes(16).toString('hex');
  const messages = Array.from({ length: count }, (_, k) =>
    JSON.stringify({ event: 'media', sequenceNumber: String(k + 2), streamSid, media: { track: 'inbound', chunk: String(k + 1), timestamp: String(k * 20), payload: randomBytes(160).toString('base64') } }),
  );
  // Warm both paths (JIT) before timing.
  timeNs(parseInboundMessage, messages);
  timeNs(parseInboundMessageWithZod, messages);
  const parsed = messages.map((m) => JSON.parse(m) as Record<string, unknown>);
  const zodValidate = (json: Record<string, unknown>): unknown => mediaSchema.safeParse(json);
  timeNs(zodValidate, parsed);
  timeNs(validateMediaMessage, parsed);
  const zod: number[] = [];
  const hand: number[] = [];
  const zodOnly: number[] = [];
  const handOnly: number[] = [];
  for (let r = 0; r < runs; r++) {
    zod.push(timeNs(parseInboundMessageWithZod, messages));
    hand.push(timeNs(parseInboundMessage, messages));
    zodOnly.push(timeNs(zodValidate, parsed));
    handOnly.push(timeNs(validateMediaMessage, parsed));
  }
  return {
    zodNs: median(zod),
    handWrittenNs: median(hand),
    validateZodNs: median(zodOnly),
    validateHandWrittenNs: median(handOnly),
    messages: count,
    runs,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cost = measureMediaParse();
  console.log(`media message parse (JSON + validation + base64), ns per message, median of ${cost.runs} runs of ${cost.messages}:`);
  console.log(`  zod schema       ${cost.zodNs.toFixed(0)}`);
  console.log(`  hand-written     ${cost.handWrittenNs.toFixed(0)}  (${(cost.zodNs / cost.handWrittenNs).toFixed(2)}x)`);
  console.log(`  validation alone: zod ${cost.validateZodNs.toFixed(0)}, hand-written ${cost.validateHandWrittenNs.toFixed(0)}`);
  console.log(JSON.stringify(mediaParseFigures(cost)));
}

/** The figures as bench/calls.ts prints them in its JSON line. */
export function mediaParseFigures(cost: MediaParseCost): Record<string, { zod: number; hand_written: number }> {
  return {
    media_parse_ns: { zod: Math.round(cost.zodNs), hand_written: Math.round(cost.handWrittenNs) },
    media_validate_ns: { zod: Math.round(cost.validateZodNs), hand_written: Math.round(cost.validateHandWrittenNs) },
  };
}

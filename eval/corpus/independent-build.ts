// Builds eval/corpus/independent.jsonl from the hand-written eval/corpus/independent.txt
// (syntax in that file's header). Offsets are found by searching each labelled value in its
// turn, after the previous label's end, so no offset is ever typed by hand.
//   npx tsx eval/corpus/independent-build.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INDEPENDENT_2_SPLIT, INDEPENDENT_SPLIT, type EntityType, type LabelledConversation, type LabelledTurn, type NegativeKind } from './format.js';

export const SOURCE_PATH = fileURLToPath(new URL('./independent.txt', import.meta.url));
export const JSONL_PATH = fileURLToPath(new URL('./independent.jsonl', import.meta.url));
export const SOURCE_2_PATH = fileURLToPath(new URL('./independent-2.txt', import.meta.url));
export const JSONL_2_PATH = fileURLToPath(new URL('./independent-2.jsonl', import.meta.url));

export function parseIndependentSource(text: string, split: typeof INDEPENDENT_SPLIT | typeof INDEPENDENT_2_SPLIT = INDEPENDENT_SPLIT): LabelledConversation[] {
  const out: LabelledConversation[] = [];
  let conv: LabelledConversation | undefined;
  let turn: LabelledTurn | undefined;
  let searchFrom = 0;
  text.split('\n').forEach((raw, i) => {
    const fail = (why: string): never => { throw new Error(`independent.txt line ${i + 1}: ${why}`); };
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) return;
    const head = /^=== (\S+) (\S+)$/.exec(line);
    if (head) {
      conv = { id: head[1] ?? '', split, source: head[2] ?? '', turns: [] };
      out.push(conv);
      turn = undefined;
      return;
    }
    const t = /^([AC]): (.+)$/.exec(line);
    if (t) {
      if (!conv) return fail('turn before the first ===');
      turn = { speaker: t[1] === 'A' ? 'agent' : 'caller', text: t[2] ?? '', entities: [] };
      conv.turns.push(turn);
      searchFrom = 0;
      return;
    }
    const ent = /^ {2}\+ ([A-Z_]+) \| (.+)$/.exec(line);
    if (ent) {
      if (!turn) return fail('label before a turn');
      const value = ent[2] ?? '';
      const start = turn.text.indexOf(value, searchFrom);
      if (start < 0) return fail(`value not found in the turn after offset ${searchFrom}`);
      turn.entities.push({ type: ent[1] as EntityType, start, end: start + value.length });
      searchFrom = start + value.length;
      return;
    }
    const neg = /^ {2}- (.+)$/.exec(line);
    if (neg) {
      if (!turn) return fail('negatives before a turn');
      turn.negatives = (neg[1] ?? '').split(',').map((k) => k.trim() as NegativeKind);
      return;
    }
    fail('unrecognized line');
  });
  return out;
}

export const toJsonl = (convs: readonly LabelledConversation[]): string =>
  convs.map((c) => JSON.stringify(c)).join('\n') + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npx tsx eval/corpus/independent-build.ts` builds both sets.
  for (const [source, target, split] of [[SOURCE_PATH, JSONL_PATH, INDEPENDENT_SPLIT], [SOURCE_2_PATH, JSONL_2_PATH, INDEPENDENT_2_SPLIT]] as const) {
    const convs = parseIndependentSource(readFileSync(source, 'utf8'), split);
    writeFileSync(target, toJsonl(convs));
    console.log(`wrote ${convs.length} conversations to ${target}`);
  }
}

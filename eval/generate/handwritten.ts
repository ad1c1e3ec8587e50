// Hand-written conversations (handwritten/*.txt). Format, one turn per line:
//   === some-id            starts a conversation
//   A: text | C: text      agent or caller turn
//   {TYPE|value}           a gold entity;  {~kind|value}  a planted negative
//   # comment
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITY_TYPES, NEGATIVE_KINDS, type EntityType, type LabelledTurn, type NegativeKind } from '../corpus/format.js';
import { TurnBuilder } from './builder.js';

const MARK = /\{(~?)([A-Za-z_]+)\|([^}]*)\}/g;
const TYPES = new Set<string>(ENTITY_TYPES);
const KINDS = new Set<string>(NEGATIVE_KINDS);

export interface HandwrittenConversation { id: string; turns: LabelledTurn[] }

function parseTurn(line: string, where: string): LabelledTurn {
  const speaker = line.startsWith('A:') ? 'agent' : line.startsWith('C:') ? 'caller' : null;
  if (!speaker) throw new Error(`${where}: a turn starts with "A:" or "C:"`);
  const body = line.slice(2).trim();
  const t = new TurnBuilder(speaker);
  let at = 0;
  for (const m of body.matchAll(MARK)) {
    t.say(body.slice(at, m.index));
    const [, neg, name, value] = m as unknown as [string, string, string, string];
    if (neg === '~') {
      if (!KINDS.has(name)) throw new Error(`${where}: unknown negative kind ${name}`);
      t.negative(name as NegativeKind, value);
    } else {
      if (!TYPES.has(name)) throw new Error(`${where}: unknown entity type ${name}`);
      t.entity(name as EntityType, value);
    }
    at = m.index + m[0].length;
  }
  t.say(body.slice(at));
  return t.build();
}

export function parseHandwritten(text: string, file: string): HandwrittenConversation[] {
  const out: HandwrittenConversation[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('===')) { out.push({ id: `hw-${line.slice(3).trim()}`, turns: [] }); return; }
    const current = out.at(-1);
    if (!current) throw new Error(`${file}:${i + 1}: turn before the first === header`);
    current.turns.push(parseTurn(line, `${file}:${i + 1}`));
  });
  return out;
}

export function loadHandwritten(dir: string): HandwrittenConversation[] {
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
    .flatMap((f) => parseHandwritten(readFileSync(join(dir, f), 'utf8'), f));
}

// Builds labelled turns piece by piece, so offsets are computed, never hand-counted.
import type { EntityType, GoldEntity, LabelledTurn, NegativeKind } from '../corpus/format.js';

export class TurnBuilder {
  private text = '';
  private readonly entities: GoldEntity[] = [];
  private readonly negatives = new Set<NegativeKind>();
  constructor(private readonly speaker: 'agent' | 'caller') {}

  say(s: string): this { this.text += s; return this; }
  entity(type: EntityType, s: string): this {
    this.entities.push({ type, start: this.text.length, end: this.text.length + s.length });
    this.text += s;
    return this;
  }
  negative(kind: NegativeKind, s: string): this { this.negatives.add(kind); this.text += s; return this; }

  build(): LabelledTurn {
    const turn: LabelledTurn = { speaker: this.speaker, text: this.text, entities: this.entities };
    if (this.entities.length === 0 && this.negatives.size > 0) turn.negatives = [...this.negatives].sort();
    return turn;
  }
}

export class ConversationBuilder {
  readonly turns: LabelledTurn[] = [];
  agent(f: string | ((t: TurnBuilder) => TurnBuilder)): this { return this.add('agent', f); }
  caller(f: string | ((t: TurnBuilder) => TurnBuilder)): this { return this.add('caller', f); }
  private add(speaker: 'agent' | 'caller', f: string | ((t: TurnBuilder) => TurnBuilder)): this {
    const t = new TurnBuilder(speaker);
    this.turns.push((typeof f === 'string' ? t.say(f) : f(t)).build());
    return this;
  }
}

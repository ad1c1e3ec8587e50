/** The entity types of the `sotto redact` contract (DESIGN.md). Order is not significant. */
export const ENTITY_TYPES = [
  'CREDIT_CARD',
  'CARD_EXPIRY',
  'CARD_CVV',
  'US_SSN',
  'BANK_ACCOUNT',
  'ROUTING_NUMBER',
  'PIN',
  'DATE_OF_BIRTH',
  'PHONE_NUMBER',
  'EMAIL',
  'PERSON_NAME',
  'ADDRESS',
  'MEDICAL',
  'MEDICAL_RECORD_NUMBER',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/** A detected value: offsets into the ORIGINAL turn text, `end` exclusive. */
export interface EntitySpan {
  type: EntityType;
  start: number;
  end: number;
}

export type Speaker = 'agent' | 'caller';

export interface Turn {
  speaker: Speaker;
  text: string;
}

export interface Conversation {
  id: string;
  turns: Turn[];
}

export interface RedactedTurn {
  speaker: Speaker;
  text: string;
  redacted: string;
  entities: EntitySpan[];
}

export interface RedactedConversation {
  id: string;
  turns: RedactedTurn[];
}

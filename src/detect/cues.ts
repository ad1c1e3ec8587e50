import type { EntityType } from './types.js';

/** What a phrase leads the listener to expect next: an entity type, or a number that is not sensitive. */
export type Expectation = EntityType | 'NOT_SENSITIVE';

export interface Cue {
  expect: Expectation;
  start: number;
  end: number;
  /** A bare "card", a card brand or "account": it yields to any specific cue in the same prompt. */
  weak?: boolean;
}

const WEAK_CUE = /^(?:card|visa|master ?card|amex|american express|discover card|account)$/;

// More specific phrases first: "the three digits on the back of your card" is a CVV cue, and its
// "card" must not also count as a card-number cue.
const CUE_PATTERNS: readonly [Expectation, RegExp][] = [
  ['CARD_CVV', /\b(?:security code|cvv2?|cvc2?|csc|card verification|(?:three|four|3|4)[- ]digit(?:s)?(?: code)? on the (?:back|front)|digits on the back|code on the back)(?: of (?:your|the) card)?/g],
  ['CARD_EXPIRY', /\b(?:expiration|expiry|expires?|expiring|exp date|valid (?:thru|through|until))(?: date)?(?: on (?:your|the) card)?/g],
  ['US_SSN', /\b(?:social security(?: number)?|social|ssn|socsec)\b/g],
  ['ROUTING_NUMBER', /\b(?:routing(?: number)?|aba(?: number)?|transit number)\b/g],
  ['BANK_ACCOUNT', /\b(?:(?:bank |checking |savings )?account number|bank account|checking account|savings account|account no|account(?! holder))\b/g],
  ['MEDICAL_RECORD_NUMBER', /\b(?:medical record(?: number)?|mrn|patient (?:id|number)|chart number|member id)\b/g],
  ['PIN', /\b(?:pin(?: number| code)?|passcode|pass code)\b/g],
  ['DATE_OF_BIRTH', /\b(?:date of birth|birth ?date|birthday|dob|d\.o\.b\.?|when were you born|year (?:of birth|you were born)|born (?:on|in))\b/g],
  ['PHONE_NUMBER', /\b(?!(?:tele)?phone banking|mobile banking|mobile app)(?:phone(?: number)?|telephone|callback(?: number)?|call ?back number|cell(?: phone)?|mobile(?: number)?|contact number|best number|number (?:to|we can) (?:reach|call)|reach you at|call me (?:back )?at|reach me at)\b/g],
  ['EMAIL', /\b(?:e-?mail(?: address)?)\b/g],
  ['CREDIT_CARD', /\b(?:(?:credit |debit )?card number|number on (?:the|your) card|long number|credit card|debit card|card ending|visa|master ?card|amex|american express|discover card|card)\b/g],
  ['PERSON_NAME', /\b(?:(?:full |first |last |your |the )?name|who am i speaking (?:with|to)|who do i have|speaking with|pleasure of|who(?:'s| is) calling|spell(?:ing)? (?:that|it))\b/g],
  ['ADDRESS', /\b(?:(?:mailing |billing |home |street |shipping )?address|where do you live|zip(?: code)?|postal code|street)\b/g],
  ['NOT_SENSITIVE', /\b(?:order(?: number)?|confirmation(?: number| code)?|room(?: number)?|ticket(?: number)?|reference(?: number)?|tracking(?: number)?|invoice|case number|claim(?: number)?|reservation|booking|flight|extension|how many|how much|amount|total|balance|price|cost|what time|appointment|how long|how old|quantity|model number|serial number)\b/g],
];

/** Every cue in a text, in order, none overlapping a more specific one found before it. */
export function findCues(text: string): Cue[] {
  const lower = text.toLowerCase();
  const cues: Cue[] = [];
  // Characters already claimed by a more specific cue: linear, where comparing cue pairs is not.
  const claimed = new Uint8Array(lower.length);
  for (const [expect, pattern] of CUE_PATTERNS) {
    for (const match of lower.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (claimed.subarray(start, end).includes(1)) continue;
      claimed.fill(1, start, end);
      const cue: Cue = { expect, start, end };
      if (WEAK_CUE.test(match[0])) cue.weak = true;
      cues.push(cue);
    }
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** What an agent prompt asks for, in the order it asks ("expiration date and security code"). */
export function expectationsOf(prompt: string): Expectation[] {
  const cues = findCues(prompt);
  const specific = cues.some((c) => !c.weak && c.expect !== 'NOT_SENSITIVE');
  const seen: Expectation[] = [];
  for (const cue of cues) if (!(specific && cue.weak) && !seen.includes(cue.expect)) seen.push(cue.expect);
  return seen;
}

/** "last four of your social": a four-digit answer is expected. */
export function asksForLastFour(prompt: string): boolean {
  return /\blast (?:four|4)\b/i.test(prompt);
}

import type { EntityType } from './types.js';

/** What a phrase leads the listener to expect next: an entity type, or a number that is not sensitive. */
export type Expectation = EntityType | 'NOT_SENSITIVE';

export interface Cue {
  expect: Expectation;
  start: number;
  end: number;
  /** A bare "card", a card brand or "account": it yields to any specific cue in the same prompt. */
  weak?: boolean;
  /** "ends in", "last four of the card": only part of the value follows (2 to 6 digits). A partial
   * cue said of nothing named is also `weak`: it is typed as a card by default. */
  partial?: boolean;
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
  ['MEDICAL_RECORD_NUMBER', /\b(?:medical record(?: number)?|m\.? ?r\.? ?n|patient (?:id|number)|chart number|member (?:id|number)|subscriber id|insurance id)\b/g],
  ['PIN', /\b(?:pin(?: number| code)?|passcode|pass code)\b/g],
  ['DATE_OF_BIRTH', /\b(?:date of birth|birth ?date|birthday|dob|d\.o\.b\.?|when were you born|year (?:of birth|you were born)|born (?:on|in))\b/g],
  ['PHONE_NUMBER', /\b(?!(?:tele)?phone banking|mobile banking|mobile app)(?:phone(?: number)?|telephone|callback(?: number)?|call ?back number|cell(?: phone)?|mobile(?: number)?|contact number|best number|number (?:to|we can) (?:reach|call)|reach you at|call me (?:back )?at|reach me at)\b/g],
  ['EMAIL', /\b(?:e-?mail(?: address)?)\b/g],
  ['CREDIT_CARD', /\b(?:(?:credit |debit )?card number|number on (?:the|your) card|long number|credit card|debit card|card ending|visa|master ?card|amex|american express|discover card|card)\b/g],
  ['PERSON_NAME', /\b(?:(?:full |first |last |your |the )?name|who am i speaking (?:with|to)|who do i have|(?<!you(?:'|’)re |you are |you(?:'|’)re now )speaking with|pleasure of|who(?:'s| is) calling|spell(?:ing)? (?:that|it))\b/g],
  ['ADDRESS', /\b(?:(?:mailing |billing |home |street |shipping )?address|where do you live|zip(?: code)?|postal code|street)\b/g],
  ['NOT_SENSITIVE', /\b(?:order(?: number)?|confirmation(?: number| code)?|room(?: number)?|ticket(?: number)?|reference(?: number)?|tracking(?: number)?|invoice|case number|claim(?: number)?|reservation|booking|flight|extension|how many|how much|amount|total|balance|price|cost|what time|appointment|how long|how old|quantity|model number|serial number|fedex|usps|dhl|ups (?:number|tracking)|shipment|parcel|package|waybill|part number|sku)\b/g],
];

// "ends in 4 4 7 2", "the account ending four four seven two", "last four of the card are":
// a partial value, typed by the noun it is said of (before the phrase or after its "of").
const PARTIAL = /\b(?:(?:ends?|ending) (?:in|with)|ending|last (?:four|4|three|3|two|2)(?: digits?| numbers?)?)\b/g;
const PARTIAL_OF = /^ (?:of|on|for|from) (?:the|your|my|his|her|their|that|this)((?: [a-z']+){1,3}?)(?: (?:are|is|were|would be|being|number))?\b/;
const PARTIAL_NOUNS: readonly [Expectation, RegExp][] = [
  ['US_SSN', /\b(?:social|ssn|social security)\b/g],
  ['ROUTING_NUMBER', /\brouting\b/g],
  ['MEDICAL_RECORD_NUMBER', /\b(?:mrn|medical record|member id)\b/g],
  // A partial order, booking or parcel number is no secret ("the confirmation number ends in 9 9 1 2").
  ['NOT_SENSITIVE', /\b(?:order|confirmation|tracking|reference|invoice|ticket|claim|case|flight|room|reservation|booking|serial|model)\b/g],
  ['BANK_ACCOUNT', /\b(?:account|checking|savings)\b/g],
  ['PHONE_NUMBER', /\b(?:phone|cell|mobile|telephone)\b/g],
  ['CREDIT_CARD', /\b(?:card|visa|master ?card|amex|american express|discover|debit|credit)\b/g],
];

function partialType(words: string): Expectation | undefined {
  // The noun nearest the phrase decides: "the card for my checking account ending in" is an account.
  let best: [Expectation, number] | undefined;
  for (const [type, noun] of PARTIAL_NOUNS) {
    for (const m of words.matchAll(noun)) if (!best || m.index > best[1]) best = [type, m.index];
  }
  return best?.[0];
}

function partialCues(lower: string, claimed: Uint8Array): Cue[] {
  const cues: Cue[] = [];
  for (const match of lower.matchAll(PARTIAL)) {
    const start = match.index;
    let end = start + match[0].length;
    // A bare "ending" only counts straight after a noun ("the visa ending 5100").
    if (match[0] === 'ending' && !/(?:card|visa|account|checking|savings|number|amex|mastercard|express|discover|phone|social)(?:'s)? $/.test(lower.slice(Math.max(0, start - 14), start))) continue;
    const of = PARTIAL_OF.exec(lower.slice(end, end + 48));
    let type = of ? partialType(of[1] ?? '') : undefined;
    const verb = /^ (?:digits? |numbers? )?(?:are|is|were)\b/.exec(lower.slice(end, end + 16));
    if (of && type) end += of[0].length;
    else if (verb) end += verb[0].length;
    // Otherwise the noun said before it, in the same sentence ("my debit card, the one that ends in").
    if (!type) {
      const before = lower.slice(Math.max(0, start - 60), start);
      type = partialType(before.slice(Math.max(before.search(/[.?!][^.?!]*$/), 0)));
    }
    claimed.fill(1, start, end);
    // Said of nothing named: a card is what callers and agents most often name by its last four.
    const cue: Cue = { expect: type ?? 'CREDIT_CARD', start, end, partial: true };
    if (!type) cue.weak = true;
    cues.push(cue);
  }
  return cues;
}

/** Every cue in a text, in order, none overlapping a more specific one found before it. */
export function findCues(text: string): Cue[] {
  const lower = text.toLowerCase();
  // Characters already claimed by a more specific cue: linear, where comparing cue pairs is not.
  const claimed = new Uint8Array(lower.length);
  const cues: Cue[] = partialCues(lower, claimed);
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

/** "last four of your social", "the card ending in?": only part of a value is expected. */
export function asksForPartial(prompt: string): boolean {
  return findCues(prompt).some((c) => c.partial === true);
}

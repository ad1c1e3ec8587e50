// Conversation families: an opening, a few detail segments in a family-typical order, a
// sprinkling of negative turns, a closing.
import { ConversationBuilder } from './builder.js';
import type { Rng } from './prng.js';
import * as id from './segments-identity.js';
import { negativeTurn } from './segments-negatives.js';
import * as pay from './segments-payment.js';

type Segment = (c: ConversationBuilder, rng: Rng) => void;
interface Family { name: string; opening: string[]; segments: Segment[][] }

export const FAMILIES: Family[] = [
  { name: 'card_payment', opening: ['Thank you for calling Northgate Energy billing, how can I help?', 'Harbor Bank card services, this call may be recorded.'],
    segments: [[id.nameCheck], [pay.cardDetails], [id.addressCheck, id.emailCheck, id.phoneCheck]] },
  { name: 'bank_transfer', opening: ['First Union Credit, you\'re speaking with Dana.', 'Welcome to Lakeside Savings phone banking.'],
    segments: [[id.nameCheck], [pay.pinCheck, id.dobCheck], [pay.bankDetails], [pay.ssnCheck, id.phoneCheck]] },
  { name: 'identity', opening: ['Account security, I just need to verify a few things.', 'Claims department, how can I help you today?'],
    segments: [[id.nameCheck], [id.dobCheck], [pay.ssnCheck], [id.addressCheck, id.phoneCheck, id.emailCheck]] },
  { name: 'clinic', opening: ['Riverside Family Clinic, this is the nurse line.', 'Mercy Health scheduling, how may I help?'],
    segments: [[id.nameCheck], [id.dobCheck, id.mrnCheck], [id.medicalHistory], [id.mrnCheck, id.phoneCheck]] },
  { name: 'utility_setup', opening: ['City Water and Power, new service desk.', 'Thanks for calling Brightline Internet.'],
    segments: [[id.nameCheck], [id.addressCheck], [id.phoneCheck, id.emailCheck], [pay.cardDetails, pay.bankDetails]] },
  { name: 'pharmacy_refill', opening: ['CareWay Pharmacy refill line.', 'Thanks for calling the pharmacy at Greenfield Hospital.'],
    segments: [[id.nameCheck, id.dobCheck], [id.medicalHistory], [pay.cardDetails]] },
];

const CLOSING = ['Is there anything else I can help with?', 'You\'re all set. Have a good day.', 'That\'s been processed for you.'];

export function generateFamilyConversation(rng: Rng, family: Family): ConversationBuilder {
  const c = new ConversationBuilder();
  c.agent(rng.pick(family.opening));
  c.caller(rng.pick(['hi, I need to make a payment', 'yeah hi, I\'m calling about my account', 'hello, I got a letter from you', 'hi, um, I need to update some details']));
  for (const options of family.segments) {
    if (rng.chance(0.3)) negativeTurn(c, rng);
    rng.pick(options)(c, rng);
  }
  if (rng.chance(0.6)) negativeTurn(c, rng);
  c.agent(rng.pick(CLOSING));
  return c;
}

// A call with no sensitive values at all: order status, scheduling, billing questions.
export function generateNegativeConversation(rng: Rng): ConversationBuilder {
  const c = new ConversationBuilder();
  c.agent(rng.pick(['Customer care, how can I help?', 'Front desk, good evening.', 'Scheduling, this is Pat.']));
  const n = rng.int(3, 6);
  for (let i = 0; i < n; i++) {
    negativeTurn(c, rng);
    if (rng.chance(0.5)) c.agent(rng.pick(['okay', 'I see', 'let me check that for you', 'mm-hmm']));
  }
  c.agent(rng.pick(CLOSING));
  return c;
}

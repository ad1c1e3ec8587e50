// Template pieces for card and bank payments: the agent prompt, then the caller's answer in
// one of the spoken forms the issue lists (split across turns or segments, restarted, ...).
import type { EntityType } from '../corpus/format.js';
import type { ConversationBuilder } from './builder.js';
import type { Rng } from './prng.js';
import { randomStyle, speakDigits } from './spoken.js';
import * as v from './values.js';

const LEAD = ['', '', 'yeah ', 'okay ', 'um ', 'sure, ', 'yeah it\'s ', 'it is ', 'so it\'s '];

// Says a digit run in one of: one turn, two turns with "mm-hmm" between, two recognizer
// segments (consecutive caller turns), or a restart ("sorry, let me start again").
export function digitRun(c: ConversationBuilder, rng: Rng, type: EntityType, d: string, groups: number[], sep: string, spokenShare = 0.75): void {
  const shape = rng.int(0, 9);
  const style = randomStyle(rng);
  const lead = rng.pick(LEAD);
  if (d.length >= 8 && shape <= 1) {
    const cut = groups.length > 2 ? (groups[0] ?? 4) + (groups[1] ?? 4) : Math.floor(d.length / 2);
    const gA = groups.length > 2 ? groups.slice(0, 2) : [cut];
    const gB = groups.length > 2 ? groups.slice(2) : [d.length - cut];
    const a = speakDigits(d.slice(0, cut), style, rng, gA);
    const b = speakDigits(d.slice(cut), style, rng, gB);
    c.caller((t) => t.say(lead).entity(type, a));
    if (shape === 0) c.agent(rng.pick(['mm-hmm', 'okay', 'uh-huh', 'go on']));
    c.caller((t) => t.entity(type, b).say(rng.pick(['', '.', ' and that\'s it'])));
    return;
  }
  if (d.length >= 6 && shape === 2) {
    const prefix = speakDigits(d.slice(0, rng.int(3, Math.min(8, d.length - 2))), style, rng);
    const full = speakDigits(d, style, rng, groups);
    const restart = rng.pick(['sorry, let me start again', 'no wait, sorry, let me start over', 'hang on, sorry, start again']);
    c.caller((t) => t.say(lead).entity(type, prefix).say(`, ${restart}, `).entity(type, full));
    return;
  }
  const text = v.renderDigits(rng, d, groups, sep, spokenShare, style);
  c.caller((t) => t.say(lead).entity(type, text).say(rng.pick(['', '.', '', ' I think'])));
}

export function cardDetails(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['Can I get the card number, please?', 'What is the long number on the front of the card?',
    'Go ahead with your card number whenever you\'re ready.', 'And the sixteen digit card number?']));
  const card = rng.chance(0.1) ? v.misspokenCard(rng) : v.cardNumber(rng);
  digitRun(c, rng, 'CREDIT_CARD', card.digits, card.groups, rng.pick([' ', '-']));
  c.agent(rng.pick(['And the expiration date?', 'Thank you. What\'s the expiry on the card?', 'Got it. Expiration?']));
  c.caller((t) => t.say(rng.pick(['', 'it expires ', 'um ', 'it\'s '])).entity('CARD_EXPIRY', v.renderExpiry(rng)));
  const amex = card.digits.length === 15;
  c.agent(rng.pick(['And the security code on the back?', 'Last, the three digit code on the back of the card.', 'What is the CVV?']));
  const code = v.cvv(rng, amex);
  c.caller((t) => t.say(rng.pick(['', 'it\'s ', 'uh '])).entity('CARD_CVV', v.renderDigits(rng, code, [code.length], '', 0.8)));
}

export function bankDetails(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['What\'s the routing number on the check?', 'I need the nine digit routing number for your bank.']));
  const r = v.routingNumber(rng);
  digitRun(c, rng, 'ROUTING_NUMBER', r, rng.chance(0.5) ? [3, 3, 3] : [9], '');
  c.agent(rng.pick(['And the account number?', 'Thanks. Now the checking account number.']));
  const a = v.bankAccount(rng);
  digitRun(c, rng, 'BANK_ACCOUNT', a, [a.length], '');
}

export function pinCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['Please say your four digit PIN.', 'For security, what\'s your telephone banking PIN?']));
  const p = v.pin(rng);
  c.caller((t) => t.say(rng.pick(['', 'it\'s ', 'um '])).entity('PIN', v.renderDigits(rng, p, [p.length], '', 0.8)));
}

export function ssnCheck(c: ConversationBuilder, rng: Rng): void {
  const s = v.ssn(rng);
  if (rng.chance(0.35)) {
    c.agent('Can you verify the last four of your social?');
    c.caller((t) => t.say(rng.pick(['', 'yeah ', 'it\'s '])).entity('US_SSN', v.renderDigits(rng, s.slice(5), [4], '', 0.8)));
    return;
  }
  c.agent(rng.pick(['What is your social security number?', 'I\'ll need your full social to open the claim.']));
  digitRun(c, rng, 'US_SSN', s, [3, 2, 4], '-', 0.6);
}

// Template pieces for identity and health details: names, dates of birth, contact details,
// medical record numbers, conditions and medications.
import type { ConversationBuilder } from './builder.js';
import * as lx from './lexicon.js';
import type { Rng } from './prng.js';
import { digitRun } from './segments-payment.js';
import * as v from './values.js';

export function nameCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['Can I have your full name, please?', 'Who am I speaking with today?', 'And the name on the account?']));
  const capital = rng.chance(0.5);
  const name = lx.personName(rng, capital);
  if (rng.chance(0.15)) {
    const last = lx.LAST[0] === undefined ? 'smith' : rng.pick(lx.LAST);
    c.caller((t) => t.say('it\'s ').entity('PERSON_NAME', name).say(', and my maiden name is ').entity('PERSON_NAME', last).say(', spelled ').entity('PERSON_NAME', lx.spelled(last)));
    return;
  }
  c.caller((t) => t.say(rng.pick(['this is ', 'my name is ', 'yeah it\'s ', '', 'um, '])).entity('PERSON_NAME', name));
}

export function dobCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['And your date of birth?', 'Can you confirm your date of birth for me?', 'What\'s the patient\'s birth date?']));
  const dob = v.renderDob(rng);
  // "the" of "the fifth of june ..." is not part of the value (eval/README.md, label guidelines).
  const lead = dob.startsWith('the ') ? 'the ' : '';
  c.caller((t) => t.say(rng.pick(['', 'it\'s ', 'I was born ', 'uh '])).say(lead).entity('DATE_OF_BIRTH', dob.slice(lead.length)));
}

export function phoneCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['What\'s the best callback number?', 'Can I get a phone number on the account?']));
  const d = v.phoneDigits(rng);
  if (rng.chance(0.25)) { digitRun(c, rng, 'PHONE_NUMBER', d, [3, 3, 4], '-'); return; }
  c.caller((t) => t.say(rng.pick(['', 'sure, it\'s ', 'my cell is '])).entity('PHONE_NUMBER', v.renderPhone(rng, d)));
}

export function addressCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['And the service address?', 'What address should we mail it to?', 'Can you confirm the billing address?']));
  c.caller((t) => t.say(rng.pick(['', 'it\'s ', 'I live at ', 'um '])).entity('ADDRESS', lx.address(rng, rng.chance(0.5))));
}

export function emailCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['What email should the receipt go to?', 'And an email address?']));
  c.caller((t) => t.say(rng.pick(['', 'it\'s ', 'yeah, '])).entity('EMAIL', lx.email(rng)));
}

export function mrnCheck(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['Do you have your medical record number?', 'What\'s the MRN on your card?']));
  const d = v.mrnDigits(rng);
  const prefix = rng.chance(0.3) ? 'M R N ' : '';
  c.caller((t) => t.say(rng.pick(['yes, ', '', 'it\'s '])).say(prefix).entity('MEDICAL_RECORD_NUMBER', v.renderDigits(rng, d, [d.length], '', 0.7)));
}

export function medicalHistory(c: ConversationBuilder, rng: Rng): void {
  c.agent(rng.pick(['What is the refill for?', 'Any conditions we should know about?', 'What medications are you currently taking?']));
  const cond = rng.pick(lx.CONDITIONS);
  const med = rng.pick(lx.MEDICATIONS);
  switch (rng.int(0, 2)) {
    case 0: c.caller((t) => t.say('I have ').entity('MEDICAL', cond).say(' and I take ').entity('MEDICAL', med).say(' every morning')); break;
    case 1: c.caller((t) => t.say('it\'s my ').entity('MEDICAL', med).say(', for the ').entity('MEDICAL', cond)); break;
    default: c.caller((t) => t.say('um, the doctor says it\'s ').entity('MEDICAL', cond));
  }
}

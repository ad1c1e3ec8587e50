// Turns full of numbers that are not sensitive: amounts, times, counts, years, durations,
// ordinals, order, room and confirmation numbers, ordinary dates. They carry no entities.
import type { ConversationBuilder } from './builder.js';
import type { Rng } from './prng.js';
import { plainStyle, randomStyle, speakDigits } from './spoken.js';
import { numberWords, ordinalWords, yearWords } from './values.js';

const MONTHS = ['january', 'march', 'april', 'june', 'august', 'october', 'november'];

type Maker = (rng: Rng) => [speaker: 'agent' | 'caller', build: (c: ConversationBuilder) => void];

const makers: Maker[] = [
  (rng) => ['agent', (c) => c.agent((t) => t.say('Your balance is ').negative('amount', rng.chance(0.5) ? `$${rng.int(10, 2999)}.${String(rng.int(0, 99)).padStart(2, '0')}` : `${numberWords(rng.int(20, 990), rng)} dollars`).say(', due on the ').negative('ordinal', ordinalWords(rng.int(1, 28))).say('.'))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('I paid ').negative('amount', `${numberWords(rng.int(11, 99), rng)} ${numberWords(rng.int(10, 99), rng)}`).say(' last month, on ').negative('date', `${rng.pick(MONTHS)} ${ordinalWords(rng.int(1, 28))}`))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('I\'ve been a customer since ').negative('year', rng.chance(0.5) ? String(rng.int(1995, 2024)) : yearWords(rng.int(1995, 2024), rng)).say(', I have ').negative('count', `${numberWords(rng.int(2, 6), rng)} accounts`).say(' with you'))],
  (rng) => ['agent', (c) => c.agent((t) => t.say('The technician will come between ').negative('time', `${numberWords(rng.int(8, 11), rng)} and ${numberWords(rng.int(12, 12), rng)} thirty`).say(', it takes about ').negative('duration', `${numberWords(rng.pick([20, 30, 45, 90]), rng)} minutes`))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('my order number is ').negative('order_number', speakDigits(String(rng.int(100000, 9999999)), randomStyle(rng), rng)).say(', it was supposed to arrive ').negative('duration', `${numberWords(rng.int(2, 14), rng)} days ago`))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('I\'m in room ').negative('room_number', rng.chance(0.5) ? String(rng.int(101, 1240)) : numberWords(rng.int(101, 999), rng)).say(' on the ').negative('ordinal', `${ordinalWords(rng.int(2, 12))} floor`))],
  (rng) => ['agent', (c) => c.agent((t) => t.say('Your confirmation number is ').negative('confirmation_number', `${rng.pick(['K', 'B', 'Z', 'R'])} ${speakDigits(String(rng.int(10000, 99999)), plainStyle, rng)}`).say('. Anything else today?'))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('we used ').negative('count', `${numberWords(rng.int(300, 1800), rng)} kilowatt hours`).say(' in ').negative('date', rng.pick(MONTHS)).say(', that\'s ').negative('count', `${numberWords(rng.int(2, 4), rng)} times`).say(' normal'))],
  (rng) => ['agent', (c) => c.agent((t) => t.say('I can book you for ').negative('date', `${rng.pick(MONTHS)} ${ordinalWords(rng.int(1, 28))}`).say(' at ').negative('time', `${rng.int(1, 12)}:${rng.pick(['00', '15', '30', '45'])} ${rng.pick(['am', 'pm'])}`))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('just press extension ').negative('phone_extension', speakDigits(String(rng.int(100, 9999)), plainStyle, rng)).say(' it said, I waited ').negative('duration', `${numberWords(rng.int(10, 59), rng)} minutes`))],
  (rng) => ['caller', (c) => c.caller((t) => t.say('it\'s the ').negative('ordinal', `${ordinalWords(rng.int(2, 5))} time`).say(' I\'m calling, the fee went up to ').negative('amount', `${numberWords(rng.int(25, 400), rng)} dollars`).say(' in ').negative('year', yearWords(rng.int(2019, 2025), rng)))],
  (rng) => ['agent', (c) => c.agent((t) => t.say('The prescription is ').negative('count', `${numberWords(rng.pick([30, 60, 90]), rng)} tablets`).say(', take ').negative('count', numberWords(rng.int(1, 2), rng)).say(' twice a day for ').negative('duration', `${numberWords(rng.int(5, 14), rng)} days`))],
];

export function negativeTurn(c: ConversationBuilder, rng: Rng): void {
  rng.pick(makers)(rng)[1](c);
}

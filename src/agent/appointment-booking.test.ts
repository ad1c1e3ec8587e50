// End to end through agents/appointment-booking.yaml with a real token vault, the real date
// validator and the demo patient directory: the date of birth reaches verify_patient alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenVault } from '../detect/index.js';
import type { AgentReply, CallerTurn } from './agent.js';
import { createAgentContext } from './context.js';
import { loadAgent } from './registry.js';
import { createDemoAppointmentTools } from './tools/index.js';

const NOW = new Date('2026-05-20T12:00:00Z');

async function bookingCall(fullDays: string[] = []) {
  const { vault, capability } = createTokenVault();
  const demo = createDemoAppointmentTools({ fullDays, now: () => NOW });
  const tools = [demo.verifyPatient, demo.bookAppointment];
  const agent = await loadAgent('appointment-booking', { tools });
  const session = agent.createSession(createAgentContext({ callId: 'call_book', tenantId: 'ten_demo', tools, vault, capability, now: () => NOW }));
  const born = (value: string, source: CallerTurn['source'] = 'speech'): CallerTurn => {
    const token = vault.tokenize('DATE_OF_BIRTH', value);
    return { text: `I was born on ${token}`, entities: [{ type: 'DATE_OF_BIRTH', token }], source };
  };
  const words = (text: string): CallerTurn => ({ text, entities: [], source: 'speech' });
  return { session, demo, born, words };
}

describe('the appointment-booking agent', () => {
  it('verifies the caller by date of birth, books the chosen day and reads back the reference', async () => {
    const call = await bookingCall();
    const first = await call.session.start();
    assert.equal(first.expect?.entityType, 'DATE_OF_BIRTH');
    assert.deepEqual(first.expect?.keypad, { maxDigits: 8, finishOnKey: '#' });
    const day = await call.session.respond(call.born('march fifteenth nineteen eighty'));
    assert.match(day.say, /found your record\. Which day/);
    const done: AgentReply = await call.session.respond(call.words('Tuesday works'));
    assert.deepEqual(done.end, { outcome: 'completed' });
    const [booking] = call.demo.bookings;
    assert.deepEqual({ patient: booking?.patientId, day: booking?.day }, { patient: 'pat_demo_1', day: 'tuesday' });
    assert.equal(done.say, `You are booked for Tuesday at 10 AM. Your booking reference is ${booking?.reference}. Goodbye.`);
    assert.ok(!/1980|fifteenth/.test(day.say + done.say));
  });

  it('takes the date of birth from the keypad as month, day and year', async () => {
    const call = await bookingCall();
    await call.session.start();
    assert.match((await call.session.respond(call.born('03151980', 'keypad'))).say, /Which day/);
  });

  it('ends politely as failed when no patient has that date of birth', async () => {
    const call = await bookingCall();
    await call.session.start();
    const end = await call.session.respond(call.born('04/01/1975'));
    assert.deepEqual(end.end, { outcome: 'failed' });
    assert.match(end.say, /could not find your record/);
    assert.equal(call.demo.bookings.length, 0);
  });

  it('asks again for a date of birth in the future', async () => {
    const call = await bookingCall();
    await call.session.start();
    assert.match((await call.session.respond(call.born('01/01/2030'))).say, /did not get a valid date of birth/);
  });

  it('offers another day when the chosen one is full', async () => {
    const call = await bookingCall(['monday']);
    await call.session.start();
    await call.session.respond(call.born('03/15/1980'));
    const again = await call.session.respond(call.words('monday'));
    assert.equal(again.say, "I'm sorry, that day is fully booked. Which day would you like, Monday, Tuesday, Wednesday, Thursday or Friday?");
    assert.deepEqual((await call.session.respond(call.words('fri'))).end, { outcome: 'completed' });
    assert.equal(call.demo.bookings[0]?.day, 'friday');
  });
});

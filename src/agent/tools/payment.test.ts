import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDemoPaymentTool } from './payment.js';

const NOW = new Date('2026-05-20T12:00:00Z');
const CTX = { callId: 'c1', tenantId: 't1' };
const GOOD = { card_number: '4111111111111111', expiry: '0928', cvv: '737', ssn: '123456789', amount: 42.5 };

describe('the demo payment processor', () => {
  it('approves a matching card, keeps card and expiry but never the CVV or SSN (PCI DSS 3.3.1.2)', async () => {
    const tool = createDemoPaymentTool({ now: () => NOW });
    const result = await tool.run(GOOD, CTX);
    assert.equal(result.approved, true);
    assert.equal(result.last4, '1111');
    assert.match(String(result.confirmation_code), /^[A-HJ-NP-Z]{8}$/);
    assert.deepEqual(Object.keys(tool.charges[0] ?? {}).sort(), ['amountCents', 'callId', 'cardNumber', 'confirmationCode', 'expiry', 'tenantId']);
    assert.equal(tool.charges[0]?.cardNumber, '4111111111111111');
  });

  const declines: [string, Partial<typeof GOOD>, string][] = [
    ['a Luhn-invalid number', { card_number: '4111111111111112' }, 'invalid_request'],
    ['a zero amount', { amount: 0 }, 'invalid_request'],
    ['a past expiry', { expiry: '0120' }, 'expired_card'],
    ['an unknown card', { card_number: '5500000000000004' }, 'card_not_found'],
    ['another expiry than on file', { expiry: '1129' }, 'expiry_mismatch'],
    ['a wrong CVV', { cvv: '321' }, 'cvv_mismatch'],
    ['a wrong SSN', { ssn: '123456788' }, 'verification_failed'],
    ['a card that declines', { card_number: '4000000000000002' }, 'insufficient_funds'],
  ];
  for (const [name, change, reason] of declines) {
    it(`declines ${name} (${reason}) and records nothing`, async () => {
      const tool = createDemoPaymentTool({ now: () => NOW });
      assert.deepEqual(await tool.run({ ...GOOD, ...change }, CTX), { approved: false, reason });
      assert.equal(tool.charges.length, 0);
    });
  }

  it('accepts the expiry however the detector stored it', async () => {
    const tool = createDemoPaymentTool({ now: () => NOW });
    assert.equal((await tool.run({ ...GOOD, expiry: '092028' }, CTX)).approved, true);
  });
});

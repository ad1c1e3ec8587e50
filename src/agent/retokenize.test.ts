import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retokenizeResult } from './retokenize.js';

const CARD = { token: '[CREDIT_CARD_1]', value: '4111111111111111' };
const CVV = { token: '[CARD_CVV_1]', value: '123' };

describe('re-tokenizing a tool result', () => {
  it('replaces a value the tool received, as written or formatted', () => {
    const out = retokenizeResult({ echo: 'card 4111111111111111', formatted: 'card 4111 1111 1111 1111', dashed: '4111-1111-1111-1111' }, [CARD]);
    assert.deepEqual(out, { echo: 'card [CREDIT_CARD_1]', formatted: 'card [CREDIT_CARD_1]', dashed: '[CREDIT_CARD_1]' });
  });

  it('turns a number field holding a value into the token', () => {
    assert.deepEqual(retokenizeResult({ n: 4111111111111111, cvv: 123, amount: 42.5 }, [CARD, CVV]), { n: '[CREDIT_CARD_1]', cvv: '[CARD_CVV_1]', amount: 42.5 });
  });

  it('keeps the last four and codes that merely contain the digits', () => {
    const out = retokenizeResult({ last4: '1111', code: 'ABC123', ok: true, note: 'cvv 123 checked' }, [CARD, CVV, { token: '[CARD_CVV_2]', value: '111' }]);
    assert.deepEqual(out, { last4: '1111', code: 'ABC123', ok: true, note: 'cvv [CARD_CVV_1] checked' });
  });

  it('never rewrites the digits inside a token it inserted or was given', () => {
    const out = retokenizeResult({ text: '4111111111111111 / [CREDIT_CARD_1] / 1' }, [CARD, { token: '[PIN_1]', value: '1' }]);
    assert.equal(out.text, '[CREDIT_CARD_1] / [CREDIT_CARD_1] / [PIN_1]');
  });

  it('matches words case-insensitively', () => {
    assert.deepEqual(retokenizeResult({ t: 'Born March Third, 1980' }, [{ token: '[DATE_OF_BIRTH_1]', value: 'march third, 1980' }]), { t: 'Born [DATE_OF_BIRTH_1]' });
  });
});

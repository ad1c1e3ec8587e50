import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abaValid, expiryShapeValid, luhnValid, nanpValid, ssnValid } from './validators.js';

describe('the validators', () => {
  it('accept a Luhn-valid card and refuse a mistyped one', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('4111111111111112'), false);
  });
  it('accept an ABA routing number with a good checksum and prefix', () => {
    assert.equal(abaValid('021000021'), true);
    assert.equal(abaValid('021000022'), false);
    assert.equal(abaValid('991000026'), false);
  });
  it('apply the SSA area, group and serial rules', () => {
    assert.equal(ssnValid('123456789'), true);
    for (const bad of ['000456789', '666456789', '912456789', '123006789', '123450000']) assert.equal(ssnValid(bad), false, bad);
  });
  it('accept card expiry shapes with a real month', () => {
    assert.equal(expiryShapeValid('0927'), true);
    assert.equal(expiryShapeValid('927'), true);
    assert.equal(expiryShapeValid('1327'), false);
  });
  it('accept NANP numbers whose area code and exchange start with 2–9', () => {
    assert.equal(nanpValid('5552345678'), true);
    assert.equal(nanpValid('15552345678'), true);
    assert.equal(nanpValid('0552345678'), false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONDITIONS } from './lexicons/medical-conditions.js';
import { MEDICATIONS } from './lexicons/medications.js';
import { recognizeMedical } from './recognizers/medical.js';
import { tokenize } from './tokenize.js';

const medical = (text: string): string[] => recognizeMedical(tokenize(text)).map((c) => text.slice(c.start, c.end));

describe('the medical lexicon', () => {
  it('holds hundreds of conditions and medications, each once', () => {
    assert.ok(CONDITIONS.length >= 300, `${CONDITIONS.length} conditions`);
    assert.ok(MEDICATIONS.length >= 600, `${MEDICATIONS.length} medications`);
    const all = [...CONDITIONS, ...MEDICATIONS];
    assert.deepEqual(all.filter((t, i) => all.indexOf(t) !== i), []);
    assert.deepEqual(all.filter((t) => t !== t.toLowerCase() || t !== t.trim()), []);
  });
});

describe('when a condition or medication is named', () => {
  const cases: [string, string[]][] = [
    ['the lamotrigine and my trulicity pens', ['lamotrigine', 'trulicity']],
    ['they found peripheral neuropathy and sleep apnea', ['peripheral neuropathy', 'sleep apnea']],
    ['my psoriatic arthritis is flaring, the otezla is not helping', ['psoriatic arthritis', 'otezla']],
    ['they changed me from carvedilol to metoprolol succinate', ['carvedilol', 'metoprolol succinate']],
    ['follow up for my congestive heart failure', ['congestive heart failure']],
    ["I'm allergic to penicillin and I take eliquis", ['penicillin', 'eliquis']],
    ['she takes januvia and losartan and started spiriva for her COPD', ['januvia', 'losartan', 'spiriva', 'COPD']],
    ['I have no insulin left', ['insulin']],
  ];
  for (const [text, terms] of cases) it(`finds ${terms.join(', ')}`, () => assert.deepEqual(medical(text), terms));
});

describe('when a word only looks medical', () => {
  const cases = ['Your x-ray came back, no fracture.', 'it was a stroke of luck', 'I need a lithium battery for the remote', 'I want to add that to the list', 'Ms. Lopez called'];
  for (const text of cases) it(`keeps "${text}" readable`, () => assert.deepEqual(medical(text), []));
});

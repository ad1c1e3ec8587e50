// The card-payment call with the card number and CVV keyed on the keypad (DTMF) instead of
// spoken: the digits are tokenized like speech, reach the payment tool, and are never stored —
// not in the transcript, not as tones in the recording, not in any file, log or live event.
// Recognition of the spoken turns is replaced by test/support/scripted-asr.ts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { decodeWav } from '../../src/audio/index.js';
import { runSimulatedCall, type SimulatedCallFixture } from '../support/call-fixture.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

const CARD = '4111111111111111';
const SPOKEN = ['it expires oh nine twenty eight', 'my social security number is one two three four five six seven eight nine', 'yes please'];

describe('a card payment keyed on the keypad (recognition replaced by a scripted recognizer)', { timeout: 180_000 }, () => {
  let f: SimulatedCallFixture;

  before(async () => {
    f = await runSimulatedCall({
      steps: [{ keypad: `${CARD}#` }, { say: SPOKEN[0] as string }, { keypad: '737#' }, { say: SPOKEN[1] as string }, { say: SPOKEN[2] as string }],
      overrides: { asr: createScriptedAsrProvider(SPOKEN) },
    });
  });

  after(async () => {
    await f?.close();
  });

  it('charges the real card number that was keyed', () => {
    const charges = f.sotto.pipeline.demoTools.payment.charges;
    assert.equal(charges.length, 1, f.live.join('\n'));
    assert.equal(charges[0]?.cardNumber, CARD);
    assert.equal(f.call.outcome, 'completed');
  });

  it('stores keypad entries as their type only', async () => {
    assert.ok(f.call.transcriptArtifactId);
    const transcript = JSON.parse((await f.read(f.call.transcriptArtifactId, 'transcript.view')).toString('utf8')) as { turns: { source: string; text: string }[] };
    const keyed = transcript.turns.filter((t) => t.source === 'keypad').map((t) => t.text);
    assert.deepEqual(keyed, ['[CREDIT_CARD]', '[CARD_CVV]']);
    const text = JSON.stringify(transcript);
    assert.ok(!text.includes(CARD) && !text.includes('737'));
    assert.equal(f.call.entityCounts.CREDIT_CARD, 1);
    assert.equal(f.call.entityCounts.CARD_CVV, 1);
  });

  it('silences the caller while keys are pressed (tones carry the digits)', async () => {
    assert.ok(f.call.recordingArtifactId && f.call.transcriptArtifactId);
    const transcript = JSON.parse((await f.read(f.call.transcriptArtifactId, 'transcript.view')).toString('utf8')) as { turns: { source: string; startMs: number; endMs: number }[] };
    const wav = decodeWav(await f.read(f.call.recordingArtifactId, 'recording.listen'));
    for (const turn of transcript.turns.filter((t) => t.source === 'keypad')) {
      for (let ms = turn.startMs; ms < turn.endMs; ms += 1) {
        assert.equal(wav.samples[Math.floor(ms * 8) * 2] ?? 0, 0, `caller audio at ${ms} ms during keypad entry`);
      }
    }
  });

  it('leaves the keyed digits in no file, log line or live event', async () => {
    for (const path of await f.files()) assert.equal((await readFile(path)).includes(CARD), false, path);
    assert.equal(f.logLines.join('').includes(CARD), false);
    assert.equal(f.live.join('').includes(CARD), false);
    assert.equal(f.logLines.join('').includes('"737"'), false);
  });
});

// The issue-5 acceptance call with every real component: the simulated caller (Flite's `rms`
// voice) pays by card over real TLS WebSockets, PocketSphinx recognizes it through the 8 kHz
// mu-law line, the card-payment agent collects the values as tokens, and the payment tool gets
// the real card. Then the stored recording, decrypted through the access gateway, is transcribed
// again with PocketSphinx: the card digits it heard in the caller's unredacted audio are gone.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { decodeWav, deinterleave, resample } from '../../src/audio/index.js';
import { createFliteTtsProvider, createPocketsphinxAsrProvider, type FliteTtsProvider } from '../../src/speech/index.js';
import { throughTelephone } from '../../src/speech/telephone-path.js';
import { runSimulatedCall, type SimulatedCallFixture } from '../support/call-fixture.js';
import { transcribe } from '../support/transcribe.js';

const CARD = '4111111111111111';
const CARD_LINE = 'my card number is four one one one one one one one one one one one one one one one';
const STEPS = [CARD_LINE, 'it expires oh nine twenty eight', 'the security code is seven three seven', 'my social security number is one two three four five six seven eight nine', 'yes please'];
const CARD_DIGIT_WORDS = new Set(['four', 'one', 'won', 'for']);
const VALUES = [CARD, '123456789', 'four one one one', 'seven three seven'];


describe('a spoken card payment with PocketSphinx and Flite, and its stored recording transcribed again', { timeout: 300_000 }, () => {
  let f: SimulatedCallFixture;
  let callerVoice: FliteTtsProvider;
  let asr: ReturnType<typeof createPocketsphinxAsrProvider>;

  before(async () => {
    callerVoice = createFliteTtsProvider({ libraries: { flite: 'libflite.so.1', voice: 'libflite_cmu_us_rms.so.1' } });
    asr = createPocketsphinxAsrProvider({ band: 'telephone' });
    f = await runSimulatedCall({ steps: STEPS.map((say) => ({ say })), callerVoice, timeoutMs: 240_000 });
  });

  after(async () => {
    await f?.close();
    await callerVoice?.close();
    await asr?.close();
  });

  it('completes the payment and the payment tool received the real card number', () => {
    const charges = f.sotto.pipeline.demoTools.payment.charges;
    assert.equal(charges.length, 1, f.live.join('\n'));
    assert.equal(charges[0]?.cardNumber, CARD);
    assert.deepEqual(f.call.subprocessors, ['flite', 'pocketsphinx']);
  });

  it('PocketSphinx hears the card digits in the unredacted caller audio, and none of them in the stored recording', async () => {
    const spoken = await callerVoice.synthesize(CARD_LINE);
    const unredacted = await transcribe(asr, throughTelephone(resample(spoken.samples, spoken.sampleRate, 16000), 16000));
    const heardBefore = unredacted.filter((w) => CARD_DIGIT_WORDS.has(w)).length;
    assert.ok(heardBefore >= 8, `the unredacted card line should be recognizable: heard ${unredacted.join(' ')}`);

    assert.ok(f.call.recordingArtifactId);
    const wav = decodeWav(await f.read(f.call.recordingArtifactId, 'recording.listen'));
    const [caller] = deinterleave(wav.samples, 2);
    assert.ok(caller);
    const stored = await transcribe(asr, resample(caller, wav.sampleRate, 16000));
    const heardAfter = stored.filter((w) => CARD_DIGIT_WORDS.has(w));
    assert.deepEqual(heardAfter, [], `the stored recording still says: ${stored.join(' ')}`);
  });

  it('stores no value in the transcript, any file, the log or a live event', async () => {
    assert.ok(f.call.transcriptArtifactId);
    const transcript = (await f.read(f.call.transcriptArtifactId, 'transcript.view')).toString('utf8');
    for (const value of VALUES) assert.equal(transcript.includes(value), false, `transcript: ${value.slice(0, 4)}…`);
    for (const path of await f.files()) {
      const bytes = await readFile(path);
      for (const value of [CARD, '123456789', 'four one one one']) assert.equal(bytes.includes(value), false, path);
    }
    for (const value of VALUES) {
      assert.equal(f.logLines.join('').includes(value), false, 'log');
      assert.equal(f.live.join('').includes(value), false, 'live event');
    }
  });
});

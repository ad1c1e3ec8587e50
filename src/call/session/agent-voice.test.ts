import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TtsProvider } from '../../speech/index.js';
import { AgentVoice } from './agent-voice.js';
import type { CallMedia } from './media-port.js';

// An in-memory media port and a synthesizer that returns one second of a tone (both REPLACE
// real components): the tests are about timing and barge-in, not about sound.
function fakes(): { media: CallMedia & { played: number; cleared: number }; tts: TtsProvider } {
  const media = {
    sampleRate: 8000,
    played: 0,
    cleared: 0,
    onFrame: () => undefined,
    onDigit: () => undefined,
    onMark: () => undefined,
    onHangup: () => undefined,
    onError: () => undefined,
    play() {
      media.played++;
    },
    clear() {
      media.cleared++;
    },
    hangup: () => undefined,
  };
  const tts: TtsProvider = {
    name: 'tone',
    subprocessor: { name: 'tone', kind: 'tts', local: true },
    synthesize: () => Promise.resolve({ sampleRate: 8000, samples: new Int16Array(8000).fill(1000) }),
    close: () => Promise.resolve(),
  };
  return { media, tts };
}

describe('AgentVoice (in-memory media port and tone synthesizer in place of real ones)', () => {
  it('queues replies one after another on the call timeline', async () => {
    const { media, tts } = fakes();
    const voice = new AgentVoice({ media, tts, maxDurationMs: 60_000 });
    assert.deepEqual(await voice.say('one', 0), { startMs: 0, endMs: 1000 });
    assert.deepEqual(await voice.say('two', 200), { startMs: 1000, endMs: 2000 });
    assert.deepEqual(await voice.say('three', 5000), { startMs: 5000, endMs: 6000 });
    assert.equal(media.played, 3);
  });

  it('clears the far end when the caller talks over the agent, and not after the agent finished', async () => {
    const { media, tts } = fakes();
    const voice = new AgentVoice({ media, tts, maxDurationMs: 60_000 });
    await voice.say('hello', 0);
    voice.bargeIn(1500);
    assert.equal(media.cleared, 0, 'the agent had finished at 1000 ms');
    await voice.say('a long answer', 2000);
    voice.bargeIn(2400);
    assert.equal(media.cleared, 1);
    assert.deepEqual(await voice.say('next', 2500), { startMs: 2500, endMs: 3500 }, 'after barge-in the next reply starts now');
  });

  it('resolves played() when the far end echoes the mark, even if the echo came first', async () => {
    const { media, tts } = fakes();
    const voice = new AgentVoice({ media, tts, maxDurationMs: 60_000 });
    await voice.say('bye', 0, 'end');
    voice.markReached('end');
    await voice.played('end', 60_000);
  });
});

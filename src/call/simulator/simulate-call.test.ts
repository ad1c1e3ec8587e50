import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import type { TtsProvider } from '../../speech/index.js';
import { simulateCall } from './simulate-call.js';

describe('simulateCall', () => {
  it('when given an API or session token instead of a stream token, refuses with USAGE before connecting', async () => {
    // Nothing listens on this port and no voice is needed: the refusal comes first.
    const unused = {} as TtsProvider;
    for (const token of [`sotto_t_${'a'.repeat(43)}`, `sotto_s_${'a'.repeat(43)}`, 'not-a-token']) {
      await assert.rejects(
        simulateCall({ url: 'wss://127.0.0.1:9/v1/media-stream', script: { steps: [], baseDir: '.' } as never, tts: unused, token }),
        (err: unknown) => isSottoError(err, 'USAGE') && /stream token/.test(err.message) && !err.message.includes(token),
      );
    }
  });
});

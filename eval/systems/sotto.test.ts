import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDetectModule } from './sotto.js';
import { SystemUnavailableError } from './types.js';

describe('when the detector module does not exist', () => {
  it('throws a SystemUnavailableError saying so, not a module-resolution crash', async () => {
    await assert.rejects(loadDetectModule(new URL('./no-such-detector/index.ts', import.meta.url)),
      (err: unknown) => err instanceof SystemUnavailableError && /does not exist yet/.test(err.message));
  });
});

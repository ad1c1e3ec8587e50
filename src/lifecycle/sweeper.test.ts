import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSottoError, SottoError } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { openLifecycleFixture } from './fixtures/lifecycle-fixture.js';
import type { SweepReport } from './retention-sweep.js';
import { startRetentionSweeper } from './sweeper.js';

describe('the in-process retention sweeper', () => {
  it('deletes expired data on its own schedule, and stop() ends it', async () => {
    const fx = await openLifecycleFixture();
    try {
      const id = await fx.put('acme', 'caller', 'export');
      fx.advanceDays(8);
      const sweeper = fx.lifecycle.startSweeper({ intervalMs: 50, firstDelayMs: 0 });
      const deadline = Date.now() + 5000;
      while ((await fx.store.artifacts.get(id))?.deletedAt === undefined && Date.now() < deadline) await sleep(10);
      await sweeper.stop();
      await assert.rejects(fx.read(id), (e: unknown) => isSottoError(e, 'ARTIFACT_NOT_FOUND'));
      // Stopped: data expiring from now on stays until someone sweeps.
      const later = await fx.put('acme', 'caller', 'export');
      fx.advanceDays(8);
      await sleep(200);
      assert.equal((await fx.store.artifacts.get(later))?.deletedAt, undefined);
    } finally {
      await fx.close();
    }
  });

  it('never runs two sweeps at once, and keeps going after a failed one (a stand-in sweep that fails once)', async () => {
    let running = 0;
    let overlap = false;
    let runs = 0;
    const sweep = async (): Promise<SweepReport> => {
      overlap ||= running > 0;
      running++;
      runs++;
      await sleep(30);
      running--;
      if (runs === 1) throw new SottoError('STORE_UNAVAILABLE', 'the metadata store is closed');
      return { runId: 'sweep_x', deleted: { recording: runs === 2 ? 1 : 0, transcript: 0, call_record: 0, export: 0 }, recovered: 0, walScrubbed: true };
    };
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const sweeper = startRetentionSweeper(sweep, { intervalMs: 1, firstDelayMs: 0, logger });
    await sleep(200);
    await sweeper.stop();
    const after = runs;
    await sleep(50);
    assert.equal(overlap, false);
    assert.ok(after >= 3, `only ${after} runs`);
    assert.equal(runs, after, 'a run started after stop()');
    // The failure is logged with its code; the next sweep's deletions are logged as counts.
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: { code?: string }; deleted?: Record<string, number> });
    assert.deepEqual(
      logged.map((l) => [l.msg, l.err?.code ?? l.deleted?.['recording']]),
      [
        ['retention sweep failed', 'STORE_UNAVAILABLE'],
        ['retention sweep deleted expired data', 1],
      ],
    );
  });
});

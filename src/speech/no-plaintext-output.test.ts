// DESIGN.md invariant 1: no plaintext conversation data on disk or in logs. PocketSphinx logs
// every hypothesis to stderr by default and Flite can write wave files; here a separate process
// speaks and recognizes a card number, and must leave nothing on stdout, stderr, its working
// directory or its temporary directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const script = `
import { openLocalSpeechProviders } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
const local = await openLocalSpeechProviders({ asr: { band: 'wide' } }); // Flite's wideband voice, as spoken
const speech = await local.tts.synthesize('my card number is four one one one one');
const stream = await local.asr.open();
const words = [];
const reading = (async () => { for await (const e of stream.events()) words.push(...e.words); })();
stream.write(speech.samples);
stream.write(new Int16Array(16000));
await stream.end();
await reading;
await local.close();
process.exitCode = words.some((w) => w.text === 'one') ? 0 : 3;
`;

describe('invariant 1: local speech writes no conversation content to output, logs or disk', () => {
  it('a process that speaks and recognizes a card number prints nothing and creates no files', async () => {
    const work = await mkdtemp(join(tmpdir(), 'sotto-speech-cwd-'));
    const temp = await mkdtemp(join(tmpdir(), 'sotto-speech-tmp-'));
    try {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
        cwd: work,
        // tsx would otherwise keep its transpile cache (source code, not call data) in TMPDIR.
        env: { ...process.env, TMPDIR: temp, TSX_DISABLE_CACHE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, `the child recognized the speech (stderr: ${stderr.slice(0, 500)})`);
      assert.equal(stdout, '');
      assert.equal(stderr, '');
      assert.deepEqual(await readdir(work), []);
      assert.deepEqual(await readdir(temp), []);
    } finally {
      await rm(work, { recursive: true, force: true });
      await rm(temp, { recursive: true, force: true });
    }
  });
});

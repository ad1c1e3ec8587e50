// A whole call over real TLS WebSockets: the simulator (Flite voice, mu-law, Twilio protocol)
// against `sotto serve`'s media endpoint, through the call session, the live detector, the
// card-payment agent and its payment tool, Flite for the agent's voice, and the vault. Only
// recognition is replaced (by test/support/scripted-asr.ts), so the test is about Sotto, not
// about PocketSphinx's accuracy.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import { decodeWav } from '../../src/audio/index.js';
import { parseCallerScript, simulateCall } from '../../src/call/simulator/index.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { startSottoServer, type SottoServer } from '../../src/server/sotto-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

const CARD = '4111111111111111';
const SPOKEN = {
  card: 'my card number is four one one one one one one one one one one one one one one one',
  expiry: 'it expires oh nine twenty eight',
  cvv: 'the security code is seven three seven',
  ssn: 'my social security number is one two three four five six seven eight nine',
  yes: 'yes please',
};
const SECRETS = [CARD, '4111 1111 1111 1111', '737', '123456789', '123-45-6789', 'seven three seven', 'four one one one one'];
// Three digits occur by chance in ciphertext; files are searched for the values long enough not to.
const LONG_SECRETS = SECRETS.filter((s) => s.length >= 9);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

describe('a simulated card-payment call (recognition replaced by a scripted recognizer)', { timeout: 180_000 }, () => {
  let dir: string;
  let rt: Runtime;
  let sotto: SottoServer;
  let call: CallRecord;
  const logLines: string[] = [];
  const live: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-call-'));
    const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'call-pipeline-test-master-secret-0123456789' } });
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } as never });
    rt = await openRuntime(config, logger, { createKeys: true });
    await rt.vault.subjects.ensureTenant('acme');
    const { token } = await rt.identity.createApiToken({ tenantId: 'acme', role: 'developer', name: 'simulator' } as never) as { token: string };
    sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0, overrides: { asr: createScriptedAsrProvider(Object.values(SPOKEN)) } });
    sotto.pipeline.service.live.on('event', (_id: string, event: unknown) => live.push(JSON.stringify(event)));
    const script = parseCallerScript(JSON.stringify({ agent: 'card-payment', from: '+15555550142', steps: Object.values(SPOKEN).map((say) => ({ say })) }), dir);
    const result = await simulateCall({
      url: sotto.mediaUrl.replace('127.0.0.1', 'localhost'),
      script,
      tts: sotto.pipeline.tts,
      token,
      ca: await readFile(join(dir, 'tls', 'cert.pem')),
      timeoutMs: 120_000,
    });
    assert.equal(result.endedByAgent, true, 'the agent hangs up after the payment');
    await sotto.pipeline.service.drain();
    const listed = await rt.calls.list({ tenantId: 'acme', limit: 5 });
    assert.equal(listed.calls.length, 1);
    call = listed.calls[0] as CallRecord;
  });

  after(async () => {
    await sotto?.close();
    await rt?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes the payment flow and the payment tool received the real card number', () => {
    const charges = sotto.pipeline.demoTools.payment.charges;
    assert.equal(charges.length, 1, live.join('\n'));
    assert.equal(charges[0]?.cardNumber, CARD);
    assert.equal(call.status, 'completed');
    assert.equal(call.outcome, 'completed');
  });

  it('keeps a call record with entity counts by type, subprocessors and no values', () => {
    for (const type of ['CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN']) assert.ok((call.entityCounts[type] ?? 0) >= 1, `${type} in ${JSON.stringify(call.entityCounts)}`);
    assert.deepEqual(call.subprocessors, ['flite', 'scripted-asr']);
    assert.match(call.subjectRef, /^[0-9a-f]{64}$/, 'the caller number is kept only as a keyed hash');
    assert.doesNotMatch(JSON.stringify(call), /5555550142/);
  });

  it('stores a redacted transcript without any of the values, read back through the access gateway', async () => {
    assert.ok(call.transcriptArtifactId);
    const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, 'transcript.view', call.transcriptArtifactId, CLI_CONTEXT);
    const text = (await readAll(read.body)).toString('utf8');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `the stored transcript contains ${secret.slice(0, 4)}…`);
    assert.match(text, /\[CREDIT_CARD\]/);
    assert.match(text, /\[US_SSN\]/);
  });

  it('stores a two-channel recording in which the caller is silent wherever a value was said', async () => {
    assert.ok(call.recordingArtifactId && call.transcriptArtifactId);
    const transcript = JSON.parse((await readAll((await rt.gateway.readArtifact(LOCAL_OPERATOR, 'transcript.view', call.transcriptArtifactId, CLI_CONTEXT)).body)).toString('utf8')) as {
      turns: { speaker: string; text: string; startMs: number; endMs: number }[];
    };
    const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, 'recording.listen', call.recordingArtifactId, CLI_CONTEXT);
    const wav = decodeWav(await readAll(read.body));
    assert.equal(wav.channels, 2);
    assert.equal(wav.sampleRate, 8000);
    const callerAt = (ms: number): number => wav.samples[Math.floor((ms * 8000) / 1000) * 2] ?? 0;
    const withValues = transcript.turns.filter((t) => t.speaker === 'caller' && /\[(CREDIT_CARD|CARD_EXPIRY|CARD_CVV|US_SSN)\]/.test(t.text));
    assert.equal(withValues.length, 4);
    for (const turn of withValues) {
      // The cue words ("my card number is") come first and stay audible; the value fills the
      // rest. The scripted recognizer spreads words evenly, so the value starts at this share.
      const cueWords = turn.text.slice(0, turn.text.indexOf('[')).trim().split(' ').length;
      const said = Object.values(SPOKEN).find((line) => line.startsWith(turn.text.slice(0, turn.text.indexOf('['))));
      assert.ok(said, turn.text);
      const from = turn.startMs + (cueWords / said.split(' ').length) * (turn.endMs - turn.startMs);
      let loud = 0;
      for (let ms = from; ms < turn.endMs; ms += 0.125) if (callerAt(ms) !== 0) loud++;
      assert.equal(loud, 0, `${turn.text}: caller audio left inside the value`);
    }
    let callerLoud = 0;
    for (let i = 0; i < wav.samples.length; i += 2) if (Math.abs(wav.samples[i] ?? 0) > 300) callerLoud++;
    assert.ok(callerLoud > 0, 'the caller\'s other words (cue words, "yes please") are kept');
  });

  it('leaves no value in any file under the data directory, nor in the log', async () => {
    for (const path of await filesUnder(dir)) {
      const bytes = await readFile(path);
      for (const secret of LONG_SECRETS) assert.equal(bytes.includes(secret), false, `${path} contains a value`);
    }
    const log = logLines.join('');
    for (const secret of SECRETS) assert.equal(log.includes(secret), false, 'a log line contains a value');
    for (const line of live) for (const secret of SECRETS) assert.equal(line.includes(secret), false, 'a live event contains a value');
  });

  it('wrote audit entries for the reads above', async () => {
    const size = await rt.audit.size();
    const entries = await rt.audit.entries({ from: 0, limit: size });
    assert.ok(entries.some((e) => e.entry.action === 'transcript.view' && e.entry.outcome === 'allowed'));
    assert.ok(entries.some((e) => e.entry.action === 'recording.listen' && e.entry.outcome === 'allowed'));
  });
});

// A stored call shaped as the call pipeline archives one (src/call/session/archive.ts): the
// redacted transcript with every entity masked, and the break-glass view that reveals a name but
// keeps the card number masked (ALWAYS_MASKED, PCI DSS 3.3.1). The console fixture's own
// unredacted transcript is a bare card number, which the pipeline never stores. Not a test file.
import type { CallRecord } from '../../../src/call/record/index.js';
import { randomId } from '../../../src/crypto/index.js';
import type { Runtime } from '../../../src/runtime/index.js';
import { fixtureWav, TENANT } from './console-fixture.js';

/** The value only the break-glass view shows (a made-up name). */
export const REVEALED_NAME = 'Dana Whitfield';

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function seedBreakGlassCall(runtime: Runtime): Promise<string> {
  const callId = randomId('call');
  const subjectId = 'break-glass-test-caller';
  const startedAt = new Date(Date.now() - 30_000).toISOString();
  const document = (view: 'redacted' | 'break-glass', name: string) =>
    Buffer.from(JSON.stringify({
      format: 'sotto.transcript/1', callId, agent: 'payments', startedAt, view,
      turns: [
        { speaker: 'agent', source: 'agent', startMs: 0, endMs: 900, text: 'Who am I speaking with?', entities: [] },
        {
          speaker: 'caller', source: 'speech', startMs: 1000, endMs: 1800, text: `${name}, card [CREDIT_CARD]`,
          entities: [
            ...(name.startsWith('[') ? [{ type: 'PERSON_NAME', start: 0, end: name.length }] : []),
            { type: 'CREDIT_CARD', start: name.length + 7, end: name.length + 20 },
          ],
        },
      ],
    }));
  const put = (kind: string, body: Buffer) => runtime.vault.put({ tenantId: TENANT, subjectId, kind, body: once(body) });
  // The redacted transcript first: it creates the subject key the other two then use.
  const transcript = await put('transcript', document('redacted', '[PERSON_NAME]'));
  const recording = await put('recording', fixtureWav());
  const unredacted = await put('transcript', document('break-glass', REVEALED_NAME));
  const record: CallRecord = {
    id: callId, tenantId: TENANT, subjectRef: await runtime.vault.subjects.subjectRef(TENANT, subjectId),
    agent: 'payments', channel: 'simulated', status: 'completed', failureReason: undefined,
    startedAt, endedAt: new Date(Date.parse(startedAt) + 3_000).toISOString(),
    recordingArtifactId: recording.id, transcriptArtifactId: transcript.id, unredactedTranscriptArtifactId: unredacted.id,
    entityTypes: ['CREDIT_CARD', 'PERSON_NAME'], entityCounts: { CREDIT_CARD: 1, PERSON_NAME: 1 },
    subprocessors: ['pocketsphinx', 'flite'], region: 'local', outcome: 'completed',
  };
  await runtime.calls.create(record);
  return callId;
}

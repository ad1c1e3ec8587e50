import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import type { LiveEvent, TranscriptDocument } from '../../call/index.js';
import { loadCallerScript, simulateCall } from '../../call/simulator/index.js';
import { issueStreamToken } from '../../call/stream-tokens/index.js';
import { SottoError } from '../../errors/index.js';
import type { Runtime } from '../../runtime/index.js';
import { startSottoServer } from '../../server/sotto-server.js';
import { createFliteTtsProvider } from '../../speech/index.js';
import type { CommandContext } from '../context.js';
import { printResult } from '../output.js';

export const DEMO_TENANT = 'demo';
const DEMO_SCRIPT = fileURLToPath(new URL('../../../scripts/calls/card-payment.yaml', import.meta.url));

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/**
 * `sotto demo`: a real server on a free port, a scripted caller (Flite's voice) paying by card
 * over the Twilio protocol, and then what Sotto kept — read back through the access gateway,
 * so the demo's own reads appear in the audit log it prints.
 */
export async function runDemo(rt: Runtime, ctx: CommandContext): Promise<void> {
  const say = (line: string): void => {
    if (!ctx.json) process.stdout.write(`${line}\n`);
  };
  await rt.vault.subjects.ensureTenant(DEMO_TENANT);
  const auditBefore = await rt.audit.size();
  say('Starting Sotto (HTTPS and media streams on a free port; speech: PocketSphinx and Flite, on this machine)…');
  const sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0 });
  try {
    say(`Calling the card-payment agent at ${sotto.mediaUrl} over TLS, as a scripted caller:\n`);
    sotto.pipeline.service.live.watchAll((_callId, event: LiveEvent) => {
      if (event.type === 'agent') say(`  agent : ${event.text}`);
      else if (event.type === 'caller' && event.final) say(`  caller: ${event.text}`);
      else if (event.type === 'keypad') say(`  caller: (keypad: ${event.entityType ?? 'digits'})`);
    }, { partials: false });
    // The call connects with a one-time stream token, minted as any operator would (`sotto calls
    // stream-token`): an audited call.connect, and the token admits this one stream only.
    const { token } = await issueStreamToken(rt, LOCAL_OPERATOR, { tenantId: DEMO_TENANT, agent: 'card-payment' }, CLI_CONTEXT);
    // The caller speaks with another Flite voice than the agent (rms, a male voice), as two people would.
    const callerVoice = createFliteTtsProvider({ libraries: { flite: 'libflite.so.1', voice: 'libflite_cmu_us_rms.so.1' } });
    const simulated = await simulateCall({
      url: sotto.mediaUrl.replace('127.0.0.1', 'localhost'),
      script: await loadCallerScript(DEMO_SCRIPT),
      tts: callerVoice,
      token,
      ca: await readFile(join(rt.config.dataDir, 'tls', 'cert.pem')),
      timeoutMs: 180_000,
    }).finally(() => callerVoice.close());
    await sotto.pipeline.service.drain();
    const [call] = (await rt.calls.list({ tenantId: DEMO_TENANT, limit: 1 })).calls;
    if (!call) throw new SottoError('CALL_FAILED', 'the demo call left no call record');
    const charges = sotto.pipeline.demoTools.payment.charges.filter((c) => c.callId === call.id);
    say(`\nThe call ended (${simulated.endedByAgent ? 'the agent hung up' : 'the caller hung up'}): status ${call.status}, outcome ${call.outcome ?? '-'}.`);
    say(charges.length > 0
      ? `The payment tool received the real card number and approved the charge (confirmation ${charges[0]?.confirmationCode ?? '?'}); nothing else did.`
      : 'No payment was taken (the agent could not collect valid card details).');
    say(`\nCall record ${call.id} (no content): entities ${JSON.stringify(call.entityCounts)}, subprocessors ${call.subprocessors.join(', ')}, region ${call.region}.`);
    let turns: TranscriptDocument['turns'] = [];
    if (call.transcriptArtifactId) {
      const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, 'transcript.view', call.transcriptArtifactId, CLI_CONTEXT);
      turns = (JSON.parse((await readAll(read.body)).toString('utf8')) as TranscriptDocument).turns;
      say('\nThe stored transcript (encrypted in the vault; read back through the access gateway):');
      for (const turn of turns) say(`  ${turn.speaker.padEnd(6)}: ${turn.text}`);
    }
    say(`\nThe redacted recording (WAV; caller left, agent right; the caller is silent over every value):`);
    say(`  sotto calls export ${call.id} --out ./demo-export${ctx.config.dataDir === join(process.cwd(), 'data') ? '' : ` --data ${ctx.config.dataDir}`}`);
    say(`  or GET ${sotto.server.url}/v1/calls/${call.id}/recording with an API token (Range requests supported)`);
    const size = await rt.audit.size();
    const entries = size > auditBefore ? await rt.audit.entries({ from: auditBefore, limit: size - auditBefore }) : [];
    say('\nAudit entries this demo produced (tamper-evident log; ids and keyed hashes only):');
    for (const { index, entry } of entries) {
      say(`  ${index} ${entry.outcome.padEnd(7)} ${entry.action} by ${entry.principal.kind}:${entry.principal.id} on ${entry.resource.type}:${entry.resource.id ?? '-'} (${entry.reason})`);
    }
    say(`\nVerify the whole log with: sotto audit verify`);
    printResult(ctx.json, { callId: call.id, status: call.status, outcome: call.outcome, charged: charges.length > 0, entityCounts: call.entityCounts, transcript: turns, auditEntries: entries.length }, '');
  } finally {
    await sotto.close();
  }
}

import type { Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SottoError } from '../../errors/index.js';
import { issueStreamToken } from '../../call/stream-tokens/index.js';
import { commandContext, withRuntime } from '../context.js';
import { writeAtomically } from '../files.js';
import { printResult } from '../output.js';

export function registerCallsCommands(program: Command): void {
  const calls = program.command('calls').description('call records (metadata; content is read through `vault get` or the API)');

  calls
    .command('list')
    .description('list calls, newest first (an audited call.view per tenant)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--limit <n>', 'at most this many per tenant', (v) => Number.parseInt(v, 10), 50)
    .action(async (options: { tenant?: string; limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const rows = await withRuntime(ctx, false, async (rt) => {
        const tenants = options.tenant ? [options.tenant] : (await rt.store.tenants.list()).map((t) => t.id);
        const found = [];
        for (const tenantId of tenants) {
          await rt.gateway.require(LOCAL_OPERATOR, 'call.view', { type: 'tenant', id: tenantId, tenantId }, CLI_CONTEXT);
          const page = await rt.calls.list({ tenantId, limit: options.limit });
          found.push(...page.calls.map(({ subjectRef: _s, ...call }) => call));
        }
        return found;
      });
      const text = rows.map((c) => `${c.id} ${c.tenantId} ${c.startedAt} ${c.status} ${c.agent} [${c.entityTypes.join(',')}]`).join('\n');
      printResult(ctx.json, { calls: rows }, text || '(no calls)');
    });

  calls
    .command('stream-token')
    .description('mint a one-time token a media stream (a call) connects with: default 5 minutes, at most 1 hour (an audited call.connect)')
    .requiredOption('--tenant <tenant>', 'the tenant the call belongs to')
    .option('--agent <name>', 'bind the call to this agent')
    .option('--ttl <seconds>', 'lifetime in seconds (1-3600; default 300)', (v) => parseSeconds(v))
    .action(async (options: { tenant: string; agent?: string; ttl?: number }, command: Command) => {
      const ctx = commandContext(command);
      const minted = await withRuntime(ctx, false, (rt) =>
        issueStreamToken(
          { gateway: rt.gateway, streamTokens: rt.streamTokens },
          LOCAL_OPERATOR,
          { tenantId: options.tenant, ...(options.agent === undefined ? {} : { agent: options.agent }), ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }) },
          CLI_CONTEXT,
        ),
      );
      // The token is printed once and stored nowhere but as its hash.
      printResult(ctx.json, { token: minted.token, tenantId: minted.tenantId, agent: minted.agent ?? null, expiresAt: minted.expiresAt }, `${minted.token}\n(one use, expires ${minted.expiresAt}; connect to wss://HOST:PORT/v1/media-stream/<token>)`);
    });

  calls
    .command('export')
    .description('write a call\'s redacted transcript (JSON) and redacted recording (WAV) to a directory (an audited call.export)')
    .argument('<id>', 'call id')
    .requiredOption('--out <dir>', 'directory to write transcript.json and recording.wav into (created if missing)')
    .action(async (id: string, options: { out: string }, command: Command) => {
      const ctx = commandContext(command);
      const written = await withRuntime(ctx, false, async (rt) => {
        const call = await rt.calls.get(id);
        if (!call) {
          // The id is typed by a person: it is not echoed into the audit log (it could be anything).
          await rt.gateway.record(LOCAL_OPERATOR, 'call.export', { type: 'call', id: '(unknown)', tenantId: null }, 'denied', 'not found', CLI_CONTEXT);
          throw new SottoError('NOT_FOUND', 'no such call');
        }
        const resource = { type: 'call' as const, id: call.id, tenantId: call.tenantId, subjectRef: call.subjectRef };
        if (!call.transcriptArtifactId && !call.recordingArtifactId) throw new SottoError('CALL_RECORDING_MISSING', 'the call has no stored recording or transcript');
        await mkdir(options.out, { recursive: true, mode: 0o700 });
        const files: string[] = [];
        for (const [artifactId, name] of [[call.transcriptArtifactId, 'transcript.json'], [call.recordingArtifactId, 'recording.wav']] as const) {
          if (!artifactId) continue;
          const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, 'call.export', artifactId, CLI_CONTEXT, { resource });
          const path = join(options.out, name);
          await writeAtomically(path, read.body);
          files.push(path);
        }
        return files;
      });
      printResult(ctx.json, { id, files: written }, written.map((f) => `wrote ${f}`).join('\n'));
    });
}

function parseSeconds(value: string): number {
  if (!/^[0-9]{1,5}$/.test(value)) throw new SottoError('USAGE', '--ttl must be a whole number of seconds');
  return Number(value);
}

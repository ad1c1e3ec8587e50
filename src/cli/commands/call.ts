import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { LiveEvent } from '../../call/index.js';
import { commandContext } from '../context.js';
import { printResult } from '../output.js';

export function registerCallCommands(program: Command): void {
  const call = program.command('call').description('place test calls');
  call
    .command('simulate')
    .description('play a scripted caller against a server over the Twilio Media Streams protocol')
    .requiredOption('--url <url>', 'wss://host:port/v1/media-stream')
    .requiredOption('--script <file>', 'caller script (YAML or JSON)')
    .option('--token <token>', 'a one-time stream token (sotto_m_…, from `sotto calls stream-token`; or env SOTTO_STREAM_TOKEN); an API token is not one')
    .option('--ca <file>', 'PEM certificate to trust (e.g. <data>/tls/cert.pem of a local server)')
    .option('--insecure-tls', 'accept any server certificate (development only)')
    .option('--follow', 'print the server’s own live, redacted transcript (needs env SOTTO_API_TOKEN with transcript.view)')
    .action(async (options: { url: string; script: string; token?: string; ca?: string; insecureTls?: boolean; follow?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      // An API token is long-lived: from the environment only, never argv (process lists, shell history).
      const apiToken = process.env.SOTTO_API_TOKEN;
      if (options.follow === true && !apiToken) command.error('--follow needs env SOTTO_API_TOKEN', { exitCode: 2 });
      const { followLiveTranscript, loadCallerScript, simulateCall } = await import('../../call/simulator/index.js');
      const { randomBytes } = await import('../../crypto/index.js');
      const { createFliteTtsProvider } = await import('../../speech/index.js');
      const script = await loadCallerScript(options.script);
      const tts = createFliteTtsProvider();
      const print = (speaker: string, text: string): void => {
        if (!ctx.json) process.stdout.write(`${speaker.padEnd(6)}: ${text}\n`);
      };
      try {
        const token = options.token ?? process.env.SOTTO_STREAM_TOKEN;
        const ca = options.ca ? await readFile(options.ca) : undefined;
        const callSid = `CA${randomBytes(16).toString('hex')}`;
        // Following: the server's transcript (what it heard, redacted by it) replaces the script's own lines.
        const follower =
          options.follow === true && apiToken
            ? followLiveTranscript({ mediaUrl: options.url, apiToken, carrierCallId: callSid, ca, insecureTls: options.insecureTls, onEvent: (e) => printLive(print, e) })
            : undefined;
        const result = await simulateCall({
          url: options.url,
          script,
          tts,
          callSid,
          ...(token ? { token } : {}),
          ...(ca ? { ca } : {}),
          insecureTls: options.insecureTls === true,
          ...(follower ? {} : { onLine: (line: { speaker: string; text: string }) => print(line.speaker, line.text) }),
        });
        if (follower) await Promise.race([follower.done, new Promise((resolve) => setTimeout(resolve, 10_000))]).finally(() => follower.stop());
        printResult(ctx.json, result, result.endedByAgent ? 'the agent ended the call' : 'the caller hung up');
      } finally {
        await tts.close();
      }
    });
}

function printLive(print: (speaker: string, text: string) => void, event: LiveEvent): void {
  if (event.type === 'agent') print('agent', event.text);
  else if (event.type === 'caller' && event.final) print('caller', event.text);
  else if (event.type === 'keypad') print('caller', `(keypad: ${event.entityType ?? 'digits'})`);
  else if (event.type === 'ended') print('server', `call ${event.status}${event.reason ? ` (${event.reason})` : ''}`);
}

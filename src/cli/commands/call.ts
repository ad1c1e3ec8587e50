import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { printResult } from '../output.js';

export function registerCallCommands(program: Command): void {
  const call = program.command('call').description('place test calls');
  call
    .command('simulate')
    .description('play a scripted caller against a server over the Twilio Media Streams protocol')
    .requiredOption('--url <url>', 'wss://host:port/v1/media-stream')
    .requiredOption('--script <file>', 'caller script (YAML or JSON)')
    .option('--token <token>', 'an API token of the tenant the call belongs to (or env SOTTO_STREAM_TOKEN)')
    .option('--ca <file>', 'PEM certificate to trust (e.g. <data>/tls/cert.pem of a local server)')
    .option('--insecure-tls', 'accept any server certificate (development only)')
    .action(async (options: { url: string; script: string; token?: string; ca?: string; insecureTls?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const { loadCallerScript, simulateCall } = await import('../../call/simulator/index.js');
      const { createFliteTtsProvider } = await import('../../speech/index.js');
      const script = await loadCallerScript(options.script);
      const tts = createFliteTtsProvider();
      try {
        const token = options.token ?? process.env.SOTTO_STREAM_TOKEN;
        const result = await simulateCall({
          url: options.url,
          script,
          tts,
          ...(token ? { token } : {}),
          ...(options.ca ? { ca: await readFile(options.ca) } : {}),
          insecureTls: options.insecureTls === true,
          onLine: (line) => {
            if (!ctx.json) process.stdout.write(`${line.speaker.padEnd(6)}: ${line.text}\n`);
          },
        });
        printResult(ctx.json, result, result.endedByAgent ? 'the agent ended the call' : 'the caller hung up');
      } finally {
        await tts.close();
      }
    });
}
